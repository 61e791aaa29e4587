// Package notify composes and records the messages knead sends. Every
// message goes to the outbox table, which site admins read at
// /admin/outbox, and with SMTP configured a job delivers it. Messages never carry health
// details: they link to the page instead.
package notify

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"log/slog"
	"strings"
	texttemplate "text/template"
	"time"

	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/store"
)

//go:embed templates
var templateFS embed.FS

var (
	textTemplates = texttemplate.Must(texttemplate.ParseFS(templateFS, "templates/*.txt"))
	htmlTemplates = htmltemplate.Must(htmltemplate.ParseFS(templateFS, "templates/*.html"))
)

// Message is one email.
type Message struct {
	To, ToName string
	Kind       string // what it is: verify_email, booking_confirmed, reminder…
	Template   string // the template, when not named like Kind
	Subject    string
	Data       map[string]any // the template's data; Queue adds Prefs, the preferences link
	// EventKey names the event the message tells of: a job retried after
	// a crash finds its message already recorded and adds nothing.
	EventKey string

	AttachmentName, AttachmentType string
	Attachment                     []byte
}

// Mailer records messages in the same transaction as the change that causes
// them, so a rolled-back change sends nothing. With jobs (SMTP configured)
// each message also gets a delivery job in that transaction.
type Mailer struct {
	log  *slog.Logger
	now  func() time.Time
	jobs Enqueuer
	base string
}

// PreferencesPath is the page where people choose what is mailed to them;
// every message's footer links it.
const PreferencesPath = "/account/notifications"

// LinkFrom sets the site's public URL for the preferences link.
func (m *Mailer) LinkFrom(baseURL string) { m.base = strings.TrimSuffix(baseURL, "/") }

// NewMailer returns a Mailer writing to the outbox.
func NewMailer(log *slog.Logger, now func() time.Time) *Mailer {
	return &Mailer{log: log, now: now}
}

// Deliver makes every message queued from now on go out through jobs (the
// River client that works the delivery worker).
func (m *Mailer) Deliver(jobs Enqueuer) { m.jobs = jobs }

// Queue renders m and records it.
func (m *Mailer) Queue(ctx context.Context, q db.Querier, msg Message) error {
	var text, html bytes.Buffer
	tmpl := msg.Template
	if tmpl == "" {
		tmpl = msg.Kind
	}
	if msg.Data == nil {
		msg.Data = map[string]any{}
	}
	msg.Data["Prefs"] = m.base + PreferencesPath
	if err := textTemplates.ExecuteTemplate(&text, tmpl+".txt", msg.Data); err != nil {
		return fmt.Errorf("notify: render %s: %w", tmpl, err)
	}
	if err := htmlTemplates.ExecuteTemplate(&html, tmpl+".html", msg.Data); err != nil {
		return fmt.Errorf("notify: render %s: %w", tmpl, err)
	}
	// Names and subjects go into headers later: no line breaks may survive.
	clean := strings.NewReplacer("\r", " ", "\n", " ")
	id, err := store.InsertOutbox(ctx, q, store.OutboxMessage{ToAddr: clean.Replace(msg.To), ToName: clean.Replace(msg.ToName),
		Subject: clean.Replace(msg.Subject), TextBody: text.String(), HTMLBody: html.String(), Kind: msg.Kind,
		Status: "queued", CreatedAt: m.now(), AttachmentName: msg.AttachmentName, AttachmentType: msg.AttachmentType,
		Attachment: string(msg.Attachment), EventKey: msg.EventKey})
	if err != nil {
		return err
	}
	if id == 0 { // this event's message is recorded already
		return nil
	}
	if err := m.enqueue(ctx, q, id); err != nil {
		return err
	}
	m.log.InfoContext(ctx, "email queued in the outbox", "outbox_id", id, "kind", msg.Kind)
	// For development (KNEAD_LOG_LEVEL=debug) the message itself, links and
	// all; at the default level links never reach the log.
	m.log.DebugContext(ctx, "email", "outbox_id", id, "to", msg.To, "subject", msg.Subject, "body", text.String())
	return nil
}

// enqueue adds the delivery job: in q's transaction when q is one, so the
// job commits or rolls back with the message.
func (m *Mailer) enqueue(ctx context.Context, q db.Querier, id int64) error {
	if m.jobs == nil {
		return nil
	}
	var err error
	if tx, ok := q.(db.Tx); ok {
		_, err = m.jobs.InsertTx(ctx, tx.SQL, DeliverArgs{OutboxID: id}, nil)
	} else {
		_, err = m.jobs.Insert(ctx, DeliverArgs{OutboxID: id}, nil)
	}
	if err != nil {
		return fmt.Errorf("notify: enqueue delivery: %w", err)
	}
	return nil
}
