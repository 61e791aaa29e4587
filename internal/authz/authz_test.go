package authz

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/knead/knead/internal/apperr"
)

func TestRules(t *testing.T) {
	client := &Principal{UserID: 1, Role: RoleClient}
	therapist := &Principal{UserID: 2, Role: RoleTherapist}
	admin := &Principal{UserID: 3, Role: RoleAdmin}
	tests := []struct {
		rule Rule
		p    *Principal
		want error // nil, ErrUnauthenticated or ErrForbidden
	}{
		{Public, nil, nil},
		{Public, client, nil},
		{SignedIn, nil, apperr.ErrUnauthenticated},
		{SignedIn, therapist, nil},
		{Clients, client, nil},
		{Clients, therapist, apperr.ErrForbidden},
		{Clients, nil, apperr.ErrUnauthenticated},
		{Therapists, therapist, nil},
		{Therapists, admin, apperr.ErrForbidden},
		{Admins, admin, nil},
		{Admins, client, apperr.ErrForbidden},
		{Role(RoleTherapist, RoleAdmin), admin, nil},
		{Role(RoleTherapist, RoleAdmin), client, apperr.ErrForbidden},
		{Rule{}, admin, apperr.ErrForbidden}, // the zero rule denies
	}
	for _, tt := range tests {
		err := tt.rule.Check(tt.p)
		if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
			t.Errorf("%s.Check(%+v) = %v, want %v", tt.rule.Name(), tt.p, err, tt.want)
		}
	}
}

func TestRouterRefusesRouteWithoutRule(t *testing.T) {
	rt := NewRouter(func(_ string, h http.Handler) http.Handler { return h }, nil)
	defer func() {
		if recover() == nil {
			t.Fatal("registering a route without a rule did not panic")
		}
	}()
	rt.Handle("GET /x", Rule{}, func(http.ResponseWriter, *http.Request) {})
}

func TestRouterDeniesBeforeHandler(t *testing.T) {
	var failed error
	rt := NewRouter(func(_ string, h http.Handler) http.Handler { return h },
		func(w http.ResponseWriter, _ *http.Request, err error) {
			failed = err
			w.WriteHeader(apperr.From(err).Status)
		})
	reached := false
	rt.Handle("GET /admin", Admins, func(http.ResponseWriter, *http.Request) { reached = true })
	req := httptest.NewRequest("GET", "/admin", nil)
	req = req.WithContext(With(req.Context(), &Principal{Role: RoleClient}))
	rec := httptest.NewRecorder()
	rt.ServeHTTP(rec, req)
	if reached || rec.Code != 403 || !errors.Is(failed, apperr.ErrForbidden) {
		t.Fatalf("client reached admin route: reached=%v code=%d err=%v", reached, rec.Code, failed)
	}
	if got := rt.Routes(); len(got) != 1 || got[0].Rule.Name() != "role:admin" {
		t.Fatalf("Routes() = %+v", got)
	}
}
