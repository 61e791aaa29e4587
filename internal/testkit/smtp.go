package testkit

import (
	"io"
	"net"
	"mime"
	"net/mail"
	"strings"
	"testing"

	"github.com/emersion/go-smtp"
)

// Mail is one message an SMTPSink received.
type Mail struct {
	From    string
	To      []string
	Subject string
	ID      string // the Message-ID header
	Data    string // the whole message
}

// SMTPSink is an SMTP server in the test process: every message it
// accepts arrives on Received.
type SMTPSink struct {
	Addr     string
	Received chan Mail
}

// NewSMTPSink listens on a free local port until the test ends.
func NewSMTPSink(t testing.TB) *SMTPSink {
	t.Helper()
	s := &SMTPSink{Received: make(chan Mail, 10000)}
	srv := smtp.NewServer(s)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.Addr = ln.Addr().String()
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return s
}

// URL is the KNEAD_SMTP_URL of the sink.
func (s *SMTPSink) URL() string { return "smtp://" + s.Addr }

// NewSession is go-smtp's hook.
func (s *SMTPSink) NewSession(*smtp.Conn) (smtp.Session, error) { return &sinkSession{sink: s}, nil }

type sinkSession struct {
	sink *SMTPSink
	msg  Mail
}

func (s *sinkSession) Reset()        { s.msg = Mail{} }
func (s *sinkSession) Logout() error { return nil }
func (s *sinkSession) Mail(from string, _ *smtp.MailOptions) error {
	s.msg.From = from
	return nil
}
func (s *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.msg.To = append(s.msg.To, to)
	return nil
}
func (s *sinkSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.msg.Data = string(b)
	if m, err := mail.ReadMessage(strings.NewReader(s.msg.Data)); err == nil {
		s.msg.Subject, _ = new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
		s.msg.ID = m.Header.Get("Message-Id")
	}
	s.sink.Received <- s.msg
	return nil
}
