package api_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	kconfig "github.com/knead/knead/internal/config"
	"github.com/knead/knead/internal/practice"
)

// admin makes a site admin (the command line's way) and returns a token.
func (s *site) admin(t *testing.T, email string) string {
	t.Helper()
	if _, err := s.web.Accounts.CreateAdmin(context.Background(), email, "Site Admin", "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	return s.token(t, email)
}

func licenceBody(expires string) map[string]any {
	return map[string]any{"kind": "licence", "type": "state_license", "number": "MT-012345", "jurisdiction": "US-NY",
		"issuer": "New York State Education Department", "expires_on": expires}
}

// Files of each accepted type, and some that only pretend.
var (
	pdfFile  = []byte("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
	pngFile  = encodeImage(func(b *bytes.Buffer, m image.Image) error { return png.Encode(b, m) })
	jpegFile = encodeImage(func(b *bytes.Buffer, m image.Image) error { return jpeg.Encode(b, m, nil) })
)

func encodeImage(enc func(*bytes.Buffer, image.Image) error) []byte {
	var b bytes.Buffer
	if err := enc(&b, image.NewGray(image.Rect(0, 0, 8, 8))); err != nil {
		panic(err)
	}
	return b.Bytes()
}

func TestCredentialValidation(t *testing.T) {
	t.Parallel()
	s := schedulingSite(t) // today is 2026-10-05
	tok := s.newPractice(t, "ana@example.com", false).token
	with := func(k string, v any) map[string]any {
		b := licenceBody("2028-06-30")
		if v == nil {
			delete(b, k)
		} else {
			b[k] = v
		}
		return b
	}
	tests := []struct {
		name   string
		body   map[string]any
		fields []string
	}{
		{"no kind", with("kind", nil), []string{"kind"}},
		{"unknown kind", with("kind", "diploma"), []string{"kind"}},
		{"unknown type", with("type", "black_belt"), []string{"type"}},
		{"type of the other kind", with("type", "board_certification"), []string{"type"}},
		{"no number", with("number", "  "), []string{"number"}},
		{"long number", with("number", strings.Repeat("9", 65)), []string{"number"}},
		{"unknown jurisdiction", with("jurisdiction", "US-XX"), []string{"jurisdiction"}},
		{"not a code", with("jurisdiction", "New York"), []string{"jurisdiction"}},
		{"licence where none is issued", with("jurisdiction", "US-KS"), []string{"jurisdiction"}},
		{"no issuer", with("issuer", ""), []string{"issuer"}},
		{"expiry not a date", with("expires_on", "30/06/2028"), []string{"expires_on"}},
		{"expiry impossible", with("expires_on", "2028-02-30"), []string{"expires_on"}},
		{"expired", with("expires_on", "2026-10-05"), []string{"expires_on"}},
		{"too far", with("expires_on", "2206-10-05"), []string{"expires_on"}},
		{"everything", map[string]any{"kind": "x"}, []string{"kind", "number", "jurisdiction", "issuer", "expires_on"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// A member left out breaks the document's required list on purpose.
			_, hasKind := tt.body["kind"]
			r := s.expect(t, http.StatusUnprocessableEntity, call{method: "POST", path: "/api/v1/me/credentials", token: tok, body: tt.body,
				breaksContract: !hasKind || len(tt.body) < 5})
			errs, _ := r.json(t)["errors"].(map[string]any)
			for _, f := range tt.fields {
				if errs[f] == nil {
					t.Errorf("no message for %s: %v", f, errs)
				}
			}
			if len(errs) != len(tt.fields) {
				t.Errorf("messages for %v, want exactly %v", errs, tt.fields)
			}
		})
	}
	if n := s.count(t, "credential"); n != 0 {
		t.Errorf("%d credentials stored by refused calls", n)
	}
	// Where no licence exists, the certification is filed.
	cert := map[string]any{"kind": "certification", "type": "voluntary_register", "number": "012345", "jurisdiction": "GB",
		"issuer": "CNHC", "expires_on": "2027-01-31"}
	s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/me/credentials", token: tok, body: cert})
}

func TestCredentialLifecycle(t *testing.T) {
	t.Parallel()
	s := schedulingSite(t)
	ana := s.newPractice(t, "ana@example.com", false)
	c := s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/me/credentials", token: ana.token,
		body: licenceBody("2026-10-20")}).json(t)
	id := c["id"].(string)
	if c["status"] != "pending" || c["expired"] != false || c["document"] != nil {
		t.Errorf("new credential %v, want pending, not expired, no document", c)
	}
	slots := func() int {
		r := s.expect(t, http.StatusOK, call{method: "GET", path: "/api/v1/therapists/" + ana.id + "/slots?service_id=" + ana.service +
			"&from=2026-10-19T00:00:00-04:00&to=2026-10-22T00:00:00-04:00"})
		return len(r.json(t)["slots"].([]any))
	}
	if n := slots(); n != 0 {
		t.Fatalf("%d slots before verification, want none", n)
	}

	boss := s.admin(t, "admin@example.com")
	doc := "/api/v1/me/credentials/" + id + "/document"
	s.expect(t, http.StatusOK, call{method: "PUT", path: doc + "?filename=licence.pdf", token: ana.token, body: pdfFile,
		header: map[string]string{"Content-Type": "application/pdf"}})
	queue := s.expect(t, http.StatusOK, call{method: "GET", path: "/api/v1/admin/credentials", token: boss}).json(t)
	if q := queue["credentials"].([]any); len(q) != 1 {
		t.Fatalf("queue %v, want Ana's credential", q)
	}
	s.expect(t, http.StatusUnprocessableEntity, call{method: "POST", path: "/api/v1/admin/credentials/" + id + "/reject", token: boss,
		body: map[string]string{"note": ""}})
	s.expect(t, http.StatusOK, call{method: "POST", path: "/api/v1/admin/credentials/" + id + "/reject", token: boss,
		body: map[string]string{"note": "Number not on the register."}})
	// A new document puts it back in the queue.
	s.expect(t, http.StatusOK, call{method: "PUT", path: doc, token: ana.token, body: pngFile,
		header: map[string]string{"Content-Type": "image/png"}})
	v := s.expect(t, http.StatusOK, call{method: "POST", path: "/api/v1/admin/credentials/" + id + "/verify", token: boss,
		body: map[string]string{"note": "Checked on the NYSED lookup."}}).json(t)
	if v["status"] != "verified" || v["verified_at"] != "2026-10-05T12:00:00Z" {
		t.Errorf("verify answered %v", v)
	}
	if n := s.count(t, "credential_decision"); n != 2 {
		t.Errorf("%d decisions recorded, want 2 (rejected, verified)", n)
	}
	// Bookable on the 19th, not on the 20th: the expiry must be after the session date.
	if n := slots(); n == 0 || n > 32 {
		t.Errorf("%d slots after verification, want the 19th's only", n)
	}
	s.expect(t, http.StatusConflict, call{method: "PUT", path: doc, token: ana.token, body: pdfFile,
		header: map[string]string{"Content-Type": "application/pdf"}})

	s.clock.Set(monday.AddDate(0, 0, 15)) // 2026-10-20: expired
	list := s.expect(t, http.StatusOK, call{method: "GET", path: "/api/v1/me/credentials", token: ana.token}).json(t)
	got := list["credentials"].([]any)[0].(map[string]any)
	if got["status"] != "verified" || got["expired"] != true || got["note"] != "Checked on the NYSED lookup." {
		t.Errorf("after expiry %v, want verified, expired, with the note", got)
	}
	if n := slots(); n != 0 {
		t.Errorf("%d slots after expiry, want none", n)
	}
}

