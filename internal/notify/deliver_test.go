package notify_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/riverqueue/river"

	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/jobs"
	"github.com/knead/knead/internal/notify"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/testkit"
)

// sink is an in-process SMTP server that keeps what it receives.
type sink struct {
	mu   sync.Mutex
	got  []received
	addr string
}

type received struct {
	from string
	to   []string
	data string
}

func (s *sink) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{sink: s}, nil }

type session struct {
	sink *sink
	msg  received
}

func (s *session) Reset()        { s.msg = received{} }
func (s *session) Logout() error { return nil }
func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	s.msg.from = from
	return nil
}
func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.msg.to = append(s.msg.to, to)
	return nil
}
func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	s.msg.data = string(b)
	s.sink.mu.Lock()
	s.sink.got = append(s.sink.got, s.msg)
	s.sink.mu.Unlock()
	return err
}

func newSink(t *testing.T) *sink {
	t.Helper()
	s := &sink{}
	srv := smtp.NewServer(s)
	srv.Domain = "localhost"
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.addr = ln.Addr().String()
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return s
}

// mailSite is a database, a mailer and a River client delivering over SMTP.
func mailSite(t *testing.T, smtpURL string) (*db.DB, *notify.Mailer, *jobs.Client) {
	t.Helper()
	d := testkit.OpenDB(t)
	sender, err := notify.NewSMTP(smtpURL, "knead <no-reply@knead.test>")
	if err != nil {
		t.Fatal(err)
	}
	work := &jobs.Work{Workers: river.NewWorkers()}
	notify.AddDelivery(work.Workers, d, sender, "http://knead.test", time.Now)
	client, err := jobs.New(d, testkit.Logger(), work)
	if err != nil {
		t.Fatal(err)
	}
	m := notify.NewMailer(testkit.Logger(), time.Now)
	m.Deliver(client)
	return d, m, client
}

func queue(t *testing.T, d *db.DB, m *notify.Mailer, name, subject string) {
	t.Helper()
	err := d.InTx(context.Background(), func(tx db.Tx) error {
		return m.Queue(context.Background(), tx, notify.Message{To: "ana@example.test", ToName: name, Kind: "verify_email",
			Subject: subject, Data: map[string]any{"Name": "Ana", "Link": "http://knead.test/verify-email?token=x", "Hours": 48}})
	})
	if err != nil {
		t.Fatal(err)
	}
}

// run starts the client and waits for the first delivery attempt to end.
func run(t *testing.T, c *jobs.Client) *river.Event {
	t.Helper()
	events, cancel := c.Subscribe(river.EventKindJobCompleted, river.EventKindJobFailed)
	defer cancel()
	if err := c.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Stop(context.Background()) })
	for ev := range events {
		if ev.Job.Kind == (notify.DeliverArgs{}).Kind() {
			return ev
		}
	}
	t.Fatal("the event stream ended")
	return nil
}

func TestDeliveryOverSMTP(t *testing.T) {
	s := newSink(t)
	d, m, c := mailSite(t, "smtp://"+s.addr)
	queue(t, d, m, "Ana\r\nBcc: eve@example.test", "Confirm\nBcc: eve@example.test")
	if ev := run(t, c); ev.Kind != river.EventKindJobCompleted {
		t.Fatalf("delivery: %s %v", ev.Kind, ev.Job.Errors)
	}
	if len(s.got) != 1 {
		t.Fatalf("the server got %d messages, want 1", len(s.got))
	}
	got := s.got[0]
	if len(got.to) != 1 || got.to[0] != "ana@example.test" || got.from != "no-reply@knead.test" {
		t.Errorf("envelope from %q to %v", got.from, got.to)
	}
	msg, err := mail.ReadMessage(strings.NewReader(got.data))
	if err != nil {
		t.Fatal(err)
	}
	for header, want := range map[string]string{"Message-Id": "<outbox-1@knead.test>", "Bcc": ""} {
		if v := msg.Header.Get(header); v != want {
			t.Errorf("%s: %q, want %q", header, v, want)
		}
	}
	if ct := msg.Header.Get("Content-Type"); !strings.HasPrefix(ct, "multipart/alternative") {
		t.Errorf("Content-Type %q, want multipart/alternative", ct)
	}
	if to, _ := msg.Header.AddressList("To"); len(to) != 1 || to[0].Address != "ana@example.test" {
		t.Errorf("To %v", to)
	}
	if body, _ := io.ReadAll(msg.Body); !strings.Contains(string(body), "verify-email?token") {
		t.Error("the link is not in the body")
	}
	sent, err := store.OutboxByID(context.Background(), d.R(), 1)
	if err != nil || sent.Status != "sent" || sent.Attempts != 1 || sent.SentAt == nil || sent.MessageID != "outbox-1@knead.test" {
		t.Errorf("outbox after sending: %+v %v", sent, err)
	}
}

func TestUnreachableServerKeepsTheMessageQueued(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	d, m, c := mailSite(t, "smtp://"+addr)
	queue(t, d, m, "Ana", "Confirm")
	if ev := run(t, c); ev.Kind != river.EventKindJobFailed {
		t.Fatalf("delivery to nowhere: %s", ev.Kind)
	}
	got, err := store.OutboxByID(context.Background(), d.R(), 1)
	if err != nil || got.Status != "queued" || got.Attempts != 1 || got.LastError == "" || got.SentAt != nil {
		t.Errorf("outbox after a failed attempt: %+v %v", got, err)
	}
}

func TestRolledBackChangeSendsNothing(t *testing.T) {
	d, m, _ := mailSite(t, "smtp://127.0.0.1:25")
	boom := errors.New("boom")
	err := d.InTx(context.Background(), func(tx db.Tx) error {
		if err := m.Queue(context.Background(), tx, notify.Message{To: "ana@example.test", Kind: "verify_email", Subject: "x",
			Data: map[string]any{"Name": "Ana", "Link": "l", "Hours": 1}}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	var n int
	if err := d.R().QueryRowContext(context.Background(), `select (select count(*) from outbox) + (select count(*) from river_job)`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("%d outbox rows and jobs after a rollback, want 0", n)
	}
}

func TestBadSMTPSettingsFailAtStart(t *testing.T) {
	for _, tt := range []struct{ url, from string }{
		{"http://mail.example.org", "knead <a@example.org>"},
		{"smtp://", "knead <a@example.org>"},
		{"smtp://mail.example.org:99999", "knead <a@example.org>"},
		{"smtp://mail.example.org", "not an address"},
	} {
		if _, err := notify.NewSMTP(tt.url, tt.from); err == nil {
			t.Errorf("NewSMTP(%q, %q) accepted", tt.url, tt.from)
		}
	}
}
