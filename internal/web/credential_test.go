package web

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// upload posts a multipart form with a document, as a same-origin browser does.
func (b *browser) upload(path string, fields url.Values, filename string, file []byte) (*http.Response, string) {
	b.t.Helper()
	return b.uploadAs(path, fields, "document", filename, file)
}

// uploadAs posts a multipart form with a file in the input named field.
func (b *browser) uploadAs(path string, fields url.Values, field, filename string, file []byte) (*http.Response, string) {
	b.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for k, vs := range fields {
		for _, v := range vs {
			_ = w.WriteField(k, v)
		}
	}
	if file != nil {
		part, _ := w.CreateFormFile(field, filename)
		_, _ = part.Write(file)
	}
	_ = w.Close()
	req, _ := http.NewRequest("POST", b.base+path, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Origin", b.base)
	res, err := b.client.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return res, string(out)
}

// another is a second browser on the same site, with its own cookies.
func (b *browser) another() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: b.t, base: b.base, client: &http.Client{Jar: jar, CheckRedirect: b.client.CheckRedirect}}
}

var pdf = []byte("%PDF-1.4\n%%EOF\n")

func credentialValues(expires string) url.Values {
	return url.Values{"kind": {"licence"}, "type": {"state_license"}, "number": {"MT-7"}, "jurisdiction": {"us-ny"},
		"issuer": {"NYSED"}, "expires_on": {expires}}
}

func count(t *testing.T, s *Server, table string) int {
	t.Helper()
	var n int
	if err := s.DB.R().QueryRowContext(context.Background(), "select count(*) from "+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCredentialFormsRefuseBadInput(t *testing.T) {
	s, b, _, _ := therapistInNewYork(t)
	tests := []struct {
		name, filename string
		form           url.Values
		file           []byte
		status         int
		want           string
	}{
		{"no number", "l.pdf", withValue(credentialValues("2030-01-01"), "number", ""), pdf, 422, "Give the number"},
		{"bad date", "l.pdf", withValue(credentialValues("01/01/2030"), "expires_on", "01/01/2030"), pdf, 422, "YYYY-MM-DD"},
		{"not a PDF", "l.pdf", credentialValues("2030-01-01"), []byte("<html>"), 422, "Upload a PDF, JPEG or PNG file."},
		{"too large", "l.pdf", credentialValues("2030-01-01"), append(bytes.Clone(pdf), make([]byte, 5<<20)...), 422, "at most 5 MiB"},
		{"far too large", "l.pdf", credentialValues("2030-01-01"), make([]byte, 6<<20), 413, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := b.upload("/therapist/setup/credentials", tt.form, tt.filename, tt.file)
			if res.StatusCode != tt.status || !strings.Contains(body, tt.want) {
				t.Errorf("status %d, want %d with %q:\n%.2000s", res.StatusCode, tt.status, tt.want, body)
			}
		})
	}
	if n, d := count(t, s, "credential"), count(t, s, "credential_document"); n+d != 0 {
		t.Errorf("%d credentials and %d documents stored by refused forms", n, d)
	}
}

var dataCredential = regexp.MustCompile(`data-credential="(\d+)"`)

// A therapist files a licence with its scan; a site admin verifies it
// from the queue; the public profile says so.
func TestCredentialVerifiedThroughThePages(t *testing.T) {
	s, b, _, therapistID := therapistInNewYork(t)
	res, body := b.upload("/therapist/setup/credentials", credentialValues("2030-01-31"), "../../scan.pdf", pdf)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add credential: %d\n%.2000s", res.StatusCode, body)
	}
	page := b.setupPage()
	wantIn(t, "set-up page", page, "MT-7", "Waiting for verification", "scan.pdf", "expires 31 January 2030")
	m := dataCredential.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no credential listed")
	}
	id := m[1]

	if _, err := s.Accounts.CreateAdmin(context.Background(), "boss@example.test", "Boss", "a calm long password"); err != nil {
		t.Fatal(err)
	}
	admin := b.another()
	if res, _ := admin.do("POST", "/signin", url.Values{"email": {"boss@example.test"}, "password": {"a calm long password"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("admin sign-in: %d", res.StatusCode)
	}
	_, queue := admin.do("GET", "/admin/credentials", nil)
	wantIn(t, "queue", queue, "Test Person", "1 waiting", "MT-7", "US-NY", "31 January 2030", "/api/v1/admin/credentials/"+id+"/document")
	if res, _ := b.do("GET", "/admin/credentials", nil); res.StatusCode != http.StatusForbidden {
		t.Errorf("a therapist opened the queue: %d", res.StatusCode)
	}
	if res, _ := admin.do("GET", "/api/v1/admin/credentials/"+id+"/document", nil); res.StatusCode != 200 ||
		!strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("admin download: %d %v", res.StatusCode, res.Header)
	}
	// A rejection needs a note; nothing is decided without one.
	if res, body := admin.do("POST", "/admin/credentials/"+id+"/reject", url.Values{"note": {""}}); res.StatusCode != 422 ||
		!strings.Contains(body, "Say why") {
		t.Errorf("reject without a note: %d", res.StatusCode)
	}
	if res, _ := admin.do("POST", "/admin/credentials/"+id+"/verify", url.Values{"note": {"Board lookup: active."}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("verify: %d", res.StatusCode)
	}
	_, queue = admin.do("GET", "/admin/credentials", nil)
	wantIn(t, "queue after", queue, "Nothing waits", "Board lookup: active.")
	wantIn(t, "set-up page after", b.setupPage(), "Verified", "Board lookup: active.")
	_, profile := b.do("GET", profileAt(t, s, therapistID), nil)
	wantIn(t, "profile", profile, "Licence verified on "+s.Now().UTC().Format("2 January 2006")+", expires 31 January 2030")
}
