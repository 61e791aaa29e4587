package screening

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/triage"
)

// row is a stored screening: every answer "no" but those in set.
func row(t *testing.T, set map[string]string, dob string, at time.Time) store.Screening {
	t.Helper()
	answers, conditions := Answered(set)
	a, _ := json.Marshal(answers)
	c, _ := json.Marshal(conditions)
	return store.Screening{Answers: string(a), Conditions: string(c), DateOfBirth: dob, TakenAt: at}
}

// TestEvaluatedIsEvaluate: the remembered evaluation is triage.Evaluate's,
// first time and every time after, for answers, birth dates and days that
// each change the answer.
func TestEvaluatedIsEvaluate(t *testing.T) {
	at := time.Date(2026, 12, 1, 15, 0, 0, 0, time.UTC)
	c := newResultCache(2)
	for _, tt := range []struct {
		name string
		row  store.Screening
	}{
		{"clean", row(t, nil, "1980-04-23", at)},
		{"saddle numbness", row(t, map[string]string{"RF-01": triage.Yes}, "1980-04-23", at)},
		{"blood thinners", row(t, map[string]string{"CI-07": triage.Yes}, "1980-04-23", at)},
		{"17 on the day", row(t, nil, "2008-12-02", at)},
		{"18 the day after", row(t, nil, "2008-12-02", at.Add(24*time.Hour))},
		{"clean again", row(t, nil, "1980-04-23", at)},
	} {
		var answers, conditions map[string]string
		_ = json.Unmarshal([]byte(tt.row.Answers), &answers)
		_ = json.Unmarshal([]byte(tt.row.Conditions), &conditions)
		want, err := triage.Evaluate(answers, conditions, tt.row.DateOfBirth, Today(tt.row.TakenAt))
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		for i := range 3 {
			got, err := c.evaluate(tt.row)
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Fatalf("%s, call %d: %+v %v, want %+v", tt.name, i, got, err, want)
			}
		}
		if len(c.cur) > 2 || len(c.old) > 2 {
			t.Fatalf("%s: %d + %d entries, want at most 2 + 2", tt.name, len(c.cur), len(c.old))
		}
	}
}

// TestEvaluatedShared: a reader appending to a remembered result's lists
// does not change what the next reader gets.
func TestEvaluatedShared(t *testing.T) {
	c := newResultCache(8)
	r := row(t, map[string]string{"RF-11": triage.Yes, "RF-13": triage.Yes, "CI-07": triage.Yes}, "1980-04-23", time.Now())
	first, err := c.evaluate(r)
	if err != nil || len(first.Flags) == 0 {
		t.Fatalf("%+v %v", first, err)
	}
	grown := append(first.Flags, "RF-99")
	again, _ := c.evaluate(r)
	_ = append(again.Flags, "RF-98") // would land where grown's last flag is, were the array shared with room
	if grown[len(grown)-1] != "RF-99" {
		t.Fatalf("one reader's append wrote into another's: %v", grown)
	}
}
