package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/therapist"
)

// queueView is the site admins' verification queue.
type queueView struct {
	Base
	Pending []queueItem
	Waiting int
	Match   string // the search, when the queue is narrowed
	Next    string // the link to the next page, if more wait
	Recent  []store.Decision
	Failed  int64 // the credential whose decision form was refused
	Form    Form
}

type queueItem struct {
	store.QueuedCredential
	TypeName, Expires, Lookup, Document string
}

func (s *Server) showQueue(w http.ResponseWriter, r *http.Request) {
	s.queuePage(w, r, http.StatusOK, 0, Form{})
}

func (s *Server) queuePage(w http.ResponseWriter, r *http.Request, status int, failed int64, f Form) {
	after, match := queuePosition(r.URL.Query()), strings.TrimSpace(r.URL.Query().Get("q"))
	q, err := s.Practice.VerificationQueue(r.Context(), authz.From(r.Context()), match, after, queuePage+1)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := queueView{Base: s.base(r, "Credential verification"), Waiting: q.Waiting, Match: match, Recent: q.Recent,
		Failed: failed, Form: f}
	if len(q.Pending) > queuePage {
		q.Pending = q.Pending[:queuePage]
		last := q.Pending[queuePage-1]
		v.Next = "/admin/credentials?" + url.Values{"after": {last.CreatedAt.UTC().Format(time.RFC3339Nano)},
			"after_id": {strconv.FormatInt(last.ID, 10)}, "q": {match}}.Encode()
	}
	for _, c := range q.Pending {
		it := queueItem{QueuedCredential: c, TypeName: therapist.TypeNames[c.Type], Expires: c.ExpiresOn.Format(longDate),
			Lookup: therapist.LookupURL(c.Credential)}
		if c.Document != nil {
			it.Document = "/api/v1/admin/credentials/" + strconv.FormatInt(c.ID, 10) + "/document"
		}
		v.Pending = append(v.Pending, it)
	}
	s.render(w, r, status, "admin_credentials", v)
}

// queuePage is how many credentials the queue page shows at a time.
const queuePage = 25

// queuePosition reads the page's place in the queue; anything unreadable
// starts from the oldest.
func queuePosition(q url.Values) store.QueuePosition {
	at, err1 := time.Parse(time.RFC3339Nano, q.Get("after"))
	id, err2 := strconv.ParseInt(q.Get("after_id"), 10, 64)
	if err1 != nil || err2 != nil {
		return store.QueuePosition{}
	}
	return store.QueuePosition{At: at, ID: id}
}

// decideCredential records a verification or rejection from the queue's
// forms, then shows the queue again.
func (s *Server) decideCredential(decision string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, f, ok := s.idAndForm(w, r)
		if !ok {
			return
		}
		c, err := s.Practice.Decide(r.Context(), authz.From(r.Context()), id, decision, strings.TrimSpace(f.Get("note")))
		if err != nil {
			if !f.withError(err) {
				s.fail(w, r, err)
				return
			}
			s.queuePage(w, r, statusOf(err), id, f)
			return
		}
		s.Sessions.Put(r.Context(), keyFlash, "Credential "+c.Number+" is "+c.Status+".")
		http.Redirect(w, r, "/admin/credentials", http.StatusSeeOther)
	}
}
