package web

import "github.com/knead/knead/internal/authz"

// practiceRoutes registers the therapist's set-up pages.
func (s *Server) practiceRoutes(rt *authz.Router) {}
