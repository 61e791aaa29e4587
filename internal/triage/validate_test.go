package triage

import (
	"errors"
	"testing"

	"github.com/knead/knead/internal/apperr"
)

func fieldsOf(t *testing.T, err error) map[string]string {
	t.Helper()
	var e *apperr.Error
	if !errors.As(err, &e) || e.Status != 422 {
		t.Fatalf("error %v, want a 422", err)
	}
	return e.Fields
}

// Missing answers are never read as "no": each is named, as are unknown IDs
// and answers other than yes, no and not_sure.
func TestValidation(t *testing.T) {
	t.Run("nothing answered names every question", func(t *testing.T) {
		_, err := Evaluate(nil, nil, adultDOB, today)
		f := fieldsOf(t, err)
		for _, id := range append(append([]ID{}, AllRF...), AllCI...) {
			_, named := f[string(id)]
			if asked := id != RF19 && id != CI19; named != asked {
				t.Errorf("%s named %v, want %v", id, named, asked)
			}
		}
		if len(f) != len(AllRF)+len(AllCI)-2 {
			t.Errorf("%d fields: %v", len(f), f)
		}
	})
	tests := []struct {
		name   string
		edit   func(a, c map[string]string)
		dob    string
		fields []string
	}{
		{"one missing", func(a, c map[string]string) { delete(a, "RF-07") }, adultDOB, []string{"RF-07"}},
		{"a missing condition", func(a, c map[string]string) { delete(c, "CI-15") }, adultDOB, []string{"CI-15"}},
		{"bad answer", func(a, c map[string]string) { a["RF-01"] = "maybe"; c["CI-02"] = "YES" }, adultDOB, []string{"RF-01", "CI-02"}},
		{"empty answer", func(a, c map[string]string) { a["RF-02"] = "" }, adultDOB, []string{"RF-02"}},
		{"unknown IDs", func(a, c map[string]string) { a["RF-22"] = "no"; c["CI-99"] = "no"; a["hello"] = "yes" }, adultDOB, []string{"RF-22", "CI-99", "hello"}},
		{"computed and anatomical IDs", func(a, c map[string]string) { a["RF-19"] = "no"; c["CI-19"] = "no" }, adultDOB, []string{"RF-19", "CI-19"}},
		{"wrong group", func(a, c map[string]string) { a["CI-03"] = "no"; c["RF-03"] = "no" }, adultDOB, []string{"CI-03", "RF-03"}},
		{"no date of birth", nil, "", []string{"date_of_birth"}},
		{"not a date", nil, "23/04/1980", []string{"date_of_birth"}},
		{"impossible date", nil, "1980-02-30", []string{"date_of_birth"}},
		{"future date", nil, "2026-12-02", []string{"date_of_birth"}},
		{"too old", nil, "1880-01-01", []string{"date_of_birth"}},
		{"all together", func(a, c map[string]string) { delete(a, "RF-13"); c["CI-40"] = "yes" }, "x", []string{"RF-13", "CI-40", "date_of_birth"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, c := allNo()
			if tt.edit != nil {
				tt.edit(a, c)
			}
			f := fieldsOf(t, func() error { _, err := Evaluate(a, c, tt.dob, today); return err }())
			if len(f) != len(tt.fields) {
				t.Errorf("fields %v, want %v", f, tt.fields)
			}
			for _, name := range tt.fields {
				if f[name] == "" {
					t.Errorf("field %s not named: %v", name, f)
				}
			}
		})
	}
}
