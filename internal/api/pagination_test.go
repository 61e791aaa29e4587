package api

import (
	"encoding/base64"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/knead/knead/internal/apperr"
)

func b64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

func TestParsePage(t *testing.T) {
	start := time.Date(2026, 12, 1, 17, 0, 0, 123456000, time.FixedZone("EST", -5*3600))
	good := *NextCursor(start, int64(9007199254740993), "Ana")
	tests := []struct {
		name      string
		query     url.Values
		limit     int
		first     bool
		badFields []string // fields of the 422, none when valid
	}{
		{"defaults", nil, DefaultLimit, true, nil},
		{"empty values mean defaults", url.Values{"limit": {""}, "cursor": {""}}, DefaultLimit, true, nil},
		{"limit 1", url.Values{"limit": {"1"}}, 1, true, nil},
		{"limit max", url.Values{"limit": {"100"}}, MaxLimit, true, nil},
		{"limit with leading zeros", url.Values{"limit": {"007"}}, 7, true, nil},
		{"limit 0", url.Values{"limit": {"0"}}, 0, false, []string{"limit"}},
		{"limit negative", url.Values{"limit": {"-5"}}, 0, false, []string{"limit"}},
		{"limit over max", url.Values{"limit": {"101"}}, 0, false, []string{"limit"}},
		{"limit not a number", url.Values{"limit": {"ten"}}, 0, false, []string{"limit"}},
		{"limit fraction", url.Values{"limit": {"2.5"}}, 0, false, []string{"limit"}},
		{"limit overflow", url.Values{"limit": {"99999999999999999999999"}}, 0, false, []string{"limit"}},
		{"limit with space", url.Values{"limit": {" 5"}}, 0, false, []string{"limit"}},
		{"cursor", url.Values{"cursor": {good}, "limit": {"5"}}, 5, false, nil},
		{"cursor not base64url", url.Values{"cursor": {"%%%"}}, 0, false, []string{"cursor"}},
		{"cursor padded base64", url.Values{"cursor": {base64.URLEncoding.EncodeToString([]byte(`{"k":[12]}`))}}, 0, false, []string{"cursor"}},
		{"cursor not JSON", url.Values{"cursor": {b64("k=1")}}, 0, false, []string{"cursor"}},
		{"cursor JSON array", url.Values{"cursor": {b64(`[1,2]`)}}, 0, false, []string{"cursor"}},
		{"cursor no keys", url.Values{"cursor": {b64(`{"k":[]}`)}}, 0, false, []string{"cursor"}},
		{"cursor missing k", url.Values{"cursor": {b64(`{}`)}}, 0, false, []string{"cursor"}},
		{"cursor unknown member", url.Values{"cursor": {b64(`{"k":[1],"admin":true}`)}}, 0, false, []string{"cursor"}},
		{"cursor null key", url.Values{"cursor": {b64(`{"k":[null]}`)}}, 0, false, []string{"cursor"}},
		{"cursor object key", url.Values{"cursor": {b64(`{"k":[{"a":1}]}`)}}, 0, false, []string{"cursor"}},
		{"cursor trailing data", url.Values{"cursor": {b64(`{"k":[1]} {}`)}}, 0, false, []string{"cursor"}},
		{"cursor truncated", url.Values{"cursor": {good[:len(good)-3]}}, 0, false, []string{"cursor"}},
		{"cursor too long", url.Values{"cursor": {strings.Repeat("A", 2000)}}, 0, false, []string{"cursor"}},
		{"both bad", url.Values{"limit": {"x"}, "cursor": {"!"}}, 0, false, []string{"cursor", "limit"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/api/v1/things?"+tt.query.Encode(), nil)
			p, err := ParsePage(r)
			if len(tt.badFields) > 0 {
				e := apperr.From(err)
				if err == nil || e.Status != 422 || e.Problem != "invalid" || len(e.Fields) != len(tt.badFields) {
					t.Fatalf("ParsePage = %+v, %v; want 422 invalid on %v", p, err, tt.badFields)
				}
				for _, f := range tt.badFields {
					if e.Fields[f] == "" {
						t.Errorf("no message for %q in %v", f, e.Fields)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("ParsePage: %v", err)
			}
			if p.Limit != tt.limit || p.First() != tt.first || p.Fetch() != tt.limit+1 {
				t.Errorf("page %+v (first %v, fetch %d), want limit %d first %v", p, p.First(), p.Fetch(), tt.limit, tt.first)
			}
		})
	}
}

func TestCursorRoundTrip(t *testing.T) {
	start := time.Date(2026, 3, 29, 3, 0, 0, 500, time.FixedZone("CEST", 2*3600))
	id := int64(9007199254740993) // above 2^53: must not pass through float64
	c := NextCursor(start, id, "Ünïcode & \"quotes\"", true)
	if strings.ContainsAny(*c, "+/=") {
		t.Fatalf("cursor %q is not unpadded base64url", *c)
	}
	p, err := ParsePage(httptest.NewRequest("GET", "/x?cursor="+*c, nil))
	if err != nil {
		t.Fatal(err)
	}
	var (
		gotStart time.Time
		gotID    int64
		gotName  string
		gotFlag  bool
	)
	if err := p.After(&gotStart, &gotID, &gotName, &gotFlag); err != nil {
		t.Fatal(err)
	}
	if !gotStart.Equal(start) || gotID != id || gotName != "Ünïcode & \"quotes\"" || !gotFlag {
		t.Errorf("round trip gave %v %d %q %v", gotStart, gotID, gotName, gotFlag)
	}
}

func TestAfterRefusesCursorsOfAnotherShape(t *testing.T) {
	var (
		s  string
		n  int64
		tm time.Time
	)
	tests := []struct {
		name   string
		cursor *string
		dst    []any
	}{
		{"fewer keys", NextCursor(int64(1)), []any{&s, &n}},
		{"more keys", NextCursor("a", int64(1)), []any{&n}},
		{"string for int", NextCursor("a"), []any{&n}},
		{"int for string", NextCursor(int64(1)), []any{&s}},
		{"fraction for int", NextCursor(1.5), []any{&n}},
		{"number for time", NextCursor(int64(1)), []any{&tm}},
		{"text for time", NextCursor("yesterday"), []any{&tm}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParsePage(httptest.NewRequest("GET", "/x?cursor="+*tt.cursor, nil))
			if err != nil {
				t.Fatal(err)
			}
			e := apperr.From(p.After(tt.dst...))
			if e.Status != 422 || e.Fields["cursor"] == "" {
				t.Errorf("After = %v, want 422 on cursor", e)
			}
		})
	}
}

func TestPageOf(t *testing.T) {
	rows := func(n int) []int {
		r := make([]int, n)
		for i := range r {
			r[i] = i + 1
		}
		return r
	}
	key := func(i int) []any { return []any{"row", int64(i)} }
	tests := []struct {
		limit, fetched, want int
		next                 bool
	}{
		{3, 0, 0, false},
		{3, 2, 2, false},
		{3, 3, 3, false},
		{3, 4, 3, true},
	}
	for _, tt := range tests {
		t.Run(strconv.Itoa(tt.limit)+"/"+strconv.Itoa(tt.fetched), func(t *testing.T) {
			got, next := PageOf(Page{Limit: tt.limit}, rows(tt.fetched), key)
			if len(got) != tt.want || (next != nil) != tt.next {
				t.Fatalf("PageOf kept %d rows, next %v; want %d, next %v", len(got), next, tt.want, tt.next)
			}
			if next == nil {
				return
			}
			p, err := ParsePage(httptest.NewRequest("GET", "/x?cursor="+*next, nil))
			if err != nil {
				t.Fatal(err)
			}
			var kind string
			var last int64
			if err := p.After(&kind, &last); err != nil || kind != "row" || last != int64(tt.want) {
				t.Errorf("next cursor holds %q %d (%v), want the last row kept, %d", kind, last, err, tt.want)
			}
		})
	}
}
