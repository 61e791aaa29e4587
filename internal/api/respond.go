package api

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/knead/knead/internal/apperr"
)

// writeJSON answers with a JSON body.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	setHeaders(w.Header(), status)
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// ProblemType is the URI of a problem's explanation page.
func ProblemType(name string) string { return "/api/problems/" + name }

// WriteError answers with problem details (API.md "Conventions"). Internal
// errors are logged with their cause; the client sees only the request ID.
func WriteError(log *slog.Logger, w http.ResponseWriter, r *http.Request, err error) {
	e := apperr.From(err)
	if e.Status >= 500 {
		log.ErrorContext(r.Context(), "internal error", "err", err)
	}
	body := map[string]any{}
	for k, v := range e.Extra {
		body[k] = v
	}
	body["type"] = ProblemType(e.Problem)
	body["title"] = e.Title
	body["status"] = e.Status
	body["detail"] = e.Detail
	if len(e.Fields) > 0 {
		body["errors"] = e.Fields
	}
	if e.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(e.RetryAfter.Seconds()+0.999)))
	}
	w.Header().Set("Content-Type", "application/problem+json")
	setHeaders(w.Header(), e.Status)
	w.WriteHeader(e.Status)
	_ = json.NewEncoder(w).Encode(body)
}

// setHeaders sets the headers every API answer with this status carries,
// replayed ones included: answers are never cached, and a 401 names the
// scheme to use (RFC 9110 §11.6.1 requires the challenge).
func setHeaders(h http.Header, status int) {
	h.Set("Cache-Control", "no-store")
	if status == http.StatusUnauthorized {
		h.Set("WWW-Authenticate", `Bearer realm="knead"`)
	}
}

func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	WriteError(s.Log, w, r, err)
}
