package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/knead/knead/internal/homecare"
	"github.com/knead/knead/internal/store"
)

// A therapist assigns cat-cow twice a day through the form; the client
// ticks it off without script and sees it counted; nobody else reaches
// either page.
func TestHomeCarePages(t *testing.T) {
	b := newBookingSite(t)
	b.s.HomeCare = homecare.New(b.s.DB, b.clock.now)
	client := b.client("carla@example.test")
	b.mustBook(client, b.at(5, 10), 0, 1)
	appt := appointmentIDs(client)[0]
	cid, err := store.UserIDByEmail(context.Background(), b.s.DB.R(), "carla@example.test")
	if err != nil {
		t.Fatal(err)
	}
	care := fmt.Sprintf("/clients/%d/care", cid)

	res, body := b.therapist.do("POST", care, url.Values{"routine": {"cat-cow"}, "times": {"0"}, "per": {"day"}})
	wantIn(t, "a refused assignment", fmt.Sprint(res.StatusCode, body), "422", "Give how many times", `aria-invalid="true"`)
	if res, _ := b.therapist.do("POST", care, url.Values{"routine": {"cat-cow"}, "times": {"2"}, "per": {"day"},
		"note": {"Slowly."}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("assign: %d", res.StatusCode)
	}
	_, body = b.therapist.do("GET", care, nil)
	wantIn(t, "the therapist's page", body, "Cat-cow assigned.", "2 times a day", "Slowly.", "/remove")

	_, body = client.do("GET", "/care/mine", nil)
	wantIn(t, "the client's page", body, "Today: <strong>0 of 2</strong>", `hx-post="/care/mine/`)
	id := strings.SplitN(strings.SplitN(body, `action="/care/mine/`, 2)[1], "/", 2)[0]
	res, _ = client.do("POST", "/care/mine/"+id+"/done", url.Values{})
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || loc != "/care/mine?done="+id+"#routine-"+id {
		t.Fatalf("tick: %d %q", res.StatusCode, loc)
	}
	_, body = client.do("GET", "/care/mine?done="+id, nil)
	wantIn(t, "after a tick", body, "done 1 of 2 today", "Today: <strong>1 of 2</strong>", "100 %")
	_, body = b.therapist.do("GET", care, nil)
	wantIn(t, "the therapist sees it", body, "today 1 of 2", "100 %")
	_, body = client.do("GET", "/appointments/"+appt+"/aftercare", nil)
	wantIn(t, "after-care", body, "After your massage", "Some soreness is normal", `href="/care/cat-cow"`, "Stop and get help")

	other := b.client("dora@example.test")
	for _, c := range []struct {
		who    *browser
		method string
		path   string
	}{
		{other, "GET", care}, {other, "POST", "/care/mine/" + id + "/done"}, {other, "GET", "/appointments/" + appt + "/aftercare"},
		{client, "GET", care}, {b.therapist, "GET", "/care/mine"}, {b.therapist, "GET", "/clients/999999/care"},
	} {
		var form url.Values
		if c.method == "POST" {
			form = url.Values{}
		}
		if res, _ := c.who.do(c.method, c.path, form); res.StatusCode != http.StatusNotFound && res.StatusCode != http.StatusForbidden {
			t.Errorf("%s %s by someone else: %d", c.method, c.path, res.StatusCode)
		}
	}
}

// The library is public: a visitor reads every routine.
func TestCareLibraryIsPublic(t *testing.T) {
	srv, _ := newTestServer(t)
	res, body := get(t, srv.URL+"/care")
	wantIn(t, "/care", fmt.Sprint(res.StatusCode, body), "200", "Care between sessions", "Library version")
	for _, r := range homecare.Library {
		res, body := get(t, srv.URL+"/care/"+r.Slug)
		wantIn(t, r.Slug, fmt.Sprint(res.StatusCode, body), "200", html.EscapeString(r.Title), "When to stop", "Cautions", "Stop and get help")
	}
	if res, _ := get(t, srv.URL+"/care/nope"); res.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown routine: %d", res.StatusCode)
	}
}
