package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/knead/knead/internal/store"
)

var dataService = regexp.MustCompile(`data-service="(\d+)"`)

func TestPracticeChangeAndRemoveThroughTheForms(t *testing.T) {
	s, b, loc, locID := therapistInNewYork(t)
	b.post("/therapist/setup/services", url.Values{"name": {"Deep tissue"}, "location_id": {loc}, "technique": {"deep_tissue"},
		"duration_minutes": {"60"}, "price": {"90"}, "currency": {"USD"}, "buffer_minutes": {"10"}}, http.StatusSeeOther)
	page := b.setupPage()
	svc := dataService.FindStringSubmatch(page)
	if svc == nil {
		t.Fatalf("no service listed:\n%.3000s", page)
	}
	// The change forms start from what is saved.
	for _, want := range []string{`id="location-` + loc + `-name" name="name" type="text" value="NY"`, `value="90.00"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the set-up page lacks %s", want)
		}
	}

	b.post("/therapist/setup/locations/"+loc, url.Values{"name": {"NY studio"}, "address": {"2 Main St"}, "lat": {"40.7"},
		"lon": {"-74"}, "time_zone": {"America/New_York"}, "jurisdiction": {"US-NY"}}, http.StatusSeeOther)
	b.post("/therapist/setup/services/"+svc[1], url.Values{"name": {"Deep tissue, long"}, "location_id": {loc},
		"technique": {"deep_tissue"}, "duration_minutes": {"90"}, "price": {"120.50"}, "currency": {"USD"}, "buffer_minutes": {"15"}},
		http.StatusSeeOther)
	ctx := context.Background()
	l, err := store.LocationByID(ctx, s.DB.R(), locID)
	if err != nil || l.Name != "NY studio" || l.Address != "2 Main St" {
		t.Errorf("location after the change: %+v %v", l, err)
	}
	v, err := store.ServiceByID(ctx, s.DB.R(), l.TherapistID, mustID(t, svc[1]))
	if err != nil || v.DurationMinutes != 90 || v.PriceAmount != 12050 {
		t.Errorf("service after the change: %+v %v", v, err)
	}

	// A bad change shows its messages at that record's form, and saves nothing.
	body := b.post("/therapist/setup/services/"+svc[1], url.Values{"name": {""}, "location_id": {loc}, "technique": {"deep_tissue"},
		"duration_minutes": {"7"}, "price": {"80"}, "currency": {"USD"}}, http.StatusUnprocessableEntity)
	for _, want := range []string{`id="service-` + svc[1] + `-duration_minutes"`, "Give 15 to 240 minutes", "Name the service"} {
		if !strings.Contains(body, want) {
			t.Errorf("the refused change lacks %q", want)
		}
	}

	// Time off and extra hours are listed, and go when removed.
	b.post("/therapist/setup/time-off", url.Values{"location_id": {loc}, "start_date": {"2030-12-24"}, "end_date": {"2030-12-24"}},
		http.StatusSeeOther)
	b.post("/therapist/setup/extra-hours", url.Values{"location_id": {loc}, "date": {"2030-12-21"}, "start": {"09:00"},
		"end": {"13:00"}}, http.StatusSeeOther)
	page = b.setupPage()
	off := regexp.MustCompile(`/therapist/setup/time-off/(\d+)/remove`).FindStringSubmatch(page)
	extra := regexp.MustCompile(`/therapist/setup/extra-hours/(\d+)/remove`).FindStringSubmatch(page)
	if off == nil || extra == nil || !strings.Contains(page, "Sat 21 Dec 2030, 09:00–13:00") {
		t.Fatalf("time off or extra hours not listed with a remove form:\n%.4000s", page)
	}
	b.post(off[0], url.Values{}, http.StatusSeeOther)
	b.post(extra[0], url.Values{}, http.StatusSeeOther)
	page = b.setupPage()
	if strings.Contains(page, off[0]) || strings.Contains(page, extra[0]) {
		t.Error("removed time off or extra hours still listed")
	}
	b.post(off[0], url.Values{}, http.StatusNotFound)

	// Removing the location takes its service along.
	b.post("/therapist/setup/locations/"+loc+"/remove", url.Values{}, http.StatusSeeOther)
	page = b.setupPage()
	if dataLocation.MatchString(page) || dataService.MatchString(page) {
		t.Error("removed location or its service still listed")
	}
}

func mustID(t *testing.T, s string) int64 {
	t.Helper()
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatalf("bad id %q", s)
	}
	return id
}
