package web

import (
	"net/http"
	"strconv"

	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/tz"
)

// accessRoutes: who opened the signed-in person's health records
// (issue 7 "Privacy": the client can see who read their records).
func (s *Server) accessRoutes(rt *authz.Router) {
	rt.Handle("GET /account/access", authz.SignedIn, s.showAccessLog)
}

// accessPage is how many entries the page shows at a time.
const accessPage = 50

type accessView struct {
	Base
	Entries []accessEntry
	Older   string // the link to older entries, if any
}

type accessEntry struct {
	When, Who, What, Did string
}

// Names of the record types and actions the audit log holds, as a person
// reads them.
var (
	recordNames = map[string]string{"screening": "safety screening", "intake": "intake", "pain_diary": "pain diary",
		"measure": "questionnaire answers", "session_pain": "session pain scores", "progress": "progress",
		"home_care": "home-care plan", "check_in": "check-in", "referral": "referral"}
	actionNames = map[string]string{"read": "opened", "create": "recorded", "update": "changed", "submit": "submitted",
		"clearance": "added a clinician's review to", "remove": "removed from"}
)

func (s *Server) showAccessLog(w http.ResponseWriter, r *http.Request) {
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64) // anything else starts at the newest
	me := authz.From(r.Context())
	rows, err := s.API.Audit.Mine(r.Context(), me, max(before, 0), accessPage+1)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := accessView{Base: s.base(r, "Who opened your records")}
	if len(rows) > accessPage {
		rows = rows[:accessPage]
		v.Older = "/account/access?before=" + strconv.FormatInt(rows[accessPage-1].ID, 10)
	}
	zone := tz.Or(me.TimeZone)
	for _, e := range rows {
		v.Entries = append(v.Entries, accessEntry{When: e.At.In(zone).Format("Mon 2 Jan 2006, 15:04 MST"),
			Who: accessor(e, me.UserID), What: nameOr(recordNames, e.RecordType), Did: nameOr(actionNames, e.Action)})
	}
	s.render(w, r, http.StatusOK, "account_access", v)
}

// accessor names who reached the record: you, or a person and their role.
func accessor(e store.AuditEvent, me int64) string {
	switch {
	case e.ActorID == me:
		return "You"
	case e.ActorName == "":
		return "A removed account"
	case e.ActorRole == authz.RoleTherapist:
		return e.ActorName + " (therapist)"
	}
	return e.ActorName + " (" + e.ActorRole + ")"
}

func nameOr(names map[string]string, key string) string {
	if n, ok := names[key]; ok {
		return n
	}
	return key
}
