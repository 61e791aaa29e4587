// Package config holds knead's settings. They come from KNEAD_* environment
// variables, then command-line flags (flags win), and are passed down to
// whatever needs them: there is no global configuration.
package config

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"maps"
	"net"
	"net/mail"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// DefaultDatabaseURL is an embedded SQLite file in the working directory.
const DefaultDatabaseURL = "sqlite:./knead.db"

// MaxBodyBytes bounds every request body (API.md: 1 MiB); uploads set their own.
const MaxBodyBytes = 1 << 20

// Config is every setting knead reads. docs/config.md documents each one.
type Config struct {
	Addr        string // KNEAD_ADDR, --addr
	BaseURL     string // KNEAD_BASE_URL: the public URL, used in links and cookies
	DatabaseURL string // KNEAD_DATABASE_URL, --db
	MetricsAddr string // KNEAD_METRICS_ADDR: Prometheus listener, off when empty
	LogFormat   string // KNEAD_LOG_FORMAT: auto, text or json
	LogLevel    slog.Level

	ReadHeaderTimeout time.Duration
	ReadTimeout       time.Duration
	WriteTimeout      time.Duration
	IdleTimeout       time.Duration
	ShutdownTimeout   time.Duration

	// PasswordHashing chooses argon2id parameters: "owasp" (default) or
	// "test" (cheap, for test suites only).
	PasswordHashing string

	// CredentialRule decides which credentials make a therapist bookable:
	// "strict" (default: a verified, unexpired licence) or "clinic" (a
	// single private clinic: pending ones count too). KNEAD_CREDENTIAL_RULE,
	// --credential-rule.
	CredentialRule string

	// SMTPURL sends email: smtp://user:pass@host:587 (STARTTLS when the
	// server offers it) or smtps://…:465 (TLS). Empty: messages stay in the
	// outbox for admins to read. KNEAD_SMTP_URL.
	SMTPURL string
	// MailFrom is the sender, "knead <no-reply@HOST>" of the base URL when
	// empty. KNEAD_MAIL_FROM.
	MailFrom string

	// InstrumentsDir holds the licensed questionnaire definitions a
	// deployment installs (docs/instruments.md); empty: only the built-in
	// pain scale and PGIC. KNEAD_INSTRUMENTS_DIR.
	InstrumentsDir string
	// NoWorkers stops `knead serve` from working background jobs, for
	// deployments that run `knead worker` beside it. KNEAD_WORKERS=off,
	// --no-workers.
	NoWorkers bool
	// JobRescueAfter is how long a job may stay running before another
	// process takes it over (its process died). KNEAD_JOB_RESCUE_AFTER.
	JobRescueAfter time.Duration
}

// Default returns the settings used when nothing is set.
func Default() Config {
	return Config{
		Addr:              "127.0.0.1:8080",
		DatabaseURL:       DefaultDatabaseURL,
		LogFormat:         "auto",
		LogLevel:          slog.LevelInfo,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ShutdownTimeout:   20 * time.Second,
		PasswordHashing:   "owasp",
		CredentialRule:    "strict",
		JobRescueAfter:    5 * time.Minute,
	}
}

// envVars maps each KNEAD_* variable to the setter that parses it.
func (c *Config) envVars() map[string]func(string) error {
	str := func(p *string) func(string) error { return func(v string) error { *p = v; return nil } }
	dur := func(p *time.Duration) func(string) error {
		return func(v string) error { return parseDuration(v, p) }
	}
	return map[string]func(string) error{
		"KNEAD_ADDR":                str(&c.Addr),
		"KNEAD_BASE_URL":            str(&c.BaseURL),
		"KNEAD_DATABASE_URL":        str(&c.DatabaseURL),
		"KNEAD_METRICS_ADDR":        str(&c.MetricsAddr),
		"KNEAD_LOG_FORMAT":          str(&c.LogFormat),
		"KNEAD_LOG_LEVEL":           func(v string) error { return c.LogLevel.UnmarshalText([]byte(v)) },
		"KNEAD_READ_HEADER_TIMEOUT": dur(&c.ReadHeaderTimeout),
		"KNEAD_READ_TIMEOUT":        dur(&c.ReadTimeout),
		"KNEAD_WRITE_TIMEOUT":       dur(&c.WriteTimeout),
		"KNEAD_IDLE_TIMEOUT":        dur(&c.IdleTimeout),
		"KNEAD_SHUTDOWN_TIMEOUT":    dur(&c.ShutdownTimeout),
		"KNEAD_PASSWORD_HASHING":    str(&c.PasswordHashing),
		"KNEAD_CREDENTIAL_RULE":     str(&c.CredentialRule),
		"KNEAD_SMTP_URL":            str(&c.SMTPURL),
		"KNEAD_MAIL_FROM":           str(&c.MailFrom),
		"KNEAD_INSTRUMENTS_DIR":     str(&c.InstrumentsDir),
		"KNEAD_WORKERS": func(v string) error {
			switch v {
			case "on":
				c.NoWorkers = false
			case "off":
				c.NoWorkers = true
			default:
				return errors.New("want on or off")
			}
			return nil
		},
		"KNEAD_JOB_RESCUE_AFTER": dur(&c.JobRescueAfter),
	}
}

