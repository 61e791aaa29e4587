// Package testkit gives tests real databases: a fresh migrated SQLite file
// by default, or a fresh PostgreSQL database cloned from a migrated template
// when KNEAD_TEST_DATABASE_URL is set. Every storage test runs on both.
package testkit

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/knead/knead/internal/db"
)

// PostgresEnv names the variable that switches the tests to PostgreSQL.
const PostgresEnv = "KNEAD_TEST_DATABASE_URL"

// Logger discards output: tests assert on behaviour, not log lines.
func Logger() *slog.Logger { return slog.New(slog.DiscardHandler) }

// OnPostgres reports whether this run's tests use PostgreSQL.
func OnPostgres() bool { return os.Getenv(PostgresEnv) != "" }

// OpenDB returns a fresh, migrated database closed at the end of the test.
func OpenDB(t testing.TB) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), DatabaseURL(t))
	if err != nil {
		t.Fatalf("open test database: %v", err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// DatabaseURL returns the URL of a fresh, migrated database of the test's own.
func DatabaseURL(t testing.TB) string {
	t.Helper()
	if OnPostgres() {
		return clonePostgres(t, true)
	}
	return cloneSQLite(t)
}

// EmptyDatabaseURL returns the URL of a fresh database with no tables, for
// tests of migrations themselves.
func EmptyDatabaseURL(t testing.TB) string {
	t.Helper()
	if OnPostgres() {
		return clonePostgres(t, false)
	}
	return "sqlite:" + filepath.Join(t.TempDir(), "empty.db")
}

var sqliteTemplate = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "knead-template-")
	if err != nil {
		return "", err
	}
	d, err := db.Open(context.Background(), "sqlite:"+filepath.Join(dir, "build.db"))
	if err != nil {
		return "", err
	}
	defer d.Close()
	if _, err := d.Migrate(context.Background(), Logger()); err != nil {
		return "", err
	}
	// VACUUM INTO writes one self-contained file, WAL included.
	path := filepath.Join(dir, "template.db")
	if _, err := d.Write.Exec("vacuum into $1", path); err != nil {
		return "", err
	}
	return path, nil
})

func cloneSQLite(t testing.TB) string {
	tpl, err := sqliteTemplate()
	if err != nil {
		t.Fatalf("build SQLite template: %v", err)
	}
	path := filepath.Join(t.TempDir(), "knead.db")
	if err := copyFile(tpl, path); err != nil {
		t.Fatalf("copy SQLite template: %v", err)
	}
	return "sqlite:" + path
}

func copyFile(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}

func randomName(prefix string) string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}
