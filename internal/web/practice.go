package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/practice"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/therapist"
)

// practiceRoutes registers the therapist's set-up page and its forms.
func (s *Server) practiceRoutes(rt *authz.Router) {
	rt.Handle("GET /therapist/setup", authz.Therapists, s.showSetup)
	rt.Handle("POST /therapist/setup/profile", authz.Therapists, s.saveProfile)
	rt.Handle("POST /therapist/setup/locations", authz.Therapists, s.addLocation)
	rt.Handle("POST /therapist/setup/services", authz.Therapists, s.addService)
	rt.Handle("POST /therapist/setup/hours", authz.Therapists, s.saveHours)
	rt.Handle("POST /therapist/setup/time-off", authz.Therapists, s.addTimeOff)
	rt.Handle("POST /therapist/setup/extra-hours", authz.Therapists, s.addExtraHours)
	rt.Handle("POST /therapist/setup/rules", authz.Therapists, s.saveRules)
	rt.Handle("POST /therapist/setup/locations/{id}", authz.Therapists, s.editLocation)
	rt.Handle("POST /therapist/setup/locations/{id}/remove", authz.Therapists, s.removeLocation)
	rt.Handle("POST /therapist/setup/services/{id}", authz.Therapists, s.editService)
	rt.Handle("POST /therapist/setup/services/{id}/remove", authz.Therapists, s.removeService)
	rt.Handle("POST /therapist/setup/time-off/{id}/remove", authz.Therapists, s.removeTimeOff)
	rt.Handle("POST /therapist/setup/extra-hours/{id}/remove", authz.Therapists, s.removeExtraHours)
}

// setupView is the set-up page: what is saved, and a form for each part.
type setupView struct {
	Base
	Checklist  []setupCheck
	Ready      bool
	Locations  []setupLocation
	Services   int
	TimeOff    []setupTimeOff
	Extra      []setupExtra
	Rules      store.Rules
	Zone       string // the account's zone, for time off everywhere
	Invalid    string // the section whose form was not saved
	Problem    string // a message about a form the page does not show
	Saved      string // the section just saved, which shows SavedFlash
	SavedFlash string

	// RemindHours is how long before a session its reminder goes out,
	// saved through the email preferences.
	RemindHours int

	Profile, Location, Service, TimeOffForm, ExtraForm, RulesForm setupForm

	Credentials    []credentialRow
	CredentialForm setupForm
	Kinds, Types   []setupOption

	PhotoForm setupForm
	PhotoURL  string // the current photo, "" when there is none
	Access    []setupOption

	ZoneOptions, TimeOffWhere              []setupOption
	Techniques, Currencies, LocationChoice []setupOption
	Languages, Focus, Genders, Pressures   []setupOption
	Grids                                  []setupOption
}

// setupLocation is a location with its services and its hours form.
type setupLocation struct {
	therapist.Location
	Services []setupService
	Hours    []store.HoursRow
	Form     setupForm // its weekly hours
	Edit     setupForm // its details, to change
	Slots    int       // intervals a day the hours grid offers
	Bookable bool
}

// setupService is a service with its price as people read it.
type setupService struct {
	therapist.Service
	Price string
	Edit  setupForm
}

type setupTimeOff struct {
	ID                        int64
	When, Where, Zone, Reason string
}

// setupExtra is extra hours as the list shows them.
type setupExtra struct {
	ID          int64
	When, Where string
}

// setupCheck is one thing clients need before they can book.
type setupCheck struct {
	Done                     bool
	Label, Detail, Href, Act string
}

func (s *Server) showSetup(w http.ResponseWriter, r *http.Request) {
	s.setupPage(w, r, http.StatusOK, "", Form{})
}

// setupPage renders the page; a posted form that was not saved replaces
// the blank or saved-state form of its section.
func (s *Server) setupPage(w http.ResponseWriter, r *http.Request, status int, section string, posted Form) {
	v, err := s.loadSetup(r.Context(), authz.From(r.Context()))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Base = s.base(r, "Set up your practice")
	if saved := r.URL.Query().Get("saved"); v.Flash != "" && v.has(saved) {
		v.Saved, v.SavedFlash, v.Flash = saved, v.Flash, "" // shown where the person is looking
	}
	if section != "" {
		v.Invalid = section
		if !v.place(section, posted) {
			v.Problem = posted.Error
			if sum := (setupForm{Form: posted}).Summary(); len(sum) > 0 {
				v.Problem = sum[0].Message
			}
		}
	}
	s.render(w, r, status, "practice_setup", v)
}

