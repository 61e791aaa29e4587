package web

import (
	"encoding/csv"
	"net/http"
	"strconv"

	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/outcome"
)

type reportView struct {
	Base
	Everyone bool
	Rows     []reportRow
	Summary  outcome.Summary // the therapist's own, for the public-profile choice
	Min      int
}

// reportRow is a technique's figures as text: "—" where there are none,
// and every figure hidden when the group is too small to show.
type reportRow struct {
	Technique, Clients, Median4, Median8, Responders string
	Suppressed                                       bool
}

func newReportRows(rep outcome.Report) []reportRow {
	var out []reportRow
	for _, r := range rep.Rows {
		_, name := outcome.Mark(r.Technique)
		row := reportRow{Technique: name, Clients: strconv.Itoa(r.Clients), Suppressed: r.Suppressed}
		if r.Suppressed {
			row.Clients = "fewer than " + strconv.Itoa(outcome.MinCell)
			row.Median4, row.Median8, row.Responders = "—", "—", "—"
			out = append(out, row)
			continue
		}
		medians := [2]string{"—", "—"}
		for i := range medians {
			if r.MedianN[i] > 0 {
				medians[i] = one(r.Median[i]) + " (n = " + strconv.Itoa(r.MedianN[i]) + ")"
			}
		}
		row.Median4, row.Median8, row.Responders = medians[0], medians[1], "—"
		if r.Eligible > 0 {
			row.Responders = strconv.Itoa(100*r.Responders/r.Eligible) + " % (" + strconv.Itoa(r.Responders) + " of " +
				strconv.Itoa(r.Eligible) + ")"
		}
		out = append(out, row)
	}
	return out
}

// report reads the caller's report: a site admin's covers the deployment.
func (s *Server) report(r *http.Request) (outcome.Report, error) {
	p := authz.From(r.Context())
	var scope int64
	if p.Role != authz.RoleAdmin {
		scope = p.UserID
	}
	return s.Outcome.Report(r.Context(), scope)
}

func (s *Server) showReport(w http.ResponseWriter, r *http.Request) {
	rep, err := s.report(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := reportView{Base: s.base(r, "Outcomes by technique"), Everyone: rep.TherapistID == 0, Rows: newReportRows(rep),
		Min: outcome.PublicMin}
	if !v.Everyone {
		if v.Summary, err = s.Outcome.PublicSummary(r.Context(), rep.TherapistID, true); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "report_outcomes", v)
}

// setPublicSummary turns the therapist's public outcome summary on or off.
func (s *Server) setPublicSummary(w http.ResponseWriter, r *http.Request) {
	f, err := readForm(r)
	if err == nil {
		err = s.Outcome.SetPublicSummary(r.Context(), authz.From(r.Context()).UserID, f.Get("show") == "yes")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.Sessions.Put(r.Context(), keyFlash, "Your choice about the public outcome summary is saved.")
	http.Redirect(w, r, "/reports/outcomes", http.StatusSeeOther)
}

func (s *Server) downloadReport(w http.ResponseWriter, r *http.Request) {
	rep, err := s.report(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="knead-outcomes.csv"`)
	c := csv.NewWriter(w)
	_ = c.Write([]string{"technique", "clients", "median_change_after_4", "n_after_4", "median_change_after_8", "n_after_8",
		"clients_with_4_or_more_sessions", "responders", "note"})
	for _, row := range rep.Rows {
		rec := []string{row.Technique, strconv.Itoa(row.Clients), "", "", "", "", strconv.Itoa(row.Eligible), strconv.Itoa(row.Responders),
			"observational: not a comparison of techniques"}
		for i := range 2 {
			if row.MedianN[i] > 0 {
				rec[2+2*i], rec[3+2*i] = one(row.Median[i]), strconv.Itoa(row.MedianN[i])
			}
		}
		if row.Suppressed {
			rec = []string{row.Technique, "", "", "", "", "", "", "", "fewer than " + strconv.Itoa(outcome.MinCell) + " clients: not shown"}
		}
		_ = c.Write(rec)
	}
	c.Flush()
}
