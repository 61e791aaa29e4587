package account

import (
	"context"
	"errors"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/store"
)

// SignUpInput is what a person gives to open an account.
type SignUpInput struct {
	Email    string
	Password string
	Name     string
	Role     string // client or therapist; admins are made with `knead user add`
	TimeZone string // IANA; UTC when empty
}

// SignUp opens an account and sends the email-verification link. The account
// works at once; verification is not required to book.
func (s *Service) SignUp(ctx context.Context, in SignUpInput) (User, error) {
	in.Email = normalizeEmail(in.Email)
	if in.TimeZone == "" {
		in.TimeZone = "UTC"
	}
	f := apperr.Fields{}
	checkEmail(f, "email", in.Email)
	checkPassword(f, "password", in.Password, in.Email)
	checkName(f, in.Name)
	f.Check(in.Role == "client" || in.Role == "therapist", "role", "Choose client or therapist.")
	checkTimeZone(f, in.TimeZone)
	if err := f.Err(); err != nil {
		return User{}, err
	}
	return s.create(ctx, in)
}

// CreateAdmin makes a site admin (from the command line, never the web).
func (s *Service) CreateAdmin(ctx context.Context, email, name, password string) (User, error) {
	in := SignUpInput{Email: normalizeEmail(email), Name: name, Password: password, Role: "admin", TimeZone: "UTC"}
	f := apperr.Fields{}
	checkEmail(f, "email", in.Email)
	checkPassword(f, "password", in.Password, in.Email)
	checkName(f, in.Name)
	if err := f.Err(); err != nil {
		return User{}, err
	}
	return s.create(ctx, in)
}

func (s *Service) create(ctx context.Context, in SignUpInput) (User, error) {
	hash, err := s.hasher.Hash(ctx, in.Password)
	if err != nil {
		return User{}, err
	}
	var u store.User
	err = s.db.InTx(ctx, func(tx db.Tx) error {
		now := s.now()
		id, err := store.InsertUser(ctx, tx, store.NewUser{Email: in.Email, Name: in.Name, Role: in.Role,
			PasswordHash: hash, TimeZone: in.TimeZone, CreatedAt: now})
		if db.IsUnique(err) {
			return apperr.ErrEmailTaken.With("An account with this email address already exists. Sign in, or reset your password.")
		}
		if err != nil {
			return err
		}
		if u, err = store.UserByID(ctx, tx, id); err != nil {
			return err
		}
		return s.sendVerification(ctx, tx, u, u.Email)
	})
	if err != nil {
		return User{}, err
	}
	return userFrom(u), nil
}

// notFound turns the store's not-found into the API's.
func notFound(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return apperr.ErrNotFound.With("")
	}
	return err
}
