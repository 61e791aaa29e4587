// Package demo loads a deterministic, realistic demo data set: a site
// admin, therapists across about twenty metros in North America and Europe
// with locations, services and credentials, and clients (API.md, "Demo
// data"). It loads only when asked for, and never adds anything twice.
package demo

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/knead/knead/internal/account"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/screening"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/therapist"
)

// Password is every demo account's password.
const Password = "knead-demo-password"

// Domain is the email domain of every demo account; .test never resolves.
const Domain = "demo.knead.test"

// AdminEmail is the demo site admin's sign-in.
const AdminEmail = "admin@" + Domain

// Options chooses the data set. Therapist and client i depend only on Seed,
// i and Now, so a larger count extends a smaller one.
type Options struct {
	Therapists, Clients int
	Seed                int64
	// Now anchors verification and expiry dates; zero means time.Now().
	Now time.Time
}

// Result says what Load added.
type Result struct {
	TherapistsAdded, ClientsAdded int
	AdminAdded                    bool
}

// Load adds whatever of the demo data set for opt is missing. It is deterministic
// for a seed, and running it again adds nothing twice; a larger count adds only the missing ones.
func Load(ctx context.Context, d *db.DB, h *account.Hasher, opt Options, log *slog.Logger) (Result, error) {
	start := time.Now()
	if opt.Therapists < 0 || opt.Clients < 0 {
		return Result{}, errors.New("demo: counts must not be negative")
	}
	now := opt.Now
	if now.IsZero() {
		now = start
	}
	now = now.UTC().Truncate(time.Microsecond) // what both databases keep
	// A first look outside the transaction spares the slow password hash,
	// and the write lock while hashing, when everything is already there.
	existing, err := demoEmails(ctx, d.R())
	if err != nil {
		return Result{}, err
	}
	if len(missing(opt, existing)) == 0 {
		log.Info("demo data already loaded", "therapists", opt.Therapists, "clients", opt.Clients, "seed", opt.Seed)
		return Result{}, nil
	}
	hash, err := h.Hash(ctx, Password)
	if err != nil {
		return Result{}, fmt.Errorf("demo: hash password: %w", err)
	}
	var res Result
	err = d.InTx(ctx, func(tx db.Tx) error {
		existing, err := demoEmails(ctx, tx)
		if err != nil {
			return err
		}
		// Batches bound memory for very large sets (the CLI allows a
		// million); they share the one transaction.
		for want := range slices.Chunk(missing(opt, existing), batch) {
			added, err := insert(ctx, tx, opt, now, hash, want)
			if err != nil {
				return err
			}
			res.TherapistsAdded += added.TherapistsAdded
			res.ClientsAdded += added.ClientsAdded
			res.AdminAdded = res.AdminAdded || added.AdminAdded
		}
		return nil
	})
	if err != nil {
		return Result{}, err
	}
	log.Info("demo data loaded", "therapists_added", res.TherapistsAdded, "clients_added", res.ClientsAdded,
		"admin_added", res.AdminAdded, "seed", opt.Seed, "database", d.Dialect.String(),
		"duration", time.Since(start).Round(time.Millisecond))
	return res, nil
}

// batch is how many accounts one round of inserts writes.
const batch = 1000

// demoEmails reads the demo accounts that exist, in one query.
func demoEmails(ctx context.Context, q db.Querier) (map[string]bool, error) {
	accounts, err := store.AccountsInDomain(ctx, q, Domain)
	if err != nil {
		return nil, err
	}
	out := make(map[string]bool, len(accounts))
	for _, a := range accounts {
		out[strings.ToLower(a.Email)] = true
	}
	return out, nil
}

// wanted is one demo account that does not exist yet.
type wanted struct {
	role string // admin, therapist, client
	n    int    // the therapist's or client's number
}

