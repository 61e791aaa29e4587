package web

import "net/http"

// preferences are the client's intake preferences for the directory link.
func (s *Server) preferences(r *http.Request) (Preferences, error) {
	_ = r
	return Preferences{}, nil
}
