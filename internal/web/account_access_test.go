package web

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/knead/knead/internal/audit"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/store"
)

// A client sees who opened their records, newest first, a page at a time;
// another person's entries are not theirs to see.
func TestAccessLog(t *testing.T) {
	srv, s, _ := newSiteServer(t)
	ctx := context.Background()
	client := newBrowser(t, srv)
	client.signUp("c@example.test", "client")
	_, page := client.do("GET", "/account/access", nil)
	wantIn(t, "empty log", page, "Nobody has opened your health records yet.")

	me, err := store.UserByEmail(ctx, s.DB.R(), "c@example.test")
	if err != nil {
		t.Fatal(err)
	}
	ther, err := store.InsertUser(ctx, s.DB.W(), store.NewUser{Email: "t@example.test", Name: "Tess Ward", Role: "therapist",
		PasswordHash: "x", TimeZone: "Europe/Berlin", CreatedAt: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 2, 9, 30, 0, 0, time.UTC)
	for i := range accessPage + 2 {
		a := audit.Access{Actor: &authz.Principal{UserID: ther, Role: "therapist"}, Address: "192.0.2.7"}
		if err := audit.Record(ctx, s.DB.W(), at.Add(time.Duration(i)*time.Minute), a, me.ID, "screening", 1, audit.Read); err != nil {
			t.Fatal(err)
		}
	}
	other := newBrowser(t, srv)
	other.signUp("o@example.test", "client")
	_, page = other.do("GET", "/account/access", nil)
	wantIn(t, "someone else's log", page, "Nobody has opened your health records yet.")

	_, page = client.do("GET", "/account/access", nil)
	wantIn(t, "first page", page, "Tess Ward (therapist)", "opened your safety screening", "Mon 2 Nov 2026, 11:21 CET", "Older entries")
	if strings.Contains(page, "192.0.2.7") {
		t.Error("the page shows the reader's network address")
	}
	if n := strings.Count(page, "<tr><td>"); n != accessPage {
		t.Errorf("%d entries on the first page, want %d", n, accessPage)
	}
	older := page[strings.Index(page, "/account/access?before="):]
	older = older[:strings.Index(older, `"`)]
	_, page = client.do("GET", strings.ReplaceAll(older, "&amp;", "&"), nil)
	if n := strings.Count(page, "<tr><td>"); n != 2 || strings.Contains(page, "Older entries") {
		t.Errorf("second page: %d entries, want the last 2 and no link on", n)
	}
	wantIn(t, "oldest", page, fmt.Sprintf("Mon 2 Nov 2026, 10:%02d CET", 30))
}
