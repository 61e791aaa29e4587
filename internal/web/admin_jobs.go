package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/jobs"
	"github.com/knead/knead/internal/tz"
)

func (s *Server) jobRoutes(rt *authz.Router) {
	rt.Handle("GET /admin/jobs", authz.Admins, s.showJobs)
	rt.Handle("POST /admin/jobs/{id}/retry", authz.Admins, s.retryJob)
	rt.Handle("GET /account/notifications", authz.SignedIn, s.showMailPreferences)
	rt.Handle("POST /account/notifications", authz.SignedIn, s.saveMailPreferences)
}

type jobsView struct {
	Base
	Groups []jobs.Group
	Page   jobs.Page
	Next   string
	Zone   *time.Location // the admin's, for the times
}

func (s *Server) showJobs(w http.ResponseWriter, r *http.Request) {
	group := r.URL.Query().Get("state")
	if group == "" {
		group = "failed"
	}
	p, err := jobs.List(r.Context(), s.Jobs, group, r.URL.Query().Get("after"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	me, err := s.Accounts.Me(r.Context(), authz.From(r.Context()).UserID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := jobsView{Base: s.base(r, "Background jobs"), Groups: jobs.Groups, Page: p, Zone: tz.Or(me.TimeZone)}
	if p.Next != "" {
		v.Next = "/admin/jobs?" + url.Values{"state": {group}, "after": {p.Next}}.Encode()
	}
	s.render(w, r, http.StatusOK, "admin_jobs", v)
}

func (s *Server) retryJob(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.fail(w, r, apperr.ErrNotFound)
		return
	}
	msg := fmt.Sprintf("Job %d will run again now.", id)
	if err := jobs.Retry(r.Context(), s.Jobs, id); errors.Is(err, jobs.ErrNotRetryable) {
		msg = jobs.ErrNotRetryable.Detail
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	s.Sessions.Put(r.Context(), keyFlash, msg)
	http.Redirect(w, r, "/admin/jobs?state=failed", http.StatusSeeOther)
}
