package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/therapist"
)

// profileAt is the readable address of therapist id's profile.
func profileAt(t *testing.T, s *Server, id int64) string {
	t.Helper()
	p, err := store.ProfileByID(context.Background(), s.DB.R(), id)
	if err != nil {
		t.Fatal(err)
	}
	return profilePath(p)
}

func testPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range m.Pix {
		m.Pix[i] = uint8(i)
	}
	m.Set(0, 0, color.RGBA{255, 0, 0, 255})
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// The set-up page's photo form: a refused file leaves nothing and says
// why at the field; a good one shows on the page and can be removed.
func TestPhotoThroughTheSetUpPage(t *testing.T) {
	s, b, _, _ := therapistInNewYork(t)
	for _, tt := range []struct {
		name, filename string
		file           []byte
		want           string
	}{
		{"none chosen", "", nil, "Choose a JPEG or PNG image."},
		{"a PDF named .png", "me.png", pdf, "Upload a JPEG or PNG image."},
		{"too small", "../../me.png", testPNG(t, 64, 64), "at least 128 pixels"},
		{"over 5 MiB", "big.png", append(testPNG(t, 200, 200), make([]byte, 5<<20)...), "at most 5 MiB"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, body := b.uploadAs("/therapist/setup/photo", nil, "photo", tt.filename, tt.file)
			if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, tt.want) || !strings.Contains(body, `id="photo-photo-error"`) {
				t.Errorf("status %d, want 422 with %q at the field", res.StatusCode, tt.want)
			}
		})
	}
	if n := count(t, s, "therapist_photo"); n != 0 {
		t.Fatalf("%d photos stored by refused uploads", n)
	}
	if res, _ := b.uploadAs("/therapist/setup/photo", nil, "photo", "me.png", testPNG(t, 300, 200)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d", res.StatusCode)
	}
	_, page := b.do("GET", "/therapist/setup?saved=photo", nil)
	wantIn(t, "set-up page", page, "Your photo is saved.", `class="setup-photo__img" src="/therapists/`, "Remove photo")
	b.post("/therapist/setup/photo/remove", url.Values{}, http.StatusSeeOther)
	if n := count(t, s, "therapist_photo"); n != 0 {
		t.Errorf("%d photos after removing it", n)
	}
}

// A whole practice set up through the pages shows on the public profile,
// whose JSON-LD, parsed back, describes the therapist, the business and
// the verified credential only.
func TestProfileJSONLD(t *testing.T) {
	s, b, loc, _ := therapistInNewYork(t)
	b.post("/therapist/setup/services", url.Values{"name": {"Deep tissue for low back"}, "location_id": {loc},
		"technique": {"deep_tissue"}, "duration_minutes": {"60"}, "price": {"95"}, "currency": {"USD"}}, http.StatusSeeOther)
	b.post("/therapist/setup/hours", week("location_id", loc, "monday_1_start", "09:00", "monday_1_end", "17:00",
		"friday_1_start", "14:00", "friday_1_end", "24:00"), http.StatusSeeOther)
	const bio = "Ten years with sore backs. </script><script>alert(1)</script>"
	b.post("/therapist/setup/profile", url.Values{"bio": {bio}, "languages": {"en", "es"},
		"back_pain_focus": {"sciatica"}, "pressure_min": {"2"}, "pressure_max": {"4"}, "years_back_pain": {"10"},
		"gender": {"nonbinary"}, "accessibility": {"step_free", "adjustable_table"}, "accessibility_note": {"Ramp at the side door."},
		"first_session": {"We talk for 15 minutes first.\nWear something comfortable."}}, http.StatusSeeOther)
	b.uploadAs("/therapist/setup/photo", nil, "photo", "me.png", testPNG(t, 300, 300))
	var me int64
	if err := s.DB.R().QueryRowContext(context.Background(), "select id from therapist").Scan(&me); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	for _, status := range []string{"verified", "pending"} {
		if _, err := store.InsertCredential(context.Background(), s.DB.W(), therapist.Credential{TherapistID: me, Kind: "licence",
			Type: "state_license", Number: "MT-" + status, Jurisdiction: "US-NY", Issuer: "NYSED", ExpiresOn: now.AddDate(2, 0, 0),
			Status: status, VerifiedAt: &now}, now); err != nil {
			t.Fatal(err)
		}
	}

	path := profileAt(t, s, me)
	visitor := b.another()
	if res, _ := visitor.do("GET", fmt.Sprintf("/therapists/%d?week=2030-01-07", me), nil); res.StatusCode != http.StatusMovedPermanently ||
		res.Header.Get("Location") != path+"?week=2030-01-07" {
		t.Errorf("the id address: %d to %q, want 301 to %s", res.StatusCode, res.Header.Get("Location"), path)
	}
	res, page := visitor.do("GET", path, nil)
	if res.StatusCode != 200 {
		t.Fatalf("GET %s: %d", path, res.StatusCode)
	}
	canonical := s.Config.BaseURL + path
	wantIn(t, "profile", page, `<link rel="canonical" href="`+canonical+`">`, "Photo of ", "/photo.jpg?v=", "Your first session",
		"We talk for 15 minutes first.", "Step-free access", "Height-adjustable table", "Ramp at the side door.", "Non-binary",
		"English and Spanish", "Sciatica", "Deep tissue")

	if strings.Contains(page, "<script>alert") {
		t.Error("the bio breaks out of the JSON-LD or the page")
	}
	ld := jsonLDOf(t, page)
	graph, _ := ld["@graph"].([]any)
	if ld["@context"] != "https://schema.org" || len(graph) != 2 {
		t.Fatalf("JSON-LD %v, want a schema.org graph of a person and one business", ld)
	}
	person, biz := graph[0].(map[string]any), graph[1].(map[string]any)
	for k, want := range map[string]any{"@type": "Person", "url": canonical, "name": "Test Person", "jobTitle": "Massage therapist",
		"description": bio} {
		if person[k] != want {
			t.Errorf("person %s = %v, want %v", k, person[k], want)
		}
	}
	if img, _ := person["image"].(string); !strings.HasPrefix(img, s.Config.BaseURL+"/therapists/") {
		t.Errorf("person image %q, want an absolute photo address", img)
	}
	creds, _ := person["hasCredential"].([]any)
	if len(creds) != 1 {
		t.Fatalf("credentials %v, want only the verified one", creds)
	}
	cred := creds[0].(map[string]any)
	if cred["@type"] != "EducationalOccupationalCredential" || cred["identifier"] != "MT-verified" || cred["credentialCategory"] != "license" ||
		cred["validIn"].(map[string]any)["name"] != "US-NY" || cred["recognizedBy"].(map[string]any)["name"] != "NYSED" {
		t.Errorf("credential %v", cred)
	}
	if works, _ := person["worksFor"].([]any); len(works) != 1 || works[0].(map[string]any)["@id"] != biz["@id"] {
		t.Errorf("worksFor %v, want the business %v", person["worksFor"], biz["@id"])
	}
	addr, geo := biz["address"].(map[string]any), biz["geo"].(map[string]any)
	if biz["@type"] != "HealthAndBeautyBusiness" || addr["streetAddress"] != "1 Main St" || addr["addressRegion"] != "NY" ||
		addr["addressCountry"] != "US" || geo["latitude"] != 40.7 || geo["longitude"] != -74.0 {
		t.Errorf("business %v", biz)
	}
	var hours []string
	for _, h := range biz["openingHoursSpecification"].([]any) {
		h := h.(map[string]any)
		hours = append(hours, fmt.Sprint(h["dayOfWeek"], " ", h["opens"], "-", h["closes"]))
	}
	slices.Sort(hours)
	if want := []string{"https://schema.org/Friday 14:00-23:59", "https://schema.org/Monday 09:00-17:00"}; !slices.Equal(hours, want) {
		t.Errorf("opening hours %v, want %v", hours, want)
	}
	offers, _ := biz["makesOffer"].([]any)
	if len(offers) != 1 || offers[0].(map[string]any)["price"] != "95.00" || offers[0].(map[string]any)["priceCurrency"] != "USD" ||
		offers[0].(map[string]any)["itemOffered"].(map[string]any)["name"] != "Deep tissue for low back" {
		t.Errorf("offers %v", offers)
	}
	if f, _ := biz["amenityFeature"].([]any); len(f) != 2 {
		t.Errorf("amenity features %v, want the two ticked", f)
	}
}

var jsonLDScript = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)

// jsonLDOf parses the page's one JSON-LD block.
func jsonLDOf(t *testing.T, page string) map[string]any {
	t.Helper()
	m := jsonLDScript.FindAllStringSubmatch(page, -1)
	if len(m) != 1 {
		t.Fatalf("%d JSON-LD blocks, want 1", len(m))
	}
	var out map[string]any
	if err := json.Unmarshal([]byte(m[0][1]), &out); err != nil {
		t.Fatalf("JSON-LD does not parse: %v\n%s", err, html.UnescapeString(m[0][1]))
	}
	return out
}
