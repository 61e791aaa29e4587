package outcome

import "time"

// Point is a time in treatment when the PGIC is asked (§3.2: week 4–6,
// week 10–12, follow-up at 26 weeks), counted in days from the first
// session.
type Point struct {
	ID         string
	Label      string
	From, Till int // days after the first session; due from From, overdue after Till
}

// Points are the PGIC's points, in order.
var Points = []Point{
	{"week4", "4 to 6 weeks in", 28, 42},
	{"week10", "10 to 12 weeks in", 70, 84},
	{"week26", "26 weeks in", 182, 196},
}

// PGICOptions are the seven answers (OM-07), 1 = very much improved.
var PGICOptions = []string{"Very much improved", "Much improved", "Minimally improved", "No change",
	"Minimally worse", "Much worse", "Very much worse"}

// PGICQuestion is the stem in our wording (§3.3), for the start date.
func PGICQuestion(start time.Time) string {
	return "Since you started massage treatment on " + start.Format("2 January 2006") +
		", how would you describe the overall change in your back pain condition?"
}

// Due is a point whose PGIC is unanswered and not yet superseded by the
// next point; Overdue when its window has passed.
type Due struct {
	Point   Point
	On      time.Time // the date it became due
	Overdue bool
}

// DuePGIC says which PGIC is due at today for a client whose treatment
// started on start (zero: no session yet), given the points answered.
func DuePGIC(start, today time.Time, answered map[string]bool) (Due, bool) {
	if start.IsZero() {
		return Due{}, false
	}
	days := int(today.Sub(start).Hours() / 24)
	for i, p := range Points {
		next := 1 << 30
		if i+1 < len(Points) {
			next = Points[i+1].From
		}
		if days >= p.From && days < next && !answered[p.ID] {
			return Due{Point: p, On: start.AddDate(0, 0, p.From), Overdue: days > p.Till}, true
		}
	}
	return Due{}, false
}