// FromEnv starts from Default and applies every KNEAD_* variable that is set.
// Each bad value is reported with the variable's name.
func FromEnv(getenv func(string) string) (Config, error) {
	c := Default()
	var errs []error
	vars := c.envVars()
	for _, name := range slices.Sorted(maps.Keys(vars)) {
		set, v := vars[name], getenv(name)
		if v == "" {
			continue
		}
		if err := set(v); err != nil {
			errs = append(errs, fmt.Errorf("%s=%q: %v", name, v, err))
		}
	}
	return c, errors.Join(errs...)
}

// BindDB adds --db to fs.
func (c *Config) BindDB(fs *flag.FlagSet) {
	fs.StringVar(&c.DatabaseURL, "db", c.DatabaseURL, "database URL: sqlite:PATH or postgres://… (KNEAD_DATABASE_URL)")
}

// BindServe adds the server's flags to fs.
func (c *Config) BindServe(fs *flag.FlagSet) {
	c.BindDB(fs)
	fs.StringVar(&c.Addr, "addr", c.Addr, "address to listen on (KNEAD_ADDR)")
	fs.StringVar(&c.MetricsAddr, "metrics-addr", c.MetricsAddr, "Prometheus metrics address, off when empty (KNEAD_METRICS_ADDR)")
	fs.StringVar(&c.BaseURL, "base-url", c.BaseURL, "public URL of this deployment (KNEAD_BASE_URL)")
	fs.StringVar(&c.CredentialRule, "credential-rule", c.CredentialRule,
		"which credentials make a therapist bookable: strict or clinic (KNEAD_CREDENTIAL_RULE)")
	fs.BoolVar(&c.NoWorkers, "no-workers", c.NoWorkers, "work no background jobs here: a `knead worker` does (KNEAD_WORKERS=off)")
}

// BindWorker adds the job worker's flags to fs.
func (c *Config) BindWorker(fs *flag.FlagSet) {
	c.BindDB(fs)
	fs.StringVar(&c.BaseURL, "base-url", c.BaseURL, "public URL of the web site, for links in emails (KNEAD_BASE_URL)")
	fs.StringVar(&c.CredentialRule, "credential-rule", c.CredentialRule,
		"which credentials make a therapist bookable: strict or clinic (KNEAD_CREDENTIAL_RULE)")
}

