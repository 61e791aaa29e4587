package api

import (
	"net/http"
	"time"

	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/store"
)

type auditJSON struct {
	ID     ID     `json:"id"`
	At     string `json:"at"`
	Action string `json:"action"`
	Actor  struct {
		ID   ID     `json:"id"`
		Name string `json:"name"`
		Role string `json:"role"`
	} `json:"actor"`
	Record struct {
		Type string `json:"type"`
		ID   ID     `json:"id"`
	} `json:"record"`
}

// listAudit answers who read or wrote the caller's health records. The
// network address is kept in the log for investigations but not shown:
// other people's addresses are not the caller's to see.
func (s *Server) listAudit(w http.ResponseWriter, r *http.Request) {
	page, err := ParsePage(r)
	var before int64
	if err == nil && !page.First() {
		err = page.After(&before)
	}
	var rows []store.AuditEvent
	if err == nil {
		rows, err = s.Audit.Mine(r.Context(), authz.From(r.Context()), before, page.Fetch())
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows, next := PageOf(page, rows, func(e store.AuditEvent) []any { return []any{e.ID} })
	out := make([]auditJSON, len(rows))
	for i, e := range rows {
		out[i].ID, out[i].At, out[i].Action = ID(e.ID), e.At.UTC().Format(time.RFC3339), e.Action
		out[i].Actor.ID, out[i].Actor.Name, out[i].Actor.Role = ID(e.ActorID), e.ActorName, e.ActorRole
		out[i].Record.Type, out[i].Record.ID = e.RecordType, ID(e.RecordID)
	}
	writeJSON(w, http.StatusOK, map[string]any{"entries": out, "next_cursor": next})
}
