package account

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/store"
)

// The sign-in throttle (API.md): after ThrottleLimit failures within
// ThrottleWindow for one email or one address, further attempts wait a
// back-off that doubles with each failure, up to ThrottleWindow. Failures age
// out of the window, so no lock is ever permanent; the state is in the
// database, so it holds across several servers.
const (
	ThrottleLimit  = 5
	ThrottleWindow = 15 * time.Minute
	firstBackoff   = time.Minute
)

// ErrBadCredentials is one answer for an unknown email and a wrong password.
var ErrBadCredentials = apperr.ErrUnauthenticated.With("The email address or password is not right.")

// backoff is how long to wait after the last of n failures.
func backoff(n int) time.Duration {
	if n < ThrottleLimit {
		return 0
	}
	d := firstBackoff << min(n-ThrottleLimit, 10)
	return min(d, ThrottleWindow)
}

// SignIn checks an email and password from a network address.
func (s *Service) SignIn(ctx context.Context, email, password, address string) (User, error) {
	email = normalizeEmail(email)
	if len(email) > 254 || hasControl(email) || len(password) > 1024 {
		return User{}, ErrBadCredentials // no such address can exist; nothing to throttle or look up
	}
	key := strings.ToLower(email)
	now := s.now()
	byEmail, byAddr, lastEmail, lastAddr, err := store.SignInFailures(ctx, s.db.R(), key, address, now.Add(-ThrottleWindow))
	if err != nil {
		return User{}, err
	}
	wait := max(lastEmail.Add(backoff(byEmail)).Sub(now), lastAddr.Add(backoff(byAddr)).Sub(now))
	if wait > 0 {
		return User{}, apperr.RateLimited(wait, "Too many failed sign-ins. Wait a little, or reset your password.")
	}

	u, err := store.UserByEmail(ctx, s.db.R(), email)
	hash := u.PasswordHash
	if errors.Is(err, store.ErrNotFound) {
		hash = s.dummy // verify anyway: an unknown email takes as long as a wrong password
	} else if err != nil {
		return User{}, err
	}
	ok, rehash, verr := s.hasher.Verify(ctx, password, hash)
	if verr != nil && !errors.Is(verr, ErrBadHash) {
		return User{}, verr
	}
	if !ok || u.ID == 0 {
		if err := store.RecordSignInFailure(ctx, s.db.W(), key, address, now); err != nil {
			return User{}, err
		}
		return User{}, ErrBadCredentials
	}
	if err := store.ClearSignInFailures(ctx, s.db.W(), key, now.Add(-ThrottleWindow)); err != nil {
		return User{}, err
	}
	if rehash {
		if h, err := s.hasher.Hash(ctx, password); err == nil {
			_ = store.SetPasswordHash(ctx, s.db.W(), u.ID, h)
		}
	}
	return userFrom(u), nil
}
