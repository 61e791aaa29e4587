package api

import (
	"strconv"

	"github.com/knead/knead/internal/authz"
)

// Register adds the API's routes to the router, each with its access rule.
func (s *Server) Register(rt *authz.Router) {
	rt.Handle("GET /api/openapi.json", authz.Public, serveOpenAPI)
	rt.Handle("POST /api/v1/accounts", authz.Public, s.idempotent(s.createAccount))
	rt.Handle("POST /api/v1/tokens", authz.Public, s.idempotent(s.createToken))
	rt.Handle("DELETE /api/v1/tokens/current", authz.SignedIn, s.deleteCurrentToken)
	rt.Handle("GET /api/v1/me", authz.SignedIn, s.me)
	rt.Handle("/api/", authz.Public, s.notFound)
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }
