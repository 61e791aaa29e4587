//go:build e2e

package e2e

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestLicenceVerifiedAndProfile follows a licence from the set-up page to
// the public profile: a new therapist in New York fills in the profile,
// uploads a photo and adds a licence with its scan; the demo admin
// verifies it from /admin/credentials with a note; the therapist's public
// profile (at its readable address, with JSON-LD under the strict CSP)
// shows "Licence verified on DATE" and the photo. Each page is checked
// (axe, CSP, console) and photographed.
func TestLicenceVerifiedAndProfile(t *testing.T) {
	files := t.TempDir()
	photo, scan := filepath.Join(files, "portrait.png"), filepath.Join(files, "licence.pdf")
	writeTestPNG(t, photo, 800, 600)
	if err := os.WriteFile(scan, []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	th := newPerson(t, "")
	th.open(t, "/signup")
	th.step(t, "choose the therapist role", chromedp.Click(chromedp.CSS(`input[name="role"][value="therapist"]`)))
	th.fill(t, [2]string{"#f-name", "Rosa Lind"}, [2]string{"#f-email", uniqueEmail("licensed")},
		[2]string{"#f-password", "hands that listen well"})
	if resp := th.press(t, button("Create account")); resp.Status != http.StatusOK || th.path(t) != "/therapist" {
		t.Fatalf("sign up: status %d at %s", resp.Status, th.path(t))
	}
	th.open(t, "/therapist/setup")
	th.fill(t, [2]string{"#locations-name", "Studio on Court St"}, [2]string{"#locations-address", "120 Court St, Brooklyn"},
		[2]string{"#locations-lat", "40.6880"}, [2]string{"#locations-lon", "-73.9920"}, [2]string{"#locations-jurisdiction", "US-NY"})
	setupChoose(t, th, "#locations-time_zone", "America/New_York")
	setupSaved(t, th, "Add location", "Location added: Studio on Court St.")

	th.fill(t, [2]string{"#profile-bio", "Deep tissue and trigger point work for low back pain."},
		[2]string{"#profile-first_session", "We start with a short talk about your back, then a gentle session."},
		[2]string{"#profile-accessibility_note", "A ramp at the side door."})
	th.step(t, "tick English and step-free access", chromedp.Click(chromedp.CSS(`#profile input[name="languages"][value="en"]`)),
		chromedp.Click(chromedp.CSS(`#profile input[name="accessibility"][value="step_free"]`)))
	setupSaved(t, th, "Save profile", "Your profile is saved.")

	th.step(t, "choose a photo", chromedp.SetUploadFiles(chromedp.CSS("#photo-photo"), []string{photo}))
	setupSaved(t, th, "Upload photo", "Your photo is saved.")
	if w := th.eval(t, `String(document.querySelector(".setup-photo__img")?.naturalWidth ?? 0)`); w != "512" {
		t.Errorf("the set-up page's photo is %s px wide, want 512", w)
	}

	number := "MT-" + strconv.FormatInt(time.Now().UnixNano()%1e9, 10)
	th.fill(t, [2]string{"#credentials-number", number}, [2]string{"#credentials-issuer", "New York State Education Department"})
	setupChoose(t, th, "#credentials-expires_on", time.Now().AddDate(2, 0, 0).Format(time.DateOnly))
	th.step(t, "choose the scan", chromedp.SetUploadFiles(chromedp.CSS("#credentials-document"), []string{scan}))
	setupSaved(t, th, "Add credential", "Credential added. A site admin will check it with the board.")
	cred := th.attr(t, "[data-credential]", "data-credential")
	if got := th.text(t, "#credentials .setup-list"); !strings.Contains(got, "Waiting for verification") || !strings.Contains(got, "licence.pdf") {
		t.Errorf("credentials list %q, want the new licence with its scan, waiting", got)
	}
	checkStep(t, th, "setup")

	admin := signedIn(t, demoAdmin, demoPassword, "/admin")
	admin.open(t, "/admin/credentials?q="+number) // the demo's queue is long: find the new licence
	card := "#credential-" + cred
	if got := admin.text(t, card); !strings.Contains(got, number) || !strings.Contains(got, "Rosa Lind") {
		t.Fatalf("the queue's card %s says %q, want Rosa's licence %s", card, got, number)
	}
	checkStep(t, admin, "queue")
	admin.fill(t, [2]string{"#note-" + cred, "Checked with the NYSED lookup: active, no discipline."})
	if resp := admin.press(t, chromedp.Search(`//li[@id='credential-`+cred+`']//button[starts-with(normalize-space(), 'Verify')]`)); resp.Status != http.StatusOK {
		t.Fatalf("verify: status %d", resp.Status)
	}
	if admin.count(t, card) != 0 || !strings.Contains(admin.text(t, "main"), "Checked with the NYSED lookup") {
		t.Errorf("after verifying, the card is still queued or the decision is not listed")
	}

	th.open(t, "/therapist/setup")
	if got := th.text(t, "#credentials .setup-list"); !strings.Contains(got, "Verified") || !strings.Contains(got, "Checked with the NYSED lookup") {
		t.Errorf("the therapist's list says %q, want Verified with the admin's note", got)
	}
	if got := th.text(t, "#checklist"); !strings.Contains(got, "Clients can book you where your licence is verified.") {
		t.Errorf("checklist %q", got)
	}
	profile := profileOf(t, th)
	page := visit(t, profile)
	if page.status != http.StatusOK {
		t.Fatalf("%s: %d", profile, page.status)
	}
	want := "Licence verified on " + time.Now().UTC().Format("2 January 2006")
	if got := page.text(t, "[data-licence]"); !strings.HasPrefix(got, want) {
		t.Errorf("profile licence %q, want it to start %q", got, want)
	}
	for sel, want := range map[string]string{"[data-first-session]": "a short talk about your back", "[data-access]": "Step-free access"} {
		if got := page.text(t, sel); !strings.Contains(got, want) {
			t.Errorf("profile %s says %q, want %q", sel, got, want)
		}
	}
	if w := page.eval(t, `String(document.querySelector(".profile__photo")?.naturalWidth ?? 0)`); w != "512" {
		t.Errorf("the profile photo is %s px wide, want 512", w)
	}
	if got := page.eval(t, `JSON.parse(document.querySelector('script[type="application/ld+json"]').textContent)["@graph"][0].hasCredential[0].identifier`); got != number {
		t.Errorf("the JSON-LD's credential is %q, want %s", got, number)
	}
}

// profileOf finds the readable profile address of the therapist signed in
// in p: the id address redirects there.
func profileOf(t *testing.T, p *person) string {
	t.Helper()
	p.open(t, "/therapist/calendar")
	href := p.attr(t, `main a[href^="/therapists/"]`, "href")
	if href == "" {
		t.Fatal("the calendar links to no profile")
	}
	p.open(t, strings.SplitN(href, "?", 2)[0])
	return p.location(t).Path
}

// writeTestPNG writes a w×h PNG with a gradient, a stand-in for a portrait.
func writeTestPNG(t *testing.T, path string, w, h int) {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			m.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), 160, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
