package db

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"syscall"

	"github.com/pressly/goose/v3"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
)

//go:embed migrations
var migrations embed.FS

// migrationLockKey is the PostgreSQL advisory lock held while migrating, so
// several servers starting at once apply each migration exactly once.
const migrationLockKey = 7_316_003_201

// MigrationFS returns the goose migrations for a dialect.
func MigrationFS(d Dialect) fs.FS {
	sub, err := fs.Sub(migrations, "migrations/"+d.String())
	if err != nil {
		panic(err) // the directories are embedded at build time
	}
	return sub
}

// Migrated says what a Migrate call applied.
type Migrated struct {
	Schema []int64 // our goose versions
	River  []int   // River's own versions
}

// Migrate applies every pending migration: our schema with goose, then
// River's tables. On PostgreSQL it holds an advisory lock throughout.
func (d *DB) Migrate(ctx context.Context, log *slog.Logger) (Migrated, error) {
	var out Migrated
	unlock, err := d.lockMigrations(ctx)
	if err != nil {
		return out, err
	}
	defer unlock()

	p, err := d.goose()
	if err != nil {
		return out, err
	}
	results, err := p.Up(ctx)
	if err != nil {
		return out, fmt.Errorf("db: migrate: %w", err)
	}
	for _, r := range results {
		out.Schema = append(out.Schema, r.Source.Version)
		log.Info("migration applied", "version", r.Source.Version, "file", r.Source.Path, "duration", r.Duration)
	}
	rr, err := d.migrateRiver(ctx)
	if err != nil {
		return out, err
	}
	for _, v := range rr.Versions {
		out.River = append(out.River, v.Version)
	}
	if len(out.River) > 0 {
		log.Info("river migrations applied", "versions", out.River)
	}
	return out, nil
}

// Pending reports whether any migration, ours or River's, is not applied.
func (d *DB) Pending(ctx context.Context) (bool, error) {
	p, err := d.goose()
	if err != nil {
		return false, err
	}
	if pending, err := p.HasPending(ctx); err != nil || pending {
		return pending, err
	}
	if d.Dialect == Postgres {
		return riverPending(ctx, riverMigrator(riverdatabasesql.New(d.Write)))
	}
	return riverPending(ctx, riverMigrator(riversqlite.New(d.Write)))
}

func riverPending[TTx any](ctx context.Context, m *rivermigrate.Migrator[TTx]) (bool, error) {
	existing, err := m.ExistingVersions(ctx)
	if err != nil {
		return false, fmt.Errorf("db: river versions: %w", err)
	}
	return len(existing) < len(m.AllVersions()), nil
}

func (d *DB) goose() (*goose.Provider, error) {
	dialect := goose.DialectSQLite3
	if d.Dialect == Postgres {
		dialect = goose.DialectPostgres
	}
	p, err := goose.NewProvider(dialect, d.Write, MigrationFS(d.Dialect))
	if err != nil {
		return nil, fmt.Errorf("db: migrations: %w", err)
	}
	return p, nil
}

func (d *DB) migrateRiver(ctx context.Context) (*rivermigrate.MigrateResult, error) {
	var (
		res *rivermigrate.MigrateResult
		err error
	)
	if d.Dialect == Postgres {
		res, err = riverMigrator(riverdatabasesql.New(d.Write)).Migrate(ctx, rivermigrate.DirectionUp, nil)
	} else {
		res, err = riverMigrator(riversqlite.New(d.Write)).Migrate(ctx, rivermigrate.DirectionUp, nil)
	}
	if err != nil {
		return nil, fmt.Errorf("db: river migrate: %w", err)
	}
	return res, nil
}

func riverMigrator[TTx any](driver riverdriver.Driver[TTx]) *rivermigrate.Migrator[TTx] {
	m, err := rivermigrate.New(driver, &rivermigrate.Config{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		panic(err) // only fails on a nil driver
	}
	return m
}

// lockMigrations serialises migrations across processes: an advisory lock on
// a dedicated PostgreSQL connection, or an exclusive flock on a file beside
// the SQLite database.
func (d *DB) lockMigrations(ctx context.Context) (unlock func(), err error) {
	if d.Dialect == SQLite {
		return flock(d.Path + ".migrate-lock")
	}
	conn, err := d.Write.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("db: migration lock: %w", err)
	}
	if _, err := conn.ExecContext(ctx, "select pg_advisory_lock($1)", int64(migrationLockKey)); err != nil {
		conn.Close()
		return nil, fmt.Errorf("db: migration lock: %w", err)
	}
	return func() {
		_, _ = conn.ExecContext(context.WithoutCancel(ctx), "select pg_advisory_unlock($1)", int64(migrationLockKey))
		conn.Close()
	}, nil
}

func flock(path string) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("db: migration lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("db: migration lock %s: %w", path, err)
	}
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}

// Backup writes a consistent copy of a SQLite database to path while the
// server may keep running: VACUUM INTO reads one snapshot. The copy is
// written beside path and renamed, so path is never half written.
func (d *DB) Backup(ctx context.Context, path string) error {
	if d.Dialect != SQLite {
		return fmt.Errorf("db: backup is for SQLite; for PostgreSQL use pg_dump")
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("db: backup: %s already exists", path)
	}
	tmp := path + ".partial"
	_ = os.Remove(tmp)
	if _, err := d.Write.ExecContext(ctx, "vacuum into $1", tmp); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("db: backup: %w", err)
	}
	return os.Rename(tmp, path)
}
