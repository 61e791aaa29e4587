package web

import (
	"net/http"

	"github.com/knead/knead/internal/api"
	"github.com/knead/knead/internal/audit"
	"github.com/knead/knead/internal/authz"
)

// webAccess is who is reaching a health record from a page, and from where,
// for the audit log.
func webAccess(r *http.Request) audit.Access {
	return audit.Access{Actor: authz.From(r.Context()), Address: api.ClientAddress(r)}
}
