// Package outcome measures whether care is working (domain-clinical.md §3):
// the client's pain diary, session pain before and after, the Patient
// Global Impression of Change (PGIC), the reference points drawn from them
// and the plain verdict shown to the client and their therapist. The rules
// in this file are pure functions of the data, so they can be read and
// tested at their edges.
package outcome

import "time"

// Day is one diary entry as the rules see it: the client's local date and
// the 0–10 scores.
type Day struct {
	Date         time.Time // midnight UTC of the client's local date
	Now, Average int
}

// Source says where a baseline comes from.
type Source string

const (
	FromIntake Source = "intake" // the intake's pain-average answer
	FromDiary  Source = "diary"  // the mean of the first 7 days of diary
	NoSource   Source = ""
)

// Window is how many days the diary means cover (baseline and "now").
const Window = 7

// References are the reference points used everywhere (issue 9
// "Measuring"): baseline, now and whether the last entry rose enough to
// call the re-screen.
type References struct {
	Baseline       float64
	BaselineSource Source // NoSource: no baseline yet
	Now            float64
	HasNow         bool
	// Rescreen: the last entry's pain-now is 3 or more points above the
	// entry before it.
	Rescreen bool
}

// RescreenRise is the rise over the previous entry that calls the re-screen.
const RescreenRise = 3

// Reference works the reference points out of the diary (oldest first) at
// today (the client's local date, midnight UTC). intake is the intake's
// pain-average when there is one. A diary baseline needs its 7 days to
// have passed, and "now" then counts only the days after them, so one
// week of entries is never compared with itself.
func Reference(diary []Day, intake *int, today time.Time) References {
	var r References
	if n := len(diary); n >= 2 && diary[n-1].Now-diary[n-2].Now >= RescreenRise {
		r.Rescreen = true
	}
	nowFrom := today.AddDate(0, 0, -(Window - 1))
	switch {
	case intake != nil:
		r.Baseline, r.BaselineSource = float64(*intake), FromIntake
	case len(diary) > 0:
		end := diary[0].Date.AddDate(0, 0, Window)
		if !today.Before(end) {
			r.Baseline, r.BaselineSource = mean(diary, diary[0].Date, end), FromDiary
			if nowFrom.Before(end) {
				nowFrom = end
			}
		}
	}
	if r.BaselineSource == NoSource && intake == nil {
		return r
	}
	var sum, n int
	for _, d := range diary {
		if !d.Date.Before(nowFrom) && !d.Date.After(today) {
			sum, n = sum+d.Average, n+1
		}
	}
	if n > 0 {
		r.Now, r.HasNow = float64(sum)/float64(n), true
	}
	return r
}

// mean is the mean average score of the days in [from, to); diary holds at
// least one such day.
func mean(diary []Day, from, to time.Time) float64 {
	var sum, n int
	for _, d := range diary {
		if !d.Date.Before(from) && d.Date.Before(to) {
			sum, n = sum+d.Average, n+1
		}
	}
	return float64(sum) / float64(n)
}

// Kind is the kind of verdict.
type Kind string

// Verdict kinds, from the best news to the least data.
const (
	Improved  Kind = "improved"   // clinically meaningful improvement
	Worse     Kind = "worse"      // now 2 or more points above baseline
	NoChange  Kind = "no_change"  // no meaningful change after 6 sessions
	TooEarly  Kind = "too_early"  // not improved yet, fewer than 6 sessions
	NotEnough Kind = "not_enough" // no baseline or no recent diary
)

// The thresholds of §3.2 (OM-01, OM-07).
const (
	MinPoints   = 2.0  // the smallest change that counts…
	MinFraction = 0.3  // …and at least this share of baseline
	ReviewAfter = 6    // sessions without improvement before a review
	PGICMuch    = 2    // PGIC 1 or 2: much or very much improved
	epsilon     = 1e-9 // means are fractions: "exactly 30 %" must count
)

// Verdict is the honest answer of §3 with the figures behind it.
type Verdict struct {
	Kind Kind
	// Threshold is the "now" at or below which the change is clinically
	// meaningful (baseline less the larger of 2 points and 30 %); 0
	// without a baseline.
	Threshold float64
	// ByPGIC: improvement shown by the client's PGIC answer rather than by
	// the diary; ByInstrument: by an installed disability instrument's own
	// threshold (RMDQ: 5 points or 30 %).
	ByPGIC, ByInstrument bool
}

// Decide gives the verdict from the reference points, the number of
// sessions had, the latest PGIC answer (0: none), and whether an installed
// disability instrument counts the client as a responder.
func Decide(r References, sessions, pgic int, instrument bool) Verdict {
	var v Verdict
	if r.BaselineSource != NoSource {
		v.Threshold = max(0, r.Baseline-max(MinPoints, MinFraction*r.Baseline))
	}
	if pgic >= 1 && pgic <= PGICMuch {
		v.Kind, v.ByPGIC = Improved, true
		return v
	}
	if instrument {
		v.Kind, v.ByInstrument = Improved, true
		return v
	}
	if r.BaselineSource == NoSource || !r.HasNow {
		v.Kind = NotEnough
		return v
	}
	drop := r.Baseline - r.Now
	switch {
	case drop+epsilon >= MinPoints && drop+epsilon >= MinFraction*r.Baseline:
		v.Kind = Improved
	case -drop+epsilon >= MinPoints:
		v.Kind = Worse
	case sessions >= ReviewAfter:
		v.Kind = NoChange
	default:
		v.Kind = TooEarly
	}
	return v
}

// Says is the verdict in plain words for the client.
func (v Verdict) Says() string {
	switch v.Kind {
	case Improved:
		if v.ByPGIC {
			return "Clinically meaningful improvement: you said your back pain is much better since you started."
		}
		if v.ByInstrument {
			return "Clinically meaningful improvement: your questionnaire shows you can do much more than when you started."
		}
		return "Clinically meaningful improvement: your pain is at least 2 points and 30 % below where you started."
	case Worse:
		return "Your pain is worse than when you started — 2 or more points higher. Please review the plan with your " +
			"therapist and see a doctor or physiotherapist."
	case NoChange:
		return "No meaningful change after 6 sessions. Massage may not be enough on its own: review the plan with your " +
			"therapist and see a doctor or physiotherapist."
	case TooEarly:
		return "Too early to say: no meaningful change yet."
	}
	return "Not enough data yet: log your pain for a week to see how it changes."
}

// Advise says whether the verdict calls for reviewing the plan and seeing
// a doctor or physiotherapist.
func (v Verdict) Advise() bool { return v.Kind == Worse || v.Kind == NoChange }
