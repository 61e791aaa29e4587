package api

import (
	"net/http"
	"time"

	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/outcome"
	"github.com/knead/knead/internal/store"
)

type diaryJSON struct {
	ID         ID     `json:"id"`
	Date       string `json:"date"`
	TimeZone   string `json:"time_zone"`
	RecordedAt string `json:"recorded_at"`
	Now        int    `json:"now"`
	Average    int    `json:"average"`
	Worst      int    `json:"worst"`
	Note       string `json:"note"`
}

func diaryOut(e store.PainEntry) diaryJSON {
	return diaryJSON{ID: ID(e.ID), Date: e.LocalDate, TimeZone: e.TimeZone, RecordedAt: e.RecordedAt.UTC().Format(time.RFC3339),
		Now: e.NowScore, Average: e.AverageScore, Worst: e.WorstScore, Note: e.Note}
}

func (s *Server) addDiaryEntry(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Now     *int   `json:"now"`
		Average *int   `json:"average"`
		Worst   *int   `json:"worst"`
		Note    string `json:"note"`
		Date    string `json:"date"`
	}
	if err := decode(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	e, err := s.Outcome.AddEntry(r.Context(), Access(r), outcome.DiaryInput{Now: in.Now, Average: in.Average, Worst: in.Worst,
		Note: in.Note, Date: in.Date})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, diaryOut(e))
}

func (s *Server) myDiary(w http.ResponseWriter, r *http.Request) {
	s.diary(w, r, authz.From(r.Context()).UserID, nil)
}

func (s *Server) clientDiary(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r.PathValue("id"))
	s.diary(w, r, id, err)
}

// diary answers a page of a client's diary, newest first.
func (s *Server) diary(w http.ResponseWriter, r *http.Request, clientID int64, err error) {
	var page Page
	if err == nil {
		page, err = ParsePage(r)
	}
	var date string
	var after int64
	if err == nil && !page.First() {
		err = page.After(&date, &after)
	}
	var rows []store.PainEntry
	if err == nil {
		rows, err = s.Outcome.Diary(r.Context(), Access(r), clientID, date, after, page.Fetch())
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows, next := PageOf(page, rows, func(e store.PainEntry) []any { return []any{e.LocalDate, e.ID} })
	out := make([]diaryJSON, len(rows))
	for i, e := range rows {
		out[i] = diaryOut(e)
	}
	writeJSON(w, http.StatusOK, map[string]any{"entries": out, "next_cursor": next})
}

type measureJSON struct {
	ID         ID     `json:"id"`
	Instrument string `json:"instrument"`
	Point      string `json:"point"`
	Score      int    `json:"score"`
	AnsweredAt string `json:"answered_at"`
}

func measureOut(m store.MeasureAnswer) measureJSON {
	return measureJSON{ID: ID(m.ID), Instrument: m.Instrument, Point: m.Point, Score: m.Score,
		AnsweredAt: m.AnsweredAt.UTC().Format(time.RFC3339)}
}

type dueJSON struct {
	Instrument string   `json:"instrument"`
	Point      string   `json:"point"`
	Label      string   `json:"label"`
	Question   string   `json:"question"`
	Options    []string `json:"options"`
	DueOn      string   `json:"due_on"`
	Overdue    bool     `json:"overdue"`
}

// myMeasures answers the measures the client answered and the one due.
func (s *Server) myMeasures(w http.ResponseWriter, r *http.Request) {
	p, err := s.Outcome.Progress(r.Context(), Access(r), authz.From(r.Context()).UserID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	answers := make([]measureJSON, len(p.Answers))
	for i, m := range p.Answers {
		answers[i] = measureOut(m)
	}
	instruments, due := s.instrumentsOut(p)
	writeJSON(w, http.StatusOK, map[string]any{"answers": answers, "due": progressOut(p).Due,
		"instrument_answers": instruments, "instruments_due": due})
}

// answerMeasure answers the PGIC (a score) or an installed disability
// instrument (its answers, item by item).
func (s *Server) answerMeasure(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Instrument string         `json:"instrument"`
		Point      string         `json:"point"`
		Score      *int           `json:"score"`
		Answers    map[string]int `json:"answers"`
	}
	err := decode(r, &in)
	switch {
	case err != nil:
	case in.Instrument == "pgic":
		var m store.MeasureAnswer
		if m, err = s.Outcome.AnswerPGIC(r.Context(), Access(r), in.Point, in.Score); err == nil {
			writeJSON(w, http.StatusCreated, measureOut(m))
			return
		}
	default:
		var m store.InstrumentAnswer
		if m, err = s.Outcome.AnswerInstrument(r.Context(), Access(r), in.Instrument, in.Point, in.Answers); err == nil {
			writeJSON(w, http.StatusCreated, s.instrumentAnswerOut(m))
			return
		}
	}
	s.fail(w, r, err)
}

func (s *Server) setSessionPain(w http.ResponseWriter, r *http.Request) {
	var in struct {
		When  string `json:"when"`
		Score *int   `json:"score"`
	}
	id, err := pathID(r.PathValue("id"))
	if err == nil {
		err = decode(r, &in)
	}
	if err == nil {
		err = s.Outcome.SetSessionPain(r.Context(), Access(r), id, in.When, in.Score)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"appointment_id": ID(id), "when": in.When, "score": *in.Score})
}
