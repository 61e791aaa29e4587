package account

import (
	"context"
	"strings"
	"testing"
)

func TestHashAndVerify(t *testing.T) {
	ctx := context.Background()
	h := NewHasher(Cheap, 2)
	hash, err := h.Hash(ctx, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("hash %q is not a PHC argon2id string", hash)
	}
	other, _ := h.Hash(ctx, "correct horse battery")
	if other == hash {
		t.Fatal("two hashes of one password are equal: salt is not random")
	}
	owasp := NewHasher(OWASP, 1)
	tests := []struct {
		name       string
		h          *Hasher
		password   string
		hash       string
		ok, rehash bool
		bad        bool
	}{
		{"right password", h, "correct horse battery", hash, true, false, false},
		{"wrong password", h, "correct horse batterz", hash, false, false, false},
		{"empty password", h, "", hash, false, false, false},
		{"old parameters ask for a rehash", owasp, "correct horse battery", hash, true, true, false},
		{"not argon2id", h, "x", "$2a$12$abcdefghijklmnopqrstuv", false, false, true},
		{"truncated", h, "x", "$argon2id$v=19$m=64,t=1,p=1$c2FsdA", false, false, true},
		{"bad base64", h, "x", "$argon2id$v=19$m=64,t=1,p=1$!!$!!", false, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, rehash, err := tt.h.Verify(ctx, tt.password, tt.hash)
			if (err != nil) != tt.bad || ok != tt.ok || rehash != tt.rehash {
				t.Fatalf("Verify = %v, %v, %v; want ok=%v rehash=%v bad=%v", ok, rehash, err, tt.ok, tt.rehash, tt.bad)
			}
		})
	}
}

func TestHashHonoursCancelledContext(t *testing.T) {
	h := NewHasher(Cheap, 1)
	h.sem <- struct{}{} // the only slot is taken
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := h.Hash(ctx, "pw"); err == nil {
		t.Fatal("Hash with a full semaphore and a cancelled context succeeded")
	}
}
