package intake

import (
	"testing"
	"time"

	"github.com/knead/knead/internal/apperr"
)

func TestNext(t *testing.T) {
	steps := []string{StepWhere, StepPain, StepCare, StepPreferences, StepGoals, StepScreening, StepConsent}
	now := time.Now()
	cases := []struct {
		name string
		in   Intake
		want string
	}{
		{"nothing yet", Intake{}, StepWhere},
		{"a step skipped is asked first", Intake{Done: []string{StepWhere, StepCare}}, StepPain},
		{"all saved: consent", Intake{Done: []string{StepWhere, StepPain, StepCare, StepPreferences, StepGoals, StepScreening}}, StepConsent},
		{"submitted: nothing", Intake{Done: steps[:6], SubmittedAt: &now}, ""},
	}
	for _, c := range cases {
		if got := c.in.Next(steps); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestStepChecks(t *testing.T) {
	ten, eleven, zero := 10, 11, 0
	cases := []struct {
		name  string
		check func(apperr.Fields)
		bad   []string
	}{
		{"regions", Where{Regions: []string{"low_back_left"}}.check, nil},
		{"no region", Where{}.check, []string{"regions"}},
		{"pain at the ends of the scale", Pain{Since: "acute", Now: &zero, Average: &ten, Worst: &ten}.check, nil},
		{"pain 11 and missing scores", Pain{Since: "acute", Now: &eleven}.check, []string{"now", "average", "worst"}},
		{"care", Care{Other: []string{"doctor", "acupuncture"}, EarlierMassage: "never"}.check, nil},
		{"unknown care", Care{Other: []string{"reiki"}}.check, []string{"other", "earlier_massage"}},
		{"no preference", Preferences{}.check, nil},
		{"bad preferences", Preferences{Technique: "shiatsu", Language: "eng"}.check, []string{"technique", "language"}},
		{"no goals", Goals{}.check, []string{"goals"}},
	}
	for _, c := range cases {
		f := apperr.Fields{}
		c.check(f)
		if len(f) != len(c.bad) {
			t.Errorf("%s: %v, want %v", c.name, f, c.bad)
		}
		for _, name := range c.bad {
			if f[name] == "" {
				t.Errorf("%s: %s not named: %v", c.name, name, f)
			}
		}
	}
}
