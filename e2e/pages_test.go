//go:build e2e

package e2e

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

var client = &http.Client{Timeout: 10 * time.Second}

// get fetches path with a plain HTTP client and checks the status.
func get(t *testing.T, path string, wantStatus int) (*http.Response, string) {
	t.Helper()
	resp, err := client.Get(baseURL + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: read body: %v", path, err)
	}
	if resp.StatusCode != wantStatus {
		t.Errorf("GET %s: status %d, want %d", path, resp.StatusCode, wantStatus)
	}
	return resp, string(body)
}

// getHTML is get for a page: it must be HTML served under a CSP (or the
// browser's zero-CSP-violations check would prove nothing).
func getHTML(t *testing.T, path string, wantStatus int) {
	t.Helper()
	resp, body := get(t, path, wantStatus)
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("GET %s: Content-Type %q, want text/html", path, ct)
	}
	if !strings.Contains(strings.ToLower(body), "<html") {
		t.Errorf("GET %s: body is not an HTML document: %.200q", path, body)
	}
	if resp.Header.Get("Content-Security-Policy") == "" {
		t.Errorf("GET %s: no Content-Security-Policy header", path)
	}
}

func TestHomePage(t *testing.T) {
	getHTML(t, "/", http.StatusOK)
	p := visit(t, "/")
	if p.status != http.StatusOK {
		t.Errorf("browser got status %d, want 200", p.status)
	}
	if title := p.title(t); !strings.Contains(strings.ToLower(title), "knead") {
		t.Errorf("title %q does not contain %q", title, "knead")
	}
	if n := p.count(t, "[data-therapist]"); n == 0 {
		t.Error("no demo therapists listed: no element matches [data-therapist]")
	}
}

func TestNotFoundPage(t *testing.T) {
	getHTML(t, "/no-such-page", http.StatusNotFound)
	p := visit(t, "/no-such-page")
	if p.status != http.StatusNotFound {
		t.Errorf("browser got status %d, want 404", p.status)
	}
	if title := p.title(t); strings.TrimSpace(title) == "" {
		t.Error("404 page has an empty title")
	}
	if n := p.count(t, "h1"); n != 1 {
		t.Errorf("404 page has %d h1 elements, want 1 saying what happened", n)
	}
}

func TestHealth(t *testing.T) {
	for _, tc := range []struct {
		path string
		want int
	}{
		{"/healthz", http.StatusOK},
		{"/readyz", http.StatusOK},
	} {
		t.Run(strings.TrimPrefix(tc.path, "/"), func(t *testing.T) {
			get(t, tc.path, tc.want)
		})
	}
}
