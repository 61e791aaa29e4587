package web

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/knead/knead/internal/httpx"
)

type errorView struct {
	Base
	Status        int
	Heading       string
	Message       string
	ShowRequestID bool
}

var errorTexts = map[int][2]string{
	http.StatusNotFound:              {"We can’t find that page", "The address may be mistyped, or the page may have moved."},
	http.StatusMethodNotAllowed:      {"That action isn’t possible here", "This page can’t be used that way."},
	http.StatusRequestEntityTooLarge: {"That was too much to send", "What you sent is larger than knead accepts. Please send something smaller."},
	http.StatusInternalServerError:   {"Something went wrong on our side", "We have logged the problem. Please try again in a moment."},
}

// problemNames are API.md's problem types by status.
var problemNames = map[int]string{
	http.StatusBadRequest: "malformed", http.StatusUnauthorized: "unauthenticated", http.StatusForbidden: "forbidden",
	http.StatusNotFound: "not-found", http.StatusMethodNotAllowed: "method-not-allowed",
	http.StatusRequestEntityTooLarge: "too-large", http.StatusInternalServerError: "internal",
}

// errorResponse writes problem details for API paths and a page otherwise.
func (s *Server) errorResponse(w http.ResponseWriter, r *http.Request, status int) {
	text, ok := errorTexts[status]
	if !ok {
		text = [2]string{http.StatusText(status), ""}
	}
	if strings.HasPrefix(r.URL.Path, "/api/") {
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(map[string]any{
			"type": "/api/problems/" + problemNames[status], "title": text[0], "status": status, "detail": text[1],
		})
		return
	}
	view := errorView{Base: s.base(r, text[0]), Status: status, Heading: text[0], Message: text[1],
		ShowRequestID: status >= 500}
	s.render(w, r, status, "error", view)
}

// serverError logs the cause and shows a 500 page with the request ID. The
// cause never reaches the client.
func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	s.Log.ErrorContext(r.Context(), "internal error", "err", err)
	if t, ok := s.pages["error"]; ok && !strings.HasPrefix(r.URL.Path, "/api/") {
		view := errorView{Base: s.base(r, errorTexts[500][0]), Status: 500, Heading: errorTexts[500][0],
			Message: errorTexts[500][1], ShowRequestID: true}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		_ = t.ExecuteTemplate(w, "base", view)
		return
	}
	http.Error(w, "internal error, request "+httpx.RequestID(r.Context()), http.StatusInternalServerError)
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.errorResponse(w, r, http.StatusNotFound)
}
