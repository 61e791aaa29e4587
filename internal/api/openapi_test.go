package api_test

import (
	"bytes"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pb33f/jsonschema/v6"
	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
)

// The document itself is valid OpenAPI 3.1.
func TestOpenAPIDocumentIsValid(t *testing.T) {
	spec, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := libopenapi.NewDocument(spec)
	if err != nil {
		t.Fatal(err)
	}
	if v := doc.GetVersion(); v != "3.1.0" {
		t.Errorf("OpenAPI version %q, want 3.1.0", v)
	}
	v, errs := validator.NewValidator(doc)
	if len(errs) > 0 {
		t.Fatalf("building the model: %v", errs)
	}
	if ok, verrs := v.ValidateDocument(); !ok {
		for _, e := range verrs {
			t.Errorf("openapi.json: %s (%s) at line %d", e.Message, e.Reason, e.SpecLine)
			for _, se := range e.SchemaValidationErrors {
				t.Errorf("  %s at %s", se.Reason, se.KeywordLocation)
			}
		}
	}
}

// Every schema in the document compiles as JSON Schema 2020-12, the dialect
// of OpenAPI 3.1, so a wrong keyword value fails here rather than in the
// middle of some other test.
func TestOpenAPISchemasCompile(t *testing.T) {
	spec, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(spec))
	if err != nil {
		t.Fatal(err)
	}
	const base = "mem:///openapi.json"
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource(base, doc); err != nil {
		t.Fatal(err)
	}
	var pointers []string
	var walk func(v any, ptr string)
	walk = func(v any, ptr string) {
		switch v := v.(type) {
		case map[string]any:
			for k, child := range v {
				p := ptr + "/" + strings.NewReplacer("~", "~0", "/", "~1").Replace(k)
				if k == "schema" || strings.HasSuffix(ptr, "/components/schemas") {
					pointers = append(pointers, p)
					continue
				}
				walk(child, p)
			}
		case []any:
			for i, child := range v {
				walk(child, ptr+"/"+strconv.Itoa(i))
			}
		}
	}
	walk(doc, "")
	if len(pointers) < 20 {
		t.Fatalf("only %d schemas found", len(pointers))
	}
	for _, p := range pointers {
		if _, err := c.Compile(base + "#" + p); err != nil {
			t.Errorf("schema at %s: %v", p, err)
		}
	}
}

// The served document is the file, as JSON anyone may fetch.
func TestOpenAPIIsServed(t *testing.T) {
	s := newSite(t)
	r := s.do(t, call{method: "GET", path: "/api/openapi.json"})
	spec, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	if r.status != http.StatusOK || !bytes.Equal(r.body, spec) {
		t.Fatalf("GET /api/openapi.json: %d, body equal to the file: %v", r.status, bytes.Equal(r.body, spec))
	}
	if ct := r.header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
	if r.header.Get("Access-Control-Allow-Origin") != "*" {
		t.Error("the document is not readable by browser-based tools on other origins")
	}
}

// isAPIRoute reports whether a route belongs in the OpenAPI document.
func isAPIRoute(path string) bool {
	return strings.HasPrefix(path, "/api/v1/") || path == "/api/v1" || path == "/api/openapi.json"
}

// Every API route on the router is documented with its method, and every
// documented operation is a route.
func TestOpenAPICoversEveryRoute(t *testing.T) {
	s := newSite(t)
	wildcard := regexp.MustCompile(`\{([^}.]+)(\.\.\.)?\}`)
	registered := map[string]bool{}
	for _, rt := range s.web.Router().Routes() {
		method, path, ok := strings.Cut(rt.Pattern, " ")
		if !ok {
			method, path = "", rt.Pattern
		}
		if !isAPIRoute(path) {
			continue
		}
		if method == "" {
			t.Errorf("API route %q has no method; the document cannot describe it", rt.Pattern)
			continue
		}
		path = strings.TrimSuffix(path, "{$}")
		registered[method+" "+wildcard.ReplaceAllString(path, "{$1}")] = true
	}

	spec, _ := os.ReadFile("openapi.json")
	doc, err := libopenapi.NewDocument(spec)
	if err != nil {
		t.Fatal(err)
	}
	model, err := doc.BuildV3Model()
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	for path, item := range model.Model.Paths.PathItems.FromOldest() {
		for method := range item.GetOperations().FromOldest() {
			documented[strings.ToUpper(method)+" "+path] = true
		}
	}

	if len(registered) == 0 {
		t.Fatal("no API routes found on the router")
	}
	for _, op := range sortedKeys(registered) {
		if !documented[op] {
			t.Errorf("route %s is not in openapi.json", op)
		}
	}
	for _, op := range sortedKeys(documented) {
		if !registered[op] {
			t.Errorf("openapi.json documents %s, which is not a route", op)
		}
	}
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Every problem type the document names is a page on the site.
func TestOpenAPIProblemTypesArePages(t *testing.T) {
	s := newSite(t)
	spec, _ := os.ReadFile("openapi.json")
	names := map[string]bool{}
	for _, m := range regexp.MustCompile(`/api/problems/([a-z-]+)`).FindAllSubmatch(spec, -1) {
		names[string(m[1])] = true
	}
	if len(names) < 8 {
		t.Fatalf("only %d problem types found in openapi.json", len(names))
	}
	for _, name := range sortedKeys(names) {
		if !s.checkPage(t, name) {
			t.Errorf("/api/problems/%s has no page", name)
		}
	}
}