// has reports whether the page has a section with this id.
func (v *setupView) has(section string) bool { return v.form(section) != nil }

// SavedIn is the flash for a section just saved, shown in that section.
func (v setupView) SavedIn(section string) string {
	if v.Saved == section {
		return v.SavedFlash
	}
	return ""
}

// place puts a posted form into its section; false when the page has no
// such section (hours for a location that is not the therapist's). A form
// posted without values (a refused removal) keeps the saved ones.
func (v *setupView) place(section string, f Form) bool {
	sf := v.form(section)
	if sf == nil {
		return false
	}
	if f.Values == nil {
		f.Values = sf.Values
	}
	sf.Form = f
	for i := range v.Locations {
		if l := &v.Locations[i]; l.Form.ID == section {
			l.Slots = max(l.Slots, setupPostedSlots(f))
		}
	}
	return true
}

// form finds the form of a section.
func (v *setupView) form(section string) *setupForm {
	forms := map[string]*setupForm{"profile": &v.Profile, "locations": &v.Location, "services": &v.Service,
		"time-off": &v.TimeOffForm, "extra-hours": &v.ExtraForm, "rules": &v.RulesForm, "credentials": &v.CredentialForm,
		"photo": &v.PhotoForm}
	if sf, ok := forms[section]; ok {
		return sf
	}
	for i := range v.Locations {
		l := &v.Locations[i]
		if l.Form.ID == section {
			return &l.Form
		}
		if l.Edit.ID == section {
			return &l.Edit
		}
		for j := range l.Services {
			if l.Services[j].Edit.ID == section {
				return &l.Services[j].Edit
			}
		}
	}
	return nil
}

// loadSetup reads a therapist's practice and fills each form with what is
// saved, or with sensible first values.
func (s *Server) loadSetup(ctx context.Context, me *authz.Principal) (setupView, error) {
	user, err := s.Accounts.Me(ctx, me.UserID)
	if err != nil {
		return setupView{}, err
	}
	p, err := s.Practice.Get(ctx, me.UserID)
	if errors.Is(err, apperr.ErrNotFound) { // no set-up saved yet
		p, err = practice.Practice{Profile: therapist.Profile{PressureMin: 1, PressureMax: 5}}, nil
	}
	if err != nil {
		return setupView{}, err
	}
	rules, err := s.Practice.Rules(ctx, me.UserID)
	if err != nil {
		return setupView{}, err
	}
	prefs, err := s.MailPrefs.Of(ctx, me.UserID)
	if err != nil {
		return setupView{}, err
	}
	v := setupView{Rules: rules, RemindHours: prefs.RemindHours, Services: len(p.Services), Zone: setupZone(user.TimeZone),
		Techniques: setupTechniques(), Currencies: setupCurrencyOptions(), Languages: setupLanguageOptions(), Genders: setupGenders,
		Pressures: setupPressures, Grids: setupGrids}
	v.Focus = make([]setupOption, len(therapist.Focuses))
	for i, f := range therapist.Focuses {
		v.Focus[i] = setupOption{Value: f, Label: setupFocusNames[f]}
	}
	if v.Locations, err = s.setupLocations(ctx, me.UserID, p); err != nil {
		return v, err
	}
	if v.TimeOff, err = s.upcomingTimeOff(ctx, me.UserID, v.Locations, v.Zone); err != nil {
		return v, err
	}
	if v.Extra, err = s.upcomingExtra(ctx, me, v.Locations); err != nil {
		return v, err
	}
	v.fillForms(p, user.TimeZone)
	v.fillProfileExtras(p.Profile)
	if v.Credentials, err = s.loadCredentials(ctx, me); err != nil {
		return v, err
	}
	v.CredentialForm, v.Kinds, v.Types = credentialForm(p.Locations), credentialKinds, credentialTypes()
	v.Checklist, v.Ready = setupChecklist(v.Locations)
	return v, nil
}

