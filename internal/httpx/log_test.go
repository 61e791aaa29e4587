package httpx

import "testing"

// A feed URL is a credential: access logs keep only its prefix.
func TestLoggedPathHidesSecrets(t *testing.T) {
	for in, want := range map[string]string{
		"/calendar/mV3c0Q0xq7dE5mJ8oYx2kQb6oJ0n1h4Zr9sT2wLpA1c.ics": "/calendar/…",
		"/calendar/":               "/calendar/",
		"/therapist/calendar":      "/therapist/calendar",
		"/appointments/5/ics":      "/appointments/5/ics",
		"/api/v1/me/calendar-feed": "/api/v1/me/calendar-feed",
	} {
		if got := loggedPath(in); got != want {
			t.Errorf("loggedPath(%q) = %q, want %q", in, got, want)
		}
	}
}
