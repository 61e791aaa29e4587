package booking_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/booking"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/testkit"
)

func problemOf(err error) string {
	if err == nil {
		return ""
	}
	return apperr.From(err).Problem
}

func TestBookAndSlotTaken(t *testing.T) {
	p := newPractice(t)
	a, err := p.book(p.client, p.at(10, 5, 10, 0))
	if err != nil {
		t.Fatal(err)
	}
	if a.Status != "booked" || a.ClientID != p.client.UserID || !a.LocalEnd().Equal(p.at(10, 5, 11, 0)) {
		t.Fatalf("booked %+v", a)
	}
	if _, off := a.LocalStart().Zone(); off != 2*3600 {
		t.Errorf("start in offset %d, want the location's +02:00", off)
	}
	_, err = p.book(p.client2, p.at(10, 5, 10, 30))
	e := apperr.From(err)
	if e.Problem != "slot-taken" {
		t.Fatalf("overlapping booking: %v", err)
	}
	alts := e.Extra["alternatives"].([]map[string]string)
	// Nothing before 10:00 fits (09:00 plus session and buffer reaches
	// 10:15), and the first booking's buffer runs to 11:15.
	want := []string{"2026-10-05T11:15:00+02:00", "2026-10-05T11:30:00+02:00", "2026-10-05T11:45:00+02:00"}
	if len(alts) != 3 {
		t.Fatalf("alternatives %v", alts)
	}
	for i, w := range want {
		if alts[i]["start"] != w {
			t.Errorf("alternative %d = %s, want %s (all: %v)", i, alts[i]["start"], w, alts)
		}
	}
	// The buffer: a session may not start inside the earlier one's buffer.
	if _, err := p.book(p.client2, p.at(10, 5, 11, 0)); problemOf(err) != "slot-taken" {
		t.Errorf("start inside the buffer: %v", err)
	}
	if _, err := p.book(p.client2, p.at(10, 5, 11, 15)); err != nil {
		t.Errorf("start right after the buffer: %v", err)
	}
}

func TestNotBookable(t *testing.T) {
	p := newPractice(t)
	ctx := context.Background()
	if _, err := store.InsertTimeOff(ctx, p.d.W(), p.therapist.UserID, store.TimeOffRow{Start: p.at(10, 6, 12, 0),
		End: p.at(10, 6, 14, 0), Reason: "dentist"}, p.clock.t); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		start time.Time
		field string
	}{
		{"past", p.at(9, 30, 10, 0), "start"},
		{"inside notice", p.at(10, 1, 9, 0), "start"},
		{"beyond horizon", p.at(12, 31, 10, 0), "start"},
		{"sunday", p.at(10, 4, 10, 0), "start"},
		{"before opening", p.at(10, 5, 8, 0), "start"},
		{"ends after closing", p.at(10, 5, 16, 30), "start"},
		{"off the grid", p.at(10, 5, 10, 10), "start"},
		{"not a whole minute", p.at(10, 5, 10, 0).Add(30 * time.Second), "start"},
		{"time off", p.at(10, 6, 12, 30), "start"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := p.book(p.client, tt.start)
			e := apperr.From(err)
			if e.Problem != "not-bookable" || e.Fields[tt.field] == "" {
				t.Fatalf("%v: got %v, want not-bookable naming %s", tt.start, err, tt.field)
			}
		})
	}
	if n := p.countLive(); n != 0 {
		t.Fatalf("%d appointments written by refused bookings", n)
	}
	// Another therapist's service is invalid, not bookable.
	_, err := p.svc.Book(ctx, p.client, booking.BookInput{TherapistID: p.therapist.UserID + 100, ServiceID: p.serviceID, Start: p.at(10, 5, 10, 0)})
	if e := apperr.From(err); e.Problem != "invalid" || e.Fields["service_id"] == "" {
		t.Fatalf("another therapist's service: %v", err)
	}
}

func TestLicenceGatesBooking(t *testing.T) {
	p := newPractice(t)
	// The licence expires on 2027-12-31: a session on that date is not covered.
	p.clock.t = time.Date(2027, 12, 20, 8, 0, 0, 0, time.UTC)
	testkit.Screened(t, p.d.W(), p.client.UserID, p.clock.t) // the first is too old by now
	if _, err := p.book(p.client, time.Date(2027, 12, 31, 10, 0, 0, 0, p.berlin)); problemOf(err) != "not-bookable" {
		t.Fatalf("session on the expiry date: %v", err)
	}
	if _, err := p.book(p.client, time.Date(2027, 12, 30, 10, 0, 0, 0, p.berlin)); err != nil {
		t.Fatalf("session the day before expiry: %v", err)
	}
}

