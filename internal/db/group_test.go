package db_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/testkit"
	"modernc.org/sqlite"
)

func insertUser(ctx context.Context, q db.Querier, email string) error {
	_, err := q.ExecContext(ctx, `insert into app_user (email, name, role, password_hash, created_at)
		values ($1, 'T', 'client', 'x', $2)`, email, time.Now())
	return err
}

func users(t *testing.T, d *db.DB) map[string]bool {
	t.Helper()
	rows, err := d.R().QueryContext(context.Background(), `select email from app_user`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			t.Fatal(err)
		}
		out[e] = true
	}
	return out
}

// TestInGroupTx: changes that queue while another is written go in one
// transaction, and each keeps its own outcome: a failing change, one
// breaking a constraint and a panicking one are undone alone; the rest
// commit, with their AfterCommit hooks run after the commit. On
// PostgreSQL each change is its own transaction, with the same outcomes.
func TestInGroupTx(t *testing.T) {
	d := testkit.OpenDB(t)
	ctx := context.Background()
	if err := insertUser(ctx, d.W(), "taken@example.test"); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	type outcome struct {
		err      error
		panicked any
		tx       *sql.Tx
	}
	cases := []struct {
		email string
		fail  error // returned after the insert
		panic bool
		want  bool // row committed
	}{
		{"a@example.test", nil, false, true},
		{"b@example.test", boom, false, false},
		{"taken@example.test", nil, false, false}, // unique email
		{"c@example.test", nil, true, false},
		{"d@example.test", nil, false, true},
		{"e@example.test", boom, false, false},
		{"f@example.test", nil, false, true},
	}
	queued := make(chan struct{}, len(cases)+1)
	grouping := db.OnQueued(d, func() { queued <- struct{}{} })
	release := make(chan struct{})
	firstDone := make(chan error)
	go func() { // holds the write connection until the others have queued
		firstDone <- d.InGroupTx(ctx, func(tx db.Tx) error {
			<-release
			return insertUser(ctx, tx, "first@example.test")
		})
	}()
	if grouping {
		<-queued
	}
	outcomes := make([]outcome, len(cases))
	var mu sync.Mutex
	var afterRuns []string
	var wg sync.WaitGroup
	for i, tc := range cases {
		wg.Go(func() {
			defer func() { outcomes[i].panicked = recover() }()
			outcomes[i].err = d.InGroupTx(ctx, func(tx db.Tx) error {
				outcomes[i].tx = tx.SQL
				tx.AfterCommit(func() {
					var n int
					_ = d.R().QueryRowContext(ctx, `select count(*) from app_user where email = $1`, tc.email).Scan(&n)
					mu.Lock()
					afterRuns = append(afterRuns, fmt.Sprintf("%s:%d", tc.email, n))
					mu.Unlock()
				})
				if err := insertUser(ctx, tx, tc.email); err != nil {
					return err
				}
				if tc.panic {
					panic("change panicked")
				}
				return tc.fail
			})
		})
	}
	if grouping {
		for range cases {
			<-queued
		}
	}
	close(release)
	if err := <-firstDone; err != nil {
		t.Fatalf("first change: %v", err)
	}
	wg.Wait()

	got := users(t, d)
	var committed []*sql.Tx
	wantRuns := map[string]bool{}
	for i, tc := range cases {
		o := outcomes[i]
		switch {
		case tc.panic && o.panicked == nil:
			t.Errorf("%s: the panic did not reach its caller", tc.email)
		case tc.fail != nil && !errors.Is(o.err, tc.fail):
			t.Errorf("%s: %v, want %v", tc.email, o.err, tc.fail)
		case tc.want && o.err != nil:
			t.Errorf("%s: %v", tc.email, o.err)
		case tc.email == "taken@example.test" && !db.IsUnique(o.err):
			t.Errorf("%s: %v, want a unique violation", tc.email, o.err)
		}
		if tc.email != "taken@example.test" && got[tc.email] != tc.want {
			t.Errorf("%s committed %v, want %v", tc.email, got[tc.email], tc.want)
		}
		if tc.want {
			committed = append(committed, o.tx)
			wantRuns[tc.email+":1"] = true
		}
	}
	if len(afterRuns) != len(wantRuns) {
		t.Errorf("AfterCommit ran %v, want once for each of %v", afterRuns, wantRuns)
	}
	for _, r := range afterRuns {
		if !wantRuns[r] {
			t.Errorf("AfterCommit ran as %s: for a change undone, or before its commit", r)
		}
	}
	if grouping {
		for _, tx := range committed[1:] {
			if tx != committed[0] {
				t.Errorf("the queued changes were written in more than one transaction")
				break
			}
		}
	}
}