func TestDocumentUpload(t *testing.T) {
	t.Parallel()
	s := schedulingSite(t)
	ana := s.newPractice(t, "ana@example.com", false)
	id := s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/me/credentials", token: ana.token,
		body: licenceBody("2028-06-30")}).str(t, "id")
	doc := "/api/v1/me/credentials/" + id + "/document"
	big := append(bytes.Clone(pdfFile), make([]byte, practice.MaxDocumentBytes)...)
	tests := []struct {
		name, query, declared string
		body                  []byte
		chunked               bool
		status                int
	}{
		{"text declared as a PDF", "", "application/pdf", []byte("hello, not a PDF"), false, 422},
		{"HTML named .png", "?filename=a.png", "image/png", []byte("<script>alert(1)</script>"), false, 422},
		{"PNG signature, no image", "", "image/png", []byte("\x89PNG\r\n\x1a\nnot really"), false, 422},
		{"JPEG signature, no image", "", "image/jpeg", []byte("\xff\xd8\xff\xe0garbage"), false, 422},
		{"empty", "", "application/pdf", []byte{}, false, 422},
		{"over 5 MiB", "", "application/pdf", big, false, 413},
		{"over 5 MiB, no length", "", "application/pdf", big, true, 413},
		{"someone else's id", "", "application/pdf", pdfFile, false, 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := doc + tt.query
			if tt.status == 404 {
				path = "/api/v1/me/credentials/999999/document"
			}
			s.expect(t, tt.status, call{method: "PUT", path: path, token: ana.token, body: tt.body, chunked: tt.chunked,
				header: map[string]string{"Content-Type": tt.declared}, breaksContract: len(tt.body) == 0})
		})
	}
	if n := s.count(t, "credential_document"); n != 0 {
		t.Fatalf("%d documents stored by refused uploads", n)
	}
	for _, f := range []struct {
		name, want string
		body       []byte
	}{
		{"../../x", "x.jpg", jpegFile},
		{"../../etc/passwd", "passwd.pdf", pdfFile},
		{"C:\\scans\\my licence.PDF", "my-licence.png", pngFile},
		{"", "credential.pdf", pdfFile},
	} {
		r := s.expect(t, http.StatusOK, call{method: "PUT", path: doc + "?filename=" + url.QueryEscape(f.name), token: ana.token, body: f.body,
			header: map[string]string{"Content-Type": "application/octet-stream"}}).json(t)
		if r["filename"] != f.want {
			t.Errorf("filename %q stored as %q, want %q", f.name, r["filename"], f.want)
		}
	}
}

