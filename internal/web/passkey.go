package web

import "github.com/knead/knead/internal/authz"

// passkeyRoutes registers passkey registration and sign-in.
func (s *Server) passkeyRoutes(rt *authz.Router) {}
