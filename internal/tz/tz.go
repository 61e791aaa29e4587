// Package tz loads IANA time zones once per process. time.LoadLocation
// reads and parses the zone's file on every call — about 4 % of a
// booking's CPU time when every request loaded its zones afresh.
package tz

import (
	"errors"
	"regexp"
	"sync"
	"sync/atomic"
	"time"
)

var (
	zones sync.Map // name → *time.Location; only zones that loaded
	kept  atomic.Int64
)

// maxKept bounds the cache: the IANA database has about 600 names.
const maxKept = 1024

// canonical is a zone name as the IANA database spells it. time.LoadLocation
// also takes other spellings of a file's path ("Europe//Berlin",
// "./Europe/Berlin"); refused, they cannot be stored as a zone, nor each
// fill a place in the cache.
var canonical = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$`)

// ErrName answers a zone name not spelt as the IANA database spells it.
var ErrName = errors.New("tz: not an IANA time zone name")

// Load is time.LoadLocation, remembered: the same name gives the same
// *time.Location. A name that fails to load is not remembered; "" is UTC,
// as for time.LoadLocation.
func Load(name string) (*time.Location, error) {
	if z, ok := zones.Load(name); ok {
		return z.(*time.Location), nil
	}
	if name != "" && !canonical.MatchString(name) {
		return nil, ErrName
	}
	z, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	if kept.Load() < maxKept {
		if _, loaded := zones.LoadOrStore(name, z); !loaded {
			kept.Add(1)
		}
	}
	return z, nil
}

// Or is the first of names that loads and is not empty, else UTC: for
// zones validated when they were stored, with a fallback.
func Or(names ...string) *time.Location {
	for _, n := range names {
		if n == "" {
			continue
		}
		if z, err := Load(n); err == nil {
			return z
		}
	}
	return time.UTC
}
