package db

import (
	"context"
	"database/sql"
	"sync"
)

// maxCachedStmts bounds the cache; queries built at run time (bulk inserts
// of varying width) beyond it simply run unprepared.
const maxCachedStmts = 512

// stmtCache keeps prepared statements per pool. SQLite parses every SQL
// text anew unless it is prepared, and parsing was a quarter of the CPU
// time of a booking. (pgx caches prepared statements by itself.)
type stmtCache struct {
	pool *sql.DB
	mu   sync.RWMutex
	m    map[string]*sql.Stmt
}

func newStmtCache(pool *sql.DB) *stmtCache { return &stmtCache{pool: pool, m: map[string]*sql.Stmt{}} }

func (c *stmtCache) get(ctx context.Context, query string) *sql.Stmt {
	c.mu.RLock()
	st, full := c.m[query], len(c.m) >= maxCachedStmts
	c.mu.RUnlock()
	if st != nil || full {
		return st
	}
	// Prepare without holding the lock: preparing waits for a connection,
	// and a transaction holding the only write connection may be looking
	// up statements meanwhile.
	st, err := c.pool.PrepareContext(ctx, query)
	if err != nil {
		return nil // let the plain query report the error
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if prior := c.m[query]; prior != nil {
		st.Close()
		return prior
	}
	c.m[query] = st
	return st
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.m {
		st.Close()
	}
	c.m = map[string]*sql.Stmt{}
}

// cached runs queries through prepared statements of its pool. It must not
// be used inside a transaction on the single SQLite write connection (the
// transaction holds it); InTx hands out the transaction instead.
type cached struct{ c *stmtCache }

func (q cached) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := q.c.get(ctx, query); st != nil {
		return st.ExecContext(ctx, normalize(args)...)
	}
	return q.c.pool.ExecContext(ctx, query, normalize(args)...)
}

func (q cached) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := q.c.get(ctx, query); st != nil {
		return st.QueryContext(ctx, normalize(args)...)
	}
	return q.c.pool.QueryContext(ctx, query, normalize(args)...)
}

func (q cached) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := q.c.get(ctx, query); st != nil {
		return st.QueryRowContext(ctx, normalize(args)...)
	}
	return q.c.pool.QueryRowContext(ctx, query, normalize(args)...)
}

// lookup returns a cached statement without preparing one.
func (c *stmtCache) lookup(query string) *sql.Stmt {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.m[query]
}

// txStmts runs a transaction's statements through the write pool's
// prepared statements (database/sql reuses the one already prepared on the
// transaction's connection). A statement not yet prepared runs plainly and
// is prepared once the transaction has let go of the connection.
type txStmts struct {
	tx     *sql.Tx
	c      *stmtCache
	missed map[string]bool
}

func (t *txStmts) stmt(ctx context.Context, query string) *sql.Stmt {
	if st := t.c.lookup(query); st != nil {
		return t.tx.StmtContext(ctx, st)
	}
	t.missed[query] = true
	return nil
}

// prepareMissed runs after the transaction, when the connection is free.
func (t *txStmts) prepareMissed(ctx context.Context) {
	for q := range t.missed {
		t.c.get(ctx, q)
	}
}

func (t *txStmts) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := t.stmt(ctx, query); st != nil {
		return st.ExecContext(ctx, normalize(args)...)
	}
	return t.tx.ExecContext(ctx, query, normalize(args)...)
}

func (t *txStmts) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := t.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, normalize(args)...)
	}
	return t.tx.QueryContext(ctx, query, normalize(args)...)
}

func (t *txStmts) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := t.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, normalize(args)...)
	}
	return t.tx.QueryRowContext(ctx, query, normalize(args)...)
}
