package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/booking"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/tz"
)

// bookForClient is a therapist booking a session in their own calendar
// for a client, named by account id or email address.
func (s *Server) bookForClient(w http.ResponseWriter, r *http.Request) {
	f, err := readForm(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	actor := authz.From(r.Context())
	in, err := s.clientBooking(r.Context(), actor, f)
	var a booking.Appointment
	if err == nil {
		a, err = s.Booking.Book(r.Context(), actor, in)
	}
	if err != nil {
		e, ok := problemOf(err)
		if !ok {
			s.fail(w, r, err)
			return
		}
		x := calendarExtra{Book: f}
		x.Book.Errors = map[string]string{}
		for k, msg := range e.Fields {
			if k = strings.TrimSuffix(k, "_id"); k == "client" || k == "service" || k == "start" {
				x.Book.Errors[k] = msg
			} else {
				x.Book.Error = msg
			}
		}
		if len(e.Fields) == 0 {
			x.Book.Error = e.Detail
		}
		if zone, ok := s.serviceZone(r.Context(), actor, in.ServiceID); ok {
			// One-click alternatives fill the same form's date and time.
			for _, alt := range alternativesOf(e.Extra["alternatives"], zone) {
				t, _ := time.Parse(time.RFC3339, alt.Value)
				x.Alternatives = append(x.Alternatives, choiceView{Value: t.In(zone).Format(localLayout), Label: alt.Label})
			}
		}
		s.calendarPage(w, r, e.Status, url.Values{}, x)
		return
	}
	s.Sessions.Put(r.Context(), keyFlash, "Booked: "+a.ServiceName+" for "+a.ClientName+", "+when(a.LocalStart(), a.LocalEnd())+".")
	http.Redirect(w, r, "/therapist/calendar?view=day&date="+booking.DateOf(a.LocalStart()).String(), http.StatusSeeOther)
}

// clientBooking reads the form: the client by id or email, the service,
// and the start as a date and time in the service location's zone.
func (s *Server) clientBooking(ctx context.Context, actor *authz.Principal, f Form) (booking.BookInput, error) {
	in := booking.BookInput{TherapistID: actor.UserID}
	in.ServiceID, _ = strconv.ParseInt(f.Get("service"), 10, 64)
	fields := apperr.Fields{}
	var err error
	in.ClientID, err = s.clientRef(ctx, f.Get("client"))
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return in, err
	}
	fields.Check(err == nil, "client", "No client account has this email address or id.")
	zone, ok := s.serviceZone(ctx, actor, in.ServiceID)
	fields.Check(ok, "service", "Choose one of your services.")
	if ok {
		in.Start, err = time.ParseInLocation(localLayout, f.Get("start"), zone)
		fields.Check(err == nil, "start", "Give the date and the time the session starts.")
	}
	return in, fields.Err()
}

// clientRef finds an account by id or by email address.
func (s *Server) clientRef(ctx context.Context, ref string) (int64, error) {
	ref = strings.TrimSpace(ref)
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil && id > 0 {
		return id, nil
	}
	if !strings.Contains(ref, "@") {
		return 0, store.ErrNotFound
	}
	return store.UserIDByEmail(ctx, s.DB.R(), ref)
}

// serviceZone is the zone of one of the therapist's services' location.
func (s *Server) serviceZone(ctx context.Context, actor *authz.Principal, serviceID int64) (*time.Location, bool) {
	p, err := s.Practice.Get(ctx, actor.UserID)
	if err != nil {
		return nil, false
	}
	for _, svc := range p.Services {
		if svc.ID == serviceID {
			l, _ := locationOf(p.Locations, svc.LocationID)
			return tz.Or(l.TimeZone), true
		}
	}
	return nil, false
}
