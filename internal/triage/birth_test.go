package triage

import (
	"testing"
	"time"
)

// RF-19: under 18 on the day screened blocks self-booking; the 18th
// birthday itself is adult.
func TestUnder18(t *testing.T) {
	tests := []struct {
		dob     string
		today   string
		minor   bool
		adultOn string
	}{
		{"2008-12-02", "2026-12-01", true, "2026-12-02"}, // 18 tomorrow
		{"2008-12-01", "2026-12-01", false, ""},          // 18 today
		{"2008-11-30", "2026-12-01", false, ""},
		{"2026-12-01", "2026-12-01", true, "2044-12-01"}, // born today
		// Born on 29 February: the 18th birthday in a common year is 1 March
		// (the later of the two readings).
		{"2008-02-29", "2026-02-28", true, "2026-03-01"},
		{"2008-02-29", "2026-03-01", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.dob+" on "+tt.today, func(t *testing.T) {
			answers, conditions := allNo()
			day, _ := time.Parse(time.DateOnly, tt.today)
			r, err := Evaluate(answers, conditions, tt.dob, day)
			if err != nil {
				t.Fatal(err)
			}
			if r.Flagged(RF19) != tt.minor || r.BlocksBooking != tt.minor || r.AdultOn != tt.adultOn {
				t.Errorf("RF-19 %v blocks %v adult on %q; want %v %q", r.Flagged(RF19), r.BlocksBooking, r.AdultOn, tt.minor, tt.adultOn)
			}
		})
	}
}
