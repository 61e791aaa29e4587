// Package calendar writes iCalendar files (RFC 5545): one appointment, a
// recurring series, or a person's feed. It is pure: it takes plain values
// and returns bytes, and knows nothing of the database or of HTTP.
//
// Single events are written in UTC, which every calendar program reads the
// same way. A series is written in its location's zone (DTSTART;TZID=…), so
// that programs keep the local wall-clock time across daylight saving as
// knead does; no VTIMEZONE is written (golang-ical's is empty, issue #113),
// and the programs we target know IANA zone names.
package calendar

import (
	"strconv"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
)

// ContentType is the media type of the files this package writes.
const ContentType = "text/calendar; charset=utf-8"

const prodID = "-//knead//knead//EN"

// Event is one session as a calendar shows it.
type Event struct {
	UID        string // stable across changes, so programs update rather than duplicate
	Start, End time.Time
	Summary    string
	Location   string
	Cancelled  bool
	Sequence   int       // grows with every change (RFC 5545 §3.8.7.4)
	Changed    time.Time // when it last changed: DTSTAMP and LAST-MODIFIED
}

// Feed describes a subscribed calendar: its name, and how often programs
// should fetch it again.
type Feed struct {
	Name    string
	Refresh time.Duration
}

// Write returns a calendar of single events in UTC. A non-zero feed names
// the calendar and asks programs to refresh it.
func Write(feed Feed, events []Event) []byte {
	cal := newCalendar()
	if feed.Name != "" {
		cal.SetName(clean(feed.Name))
		cal.SetXWRCalName(clean(feed.Name))
	}
	if feed.Refresh > 0 {
		d := duration(feed.Refresh)
		cal.SetRefreshInterval(d)
		cal.SetXPublishedTTL(d)
	}
	for _, e := range events {
		cal.AddVEvent(single(e))
	}
	return serialize(cal)
}

func newCalendar() *ics.Calendar {
	cal := ics.NewCalendarFor("knead")
	cal.SetProductId(prodID)
	cal.SetCalscale("GREGORIAN")
	return cal
}

// single is an event with UTC times.
func single(e Event) *ics.VEvent {
	ev := ics.NewEvent(e.UID)
	ev.SetDtStampTime(e.Changed)
	ev.SetStartAt(e.Start)
	ev.SetEndAt(e.End)
	describe(ev, e)
	return ev
}

// describe sets what single events and series have in common. A cancelled
// session stays in the file, marked so, and stops showing as busy.
func describe(ev *ics.VEvent, e Event) {
	ev.SetModifiedAt(e.Changed)
	ev.SetSequence(e.Sequence)
	ev.SetSummary(clean(e.Summary))
	if e.Location != "" {
		ev.SetLocation(clean(e.Location))
	}
	if e.Cancelled {
		ev.SetStatus(ics.ObjectStatusCancelled)
		ev.SetProperty(ics.ComponentPropertyTransp, "TRANSPARENT")
		return
	}
	ev.SetStatus(ics.ObjectStatusConfirmed)
	ev.SetProperty(ics.ComponentPropertyTransp, "OPAQUE")
}

// clean makes text safe for a content line: golang-ical escapes newlines,
// commas and semicolons but not carriage returns, which would end the line.
func clean(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

// duration writes a whole number of minutes as an RFC 5545 duration.
func duration(d time.Duration) string {
	return "PT" + strconv.Itoa(int(d/time.Minute)) + "M"
}

// serialize writes the calendar with CRLF line ends, as RFC 5545 requires
// (golang-ical's default is a bare LF).
func serialize(cal *ics.Calendar) []byte {
	return []byte(cal.Serialize(ics.WithNewLine("\r\n")))
}
