// Package db opens knead's database — embedded SQLite or PostgreSQL — and
// hides the few differences the rest of the code must not see: connection
// pools, UTC time arguments, transactions, error classes and migrations.
package db

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"

	"github.com/knead/knead/internal/config"
)

// Dialect says which database engine is behind a DB.
type Dialect int

const (
	SQLite Dialect = iota
	Postgres
)

func (d Dialect) String() string {
	if d == Postgres {
		return "postgres"
	}
	return "sqlite"
}

// DB holds the connection pools. On SQLite, Write is a single connection
// whose transactions begin IMMEDIATE (writers queue instead of failing with
// SQLITE_BUSY) and Read is a small query-only pool; on PostgreSQL both are
// the same pool.
type DB struct {
	Write   *sql.DB
	Read    *sql.DB
	Dialect Dialect
	// Path is the SQLite file, empty on PostgreSQL.
	Path string

	group *group // SQLite only: InGroupTx's queue
}

// Open connects to the database a URL names (see config.SplitDatabaseURL)
// and checks that it answers.
func Open(ctx context.Context, rawURL string) (*DB, error) {
	dialect, source, err := config.SplitDatabaseURL(rawURL)
	if err != nil {
		return nil, err
	}
	var d *DB
	if dialect == "postgres" {
		d, err = openPostgres(source)
	} else {
		d, err = openSQLite(source)
	}
	if err != nil {
		return nil, err
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := d.Ping(pingCtx); err != nil {
		d.Close()
		return nil, fmt.Errorf("db: %s does not answer: %w", dialect, err)
	}
	return d, nil
}

func openPostgres(source string) (*DB, error) {
	pool, err := sql.Open("pgx", source)
	if err != nil {
		return nil, fmt.Errorf("db: open postgres: %w", err)
	}
	pool.SetMaxOpenConns(25)
	pool.SetMaxIdleConns(25)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	return &DB{Write: pool, Read: pool, Dialect: Postgres}, nil
}

// sqliteDSN builds modernc's DSN; STACK.md §1.3 explains each setting.
func sqliteDSN(path, txlock string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "foreign_keys(1)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	}
	q.Set("_txlock", txlock)
	q.Set("_time_format", "sqlite")
	return "file:" + path + "?" + q.Encode()
}

func openSQLite(path string) (*DB, error) {
	write, err := openCached(sqliteDSN(path, "immediate", false))
	if err != nil {
		return nil, fmt.Errorf("db: open sqlite: %w", err)
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)
	// Create the file and switch it to WAL before the readers open it.
	if _, err := write.Exec("select 1"); err != nil {
		write.Close()
		return nil, fmt.Errorf("db: open sqlite %s: %w", path, err)
	}
	read, err := openCached(sqliteDSN(path, "deferred", true))
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("db: open sqlite: %w", err)
	}
	read.SetMaxOpenConns(4)
	read.SetMaxIdleConns(4)
	return &DB{Write: write, Read: read, Dialect: SQLite, Path: path, group: &group{}}, nil
}

// Ping checks that both pools answer.
func (d *DB) Ping(ctx context.Context) error {
	if err := d.Write.PingContext(ctx); err != nil {
		return err
	}
	return d.Read.PingContext(ctx)
}

// Close closes the pools.
func (d *DB) Close() error {
	err := d.Write.Close()
	if d.Read != d.Write {
		if rerr := d.Read.Close(); err == nil {
			err = rerr
		}
	}
	return err
}
