package db

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Querier runs SQL outside or inside a transaction. Store methods take one,
// so the caller decides whether they join a transaction.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// utc wraps a Querier and binds every time.Time in UTC at microsecond
// precision. SQLite compares times as text, so a time bound with another
// offset would silently fall out of range queries (STACK.md §1.3).
type utc struct{ q Querier }

func (u utc) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return u.q.ExecContext(ctx, query, normalize(args)...)
}

func (u utc) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return u.q.QueryContext(ctx, query, normalize(args)...)
}

func (u utc) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return u.q.QueryRowContext(ctx, query, normalize(args)...)
}

func normalize(args []any) []any {
	for i, a := range args {
		switch t := a.(type) {
		case time.Time:
			args[i] = t.UTC().Truncate(time.Microsecond)
		case *time.Time:
			if t != nil {
				args[i] = t.UTC().Truncate(time.Microsecond)
			}
		}
	}
	return args
}

// R is for reads outside a transaction.
func (d *DB) R() Querier {
	return utc{d.Read}
}

// W is for single-statement writes outside a transaction.
func (d *DB) W() Querier {
	return utc{d.Write}
}

// Tx is a write transaction. SQL is the raw transaction, for libraries that
// must join it (River's InsertTx).
type Tx struct {
	Querier
	SQL     *sql.Tx
	Dialect Dialect
	after   *[]func()
}

// AfterCommit runs fn once the transaction has committed (never when it
// rolls back): for work that must only see committed rows, like waking a
// worker.
func (tx Tx) AfterCommit(fn func()) { *tx.after = append(*tx.after, fn) }

// InTx runs fn in a write transaction and commits when fn returns nil.
// On SQLite the transaction begins IMMEDIATE, so it holds the write lock
// from its first statement and never fails halfway with SQLITE_BUSY.
func (d *DB) InTx(ctx context.Context, fn func(tx Tx) error) error {
	sqlTx, err := d.Write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("db: begin: %w", err)
	}
	var after []func()
	err = run(sqlTx, func() error { return fn(Tx{Querier: utc{sqlTx}, SQL: sqlTx, Dialect: d.Dialect, after: &after}) })
	if err == nil {
		for _, f := range after {
			f()
		}
	}
	return err
}

// run calls fn and commits, or rolls back on an error or a panic.
func run(tx *sql.Tx, fn func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	if err = fn(); err != nil {
		return err
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("db: commit: %w", err)
	}
	return nil
}

// Savepoint runs fn inside a savepoint of tx. When fn fails only its own
// work is undone and the transaction stays usable: after any error
// PostgreSQL would otherwise refuse every further statement of the
// transaction.
func (tx Tx) Savepoint(ctx context.Context, fn func() error) error {
	if _, err := tx.ExecContext(ctx, "savepoint knead_sp"); err != nil {
		return fmt.Errorf("db: savepoint: %w", err)
	}
	if err := fn(); err != nil {
		if _, rerr := tx.ExecContext(ctx, "rollback to savepoint knead_sp"); rerr != nil {
			return fmt.Errorf("db: rollback to savepoint: %w (after %w)", rerr, err)
		}
		return err
	}
	if _, err := tx.ExecContext(ctx, "release savepoint knead_sp"); err != nil {
		return fmt.Errorf("db: release savepoint: %w", err)
	}
	return nil
}

// TherapistLock is the lock space of one therapist's bookings: booking
// changes, and set-up changes that must not race them, queue on it.
const TherapistLock int32 = 0x6b6e64 // "knd"

// Lock takes a transaction-scoped lock on (space, id), so that transactions
// changing the same thing queue instead of deadlocking. On SQLite every
// write transaction already holds the database's write lock.
func (tx Tx) Lock(ctx context.Context, space int32, id int64) error {
	if tx.Dialect != Postgres {
		return nil
	}
	if _, err := tx.ExecContext(ctx, "select pg_advisory_xact_lock($1, $2)", space, int32(id)^int32(id>>32)); err != nil {
		return fmt.Errorf("db: lock: %w", err)
	}
	return nil
}
