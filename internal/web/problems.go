package web

import (
	"net/http"
)

// problemDocs explain each problem type of API.md; the type URI of every
// problem the API returns is a page here.
var problemDocs = map[string]struct {
	Status      int
	Title, Text string
}{
	"malformed":               {400, "Malformed request", "The request could not be read: the body is not valid JSON, is empty, or is not JSON at all. Send one JSON object with Content-Type: application/json."},
	"unauthenticated":         {401, "Sign-in required", "The call needs an API token (Authorization: Bearer …) from POST /api/v1/tokens, or the token sent is not valid, has expired or was revoked. For POST /api/v1/tokens it means the email address or password is not right; the answer is the same for both, on purpose."},
	"forbidden":               {403, "Not allowed", "Your account's role does not allow this call, or the request came from another site. A record that exists but is not yours answers not-found instead."},
	"not-found":               {404, "Not found", "Nothing is at this address, or the record is not yours to see."},
	"method-not-allowed":      {405, "Method not allowed", "This address does not accept that HTTP method."},
	"too-large":               {413, "Request too large", "The body is larger than allowed: 1 MiB for JSON; a credential's document may be up to 5 MiB."},
	"invalid":                 {422, "Some fields need attention", "One or more fields are missing or wrong. The errors member holds one message per field, keyed by the field's name."},
	"rate-limited":            {429, "Too many attempts", "Too many failed sign-ins for this email address or from this address. Wait for the number of seconds in the Retry-After header; the wait grows with each failure and never lasts longer than 15 minutes."},
	"email-taken":             {409, "Email address already registered", "An account with this email address exists. Sign in, or reset the password."},
	"idempotency-mismatch":    {422, "Idempotency key reused with a different request", "An Idempotency-Key identifies one request. The same key with a different body is refused: use a new key for a new request."},
	"idempotency-in-progress": {409, "Request with this key still running", "The first request with this Idempotency-Key has not finished yet. Retry shortly to get its answer."},
	"slot-taken":              {409, "Slot taken", "Someone else booked this time first. The alternatives member lists up to three nearby free times."},
	"series-conflict":         {409, "Series conflict", "Some occurrences of the series conflict; nothing was saved. The conflicts member lists each one with alternatives."},
	"cancel-window":           {409, "Inside the cancellation window", "It is too close to the session to cancel or move it yourself. Contact your therapist."},
	"credential-verified":     {409, "Credential already verified", "The credential is verified, so its document stays as the admin checked it. Add the renewed licence or certification as a new credential instead."},
	"has-appointments":        {409, "Upcoming appointments", "The location or service has appointments still to come. Cancel or move them, then remove it."},
	"not-active":              {409, "Appointment not active", "The appointment is already cancelled, completed, marked as a no-show or stopped and referred, or has started, so it cannot be changed that way."},
	"check-in-not-open":       {409, "Check-in not open", "Check-in for a session opens on its day, in the location's time zone, and closes when the session ends. The detail names the day."},
	"offer-expired":           {409, "Offer expired", "This waitlist offer has expired or was taken."},
	"not-bookable":            {422, "Not bookable", "The time is outside the therapist's hours, in the past, inside the notice period, beyond the horizon, or the therapist is not bookable there."},
	"screening-required":      {403, "Screening required", "Booking needs a safety screening no older than 90 days."},
	"booking-blocked":         {403, "Booking blocked", "The latest screening says to see a clinician before booking a massage."},
	"technique-excluded":      {403, "Technique excluded", "The screening rules out this service's technique for you."},
	"clearance-not-allowed":   {409, "Clearance not allowed", "A clinician's review cannot be recorded on this screening. An emergency result is lifted only by a new screening taken at least 24 hours later; people under 18 cannot book themselves; and a screening's clearance, once recorded, is not changed."},
	"internal":                {500, "Something went wrong on our side", "An error on the server. It is logged; the response's X-Request-Id identifies it."},
}

type problemView struct {
	Base
	Name   string
	Status int
	Text   string
}

func (s *Server) showProblem(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	doc, ok := problemDocs[name]
	if !ok {
		// An HTML page even under /api/: this is documentation, not an API call.
		s.render(w, r, http.StatusNotFound, "error", errorView{Base: s.base(r, pageTexts[404][0]), Status: 404,
			Heading: "No such problem type", Message: "knead's API has no problem called " + name + "."})
		return
	}
	s.render(w, r, http.StatusOK, "problem", problemView{Base: s.base(r, doc.Title), Name: name, Status: doc.Status, Text: doc.Text})
}
