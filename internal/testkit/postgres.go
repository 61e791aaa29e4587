package testkit

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"sync"
	"testing"

	"github.com/knead/knead/internal/db"
)

// templateLockKey serialises template builds across test processes (go test
// runs packages in parallel).
const templateLockKey = 7_316_003_202

// withDatabase returns base with its database name replaced.
func withDatabase(base, name string) string {
	u, err := url.Parse(base)
	if err != nil {
		panic(err)
	}
	u.Path = "/" + name
	return u.String()
}

// templateName changes whenever a migration changes, so a stale template
// from an earlier run is never used.
func templateName() string {
	h := sha256.New()
	_ = fs.WalkDir(db.MigrationFS(db.Postgres), ".", func(path string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			b, _ := fs.ReadFile(db.MigrationFS(db.Postgres), path)
			h.Write([]byte(path))
			h.Write(b)
		}
		return err
	})
	return "knead_tpl_" + hex.EncodeToString(h.Sum(nil))[:16]
}

var pgTemplate = sync.OnceValues(func() (string, error) {
	base := os.Getenv(PostgresEnv)
	ctx := context.Background()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return "", err
	}
	defer admin.Close()
	conn, err := admin.Conn(ctx)
	if err != nil {
		return "", fmt.Errorf("connect %s: %w", PostgresEnv, err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "select pg_advisory_lock($1)", int64(templateLockKey)); err != nil {
		return "", err
	}
	defer conn.ExecContext(ctx, "select pg_advisory_unlock($1)", int64(templateLockKey))

	name := templateName()
	var exists bool
	if err := conn.QueryRowContext(ctx, "select exists (select 1 from pg_database where datname = $1)", name).Scan(&exists); err != nil {
		return "", err
	}
	if exists {
		return name, nil
	}
	// Build under a temporary name and rename, so a crash never leaves a
	// half-migrated template behind.
	building := randomName("knead_build_")
	if _, err := conn.ExecContext(ctx, "create database "+building); err != nil {
		return "", err
	}
	d, err := db.Open(ctx, withDatabase(base, building))
	if err != nil {
		return "", err
	}
	_, err = d.Migrate(ctx, Logger())
	d.Close()
	if err != nil {
		return "", err
	}
	if _, err := conn.ExecContext(ctx, "alter database "+building+" rename to "+name); err != nil {
		return "", err
	}
	return name, nil
})

func clonePostgres(t testing.TB, migrated bool) string {
	base := os.Getenv(PostgresEnv)
	template := "template0"
	if migrated {
		var err error
		if template, err = pgTemplate(); err != nil {
			t.Fatalf("build PostgreSQL template: %v", err)
		}
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	name := randomName("knead_t_")
	ctx := context.Background()
	// CREATE DATABASE fails while another session copies the same template,
	// so clones are made one at a time across all test processes.
	conn, err := admin.Conn(ctx)
	if err != nil {
		t.Fatalf("connect %s: %v", PostgresEnv, err)
	}
	if _, err = conn.ExecContext(ctx, "select pg_advisory_lock($1)", int64(templateLockKey)); err == nil {
		_, err = conn.ExecContext(ctx, "create database "+name+" template "+template)
		_, _ = conn.ExecContext(ctx, "select pg_advisory_unlock($1)", int64(templateLockKey))
	}
	conn.Close()
	if err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		admin, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer admin.Close()
		_, _ = admin.ExecContext(context.Background(), "drop database if exists "+name+" with (force)")
	})
	return withDatabase(base, name)
}
