package api

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
)

// sealer keeps what the idempotency table stores useless without the
// client's Idempotency-Key, which is never stored: the key is kept as a
// hash, the request as an HMAC under the key (a request may hold a
// password), and the answer encrypted under the key (an answer may hold a
// new API token).
type sealer struct{ key []byte }

func newSealer(idempotencyKey string) sealer {
	k := sha256.Sum256([]byte("knead idempotency\x00" + idempotencyKey))
	return sealer{key: k[:]}
}

// storedKey is what the table keeps instead of the key.
func (s sealer) storedKey() string {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte("key"))
	return hex.EncodeToString(m.Sum(nil))
}

// requestHash fingerprints a request so a reuse with another body is seen.
func (s sealer) requestHash(request []byte) string {
	m := hmac.New(sha256.New, s.key)
	m.Write(request)
	return hex.EncodeToString(m.Sum(nil))
}

func (s sealer) aead() cipher.AEAD {
	block, err := aes.NewCipher(s.key)
	if err != nil {
		panic(err) // a 32-byte key always makes a cipher
	}
	g, err := cipher.NewGCM(block)
	if err != nil {
		panic(err)
	}
	return g
}

func (s sealer) seal(plain []byte) []byte {
	g := s.aead()
	nonce := make([]byte, g.NonceSize())
	_, _ = rand.Read(nonce)
	return g.Seal(nonce, nonce, plain, nil)
}

func (s sealer) open(sealed []byte) ([]byte, error) {
	g := s.aead()
	if len(sealed) < g.NonceSize() {
		return nil, errors.New("api: stored answer too short")
	}
	return g.Open(nil, sealed[:g.NonceSize()], sealed[g.NonceSize():], nil)
}

// IdempotencyRow gives the key and request hash the table holds for an
// Idempotency-Key and a request (method, path, newline, body), for tools
// and tests that look at the table.
func IdempotencyRow(key string, request []byte) (storedKey, requestHash string) {
	s := newSealer(key)
	return s.storedKey(), s.requestHash(request)
}