// Validate checks every setting and fills in derived ones (BaseURL).
func (c *Config) Validate() error {
	var errs []error
	if err := checkHostPort(c.Addr); err != nil {
		errs = append(errs, fmt.Errorf("addr %q: %v", c.Addr, err))
	}
	if c.MetricsAddr != "" {
		if err := checkHostPort(c.MetricsAddr); err != nil {
			errs = append(errs, fmt.Errorf("metrics address %q: %v", c.MetricsAddr, err))
		}
	}
	if _, _, err := SplitDatabaseURL(c.DatabaseURL); err != nil {
		errs = append(errs, fmt.Errorf("database URL: %v", err))
	}
	if c.BaseURL == "" && checkHostPort(c.Addr) == nil {
		c.BaseURL = "http://" + publicHost(c.Addr)
	}
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("base URL %q: want http(s)://host[:port]", c.BaseURL))
	}
	switch c.LogFormat {
	case "auto", "text", "json":
	default:
		errs = append(errs, fmt.Errorf("log format %q: want auto, text or json", c.LogFormat))
	}
	switch c.PasswordHashing {
	case "owasp", "test":
	default:
		errs = append(errs, fmt.Errorf("password hashing %q: want owasp or test", c.PasswordHashing))
	}
	switch c.CredentialRule {
	case "strict", "clinic":
	default:
		errs = append(errs, fmt.Errorf("credential rule %q: want strict or clinic", c.CredentialRule))
	}
	if c.SMTPURL != "" {
		if _, err := ParseSMTPURL(c.SMTPURL); err != nil {
			errs = append(errs, fmt.Errorf("SMTP URL: %v", err))
		}
	}
	if c.MailFrom != "" {
		if _, err := mail.ParseAddress(c.MailFrom); err != nil {
			errs = append(errs, fmt.Errorf("mail from %q: want an address such as \"knead <no-reply@example.org>\"", c.MailFrom))
		}
	}
	for name, d := range map[string]time.Duration{"read header timeout": c.ReadHeaderTimeout,
		"read timeout": c.ReadTimeout, "write timeout": c.WriteTimeout, "idle timeout": c.IdleTimeout,
		"shutdown timeout": c.ShutdownTimeout, "job rescue after": c.JobRescueAfter} {
		if d <= 0 {
			errs = append(errs, fmt.Errorf("%s must be positive, got %s", name, d))
		}
	}
	return errors.Join(errs...)
}

// SecureCookies reports whether cookies must carry the Secure attribute.
func (c Config) SecureCookies() bool { return strings.HasPrefix(c.BaseURL, "https://") }

// SplitDatabaseURL returns the dialect ("sqlite" or "postgres") and the
// driver's data source for a database URL.
func SplitDatabaseURL(raw string) (dialect, source string, err error) {
	switch {
	case strings.HasPrefix(raw, "postgres://"), strings.HasPrefix(raw, "postgresql://"):
		if _, err := url.Parse(raw); err != nil {
			return "", "", fmt.Errorf("%q is not a valid URL", raw)
		}
		return "postgres", raw, nil
	case strings.HasPrefix(raw, "sqlite:"), strings.HasPrefix(raw, "file:"):
		path := strings.TrimPrefix(strings.TrimPrefix(raw, "sqlite:"), "file:")
		path = strings.TrimPrefix(path, "//")
		if i := strings.IndexByte(path, '?'); i >= 0 {
			path = path[:i]
		}
		if path == "" {
			return "", "", fmt.Errorf("%q names no file", raw)
		}
		return "sqlite", path, nil
	}
	return "", "", fmt.Errorf("%q: want sqlite:PATH or postgres://…", raw)
}

func checkHostPort(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return err
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("port %q is not a number from 0 to 65535", port)
	}
	return nil
}

// publicHost turns a listen address into one a browser can open.
func publicHost(addr string) string {
	host, port, _ := net.SplitHostPort(addr)
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}

func parseDuration(v string, p *time.Duration) error {
	d, err := time.ParseDuration(v)
	if err != nil {
		return fmt.Errorf("want a duration such as 30s")
	}
	*p = d
	return nil
}

// SMTP is where and how email is sent.
type SMTP struct {
	Host           string
	Port           int
	TLS            bool // smtps: TLS from the first byte; smtp: STARTTLS when offered
	User, Password string
}

// ParseSMTPURL reads smtp://[user:pass@]host[:port] or smtps://…; the
// password never appears in the error.
func ParseSMTPURL(raw string) (SMTP, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return SMTP{}, errors.New("not a URL; want smtp://[user:password@]host[:port] or smtps://…")
	}
	var out SMTP
	switch u.Scheme {
	case "smtp":
		out.Port = 587
	case "smtps":
		out.Port, out.TLS = 465, true
	default:
		return SMTP{}, fmt.Errorf("scheme %q: want smtp or smtps", u.Scheme)
	}
	out.Host = u.Hostname()
	if out.Host == "" {
		return SMTP{}, errors.New("no host; want smtp://[user:password@]host[:port]")
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return SMTP{}, fmt.Errorf("port %q: want 1 to 65535", p)
		}
		out.Port = n
	}
	if u.User != nil {
		out.User = u.User.Username()
		out.Password, _ = u.User.Password()
	}
	return out, nil
}
