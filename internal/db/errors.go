package db

import (
	"errors"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// OverlapMessage is what the SQLite overlap triggers raise.
const OverlapMessage = "appointment_overlap"

// IsUnique reports a unique-constraint violation.
func IsUnique(err error) bool {
	return pgCode(err) == "23505" ||
		sqliteCode(err) == sqlite3.SQLITE_CONSTRAINT_UNIQUE ||
		sqliteCode(err) == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
}

// IsForeignKey reports a foreign-key violation.
func IsForeignKey(err error) bool {
	return pgCode(err) == "23503" || sqliteCode(err) == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
}

// IsOverlap reports that a row would overlap another: PostgreSQL's exclusion
// constraint, or the trigger that does the same on SQLite.
func IsOverlap(err error) bool {
	if pgCode(err) == "23P01" {
		return true
	}
	var se *sqlite.Error
	return errors.As(err, &se) && strings.Contains(se.Error(), OverlapMessage)
}

func pgCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

func sqliteCode(err error) int {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code()
	}
	return 0
}
