package apperr

import (
	"errors"
	"fmt"
	"net/http"
	"testing"
)

func TestFrom(t *testing.T) {
	tests := []struct {
		name    string
		err     error
		status  int
		problem string
	}{
		{"not found wrapped", fmt.Errorf("store: x: %w", ErrNotFound.With("no such thing")), 404, "not-found"},
		{"fields", func() error { f := Fields{}; f.Check(false, "email", "Enter an email"); return f.Err() }(), 422, "invalid"},
		{"body too large", fmt.Errorf("decode: %w", &http.MaxBytesError{Limit: 10}), 413, "too-large"},
		{"anything else", errors.New("disk on fire"), 500, "internal"},
		{"conflict", Conflict("slot-taken", "Slot taken", ""), 409, "slot-taken"},
		{"screening required", ErrScreeningRequired.With("x"), 403, "screening-required"},
		{"booking blocked", ErrBookingBlocked.With("x"), 403, "booking-blocked"},
		{"technique excluded", ErrTechniqueExcluded.With("x"), 403, "technique-excluded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := From(tt.err)
			if e.Status != tt.status || e.Problem != tt.problem {
				t.Fatalf("From(%v) = %d %s, want %d %s", tt.err, e.Status, e.Problem, tt.status, tt.problem)
			}
		})
	}
	if From(errors.New("secret cause")).Detail != "" {
		t.Error("an internal error's detail must not carry its cause")
	}
}

func TestIsMatchesByProblem(t *testing.T) {
	if !errors.Is(fmt.Errorf("wrap: %w", ErrNotFound.With("x")), ErrNotFound) {
		t.Error("a not-found occurrence is not ErrNotFound")
	}
	if errors.Is(ErrNotFound, ErrForbidden) {
		t.Error("not-found matched forbidden")
	}
}

func TestFieldsKeepFirstMessage(t *testing.T) {
	f := Fields{}
	if f.Err() != nil {
		t.Fatal("no fields must be no error")
	}
	f.Check(false, "password", "Enter a password")
	f.Check(false, "password", "Use at least 10 characters")
	f.Check(true, "email", "never")
	e := From(f.Err())
	if len(e.Fields) != 1 || e.Fields["password"] != "Enter a password" {
		t.Fatalf("fields %v", e.Fields)
	}
}
