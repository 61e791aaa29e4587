package web

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/knead/knead/internal/api"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/httpx"
	"github.com/knead/knead/internal/therapist"
)

//go:embed templates
var templateFS embed.FS

// Base is embedded in every page's view.
type Base struct {
	Title     string
	Version   string
	RequestID string
	User      *authz.Principal // nil for a visitor
	Flash     string
	Nav       []navItem
	Path      string
}

type navItem struct{ Href, Label string }

// navFor gives each role its own navigation.
func navFor(p *authz.Principal) []navItem {
	if p == nil {
		return []navItem{{"/#how", "How it works"}, {"/therapists", "Find a therapist"}, {"/signin", "Sign in"}}
	}
	switch p.Role {
	case authz.RoleAdmin:
		return []navItem{{"/admin", "Admin home"}, {"/admin/credentials", "Verification"}, {"/admin/outbox", "Outbox"},
			{"/reports/outcomes", "Outcomes"}, {"/admin/jobs", "Jobs"}, {"/account", "Account"}}
	case authz.RoleTherapist:
		return []navItem{{"/therapist", "My practice"}, {"/therapist/calendar", "Calendar"}, {"/dashboard/clients", "My clients"}, {"/therapist/setup", "Set-up"},
			{"/account", "Account"}}
	}
	return []navItem{{"/client", "My care"}, {"/therapists", "Find a therapist"}, {"/appointments", "My appointments"},
		{"/progress", "My progress"}, {"/care/mine", "Home care"}, {"/account", "Account"}}
}

type pages map[string]*template.Template

var funcs = template.FuncMap{
	"techniqueName": func(t string) string {
		if n, ok := therapist.TechniqueNames[t]; ok {
			return n
		}
		return t
	},
	"languages": languageList,
	"field":     newField,
	"select":    newSelect,
	"photoURL":  api.PhotoPath,
	"inc":       func(i int) int { return i + 1 },
	"sessionPain": func(id int64, next string) sessionPainForm {
		return sessionPainForm{ID: id, Next: next, Scores: []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}}
	},
}

// parsePages parses each page with the layout; pages/NAME.html becomes
// the page NAME.
func parsePages() (pages, error) {
	files, err := fs.Glob(templateFS, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	out := pages{}
	for _, f := range files {
		t, err := template.New("").Funcs(funcs).ParseFS(templateFS, "templates/layout/*.html", "templates/partials/*.html", f)
		if err != nil {
			return nil, fmt.Errorf("web: parse %s: %w", f, err)
		}
		out[strings.TrimSuffix(path.Base(f), ".html")] = t
	}
	return out, nil
}

// base fills the fields every page shares; it takes the flash message, so
// each one shows once.
func (s *Server) base(r *http.Request, title string) Base {
	p := authz.From(r.Context())
	b := Base{Title: title, Version: s.version, RequestID: httpx.RequestID(r.Context()), User: p, Nav: navFor(p),
		Path: r.URL.Path}
	b.Flash = s.popFlash(r.Context())
	return b
}

// popFlash takes the flash message. An error page may render before the
// session is loaded (or when loading it failed); it then has none.
func (s *Server) popFlash(ctx context.Context) (msg string) {
	defer func() {
		if recover() != nil {
			msg = ""
		}
	}()
	if s.Sessions == nil {
		return ""
	}
	return s.Sessions.PopString(ctx, keyFlash)
}

// render writes a page. It renders into a buffer first so that a template
// error becomes a clean 500 rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, page string, view any) {
	t, ok := s.pages[page]
	if !ok {
		s.fail(w, r, fmt.Errorf("web: no page %q", page))
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "base", view); err != nil {
		s.fail(w, r, fmt.Errorf("web: render %s: %w", page, err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

var languageNames = map[string]string{
	"en": "English", "es": "Spanish", "fr": "French", "de": "German", "nl": "Dutch", "it": "Italian",
	"pt": "Portuguese", "pl": "Polish", "zh": "Chinese", "ja": "Japanese", "ko": "Korean", "hi": "Hindi",
	"ar": "Arabic", "ru": "Russian", "tr": "Turkish", "sv": "Swedish", "da": "Danish", "ga": "Irish",
	"th": "Thai", "vi": "Vietnamese", "tl": "Tagalog", "uk": "Ukrainian", "el": "Greek", "he": "Hebrew",
	"ca": "Catalan", "pa": "Punjabi", "fa": "Persian", "ur": "Urdu", "bn": "Bengali", "ro": "Romanian",
}

// languageList renders ISO 639-1 codes as "English, French and Dutch".
func languageList(codes []string) string {
	names := make([]string, len(codes))
	for i, c := range codes {
		if n, ok := languageNames[c]; ok {
			names[i] = n
		} else {
			names[i] = strings.ToUpper(c)
		}
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
