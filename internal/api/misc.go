package api

import (
	"embed"
	"net/http"

	"github.com/knead/knead/internal/apperr"
)

//go:embed openapi.json
var openapiFS embed.FS

// serveOpenAPI serves the OpenAPI 3.1 document; a test keeps it complete.
func serveOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Access-Control-Allow-Origin", "*")
	http.ServeFileFS(w, r, openapiFS, "openapi.json")
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.fail(w, r, apperr.ErrNotFound.With("There is no API endpoint at "+r.Method+" "+r.URL.Path+"."))
}
