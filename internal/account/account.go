package account

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"log/slog"
	"time"

	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/notify"
	"github.com/knead/knead/internal/store"
)

// User is an account as the rest of knead sees it: never its password hash.
type User struct {
	ID            int64
	Email         string
	Name          string
	Role          string
	EmailVerified bool
	TimeZone      string
	CreatedAt     time.Time
}

func userFrom(u store.User) User {
	return User{ID: u.ID, Email: u.Email, Name: u.Name, Role: u.Role, EmailVerified: u.EmailVerifiedAt != nil,
		TimeZone: u.TimeZone, CreatedAt: u.CreatedAt}
}

// Principal is the user as an authorisation subject.
func (u User) Principal(tokenID int64) *authz.Principal {
	return &authz.Principal{UserID: u.ID, Role: u.Role, Name: u.Name, Email: u.Email,
		EmailVerified: u.EmailVerified, TimeZone: u.TimeZone, TokenID: tokenID}
}

// Lifetimes of the secrets knead hands out.
const (
	TokenLifetime  = 30 * 24 * time.Hour // API tokens (API.md)
	VerifyLifetime = 48 * time.Hour
	ResetLifetime  = 2 * time.Hour
)

// Service runs sign-up, sign-in, email proofs, password changes and tokens.
type Service struct {
	db      *db.DB
	hasher  *Hasher
	mail    *notify.Mailer
	now     func() time.Time
	baseURL string
	log     *slog.Logger
	dummy   string // a hash to verify against for unknown emails, so timing does not tell
}

// NewService builds the account service.
func NewService(d *db.DB, h *Hasher, mail *notify.Mailer, now func() time.Time, baseURL string, log *slog.Logger) (*Service, error) {
	dummy, err := h.Hash(context.Background(), "knead-no-such-account")
	if err != nil {
		return nil, err
	}
	return &Service{db: d, hasher: h, mail: mail, now: now, baseURL: baseURL, log: log, dummy: dummy}, nil
}

// Me reads the caller's account.
func (s *Service) Me(ctx context.Context, id int64) (User, error) {
	u, err := store.UserByID(ctx, s.db.R(), id)
	if err != nil {
		return User{}, notFound(err)
	}
	return userFrom(u), nil
}

// newSecret returns a random URL-safe secret and the SHA-256 that is stored.
func newSecret(prefix string) (secret, hash string) {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	secret = prefix + base64.RawURLEncoding.EncodeToString(b)
	return secret, hashSecret(secret)
}

func hashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}
