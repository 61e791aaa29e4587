package testkit

import (
	"io"
	"mime"
	"net"
	"net/mail"
	"strings"
	"sync"
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
// accepts arrives on Received. While it holds (Hold), a message is kept
// waiting unanswered and announced on Held, until Release refuses it.
type SMTPSink struct {
	Addr     string
	Received chan Mail
	Held     chan Mail

	mu   sync.Mutex
	gate chan struct{} // non-nil while holding
}

// Hold keeps every message from now on waiting, unanswered.
func (s *SMTPSink) Hold() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gate = make(chan struct{})
}

// Release refuses the messages held (451: try again later) and accepts the
// ones after.
func (s *SMTPSink) Release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.gate != nil {
		close(s.gate)
		s.gate = nil
	}
}

// NewSMTPSink listens on a free local port until the test ends.
func NewSMTPSink(t testing.TB) *SMTPSink {
	t.Helper()
	s := &SMTPSink{Received: make(chan Mail, 10000), Held: make(chan Mail, 10000)}
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
	s.sink.mu.Lock()
	gate := s.sink.gate
	s.sink.mu.Unlock()
	if gate != nil {
		s.sink.Held <- s.msg
		<-gate
		return &smtp.SMTPError{Code: 451, Message: "held by the test: try again later"}
	}
	s.sink.Received <- s.msg
	return nil
}
