package db_test

import (
	"context"
	"errors"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/testkit"
)

func versions(t *testing.T, d db.Dialect) []string {
	t.Helper()
	entries, err := fs.ReadDir(db.MigrationFS(d), ".")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		v, _, ok := strings.Cut(e.Name(), "_")
		if !ok || !strings.HasSuffix(e.Name(), ".sql") {
			t.Errorf("%s migration %q is not named NNNNN_name.sql", d, e.Name())
		}
		out = append(out, v)
	}
	return out
}

func TestMigrationVersionsMatchAcrossDialects(t *testing.T) {
	lite, pg := versions(t, db.SQLite), versions(t, db.Postgres)
	if len(lite) == 0 || !slices.Equal(lite, pg) {
		t.Fatalf("sqlite migrations %v, postgres migrations %v: want the same versions", lite, pg)
	}
}

// Several servers starting at once apply each migration exactly once.
func TestMigrateConcurrentlyAppliesOnce(t *testing.T) {
	url := testkit.EmptyDatabaseURL(t)
	ctx := context.Background()
	const servers = 3
	dbs := make([]*db.DB, servers)
	for i := range dbs {
		d, err := db.Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		dbs[i] = d
	}
	if pending, err := dbs[0].Pending(ctx); err != nil || !pending {
		t.Fatalf("empty database: Pending = %v, %v; want true", pending, err)
	}
	results := make([]db.Migrated, servers)
	errs := make([]error, servers)
	var wg sync.WaitGroup
	for i, d := range dbs {
		wg.Go(func() { results[i], errs[i] = d.Migrate(ctx, testkit.Logger()) })
	}
	wg.Wait()
	want := len(versions(t, dbs[0].Dialect))
	appliers := 0
	for i, r := range results {
		if errs[i] != nil {
			t.Fatalf("server %d: %v", i, errs[i])
		}
		if len(r.Schema) > 0 {
			appliers++
			if len(r.Schema) != want || len(r.River) == 0 {
				t.Errorf("server %d applied %v and river %v; want all %d and river's", i, r.Schema, r.River, want)
			}
		}
	}
	if appliers != 1 {
		t.Fatalf("%d servers applied migrations, want exactly 1", appliers)
	}
	for i, d := range dbs {
		if pending, err := d.Pending(ctx); err != nil || pending {
			t.Errorf("server %d after migrating: Pending = %v, %v; want false", i, pending, err)
		}
	}
}

// A time bound in another zone must still be found by a UTC range query.
func TestTimesAreStoredInUTC(t *testing.T) {
	d := testkit.OpenDB(t)
	ctx := context.Background()
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 29, 3, 0, 0, 123456789, berlin) // just after the spring change
	if _, err := d.W().ExecContext(ctx, `insert into app_user (email, name, role, password_hash, created_at)
		values ($1, $2, $3, $4, $5)`, "utc@example.test", "UTC", "client", "x", at); err != nil {
		t.Fatal(err)
	}
	var n int
	from, to := at.UTC().Add(-time.Minute), at.UTC().Add(time.Minute)
	if err := d.R().QueryRowContext(ctx, `select count(*) from app_user where created_at >= $1 and created_at < $2`,
		from, to).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Fatalf("range query found %d rows, want 1", n)
	}
	var got time.Time
	if err := d.R().QueryRowContext(ctx, `select created_at from app_user where email = $1`, "utc@example.test").Scan(&got); err != nil {
		t.Fatal(err)
	}
	if _, offset := got.Zone(); offset != 0 {
		t.Errorf("read back %v with offset %d, want UTC", got, offset)
	}
	if want := at.Truncate(time.Microsecond); !got.Equal(want) {
		t.Fatalf("read back %v (%v), want %v in UTC", got, got.Location(), want)
	}
}

