#!/usr/bin/python3
"""Reads an iCalendar file on stdin with the `icalendar` package and prints
every event's occurrences as UTC instants, as JSON:

  {"events": [{"uid": ..., "status": ..., "starts": [...], "ends": [...]}]}

A repeating event is expanded with python-dateutil's rrule on the local wall
clock of its TZID zone, less its EXDATEs (compared on that wall clock), and
each wall-clock time is then read in the zone with zoneinfo (fold=0: a
repeated time is the first of the two, a skipped one takes the offset from
before the change, as RFC 5545 section 3.3.5 says). This is an independent
reading of what knead writes: none of knead's code is involved.
"""
import json
import sys
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import icalendar
from dateutil.rrule import rrulestr


def wall(prop):
    """The naive wall-clock time of a DATE-TIME property and its zone name,
    or (aware UTC time, None) for a UTC one."""
    dt = prop.dt
    tzid = prop.params.get("TZID")
    if tzid:
        return dt.replace(tzinfo=None), tzid
    return dt.astimezone(timezone.utc), None


def utc(naive, tzid):
    return naive.replace(tzinfo=ZoneInfo(tzid), fold=0).astimezone(timezone.utc)


def stamp(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def exdates(event):
    found = event.get("EXDATE")
    if found is None:
        return []
    if not isinstance(found, list):
        found = [found]
    out = []
    for group in found:
        tzid = group.params.get("TZID")
        for d in group.dts:
            out.append((d.dt.replace(tzinfo=None), tzid))
    return out


def expand(event):
    start, tzid = wall(event["DTSTART"])
    end, end_tzid = wall(event["DTEND"])
    if "RRULE" not in event:
        if tzid:
            start, end = utc(start, tzid), utc(end, end_tzid)
        return [(start, end)]
    if not tzid or end_tzid != tzid:
        raise SystemExit("a repeating event must have DTSTART and DTEND in one TZID zone")
    length = end - start
    rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=start)
    excluded = set()
    for d, z in exdates(event):
        if z != tzid:
            raise SystemExit("EXDATE in %r on a series in %r" % (z, tzid))
        excluded.add(d)
    return [(utc(w, tzid), utc(w + length, tzid)) for w in rule if w not in excluded]


def main():
    cal = icalendar.Calendar.from_ical(sys.stdin.read())
    events = []
    for ev in cal.walk("VEVENT"):
        occ = expand(ev)
        events.append({
            "uid": str(ev["UID"]),
            "status": str(ev.get("STATUS", "")),
            "summary": str(ev.get("SUMMARY", "")),
            "location": str(ev.get("LOCATION", "")),
            "starts": [stamp(s) for s, _ in occ],
            "ends": [stamp(e) for _, e in occ],
        })
    json.dump({"events": events}, sys.stdout)


if __name__ == "__main__":
    main()
