package web

import (
	"net/http"
	"strconv"

	"github.com/knead/knead/internal/account"
	"github.com/knead/knead/internal/api"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/outcome"
	"github.com/knead/knead/internal/store"
)

type roleHomeView struct {
	Base
	Me account.User
	// Due is the client's measure due now, prompted on their home page.
	Due *dueView
	// Instruments are the disability questionnaires due now.
	Instruments []instrumentDueView
}

func (s *Server) roleHome(page, title string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		me, err := s.Accounts.Me(r.Context(), authz.From(r.Context()).UserID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.render(w, r, http.StatusOK, page, roleHomeView{Base: s.base(r, title), Me: me})
	}
}

func (s *Server) clientHome(w http.ResponseWriter, r *http.Request) {
	me, err := s.Accounts.Me(r.Context(), authz.From(r.Context()).UserID)
	var p outcome.Progress
	if err == nil {
		p, err = s.Outcome.Progress(r.Context(), api.Access(r), me.ID)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := roleHomeView{Base: s.base(r, "My care"), Me: me}
	if d := p.Due; d != nil {
		v.Due = &dueView{Point: d.Point.ID, Label: d.Point.Label, Overdue: d.Overdue}
	}
	v.Instruments = instrumentsDue(p, Form{})
	s.render(w, r, http.StatusOK, "client_home", v)
}

func (s *Server) therapistHome(w http.ResponseWriter, r *http.Request) {
	s.roleHome("therapist_home", "My practice")(w, r)
}

func (s *Server) adminHome(w http.ResponseWriter, r *http.Request) {
	s.roleHome("admin_home", "Admin")(w, r)
}

type outboxView struct {
	Base
	Messages   []store.OutboxMessage
	Next       string
	Delivering bool // an SMTP server is configured
}

// outboxPage is how many messages one page of the outbox shows.
const outboxPage = 25

func (s *Server) showOutbox(w http.ResponseWriter, r *http.Request) {
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	msgs, err := store.OutboxPage(r.Context(), s.DB.R(), before, outboxPage+1)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := outboxView{Base: s.base(r, "Outbox"), Messages: msgs, Delivering: s.Config.SMTPURL != ""}
	if len(msgs) > outboxPage {
		v.Messages = msgs[:outboxPage]
		v.Next = "/admin/outbox?before=" + strconv.FormatInt(msgs[outboxPage-1].ID, 10)
	}
	s.render(w, r, http.StatusOK, "outbox", v)
}
