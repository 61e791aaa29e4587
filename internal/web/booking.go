package web

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/booking"
	"github.com/knead/knead/internal/therapist"
)

// bookingRoutes registers therapist profiles with free slots, booking,
// "My appointments" and the therapist's calendar.
func (s *Server) bookingRoutes(rt *authz.Router) {
	people := authz.Role(authz.RoleClient, authz.RoleTherapist)
	rt.Handle("GET /therapists/{id}", authz.Public, s.showTherapist)
	rt.Handle("GET /therapists/{id}/book", authz.Clients, s.showBook)
	rt.Handle("POST /therapists/{id}/book", authz.Clients, s.book)
	rt.Handle("GET /appointments", authz.Clients, s.showAppointments)
	rt.Handle("POST /appointments/{id}/cancel", people, s.cancelAppointment)
	rt.Handle("GET /appointments/{id}/reschedule", people, s.showReschedule)
	rt.Handle("POST /appointments/{id}/reschedule", people, s.reschedule)
	rt.Handle("POST /appointments/{id}/no-show", authz.Therapists, s.markNoShow)
	rt.Handle("POST /series/{id}/cancel", people, s.cancelSeries)
	s.waitlistRoutes(rt)
	s.checkInRoutes(rt)
	rt.Handle("GET /therapist/calendar", authz.Therapists, s.showCalendar)
	rt.Handle("POST /therapist/calendar/book", authz.Therapists, s.bookForClient)
}

// pathID reads a numeric id from the path; anything else is not-found.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.ErrNotFound
	}
	return id, nil
}

// idAndForm reads the record id of the path and the posted form; on a bad
// request it has already answered and ok is false.
func (s *Server) idAndForm(w http.ResponseWriter, r *http.Request) (id int64, f Form, ok bool) {
	id, err := pathID(r)
	if err == nil {
		f, err = readForm(r)
	}
	if err != nil {
		s.fail(w, r, err)
		return 0, f, false
	}
	return id, f, true
}

// moneyStyles says how to write an amount of money in each currency:
// symbol, whether it goes first, and the decimal and group separators.
var moneyStyles = map[string]struct {
	symbol        string
	prefix        bool
	decimal, sep  string
	decimalDigits int
}{
	"USD": {"$", true, ".", ",", 2},
	"CAD": {"CA$", true, ".", ",", 2},
	"AUD": {"A$", true, ".", ",", 2},
	"GBP": {"£", true, ".", ",", 2},
	"EUR": {"€", false, ",", ".", 2},
	"CHF": {"CHF ", true, ".", "’", 2},
	"SEK": {"kr", false, ",", "\u00a0", 2},
	"NOK": {"kr", false, ",", "\u00a0", 2},
	"DKK": {"kr.", false, ",", ".", 2},
	"PLN": {"zł", false, ",", "\u00a0", 2},
	"JPY": {"¥", true, ".", ",", 0},
}

// formatMoney writes minor units of a currency as people read them:
// 9000 USD is "$90.00", 9000 EUR is "90,00 €" (with a no-break space).
func formatMoney(amount int64, currency string) string {
	c, ok := moneyStyles[strings.ToUpper(currency)]
	if !ok {
		c.decimal, c.sep, c.decimalDigits = ".", ",", 2
	}
	neg := amount < 0
	if neg {
		amount = -amount
	}
	unit := int64(1)
	for range c.decimalDigits {
		unit *= 10
	}
	whole := strconv.FormatInt(amount/unit, 10)
	for i := len(whole) - 3; i > 0; i -= 3 {
		whole = whole[:i] + c.sep + whole[i:]
	}
	num := whole
	if c.decimalDigits > 0 {
		num += c.decimal + fmt.Sprintf("%0*d", c.decimalDigits, amount%unit)
	}
	if neg {
		num = "−" + num
	}
	switch {
	case !ok:
		return num + "\u00a0" + strings.ToUpper(currency)
	case c.prefix:
		return c.symbol + num
	}
	return num + "\u00a0" + c.symbol
}

// twelveHour reports whether people in zone read times as "5:00 PM".
func twelveHour(zone *time.Location) bool {
	name := zone.String()
	return strings.HasPrefix(name, "America/") && name != "America/Mexico_City" || strings.HasPrefix(name, "US/") ||
		strings.HasPrefix(name, "Australia/") || name == "Pacific/Honolulu"
}

// clock writes t's wall-clock time in its own zone.
func clock(t time.Time) string {
	if twelveHour(t.Location()) {
		return t.Format("3:04 PM")
	}
	return t.Format("15:04")
}

// dayName writes t's date: "Monday 5 October".
func dayName(t time.Time) string { return t.Format("Monday 2 January") }

// when writes a session's date and times: "Monday 5 October 2026, 10:00–11:00".
func when(start, end time.Time) string {
	return start.Format("Monday 2 January 2006") + ", " + clock(start) + "–" + clock(end)
}

// zoneName says which zone times are in: "Europe/Berlin (CEST)".
func zoneName(t time.Time) string {
	abbr, _ := t.Zone()
	if abbr == "" || abbr[0] == '+' || abbr[0] == '-' || abbr == t.Location().String() {
		return t.Location().String()
	}
	return t.Location().String() + " (" + abbr + ")"
}

// midnight is the start of local date d in zone.
func midnight(d booking.Date, zone *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, zone)
}

// dateParam reads a YYYY-MM-DD query value, or def.
func dateParam(r *http.Request, name string, def booking.Date) booking.Date {
	if d, err := booking.ParseDate(r.URL.Query().Get(name)); err == nil {
		return d
	}
	return def
}

// serviceView is a session type as people choose it.
type serviceView struct {
	ID        int64
	Name      string
	Technique string
	Minutes   int
	Price     string
	Location  string
	Href      string
	Selected  bool
}

func newServiceView(svc therapist.Service, locs []therapist.Location) serviceView {
	v := serviceView{ID: svc.ID, Name: svc.Name, Technique: svc.Technique, Minutes: svc.DurationMinutes,
		Price: formatMoney(svc.PriceAmount, svc.Currency)}
	if l, ok := locationOf(locs, svc.LocationID); ok {
		v.Location = l.Name
		if l.City != "" {
			v.Location += ", " + l.City
		}
	}
	return v
}

func locationOf(locs []therapist.Location, id int64) (therapist.Location, bool) {
	for _, l := range locs {
		if l.ID == id {
			return l, true
		}
	}
	return therapist.Location{}, false
}

// problemOf tells an error a person can act on (a conflict, a refused time,
// a field) from one that belongs on an error page.
func problemOf(err error) (*apperr.Error, bool) {
	e := apperr.From(err)
	switch e.Status {
	case http.StatusConflict, http.StatusUnprocessableEntity:
		return e, true
	case http.StatusForbidden:
		return e, e.Problem != apperr.ErrForbidden.Problem
	}
	return e, false
}

// problemMessage is an error's message for a page: its detail, or its field
// messages.
func problemMessage(e *apperr.Error) string {
	if e.Detail != "" && len(e.Fields) == 0 {
		return e.Detail
	}
	msgs := slices.Sorted(maps.Values(e.Fields))
	if len(msgs) == 0 {
		return e.Title
	}
	return strings.Join(msgs, " ")
}
