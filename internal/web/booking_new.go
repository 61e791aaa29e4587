package web

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/booking"
	"github.com/knead/knead/internal/tz"
)

// bookView confirms one session or a series, and shows why it could not be
// booked: taken slots with alternatives, a series' conflicts.
type bookView struct {
	Base
	Therapist    string
	ProfileHref  string
	Service      serviceView
	When, Zone   string
	Start        string // RFC 3339; "" when the address named no valid time
	Form         Form   // every_weeks, count
	Error        string
	Alternatives []choiceView
	Conflicts    []conflictView
	CanSkip      bool   // some occurrences are free: offer to book those
	Skip         string // what booking those does
	Action       string
	Repeats      []choiceView
	Gate         *gateView // the client's screening stops this booking
}

// choiceView is one free start offered as a one-click choice.
type choiceView struct{ Value, Label string }

type conflictView struct {
	When, Reason string
	Alternatives []string
}

var repeatChoices = []choiceView{{"0", "Just this session"}, {"1", "Every week"}, {"2", "Every 2 weeks"}, {"4", "Every 4 weeks"}}

// bookPage reads the therapist, service and start named by values.
func (s *Server) bookPage(r *http.Request, values url.Values) (bookView, *time.Location, error) {
	id, err := pathID(r)
	if err != nil {
		return bookView{}, nil, err
	}
	p, err := s.Practice.Get(r.Context(), id)
	if err != nil {
		return bookView{}, nil, err
	}
	if values.Get("service") == "" || len(p.Services) == 0 {
		return bookView{}, nil, apperr.ErrNotFound.With("Choose a service on the therapist’s page.")
	}
	svc, err := chosenService(p.Services, values.Get("service"))
	if err != nil {
		return bookView{}, nil, err
	}
	loc, _ := locationOf(p.Locations, svc.LocationID)
	zone := tz.Or(loc.TimeZone)
	v := bookView{Base: s.base(r, "Book a session"), Therapist: p.Profile.Name, Repeats: repeatChoices,
		ProfileHref: fmt.Sprintf("/therapists/%d?service=%d", id, svc.ID), Service: newServiceView(svc, p.Locations),
		Form: Form{Values: url.Values{"every_weeks": {"0"}, "count": {"6"}}}, Action: fmt.Sprintf("/therapists/%d/book", id)}
	for _, k := range []string{"every_weeks", "count", "until"} {
		if x := values.Get(k); x != "" {
			v.Form.Values.Set(k, x)
		}
	}
	// A "+" typed into an address arrives as a space.
	start, err := time.Parse(time.RFC3339, strings.Replace(values.Get("start"), " ", "+", 1))
	if err != nil {
		v.Error = "This address names no time. Choose one of the free times on the therapist’s page."
		return v, zone, nil
	}
	start = start.In(zone)
	v.Start, v.Zone = start.Format(time.RFC3339), zoneName(start)
	v.When = when(start, start.Add(time.Duration(svc.DurationMinutes)*time.Minute))
	v.ProfileHref += "&week=" + booking.DateOf(start).String()
	return v, zone, nil
}

