package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/booking"
	"github.com/knead/knead/internal/outcome"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/waitlist"
)

// apptRow is one appointment as a page shows it, in its location's zone.
type apptRow struct {
	ID, SeriesID             int64
	Start                    string // RFC 3339
	When, Time, Zone         string
	ShowZone                 bool // the calendar is in another zone
	Status, StatusLabel      string
	Therapist, TherapistHref string
	Client                   string
	ClientUnverified         bool
	IntakeHref               string // the client's intake summary, for the therapist
	Service, Location        string
	Active                   bool // booked or held and not started: it may be moved or cancelled
	Locked                   bool // inside the cancellation window: a client must ask the therapist
	WindowHours              int
	CanNoShow                bool
	CheckInToday             bool // booked, today, not ended: the check-in is open
	PainOpen                 bool // pain before and after may be recorded now
	ClientID                 int64
	LateCancel               bool
	CancelReason             string
	Error                    string      // why the last change to it was refused
	Next                     string      // where its forms return to
	Limits                   *limitsView // the client's screening, on the therapist's calendar
}

var statusLabels = map[string]string{booking.StatusBooked: "Booked", booking.StatusHeld: "Held for you",
	booking.StatusCancelled: "Cancelled", booking.StatusCompleted: "Completed", booking.StatusNoShow: "No-show",
	booking.StatusReferred: "Stopped — referred"}

func newApptRow(a booking.Appointment, now time.Time) apptRow {
	start, end := a.LocalStart(), a.LocalEnd()
	live := a.Status == booking.StatusBooked || a.Status == booking.StatusHeld
	return apptRow{ID: a.ID, SeriesID: a.SeriesID, Start: start.Format(time.RFC3339), When: when(start, end),
		Time: clock(start) + "–" + clock(end), Zone: zoneName(start), Status: a.Status, StatusLabel: statusLabels[a.Status],
		Therapist: a.TherapistName, TherapistHref: fmt.Sprintf("/therapists/%d?service=%d", a.TherapistID, a.ServiceID),
		Client: a.ClientName, ClientUnverified: !a.ClientVerified, IntakeHref: fmt.Sprintf("/clients/%d/intake", a.ClientID), Service: a.ServiceName, Location: a.LocationName,
		Active: live && a.Start.After(now), LateCancel: a.LateCancel, CancelReason: a.CancelReason,
		CheckInToday: checkInToday(a, now),
		CanNoShow:    (a.Status == booking.StatusBooked || a.Status == booking.StatusCompleted) && !a.Start.After(now),
		ClientID:     a.ClientID,
		PainOpen: (a.Status == booking.StatusBooked || a.Status == booking.StatusCompleted) &&
			!now.Before(a.Start.Add(-24*time.Hour)) && !now.After(a.End.Add(outcome.SessionPainWindow))}
}

// apptGroup is a single appointment, or every listed occurrence of a series.
type apptGroup struct {
	SeriesID int64
	Title    string // "Every week · Deep tissue with Anna Weber"
	Items    []apptRow
}

type appointmentsView struct {
	Base
	Waiting        []waitView
	Upcoming, Past []apptGroup
	Error          string
}

func (s *Server) showAppointments(w http.ResponseWriter, r *http.Request) {
	s.appointmentsPage(w, r, http.StatusOK, 0, "")
}

// pastMonths is how far back "My appointments" lists.
const pastMonths = 12

// appointmentsPage renders "My appointments", with msg on appointment errID
// when a change to it was refused.
func (s *Server) appointmentsPage(w http.ResponseWriter, r *http.Request, status int, errID int64, msg string) {
	actor, now := authz.From(r.Context()), s.Now()
	list, err := s.Booking.List(r.Context(), actor, store.AppointmentFilter{From: now.AddDate(0, -pastMonths, 0)})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	windows, err := s.cancelWindows(r.Context(), list)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	every := seriesIntervals(list)
	var upcoming, past []apptRow
	for _, a := range list {
		if a.Status == booking.StatusHeld { // a waitlist offer: shown with the waitlist
			continue
		}
		row := newApptRow(a, now)
		row.WindowHours = windows[a.TherapistID]
		row.Locked = row.Active && a.Start.Sub(now) < time.Duration(row.WindowHours)*time.Hour
		row.Next = "/appointments"
		if a.ID == errID {
			row.Error = msg
		}
		if a.End.After(now) {
			upcoming = append(upcoming, row)
		} else {
			past = append(past, row)
		}
	}
	slices.Reverse(past)
	entries, err := s.Waitlist.List(r.Context(), actor)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := appointmentsView{Base: s.base(r, "My appointments"), Upcoming: groupSeries(upcoming, every),
		Past: groupSeries(past, every)}
	for _, e := range entries {
		if e.Status == waitlist.Waiting || e.Status == waitlist.Offered {
			v.Waiting = append(v.Waiting, newWaitView(e))
		}
	}
	if errID != 0 {
		v.Error = msg
	}
	s.render(w, r, status, "appointments", v)
}

