package account

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/store"
)

// TokenPrefix marks knead's API tokens, so a leaked one is easy to find.
const TokenPrefix = "knead_"

// IssuedToken is a new API token; the secret is shown once and never stored.
type IssuedToken struct {
	Token     string
	ExpiresAt time.Time
}

// CreateToken signs in and issues an API token.
func (s *Service) CreateToken(ctx context.Context, email, password, address string) (IssuedToken, error) {
	u, err := s.SignIn(ctx, email, password, address)
	if err != nil {
		return IssuedToken{}, err
	}
	secret, hash := newSecret(TokenPrefix)
	now := s.now()
	expires := now.Add(TokenLifetime)
	if _, err := store.InsertAPIToken(ctx, s.db.W(), u.ID, hash, now, expires); err != nil {
		return IssuedToken{}, err
	}
	return IssuedToken{Token: secret, ExpiresAt: expires}, nil
}

// ErrBadToken answers a bearer token that does not work.
var ErrBadToken = apperr.ErrUnauthenticated.With("The token is not valid, has expired or was revoked.")

// Authenticate resolves a bearer token to its account.
func (s *Service) Authenticate(ctx context.Context, token string) (*authz.Principal, error) {
	if !strings.HasPrefix(token, TokenPrefix) || len(token) > 128 {
		return nil, ErrBadToken
	}
	u, id, err := store.UserByAPIToken(ctx, s.db.R(), hashSecret(token), s.now())
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrBadToken
	}
	if err != nil {
		return nil, err
	}
	return userFrom(u).Principal(id), nil
}

// RevokeToken makes a token stop working at once.
func (s *Service) RevokeToken(ctx context.Context, tokenID int64) error {
	return notFound(store.RevokeAPIToken(ctx, s.db.W(), tokenID, s.now()))
}
