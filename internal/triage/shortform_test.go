package triage

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/knead/knead/internal/apperr"
)

// shortNo answers every short-form question "no".
func shortNo() map[string]string {
	m := map[string]string{}
	for _, id := range ShortForm {
		m[string(id)] = No
	}
	return m
}

// shortCase is one short-form answer and what it means for the session.
type shortCase struct {
	id     ID
	answer string
	tier   Tier
}

// shortCases: every short-form ID at each answer. "Not sure" to an
// emergency question is urgent; every answer but "no" stops the session.
var shortCases = func() []shortCase {
	var out []shortCase
	for _, id := range ShortForm {
		tier := redFlagByID[id].Tier
		sure := tier
		if tier == Emergency {
			sure = Urgent
		}
		out = append(out, shortCase{id, Yes, tier}, shortCase{id, NotSure, sure}, shortCase{id, No, None})
	}
	return out
}()

func TestEvaluateShortEachAnswer(t *testing.T) {
	for _, c := range shortCases {
		t.Run(string(c.id)+" "+c.answer, func(t *testing.T) {
			answers := shortNo()
			answers[string(c.id)] = c.answer
			r, err := EvaluateShort(answers, nil)
			if err != nil {
				t.Fatal(err)
			}
			stops := c.answer != No
			if r.Tier != c.tier || r.Stops != stops || slices.Contains(r.Flags, c.id) != stops || r.RuleVersion != RuleVersion {
				t.Errorf("tier %v stops %v flags %v, want %v %v", r.Tier, r.Stops, r.Flags, c.tier, stops)
			}
			if stops != strings.HasPrefix(r.Advice, sessionStopped) || stops && !strings.Contains(r.Advice, tierAdvice[c.tier]) {
				t.Errorf("advice %q", r.Advice)
			}
			if c.tier == Emergency && !strings.Contains(r.Advice, "Call emergency services now") {
				t.Errorf("emergency advice %q", r.Advice)
			}
		})
	}
}

// The combination rules apply with the bases carried from the latest
// screening; carried answers alone never stop a session.
func TestEvaluateShortCarried(t *testing.T) {
	tests := []struct {
		name    string
		set     map[ID]string
		carried []ID
		tier    Tier
		combos  []string
	}{
		{"clean, cancer history carried", nil, []ID{RF09, RF12, RF15}, None, nil},
		{"carried IDs outside Carried are ignored", nil, []ID{RF10, RF14}, None, nil},
		{"cancer history + worsening weakness", map[ID]string{RF06: Yes}, []ID{RF09}, Emergency, []string{"RF-09+RF-06"}},
		{"cancer history + not sure both legs", map[ID]string{RF05: NotSure}, []ID{RF09}, Emergency, []string{"RF-09+RF-05"}},
		{"infection risk + fever", map[ID]string{RF11: Yes}, []ID{RF12}, Urgent, []string{"RF-12+RF-11"}},
		{"upper back + fever", map[ID]string{RF11: Yes}, []ID{RF15}, Urgent, []string{"RF-15+RF-11"}},
		{"worsening weakness, nothing carried", map[ID]string{RF06: Yes}, nil, Urgent, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			answers := shortNo()
			for id, a := range tt.set {
				answers[string(id)] = a
			}
			r, err := EvaluateShort(answers, tt.carried)
			if err != nil {
				t.Fatal(err)
			}
			if r.Tier != tt.tier || !slices.Equal(r.Combinations, tt.combos) || r.Stops != (tt.tier >= Soon) {
				t.Errorf("tier %v combos %v stops %v, want %v %v", r.Tier, r.Combinations, r.Stops, tt.tier, tt.combos)
			}
			for _, id := range r.Flags {
				if !slices.Contains(ShortForm, id) {
					t.Errorf("carried %s listed as flagged today", id)
				}
			}
		})
	}
}

// Missing answers are never read as "no": each ID is named.
func TestEvaluateShortBadInput(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(m map[string]string)
		fields []string
	}{
		{"one missing", func(m map[string]string) { delete(m, "RF-13") }, []string{"RF-13"}},
		{"not an answer", func(m map[string]string) { m["RF-01"] = "maybe" }, []string{"RF-01"}},
		{"not asked at check-in", func(m map[string]string) { m["RF-09"] = No; m["CI-01"] = No }, []string{"RF-09", "CI-01"}},
		{"nothing", func(m map[string]string) { clear(m) }, func() []string {
			var ids []string
			for _, id := range ShortForm {
				ids = append(ids, string(id))
			}
			return ids
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := shortNo()
			tt.edit(m)
			_, err := EvaluateShort(m, nil)
			var e *apperr.Error
			if !errors.As(err, &e) || e.Status != 422 || len(e.Fields) != len(tt.fields) {
				t.Fatalf("err %v", err)
			}
			for _, f := range tt.fields {
				if e.Fields[f] == "" {
					t.Errorf("%s not named: %v", f, e.Fields)
				}
			}
		})
	}
}

func TestReferralAdvice(t *testing.T) {
	tests := []struct {
		rule ID
		tier Tier
		want string
	}{
		{"", Urgent, "Contact your doctor today"},
		{RF21, Urgent, "Contact your doctor today"},
		{RF01, Emergency, "Call emergency services now"},
		{RF06, Urgent, "go to an emergency department now"},
	}
	for _, tt := range tests {
		tier, advice := ReferralAdvice(tt.rule)
		if tier != tt.tier || !strings.Contains(advice, tt.want) || !strings.Contains(advice, "Your therapist stopped") {
			t.Errorf("%q: %v %q", tt.rule, tier, advice)
		}
	}
}
