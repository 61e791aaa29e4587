package web

import (
	"context"
	"testing"

	"github.com/knead/knead/internal/store"
)

// profileAt is the readable address of therapist id's profile.
func profileAt(t *testing.T, s *Server, id int64) string {
	t.Helper()
	p, err := store.ProfileByID(context.Background(), s.DB.R(), id)
	if err != nil {
		t.Fatal(err)
	}
	return profilePath(p)
}
