package web

import (
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"time"

	"github.com/knead/knead/internal/outcome"
	"github.com/knead/knead/internal/store"
)

// progressView is a client's progress: the client's own page, or the
// page a therapist in care reads.
type progressView struct {
	Base
	Own                bool
	Name               string
	ClientID           int64
	Kind               outcome.Kind
	Verdict            string
	Advise, Rescreen   bool
	Baseline, Now      string // "" when not known yet
	BaselineFrom       string
	Threshold          string
	SessionsHad        int
	PainChart, PrePost template.HTML
	Days               []dayRow
	Sessions           []sessionRow
	Recent             []store.PainEntry
	Due                *dueView
	Instruments        []instrumentDueView // the client's own page only
	Form               Form
	Scores             []int
	Defaults           map[string]int // the last entry's scores, preselected
	Today              string
}

type dayRow struct{ Date, Average string }

type sessionRow struct {
	ID                    int64
	When, Technique, Mark string
	Therapist             string
	Before, After         string
	CanRecord             bool
}

type dueView struct {
	Point, Label, Question string
	Options                []string
	Overdue                bool
}

func one(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }

func newProgressView(b Base, p outcome.Progress, own bool, now time.Time) progressView {
	v := progressView{Base: b, Own: own, Name: p.ClientName, ClientID: p.ClientID, Kind: p.Verdict.Kind, Verdict: p.Verdict.Says(),
		Advise: p.Verdict.Advise(), Rescreen: p.Ref.Rescreen, SessionsHad: len(p.Sessions),
		PainChart: outcome.PainChart(p), PrePost: outcome.PrePostChart(p), Scores: []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10},
		Today: p.Today.Format(time.DateOnly)}
	if p.Ref.BaselineSource != outcome.NoSource {
		v.Baseline, v.Threshold = one(p.Ref.Baseline), one(p.Verdict.Threshold)
		v.BaselineFrom = map[outcome.Source]string{outcome.FromIntake: "your intake", outcome.FromDiary: "your first week of diary"}[p.Ref.BaselineSource]
	}
	if p.Ref.HasNow {
		v.Now = one(p.Ref.Now)
	}
	for _, d := range outcome.Daily(p) {
		v.Days = append(v.Days, dayRow{d.Date.Format("Mon 2 Jan"), one(d.Average)})
	}
	for _, s := range p.Sessions {
		mark, name := outcome.Mark(s.Technique)
		start := s.Start.In(p.Zone)
		v.Sessions = append(v.Sessions, sessionRow{ID: s.AppointmentID, When: start.Format("Mon 2 Jan 2006"), Technique: name,
			Mark: mark, Therapist: s.TherapistName, Before: painText(s.Before), After: painText(s.After),
			CanRecord: !now.After(s.End.Add(outcome.SessionPainWindow))})
	}
	slices.Reverse(v.Sessions)
	for i := len(p.Diary) - 1; i >= 0 && len(v.Recent) < 10; i-- {
		v.Recent = append(v.Recent, p.Diary[i])
	}
	if len(v.Recent) > 0 {
		e := v.Recent[0]
		v.Defaults = map[string]int{"now": e.NowScore, "average": e.AverageScore, "worst": e.WorstScore}
	}
	if d := p.Due; d != nil {
		v.Due = &dueView{Point: d.Point.ID, Label: d.Point.Label, Question: outcome.PGICQuestion(p.Start), Options: outcome.PGICOptions,
			Overdue: d.Overdue}
	}
	return v
}

func painText(n int) string {
	if n < 0 {
		return "—"
	}
	return strconv.Itoa(n)
}

// dashRow is one client on the therapist's dashboard.
type dashRow struct {
	ID            int64
	Name, Verdict string
	Kind          outcome.Kind
	Trend         string // "−2.3 since baseline", or "—"
	Flags         []string
	Next          string
	HomeCare      string // adherence over the last 7 days, in words
}

var verdictLabels = map[outcome.Kind]string{outcome.Improved: "Meaningful improvement", outcome.Worse: "Worse",
	outcome.NoChange: "No meaningful change after 6 sessions", outcome.TooEarly: "Too early to say",
	outcome.NotEnough: "Not enough data"}

func newDashRow(r outcome.Row, zone *time.Location) dashRow {
	d := dashRow{ID: r.Client.ID, Name: r.Client.Name, Kind: r.Progress.Verdict.Kind, Verdict: verdictLabels[r.Progress.Verdict.Kind],
		Flags: r.Flags, Trend: "—", Next: "none booked", HomeCare: "none assigned"}
	if p := r.HomeCare.Percent(); p >= 0 {
		d.HomeCare = fmt.Sprintf("%d %% done (%d of %d)", p, r.HomeCare.Done, r.HomeCare.Due)
	}
	if r.HasChange {
		switch c := fmt.Sprintf("%+.1f", r.Change); {
		case c == "+0.0" || c == "-0.0":
			d.Trend = "0.0 points"
		case c[0] == '-':
			d.Trend = "−" + c[1:] + " points" // a true minus sign
		default:
			d.Trend = c + " points"
		}
	}
	if r.NextSession != nil {
		t := r.NextSession.In(zone)
		d.Next = t.Format("Mon 2 Jan") + ", " + clock(t)
	}
	return d
}

// Checked says whether score n is chosen for the diary field name: as
// submitted when the form comes back with errors, else the last entry's.
func (v progressView) Checked(name string, n int) bool {
	if v.Form.Values != nil {
		return v.Form.Get(name) == strconv.Itoa(n)
	}
	d, ok := v.Defaults[name]
	return ok && d == n
}

// ScoreFields are the diary's three questions (our wording, §3.3).
func (v progressView) ScoreFields() []scoreField {
	return []scoreField{
		{"now", "Pain right now", "0 = no pain, 10 = worst pain you can imagine."},
		{"average", "Pain on average over the last day", ""},
		{"worst", "Pain at its worst over the last day", ""},
	}
}

type scoreField struct{ Name, Label, Hint string }

// sessionPainForm is what the "session-pain" partial needs.
type sessionPainForm struct {
	ID     int64
	Next   string
	Scores []int
}
