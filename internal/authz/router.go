package authz

import (
	"fmt"
	"net/http"
)

// Route is a registered pattern and the rule that guards it.
type Route struct {
	Pattern string
	Rule    Rule
}

// Router is a ServeMux on which every route must carry a Rule.
type Router struct {
	mux    *http.ServeMux
	routes []Route
	wrap   func(pattern string, h http.Handler) http.Handler
	fail   func(w http.ResponseWriter, r *http.Request, err error)
}

// NewRouter returns a Router. wrap decorates each handler (metrics); fail
// answers a denied request (a sign-in redirect, a 403 page, a problem).
func NewRouter(wrap func(string, http.Handler) http.Handler, fail func(http.ResponseWriter, *http.Request, error)) *Router {
	return &Router{mux: http.NewServeMux(), wrap: wrap, fail: fail}
}

// Handle registers h under pattern behind rule. A zero Rule panics at
// start-up: a route without an access rule is a bug, never a default.
func (rt *Router) Handle(pattern string, rule Rule, h http.HandlerFunc) {
	if !rule.Defined() {
		panic(fmt.Sprintf("authz: route %q registered without an access rule", pattern))
	}
	rt.routes = append(rt.routes, Route{pattern, rule})
	guarded := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := rule.Check(From(r.Context())); err != nil {
			rt.fail(w, r, err)
			return
		}
		h(w, r)
	})
	rt.mux.Handle(pattern, rt.wrap(pattern, guarded))
}

// Routes lists every registered route.
func (rt *Router) Routes() []Route { return rt.routes }

func (rt *Router) ServeHTTP(w http.ResponseWriter, r *http.Request) { rt.mux.ServeHTTP(w, r) }
