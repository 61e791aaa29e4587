package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/knead/knead/internal/outcome"
	"github.com/knead/knead/internal/tz"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/booking"
	"github.com/knead/knead/internal/practice"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/therapist"
)

type profileView struct {
	Base
	Profile    therapist.Profile
	Techniques []string
	Focus      []string
	Locations  []locationView
	Services   []serviceView
	Service    serviceView // the chosen one; zero when there are none
	Week       slotWeek
	Bookable   bool   // a verified licence covers the chosen service's location
	Viewer     string // visitor, client, therapist, self or admin
	SignIn     string // "Sign in to book", back here
	Photo      string // the large photo's address, "" when there is none
	Access     []string
	Canonical  string // the absolute readable address
	JSONLD     any    // schema.org, see profile_jsonld.go
	Outcomes   outcome.Summary
	Gate       *gateView
}

type locationView struct {
	ID                                      int64
	Name, Address, City, Zone, Jurisdiction string
	Verified                                bool         // bookable here by the deployment's credential rule
	Licence                                 *licenceView // the credential that makes it so
}

// slotWeek is a week of free starts, grouped by local day.
type slotWeek struct {
	Zone       string // "Europe/Berlin (CEST)"
	Range      string // "5–11 October 2026"
	Days       []slotDay
	Prev, Next string // links to the weeks around; Prev is "" for this week
	Count      int
}

type slotDay struct {
	Date, Label, Short string
	Slots              []slotView
}

type slotView struct {
	Start string // RFC 3339 in the location's offset
	Time  string // "10:00"
	Day   string // "Monday 5 October", for assistive technology
	Href  string
}

var focusLabels = map[string]string{"low_back": "Low back", "upper_back": "Upper back", "neck": "Neck",
	"sciatica": "Sciatica", "pregnancy": "Pregnancy", "sports": "Sports injuries"}

// showProfile renders a therapist's public profile (see showTherapist).
func (s *Server) showProfile(w http.ResponseWriter, r *http.Request, p practice.Practice) {
	id, self := p.Profile.ID, profilePath(p.Profile)
	v := profileView{Base: s.base(r, p.Profile.Name), Profile: p.Profile, Viewer: viewerOf(authz.From(r.Context()), id),
		SignIn: "/signin?next=" + url.QueryEscape(r.URL.RequestURI())}
	var err error
	if v.Locations, err = s.locationViews(r.Context(), p); err == nil {
		err = s.profileExtras(r.Context(), p, &v)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Techniques, v.Focus = techniquesOf(p.Services), focusOf(p.Profile.Focus)
	if v.Gate, err = s.clientGate(r); err != nil {
		s.fail(w, r, err)
		return
	}
	param := r.URL.Query().Get("service")
	if i := slices.IndexFunc(p.Services, func(sv therapist.Service) bool { return strconv.FormatInt(sv.ID, 10) == param }); i >= 0 &&
		!v.Gate.Allows(p.Services[i].Technique) {
		param = "" // not offered to this client: show the first that is
	}
	p.Services = slices.DeleteFunc(p.Services, func(sv therapist.Service) bool { return !v.Gate.Allows(sv.Technique) })
	if len(p.Services) == 0 {
		s.render(w, r, http.StatusOK, "therapist_profile", v)
		return
	}
	svc, err := chosenService(p.Services, param)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	loc, _ := locationOf(p.Locations, svc.LocationID)
	zone := tz.Or(loc.TimeZone)
	today := booking.DateOf(s.Now().In(zone))
	start := laterDate(dateParam(r, "week", today), today)
	for _, sv := range p.Services {
		sv := newServiceView(sv, p.Locations)
		sv.Href = fmt.Sprintf("%s?service=%d&week=%s", self, sv.ID, start)
		sv.Selected = sv.ID == svc.ID
		v.Services = append(v.Services, sv)
	}
	v.Service = newServiceView(svc, p.Locations)
	for _, l := range v.Locations {
		v.Bookable = v.Bookable || l.Verified && l.ID == loc.ID && !v.Gate.Stops()
	}
	links := weekLinks{
		week: func(d booking.Date) string { return fmt.Sprintf("%s?service=%d&week=%s", self, svc.ID, d) },
		slot: func(t time.Time) string {
			return fmt.Sprintf("/therapists/%d/book?service=%d&start=%s", id, svc.ID, url.QueryEscape(t.Format(time.RFC3339)))
		},
	}
	if v.Week, err = s.slotWeek(r.Context(), id, svc.ID, zone, start, today, links); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "therapist_profile", v)
}

