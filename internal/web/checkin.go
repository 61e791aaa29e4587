package web

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/knead/knead/internal/api"
	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/booking"
	"github.com/knead/knead/internal/checkin"
	"github.com/knead/knead/internal/triage"
)

// checkInRoutes registers the check-in page (a stable address: reminder
// emails link to it) and the therapist's stop and refer.
func (s *Server) checkInRoutes(rt *authz.Router) {
	people := authz.Role(authz.RoleClient, authz.RoleTherapist)
	rt.Handle("GET /appointments/{id}/check-in", people, s.showCheckIn)
	rt.Handle("POST /appointments/{id}/check-in", people, s.takeCheckIn)
	rt.Handle("POST /appointments/{id}/refer", authz.Therapists, s.referAppointment)
}

func (s *Server) showCheckIn(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var v checkin.View
	if err == nil {
		v, err = s.CheckIn.Get(r.Context(), api.Access(r), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "checkin", s.checkInView(r, v, Form{}, Form{}))
}

// takeCheckIn stores the answers and shows the result on the page (post,
// then redirect); refused answers come back with each question named.
func (s *Server) takeCheckIn(w http.ResponseWriter, r *http.Request) {
	id, f, ok := s.idAndForm(w, r)
	if !ok {
		return
	}
	answers := map[string]string{}
	for _, q := range triage.ShortForm {
		if a := f.Get(string(q)); a != "" {
			answers[string(q)] = a
		}
	}
	_, err := s.CheckIn.Take(r.Context(), api.Access(r), id, answers)
	if err == nil {
		http.Redirect(w, r, fmt.Sprintf("/appointments/%d/check-in#result", id), http.StatusSeeOther)
		return
	}
	s.checkInAgain(w, r, id, err, f, Form{})
}

func (s *Server) referAppointment(w http.ResponseWriter, r *http.Request) {
	id, f, ok := s.idAndForm(w, r)
	if !ok {
		return
	}
	_, err := s.CheckIn.Refer(r.Context(), api.Access(r), id, checkin.ReferInput{Reason: f.Get("reason"), Rule: f.Get("rule")})
	if err == nil {
		http.Redirect(w, r, fmt.Sprintf("/appointments/%d/check-in#result", id), http.StatusSeeOther)
		return
	}
	s.checkInAgain(w, r, id, err, Form{}, f)
}

// checkInAgain shows the page again with what was refused: field messages
// on their form, a conflict (not the day, already stopped) as a message.
func (s *Server) checkInAgain(w http.ResponseWriter, r *http.Request, id int64, err error, answers, refer Form) {
	target := &answers
	if refer.Values != nil {
		target = &refer
	}
	var e *apperr.Error
	if !errors.As(err, &e) || !target.withError(err) {
		s.fail(w, r, err)
		return
	}
	v, gerr := s.CheckIn.Get(r.Context(), api.Access(r), id)
	if gerr != nil {
		s.fail(w, r, gerr)
		return
	}
	s.render(w, r, e.Status, "checkin", s.checkInView(r, v, answers, refer))
}

// checkQuestion is one short-form question on the page.
type checkQuestion struct {
	ID, Text, Answer, Error string
}

type checkInPage struct {
	Base
	ID                             int64
	When, Zone, Service, Who, With string
	Status, StatusLabel            string
	Therapist, Open, CanRefer      bool
	Closed                         string
	Questions                      []checkQuestion
	Answers, Refer                 Form
	Latest                         *checkin.CheckIn
	LatestAt, LatestBy             string
	Stopped                        bool
	Advice, Reason, Rule, RuleText string
	StoppedAt, StoppedBy           string
	Rules                          []triage.RedFlag
	AnswerChoices                  []choice
}

func (s *Server) checkInView(r *http.Request, v checkin.View, answers, refer Form) checkInPage {
	a := v.Appointment
	start, end := a.LocalStart(), a.LocalEnd()
	p := checkInPage{Base: s.base(r, "Check-in"), ID: a.ID, When: when(start, end), Zone: zoneName(start),
		Service: a.ServiceName, Status: a.Status, StatusLabel: statusLabels[a.Status], Therapist: v.Therapist,
		Open: v.Open, Answers: answers, Refer: refer, Rules: triage.RedFlags, AnswerChoices: answerChoices,
		Who: a.ClientName, With: a.TherapistName}
	if v.Closed != nil {
		p.Closed = apperr.From(v.Closed).Detail
	}
	p.CanRefer = v.Therapist && (a.Status == booking.StatusBooked || a.Status == booking.StatusCompleted) && v.Referral == nil
	for _, q := range triage.ShortQuestions() {
		p.Questions = append(p.Questions, checkQuestion{ID: string(q.ID), Text: q.Question, Answer: answers.Get(string(q.ID)),
			Error: answers.Errors[string(q.ID)]})
	}
	if c := v.CheckIn; c != nil {
		p.Latest, p.LatestAt = c, clock(c.TakenAt.In(a.Zone))+" "+dayName(c.TakenAt.In(a.Zone))
		p.LatestBy = map[string]string{checkin.ByClient: "by " + a.ClientName, checkin.ByTherapist: "by " + a.TherapistName + " at the door"}[c.AnsweredAs]
	}
	if f := v.Referral; f != nil {
		p.Stopped, p.Advice, p.Reason, p.Rule = true, f.Advice, f.Reason, f.RuleID
		p.StoppedAt = clock(f.ReferredAt.In(a.Zone)) + " " + dayName(f.ReferredAt.In(a.Zone))
		p.StoppedBy = map[string]string{"check_in": "by the check-in answers", checkin.ByTherapist: "by " + a.TherapistName}[f.Source]
		for _, q := range triage.RedFlags {
			if string(q.ID) == f.RuleID {
				p.RuleText = q.Question
			}
		}
	}
	return p
}

// checkInToday says whether a booked session's check-in is open at now:
// on its local day, before it ends.
func checkInToday(a booking.Appointment, now time.Time) bool {
	y1, m1, d1 := a.LocalStart().Date()
	y2, m2, d2 := now.In(a.Zone).Date()
	return a.Status == booking.StatusBooked && a.End.After(now) && y1 == y2 && m1 == m2 && d1 == d2
}
