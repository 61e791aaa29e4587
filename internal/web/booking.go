package web

import "github.com/knead/knead/internal/authz"

// bookingRoutes registers therapist profiles with free slots, booking,
// "My appointments" and the therapist's calendar.
func (s *Server) bookingRoutes(rt *authz.Router) {}
