package api_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/knead/knead/internal/config"
)

// want is the answer a bad input must get from one endpoint: a status and
// problem, and for 422 the fields named. A zero want is the endpoint's
// success: calls without a body ignore what is sent.
type want struct {
	status  int
	problem string
	fields  []string
}

var (
	success    = want{}
	malformed  = want{http.StatusBadRequest, "malformed", nil}
	tooLarge   = want{http.StatusRequestEntityTooLarge, "too-large", nil}
	badSignIn  = want{http.StatusUnauthorized, "unauthenticated", nil}
	badToken   = want{http.StatusUnauthorized, "unauthenticated", nil}
	allMissing = invalid("email", "password", "name", "role")
)

func invalid(fields ...string) want {
	return want{http.StatusUnprocessableEntity, "invalid", fields}
}

// noise is incompressible text, so a database cannot shrink it to fit an index.
func noise(n int) string {
	r := rand.New(rand.NewPCG(1, 2))
	b := make([]byte, n*3/4+3)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return base64.RawURLEncoding.EncodeToString(b)[:n]
}

// object is a complete sign-up body with some members replaced; tokens
// read its email and password and ignore the rest.
func object(email string, replace map[string]any) string {
	m := map[string]any{"email": email, "password": "correct horse battery", "name": "Ana Lima", "role": "client"}
	for k, v := range replace {
		m[k] = v
	}
	b, err := json.Marshal(m)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// Every endpoint answers bad input with its documented 4xx problem, never a
// 5xx, and every answer matches the document (do checks both).
func TestBadInput(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.signUp(t, "owner@example.com", "client")
	huge := strings.Repeat(" ", config.MaxBodyBytes-1) + "{}" // 1 MiB + 1 byte of valid JSON

	type endpoint struct {
		method, path string
		body         bool // reads a JSON body
	}
	accounts := endpoint{"POST", "/api/v1/accounts", true}
	tokens := endpoint{"POST", "/api/v1/tokens", true}
	others := []endpoint{{"DELETE", "/api/v1/tokens/current", false}, {"GET", "/api/v1/me", false}, {"GET", "/api/openapi.json", false}}

	tests := []struct {
		name        string
		body        func(email string) string
		contentType string // application/json when empty; "none" for none
		chunked     bool
		badToken    bool
		// accounts and tokens are the answers of the POSTs; others of
		// the calls without a body.
		accounts, tokens, others want
	}{
		{name: "broken JSON", body: func(string) string { return `{"email": "a@example.com",` }, accounts: malformed, tokens: malformed},
		{name: "empty body", body: func(string) string { return "" }, accounts: malformed, tokens: malformed},
		{name: "only spaces", body: func(string) string { return " \r\n\t " }, accounts: malformed, tokens: malformed},
		{name: "array", body: func(e string) string { return "[" + object(e, nil) + "]" }, accounts: malformed, tokens: malformed},
		{name: "string", body: func(string) string { return `"email"` }, accounts: malformed, tokens: malformed},
		{name: "number", body: func(string) string { return `42` }, accounts: malformed, tokens: malformed},
		{name: "null", body: func(string) string { return `null` }, accounts: malformed, tokens: malformed},
		{name: "two objects", body: func(e string) string { return object(e, nil) + object(e, nil) }, accounts: malformed, tokens: malformed},
		{name: "trailing garbage", body: func(e string) string { return object(e, nil) + " x" }, accounts: malformed, tokens: malformed},
		{name: "deeply nested", body: func(string) string { return `{"name":` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "}" }, accounts: malformed, tokens: malformed},
		{name: "invalid UTF-8 bytes", body: func(e string) string { return strings.Replace(object(e, nil), "Ana", "A\xff\xfena", 1) }, accounts: malformed, tokens: malformed},
		{name: "unknown members only", body: func(string) string { return `{"admin": true, "id": "1"}` }, accounts: allMissing, tokens: badSignIn},
		{name: "email a number", body: func(e string) string { return object(e, map[string]any{"email": 42}) }, accounts: invalid("email"), tokens: invalid("email")},
		{name: "password an object", body: func(e string) string { return object(e, map[string]any{"password": map[string]any{"p": 1}}) }, accounts: invalid("password"), tokens: invalid("password")},
		{name: "name an array", body: func(e string) string { return object(e, map[string]any{"name": []string{"Ana"}}) }, accounts: invalid("name"), tokens: badSignIn},
		{name: "role a boolean", body: func(e string) string { return object(e, map[string]any{"role": true}) }, accounts: invalid("role"), tokens: badSignIn},
		{name: "time zone a number", body: func(e string) string { return object(e, map[string]any{"time_zone": -5}) }, accounts: invalid("time_zone"), tokens: badSignIn},
		{name: "every member the wrong type", body: func(string) string {
			return `{"email": 1, "password": {}, "name": [], "role": true, "time_zone": 1.5}`
		}, accounts: invalid("email", "password", "name", "role", "time_zone"), tokens: invalid("email", "password")},
		{name: "huge strings", body: func(string) string {
			return object(noise(200_000)+"@example.com", map[string]any{"password": noise(200_000), "name": noise(200_000),
				"role": noise(100_000), "time_zone": noise(100_000)})
		}, accounts: invalid("email", "password", "name", "role", "time_zone"), tokens: badSignIn},
		{name: "huge email", body: func(string) string { return object(noise(900_000)+"@example.com", nil) }, accounts: invalid("email"), tokens: badSignIn},
		{name: "NUL in name", body: func(e string) string { return object(e, map[string]any{"name": "Ana\x00Lima"}) }, accounts: invalid("name"), tokens: badSignIn},
		{name: "NUL in email", body: func(string) string { return object("ana\x00@example.com", nil) }, accounts: invalid("email"), tokens: invalid("email")},
		{name: "NUL in password", body: func(e string) string { return object(e, map[string]any{"password": "correct\x00horse battery"}) }, accounts: invalid("password"), tokens: invalid("password")},
		{name: "bell and escape in name", body: func(e string) string { return object(e, map[string]any{"name": "Ana\x07\x1b[31mLima"}) }, accounts: invalid("name"), tokens: badSignIn},
		{name: "C1 control in name", body: func(e string) string { return object(e, map[string]any{"name": "Ana\u0085Lima"}) }, accounts: invalid("name"), tokens: badSignIn},
		{name: "DEL in time zone", body: func(e string) string { return object(e, map[string]any{"time_zone": "UTC\x7f"}) }, accounts: invalid("time_zone"), tokens: badSignIn},
		{name: "line break in name", body: func(e string) string { return object(e, map[string]any{"name": "Ana\nLima"}) }, accounts: invalid("name"), tokens: badSignIn},
		{name: "body over 1 MiB", body: func(string) string { return huge }, accounts: tooLarge, tokens: tooLarge, others: tooLarge},
		{name: "body over 1 MiB without length", body: func(string) string { return huge }, chunked: true, accounts: tooLarge, tokens: tooLarge},
		{name: "text/plain", body: func(e string) string { return object(e, nil) }, contentType: "text/plain", accounts: malformed, tokens: malformed},
		{name: "form", body: func(string) string { return "email=a%40example.com&password=x" }, contentType: "application/x-www-form-urlencoded", accounts: malformed, tokens: malformed},
		{name: "application/jsonx", body: func(e string) string { return object(e, nil) }, contentType: "application/jsonx", accounts: malformed, tokens: malformed},
		{name: "JSON media type in capitals", body: func(e string) string { return object(e, nil) }, contentType: "Application/JSON; charset=UTF-8", accounts: success, tokens: badSignIn},
		{name: "no Content-Type", body: func(e string) string { return object(e, nil) }, contentType: "none", accounts: success, tokens: badSignIn},
		{name: "bad bearer token", body: func(e string) string { return object(e, nil) }, badToken: true, accounts: badToken, tokens: badToken, others: badToken},
	}
	for i, tt := range tests {
		eps := append([]endpoint{accounts, tokens}, others...)
		for j, ep := range eps {
			t.Run(tt.name+"/"+ep.method+" "+ep.path, func(t *testing.T) {
				email := fmt.Sprintf("row%d.%d@example.com", i, j)
				c := call{method: ep.method, path: ep.path, body: tt.body(email), chunked: tt.chunked,
					from: fmt.Sprintf("10.0.%d.%d", i, j), breaksContract: true, header: map[string]string{}}
				switch tt.contentType {
				case "":
				case "none":
					c.header["Content-Type"] = ""
				default:
					c.header["Content-Type"] = tt.contentType
				}
				exp := tt.others
				switch ep {
				case accounts:
					exp = tt.accounts
				case tokens:
					exp = tt.tokens
				}
				if tt.badToken {
					c.token = "knead_not-a-token"
				} else if ep.path != "/api/openapi.json" && !ep.body {
					c.token = s.token(t, "owner@example.com")
				}
				r := s.do(t, c)
				if exp.status == 0 {
					if r.status >= 300 {
						t.Fatalf("%d %s, want success", r.status, r.body)
					}
					return
				}
				if r.status != exp.status || r.problem(t) != exp.problem {
					t.Fatalf("%d %.300s\nwant %d %s", r.status, r.body, exp.status, exp.problem)
				}
				if exp.fields != nil {
					checkFields(t, r, exp.fields...)
				}
			})
		}
	}
	if n := s.count(t, "app_user"); n != 3 {
		t.Errorf("%d accounts, want 3 (the owner and the two good sign-ups)", n)
	}
}

// normal stands for an endpoint's own answer when what is wrong with the
// request is something it does not read (a body sent to a GET).
var normal = want{status: -1}

// Every scheduling endpoint answers bad input with its documented 4xx
// problem naming the fields, never a 5xx, and writes nothing (do checks
// the answers against the document).
func TestBadInputScheduling(t *testing.T) {
	t.Parallel()
	s := schedulingSite(t)
	ana := s.newPractice(t, "ana@example.com", true)
	bea := s.newPractice(t, "bea@example.com", true)
	carlaID, carla := s.client(t, "carla@example.com")
	_, dora := s.client(t, "dora@example.com")
	appt := s.book(t, carla, ana, "2026-10-06T10:00:00-04:00")["id"].(string)
	series := s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/series", token: carla, body: map[string]any{
		"therapist_id": ana.id, "service_id": ana.service, "start": "2026-10-08T10:00:00-04:00", "every_weeks": 1, "count": 2}}).str(t, "id")
	before := s.snapshot(t)

	mustJSON := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	slots := "/api/v1/therapists/" + ana.id + "/slots?service_id=" + ana.service + "&from=2026-10-06T00:00:00-04:00&to=2026-10-07T00:00:00-04:00"
	type endpoint struct {
		method, path, token string
		valid               string // a good body; "" for calls without one
		ok                  want   // the answer to a good call
	}
	endpoints := []endpoint{
		{"PUT", "/api/v1/me/profile", ana.token, mustJSON(profileBody()), success},
		{"POST", "/api/v1/me/locations", ana.token, mustJSON(locationBody()), success},
		{"POST", "/api/v1/me/services", ana.token, mustJSON(serviceBody(ana.location)), success},
		{"PUT", "/api/v1/me/hours", ana.token, mustJSON(hoursBody(ana.location)), success},
		{"POST", "/api/v1/me/time-off", ana.token, `{"start": "2026-12-24T00:00:00-05:00", "end": "2026-12-25T00:00:00-05:00"}`, success},
		{"PUT", "/api/v1/me/booking-rules", ana.token, mustJSON(rulesBody()), success},
		{"POST", "/api/v1/appointments", carla, `{"therapist_id": "` + ana.id + `", "service_id": "` + ana.service + `", "start": "2026-10-07T10:00:00-04:00"}`, success},
		{"POST", "/api/v1/series", carla, `{"therapist_id": "` + ana.id + `", "service_id": "` + ana.service + `", "start": "2026-10-07T10:00:00-04:00", "every_weeks": 2, "count": 2}`, success},
		{"POST", "/api/v1/appointments/" + appt + "/cancel", carla, `{"reason": "Busy"}`, success},
		{"POST", "/api/v1/appointments/" + appt + "/reschedule", carla, `{"start": "2026-10-07T13:00:00-04:00"}`, success},
		{"POST", "/api/v1/series/" + series + "/cancel", carla, `{"from": "2026-10-08T10:00:00-04:00"}`, success},
		{"POST", "/api/v1/appointments/" + appt + "/no-show", ana.token, "", want{http.StatusConflict, "not-active", nil}},
		{"GET", "/api/v1/therapists/" + ana.id, "", "", success},
		{"GET", slots, "", "", success},
		{"GET", "/api/v1/appointments", carla, "", success},
		{"GET", "/api/v1/appointments/" + appt, carla, "", success},
		{"GET", "/api/v1/appointments/" + appt + "/ics", carla, "", success},
		{"GET", "/api/v1/series/" + series + "/ics", carla, "", success},
		{"POST", "/api/v1/me/calendar-feed", carla, "", success},
		{"DELETE", "/api/v1/me/calendar-feed", carla, "", success},
	}
	huge := strings.Repeat(" ", config.MaxBodyBytes-1) + "{}"
	generic := []struct {
		name        string
		body        func(valid string) string
		contentType string
		chunked     bool
		badToken    bool
		// withBody is the answer of calls that read a body, without of
		// those that do not.
		withBody, without want
	}{
		{name: "broken JSON", body: func(string) string { return `{"start": "2026-` }, withBody: malformed, without: normal},
		{name: "empty body", body: func(string) string { return "" }, withBody: malformed, without: normal},
		{name: "only spaces", body: func(string) string { return " \r\n\t " }, withBody: malformed, without: normal},
		{name: "array", body: func(v string) string { return "[" + v + "]" }, withBody: malformed, without: normal},
		{name: "string", body: func(string) string { return `"start"` }, withBody: malformed, without: normal},
		{name: "number", body: func(string) string { return `42` }, withBody: malformed, without: normal},
		{name: "null", body: func(string) string { return `null` }, withBody: malformed, without: normal},
		{name: "two objects", body: func(v string) string { return v + v }, withBody: malformed, without: normal},
		{name: "trailing garbage", body: func(v string) string { return v + " x" }, withBody: malformed, without: normal},
		{name: "deeply nested", body: func(string) string {
			return `{"start":` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "}"
		}, withBody: malformed, without: normal},
		{name: "invalid UTF-8 bytes", body: func(string) string { return `{"reason": "A` + "\xff\xfe" + `"}` }, withBody: malformed, without: normal},
		{name: "body over 1 MiB", body: func(string) string { return huge }, withBody: tooLarge, without: tooLarge},
		{name: "body over 1 MiB without length", body: func(string) string { return huge }, chunked: true, withBody: tooLarge, without: normal},
		{name: "text/plain", body: func(v string) string { return v }, contentType: "text/plain", withBody: malformed, without: normal},
		{name: "form", body: func(string) string { return "start=2026-10-07T10%3A00%3A00Z" }, contentType: "application/x-www-form-urlencoded", withBody: malformed, without: normal},
		{name: "application/jsonx", body: func(v string) string { return v }, contentType: "application/jsonx", withBody: malformed, without: normal},
		{name: "bad bearer token", body: func(v string) string { return v }, badToken: true, withBody: badToken, without: badToken},
	}
	for _, g := range generic {
		for _, ep := range endpoints {
			t.Run(g.name+"/"+ep.method+" "+ep.path, func(t *testing.T) {
				c := call{method: ep.method, path: ep.path, token: ep.token, body: g.body(ep.valid), chunked: g.chunked,
					breaksContract: true, header: map[string]string{}}
				if g.contentType != "" {
					c.header["Content-Type"] = g.contentType
				}
				if g.badToken {
					c.token = "knead_not-a-token"
				}
				exp := g.withBody
				if ep.valid == "" {
					exp = g.without
				}
				if exp.status == normal.status {
					exp = ep.ok
				}
				checkWant(t, s.do(t, c), exp)
			})
		}
	}

	far, past := "2027-01-12T10:00:00-05:00", "2026-10-02T10:00:00-04:00"
	book := func(replace map[string]any) map[string]any {
		m := map[string]any{"therapist_id": ana.id, "service_id": ana.service, "start": "2026-10-07T10:00:00-04:00"}
		maps.Copy(m, replace)
		return m
	}
	seriesOf := func(replace map[string]any) map[string]any {
		m := book(map[string]any{"every_weeks": 1, "count": 2})
		maps.Copy(m, replace)
		return m
	}
	with := func(base func() map[string]any, replace map[string]any) map[string]any {
		m := base()
		maps.Copy(m, replace)
		return m
	}
	hours := func(weekly ...map[string]any) map[string]any {
		return map[string]any{"location_id": ana.location, "weekly": weekly}
	}
	day := func(d, start, end string) map[string]any {
		return map[string]any{"weekday": d, "start": start, "end": end}
	}
	notBookable := func(fields ...string) want {
		return want{http.StatusUnprocessableEntity, "not-bookable", fields}
	}
	notFound := want{http.StatusNotFound, "not-found", nil}
	forbidden := want{http.StatusForbidden, "forbidden", nil}
	seriesConflict := want{http.StatusConflict, "series-conflict", nil}
	profile, location, service := "/api/v1/me/profile", "/api/v1/me/locations", "/api/v1/me/services"
	timeOff, rules, appts := "/api/v1/me/time-off", "/api/v1/me/booking-rules", "/api/v1/appointments"
	cancel, reschedule := appts+"/"+appt+"/cancel", appts+"/"+appt+"/reschedule"
	slotsOf := func(q string) string { return "/api/v1/therapists/" + ana.id + "/slots?" + q }
	window := "&from=2026-10-06T00:00:00-04:00&to=2026-10-07T00:00:00-04:00"

	tests := []struct {
		name         string
		method, path string
		token        string
		body         any
		want         want
	}{
		{"profile: unknown members only", "PUT", profile, ana.token, map[string]any{"admin": true}, invalid("languages", "pressure_range")},
		{"profile: languages a string", "PUT", profile, ana.token, with(profileBody, map[string]any{"languages": "en"}), invalid("languages")},
		{"profile: language not ISO 639-1", "PUT", profile, ana.token, with(profileBody, map[string]any{"languages": []string{"english"}}), invalid("languages")},
		{"profile: no language", "PUT", profile, ana.token, with(profileBody, map[string]any{"languages": []string{}}), invalid("languages")},
		{"profile: pressure out of range", "PUT", profile, ana.token, with(profileBody, map[string]any{"pressure_range": []int{0, 9}}), invalid("pressure_range")},
		{"profile: pressure min above max", "PUT", profile, ana.token, with(profileBody, map[string]any{"pressure_range": []int{4, 2}}), invalid("pressure_range")},
		{"profile: pressure of three", "PUT", profile, ana.token, with(profileBody, map[string]any{"pressure_range": []int{1, 2, 3}}), invalid("pressure_range")},
		{"profile: pressure strings", "PUT", profile, ana.token, with(profileBody, map[string]any{"pressure_range": []string{"1", "3"}}), invalid("pressure_range")},
		{"profile: unknown gender", "PUT", profile, ana.token, with(profileBody, map[string]any{"gender": "robot"}), invalid("gender")},
		{"profile: unknown focus", "PUT", profile, ana.token, with(profileBody, map[string]any{"back_pain_focus": []string{"knees"}}), invalid("back_pain_focus")},
		{"profile: years a word", "PUT", profile, ana.token, with(profileBody, map[string]any{"years_back_pain": "ten"}), invalid("years_back_pain")},
		{"profile: years 71", "PUT", profile, ana.token, with(profileBody, map[string]any{"years_back_pain": 71}), invalid("years_back_pain")},
		{"profile: bio too long", "PUT", profile, ana.token, with(profileBody, map[string]any{"bio": strings.Repeat("a", 4001)}), invalid("bio")},
		{"profile: NUL in bio", "PUT", profile, ana.token, with(profileBody, map[string]any{"bio": "a\x00b"}), invalid("bio")},
		{"profile: everything wrong", "PUT", profile, ana.token, map[string]any{"languages": []string{"EN"}, "gender": "x",
			"back_pain_focus": []string{"y"}, "pressure_range": []int{0, 6}, "years_back_pain": -1},
			invalid("languages", "gender", "back_pain_focus", "pressure_range", "years_back_pain")},

		{"location: nothing", "POST", location, ana.token, map[string]any{}, invalid("name", "address", "lat", "lon", "time_zone", "jurisdiction")},
		{"location: latitude 91", "POST", location, ana.token, with(locationBody, map[string]any{"lat": 91}), invalid("lat")},
		{"location: latitude -90.5", "POST", location, ana.token, with(locationBody, map[string]any{"lat": -90.5}), invalid("lat")},
		{"location: longitude 181", "POST", location, ana.token, with(locationBody, map[string]any{"lon": 181}), invalid("lon")},
		{"location: latitude a string", "POST", location, ana.token, with(locationBody, map[string]any{"lat": "40.7"}), invalid("lat")},
		{"location: latitude null", "POST", location, ana.token, with(locationBody, map[string]any{"lat": nil}), invalid("lat")},
		{"location: unknown zone", "POST", location, ana.token, with(locationBody, map[string]any{"time_zone": "Mars/Olympus"}), invalid("time_zone")},
		{"location: Local zone", "POST", location, ana.token, with(locationBody, map[string]any{"time_zone": "Local"}), invalid("time_zone")},
		{"location: zone an offset", "POST", location, ana.token, with(locationBody, map[string]any{"time_zone": "-05:00"}), invalid("time_zone")},
		{"location: jurisdiction a name", "POST", location, ana.token, with(locationBody, map[string]any{"jurisdiction": "New York"}), invalid("jurisdiction")},
		{"location: jurisdiction lower case", "POST", location, ana.token, with(locationBody, map[string]any{"jurisdiction": "us-ny"}), invalid("jurisdiction")},
		{"location: NUL in name", "POST", location, ana.token, with(locationBody, map[string]any{"name": "Mid\x00town"}), invalid("name")},

		{"service: nothing", "POST", service, ana.token, map[string]any{}, invalid("name", "technique", "duration_minutes", "price", "location_id")},
		{"service: unknown technique", "POST", service, ana.token, with(func() map[string]any { return serviceBody(ana.location) }, map[string]any{"technique": "shiatsu"}), invalid("technique")},
		{"service: 7 minutes", "POST", service, ana.token, with(func() map[string]any { return serviceBody(ana.location) }, map[string]any{"duration_minutes": 7}), invalid("duration_minutes")},
		{"service: 300 minutes", "POST", service, ana.token, with(func() map[string]any { return serviceBody(ana.location) }, map[string]any{"duration_minutes": 300}), invalid("duration_minutes")},
		{"service: duration a string", "POST", service, ana.token, with(func() map[string]any { return serviceBody(ana.location) }, map[string]any{"duration_minutes": "60"}), invalid("duration_minutes")},
		{"service: negative price, lower-case currency", "POST", service, ana.token, with(func() map[string]any { return serviceBody(ana.location) },
			map[string]any{"price": map[string]any{"amount": -1, "currency": "usd"}}), invalid("price")},
		{"service: price a number", "POST", service, ana.token, with(func() map[string]any { return serviceBody(ana.location) }, map[string]any{"price": 90}), invalid("price")},
		{"service: price in decimals", "POST", service, ana.token, with(func() map[string]any { return serviceBody(ana.location) },
			map[string]any{"price": map[string]any{"amount": 90.5, "currency": "USD"}}), invalid("price.amount")},
		{"service: buffer 500", "POST", service, ana.token, with(func() map[string]any { return serviceBody(ana.location) }, map[string]any{"buffer_minutes": 500}), invalid("buffer_minutes")},
		{"service: location not a number", "POST", service, ana.token, serviceBody("abc"), invalid("location_id")},
		{"service: location id 0", "POST", service, ana.token, serviceBody("0"), invalid("location_id")},
		{"service: no such location", "POST", service, ana.token, serviceBody("999999"), invalid("location_id")},
		{"service: another therapist's location", "POST", service, ana.token, serviceBody(bea.location), invalid("location_id")},

		{"hours: munday", "PUT", "/api/v1/me/hours", ana.token, hours(day("monday", "09:00", "12:00"), day("munday", "09:00", "17:00")), invalid("weekly[1].weekday")},
		{"hours: 25:00", "PUT", "/api/v1/me/hours", ana.token, hours(day("monday", "25:00", "26:00")), invalid("weekly[0].start", "weekly[0].end")},
		{"hours: starts at 24:00", "PUT", "/api/v1/me/hours", ana.token, hours(day("monday", "24:00", "24:00")), invalid("weekly[0].start")},
		{"hours: 9:00", "PUT", "/api/v1/me/hours", ana.token, hours(day("monday", "9:00", "17:00")), invalid("weekly[0].start")},
		{"hours: -1:00", "PUT", "/api/v1/me/hours", ana.token, hours(day("monday", "-1:00", "17:00")), invalid("weekly[0].start")},
		{"hours: 00:-1", "PUT", "/api/v1/me/hours", ana.token, hours(day("monday", "00:-1", "17:00")), invalid("weekly[0].start")},
		{"hours: +9:00", "PUT", "/api/v1/me/hours", ana.token, hours(day("monday", "+9:00", "+17:0")), invalid("weekly[0].start", "weekly[0].end")},
		{"hours: -0:30", "PUT", "/api/v1/me/hours", ana.token, hours(day("monday", "-0:30", "17:00")), invalid("weekly[0].start")},
		{"hours: space-padded", "PUT", "/api/v1/me/hours", ana.token, hours(day("monday", " 9:00", "17:00 ")), invalid("weekly[0].start", "weekly[0].end")},
		{"hours: 09:60", "PUT", "/api/v1/me/hours", ana.token, hours(day("monday", "09:60", "17:00")), invalid("weekly[0].start")},
		{"hours: end before start", "PUT", "/api/v1/me/hours", ana.token, hours(day("tuesday", "17:00", "09:00")), invalid("weekly[0].end")},
		{"hours: end equal to start", "PUT", "/api/v1/me/hours", ana.token, hours(day("tuesday", "09:00", "09:00")), invalid("weekly[0].end")},
		{"hours: overlapping", "PUT", "/api/v1/me/hours", ana.token, hours(day("friday", "09:00", "13:00"), day("friday", "12:00", "17:00")), invalid("weekly")},
		{"hours: weekly a string", "PUT", "/api/v1/me/hours", ana.token, map[string]any{"location_id": ana.location, "weekly": "mon-fri"}, invalid("weekly")},
		{"hours: weekday a number", "PUT", "/api/v1/me/hours", ana.token, hours(map[string]any{"weekday": 1, "start": "09:00", "end": "17:00"}), invalid("weekly.weekday")},
		{"hours: nothing", "PUT", "/api/v1/me/hours", ana.token, map[string]any{}, invalid("weekly", "location_id")},
		{"hours: no location", "PUT", "/api/v1/me/hours", ana.token, map[string]any{"weekly": []any{day("monday", "09:00", "17:00")}}, invalid("location_id")},
		{"hours: location not a number", "PUT", "/api/v1/me/hours", ana.token, map[string]any{"location_id": "x", "weekly": []any{}}, invalid("location_id")},
		{"hours: another therapist's location", "PUT", "/api/v1/me/hours", ana.token, map[string]any{"location_id": bea.location, "weekly": []any{}}, invalid("location_id")},
		{"hours: bad day and no location", "PUT", "/api/v1/me/hours", ana.token, map[string]any{"weekly": []any{day("munday", "09:00", "17:00")}}, invalid("weekly[0].weekday", "location_id")},

		{"time off: nothing", "POST", timeOff, ana.token, map[string]any{}, invalid("start", "end")},
		{"time off: end before start", "POST", timeOff, ana.token, map[string]any{"start": "2026-12-25T00:00:00-05:00", "end": "2026-12-24T00:00:00-05:00"}, invalid("end")},
		{"time off: two years", "POST", timeOff, ana.token, map[string]any{"start": "2026-12-25T00:00:00-05:00", "end": "2028-12-24T00:00:00-05:00"}, invalid("end")},
		{"time off: start a word", "POST", timeOff, ana.token, map[string]any{"start": "tomorrow", "end": "2026-12-24T00:00:00-05:00"}, invalid("start")},
		{"time off: no offset", "POST", timeOff, ana.token, map[string]any{"start": "2026-12-24T00:00:00", "end": "2026-12-25T00:00:00-05:00"}, invalid("start")},
		{"time off: a date", "POST", timeOff, ana.token, map[string]any{"start": "2026-12-24", "end": "2026-12-25"}, invalid("start", "end")},
		{"time off: reason too long", "POST", timeOff, ana.token, map[string]any{"start": "2026-12-24T00:00:00-05:00", "end": "2026-12-25T00:00:00-05:00", "reason": strings.Repeat("r", 501)}, invalid("reason")},
		{"time off: another therapist's location", "POST", timeOff, ana.token, map[string]any{"location_id": bea.location, "start": "2026-12-24T00:00:00-05:00", "end": "2026-12-25T00:00:00-05:00"}, invalid("location_id")},

		{"rules: nothing", "PUT", rules, ana.token, map[string]any{}, invalid("horizon_days")},
		{"rules: horizon 0", "PUT", rules, ana.token, with(rulesBody, map[string]any{"horizon_days": 0}), invalid("horizon_days")},
		{"rules: horizon 731", "PUT", rules, ana.token, with(rulesBody, map[string]any{"horizon_days": 731}), invalid("horizon_days")},
		{"rules: negative notice", "PUT", rules, ana.token, with(rulesBody, map[string]any{"min_notice_hours": -1}), invalid("min_notice_hours")},
		{"rules: window a string", "PUT", rules, ana.token, with(rulesBody, map[string]any{"cancel_window_hours": "24"}), invalid("cancel_window_hours")},
		{"rules: grid 7", "PUT", rules, ana.token, with(rulesBody, map[string]any{"grid_minutes": 7}), invalid("grid_minutes")},
		{"rules: notice in decimals", "PUT", rules, ana.token, with(rulesBody, map[string]any{"min_notice_hours": 1.5}), invalid("min_notice_hours")},

		{"book: nothing", "POST", appts, carla, map[string]any{}, invalid("therapist_id", "service_id", "start")},
		{"book: unknown members only", "POST", appts, carla, map[string]any{"slot": "tomorrow"}, invalid("therapist_id", "service_id", "start")},
		{"book: therapist not a number", "POST", appts, carla, book(map[string]any{"therapist_id": "ana"}), invalid("therapist_id")},
		{"book: service a decimal", "POST", appts, carla, book(map[string]any{"service_id": 1.5}), invalid("service_id")},
		{"book: service negative", "POST", appts, carla, book(map[string]any{"service_id": "-3"}), invalid("service_id")},
		{"book: client not a number", "POST", appts, carla, book(map[string]any{"client_id": "me"}), invalid("client_id")},
		{"book: start a number", "POST", appts, carla, book(map[string]any{"start": 1791381600}), invalid("start")},
		{"book: start without offset", "POST", appts, carla, book(map[string]any{"start": "2026-10-07T10:00:00"}), invalid("start")},
		{"book: start with a space", "POST", appts, carla, book(map[string]any{"start": "2026-10-07 10:00:00-04:00"}), invalid("start")},
		{"book: start off the grid", "POST", appts, carla, book(map[string]any{"start": "2026-10-07T10:07:00-04:00"}), notBookable("start")},
		{"book: start with seconds", "POST", appts, carla, book(map[string]any{"start": "2026-10-07T10:00:30-04:00"}), notBookable("start")},
		{"book: start in the past", "POST", appts, carla, book(map[string]any{"start": past}), notBookable("start")},
		{"book: start inside the notice", "POST", appts, carla, book(map[string]any{"start": "2026-10-05T09:00:00-04:00"}), notBookable("start")},
		{"book: start beyond the horizon", "POST", appts, carla, book(map[string]any{"start": far}), notBookable("start")},
		{"book: start on a Saturday", "POST", appts, carla, book(map[string]any{"start": "2026-10-10T10:00:00-04:00"}), notBookable("start")},
		{"book: session past closing", "POST", appts, carla, book(map[string]any{"start": "2026-10-07T16:30:00-04:00"}), notBookable("start")},
		{"book: another therapist's service", "POST", appts, carla, book(map[string]any{"service_id": bea.service}), invalid("service_id")},
		{"book: no such therapist", "POST", appts, carla, book(map[string]any{"therapist_id": "999999"}), invalid("service_id")},
		{"book: a client as therapist", "POST", appts, carla, book(map[string]any{"therapist_id": carlaID}), invalid("service_id")},
		{"book: for another client", "POST", appts, dora, book(map[string]any{"client_id": carlaID}), forbidden},
		{"book: therapist in another's calendar", "POST", appts, bea.token, book(map[string]any{"client_id": carlaID}), forbidden},

		{"series: count 53", "POST", "/api/v1/series", carla, seriesOf(map[string]any{"count": 53}), invalid("count")},
		{"series: count 0, no until", "POST", "/api/v1/series", carla, seriesOf(map[string]any{"count": 0}), invalid("count")},
		{"series: count a string", "POST", "/api/v1/series", carla, seriesOf(map[string]any{"count": "6"}), invalid("count")},
		{"series: count and until", "POST", "/api/v1/series", carla, seriesOf(map[string]any{"until": "2026-12-01"}), invalid("count")},
		{"series: every 3 weeks", "POST", "/api/v1/series", carla, seriesOf(map[string]any{"every_weeks": 3}), invalid("every_weeks")},
		{"series: until a word", "POST", "/api/v1/series", carla, seriesOf(map[string]any{"count": nil, "until": "next year"}), invalid("until")},
		{"series: until before the start", "POST", "/api/v1/series", carla, seriesOf(map[string]any{"count": nil, "until": "2026-10-01"}), invalid("until")},
		{"series: until too far", "POST", "/api/v1/series", carla, seriesOf(map[string]any{"count": nil, "until": "2028-10-01"}), invalid("until")},
		{"series: skip_conflicts a string", "POST", "/api/v1/series", carla, seriesOf(map[string]any{"skip_conflicts": "yes"}), invalid("skip_conflicts")},
		{"series: another therapist's service", "POST", "/api/v1/series", carla, seriesOf(map[string]any{"service_id": bea.service}), invalid("service_id")},
		{"series: start off the grid", "POST", "/api/v1/series", carla, seriesOf(map[string]any{"start": "2026-10-07T10:07:00-04:00"}), seriesConflict},
		{"series: start in the past", "POST", "/api/v1/series", carla, seriesOf(map[string]any{"start": past, "count": 1}), seriesConflict},
		{"series: start beyond the horizon", "POST", "/api/v1/series", carla, seriesOf(map[string]any{"start": far}), seriesConflict},
		{"series: start in year 9999", "POST", "/api/v1/series", carla, seriesOf(map[string]any{"start": "9999-12-31T23:00:00Z", "every_weeks": 4, "count": 52}), invalid("start")},
		{"series: start in year 1", "POST", "/api/v1/series", carla, seriesOf(map[string]any{"start": "0001-01-02T00:00:00Z"}), invalid("start")},
		{"series: start not a time", "POST", "/api/v1/series", carla, seriesOf(map[string]any{"start": "soon"}), invalid("start")},

		{"cancel: id not a number", "POST", appts + "/abc/cancel", carla, map[string]any{}, notFound},
		{"cancel: no such id", "POST", appts + "/999999/cancel", carla, map[string]any{}, notFound},
		{"cancel: id too big", "POST", appts + "/99999999999999999999/cancel", carla, map[string]any{}, notFound},
		{"cancel: someone else's", "POST", cancel, dora, map[string]any{}, notFound},
		{"cancel: reason too long", "POST", cancel, carla, map[string]any{"reason": strings.Repeat("r", 501)}, invalid("reason")},
		{"cancel: reason a number", "POST", cancel, carla, map[string]any{"reason": 5}, invalid("reason")},
		{"cancel: NUL in reason", "POST", cancel, carla, map[string]any{"reason": "a\x00"}, invalid("reason")},

		{"reschedule: nothing", "POST", reschedule, carla, map[string]any{}, invalid("start")},
		{"reschedule: start a word", "POST", reschedule, carla, map[string]any{"start": "later"}, invalid("start")},
		{"reschedule: start a number", "POST", reschedule, carla, map[string]any{"start": 12}, invalid("start")},
		{"reschedule: off the grid", "POST", reschedule, carla, map[string]any{"start": "2026-10-07T13:05:00-04:00"}, notBookable("start")},
		{"reschedule: in the past", "POST", reschedule, carla, map[string]any{"start": past}, notBookable("start")},
		{"reschedule: beyond the horizon", "POST", reschedule, carla, map[string]any{"start": far}, notBookable("start")},
		{"reschedule: id not a number", "POST", appts + "/x/reschedule", carla, map[string]any{"start": "2026-10-07T13:00:00-04:00"}, notFound},
		{"reschedule: someone else's", "POST", reschedule, dora, map[string]any{"start": "2026-10-07T13:00:00-04:00"}, notFound},

		{"series cancel: nothing", "POST", "/api/v1/series/" + series + "/cancel", carla, map[string]any{}, invalid("from")},
		{"series cancel: from a date", "POST", "/api/v1/series/" + series + "/cancel", carla, map[string]any{"from": "2026-10-08"}, invalid("from")},
		{"series cancel: id not a number", "POST", "/api/v1/series/abc/cancel", carla, map[string]any{"from": "2026-10-08T10:00:00-04:00"}, notFound},
		{"series cancel: someone else's", "POST", "/api/v1/series/" + series + "/cancel", dora, map[string]any{"from": "2026-10-08T10:00:00-04:00"}, notFound},

		{"no-show: id not a number", "POST", appts + "/abc/no-show", ana.token, nil, notFound},
		{"no-show: another therapist's", "POST", appts + "/" + appt + "/no-show", bea.token, nil, notFound},

		{"therapist: id not a number", "GET", "/api/v1/therapists/ana", "", nil, notFound},
		{"therapist: id 0", "GET", "/api/v1/therapists/0", "", nil, notFound},
		{"therapist: a client's id", "GET", "/api/v1/therapists/" + carlaID, "", nil, notFound},
		{"slots: therapist not a number", "GET", "/api/v1/therapists/ana/slots?service_id=" + ana.service + window, "", nil, notFound},
		{"slots: no service", "GET", slotsOf(window[1:]), "", nil, invalid("service_id")},
		{"slots: service not a number", "GET", slotsOf("service_id=deep" + window), "", nil, invalid("service_id")},
		{"slots: another therapist's service", "GET", slotsOf("service_id=" + bea.service + window), "", nil, invalid("service_id")},
		{"slots: nothing", "GET", slotsOf(""), "", nil, invalid("service_id", "from", "to")},
		{"slots: from a word", "GET", slotsOf("service_id=" + ana.service + "&from=today&to=2026-10-07T00:00:00Z"), "", nil, invalid("from")},
		{"slots: dates", "GET", slotsOf("service_id=" + ana.service + "&from=2026-10-06&to=2026-10-07"), "", nil, invalid("from", "to")},
		{"slots: to before from", "GET", slotsOf("service_id=" + ana.service + "&from=2026-10-07T00:00:00Z&to=2026-10-06T00:00:00Z"), "", nil, invalid("to")},
		{"slots: 40 days", "GET", slotsOf("service_id=" + ana.service + "&from=2026-10-06T00:00:00Z&to=2026-11-15T00:00:00Z"), "", nil, invalid("to")},

		{"list: limit 0", "GET", appts + "?limit=0", carla, nil, invalid("limit")},
		{"list: limit 101", "GET", appts + "?limit=101", carla, nil, invalid("limit")},
		{"list: cursor made up", "GET", appts + "?cursor=abc", carla, nil, invalid("cursor")},
		{"list: cursor of another shape", "GET", appts + "?cursor=" + base64.RawURLEncoding.EncodeToString([]byte(`{"k":["x"]}`)), carla, nil, invalid("cursor")},
		{"list: from in year 1", "GET", appts + "?from=0001-01-01T00:00:00Z", carla, nil, invalid("from")},
		{"time off: year 9999", "POST", timeOff, ana.token, map[string]any{"start": "9999-12-30T00:00:00Z", "end": "9999-12-31T00:00:00Z"}, invalid("start", "end")},
		{"list: from a word", "GET", appts + "?from=tomorrow", carla, nil, invalid("from")},
		{"list: to a date", "GET", appts + "?to=2026-10-07", carla, nil, invalid("to")},
		{"get: id not a number", "GET", appts + "/abc", carla, nil, notFound},
		{"get: someone else's", "GET", appts + "/" + appt, dora, nil, notFound},
		{"get: another therapist's", "GET", appts + "/" + appt, bea.token, nil, notFound},
		{"ics: id not a number", "GET", appts + "/abc/ics", carla, nil, notFound},
		{"ics: no such id", "GET", appts + "/999999/ics", carla, nil, notFound},
		{"ics: id too big", "GET", appts + "/99999999999999999999/ics", carla, nil, notFound},
		{"ics: someone else's", "GET", appts + "/" + appt + "/ics", dora, nil, notFound},
		{"ics: another therapist's", "GET", appts + "/" + appt + "/ics", bea.token, nil, notFound},
		{"series ics: id not a number", "GET", "/api/v1/series/abc/ics", carla, nil, notFound},
		{"series ics: no such id", "GET", "/api/v1/series/999999/ics", carla, nil, notFound},
		{"series ics: someone else's", "GET", "/api/v1/series/" + series + "/ics", dora, nil, notFound},
		{"series ics: another therapist's", "GET", "/api/v1/series/" + series + "/ics", bea.token, nil, notFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkWant(t, s.do(t, call{method: tt.method, path: tt.path, token: tt.token, body: tt.body, breaksContract: true}), tt.want)
		})
	}
	if after := s.snapshot(t); !reflect.DeepEqual(before, after) {
		for table := range before {
			if !reflect.DeepEqual(before[table], after[table]) {
				t.Errorf("bad input changed %s:\nbefore %v\nafter  %v", table, before[table], after[table])
			}
		}
	}
}

