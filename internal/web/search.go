package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/knead/knead/internal/api"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/booking"
	"github.com/knead/knead/internal/directory"
)

// searchPage is how many therapists one page of the search shows.
const searchPage = 10

type searchView struct {
	Base
	Form    Form
	Choices any
	Asked   bool // a search ran (or failed); false shows the empty form
	Results []resultView
	More    string // the next page's address, "" at the end
	Gate    *gateView
}

type resultView struct {
	Name, Profile       string
	Distance            string // "2.3 km", "" without a place
	Techniques          []string
	Verified            bool
	Jurisdiction        string
	Price               string
	Slots               []slotView
	NoWindow, Available bool
}

// showSearch is the directory's search page (GET /therapists): a GET form,
// so it works without script; with htmx the results follow the filters.
func (s *Server) showSearch(w http.ResponseWriter, r *http.Request) {
	v := searchView{Base: s.base(r, "Find a therapist"), Choices: searchChoices, Form: Form{Values: r.URL.Query()}}
	gate, err := s.clientGate(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Gate = gate
	values, asked := searchQuery(r.URL.Query(), booking.DateOf(s.Now()))
	if !asked || gate != nil && gate.Emergency {
		s.render(w, r, http.StatusOK, "search", v)
		return
	}
	v.Asked = true
	q, err := directory.Parse(values)
	if gate != nil {
		q.Exclude = gate.Excluded
	}
	if err == nil {
		q.Limit, err = searchPage, searchCursor(r, &q)
	}
	var page directory.Page
	if err == nil {
		page, err = s.Directory.Search(r.Context(), q)
	}
	if err != nil && !v.Form.withError(err) {
		s.fail(w, r, err)
		return
	}
	if err != nil {
		v.Form.Errors = formErrors(v.Form.Errors)
		s.render(w, r, http.StatusUnprocessableEntity, "search", v)
		return
	}
	v.Results, v.More = resultViews(page, r.URL.Query(), values), moreLink(r.URL.Query(), page.Next)
	s.render(w, r, http.StatusOK, "search", v)
}

// searchCursor reads the page's cursor, made by moreLink with the API's
// encoding.
func searchCursor(r *http.Request, q *directory.Query) error {
	p, err := api.ParsePage(r)
	if err != nil || p.First() {
		return err
	}
	q.After = &directory.Key{}
	return p.After(&q.After.Sort, &q.After.Num, &q.After.Str, &q.After.ID)
}

func moreLink(form url.Values, next *directory.Key) string {
	if next == nil {
		return ""
	}
	v := url.Values{}
	for k, vs := range form {
		v[k] = vs
	}
	v.Set("cursor", *api.NextCursor(next.Sort, next.Num, next.Str, next.ID))
	return "/therapists?" + v.Encode()
}

func resultViews(p directory.Page, form, query url.Values) []resultView {
	out := make([]resultView, 0, len(p.Results))
	for _, res := range p.Results {
		rv := resultView{Name: res.Name, Profile: fmt.Sprintf("/therapists/%d?service=%d", res.ID, res.ServiceID),
			Techniques: res.Techniques, Price: formatMoney(res.Price.Amount, res.Price.Currency),
			NoWindow: query.Get("from") == "", Available: len(res.NextSlots) > 0}
		if d := res.DistanceKm; d != nil {
			rv.Distance = strconv.FormatFloat(*d, 'f', 1, 64) + " km"
			if form.Get("unit") == "mi" {
				rv.Distance = strconv.FormatFloat(*d/kmPerMile, 'f', 1, 64) + " miles"
			}
		}
		if l := res.Licence; l != nil {
			rv.Verified, rv.Jurisdiction = l.Verified, l.Jurisdiction
		}
		for _, sl := range res.NextSlots {
			rv.Slots = append(rv.Slots, slotView{Start: sl.Start.Format(time.RFC3339), Time: clock(sl.Start),
				Day: sl.Start.Format("Mon 2 Jan"), Href: fmt.Sprintf("/therapists/%d/book?service=%d&start=%s", res.ID,
					sl.ServiceID, url.QueryEscape(sl.Start.Format(time.RFC3339)))})
		}
		out = append(out, rv)
	}
	return out
}

// searchRoutes registers the directory's search page.
func (s *Server) searchRoutes(rt *authz.Router) {
	rt.Handle("GET /therapists", authz.Public, s.showSearch)
}