// cancelWindows reads each therapist's cancellation window in hours.
func (s *Server) cancelWindows(ctx context.Context, list []booking.Appointment) (map[int64]int, error) {
	out := map[int64]int{}
	for _, a := range list {
		if _, ok := out[a.TherapistID]; ok {
			continue
		}
		rules, err := store.BookingRules(ctx, s.DB.R(), a.TherapistID)
		if err != nil {
			return nil, err
		}
		out[a.TherapistID] = rules.CancelWindowHours
	}
	return out, nil
}

// seriesIntervals says how many weeks apart each series' sessions are,
// from its first two listed occurrences (local dates, so daylight saving
// does not matter).
func seriesIntervals(list []booking.Appointment) map[int64]int {
	first := map[int64]time.Time{}
	out := map[int64]int{}
	for _, a := range list {
		if a.SeriesID == 0 || out[a.SeriesID] != 0 {
			continue
		}
		if f, ok := first[a.SeriesID]; ok {
			out[a.SeriesID] = max(daysBetween(booking.DateOf(f.In(a.Zone)), booking.DateOf(a.LocalStart()))/7, 1)
			continue
		}
		first[a.SeriesID] = a.Start
	}
	return out
}

// groupSeries keeps rows in order, gathering a series' rows where its
// first one is.
func groupSeries(rows []apptRow, every map[int64]int) []apptGroup {
	var out []apptGroup
	at := map[int64]int{}
	for _, row := range rows {
		if i, ok := at[row.SeriesID]; ok && row.SeriesID != 0 {
			out[i].Items = append(out[i].Items, row)
			continue
		}
		g := apptGroup{SeriesID: row.SeriesID, Items: []apptRow{row}}
		if row.SeriesID != 0 {
			at[row.SeriesID] = len(out)
			g.Title = seriesTitle(every[row.SeriesID]) + " · " + row.Service + " with " + row.Therapist
		}
		out = append(out, g)
	}
	return out
}

func seriesTitle(weeks int) string {
	switch weeks {
	case 0:
		return "Series"
	case 1:
		return "Every week"
	}
	return fmt.Sprintf("Every %d weeks", weeks)
}

// backTo is where a change returns: the form's next, or the person's list.
func backTo(r *http.Request, f Form) string {
	def := "/appointments"
	if p := authz.From(r.Context()); p != nil && p.Role == authz.RoleTherapist {
		def = "/therapist/calendar"
	}
	return localPath(f.Get("next"), def)
}

// refused shows why a change was refused on the page it came from: the
// calendar for therapists, "My appointments" for clients.
func (s *Server) refused(w http.ResponseWriter, r *http.Request, f Form, id int64, err error) {
	e, ok := problemOf(err)
	if !ok {
		s.fail(w, r, err)
		return
	}
	if p := authz.From(r.Context()); p.Role == authz.RoleTherapist {
		q := url.Values{}
		if u, err := url.Parse(backTo(r, f)); err == nil {
			q = u.Query()
		}
		s.calendarPage(w, r, e.Status, q, calendarExtra{ErrID: id, Error: problemMessage(e)})
		return
	}
	s.appointmentsPage(w, r, e.Status, id, problemMessage(e))
}

// daysBetween counts the days from a to b.
func daysBetween(a, b booking.Date) int {
	day := func(d booking.Date) time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }
	return int(day(b).Sub(day(a)).Hours() / 24)
}
