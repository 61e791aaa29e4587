package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/knead/knead/internal/api"
	"github.com/knead/knead/internal/apperr"
)

type errorView struct {
	Base
	Status        int
	Heading       string
	Message       string
	ShowRequestID bool
}

// pageTexts are what people read on error pages, by status.
var pageTexts = map[int][2]string{
	http.StatusForbidden:             {"This page is not for your account", "Your account cannot open this page. If you think it should, sign in with the right account."},
	http.StatusNotFound:              {"We can’t find that page", "The address may be mistyped, or the page may have moved."},
	http.StatusMethodNotAllowed:      {"That action isn’t possible here", "This page can’t be used that way."},
	http.StatusRequestEntityTooLarge: {"That was too much to send", "What you sent is larger than knead accepts. Please send something smaller."},
	http.StatusTooManyRequests:       {"Please wait a moment", "There were too many attempts. Try again in a little while."},
	http.StatusInternalServerError:   {"Something went wrong on our side", "We have logged the problem. Please try again in a moment."},
}

// fail answers every error, on every route: problem details under /api/,
// a page elsewhere. A visitor who must sign in is sent there and back.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if isAPI(r) {
		api.WriteError(s.Log, w, r, err)
		return
	}
	e := apperr.From(err)
	if errors.Is(e, apperr.ErrUnauthenticated) {
		http.Redirect(w, r, "/signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	if e.Status >= 500 {
		s.Log.ErrorContext(r.Context(), "internal error", "err", err)
	}
	if e.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(e.RetryAfter.Seconds()+0.999)))
	}
	text, ok := pageTexts[e.Status]
	if !ok {
		text = [2]string{e.Title, e.Detail}
	}
	view := errorView{Base: s.base(r, text[0]), Status: e.Status, Heading: text[0], Message: text[1],
		ShowRequestID: e.Status >= 500}
	if t, ok := s.pages["error"]; ok && e.Status >= 500 {
		// Render directly: render itself reports template errors through fail.
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(e.Status)
		_ = t.ExecuteTemplate(w, "base", view)
		return
	}
	s.render(w, r, e.Status, "error", view)
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.fail(w, r, apperr.ErrNotFound)
}
