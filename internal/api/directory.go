package api

import (
	"net/http"
	"time"

	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/directory"
)

// therapistHit is one search result (API.md "Directory and slots").
type therapistHit struct {
	ID         string      `json:"id"`
	Name       string      `json:"name"`
	DistanceKm *float64    `json:"distance_km"`
	Techniques []string    `json:"techniques"`
	Languages  []string    `json:"languages"`
	Licence    *licenceHit `json:"licence"`
	Rating     ratingHit   `json:"rating"`
	Price      money       `json:"price"`
	NextSlots  []slotHit   `json:"next_slots"`
}

type licenceHit struct {
	Verified     bool   `json:"verified"`
	Jurisdiction string `json:"jurisdiction"`
	ExpiresOn    string `json:"expires_on"`
}

type ratingHit struct {
	Average *float64 `json:"average"`
	Count   int      `json:"count"`
}

type slotHit struct {
	Start      string `json:"start"`
	End        string `json:"end"`
	ServiceID  string `json:"service_id"`
	LocationID string `json:"location_id"`
}

func (s *Server) searchTherapists(w http.ResponseWriter, r *http.Request) {
	page, err := ParsePage(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q, err := directory.Parse(r.URL.Query())
	if err == nil && !page.First() {
		q.After = &directory.Key{}
		err = page.After(&q.After.Sort, &q.After.Num, &q.After.Str, &q.After.ID)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q.Limit = page.Limit
	if q.Exclude, err = s.excluded(r); err != nil {
		s.fail(w, r, err)
		return
	}
	found, err := s.Directory.Search(r.Context(), q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]therapistHit, len(found.Results))
	for i, res := range found.Results {
		out[i] = hitOut(res)
	}
	var next *string
	if k := found.Next; k != nil {
		next = NextCursor(k.Sort, k.Num, k.Str, k.ID)
	}
	writeJSON(w, http.StatusOK, map[string]any{"therapists": out, "next_cursor": next})
}

func hitOut(res directory.Result) therapistHit {
	h := therapistHit{ID: itoa(res.ID), Name: res.Name, DistanceKm: res.DistanceKm, Techniques: nonNil(res.Techniques),
		Languages: nonNil(res.Languages), Rating: ratingHit{res.Rating.Average, res.Rating.Count},
		Price: money{res.Price.Amount, res.Price.Currency}, NextSlots: make([]slotHit, len(res.NextSlots))}
	if l := res.Licence; l != nil {
		h.Licence = &licenceHit{l.Verified, l.Jurisdiction, l.ExpiresOn.Format(time.DateOnly)}
	}
	for i, sl := range res.NextSlots {
		h.NextSlots[i] = slotHit{sl.Start.Format(time.RFC3339), sl.End.Format(time.RFC3339), itoa(sl.ServiceID), itoa(sl.LocationID)}
	}
	return h
}

// excluded is what a signed-in client's screening excludes: search does not
// offer those services to them. Anyone else searches the whole directory
// (API.md: the public directory API stays public).
func (s *Server) excluded(r *http.Request) ([]string, error) {
	p := authz.From(r.Context())
	if p == nil || p.Role != authz.RoleClient {
		return nil, nil
	}
	st, err := s.Screening.Standing(r.Context(), p.UserID)
	return st.Excluded, err
}
