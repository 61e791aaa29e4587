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
	st := c.m[query]
	c.mu.RUnlock()
	if st != nil {
		return st
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if st = c.m[query]; st != nil || len(c.m) >= maxCachedStmts {
		return st
	}
	st, err := c.pool.PrepareContext(ctx, query)
	if err != nil {
		return nil // let the plain query report the error
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
