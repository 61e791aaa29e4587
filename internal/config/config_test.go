package config

import (
	"flag"
	"io"
	"strings"
	"testing"
	"time"
)

func TestFromEnv(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		wantErr []string // each must appear in the error
		check   func(Config) bool
	}{
		{"defaults", nil, nil, func(c Config) bool { return c.Addr == "127.0.0.1:8080" && c.DatabaseURL == DefaultDatabaseURL }},
		{"values", map[string]string{"KNEAD_ADDR": ":9000", "KNEAD_READ_TIMEOUT": "5s", "KNEAD_LOG_LEVEL": "debug"}, nil,
			func(c Config) bool {
				return c.Addr == ":9000" && c.ReadTimeout == 5*time.Second && c.LogLevel.String() == "DEBUG"
			}},
		{"credential rule", map[string]string{"KNEAD_CREDENTIAL_RULE": "clinic"}, nil,
			func(c Config) bool { return c.CredentialRule == "clinic" }},
		{"strict by default", nil, nil, func(c Config) bool { return c.CredentialRule == "strict" }},
		{"bad duration and level", map[string]string{"KNEAD_READ_TIMEOUT": "soon", "KNEAD_LOG_LEVEL": "loud"},
			[]string{"KNEAD_READ_TIMEOUT=\"soon\"", "KNEAD_LOG_LEVEL=\"loud\""}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := FromEnv(func(k string) string { return tt.env[k] })
			if len(tt.wantErr) == 0 && err != nil {
				t.Fatalf("unexpected error %v", err)
			}
			for _, w := range tt.wantErr {
				if err == nil || !strings.Contains(err.Error(), w) {
					t.Errorf("error %v does not name %s", err, w)
				}
			}
			if tt.check != nil && !tt.check(c) {
				t.Errorf("config %+v", c)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(*Config)
		wantErr string
	}{
		{"defaults are valid", func(*Config) {}, ""},
		{"postgres URL", func(c *Config) { c.DatabaseURL = "postgres://u@127.0.0.1:5432/knead" }, ""},
		{"no port", func(c *Config) { c.Addr = "localhost" }, "addr"},
		{"port out of range", func(c *Config) { c.Addr = "127.0.0.1:70000" }, "port"},
		{"unknown database scheme", func(c *Config) { c.DatabaseURL = "mysql://x" }, "database URL"},
		{"sqlite without a file", func(c *Config) { c.DatabaseURL = "sqlite:" }, "names no file"},
		{"bad metrics address", func(c *Config) { c.MetricsAddr = "nine" }, "metrics address"},
		{"bad base URL", func(c *Config) { c.BaseURL = "ftp://x" }, "base URL"},
		{"bad log format", func(c *Config) { c.LogFormat = "xml" }, "log format"},
		{"zero timeout", func(c *Config) { c.WriteTimeout = 0 }, "write timeout"},
		{"bad hashing", func(c *Config) { c.PasswordHashing = "none" }, "password hashing"},
		{"clinic credential rule", func(c *Config) { c.CredentialRule = "clinic" }, ""},
		{"bad credential rule", func(c *Config) { c.CredentialRule = "lenient" }, "credential rule"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Default()
			tt.edit(&c)
			err := c.Validate()
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("Validate() = %v, want error containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestBaseURLDerivedFromAddr(t *testing.T) {
	c := Default()
	c.Addr = "0.0.0.0:9090"
	if err := c.Validate(); err != nil || c.BaseURL != "http://127.0.0.1:9090" || c.SecureCookies() {
		t.Fatalf("BaseURL %q, err %v", c.BaseURL, err)
	}
	c.BaseURL = "https://knead.example"
	if !c.SecureCookies() {
		t.Fatal("https base URL must make cookies Secure")
	}
}

func TestFlagsOverrideEnv(t *testing.T) {
	c, err := FromEnv(func(k string) string { return map[string]string{"KNEAD_DATABASE_URL": "sqlite:env.db"}[k] })
	if err != nil {
		t.Fatal(err)
	}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c.BindServe(fs)
	if err := fs.Parse([]string{"--db", "sqlite:flag.db"}); err != nil {
		t.Fatal(err)
	}
	if c.DatabaseURL != "sqlite:flag.db" {
		t.Fatalf("DatabaseURL %q, want the flag's", c.DatabaseURL)
	}
}

func TestSplitDatabaseURL(t *testing.T) {
	for _, tt := range []struct{ in, dialect, source string }{
		{"sqlite:./knead.db", "sqlite", "./knead.db"},
		{"sqlite:///var/lib/knead.db", "sqlite", "/var/lib/knead.db"},
		{"file:k.db?mode=rw", "sqlite", "k.db"},
		{"postgres://h/db", "postgres", "postgres://h/db"},
		{"postgresql://h/db", "postgres", "postgresql://h/db"},
	} {
		d, s, err := SplitDatabaseURL(tt.in)
		if err != nil || d != tt.dialect || s != tt.source {
			t.Errorf("SplitDatabaseURL(%q) = %q, %q, %v", tt.in, d, s, err)
		}
	}
}
