package booking

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/calendar"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/tz"
)

// Calendar writes calendar files of appointments and series, and keeps
// each person's secret feed URL (issue 5). It reads through the booking
// service, so the same people see the same appointments as in the API.
type Calendar struct {
	s    *Service
	base string // the deployment's public URL: feed URLs start with it
	host string // its host: the right-hand side of every UID
}

// NewCalendar returns the calendar export over s; baseURL is the public
// URL (config.Config.BaseURL).
func NewCalendar(s *Service, baseURL string) *Calendar {
	host := "knead"
	if u, err := url.Parse(baseURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	return &Calendar{s: s, base: strings.TrimSuffix(baseURL, "/"), host: host}
}

// AppointmentFile is one appointment the actor may see as a calendar file.
func (c *Calendar) AppointmentFile(ctx context.Context, actor *authz.Principal, id int64) ([]byte, error) {
	a, err := c.s.Get(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	return calendar.Write(calendar.Feed{}, []calendar.Event{c.event(a, actor)}), nil
}

// SeriesFile is a series the actor is part of as one repeating event.
func (c *Calendar) SeriesFile(ctx context.Context, actor *authz.Principal, id int64) ([]byte, error) {
	series, err := store.SeriesByID(ctx, c.s.db.R(), id)
	if errors.Is(err, store.ErrNotFound) || err == nil && series.ClientID != actor.UserID && series.TherapistID != actor.UserID {
		return nil, apperr.ErrNotFound.With("No series of yours has this id.")
	}
	if err != nil {
		return nil, err
	}
	rows, err := store.Appointments(ctx, c.s.db.R(), store.AppointmentFilter{SeriesID: id})
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 { // a saved series has at least one appointment
		return nil, apperr.ErrNotFound.With("No series of yours has this id.")
	}
	out := calendar.Series{Zone: tz.Or(series.TimeZone), FirstStart: series.FirstStart, RRule: series.RRule}
	changed := series.CreatedAt
	for _, row := range rows {
		a := c.s.present(row)
		if a.Status != StatusCancelled {
			out.Live = append(out.Live, c.event(a, actor))
			if out.Duration == 0 {
				out.Duration = a.End.Sub(a.Start)
			}
		}
		if a.UpdatedAt.After(changed) {
			changed = a.UpdatedAt
		}
	}
	if out.Duration == 0 {
		out.Duration = rows[0].End.Sub(rows[0].Start)
	}
	out.Event = c.event(c.s.present(rows[0]), actor)
	out.UID = fmt.Sprintf("series-%d@%s", id, c.host)
	out.Changed, out.Sequence = changed, sequence(series.CreatedAt, changed)
	return calendar.WriteSeries(out)
}

// event is an appointment as the actor's calendar shows it. A client sees
// the service and the therapist; a therapist sees the client first. Nothing
// from screenings, notes or cancellation reasons goes in: calendars are
// shared and synced to places knead does not control.
func (c *Calendar) event(a Appointment, actor *authz.Principal) calendar.Event {
	summary := a.ServiceName + " with " + a.TherapistName
	if actor.UserID == a.TherapistID {
		summary = a.ClientName + " – " + a.ServiceName
	}
	var where []string
	for _, s := range []string{a.LocationName, a.LocationAddress, a.LocationCity} {
		if s = strings.TrimSpace(s); s != "" && !strings.Contains(strings.Join(where, ", "), s) {
			where = append(where, s)
		}
	}
	return calendar.Event{UID: fmt.Sprintf("appointment-%d@%s", a.ID, c.host), Start: a.Start, End: a.End,
		Summary: summary, Location: strings.Join(where, ", "), Cancelled: a.Status == StatusCancelled,
		Sequence: sequence(a.CreatedAt, a.UpdatedAt), Changed: a.UpdatedAt}
}

// sequence numbers the revisions of an event: the seconds from its
// creation to its last change. Every reschedule or cancellation touches
// updated_at, so the number grows as RFC 5545 asks, with no counter to keep.
func sequence(created, changed time.Time) int {
	return max(int(changed.Sub(created)/time.Second), 0)
}

// File is a calendar file of appointments as one side sees them: the
// attachment of a booking's notice.
func (c *Calendar) File(rows []store.Appointment, viewerID int64) []byte {
	events := make([]calendar.Event, len(rows))
	for i, row := range rows {
		events[i] = c.event(c.s.present(row), &authz.Principal{UserID: viewerID})
	}
	return calendar.Write(calendar.Feed{}, events)
}
