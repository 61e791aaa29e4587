package demo

import (
	"context"
	"testing"
	"time"

	"github.com/knead/knead/internal/account"
	"github.com/knead/knead/internal/testkit"
)

// Every demo location has working hours, so the demo has free slots.
func TestEveryLocationHasHours(t *testing.T) {
	d := testkit.OpenDB(t)
	opt := Options{Therapists: 30, Clients: 1, Seed: 3, Now: time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)}
	if _, err := Load(context.Background(), d, account.NewHasher(account.Cheap, 2), opt, testkit.Logger()); err != nil {
		t.Fatal(err)
	}
	var without, rows int
	if err := d.R().QueryRowContext(context.Background(), `select count(*) from location l
		where not exists (select 1 from weekly_hours h where h.location_id = l.id)`).Scan(&without); err != nil {
		t.Fatal(err)
	}
	_ = d.R().QueryRowContext(context.Background(), `select count(*) from weekly_hours`).Scan(&rows)
	if without != 0 || rows < 30*3 {
		t.Fatalf("%d locations without hours, %d hour rows", without, rows)
	}
}
