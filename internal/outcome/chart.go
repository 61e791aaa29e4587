package outcome

import (
	"fmt"
	"html"
	"html/template"
	"strings"
	"time"

	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/therapist"
)

// Charts are drawn on the server as SVG (issue 9 "Showing it"): no script,
// a title and a description for screen readers, and a data table beside
// them on the page. The viewBox is 360 wide, so at a phone's 375 px a unit
// is about a pixel and 12-unit text stays readable.
const (
	chartW, chartH  = 360, 240
	left, right     = 30, 350
	top, bottom     = 16, 196
	minSpan         = 13 // days shown at least, so a first entry is not a lone dot
	baselineColour  = "#8a3c00"
	thresholdColour = "#1f6f3f"
	painColour      = "#1d4f91"
	sessionColour   = "#6b6b6b"
	textColour      = "#222"
	beforeColour    = "#b3261e"
)

// techniqueMarks are the short marks of techniques on the chart.
var techniqueMarks = map[string]string{"swedish": "S", "deep_tissue": "D", "trigger_point": "TP", "thai": "TH"}

// Mark is the chart's mark for a technique and its name.
func Mark(technique string) (mark, name string) {
	mark, name = techniqueMarks[technique], therapist.TechniqueNames[technique]
	if mark == "" {
		mark = "?"
	}
	if name == "" {
		name = technique
	}
	return mark, name
}

// DayPoint is one day of diary on the chart: the mean of its entries'
// average scores.
type DayPoint struct {
	Date    time.Time
	Average float64
}

// Daily means the diary's average scores by local date, oldest first.
func Daily(p Progress) []DayPoint {
	var out []DayPoint
	var sum, n int
	for i, e := range p.Diary {
		sum, n = sum+e.AverageScore, n+1
		if i+1 == len(p.Diary) || p.Diary[i+1].LocalDate != e.LocalDate {
			d, _ := time.Parse(time.DateOnly, e.LocalDate)
			out = append(out, DayPoint{d, float64(sum) / float64(n)})
			sum, n = 0, 0
		}
	}
	return out
}

type svg struct{ strings.Builder }

func (b *svg) f(format string, args ...any) { fmt.Fprintf(&b.Builder, format, args...) }

func (b *svg) open(id, title, desc string) {
	b.f(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-labelledby="%s-title %s-desc" class="chart">`,
		chartW, chartH, id, id)
	b.f(`<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, id, html.EscapeString(title), id, html.EscapeString(desc))
	for v := 0; v <= 10; v += 2 {
		y := painY(float64(v))
		b.f(`<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#ddd" stroke-width="1"/>`, left, right, y, y)
		b.f(`<text x="%d" y="%.1f" font-size="12" text-anchor="end" fill="%s">%d</text>`, left-6, y+4, textColour, v)
	}
}

func (b *svg) text(x, y float64, anchor, colour, s string) {
	b.f(`<text x="%.1f" y="%.1f" font-size="12" text-anchor="%s" fill="%s">%s</text>`, x, y, anchor, colour, html.EscapeString(s))
}

func painY(v float64) float64 { return bottom - v*(bottom-top)/10 }