// cancelDuring is called by the SQL function knead_test_cancel(), in the
// middle of a statement: it ends the context that statement runs under.
var cancelDuring atomic.Pointer[context.CancelFunc]

func init() {
	sqlite.MustRegisterScalarFunction("knead_test_cancel", 0, func(*sqlite.FunctionContext, []driver.Value) (driver.Value, error) {
		if c := cancelDuring.Load(); c != nil {
			(*c)()
		}
		return int64(1), nil
	})
}

// TestInGroupTxCallerLeaves: a caller whose context ends while its insert
// runs does not undo the others' changes (SQLite answers an interrupted
// write by rolling back the whole transaction); one whose context ended
// before its turn is not run.
func TestInGroupTxCallerLeaves(t *testing.T) {
	d := testkit.OpenDB(t)
	queued := make(chan struct{}, 8)
	if !db.OnQueued(d, func() { queued <- struct{}{} }) {
		t.Skip("PostgreSQL writes each change in its own transaction")
	}
	ctx := context.Background()
	release, firstDone := make(chan struct{}), make(chan error)
	go func() {
		firstDone <- d.InGroupTx(ctx, func(tx db.Tx) error {
			<-release
			return insertUser(ctx, tx, "first@example.test")
		})
	}()
	<-queued
	leaving, leave := context.WithCancel(ctx)
	cancelDuring.Store(&leave)
	defer cancelDuring.Store(nil)
	gone, goneCancel := context.WithCancel(ctx)
	goneCancel()
	errs := make([]error, 4)
	var wg sync.WaitGroup
	for i, c := range []struct {
		ctx   context.Context
		email string
		mid   bool
	}{{ctx, "a@example.test", false}, {leaving, "b@example.test", true}, {gone, "gone@example.test", false}, {ctx, "c@example.test", false}} {
		wg.Go(func() {
			errs[i] = d.InGroupTx(c.ctx, func(tx db.Tx) error {
				if !c.mid {
					return insertUser(c.ctx, tx, c.email)
				}
				// The first row ends the context; two hundred thousand more keep the
				// statement running while the driver interrupts it.
				_, err := tx.ExecContext(c.ctx, `insert into app_user (email, name, role, password_hash, created_at)
					select $1, 'T', 'client', 'x', $2 from (with recursive n(x) as (select 1 union all select x + 1 from n
					where x < 200000) select max(x * knead_test_cancel()) m from n)`, c.email, time.Now())
				return err
			})
		})
		<-queued
	}
	close(release)
	if err := <-firstDone; err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	got := users(t, d)
	for i, want := range []struct {
		email string
		ok    bool
	}{{"a@example.test", true}, {"b@example.test", true}, {"gone@example.test", false}, {"c@example.test", true}} {
		if got[want.email] != want.ok || (errs[i] == nil) != want.ok {
			t.Errorf("%s: committed %v, error %v; want committed %v", want.email, got[want.email], errs[i], want.ok)
		}
	}
	if leaving.Err() == nil {
		t.Error("the statement never ended its caller's context: the test tested nothing")
	}
}
