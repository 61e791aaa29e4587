package account

import (
	"context"
	"errors"
	"strings"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/store"
)

func equalFold(a, b string) bool { return strings.EqualFold(a, b) }

// checkCurrentPassword verifies the password a change is confirmed with.
func (s *Service) checkCurrentPassword(ctx context.Context, u store.User, password string) error {
	ok, _, err := s.hasher.Verify(ctx, password, u.PasswordHash)
	if err != nil && !errors.Is(err, ErrBadHash) {
		return err
	}
	if !ok {
		return apperr.Fields{"current_password": "That is not your current password."}.Err()
	}
	return nil
}

// ChangePassword replaces the password after checking the current one.
func (s *Service) ChangePassword(ctx context.Context, userID int64, current, next string) error {
	u, err := store.UserByID(ctx, s.db.R(), userID)
	if err != nil {
		return notFound(err)
	}
	if err := s.checkCurrentPassword(ctx, u, current); err != nil {
		return err
	}
	f := apperr.Fields{}
	checkPassword(f, "new_password", next, u.Email)
	if err := f.Err(); err != nil {
		return err
	}
	hash, err := s.hasher.Hash(ctx, next)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx db.Tx) error {
		if err := store.SetPasswordHash(ctx, tx, userID, hash); err != nil {
			return err
		}
		return store.RevokeAllAPITokens(ctx, tx, userID, s.now())
	})
}

// ChangeEmail sends a verification link to the new address; the account
// switches to it when the link is followed.
func (s *Service) ChangeEmail(ctx context.Context, userID int64, password, email string) error {
	email = normalizeEmail(email)
	u, err := store.UserByID(ctx, s.db.R(), userID)
	if err != nil {
		return notFound(err)
	}
	if err := s.checkCurrentPassword(ctx, u, password); err != nil {
		return err
	}
	f := apperr.Fields{}
	checkEmail(f, "email", email)
	f.Check(!equalFold(email, u.Email), "email", "This is already your email address.")
	if err := f.Err(); err != nil {
		return err
	}
	if _, err := store.UserByEmail(ctx, s.db.R(), email); err == nil {
		return apperr.ErrEmailTaken.With("Another account uses this email address.")
	}
	return s.db.InTx(ctx, func(tx db.Tx) error { return s.sendVerification(ctx, tx, u, email) })
}

// UpdateSettings changes the name and time zone.
func (s *Service) UpdateSettings(ctx context.Context, userID int64, name, timeZone string) (User, error) {
	name = strings.TrimSpace(name)
	f := apperr.Fields{}
	checkName(f, name)
	checkTimeZone(f, timeZone)
	if err := f.Err(); err != nil {
		return User{}, err
	}
	if err := store.SetProfileBasics(ctx, s.db.W(), userID, name, timeZone); err != nil {
		return User{}, notFound(err)
	}
	return s.Me(ctx, userID)
}