func TestDocumentAccess(t *testing.T) {
	t.Parallel()
	s := schedulingSite(t)
	ana := s.newPractice(t, "ana@example.com", false)
	ben := s.newPractice(t, "ben@example.com", false)
	s.signUp(t, "cid@example.com", "client")
	client := s.token(t, "cid@example.com")
	boss := s.admin(t, "admin@example.com")
	id := s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/me/credentials", token: ana.token,
		body: licenceBody("2028-06-30")}).str(t, "id")
	own, admin := "/api/v1/me/credentials/"+id+"/document", "/api/v1/admin/credentials/"+id+"/document"
	s.expect(t, http.StatusNotFound, call{method: "GET", path: own, token: ana.token}) // none yet
	s.expect(t, http.StatusOK, call{method: "PUT", path: own + "?filename=licence.pdf", token: ana.token, body: pdfFile,
		header: map[string]string{"Content-Type": "application/pdf"}})
	tests := []struct {
		name, path, token string
		status            int
	}{
		{"owner", own, ana.token, 200},
		{"admin", admin, boss, 200},
		{"another therapist", own, ben.token, 404},
		{"another therapist, admin path", admin, ben.token, 403},
		{"client", own, client, 403},
		{"client, admin path", admin, client, 403},
		{"nobody", own, "", 401},
		{"admin, unknown id", "/api/v1/admin/credentials/999999/document", boss, 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := s.expect(t, tt.status, call{method: "GET", path: tt.path, token: tt.token, breaksContract: tt.token == ""})
			if tt.status != 200 {
				return
			}
			h := r.header
			if !bytes.Equal(r.body, pdfFile) || h.Get("Content-Type") != "application/pdf" ||
				h.Get("Content-Disposition") != `attachment; filename=licence.pdf` || h.Get("X-Content-Type-Options") != "nosniff" ||
				!strings.Contains(h.Get("Content-Security-Policy"), "default-src 'none'") {
				t.Errorf("served %d bytes with headers %v", len(r.body), h)
			}
		})
	}
	// Only site admins decide.
	for _, tok := range []string{ana.token, client} {
		s.expect(t, http.StatusForbidden, call{method: "POST", path: "/api/v1/admin/credentials/" + id + "/verify", token: tok,
			body: map[string]string{"note": "self-service"}})
	}
	s.expect(t, http.StatusNotFound, call{method: "POST", path: "/api/v1/admin/credentials/999999/verify", token: boss,
		body: map[string]string{"note": ""}})
}

