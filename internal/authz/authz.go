// Package authz decides who may reach what. Every route is registered with
// a Rule; there is no way to register one without, and a rule denies unless
// it allows. Record-level rules (a client sees only their own records) live
// in the areas and answer not-found for records that are not the caller's.
package authz

import (
	"context"

	"github.com/knead/knead/internal/apperr"
)

// Roles of API.md.
const (
	RoleClient    = "client"
	RoleTherapist = "therapist"
	RoleAdmin     = "admin"
)

// Principal is the signed-in caller.
type Principal struct {
	UserID        int64
	Role          string
	Name          string
	Email         string
	EmailVerified bool
	TimeZone      string
	TokenID       int64 // the API token used, 0 for a web session
}

// Rule is an access rule for a route.
type Rule struct {
	name  string
	allow func(*Principal) bool
}

// Name says what the rule allows, for route listings and tests.
func (r Rule) Name() string { return r.name }

// Defined reports whether the rule was made by this package; the zero Rule
// is not a rule.
func (r Rule) Defined() bool { return r.allow != nil }

var (
	// Public lets anyone in, signed in or not.
	Public = Rule{"public", func(*Principal) bool { return true }}
	// SignedIn lets in any account.
	SignedIn = Rule{"signed-in", func(p *Principal) bool { return p != nil }}
	// Clients, Therapists and Admins let in one role each.
	Clients    = Role(RoleClient)
	Therapists = Role(RoleTherapist)
	Admins     = Role(RoleAdmin)
)

// Role lets in accounts with one of the roles.
func Role(roles ...string) Rule {
	name := "role:"
	for i, r := range roles {
		if i > 0 {
			name += ","
		}
		name += r
	}
	return Rule{name, func(p *Principal) bool {
		if p == nil {
			return false
		}
		for _, r := range roles {
			if p.Role == r {
				return true
			}
		}
		return false
	}}
}

// Check returns nil when p may pass, unauthenticated when nobody is signed
// in, and forbidden otherwise.
func (r Rule) Check(p *Principal) error {
	if r.allow != nil && r.allow(p) {
		return nil
	}
	if p == nil {
		return apperr.ErrUnauthenticated.With("Sign in to continue.")
	}
	return apperr.ErrForbidden.With("Your account cannot open this.")
}

type ctxKey struct{}

// With returns ctx carrying p.
func With(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, ctxKey{}, p)
}

// From returns the caller, or nil when nobody is signed in.
func From(ctx context.Context) *Principal {
	p, _ := ctx.Value(ctxKey{}).(*Principal)
	return p
}
