package db

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sync"
)

// maxGroup bounds the changes one grouped transaction carries, and so how
// long it holds the write lock.
const maxGroup = 64

// group queues the changes waiting to be written together (SQLite only).
type group struct {
	mu      sync.Mutex
	queue   []*change
	leading bool   // a goroutine is writing the queue
	queued  func() // tests: called, under mu, as a change joins the queue
}

// change is one caller's fn in a group, and what became of it.
type change struct {
	ctx   context.Context
	fn    func(Tx) error
	after []func()
	err   error
	panic any
	done  chan struct{}
}

// InGroupTx is InTx for the hot path's small, independent changes (a
// booking). On SQLite, where one connection writes, changes that arrive
// while a transaction is being written wait and then go in together: one
// transaction, each change in its own savepoint, one commit. A commit
// writes each page it changed to the WAL with a system call of its own —
// a tenth of a booking's CPU time — and changes in a group share those
// pages. A change whose fn fails (or panics) is undone alone and gets its
// own error; its AfterCommit hooks run, in the caller's goroutine, once
// the group has committed. fn must write through tx's Querier (not
// tx.SQL): its statements run to the end even if ctx ends meanwhile, for
// SQLite answers an interrupted write by rolling back the whole
// transaction, the other callers' changes with it. A change whose ctx has
// ended before its turn is not run. Never call it inside a write
// transaction, nor InTx or W inside fn: SQLite has one write connection,
// and the inner call would wait for it for ever. On PostgreSQL, which
// writes concurrently, it is InTx.
func (d *DB) InGroupTx(ctx context.Context, fn func(Tx) error) error {
	g := d.group
	if g == nil {
		return d.InTx(ctx, fn)
	}
	c := &change{ctx: ctx, fn: fn, done: make(chan struct{})}
	g.mu.Lock()
	g.queue = append(g.queue, c)
	if g.queued != nil {
		g.queued()
	}
	lead := !g.leading
	g.leading = true
	g.mu.Unlock()
	if lead {
		// The queue was empty, so c is first in this batch. Whatever came
		// meanwhile is written by another goroutine, so this caller's
		// answer does not wait for it.
		d.writeGroup(g.next())
		go func() {
			for b := g.next(); b != nil; b = g.next() {
				d.writeGroup(b)
			}
		}()
	}
	<-c.done
	if c.panic != nil {
		panic(c.panic)
	}
	if c.err == nil {
		for _, f := range c.after {
			f()
		}
	}
	return c.err
}

// next takes up to maxGroup waiting changes; none (and no longer leading)
// when the queue is empty.
func (g *group) next() []*change {
	g.mu.Lock()
	defer g.mu.Unlock()
	n := min(len(g.queue), maxGroup)
	if n == 0 {
		g.leading = false
		return nil
	}
	batch := slices.Clone(g.queue[:n])
	g.queue = slices.Delete(g.queue, 0, n)
	return batch
}

// writeGroup writes batch in one transaction and tells each change how it
// went. Every change is told, whatever happens here: a caller left waiting
// would wait for ever.
func (d *DB) writeGroup(batch []*change) {
	var err error
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("db: group commit: %v", p)
		}
		for _, c := range batch {
			if c.err == nil && c.panic == nil {
				c.err = err
			}
			close(c.done)
		}
	}()
	// Begin and commit belong to no one caller: one leaving must not undo
	// the others.
	err = d.InTx(context.Background(), func(tx Tx) error {
		for _, c := range batch {
			if c.err = c.ctx.Err(); c.err != nil {
				continue
			}
			ctx := context.WithoutCancel(c.ctx)
			if _, err := tx.ExecContext(ctx, "savepoint knead_group"); err != nil {
				return fmt.Errorf("db: savepoint: %w", err)
			}
			c.call(Tx{Querier: uncancelled{tx.Querier}, SQL: tx.SQL, Dialect: tx.Dialect, after: &c.after})
			if c.err != nil || c.panic != nil {
				c.after = nil
				if _, err := tx.ExecContext(ctx, "rollback to savepoint knead_group"); err != nil {
					return fmt.Errorf("db: rollback to savepoint: %w", err) // the transaction is unusable: undo all
				}
			}
			if _, err := tx.ExecContext(ctx, "release savepoint knead_group"); err != nil {
				return fmt.Errorf("db: release savepoint: %w", err)
			}
		}
		return nil
	})
}

// call runs the change's fn, keeping a panic for its caller's goroutine.
func (c *change) call(tx Tx) {
	defer func() {
		if p := recover(); p != nil {
			c.panic = p
		}
	}()
	c.err = c.fn(tx)
}

// uncancelled runs statements to their end whatever becomes of their
// caller's context (see InGroupTx).
type uncancelled struct{ q Querier }

func (u uncancelled) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return u.q.ExecContext(context.WithoutCancel(ctx), query, args...)
}

func (u uncancelled) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return u.q.QueryContext(context.WithoutCancel(ctx), query, args...)
}

func (u uncancelled) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return u.q.QueryRowContext(context.WithoutCancel(ctx), query, args...)
}
