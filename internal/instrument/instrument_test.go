package instrument

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/knead/knead/internal/apperr"
)

func loadTestdata(t *testing.T) Set {
	t.Helper()
	s, err := Load("testdata/instruments")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestLoadInstalled(t *testing.T) {
	s := loadTestdata(t)
	var ids []string
	for _, d := range s.All() {
		ids = append(ids, d.ID)
	}
	if got := strings.Join(ids, " "); got != "nprs-back-now nprs-back-7d pgic synthetic-disability synthetic-prognosis" {
		t.Errorf("instruments %q", got)
	}
	if d := s.OfKind(Disability); len(d) != 1 || d[0].ID != "synthetic-disability" || len(d[0].Items) != 24 {
		t.Errorf("disability instruments %+v", d)
	}
	if none, err := Load(""); err != nil || len(none.OfKind(Disability)) != 0 || len(none.All()) != 3 {
		t.Errorf("no directory: %v, %d instruments", err, len(none.All()))
	}
}

func TestScore(t *testing.T) {
	s := loadTestdata(t)
	dis, _ := s.Get("synthetic-disability")
	prog, _ := s.Get("synthetic-prognosis")
	pain, _ := s.Get(PainNow)
	ticks := func(n int) map[string]int {
		m := map[string]int{}
		for i := 1; i <= 24; i++ {
			m["s"+itoa(i)] = 0
			if i <= n {
				m["s"+itoa(i)] = 1
			}
		}
		return m
	}
	cases := []struct {
		name    string
		def     Definition
		answers map[string]int
		score   float64
		band    string
		bad     []string // fields named in the 422
	}{
		{"sum of ticks", dis, ticks(7), 7, "some limitation", nil},
		{"none ticked", dis, ticks(0), 0, "little limitation", nil},
		{"a missing item is named, never scored as 0", dis, without(ticks(3), "s4", "s20"), 0, "", []string{"s4", "s20"}},
		{"an answer not offered", dis, with(ticks(3), "s1", 2), 0, "", []string{"s1"}},
		{"an unknown item", dis, with(ticks(3), "s99", 1), 0, "", []string{"s99"}},
		{"pain 0–10", pain, map[string]int{"pain": 6}, 6, "", nil},
		{"pain 11 is refused", pain, map[string]int{"pain": 11}, 0, "", []string{"pain"}},
		{"prognosis with a subscale", prog, map[string]int{"q1": 1, "q2": 0, "q3": 0, "q4": 1, "q5": 1, "q6": 1, "q7": 0, "q8": 1, "q9": 1}, 6, "medium or high", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := c.def.Score(c.answers)
			if c.bad != nil {
				e := apperr.From(err)
				for _, f := range c.bad {
					if e.Fields[f] == "" {
						t.Errorf("the 422 does not name %s: %v", f, e.Fields)
					}
				}
				return
			}
			if err != nil || r.Score != c.score || r.Band != c.band || r.Version != c.def.Version {
				t.Errorf("score %v band %q version %q err %v; want %v %q", r.Score, r.Band, r.Version, err, c.score, c.band)
			}
		})
	}
	r, _ := prog.Score(map[string]int{"q1": 1, "q2": 0, "q3": 0, "q4": 1, "q5": 1, "q6": 1, "q7": 0, "q8": 1, "q9": 1})
	if r.Subscores["distress"] != 4 {
		t.Errorf("distress subscale %v, want 4", r.Subscores["distress"])
	}
}

func TestMeaningful(t *testing.T) {
	s := loadTestdata(t)
	dis, _ := s.Get("synthetic-disability")
	pain, _ := s.Get(PainNow)
	pgic, _ := s.Get(PGIC)
	cases := []struct {
		name              string
		def               Definition
		baseline, current float64
		want              bool
	}{
		{"disability: 5 points is enough", dis, 20, 15, true},
		{"disability: 30 % alone is enough (either)", dis, 10, 7, true},
		{"disability: 4 points and 20 % is not", dis, 20, 16, false},
		{"disability: worse is not", dis, 10, 15, false},
		{"pain: 2 points and 30 % (both)", pain, 6, 4, true},
		{"pain: 2 points but 25 % is not", pain, 8, 6, false},
		{"pain: 50 % but 1 point is not", pain, 2, 1, false},
		{"pgic: much improved against no change", pgic, 4, 2, true},
		{"pgic: minimally improved is not", pgic, 4, 3, false},
	}
	for _, c := range cases {
		if got := c.def.Meaningful(c.baseline, c.current); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestLoadRefusesBrokenFiles(t *testing.T) {
	good, err := os.ReadFile("testdata/instruments/10-synthetic-disability.json")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ name, from, to, want string }{
		{"a range that the items do not score", `"max": 24`, `"max": 30`, "the items score 0 to 24"},
		{"an unknown field", `"kind"`, `"kinds": "x", "kind"`, "unknown field"},
		{"an unknown kind", `"kind": "disability"`, `"kind": "mood"`, "kind"},
		{"a percent over 100", `"percent": 30`, `"percent": 130`, "meaningful_change"},
		{"a built-in's id", `"id": "synthetic-disability"`, `"id": "pgic"`, "already used"},
		{"a bad method", `"method": "sum"`, `"method": "median"`, "scoring method"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body := strings.Replace(string(good), c.from, c.to, 1)
			if body == string(good) {
				t.Fatalf("the replacement %q did not apply", c.from)
			}
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "x.json"), []byte(body), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := Load(dir)
			if err == nil || !strings.Contains(err.Error(), "x.json") || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err %v, want one naming x.json and %q", err, c.want)
			}
		})
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("a directory that does not exist loaded")
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

func with(m map[string]int, k string, v int) map[string]int { m[k] = v; return m }

func without(m map[string]int, keys ...string) map[string]int {
	for _, k := range keys {
		delete(m, k)
	}
	return m
}