func TestErrorsAreClassified(t *testing.T) {
	d := testkit.OpenDB(t)
	ctx := context.Background()
	insertUser := func(email string) error {
		_, err := d.W().ExecContext(ctx, `insert into app_user (email, name, role, password_hash, created_at)
			values ($1, 'A', 'client', 'x', $2)`, email, time.Now())
		return err
	}
	if err := insertUser("same@example.test"); err != nil {
		t.Fatal(err)
	}
	overlapDDL := map[db.Dialect][]string{
		db.SQLite: {`create table slot (who integer, starts_at timestamp, ends_at timestamp)`,
			`create trigger slot_no_overlap before insert on slot begin
			   select raise(abort, '` + db.OverlapMessage + `') from slot
			    where who = new.who and starts_at < new.ends_at and new.starts_at < ends_at; end`},
		db.Postgres: {`create table slot (who bigint, starts_at timestamptz, ends_at timestamptz,
			exclude using gist (who with =, tstzrange(starts_at, ends_at, '[)') with &&))`},
	}
	for _, stmt := range overlapDDL[d.Dialect] {
		if _, err := d.W().ExecContext(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	nine := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	insertSlot := func(start time.Time) error {
		_, err := d.W().ExecContext(ctx, `insert into slot values (1, $1, $2)`, start, start.Add(time.Hour))
		return err
	}
	if err := insertSlot(nine); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name                   string
		err                    error
		unique, fk, overlapped bool
	}{
		{"unique email, other case", insertUser("SAME@example.test"), true, false, false},
		{"foreign key", func() error {
			_, err := d.W().ExecContext(ctx, `insert into therapist (id, slug, created_at) values (999999, 'nobody', $1)`, time.Now())
			return err
		}(), false, true, false},
		{"overlap", insertSlot(nine.Add(30 * time.Minute)), false, false, true},
		{"back to back is fine", insertSlot(nine.Add(time.Hour)), false, false, false},
		{"other error", errors.New("boom"), false, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.name == "back to back is fine" && tt.err != nil {
				t.Fatalf("adjacent slot rejected: %v", tt.err)
			}
			if got := db.IsUnique(tt.err); got != tt.unique {
				t.Errorf("IsUnique(%v) = %v", tt.err, got)
			}
			if got := db.IsForeignKey(tt.err); got != tt.fk {
				t.Errorf("IsForeignKey(%v) = %v", tt.err, got)
			}
			if got := db.IsOverlap(tt.err); got != tt.overlapped {
				t.Errorf("IsOverlap(%v) = %v", tt.err, got)
			}
		})
	}
}

func TestInTxRollsBackOnError(t *testing.T) {
	d := testkit.OpenDB(t)
	ctx := context.Background()
	boom := errors.New("boom")
	err := d.InTx(ctx, func(tx db.Tx) error {
		if _, err := tx.ExecContext(ctx, `insert into app_user (email, name, role, password_hash, created_at)
			values ('tx@example.test', 'T', 'client', 'x', $1)`, time.Now()); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("InTx = %v, want boom", err)
	}
	var n int
	if err := d.R().QueryRowContext(ctx, `select count(*) from app_user`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("after rollback: %d rows, %v; want 0", n, err)
	}
}

// AfterCommit runs only once the transaction has committed, and then sees
// its rows.
func TestAfterCommit(t *testing.T) {
	d := testkit.OpenDB(t)
	ctx := context.Background()
	for _, tt := range []struct {
		name     string
		fail     bool
		wantRuns int
		wantRows int
	}{{"commit", false, 1, 1}, {"rollback", true, 0, 0}} {
		t.Run(tt.name, func(t *testing.T) {
			email := tt.name + "@example.test"
			runs, rows := 0, -1
			_ = d.InTx(ctx, func(tx db.Tx) error {
				if _, err := tx.ExecContext(ctx, `insert into app_user (email, name, role, password_hash, created_at)
					values ($1, 'T', 'client', 'x', $2)`, email, time.Now()); err != nil {
					return err
				}
				tx.AfterCommit(func() {
					runs++
					_ = d.R().QueryRowContext(ctx, `select count(*) from app_user where email = $1`, email).Scan(&rows)
				})
				if tt.fail {
					return errors.New("roll back")
				}
				return nil
			})
			if runs != tt.wantRuns || runs > 0 && rows != tt.wantRows {
				t.Errorf("ran %d times seeing %d rows, want %d runs seeing %d", runs, rows, tt.wantRuns, tt.wantRows)
			}
		})
	}
}
