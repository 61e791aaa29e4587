package account

import (
	"net/mail"
	"strings"
	"unicode/utf8"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/tz"
)

// MinPasswordLength is API.md's floor.
const MinPasswordLength = 10

// normalizeEmail trims an address; comparisons ignore case in the database.
func normalizeEmail(s string) string { return strings.TrimSpace(s) }

func checkEmail(f apperr.Fields, field, email string) {
	a, err := mail.ParseAddress(email)
	f.Check(email != "", field, "Enter your email address.")
	f.Check(err == nil && a.Address == email && strings.Contains(email[strings.LastIndexByte(email, '@')+1:], ".") &&
		len(email) <= 254, field, "Enter an email address like name@example.com.")
}

func checkPassword(f apperr.Fields, field, password, email string) {
	n := utf8.RuneCountInString(password)
	f.Check(n > 0, field, "Enter a password.")
	f.Check(n >= MinPasswordLength, field, "Use at least 10 characters.")
	f.Check(n <= 256, field, "Use at most 256 characters.")
	lower := strings.ToLower(password)
	f.Check(!commonPasswords[lower] && !strings.EqualFold(password, email), field,
		"This password is too common. Choose one that is harder to guess.")
}

func checkName(f apperr.Fields, name string) {
	n := utf8.RuneCountInString(name)
	f.Check(n > 0, "name", "Enter your name.")
	f.Check(n <= 100, "name", "Use at most 100 characters.")
	f.Check(!strings.ContainsAny(name, "\r\n<>") && !hasControl(name), "name", "Use letters, spaces and punctuation only.")
}

// hasControl reports control characters, which PostgreSQL text refuses
// (NUL) and which have no place in a name.
func hasControl(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }) >= 0
}

func checkTimeZone(f apperr.Fields, name string) {
	_, err := tz.Load(name)
	f.Check(name != "" && name != "Local" && err == nil, "time_zone", "Choose a time zone such as Europe/Berlin.")
}
