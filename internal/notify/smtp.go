package notify

import (
	"context"
	"fmt"
	"net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/knead/knead/internal/config"
	"github.com/knead/knead/internal/store"
)

// SMTP sends recorded messages to an SMTP server with go-mail.
type SMTP struct {
	server config.SMTP
	from   *mail.Address
}

// NewSMTP checks the settings once, at start: a broken URL or sender stops
// the server with a clear message instead of failing every send.
func NewSMTP(rawURL, from string) (*SMTP, error) {
	server, err := config.ParseSMTPURL(rawURL)
	if err != nil {
		return nil, fmt.Errorf("notify: SMTP URL: %w", err)
	}
	addr, err := mail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("notify: sender %q: %w", from, err)
	}
	return &SMTP{server: server, from: addr}, nil
}

// sendTimeout bounds one delivery: dial, TLS, AUTH and DATA together.
const sendTimeout = 30 * time.Second

// Send delivers m with the given Message-ID.
func (s *SMTP) Send(ctx context.Context, m store.OutboxMessage, messageID string) error {
	msg := gomail.NewMsg()
	if err := msg.FromFormat(s.from.Name, s.from.Address); err != nil {
		return fmt.Errorf("notify: from: %w", err)
	}
	// The name is a display name only: go-mail encodes it, and Queue took
	// any line break out of it already.
	if err := msg.AddToFormat(m.ToName, m.ToAddr); err != nil {
		return fmt.Errorf("notify: to: %w", err)
	}
	msg.Subject(m.Subject)
	msg.SetMessageIDWithValue(messageID)
	msg.SetDate()
	msg.SetBodyString(gomail.TypeTextPlain, m.TextBody)
	if m.HTMLBody != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTMLBody)
	}
	if m.Attachment != "" {
		if err := msg.AttachReader(m.AttachmentName, strings.NewReader(m.Attachment),
			gomail.WithFileContentType(gomail.ContentType(m.AttachmentType))); err != nil {
			return fmt.Errorf("notify: attach: %w", err)
		}
	}
	opts := []gomail.Option{gomail.WithPort(s.server.Port), gomail.WithTimeout(sendTimeout)}
	if s.server.TLS {
		opts = append(opts, gomail.WithSSL())
	} else {
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	}
	if s.server.User != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthPlain), gomail.WithUsername(s.server.User),
			gomail.WithPassword(s.server.Password))
	}
	c, err := gomail.NewClient(s.server.Host, opts...)
	if err != nil {
		return fmt.Errorf("notify: SMTP client: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, sendTimeout)
	defer cancel()
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("notify: send: %w", err)
	}
	return nil
}
