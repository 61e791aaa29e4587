package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/tz"
	"github.com/knead/knead/internal/waitlist"
)

// waitlistRoutes registers the join page and the answers to offers.
func (s *Server) waitlistRoutes(rt *authz.Router) {
	rt.Handle("GET /therapists/{id}/waitlist", authz.Clients, s.showJoinWaitlist)
	rt.Handle("POST /therapists/{id}/waitlist", authz.Clients, s.joinWaitlist)
	rt.Handle("POST /waitlist/offers/{id}/accept", authz.Clients, s.acceptOffer)
	rt.Handle("POST /waitlist/offers/{id}/decline", authz.Clients, s.declineOffer)
	rt.Handle("POST /waitlist/{id}/leave", authz.Clients, s.leaveWaitlist)
}

// joinView asks for the dates and the time of day a client can come.
type joinView struct {
	Base
	Therapist, ProfileHref, Action string
	Service                        serviceView
	Form                           Form // service, from, to, window_start, window_end
}

func (s *Server) showJoinWaitlist(w http.ResponseWriter, r *http.Request) {
	today := s.Now().Format(time.DateOnly)
	s.joinPage(w, r, http.StatusOK, Form{Values: url.Values{"service": {r.URL.Query().Get("service")}, "from": {today},
		"to": {s.Now().AddDate(0, 0, 14).Format(time.DateOnly)}, "window_start": {"09:00"}, "window_end": {"18:00"}}})
}

func (s *Server) joinPage(w http.ResponseWriter, r *http.Request, status int, f Form) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.Practice.Get(r.Context(), id)
	if err == nil && len(p.Services) == 0 {
		err = apperr.ErrNotFound.With("This therapist offers no services yet.")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	svc, err := chosenService(p.Services, f.Get("service"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f.Values.Set("service", strconv.FormatInt(svc.ID, 10))
	s.render(w, r, status, "waitlist_join", joinView{Base: s.base(r, "Join the waitlist"), Therapist: p.Profile.Name,
		ProfileHref: fmt.Sprintf("/therapists/%d?service=%d", id, svc.ID), Action: fmt.Sprintf("/therapists/%d/waitlist", id),
		Service: newServiceView(svc, p.Locations), Form: f})
}

func (s *Server) joinWaitlist(w http.ResponseWriter, r *http.Request) {
	f, err := readForm(r)
	id, perr := pathID(r)
	if err == nil {
		err = perr
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	svc, _ := strconv.ParseInt(f.Get("service"), 10, 64)
	_, err = s.Waitlist.Join(r.Context(), authz.From(r.Context()), waitlist.JoinInput{TherapistID: id, ServiceID: svc,
		From: f.Get("from"), To: f.Get("to"), TimeWindow: f.Get("window_start") + "-" + f.Get("window_end"),
		Weekly: f.Get("weekly") == "yes"})
	if err != nil {
		if !f.withError(setupRename(err, map[string]string{"time_window": "window_start"})) {
			s.fail(w, r, err)
			return
		}
		s.joinPage(w, r, statusOf(err), f)
		return
	}
	s.Sessions.Put(r.Context(), keyFlash, "You are on the waitlist. When a time that suits you opens, it is held for you here.")
	http.Redirect(w, r, "/appointments#waitlist", http.StatusSeeOther)
}

func (s *Server) acceptOffer(w http.ResponseWriter, r *http.Request) {
	s.answerOffer(w, r, func(id int64) (string, error) {
		a, err := s.Waitlist.Accept(r.Context(), authz.From(r.Context()), id)
		return "Booked: " + when(a.LocalStart(), a.LocalEnd()) + ".", err
	})
}

func (s *Server) declineOffer(w http.ResponseWriter, r *http.Request) {
	s.answerOffer(w, r, func(id int64) (string, error) {
		return "Offer declined. You stay on the waitlist for other times.",
			s.Waitlist.Decline(r.Context(), authz.From(r.Context()), id)
	})
}

func (s *Server) leaveWaitlist(w http.ResponseWriter, r *http.Request) {
	s.answerOffer(w, r, func(id int64) (string, error) {
		return "You left the waitlist.", s.Waitlist.Leave(r.Context(), authz.From(r.Context()), id)
	})
}

// answerOffer runs an answer and goes back to the waitlist with a flash; a
// refused answer (an offer that expired meanwhile) shows there too.
func (s *Server) answerOffer(w http.ResponseWriter, r *http.Request, answer func(id int64) (string, error)) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	flash, err := answer(id)
	if err != nil {
		if statusOf(err) >= 500 {
			s.fail(w, r, err)
			return
		}
		flash = apperr.From(err).Detail
	}
	s.Sessions.Put(r.Context(), keyFlash, flash)
	http.Redirect(w, r, "/appointments#waitlist", http.StatusSeeOther)
}

// waitView is a waitlist entry as "My appointments" shows it.
type waitView struct {
	ID                        int64
	Therapist, Service, Range string
	Window, Status            string
	Offer                     *offerView
}

type offerView struct {
	ID                     int64
	When, Expiry, Standing string
}

func newWaitView(e store.WaitlistEntry) waitView {
	zone := tz.Or(e.TimeZone)
	from, _ := time.Parse(time.DateOnly, e.FromDay)
	to, _ := time.Parse(time.DateOnly, e.ToDay)
	v := waitView{ID: e.ID, Therapist: e.TherapistName, Service: e.ServiceName, Status: e.Status,
		Range: dateRange(from, to.AddDate(0, 0, -1)), Window: waitlist.Window(e)}
	if to.Sub(from) <= 24*time.Hour {
		v.Range = from.Format("Monday 2 January 2006")
	}
	if e.Weekly {
		v.Range = "Every week, " + v.Range
	}
	if o := e.Offer; o != nil {
		start := o.Start.In(zone)
		v.Offer = &offerView{ID: o.ID, When: when(start, o.End.In(zone)) + " (" + zoneName(start) + ")",
			Expiry: clock(o.ExpiresAt.In(zone))}
		if o.SeriesID != 0 { // a standing slot: "your Tuesday 18:00 opened"
			v.Offer.Standing = "Your " + start.Format("Monday") + " " + clock(start) + " opened: every week from " +
				start.Format("2 January") + " until " + to.AddDate(0, 0, -1).Format("2 January 2006") + "."
		}
	}
	return v
}