func (s *Server) showBook(w http.ResponseWriter, r *http.Request) {
	v, _, err := s.bookPage(r, r.URL.Query())
	var g *gateView
	if err == nil {
		g, err = s.clientGate(r)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if v.Gate = g.For(v.Service.Technique); v.Gate != nil {
		v.Start = "" // nothing to confirm: the notice says why and where to go
	}
	s.render(w, r, http.StatusOK, "booking_new", v)
}

func (s *Server) book(w http.ResponseWriter, r *http.Request) {
	f, err := readForm(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, zone, err := s.bookPage(r, f.Values)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if v.Start == "" {
		s.render(w, r, http.StatusUnprocessableEntity, "booking_new", v)
		return
	}
	start, _ := time.Parse(time.RFC3339, v.Start)
	id, _ := pathID(r)
	in := booking.BookInput{TherapistID: id, ServiceID: v.Service.ID, Start: start}
	every, _ := strconv.Atoi(f.Get("every_weeks"))
	var flash string
	if every == 0 {
		_, err = s.Booking.Book(r.Context(), authz.From(r.Context()), in)
		flash = "Booked: " + v.Service.Name + " with " + v.Therapist + ", " + v.When + "."
	} else {
		count, _ := strconv.Atoi(f.Get("count"))
		si := booking.SeriesInput{BookInput: in, EveryWeeks: every, Count: count, SkipConflicts: f.Get("skip_conflicts") == "yes"}
		if u := strings.TrimSpace(f.Get("until")); u != "" {
			d, derr := booking.ParseDate(u)
			if derr != nil {
				err = apperr.Fields{"until": "Give the last date as YYYY-MM-DD, or leave it empty."}.Err()
			}
			si.Until, si.Count = &d, 0 // an end date replaces the number of sessions
		}
		var sr booking.Series
		if err == nil {
			sr, err = s.Booking.BookSeries(r.Context(), authz.From(r.Context()), si)
			flash = seriesFlash(v, sr, every, zone)
		}
	}
	if g, ok := gateOf(err); ok {
		v.Gate, v.Start = g, ""
		s.render(w, r, http.StatusForbidden, "booking_new", v)
		return
	}
	if err != nil {
		e, ok := problemOf(err)
		if !ok {
			s.fail(w, r, err)
			return
		}
		v.explain(e, zone)
		s.render(w, r, e.Status, "booking_new", v)
		return
	}
	s.Sessions.Put(r.Context(), keyFlash, flash)
	http.Redirect(w, r, "/appointments", http.StatusSeeOther)
}

// explain puts a refusal on the page: field messages by their fields, a
// taken slot's alternatives, a series' conflicts.
func (v *bookView) explain(e *apperr.Error, zone *time.Location) {
	var other []string
	for _, k := range slices.Sorted(maps.Keys(e.Fields)) {
		msg := e.Fields[k]
		if k == "every_weeks" || k == "count" || k == "until" {
			if v.Form.Errors == nil {
				v.Form.Errors = map[string]string{}
			}
			v.Form.Errors[k] = msg
		} else {
			other = append(other, msg)
		}
	}
	switch {
	case len(other) > 0:
		v.Error = strings.Join(other, " ")
	case len(e.Fields) == 0:
		v.Error = e.Detail
	}
	v.Alternatives = alternativesOf(e.Extra["alternatives"], zone)
	conflicts, _ := e.Extra["conflicts"].([]map[string]any)
	for _, c := range conflicts {
		start, _ := c["start"].(string)
		reason, _ := c["reason"].(string)
		cv := conflictView{When: instantLabel(start, zone), Reason: reason}
		for _, a := range alternativesOf(c["alternatives"], zone) {
			// On the same day the time alone says it.
			cv.Alternatives = append(cv.Alternatives, strings.TrimPrefix(a.Label, dayOf(start, zone)+" at "))
		}
		v.Conflicts = append(v.Conflicts, cv)
	}
	count, _ := strconv.Atoi(v.Form.Get("count"))
	free, taken := count-len(v.Conflicts), len(v.Conflicts)
	if v.Form.Get("until") != "" { // with an end date the service said only what conflicts
		free = max(free, 1)
	}
	v.CanSkip = taken > 0 && free > 0
	v.Skip = fmt.Sprintf("Book the %d %s free and leave out the %d above? You can book %s separately.",
		free, plural(free, "session that is", "sessions that are"), taken, plural(taken, "that one", "those"))
}

// alternativesOf reads the "alternatives" of a problem as choices.
func alternativesOf(x any, zone *time.Location) []choiceView {
	alts, _ := x.([]map[string]string)
	out := make([]choiceView, 0, len(alts))
	for _, a := range alts {
		out = append(out, choiceView{Value: a["start"], Label: instantLabel(a["start"], zone)})
	}
	return out
}

// dayOf writes an RFC 3339 instant's day in zone: "Monday 5 October".
func dayOf(s string, zone *time.Location) string {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return s
	}
	return dayName(t.In(zone))
}

// instantLabel writes an RFC 3339 instant as "Monday 5 October at 10:00"
// in zone.
func instantLabel(s string, zone *time.Location) string {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return s
	}
	t = t.In(zone)
	return dayName(t) + " at " + clock(t)
}

func seriesFlash(v bookView, sr booking.Series, every int, zone *time.Location) string {
	how := "every week"
	if every > 1 {
		how = fmt.Sprintf("every %d weeks", every)
	}
	n := len(sr.Appointments)
	msg := fmt.Sprintf("Booked %d %s of %s with %s, %s from %s.", n, plural(n, "session", "sessions"), v.Service.Name,
		v.Therapist, how, v.When)
	if len(sr.Skipped) > 0 {
		var days []string
		for _, sk := range sr.Skipped {
			days = append(days, dayName(sk.Start.In(zone)))
		}
		msg += " Skipped: " + strings.Join(days, ", ") + "."
	}
	return msg
}
