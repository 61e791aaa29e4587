package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/knead/knead/internal/api"
	"github.com/knead/knead/internal/instrument"
	"github.com/knead/knead/internal/outcome"
)

// instrumentDueView is an installed disability instrument due now, asked
// on the client's progress page.
type instrumentDueView struct {
	Def          instrument.Definition
	Point, Label string
	Overdue      bool
	Form         Form
	Anchor       string
}

// Item is one of the instrument's items as radios, as in the intake.
func (v instrumentDueView) Item(it instrument.Item) checkGroup { return itemGroup(v.Form, v.Def, it) }

func instrumentsDue(p outcome.Progress, f Form) []instrumentDueView {
	var out []instrumentDueView
	for _, d := range p.InstrumentsDue {
		out = append(out, instrumentDueView{Def: d.Def, Point: d.Point.ID, Label: d.Point.Label, Overdue: d.Overdue, Form: f,
			Anchor: "measure-" + d.Def.ID})
	}
	return out
}

// answerInstrument saves the client's follow-up answers to a disability
// instrument; its radios are named "INSTRUMENT.ITEM" as in the intake.
func (s *Server) answerInstrument(w http.ResponseWriter, r *http.Request) {
	f, err := readForm(r)
	if err == nil {
		id := f.Get("instrument")
		answers := map[string]int{}
		for name := range f.Values {
			if item, ok := strings.CutPrefix(name, id+"."); ok {
				if v, err := strconv.Atoi(f.Get(name)); err == nil {
					answers[item] = v
				}
			}
		}
		_, err = s.Outcome.AnswerInstrument(r.Context(), api.Access(r), id, f.Get("point"), answers)
	}
	if err != nil {
		if f.Values != nil && f.withError(err) {
			s.progressPage(w, r, http.StatusUnprocessableEntity, f)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.Sessions.Put(r.Context(), keyFlash, "Thank you: your answers are saved.")
	http.Redirect(w, r, "/progress", http.StatusSeeOther)
}