// PainChart draws pain over time: the daily average, each session marked
// by its technique, the baseline and the clinically meaningful threshold.
func PainChart(p Progress) template.HTML {
	days := Daily(p)
	from, till := p.Today.AddDate(0, 0, -minSpan), p.Today
	if len(days) > 0 && days[0].Date.Before(from) {
		from = days[0].Date
	}
	if len(p.Sessions) > 0 {
		if s := LocalDate(p.Sessions[0].Start, p.Zone); s.Before(from) {
			from = s
		}
	}
	span := till.Sub(from).Hours() / 24
	x := func(d time.Time) float64 { return left + (d.Sub(from).Hours()/24)*(right-left)/span }
	var b svg
	b.open("pain", "Pain over time", painDesc(p, days))
	for _, s := range p.Sessions {
		sx := x(LocalDate(s.Start, p.Zone))
		mark, _ := Mark(s.Technique)
		b.f(`<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" stroke="%s" stroke-width="1" stroke-dasharray="2 2"/>`, sx, sx, top, bottom, sessionColour)
		b.text(sx, top-4, "middle", sessionColour, mark)
	}
	if p.Ref.BaselineSource != NoSource {
		y := painY(p.Ref.Baseline)
		b.f(`<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="%s" stroke-width="2" stroke-dasharray="6 3"/>`, left, right, y, y, baselineColour)
		b.text(right, y-4, "end", baselineColour, fmt.Sprintf("Baseline %.1f", p.Ref.Baseline))
		y = painY(p.Verdict.Threshold)
		b.f(`<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="%s" stroke-width="2" stroke-dasharray="1 3"/>`, left, right, y, y, thresholdColour)
		b.text(right, y+14, "end", thresholdColour, fmt.Sprintf("Meaningful: %.1f or less", p.Verdict.Threshold))
	}
	if len(days) > 0 {
		pts := make([]string, len(days))
		for i, d := range days {
			pts[i] = fmt.Sprintf("%.1f,%.1f", x(d.Date), painY(d.Average))
		}
		b.f(`<polyline points="%s" fill="none" stroke="%s" stroke-width="2.5"/>`, strings.Join(pts, " "), painColour)
		for _, d := range days {
			b.f(`<circle cx="%.1f" cy="%.1f" r="3" fill="%s"/>`, x(d.Date), painY(d.Average), painColour)
		}
	}
	b.text(left, chartH-22, "start", textColour, from.Format("Jan 2"))
	b.text(right, chartH-22, "end", textColour, till.Format("Jan 2"))
	b.text(left, chartH-4, "start", textColour, "Daily average pain, 0–10")
	b.f(`</svg>`)
	return template.HTML(b.String()) // #nosec: every text is escaped above
}

func painDesc(p Progress, days []DayPoint) string {
	if len(days) == 0 {
		return "No diary entries yet."
	}
	s := fmt.Sprintf("%d days of diary from %s to %s, and %d sessions.", len(days), days[0].Date.Format("January 2"),
		days[len(days)-1].Date.Format("January 2"), len(p.Sessions))
	if p.Ref.BaselineSource != NoSource {
		s += fmt.Sprintf(" Baseline %.1f; clinically meaningful at %.1f or less.", p.Ref.Baseline, p.Verdict.Threshold)
	}
	if p.Ref.HasNow {
		s += fmt.Sprintf(" Last 7 days: %.1f.", p.Ref.Now)
	}
	return s
}

// Paired are the sessions with pain recorded both before and after.
func Paired(p Progress) []store.Session {
	var out []store.Session
	for _, s := range p.Sessions {
		if s.Before >= 0 && s.After >= 0 {
			out = append(out, s)
		}
	}
	return out
}

// PrePostChart draws each session's pain before and after (the last 10).
func PrePostChart(p Progress) template.HTML {
	pairs := Paired(p)
	if len(pairs) > 10 {
		pairs = pairs[len(pairs)-10:]
	}
	var b svg
	desc := "No session has pain recorded both before and after yet."
	if len(pairs) > 0 {
		var drop float64
		for _, s := range pairs {
			drop += float64(s.Before - s.After)
		}
		desc = fmt.Sprintf("%d sessions; pain fell by %.1f points on average from before to after.", len(pairs), drop/float64(len(pairs)))
	}
	b.open("prepost", "Pain before and after each session", desc)
	step := float64(right-left) / float64(max(len(pairs), 1))
	for i, s := range pairs {
		cx := left + step*(float64(i)+0.5)
		mark, _ := Mark(s.Technique)
		b.f(`<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="%s" stroke-width="2"/>`, cx, cx, painY(float64(s.Before)),
			painY(float64(s.After)), sessionColour)
		b.f(`<circle cx="%.1f" cy="%.1f" r="5" fill="%s"/>`, cx, painY(float64(s.Before)), beforeColour)
		b.f(`<rect x="%.1f" y="%.1f" width="9" height="9" fill="%s"/>`, cx-4.5, painY(float64(s.After))-4.5, painColour)
		b.text(cx, chartH-22, "middle", textColour, mark)
	}
	b.f(`<circle cx="%d" cy="%d" r="5" fill="%s"/>`, left+6, chartH-9, beforeColour)
	b.text(left+16, chartH-4, "start", textColour, "before")
	b.f(`<rect x="%d" y="%d" width="9" height="9" fill="%s"/>`, left+82, chartH-13, painColour)
	b.text(left+96, chartH-4, "start", textColour, "after each session")
	b.f(`</svg>`)
	return template.HTML(b.String()) // #nosec: every text is escaped above
}