// checkWant checks an answer is the wanted one: a success, or a problem
// naming exactly the wanted fields.
func checkWant(t *testing.T, r reply, exp want) {
	t.Helper()
	if exp.status == 0 {
		if r.status >= 300 {
			t.Fatalf("%d %.300s, want success", r.status, r.body)
		}
		return
	}
	if r.status != exp.status || r.problem(t) != exp.problem {
		t.Fatalf("%d %.500s\nwant %d %s", r.status, r.body, exp.status, exp.problem)
	}
	if exp.fields != nil {
		errs, _ := r.json(t)["errors"].(map[string]any)
		got := slices.Sorted(maps.Keys(errs))
		if wantFields := slices.Sorted(slices.Values(exp.fields)); !slices.Equal(got, wantFields) {
			t.Errorf("fields %v, want %v: %s", got, wantFields, r.body)
		}
		for k, v := range errs {
			if s, _ := v.(string); s == "" {
				t.Errorf("field %s has no message", k)
			}
		}
	}
}

// snapshot reads every row of the scheduling tables, to show that bad
// input writes nothing.
func (s *site) snapshot(t *testing.T) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, table := range []string{"therapist", "therapist_language", "therapist_focus", "location", "service", "weekly_hours",
		"time_off", "booking_rules", "appointment_series", "appointment", "credential"} {
		rows, err := s.db.R().QueryContext(context.Background(), "select * from "+table)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			out[table] = append(out[table], fmt.Sprint(vals...))
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
		slices.Sort(out[table])
	}
	return out
}
