package booking_test

import (
	"context"
	"testing"
	"time"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/booking"
)

func (p *practice) series(start time.Time, every, count int, skip bool) (booking.Series, error) {
	return p.svc.BookSeries(context.Background(), p.client, booking.SeriesInput{
		BookInput:  booking.BookInput{TherapistID: p.therapist.UserID, ServiceID: p.serviceID, Start: start},
		EveryWeeks: every, Count: count, SkipConflicts: skip})
}

// A weekly series keeps 10:00 Berlin time across the change on 25 October.
func TestSeriesKeepsLocalTimeAcrossDST(t *testing.T) {
	p := newPractice(t)
	s, err := p.series(p.at(10, 13, 10, 0), 1, 6, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Appointments) != 6 || len(s.Skipped) != 0 {
		t.Fatalf("%d appointments, %d skipped", len(s.Appointments), len(s.Skipped))
	}
	for i, a := range s.Appointments {
		local := a.LocalStart()
		if local.Hour() != 10 || local.Minute() != 0 || local.Weekday() != time.Tuesday || a.SeriesID != s.ID {
			t.Errorf("occurrence %d at %v (series %d)", i, local, a.SeriesID)
		}
	}
	if a, b := s.Appointments[1].Start, s.Appointments[2].Start; b.Sub(a) != 7*24*time.Hour+time.Hour {
		t.Errorf("across the change the gap is %v, want 7 days and 1 hour", b.Sub(a))
	}
}

func TestSeriesAllOrNothing(t *testing.T) {
	p := newPractice(t)
	if _, err := p.book(p.client2, p.at(10, 27, 10, 30)); err != nil { // collides with the 3rd occurrence
		t.Fatal(err)
	}
	before := p.countLive()
	_, err := p.series(p.at(10, 13, 10, 0), 1, 6, false)
	e := apperr.From(err)
	if e.Problem != "series-conflict" {
		t.Fatalf("series over a booked slot: %v", err)
	}
	conflicts := e.Extra["conflicts"].([]map[string]any)
	if len(conflicts) != 1 || conflicts[0]["start"] != "2026-10-27T10:00:00+01:00" || len(conflicts[0]["alternatives"].([]map[string]string)) != 3 {
		t.Fatalf("conflicts %v", conflicts)
	}
	if p.countLive() != before {
		t.Fatalf("a refused series left %d appointments", p.countLive()-before)
	}
	var series int
	_ = p.d.R().QueryRowContext(context.Background(), `select count(*) from appointment_series`).Scan(&series)
	if series != 0 {
		t.Fatalf("a refused series left its series row")
	}
	s, err := p.series(p.at(10, 13, 10, 0), 1, 6, true)
	if err != nil || len(s.Appointments) != 5 || len(s.Skipped) != 1 {
		t.Fatalf("skip conflicts: %d booked, %v skipped, %v", len(s.Appointments), s.Skipped, err)
	}
}

func TestSeriesValidationAndHorizon(t *testing.T) {
	p := newPractice(t)
	until := booking.Date{Year: 2026, Month: 11, Day: 10}
	tests := []struct {
		name    string
		in      booking.SeriesInput
		problem string
		field   string
	}{
		{"every 3 weeks", booking.SeriesInput{EveryWeeks: 3, Count: 2}, "invalid", "every_weeks"},
		{"53 sessions", booking.SeriesInput{EveryWeeks: 1, Count: 53}, "invalid", "count"},
		{"neither count nor until", booking.SeriesInput{EveryWeeks: 1}, "invalid", "count"},
		{"both count and until", booking.SeriesInput{EveryWeeks: 1, Count: 2, Until: &until}, "invalid", "count"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.in.BookInput = booking.BookInput{TherapistID: p.therapist.UserID, ServiceID: p.serviceID, Start: p.at(10, 13, 10, 0)}
			_, err := p.svc.BookSeries(context.Background(), p.client, tt.in)
			if e := apperr.From(err); e.Problem != tt.problem || e.Fields[tt.field] == "" {
				t.Fatalf("got %v, want %s on %s", err, tt.problem, tt.field)
			}
		})
	}
	// Until is inclusive; the horizon (90 days) binds only the first
	// occurrence: every 4 weeks, 6 times, runs past it.
	s, err := p.svc.BookSeries(context.Background(), p.client, booking.SeriesInput{
		BookInput:  booking.BookInput{TherapistID: p.therapist.UserID, ServiceID: p.serviceID, Start: p.at(10, 13, 10, 0)},
		EveryWeeks: 1, Until: &until})
	if err != nil || len(s.Appointments) != 5 {
		t.Fatalf("until 10 November inclusive: %d, %v", len(s.Appointments), err)
	}
	s, err = p.series(p.at(12, 1, 10, 0), 4, 6, false)
	if err != nil || len(s.Appointments) != 6 {
		t.Fatalf("series past the horizon: %v", err)
	}
	if p.countLive() != 11 {
		t.Fatalf("%d live appointments, want 11", p.countLive())
	}
	cancelled, kept, err := p.svc.CancelSeries(context.Background(), p.client, s.ID, s.Appointments[2].Start, "moving away")
	if err != nil || len(cancelled) != 4 || len(kept) != 0 {
		t.Fatalf("cancel from the third: %v kept %v, %v", cancelled, kept, err)
	}
}
