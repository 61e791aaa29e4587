package api

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/knead/knead/internal/checkin"
	"github.com/knead/knead/internal/triage"
)

type checkInJSON struct {
	ID           ID                `json:"id"`
	AnsweredBy   string            `json:"answered_by"`
	TakenAt      string            `json:"taken_at"`
	RuleVersion  string            `json:"rule_version"`
	Answers      map[string]string `json:"answers"`
	Tier         string            `json:"tier"`
	Flags        []triage.ID       `json:"flags"`
	Combinations []string          `json:"combinations"`
	StopsSession bool              `json:"stops_session"`
	Advice       string            `json:"advice"`
}

type referralJSON struct {
	ID         ID      `json:"id"`
	Source     string  `json:"source"`
	Rule       *string `json:"rule"`
	Reason     string  `json:"reason"`
	Tier       string  `json:"tier"`
	Advice     string  `json:"advice"`
	ReferredAt string  `json:"referred_at"`
}

type checkInViewJSON struct {
	AppointmentID ID            `json:"appointment_id"`
	Status        string        `json:"status"`
	Open          bool          `json:"check_in_open"`
	CheckIn       *checkInJSON  `json:"check_in"`
	Referral      *referralJSON `json:"referral"`
}

func checkInOut(v checkin.View) checkInViewJSON {
	out := checkInViewJSON{AppointmentID: ID(v.Appointment.ID), Status: v.Appointment.Status, Open: v.Open}
	if c := v.CheckIn; c != nil {
		r := c.Result
		out.CheckIn = &checkInJSON{ID: ID(c.ID), AnsweredBy: c.AnsweredAs, TakenAt: c.TakenAt.Format(time.RFC3339),
			RuleVersion: r.RuleVersion, Answers: c.Answers, Tier: r.Tier.String(), Flags: r.Flags,
			Combinations: r.Combinations, StopsSession: r.Stops, Advice: r.Advice}
		if out.CheckIn.Combinations == nil {
			out.CheckIn.Combinations = []string{}
		}
	}
	if f := v.Referral; f != nil {
		out.Referral = &referralJSON{ID: ID(f.ID), Source: f.Source, Reason: f.Reason, Tier: f.Tier, Advice: f.Advice,
			ReferredAt: f.ReferredAt.Format(time.RFC3339)}
		if f.RuleID != "" {
			out.Referral.Rule = &f.RuleID
		}
	}
	return out
}

// takeCheckIn: 201 with the appointment's check-in state, the session
// stopped when the answers say so.
func (s *Server) takeCheckIn(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Answers map[string]json.RawMessage `json:"answers"`
	}
	id, err := pathID(r.PathValue("id"))
	if err == nil {
		err = decode(r, &in)
	}
	var v checkin.View
	if err == nil {
		v, err = s.CheckIn.Take(r.Context(), Access(r), id, answerMap(in.Answers))
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, checkInOut(v))
}

func (s *Server) getCheckIn(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r.PathValue("id"))
	var v checkin.View
	if err == nil {
		v, err = s.CheckIn.Get(r.Context(), Access(r), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, checkInOut(v))
}

// refer: 201, a referral is created.
func (s *Server) refer(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Reason string `json:"reason"`
		Rule   string `json:"rule"`
	}
	id, err := pathID(r.PathValue("id"))
	if err == nil {
		err = decode(r, &in)
	}
	var v checkin.View
	if err == nil {
		v, err = s.CheckIn.Refer(r.Context(), Access(r), id, checkin.ReferInput{Reason: in.Reason, Rule: in.Rule})
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, checkInOut(v))
}
