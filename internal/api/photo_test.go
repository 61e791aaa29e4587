package api_test

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/knead/knead/internal/practice"
)

// portrait is a w×h photo-like image, encoded by enc.
func portrait(t *testing.T, w, h int, enc func(*bytes.Buffer, image.Image) error) []byte {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			m.Set(x, y, color.RGBA{uint8(x), uint8(y), 120, 255})
		}
	}
	var b bytes.Buffer
	if err := enc(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func asPNG(b *bytes.Buffer, m image.Image) error  { return png.Encode(b, m) }
func asJPEG(b *bytes.Buffer, m image.Image) error { return jpeg.Encode(b, m, nil) }

// A refused upload stores nothing and names what is wrong; only therapists
// have a photo, and each changes only their own (the path is /me).
func TestPhotoUploadRefusals(t *testing.T) {
	t.Parallel()
	s := schedulingSite(t)
	ana := s.newPractice(t, "ana@example.com", false)
	s.signUp(t, "cy@example.com", "client")
	client := s.token(t, "cy@example.com")
	good := portrait(t, 400, 300, asJPEG)
	tests := []struct {
		name, declared, token string
		body                  []byte
		chunked               bool
		status                int
		field                 string
	}{
		{"a PDF declared as a JPEG", "image/jpeg", ana.token, pdfFile, false, 422, "photo"},
		{"HTML declared as a PNG", "image/png", ana.token, []byte("<script>alert(1)</script>"), false, 422, "photo"},
		{"truncated JPEG", "image/jpeg", ana.token, good[:len(good)/3], false, 422, "photo"},
		{"too many pixels", "image/png", ana.token, portrait(t, practice.MaxPhotoSide+1, 130, asPNG), false, 422, "photo"},
		{"too few pixels", "image/png", ana.token, pngFile, false, 422, "photo"},
		{"over 5 MiB", "image/jpeg", ana.token, append(bytes.Clone(good), make([]byte, practice.MaxPhotoBytes)...), false, 413, ""},
		{"over 5 MiB, no length", "image/jpeg", ana.token, append(bytes.Clone(good), make([]byte, practice.MaxPhotoBytes)...), true, 413, ""},
		{"a client", "image/jpeg", client, good, false, 403, ""},
		{"no token", "image/jpeg", "", good, false, 401, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := s.expect(t, tt.status, call{method: "PUT", path: "/api/v1/me/photo", token: tt.token, body: tt.body,
				chunked: tt.chunked, header: map[string]string{"Content-Type": tt.declared}, breaksContract: tt.token == ""})
			if tt.field != "" {
				if errs, _ := r.json(t)["errors"].(map[string]any); errs[tt.field] == nil {
					t.Errorf("errors %v do not name %s", r.json(t)["errors"], tt.field)
				}
			}
		})
	}
	if n := s.count(t, "therapist_photo"); n != 0 {
		t.Fatalf("%d photos stored by refused uploads", n)
	}
	s.expect(t, http.StatusForbidden, call{method: "DELETE", path: "/api/v1/me/photo", token: client})
}

