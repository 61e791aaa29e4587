package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/practice"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/therapist"
	"github.com/knead/knead/internal/tz"
)

// The set-up forms: each reads its form, calls one practice method, and
// either redirects with a flash or shows the page again with the person's
// input and a message at each field (422). The practice service validates
// and writes in one transaction, so a refused form changes nothing.

func (s *Server) saveProfile(w http.ResponseWriter, r *http.Request) {
	s.setupPost(w, r, "profile", func(f Form, p *setupParser) (string, error) {
		in := practice.ProfileInput{Bio: f.Get("bio"), Gender: f.Get("gender"), Focus: setupNonEmpty(f.Values["back_pain_focus"]),
			PressureRange: [2]int{p.int("pressure_min", "Choose the lightest pressure."), p.int("pressure_max", "Choose the firmest pressure.")},
			YearsBackPain: p.int("years_back_pain", "Give a whole number of years, such as 5.")}
		in.Languages = setupNonEmpty(f.Values["languages"])
		for _, code := range strings.FieldsFunc(f.Get("languages_other"), func(r rune) bool { return r == ',' || r == ' ' }) {
			in.Languages = append(in.Languages, strings.ToLower(code))
		}
		readProfileExtras(f, &in)
		if err := p.err(); err != nil {
			return "", err
		}
		_, err := s.Practice.UpdateProfile(r.Context(), authz.From(r.Context()), in)
		return "Your profile is saved.", err
	})
}

func (s *Server) addLocation(w http.ResponseWriter, r *http.Request) {
	s.setupPost(w, r, "locations", func(f Form, p *setupParser) (string, error) {
		l := readLocation(f, p)
		if err := p.err(); err != nil {
			return "", err
		}
		l, err := s.Practice.AddLocation(r.Context(), authz.From(r.Context()), l)
		return "Location added: " + l.Name + ".", err
	})
}

// readLocation reads the location form, added or changed.
func readLocation(f Form, p *setupParser) therapist.Location {
	return therapist.Location{Name: f.Get("name"), Address: f.Get("address"), TimeZone: f.Get("time_zone"),
		Jurisdiction: strings.ToUpper(strings.TrimSpace(f.Get("jurisdiction"))),
		Lat:          p.float("lat", "Give the latitude as a number, such as 40.7128."),
		Lon:          p.float("lon", "Give the longitude as a number, such as -74.0060.")}
}

func (s *Server) addService(w http.ResponseWriter, r *http.Request) {
	s.setupPost(w, r, "services", func(f Form, p *setupParser) (string, error) {
		v := readService(f, p)
		if err := p.err(); err != nil {
			return "", err
		}
		v, err := s.Practice.AddService(r.Context(), authz.From(r.Context()), v)
		return "Service added: " + v.Name + ".", err
	})
}

// readService reads the service form, added or changed.
func readService(f Form, p *setupParser) therapist.Service {
	v := therapist.Service{Name: f.Get("name"), Technique: f.Get("technique"), Currency: f.Get("currency"),
		LocationID:      p.id("location_id", "Choose one of your locations."),
		DurationMinutes: p.int("duration_minutes", "Give the length in minutes, such as 60."),
		BufferMinutes:   p.intOr("buffer_minutes", 0, "Give the buffer in minutes, such as 10, or 0.")}
	amount, ok := setupParsePrice(f.Get("price"), v.Currency)
	p.check(ok, "price", "Give the price as a number, such as 80 or 80.50.")
	v.PriceAmount = amount
	return v
}