// viewerOf says who looks at therapist id's profile.
func viewerOf(p *authz.Principal, id int64) string {
	switch {
	case p == nil:
		return "visitor"
	case p.UserID == id:
		return "self"
	}
	return p.Role
}

// laterDate is the later of two dates.
func laterDate(a, b booking.Date) booking.Date {
	if a.Before(b) {
		return b
	}
	return a
}

func chosenService(svcs []therapist.Service, param string) (therapist.Service, error) {
	if param == "" {
		return svcs[0], nil
	}
	id, _ := strconv.ParseInt(param, 10, 64)
	for _, s := range svcs {
		if s.ID == id {
			return s, nil
		}
	}
	return therapist.Service{}, apperr.ErrNotFound.With("This therapist offers no such service.")
}

func (s *Server) locationViews(ctx context.Context, p practice.Practice) ([]locationView, error) {
	out := make([]locationView, 0, len(p.Locations))
	today := s.Practice.Today()
	for _, l := range p.Locations {
		c, ok, err := store.BookingCredential(ctx, s.DB.R(), s.bookability(), p.Profile.ID, l.Jurisdiction, today)
		if err != nil {
			return nil, err
		}
		lv := locationView{ID: l.ID, Name: l.Name, Address: l.Address, City: l.City, Zone: l.TimeZone,
			Jurisdiction: l.Jurisdiction, Verified: ok}
		if ok {
			lv.Licence = newLicenceView(c)
		}
		out = append(out, lv)
	}
	return out, nil
}

func techniquesOf(svcs []therapist.Service) []string {
	var out []string
	for _, t := range therapist.Techniques {
		if slices.ContainsFunc(svcs, func(s therapist.Service) bool { return s.Technique == t }) {
			out = append(out, t)
		}
	}
	return out
}

func focusOf(codes []string) []string {
	out := make([]string, 0, len(codes))
	for _, c := range codes {
		if n, ok := focusLabels[c]; ok {
			out = append(out, n)
		}
	}
	return out
}

// weekLinks makes the addresses of a week's navigation and of each slot
// (nil when slots are buttons in a form).
type weekLinks struct {
	week func(booking.Date) string
	slot func(time.Time) string
}

// slotWeek reads the free starts of one service over the seven local days
// from start, at most one Slots call.
func (s *Server) slotWeek(ctx context.Context, therapistID, serviceID int64, zone *time.Location, start, today booking.Date, links weekLinks) (slotWeek, error) {
	from, to := midnight(start, zone), midnight(start.AddDays(7), zone)
	zone, slots, err := s.Booking.Slots(ctx, therapistID, serviceID, from, to)
	if err != nil {
		return slotWeek{}, err
	}
	last := midnight(start.AddDays(6), zone)
	w := slotWeek{Zone: zoneName(from.In(zone)), Range: dateRange(from.In(zone), last), Next: links.week(start.AddDays(7)),
		Count: len(slots)}
	if today.Before(start) {
		w.Prev = links.week(laterDate(start.AddDays(-7), today))
	}
	byDay := map[booking.Date][]slotView{}
	for _, sl := range slots {
		t := sl.Start.In(zone)
		v := slotView{Start: t.Format(time.RFC3339), Time: clock(t), Day: dayName(t)}
		if links.slot != nil {
			v.Href = links.slot(t)
		}
		byDay[booking.DateOf(t)] = append(byDay[booking.DateOf(t)], v)
	}
	for i := range 7 {
		d := start.AddDays(i)
		m := midnight(d, zone)
		w.Days = append(w.Days, slotDay{Date: d.String(), Label: dayName(m), Short: m.Format("Mon 2 Jan"), Slots: byDay[d]})
	}
	return w, nil
}

// dateRange writes "5–11 October 2026" or "28 September – 4 October 2026".
func dateRange(a, b time.Time) string {
	switch {
	case a.Year() != b.Year():
		return a.Format("2 January 2006") + " – " + b.Format("2 January 2006")
	case a.Month() != b.Month():
		return a.Format("2 January") + " – " + b.Format("2 January 2006")
	}
	return a.Format("2") + "–" + b.Format("2 January 2006")
}