func TestCancelAndReschedule(t *testing.T) {
	p := newPractice(t)
	ctx := context.Background()
	a, err := p.book(p.client, p.at(10, 5, 10, 0))
	if err != nil {
		t.Fatal(err)
	}
	soon, err := p.book(p.client, p.at(10, 2, 10, 0)) // 26 h ahead now
	if err != nil {
		t.Fatal(err)
	}
	p.clock.t = p.clock.t.Add(4 * time.Hour) // now inside soon's 24 h window
	if _, err := p.svc.Cancel(ctx, p.client, soon.ID, "ill"); problemOf(err) != "cancel-window" {
		t.Fatalf("client cancel inside window: %v", err)
	}
	if _, err := p.svc.Reschedule(ctx, p.client, soon.ID, p.at(10, 7, 10, 0)); problemOf(err) != "cancel-window" {
		t.Fatalf("client reschedule inside window: %v", err)
	}
	got, err := p.svc.Cancel(ctx, p.therapist, soon.ID, "therapist ill")
	if err != nil || got.Status != "cancelled" || !got.LateCancel {
		t.Fatalf("therapist cancel inside window: %+v %v", got, err)
	}
	if _, err := p.svc.Cancel(ctx, p.client2, a.ID, "not mine"); !errors.Is(err, apperr.ErrNotFound) {
		t.Fatalf("someone else's appointment: %v", err)
	}
	moved, err := p.svc.Reschedule(ctx, p.client, a.ID, p.at(10, 5, 10, 30))
	if err != nil || moved.ID != a.ID || !moved.LocalStart().Equal(p.at(10, 5, 10, 30)) {
		t.Fatalf("reschedule onto its own old time: %+v %v", moved, err)
	}
	other, err := p.book(p.client2, p.at(10, 5, 14, 0))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.svc.Reschedule(ctx, p.client, a.ID, p.at(10, 5, 14, 0)); problemOf(err) != "slot-taken" {
		t.Fatalf("reschedule onto a taken time: %v", err)
	}
	if _, err := p.svc.Cancel(ctx, p.client2, other.ID, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := p.book(p.client, p.at(10, 5, 14, 0)); err != nil {
		t.Fatalf("a cancelled slot is free again: %v", err)
	}
}

func TestCompletedAndNoShow(t *testing.T) {
	p := newPractice(t)
	ctx := context.Background()
	a, _ := p.book(p.client, p.at(10, 5, 10, 0))
	b, _ := p.book(p.client, p.at(10, 5, 12, 0))
	if _, err := p.svc.MarkNoShow(ctx, p.therapist, b.ID); problemOf(err) != "not-active" {
		t.Fatalf("no-show before the session: %v", err)
	}
	p.clock.t = p.at(10, 5, 12, 30)
	if got, _ := p.svc.Get(ctx, p.client, a.ID); got.Status != "completed" {
		t.Fatalf("ended session status %q, want completed", got.Status)
	}
	if _, err := p.svc.MarkNoShow(ctx, p.client, b.ID); !errors.Is(err, apperr.ErrForbidden) {
		t.Fatalf("client marking no-show: %v", err)
	}
	if got, err := p.svc.MarkNoShow(ctx, p.therapist, b.ID); err != nil || got.Status != "no_show" {
		t.Fatalf("no-show: %+v %v", got, err)
	}
}

// Extra hours on a date open a day the weekly hours leave closed.
func TestExtraHoursOpenADay(t *testing.T) {
	p := newPractice(t)
	sunday := p.at(10, 11, 10, 0)
	if _, err := p.book(p.client, sunday); problemOf(err) != "not-bookable" {
		t.Fatalf("a Sunday without extra hours: %v", err)
	}
	if _, err := store.InsertExtraHours(context.Background(), p.d.W(), p.therapist.UserID, store.ExtraHoursRow{
		LocationID: p.locationID, Day: "2026-10-11", StartMinute: 9 * 60, EndMinute: 12 * 60}); err != nil {
		t.Fatal(err)
	}
	_, slots, err := p.svc.Slots(context.Background(), p.therapist.UserID, p.serviceID, p.at(10, 11, 0, 0), p.at(10, 12, 0, 0))
	if err != nil || len(slots) != 9 { // 09:00 … 11:00 on the 15-minute grid
		t.Fatalf("Sunday slots %d, %v; want 9", len(slots), err)
	}
	if _, err := p.book(p.client, sunday); err != nil {
		t.Fatalf("booking in extra hours: %v", err)
	}
}

// A service removed between a booking's check and its write is refused by
// the write itself: the insert names only a service still offered.
func TestInsertRefusesARemovedService(t *testing.T) {
	p := newPractice(t)
	ctx := context.Background()
	start := p.at(10, 5, 10, 0)
	a := store.Appointment{TherapistID: p.therapist.UserID, ClientID: p.client.UserID, ServiceID: p.service2,
		LocationID: p.locationID, Start: start, End: start.Add(30 * time.Minute), BlocksUntil: start.Add(30 * time.Minute),
		Status: booking.StatusBooked, CreatedBy: p.client.UserID}
	if err := store.ArchiveService(ctx, p.d.W(), p.therapist.UserID, p.service2, p.clock.t); err != nil {
		t.Fatal(err)
	}
	if _, err := store.InsertAppointment(ctx, p.d.W(), a, p.clock.t); !errors.Is(err, store.ErrArchived) {
		t.Fatalf("insert for a removed service: %v, want ErrArchived", err)
	}
	if err := store.ArchiveLocation(ctx, p.d.W(), p.therapist.UserID, p.locationID, p.clock.t); err != nil {
		t.Fatal(err)
	}
	a.ServiceID = p.serviceID
	if _, err := store.InsertAppointment(ctx, p.d.W(), a, p.clock.t); !errors.Is(err, store.ErrArchived) {
		t.Fatalf("insert at a removed location: %v, want ErrArchived", err)
	}
}

// A booking is answered with the appointment exactly as reading it back
// gives it (the answer is built from what the request read, not re-read).
func TestBookAnswersAsGet(t *testing.T) {
	p := newPractice(t)
	a, err := p.book(p.client, p.at(10, 5, 10, 0))
	if err != nil {
		t.Fatal(err)
	}
	got, err := p.svc.Get(context.Background(), p.client, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	utc := func(x store.Appointment) store.Appointment {
		x.Start, x.End, x.BlocksUntil, x.CreatedAt, x.UpdatedAt = x.Start.UTC(), x.End.UTC(), x.BlocksUntil.UTC(), x.CreatedAt.UTC(), x.UpdatedAt.UTC()
		return x
	}
	if !reflect.DeepEqual(utc(a.Appointment), utc(got.Appointment)) || a.Zone.String() != got.Zone.String() {
		t.Errorf("Book answered\n%+v\nreading it back gives\n%+v", a.Appointment, got.Appointment)
	}
}
