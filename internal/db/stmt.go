package db

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"

	"modernc.org/sqlite"
)

// maxCachedStmts bounds each connection's cache; queries built at run time
// (bulk inserts of varying width) beyond it are prepared for one use.
const maxCachedStmts = 512

// openCached opens a SQLite pool whose connections keep every statement
// they run prepared. SQLite parses each SQL text anew unless it is
// prepared: parsing was a quarter of a booking's CPU time, and, for River,
// whose statements reach the driver unprepared, a fifth of a background
// job's. Kept per connection, the cache serves every caller of the pool,
// inside transactions and out.
func openCached(dsn string) (*sql.DB, error) {
	c, err := sqlite.NewConnector(dsn)
	if err != nil {
		return nil, err
	}
	return sql.OpenDB(stmtConnector{c}), nil
}

type stmtConnector struct{ driver.Connector }

func (c stmtConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &stmtConn{Conn: conn, stmts: map[string]*connStmt{}}, nil
}

// stmtConn runs Exec and Query through its own prepared statements. It
// forwards the driver's optional interfaces (modernc's NewConnector lists
// them), so database/sql keeps their context handling. database/sql uses a
// connection from one goroutine at a time, so the map needs no lock.
type stmtConn struct {
	driver.Conn
	stmts map[string]*connStmt
}

// connStmt is a cached statement; busy while its rows are open, so that
// the same query run again meanwhile (a Tx may have several Rows open) gets
// a statement of its own instead of resetting theirs.
type connStmt struct {
	driver.Stmt
	busy bool
}

func (c *stmtConn) Unwrap() driver.Conn { return c.Conn }

func (c *stmtConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.Conn.(driver.ConnBeginTx).BeginTx(ctx, opts)
}

func (c *stmtConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, query)
}

func (c *stmtConn) Ping(ctx context.Context) error { return c.Conn.(driver.Pinger).Ping(ctx) }

func (c *stmtConn) ResetSession(ctx context.Context) error {
	return c.Conn.(driver.SessionResetter).ResetSession(ctx)
}

func (c *stmtConn) IsValid() bool { return c.Conn.(driver.Validator).IsValid() }

func (c *stmtConn) Close() error {
	var errs []error
	for _, s := range c.stmts {
		errs = append(errs, s.Stmt.Close())
	}
	c.stmts = nil
	return errors.Join(append(errs, c.Conn.Close())...)
}

// stmt returns the query's cached statement, marked busy, or, when it is
// busy or the cache is full, one for this use only (oneOff). The caller
// releases it.
func (c *stmtConn) stmt(ctx context.Context, query string) (s *connStmt, oneOff bool, err error) {
	cached := c.stmts[query]
	if cached != nil && !cached.busy {
		cached.busy = true
		return cached, false, nil
	}
	st, err := c.PrepareContext(ctx, query)
	if err != nil {
		return nil, false, err
	}
	s = &connStmt{Stmt: st, busy: true}
	if cached != nil || len(c.stmts) >= maxCachedStmts {
		return s, true, nil
	}
	c.stmts[query] = s
	return s, false, nil
}

func (c *stmtConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	s, oneOff, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	res, err := s.Stmt.(driver.StmtExecContext).ExecContext(ctx, args)
	s.release(oneOff)
	return res, err
}

func (c *stmtConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	s, oneOff, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	rows, err := s.Stmt.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		s.release(oneOff)
		return nil, err
	}
	return &stmtRows{Rows: rows, s: s, oneOff: oneOff}, nil
}

// release frees the statement for the next use, or closes a one-off.
func (s *connStmt) release(oneOff bool) {
	s.busy = false
	if oneOff {
		_ = s.Stmt.Close()
	}
}

// stmtRows frees its statement when closed.
type stmtRows struct {
	driver.Rows
	s      *connStmt
	oneOff bool
}

func (r *stmtRows) Close() error {
	err := r.Rows.Close()
	r.s.release(r.oneOff)
	return err
}
