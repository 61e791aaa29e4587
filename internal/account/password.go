// Package account holds people's accounts: roles, passwords and, later,
// sign-in, sessions, passkeys and API tokens.
package account

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id's cost parameters.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
}

// OWASP is the minimum OWASP recommends: 19 MiB, 2 passes, 1 lane.
var OWASP = Params{Memory: 19 * 1024, Time: 2, Threads: 1}

// Cheap is for test suites only, which would otherwise spend minutes hashing.
var Cheap = Params{Memory: 64, Time: 1, Threads: 1}

// ParamsFor maps the config's password_hashing setting to parameters.
func ParamsFor(name string) Params {
	if name == "test" {
		return Cheap
	}
	return OWASP
}

const (
	saltLen = 16
	keyLen  = 32
)

// Hasher hashes and verifies passwords. A semaphore bounds concurrent
// hashing, since each hash holds Params.Memory: a flood of sign-ins queues
// instead of exhausting memory.
type Hasher struct {
	params Params
	sem    chan struct{}
}

// NewHasher returns a Hasher running at most concurrent hashes at once.
func NewHasher(p Params, concurrent int) *Hasher {
	return &Hasher{params: p, sem: make(chan struct{}, max(concurrent, 1))}
}

// Hash returns a PHC string: $argon2id$v=19$m=…,t=…,p=…$salt$key.
func (h *Hasher) Hash(ctx context.Context, password string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key, err := h.derive(ctx, password, salt, h.params)
	if err != nil {
		return "", err
	}
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version,
		h.params.Memory, h.params.Time, h.params.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// ErrBadHash means a stored hash is not a PHC argon2id string.
var ErrBadHash = errors.New("account: malformed password hash")

// Verify reports whether password matches the stored hash, and whether the
// hash should be replaced because its parameters are not the current ones.
func (h *Hasher) Verify(ctx context.Context, password, encoded string) (ok, rehash bool, err error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" || parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return false, false, ErrBadHash
	}
	var p Params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return false, false, ErrBadHash
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false, false, ErrBadHash
	}
	got, err := h.derive(ctx, password, salt, p)
	if err != nil {
		return false, false, err
	}
	ok = subtle.ConstantTimeCompare(got[:min(len(got), len(want))], want) == 1 && len(got) == len(want)
	return ok, ok && p != h.params, nil
}

func (h *Hasher) derive(ctx context.Context, password string, salt []byte, p Params) ([]byte, error) {
	select {
	case h.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-h.sem }()
	return argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, keyLen), nil
}