// missing lists the accounts of opt's data set not in existing, in the
// order they are created: admin, therapists, clients.
func missing(opt Options, existing map[string]bool) []wanted {
	var out []wanted
	if !existing[AdminEmail] {
		out = append(out, wanted{role: "admin"})
	}
	for _, rc := range []struct {
		role  string
		count int
	}{{"therapist", opt.Therapists}, {"client", opt.Clients}} {
		for i := 1; i <= rc.count; i++ {
			if !existing[fmt.Sprintf("%s%d@%s", rc.role, i, Domain)] {
				out = append(out, wanted{rc.role, i})
			}
		}
	}
	return out
}

// insert writes the missing accounts and everything that hangs off the
// therapists, a few statements per table.
func insert(ctx context.Context, tx db.Tx, opt Options, now time.Time, hash string, want []wanted) (Result, error) {
	var res Result
	var users []store.NewUser
	var drafts []draft
	for _, w := range want {
		switch w.role {
		case "admin":
			users = append(users, store.NewUser{Email: AdminEmail, Name: "Demo Admin", Role: "admin",
				TimeZone: "UTC", EmailVerifiedAt: &now, CreatedAt: now})
			res.AdminAdded = true
		case "therapist":
			d := newTherapist(opt.Seed, w.n, now)
			drafts = append(drafts, d)
			users = append(users, d.user)
			res.TherapistsAdded++
		case "client":
			users = append(users, newClient(opt.Seed, w.n, now))
			res.ClientsAdded++
		}
	}
	for i := range users {
		users[i].PasswordHash = hash
	}
	ids, err := store.BulkInsertUsers(ctx, tx, users)
	if err != nil {
		return Result{}, err
	}
	var profiles []therapist.Profile
	var locs []therapist.Location
	for _, d := range drafts {
		// A therapist's account id is also their therapist id (API.md).
		id := ids[strings.ToLower(d.user.Email)]
		d.profile.ID = id
		profiles = append(profiles, d.profile)
		for _, l := range d.locations {
			l.TherapistID = id
			locs = append(locs, l)
		}
	}
	if err := store.BulkInsertTherapists(ctx, tx, profiles, now); err != nil {
		return Result{}, err
	}
	locIDs, err := store.BulkInsertLocations(ctx, tx, locs, now)
	if err != nil {
		return Result{}, err
	}
	var services []therapist.Service
	var creds []therapist.Credential
	var hours []store.WeeklyHoursRow
	next := 0 // the first location of the current draft in locIDs
	for k, d := range drafts {
		for j, rows := range d.hours {
			for _, h := range rows {
				h.LocationID = locIDs[next+j]
				hours = append(hours, store.WeeklyHoursRow{TherapistID: profiles[k].ID, HoursRow: h})
			}
		}
		for j, s := range d.services {
			s.TherapistID, s.LocationID = profiles[k].ID, locIDs[next+d.serviceLoc[j]]
			services = append(services, s)
		}
		for _, c := range d.credentials {
			c.TherapistID = profiles[k].ID
			creds = append(creds, c)
		}
		next += len(d.locations)
	}
	if err := store.BulkInsertServices(ctx, tx, services, now); err != nil {
		return Result{}, err
	}
	if err := store.BulkInsertCredentials(ctx, tx, creds, now); err != nil {
		return Result{}, err
	}
	if err := store.BulkInsertWeeklyHours(ctx, tx, hours); err != nil {
		return Result{}, err
	}
	if err := insertScreenings(ctx, tx, users, ids, now); err != nil {
		return Result{}, err
	}
	return res, insertHistory(ctx, tx, ids, now)
}

// insertScreenings gives each new demo client a clean safety screening
// taken now, so they can book out of the box (booking needs one at most 90
// days old: after that, a demo client takes a new one like anyone).
func insertScreenings(ctx context.Context, tx db.Tx, users []store.NewUser, ids map[string]int64, now time.Time) error {
	clean, err := screening.Seeded(0, now, nil)
	if err != nil {
		return err
	}
	var rows []store.Screening
	for _, u := range users {
		if u.Role == "client" {
			row := clean
			row.ClientID = ids[strings.ToLower(u.Email)]
			rows = append(rows, row)
		}
	}
	return store.BulkInsertScreenings(ctx, tx, rows)
}