func (s *Server) saveHours(w http.ResponseWriter, r *http.Request) {
	f, err := readForm(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := &setupParser{f: f, bad: apperr.Fields{}}
	locID := p.id("location_id", "Choose one of your locations.")
	weekly, names := readWeek(f, p)
	if err = p.err(); err == nil {
		_, err = s.Practice.SetHours(r.Context(), authz.From(r.Context()), locID, weekly)
		err = setupRenameWeek(err, names)
	}
	s.setupDone(w, r, "hours-"+f.Get("location_id"), f, err, "Your weekly hours are saved.")
}

func (s *Server) addTimeOff(w http.ResponseWriter, r *http.Request) {
	s.setupPost(w, r, "time-off", func(f Form, p *setupParser) (string, error) {
		t := store.TimeOffRow{LocationID: int64(p.intOr("location_id", 0, "Choose a location, or everywhere.")), Reason: strings.TrimSpace(f.Get("reason"))}
		zone, err := s.timeOffZone(r, t.LocationID)
		if err != nil {
			return "", err
		}
		t.Start = p.localTime("start", zone, false)
		t.End = p.localTime("end", zone, true)
		if err := p.err(); err != nil {
			return "", err
		}
		_, err = s.Practice.AddTimeOff(r.Context(), authz.From(r.Context()), t)
		return "Your time off is saved.", setupRename(err, map[string]string{"start": "start_date", "end": "end_date"})
	})
}

// addExtraHours adds working time on one date at one location.
func (s *Server) addExtraHours(w http.ResponseWriter, r *http.Request) {
	s.setupPost(w, r, "extra-hours", func(f Form, p *setupParser) (string, error) {
		locID := int64(p.int("location_id", "Choose a location."))
		if err := p.err(); err != nil {
			return "", err
		}
		_, err := s.Practice.AddExtraHours(r.Context(), authz.From(r.Context()), locID,
			f.Get("date"), strings.TrimSpace(f.Get("start")), strings.TrimSpace(f.Get("end")))
		return "Your extra hours are saved: clients can book them now.", err
	})
}

func (s *Server) saveRules(w http.ResponseWriter, r *http.Request) {
	s.setupPost(w, r, "rules", func(f Form, p *setupParser) (string, error) {
		rules := store.Rules{MinNoticeHours: p.int("min_notice_hours", "Give a whole number of hours, such as 2."),
			HorizonDays:       p.int("horizon_days", "Give a whole number of days, such as 90."),
			CancelWindowHours: p.int("cancel_window_hours", "Give a whole number of hours, such as 24."),
			GridMinutes:       p.int("grid_minutes", "Choose how often sessions may start.")}
		if err := p.err(); err != nil {
			return "", err
		}
		_, err := s.Practice.SetRules(r.Context(), authz.From(r.Context()), rules)
		return "Your booking rules are saved.", err
	})
}

// setupPost reads a form and runs save, which parses it and calls the
// service, returning the flash for success.
func (s *Server) setupPost(w http.ResponseWriter, r *http.Request, section string, save func(Form, *setupParser) (string, error)) {
	f, err := readForm(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	flash, err := save(f, &setupParser{f: f, bad: apperr.Fields{}})
	s.setupDone(w, r, section, f, err, flash)
}

// setupDone redirects back to the section with a flash, or shows the page
// again with the form's messages.
func (s *Server) setupDone(w http.ResponseWriter, r *http.Request, section string, f Form, err error, flash string) {
	if err == nil {
		s.Sessions.Put(r.Context(), keyFlash, flash)
		http.Redirect(w, r, "/therapist/setup?saved="+url.QueryEscape(section)+"#"+section, http.StatusSeeOther)
		return
	}
	if !f.withError(setupRename(err, setupFormNames)) {
		s.fail(w, r, err)
		return
	}
	s.setupPage(w, r, statusOf(err), section, f)
}

// setupFormNames are the inputs that show the service's messages about fields
// the forms split or combine.
var setupFormNames = map[string]string{"pressure_range": "pressure_min"}

// setupRename moves field messages to the inputs that show them.
func setupRename(err error, names map[string]string) error {
	e := apperr.From(err)
	if err == nil || len(e.Fields) == 0 {
		return err
	}
	out := apperr.Fields{}
	for k, msg := range e.Fields {
		if n, ok := names[k]; ok {
			k = n
		}
		out.Add(k, msg)
	}
	return out.Err()
}

// setupWeeklyField is a message of SetHours about one interval: weekly[3].end.
var setupWeeklyField = regexp.MustCompile(`^weekly\[(\d+)\]\.(start|end|weekday)$`)

// setupRenameWeek points SetHours' messages at the grid's inputs; those about
// the whole week or the location become messages about the form.
func setupRenameWeek(err error, names []string) error {
	e := apperr.From(err)
	if err == nil || len(e.Fields) == 0 {
		return err
	}
	out := apperr.Fields{}
	for k, msg := range e.Fields {
		m := setupWeeklyField.FindStringSubmatch(k)
		i := -1
		if m != nil {
			i, _ = strconv.Atoi(m[1])
		}
		if i < 0 || i >= len(names) {
			out.Add("week", msg)
			continue
		}
		day, _, _ := strings.Cut(names[i], "_")
		msg = setupDayLabel(day) + ": " + strings.ToLower(msg[:1]) + msg[1:]
		if m[2] == "end" {
			out.Add(names[i]+"_end", msg)
		} else {
			out.Add(names[i]+"_start", msg)
		}
	}
	return out.Err()
}

// readWeek reads the hours grid: each filled interval becomes one entry,
// and names[i] is the input prefix (monday_1) of entry i.
func readWeek(f Form, p *setupParser) (weekly []practice.DayHours, names []string) {
	for _, day := range setupWeek {
		for i := 1; i <= setupMaxSlots; i++ {
			start, end := setupClock(f.Get(setupSlotName(day, i, "start"))), setupClock(f.Get(setupSlotName(day, i, "end")))
			switch {
			case start == "" && end == "":
				continue
			case start == "":
				p.check(false, setupSlotName(day, i, "start"), setupDayLabel(day)+": give the start too, or clear both times.")
			case end == "":
				p.check(false, setupSlotName(day, i, "end"), setupDayLabel(day)+": give the end too, or clear both times.")
			}
			weekly = append(weekly, practice.DayHours{Weekday: day, Start: start, End: end})
			names = append(names, fmt.Sprintf("%s_%d", day, i))
		}
	}
	return weekly, names
}

// setupClock tidies a typed time: " 9:00" becomes "09:00"; anything else is
// left for the service to judge.
func setupClock(s string) string {
	s = strings.TrimSpace(s)
	if len(s) == 4 && s[1] == ':' {
		s = "0" + s
	}
	return s
}

// timeOffZone is the zone time off is typed in: the location's, or the
// account's for time off everywhere.
func (s *Server) timeOffZone(r *http.Request, locationID int64) (*time.Location, error) {
	me := authz.From(r.Context())
	zone := ""
	if locationID == 0 {
		u, err := s.Accounts.Me(r.Context(), me.UserID)
		if err != nil {
			return nil, err
		}
		zone = setupZone(u.TimeZone)
	} else {
		l, err := store.LocationByID(r.Context(), s.DB.R(), locationID)
		if err == store.ErrNotFound || err == nil && l.TherapistID != me.UserID {
			return nil, apperr.Fields{"location_id": "You have no location with this id."}.Err()
		}
		if err != nil {
			return nil, err
		}
		zone = l.TimeZone
	}
	return tz.Load(zone)
}

// setupParser reads typed values from a form, collecting a message for each
// value that is not of its type; the service judges the rest.
type setupParser struct {
	f   Form
	bad apperr.Fields
}

func (p *setupParser) check(ok bool, name, msg string) { p.bad.Check(ok, name, msg) }

func (p *setupParser) err() error { return p.bad.Err() }

func (p *setupParser) int(name, msg string) int {
	v, err := strconv.Atoi(strings.TrimSpace(p.f.Get(name)))
	p.check(err == nil, name, msg)
	return v
}

// intOr is int with a value for an empty input.
func (p *setupParser) intOr(name string, empty int, msg string) int {
	if strings.TrimSpace(p.f.Get(name)) == "" {
		return empty
	}
	return p.int(name, msg)
}

func (p *setupParser) id(name, msg string) int64 {
	v, err := strconv.ParseInt(strings.TrimSpace(p.f.Get(name)), 10, 64)
	p.check(err == nil && v > 0, name, msg)
	return v
}

func (p *setupParser) float(name, msg string) float64 {
	v, err := strconv.ParseFloat(strings.Replace(strings.TrimSpace(p.f.Get(name)), ",", ".", 1), 64)
	p.check(err == nil, name, msg)
	return v
}

// localTime reads edge_date (YYYY-MM-DD) and edge_time (HH:MM) as a time in
// zone. An empty time is the start of the day, or for an end, its end.
func (p *setupParser) localTime(edge string, zone *time.Location, end bool) time.Time {
	date, clock := strings.TrimSpace(p.f.Get(edge+"_date")), setupClock(p.f.Get(edge+"_time"))
	day, err := time.ParseInLocation("2006-01-02", date, zone)
	if err != nil {
		p.check(false, edge+"_date", "Give the "+edge+" date, such as 2026-12-24.")
		return time.Time{}
	}
	if clock == "" {
		if end {
			return day.AddDate(0, 0, 1)
		}
		return day
	}
	t, err := time.ParseInLocation("2006-01-02 15:04", date+" "+clock, zone)
	p.check(err == nil, edge+"_time", "Give the "+edge+" time as HH:MM, such as 09:00, or leave it empty.")
	return t
}

func setupJoin(xs []string) string { return strings.Join(xs, ", ") }

// setupNonEmpty drops empty values, which mean nothing was ticked.
func setupNonEmpty(xs []string) []string {
	var out []string
	for _, x := range xs {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}