// A stored photo is served at the addresses the profile gives, re-encoded,
// cached by version, and replaced or removed by its owner only.
func TestPhotoUploadAndServe(t *testing.T) {
	t.Parallel()
	s := schedulingSite(t)
	ana := s.newPractice(t, "ana@example.com", false)
	ben := s.newPractice(t, "ben@example.com", false)
	got := s.expect(t, http.StatusOK, call{method: "PUT", path: "/api/v1/me/photo", token: ana.token,
		body: portrait(t, 900, 600, asPNG), header: map[string]string{"Content-Type": "application/octet-stream"}}).json(t)
	url, small := got["url"].(string), got["small_url"].(string)
	prof := s.expect(t, http.StatusOK, call{method: "GET", path: "/api/v1/therapists/" + ana.id}).json(t)
	if p, _ := prof["photo"].(map[string]any); p["url"] != url || p["small_url"] != small {
		t.Fatalf("profile photo %v, want %s and %s", prof["photo"], url, small)
	}
	if p := s.expect(t, http.StatusOK, call{method: "GET", path: "/api/v1/therapists/" + ben.id}).json(t)["photo"]; p != nil {
		t.Errorf("ben has ana's photo: %v", p)
	}
	for _, tt := range []struct {
		path string
		side int
	}{{url, 512}, {small, 128}} {
		res := serve(s, httptest.NewRequest("GET", tt.path, nil))
		m, err := jpeg.Decode(res.Body)
		h := res.Header()
		if res.Code != 200 || err != nil || m.Bounds().Dx() != tt.side || m.Bounds().Dy() != tt.side {
			t.Fatalf("GET %s: %d %v, want a %d px square JPEG", tt.path, res.Code, err, tt.side)
		}
		if h.Get("Content-Type") != "image/jpeg" || h.Get("X-Content-Type-Options") != "nosniff" || h.Get("ETag") == "" ||
			h.Get("Cache-Control") != "public, max-age=31536000, immutable" {
			t.Errorf("GET %s: headers %v", tt.path, h)
		}
		again := httptest.NewRequest("GET", tt.path, nil)
		again.Header.Set("If-None-Match", h.Get("ETag"))
		if res := serve(s, again); res.Code != http.StatusNotModified {
			t.Errorf("GET %s with its ETag: %d, want 304", tt.path, res.Code)
		}
	}
	unversioned := "/therapists/" + ana.id + "/photo.jpg"
	if res := serve(s, httptest.NewRequest("GET", unversioned, nil)); res.Code != 200 || res.Header().Get("Cache-Control") != "public, no-cache" {
		t.Errorf("GET %s: %d, Cache-Control %q, want 200 revalidated", unversioned, res.Code, res.Header().Get("Cache-Control"))
	}
	if res := serve(s, httptest.NewRequest("GET", "/therapists/"+ben.id+"/photo.jpg", nil)); res.Code != 404 {
		t.Errorf("ben's photo: %d, want 404", res.Code)
	}

	// Ben's upload and removal touch only Ben's photo.
	s.expect(t, http.StatusOK, call{method: "PUT", path: "/api/v1/me/photo", token: ben.token, body: portrait(t, 200, 200, asJPEG),
		header: map[string]string{"Content-Type": "image/jpeg"}})
	s.expect(t, http.StatusNoContent, call{method: "DELETE", path: "/api/v1/me/photo", token: ben.token})
	s.expect(t, http.StatusNoContent, call{method: "DELETE", path: "/api/v1/me/photo", token: ben.token})
	if res := serve(s, httptest.NewRequest("GET", url, nil)); res.Code != 200 {
		t.Errorf("ana's photo after ben removed his: %d", res.Code)
	}
	s.expect(t, http.StatusNoContent, call{method: "DELETE", path: "/api/v1/me/photo", token: ana.token})
	if res := serve(s, httptest.NewRequest("GET", url, nil)); res.Code != 404 {
		t.Errorf("ana's removed photo: %d, want 404", res.Code)
	}
}

// The later profile fields are optional: left out they keep what is
// stored; wrong, each is named.
func TestProfileAccessAndFirstSession(t *testing.T) {
	t.Parallel()
	s := schedulingSite(t)
	ana := s.newPractice(t, "ana@example.com", false)
	body := profileBody()
	body["accessibility"] = []string{"step_free", "adjustable_table", "step_free"}
	body["accessibility_note"] = "  A ramp at the side door.  "
	body["first_session"] = "We talk first, then a gentle session."
	got := s.expect(t, http.StatusOK, call{method: "PUT", path: "/api/v1/me/profile", token: ana.token, body: body}).json(t)
	if a, _ := got["accessibility"].([]any); len(a) != 2 || a[0] != "adjustable_table" || got["accessibility_note"] != "A ramp at the side door." {
		t.Errorf("stored %v", got)
	}
	got = s.expect(t, http.StatusOK, call{method: "PUT", path: "/api/v1/me/profile", token: ana.token, body: profileBody()}).json(t)
	if got["first_session"] != "We talk first, then a gentle session." || len(got["accessibility"].([]any)) != 2 {
		t.Errorf("fields left out were not kept: %v", got)
	}
	long := string(bytes.Repeat([]byte("a"), 2001))
	for _, tt := range []struct {
		name, field string
		value       any
	}{
		{"unknown feature", "accessibility", []string{"helipad"}},
		{"feature not a string", "accessibility", []int{1}},
		{"long note", "accessibility_note", long[:501]},
		{"long first session", "first_session", long},
		{"first session not a string", "first_session", 5},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b := profileBody()
			b[tt.field] = tt.value
			r := s.expect(t, http.StatusUnprocessableEntity, call{method: "PUT", path: "/api/v1/me/profile", token: ana.token,
				body: b, breaksContract: true})
			if errs, _ := r.json(t)["errors"].(map[string]any); len(errs) != 1 || errs[tt.field] == nil {
				t.Errorf("errors %v, want only %s", errs, tt.field)
			}
		})
	}
}