// fillForms gives every form of the page its saved or first values.
func (v *setupView) fillForms(p practice.Practice, zone string) {
	pr := p.Profile
	var common, other []string
	for _, l := range pr.Languages {
		if slices.Contains(setupLanguages, l) {
			common = append(common, l)
		} else {
			other = append(other, l)
		}
	}
	v.Profile = setupForm{ID: "profile", Form: Form{Values: url.Values{"bio": {pr.Bio}, "languages": common,
		"languages_other": {setupJoin(other)}, "gender": {pr.Gender}, "back_pain_focus": pr.Focus,
		"pressure_min": {strconv.Itoa(pr.PressureMin)}, "pressure_max": {strconv.Itoa(pr.PressureMax)},
		"years_back_pain": {strconv.Itoa(pr.YearsBackPain)}}}}
	v.Location = setupForm{ID: "locations", Form: Form{Values: url.Values{"time_zone": {setupZone(zone)}}}}
	currency, locID := "USD", ""
	if len(p.Locations) > 0 {
		currency, locID = setupCountryCurrency(p.Locations[0].Jurisdiction), strconv.FormatInt(p.Locations[0].ID, 10)
	}
	if len(p.Services) > 0 {
		currency = p.Services[len(p.Services)-1].Currency
	}
	v.Service = setupForm{ID: "services", Form: Form{Values: url.Values{"currency": {currency}, "location_id": {locID},
		"duration_minutes": {"60"}, "buffer_minutes": {"10"}, "technique": {therapist.Techniques[0]}}}}
	v.TimeOffForm = setupForm{ID: "time-off", Form: Form{Values: url.Values{}}}
	v.ExtraForm = setupForm{ID: "extra-hours", Form: Form{Values: url.Values{"location_id": {locID}}}}
	r := v.Rules
	v.RulesForm = setupForm{ID: "rules", Form: Form{Values: url.Values{"min_notice_hours": {strconv.Itoa(r.MinNoticeHours)},
		"horizon_days": {strconv.Itoa(r.HorizonDays)}, "cancel_window_hours": {strconv.Itoa(r.CancelWindowHours)},
		"grid_minutes": {strconv.Itoa(r.GridMinutes)}}}}
	v.LocationChoice = make([]setupOption, len(p.Locations))
	for i, l := range p.Locations {
		v.LocationChoice[i] = setupOption{Value: strconv.FormatInt(l.ID, 10), Label: l.Name}
	}
	v.TimeOffWhere = append([]setupOption{{Value: "", Label: "Everywhere"}}, v.LocationChoice...)
	for _, z := range zonesWith(zone) {
		v.ZoneOptions = append(v.ZoneOptions, setupOption{Value: z, Label: z})
	}
}

// setupChecklist says what clients still need before they can book.
func setupChecklist(locs []setupLocation) ([]setupCheck, bool) {
	var services, hours, licence bool
	for _, l := range locs {
		services = services || len(l.Services) > 0
		hours = hours || len(l.Hours) > 0
		licence = licence || l.Bookable
	}
	items := []setupCheck{
		{Done: len(locs) > 0, Label: "A place where you work", Detail: "Its address, time zone and jurisdiction.",
			Href: "#locations", Act: "Add a location"},
		{Done: services, Label: "A service clients can book", Detail: "A session type with its length and price.",
			Href: "#services", Act: "Add a service"},
		{Done: hours, Label: "Weekly working hours", Detail: "When you see clients at each location.",
			Href: "#hours", Act: "Set your hours"},
		{Done: licence, Label: "A verified licence", Detail: "Add your licence and a scan of it; a site admin checks it with the board.",
			Href: "#credentials", Act: "Add a licence"},
	}
	if len(locs) == 0 {
		items[1].Detail, items[1].Href, items[1].Act = "Add a location first.", "", ""
		items[2].Detail, items[2].Href, items[2].Act = "Add a location first.", "", ""
	}
	if licence {
		items[3].Detail = "Clients can book you where your licence is verified."
	}
	return items, len(locs) > 0 && services && hours && licence
}

// Done counts the finished items of the checklist.
func (v setupView) Done() int {
	n := 0
	for _, c := range v.Checklist {
		if c.Done {
			n++
		}
	}
	return n
}

func setupTechniques() []setupOption {
	out := make([]setupOption, len(therapist.Techniques))
	for i, t := range therapist.Techniques {
		out[i] = setupOption{Value: t, Label: therapist.TechniqueNames[t]}
	}
	return out
}

func setupZone(zone string) string {
	if zone == "" {
		return "UTC"
	}
	return zone
}
