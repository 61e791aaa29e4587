package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/therapist"
)

// Bulk loading for the demo data set. One statement per row costs a network
// round trip each on PostgreSQL, so these helpers write many rows per
// statement; the rows are the same as the single-row Insert functions write.

// maxParams keeps a statement well below both engines' limits on bound
// parameters (SQLite 32,766, PostgreSQL 65,535).
const maxParams = 250

// insertRows writes n rows of width columns, as many per statement as
// maxParams allows. row appends row i's arguments. With returning set,
// scan is called for every row the statements return.
func insertRows(ctx context.Context, q db.Querier, head string, width, n int,
	row func(i int, args []any) []any, returning string, scan func(*sql.Rows) error) error {
	per := maxParams / width
	for start := 0; start < n; start += per {
		end := min(n, start+per)
		var b strings.Builder
		b.WriteString(head)
		b.WriteString(" values ")
		args := make([]any, 0, (end-start)*width)
		for i := start; i < end; i++ {
			if i > start {
				b.WriteString(", ")
			}
			b.WriteByte('(')
			for c := range width {
				if c > 0 {
					b.WriteString(", ")
				}
				b.WriteByte('$')
				b.WriteString(strconv.Itoa(len(args) + c + 1))
			}
			b.WriteByte(')')
			args = row(i, args)
		}
		if returning == "" {
			if _, err := q.ExecContext(ctx, b.String(), args...); err != nil {
				return err
			}
			continue
		}
		rows, err := q.QueryContext(ctx, b.String()+" returning "+returning, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			if err := scan(rows); err != nil {
				rows.Close()
				return err
			}
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// BulkInsertUsers creates accounts and returns their ids by lower-cased
// email. Neither engine promises that RETURNING keeps the order of VALUES,
// so ids are matched by email, which is unique.
func BulkInsertUsers(ctx context.Context, q db.Querier, users []NewUser) (map[string]int64, error) {
	ids := make(map[string]int64, len(users))
	err := insertRows(ctx, q, `insert into app_user
		(email, name, role, password_hash, time_zone, email_verified_at, created_at)`, 7, len(users),
		func(i int, args []any) []any {
			u := users[i]
			return append(args, u.Email, u.Name, u.Role, u.PasswordHash, u.TimeZone, u.EmailVerifiedAt, u.CreatedAt)
		}, "id, email", func(rows *sql.Rows) error {
			var id int64
			var email string
			if err := rows.Scan(&id, &email); err != nil {
				return err
			}
			ids[strings.ToLower(email)] = id
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("store: bulk insert users: %w", err)
	}
	return ids, nil
}

// BulkInsertTherapists writes what InsertTherapist writes, for many
// therapists at once.
func BulkInsertTherapists(ctx context.Context, q db.Querier, ps []therapist.Profile, now time.Time) error {
	err := insertRows(ctx, q, `insert into therapist
		(id, slug, bio, gender, pressure_min, pressure_max, years_back_pain, created_at)`, 8, len(ps),
		func(i int, args []any) []any {
			p := ps[i]
			var gender *string
			if p.Gender != "" {
				gender = &p.Gender
			}
			return append(args, p.ID, p.Slug, p.Bio, gender, p.PressureMin, p.PressureMax, p.YearsBackPain, now)
		}, "", nil)
	if err != nil {
		return fmt.Errorf("store: bulk insert therapists: %w", err)
	}
	type pair struct {
		id    int64
		value string
	}
	var langs, focus []pair
	for _, p := range ps {
		for _, l := range p.Languages {
			langs = append(langs, pair{p.ID, l})
		}
		for _, f := range p.Focus {
			focus = append(focus, pair{p.ID, f})
		}
	}
	for _, t := range []struct {
		head  string
		pairs []pair
	}{
		{`insert into therapist_language (therapist_id, language)`, langs},
		{`insert into therapist_focus (therapist_id, focus)`, focus},
	} {
		err := insertRows(ctx, q, t.head, 2, len(t.pairs), func(i int, args []any) []any {
			return append(args, t.pairs[i].id, t.pairs[i].value)
		}, "", nil)
		if err != nil {
			return fmt.Errorf("store: bulk insert therapists: %w", err)
		}
	}
	return nil
}

// BulkInsertLocations adds locations and returns their ids in the order of
// ls. Rows are matched back by (therapist, name), so a therapist's
// locations must have distinct names.
func BulkInsertLocations(ctx context.Context, q db.Querier, ls []therapist.Location, now time.Time) ([]int64, error) {
	type key struct {
		therapist int64
		name      string
	}
	index := make(map[key]int, len(ls))
	for i, l := range ls {
		k := key{l.TherapistID, l.Name}
		if _, dup := index[k]; dup {
			return nil, fmt.Errorf("store: bulk insert locations: therapist %d has two locations named %q", l.TherapistID, l.Name)
		}
		index[k] = i
	}
	ids := make([]int64, len(ls))
	err := insertRows(ctx, q, `insert into location
		(therapist_id, name, address, city, postal_code, lat, lon, time_zone, jurisdiction, created_at)`, 10, len(ls),
		func(i int, args []any) []any {
			l := ls[i]
			return append(args, l.TherapistID, l.Name, l.Address, l.City, l.PostalCode, l.Lat, l.Lon,
				l.TimeZone, l.Jurisdiction, now)
		}, "id, therapist_id, name", func(rows *sql.Rows) error {
			var id int64
			var k key
			if err := rows.Scan(&id, &k.therapist, &k.name); err != nil {
				return err
			}
			ids[index[k]] = id
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("store: bulk insert locations: %w", err)
	}
	return ids, nil
}

// BulkInsertServices writes what InsertService writes, for many services.
func BulkInsertServices(ctx context.Context, q db.Querier, ss []therapist.Service, now time.Time) error {
	err := insertRows(ctx, q, `insert into service
		(therapist_id, location_id, name, technique, duration_minutes, price_amount, currency, buffer_minutes, created_at)`,
		9, len(ss), func(i int, args []any) []any {
			s := ss[i]
			return append(args, s.TherapistID, s.LocationID, s.Name, s.Technique, s.DurationMinutes,
				s.PriceAmount, s.Currency, s.BufferMinutes, now)
		}, "", nil)
	if err != nil {
		return fmt.Errorf("store: bulk insert services: %w", err)
	}
	return nil
}

// BulkInsertCredentials writes what InsertCredential writes, for many
// credentials.
func BulkInsertCredentials(ctx context.Context, q db.Querier, cs []therapist.Credential, now time.Time) error {
	err := insertRows(ctx, q, `insert into credential
		(therapist_id, kind, type, number, jurisdiction, issuer, expires_on, status, verified_at, created_at)`,
		10, len(cs), func(i int, args []any) []any {
			c := cs[i]
			return append(args, c.TherapistID, c.Kind, c.Type, c.Number, c.Jurisdiction, c.Issuer,
				c.ExpiresOn, c.Status, c.VerifiedAt, now)
		}, "", nil)
	if err != nil {
		return fmt.Errorf("store: bulk insert credentials: %w", err)
	}
	return nil
}

// likeSuffix is a LIKE pattern matching strings that end in "@"+domain,
// with the domain's own wildcards escaped.
func likeSuffix(domain string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%@" + r.Replace(strings.ToLower(domain))
}

// DomainAccount is an account as the demo loader and its checks see it.
type DomainAccount struct {
	ID              int64
	Email           string
	Name            string
	Role            string
	PasswordHash    string
	TimeZone        string
	EmailVerifiedAt *time.Time
}

// AccountsInDomain lists the accounts whose email is in domain, by id: one
// query however many there are.
func AccountsInDomain(ctx context.Context, q db.Querier, domain string) ([]DomainAccount, error) {
	rows, err := q.QueryContext(ctx, `select id, email, name, role, password_hash, time_zone, email_verified_at
		from app_user where lower(email) like $1 escape '\' order by id`, likeSuffix(domain))
	if err != nil {
		return nil, fmt.Errorf("store: accounts in domain: %w", err)
	}
	defer rows.Close()
	var out []DomainAccount
	for rows.Next() {
		var a DomainAccount
		var verified sql.NullTime
		if err := rows.Scan(&a.ID, &a.Email, &a.Name, &a.Role, &a.PasswordHash, &a.TimeZone, &verified); err != nil {
			return nil, fmt.Errorf("store: accounts in domain: %w", err)
		}
		if verified.Valid {
			t := verified.Time.UTC()
			a.EmailVerifiedAt = &t
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// TherapistRecord is a therapist with every row that hangs off them.
type TherapistRecord struct {
	Email       string
	Profile     therapist.Profile
	Locations   []therapist.Location
	Services    []therapist.Service
	Credentials []therapist.Credential
}

// TherapistRecords reads every therapist whose account email is in domain,
// with languages, focus, locations, services and credentials, ordered by
// id (and each list by id). It reads whole tables in six queries, for
// checking bulk-loaded data, not for pages.
func TherapistRecords(ctx context.Context, q db.Querier, domain string) ([]TherapistRecord, error) {
	var out []TherapistRecord
	at := map[int64]int{}
	pattern := likeSuffix(domain)
	// Every query keeps only rows of therapists in domain.
	const in = ` in (select id from app_user where lower(email) like $1 escape '\')`
	each := func(query string, scan func(rows *sql.Rows) error) error {
		rows, err := q.QueryContext(ctx, query, pattern)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	}
	rec := func(id int64) *TherapistRecord { return &out[at[id]] }
	steps := []struct {
		query string
		scan  func(rows *sql.Rows) error
	}{
		{`select t.id, u.email, t.slug, u.name, t.bio, coalesce(t.gender, ''), t.pressure_min, t.pressure_max,
			t.years_back_pain from therapist t join app_user u on u.id = t.id where t.id` + in + ` order by t.id`,
			func(rows *sql.Rows) error {
				var r TherapistRecord
				p := &r.Profile
				if err := rows.Scan(&p.ID, &r.Email, &p.Slug, &p.Name, &p.Bio, &p.Gender, &p.PressureMin,
					&p.PressureMax, &p.YearsBackPain); err != nil {
					return err
				}
				at[p.ID] = len(out)
				out = append(out, r)
				return nil
			}},
		{`select therapist_id, language from therapist_language where therapist_id` + in + ` order by therapist_id, language`,
			func(rows *sql.Rows) error {
				var id int64
				var l string
				if err := rows.Scan(&id, &l); err != nil {
					return err
				}
				rec(id).Profile.Languages = append(rec(id).Profile.Languages, l)
				return nil
			}},
		{`select therapist_id, focus from therapist_focus where therapist_id` + in + ` order by therapist_id, focus`,
			func(rows *sql.Rows) error {
				var id int64
				var f string
				if err := rows.Scan(&id, &f); err != nil {
					return err
				}
				rec(id).Profile.Focus = append(rec(id).Profile.Focus, f)
				return nil
			}},
		{`select id, therapist_id, name, address, city, postal_code, lat, lon, time_zone, jurisdiction
			from location where therapist_id` + in + ` order by therapist_id, id`,
			func(rows *sql.Rows) error {
				var l therapist.Location
				if err := rows.Scan(&l.ID, &l.TherapistID, &l.Name, &l.Address, &l.City, &l.PostalCode, &l.Lat, &l.Lon,
					&l.TimeZone, &l.Jurisdiction); err != nil {
					return err
				}
				rec(l.TherapistID).Locations = append(rec(l.TherapistID).Locations, l)
				return nil
			}},
		{`select id, therapist_id, location_id, name, technique, duration_minutes, price_amount, currency, buffer_minutes
			from service where therapist_id` + in + ` order by therapist_id, id`,
			func(rows *sql.Rows) error {
				var s therapist.Service
				if err := rows.Scan(&s.ID, &s.TherapistID, &s.LocationID, &s.Name, &s.Technique, &s.DurationMinutes,
					&s.PriceAmount, &s.Currency, &s.BufferMinutes); err != nil {
					return err
				}
				rec(s.TherapistID).Services = append(rec(s.TherapistID).Services, s)
				return nil
			}},
		{`select id, therapist_id, kind, type, number, jurisdiction, issuer, expires_on, status, verified_at
			from credential where therapist_id` + in + ` order by therapist_id, id`,
			func(rows *sql.Rows) error {
				var c therapist.Credential
				var verified sql.NullTime
				if err := rows.Scan(&c.ID, &c.TherapistID, &c.Kind, &c.Type, &c.Number, &c.Jurisdiction, &c.Issuer,
					&c.ExpiresOn, &c.Status, &verified); err != nil {
					return err
				}
				c.ExpiresOn = c.ExpiresOn.UTC()
				if verified.Valid {
					t := verified.Time.UTC()
					c.VerifiedAt = &t
				}
				rec(c.TherapistID).Credentials = append(rec(c.TherapistID).Credentials, c)
				return nil
			}},
	}
	for _, s := range steps {
		if err := each(s.query, s.scan); err != nil {
			return nil, fmt.Errorf("store: therapist records: %w", err)
		}
	}
	return out, nil
}

// TableCounts counts the rows of the account and directory tables.
func TableCounts(ctx context.Context, q db.Querier) (map[string]int, error) {
	tables := []string{"app_user", "therapist", "therapist_language", "therapist_focus", "location", "service", "credential"}
	sel := make([]string, len(tables))
	for i, t := range tables {
		sel[i] = "(select count(*) from " + t + ")"
	}
	counts := make([]int, len(tables))
	dest := make([]any, len(tables))
	for i := range counts {
		dest[i] = &counts[i]
	}
	if err := q.QueryRowContext(ctx, "select "+strings.Join(sel, ", ")).Scan(dest...); err != nil {
		return nil, fmt.Errorf("store: table counts: %w", err)
	}
	out := make(map[string]int, len(tables))
	for i, t := range tables {
		out[t] = counts[i]
	}
	return out, nil
}

// BulkInsertScreenings stores screenings, a few statements for many (demo
// clients' clean screenings).
func BulkInsertScreenings(ctx context.Context, q db.Querier, ss []Screening) error {
	err := insertRows(ctx, q, `insert into screening
		(client_id, taken_at, rule_version, date_of_birth, answers, conditions, result)`, 7, len(ss),
		func(i int, args []any) []any {
			s := ss[i]
			return append(args, s.ClientID, s.TakenAt, s.RuleVersion, s.DateOfBirth, s.Answers, s.Conditions, s.Result)
		}, "", nil)
	if err != nil {
		return fmt.Errorf("store: bulk insert screenings: %w", err)
	}
	return nil
}
