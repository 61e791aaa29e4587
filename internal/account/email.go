package account

import (
	"context"
	"errors"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/notify"
	"github.com/knead/knead/internal/store"
)

const (
	purposeVerify = "verify_email"
	purposeReset  = "reset_password"
)

// ErrLinkInvalid is a one-time link that is unknown, used or expired.
var ErrLinkInvalid = apperr.ErrNotFound.With("This link has expired or was already used. Ask for a new one.")

// sendVerification records a link proving address belongs to u; after an
// email change, address is the new one.
func (s *Service) sendVerification(ctx context.Context, q db.Querier, u store.User, address string) error {
	secret, hash := newSecret("")
	now := s.now()
	if err := store.InsertAccountToken(ctx, q, store.AccountToken{UserID: u.ID, Purpose: purposeVerify, Email: address,
		ExpiresAt: now.Add(VerifyLifetime)}, hash, now); err != nil {
		return err
	}
	return s.mail.Queue(ctx, q, notify.Message{To: address, ToName: u.Name, Kind: purposeVerify,
		Subject: "Confirm your email address for knead",
		Data:    map[string]any{"Name": u.Name, "Link": s.baseURL + "/verify-email?token=" + secret, "Hours": int(VerifyLifetime.Hours())}})
}

// ResendVerification sends a fresh link to the account's current address.
func (s *Service) ResendVerification(ctx context.Context, userID int64) error {
	return s.db.InTx(ctx, func(tx db.Tx) error {
		u, err := store.UserByID(ctx, tx, userID)
		if err != nil {
			return notFound(err)
		}
		return s.sendVerification(ctx, tx, u, u.Email)
	})
}

// VerifyEmail uses a verification link. After an email change the account
// takes the new address now that it is proven.
func (s *Service) VerifyEmail(ctx context.Context, secret string) (User, error) {
	var u store.User
	err := s.db.InTx(ctx, func(tx db.Tx) error {
		now := s.now()
		t, err := store.UseAccountToken(ctx, tx, purposeVerify, hashSecret(secret), now)
		if errors.Is(err, store.ErrNotFound) {
			return ErrLinkInvalid
		}
		if err != nil {
			return err
		}
		if u, err = store.UserByID(ctx, tx, t.UserID); err != nil {
			return notFound(err)
		}
		if !equalFold(u.Email, t.Email) {
			if err := store.SetEmail(ctx, tx, u.ID, t.Email); db.IsUnique(err) {
				return apperr.ErrEmailTaken.With("Another account now uses this email address.")
			} else if err != nil {
				return err
			}
		}
		if err := store.MarkEmailVerified(ctx, tx, u.ID, t.Email, now); err != nil {
			return err
		}
		u, err = store.UserByID(ctx, tx, u.ID)
		return err
	})
	if err != nil {
		return User{}, err
	}
	return userFrom(u), nil
}

// RequestPasswordReset sends a reset link when the address has an account.
// It answers the same either way, so it does not tell who has an account.
func (s *Service) RequestPasswordReset(ctx context.Context, email string) error {
	return s.db.InTx(ctx, func(tx db.Tx) error {
		u, err := store.UserByEmail(ctx, tx, normalizeEmail(email))
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		secret, hash := newSecret("")
		now := s.now()
		if err := store.InsertAccountToken(ctx, tx, store.AccountToken{UserID: u.ID, Purpose: purposeReset, Email: u.Email,
			ExpiresAt: now.Add(ResetLifetime)}, hash, now); err != nil {
			return err
		}
		return s.mail.Queue(ctx, tx, notify.Message{To: u.Email, ToName: u.Name, Kind: purposeReset,
			Subject: "Reset your knead password",
			Data:    map[string]any{"Name": u.Name, "Link": s.baseURL + "/reset-password?token=" + secret, "Hours": int(ResetLifetime.Hours())}})
	})
}

// ResetPassword sets a new password through a reset link. Following the
// link also proves the address.
func (s *Service) ResetPassword(ctx context.Context, secret, password string) (User, error) {
	var u store.User
	f := apperr.Fields{}
	checkPassword(f, "password", password, "")
	if err := f.Err(); err != nil {
		return User{}, err
	}
	hash, err := s.hasher.Hash(ctx, password)
	if err != nil {
		return User{}, err
	}
	err = s.db.InTx(ctx, func(tx db.Tx) error {
		now := s.now()
		t, err := store.UseAccountToken(ctx, tx, purposeReset, hashSecret(secret), now)
		if errors.Is(err, store.ErrNotFound) {
			return ErrLinkInvalid
		}
		if err != nil {
			return err
		}
		if err := store.SetPasswordHash(ctx, tx, t.UserID, hash); err != nil {
			return err
		}
		if err := store.RevokeAllAPITokens(ctx, tx, t.UserID, now); err != nil {
			return err
		}
		_ = store.MarkEmailVerified(ctx, tx, t.UserID, t.Email, now) // the address may have changed since
		u, err = store.UserByID(ctx, tx, t.UserID)
		return err
	})
	if err != nil {
		return User{}, err
	}
	return userFrom(u), nil
}