// Under the clinic rule a pending licence makes a therapist bookable; a
// rejected or expired one still does not.
func TestClinicCredentialRule(t *testing.T) {
	t.Parallel()
	for _, rule := range []string{"strict", "clinic"} {
		t.Run(rule, func(t *testing.T) {
			s := newSiteWith(t, func(c *kconfig.Config) { c.CredentialRule = rule })
			s.clock.Set(monday)
			ana := s.newPractice(t, "ana@example.com", false)
			id := s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/me/credentials", token: ana.token,
				body: licenceBody("2026-10-20")}).str(t, "id")
			slots := func() int {
				r := s.expect(t, http.StatusOK, call{method: "GET", path: "/api/v1/therapists/" + ana.id + "/slots?service_id=" +
					ana.service + "&from=2026-10-12T00:00:00-04:00&to=2026-10-13T00:00:00-04:00"})
				return len(r.json(t)["slots"].([]any))
			}
			if n := slots(); (n > 0) != (rule == "clinic") {
				t.Errorf("%s: %d slots with a pending licence", rule, n)
			}
			s.expect(t, http.StatusOK, call{method: "POST", path: "/api/v1/admin/credentials/" + id + "/reject",
				token: s.admin(t, "admin@example.com"), body: map[string]string{"note": "Not on the register."}})
			if n := slots(); n != 0 {
				t.Errorf("%s: %d slots with a rejected licence", rule, n)
			}
		})
	}
}

// The queue comes a page at a time, oldest first, each credential once,
// with the number waiting in all.
func TestCredentialQueuePages(t *testing.T) {
	t.Parallel()
	s := schedulingSite(t)
	var filed []string
	for i := range 5 {
		p := s.newPractice(t, fmt.Sprintf("t%d@example.com", i), false)
		c := s.expect(t, http.StatusCreated, call{method: "POST", path: "/api/v1/me/credentials", token: p.token,
			body: licenceBody("2027-10-20")}).json(t)
		filed = append(filed, c["id"].(string))
	}
	boss := s.admin(t, "admin@example.com")
	var seen []string
	cursor := ""
	for pages := 0; ; pages++ {
		if pages > 3 {
			t.Fatal("the queue never ends")
		}
		path := "/api/v1/admin/credentials?limit=2"
		if cursor != "" {
			path += "&cursor=" + cursor
		}
		page := s.expect(t, http.StatusOK, call{method: "GET", path: path, token: boss}).json(t)
		if page["waiting"] != float64(5) {
			t.Errorf("waiting = %v, want 5", page["waiting"])
		}
		for _, c := range page["credentials"].([]any) {
			seen = append(seen, c.(map[string]any)["credential"].(map[string]any)["id"].(string))
		}
		next, _ := page["next_cursor"].(string)
		if next == "" {
			break
		}
		cursor = next
	}
	if !slices.Equal(seen, filed) {
		t.Errorf("pages listed %v, want %v in filing order", seen, filed)
	}
	s.expect(t, http.StatusUnprocessableEntity, call{method: "GET", path: "/api/v1/admin/credentials?cursor=nonsense", token: boss})
	// A search narrows the queue to one therapist.
	one := s.expect(t, http.StatusOK, call{method: "GET", path: "/api/v1/admin/credentials?q=T3%40EXAMPLE", token: boss}).json(t)
	if got := one["credentials"].([]any); one["waiting"] != float64(1) || len(got) != 1 ||
		got[0].(map[string]any)["credential"].(map[string]any)["id"] != filed[3] {
		t.Errorf("q=T3@EXAMPLE: %v, want only credential %s", one, filed[3])
	}
}
