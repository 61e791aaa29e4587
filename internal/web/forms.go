package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/knead/knead/internal/apperr"
)

// Form is the state of a submitted form: its values and one message per
// invalid field, for re-rendering with the person's input kept.
type Form struct {
	Values url.Values
	Errors map[string]string
	Error  string // a message about the whole form
}

// Get returns a submitted value.
func (f Form) Get(name string) string { return f.Values.Get(name) }

// readForm parses a posted form; a body over the limit becomes 413.
func readForm(r *http.Request) (Form, error) {
	if err := r.ParseForm(); err != nil {
		if strings.Contains(err.Error(), "too large") {
			return Form{}, apperr.ErrTooLarge
		}
		return Form{}, apperr.ErrMalformed.With("The form could not be read.")
	}
	return Form{Values: r.PostForm}, nil
}

// withError puts an error's field messages on the form, or reports that the
// error is not about the form (the caller then fails with it).
func (f *Form) withError(err error) bool {
	e := apperr.From(err)
	switch {
	case len(e.Fields) > 0:
		f.Errors = e.Fields
	case e.Status < 500 && e.Status != 401 && e.Status != 403 || e.Problem == "unauthenticated" && e.Detail != "",
		e.Status == 403 && e.Problem != apperr.ErrForbidden.Problem: // the screening's refusals say why on the form
		f.Error = e.Detail
	default:
		return false
	}
	return true
}

// field is what the "field" partial needs to render one input.
type field struct {
	Name, Label, Type, Value, Error, Hint, Autocomplete string
	Required                                            bool
}

// newField builds a field from a form: field "email" "Email address" "email" .Form.
func newField(name, label, typ string, f Form, extra ...string) field {
	fd := field{Name: name, Label: label, Type: typ, Value: f.Get(name), Error: f.Errors[name], Required: true}
	if typ == "password" {
		fd.Value = "" // never echo a password back
	}
	for i := 0; i+1 < len(extra); i += 2 {
		switch extra[i] {
		case "hint":
			fd.Hint = extra[i+1]
		case "autocomplete":
			fd.Autocomplete = extra[i+1]
		case "optional":
			fd.Required = false
		case "value":
			if fd.Value == "" {
				fd.Value = extra[i+1]
			}
		}
	}
	return fd
}

// localPath keeps a "next" address on this site, refusing open redirects.
func localPath(next, fallback string) string {
	if strings.HasPrefix(next, "/") && !strings.HasPrefix(next, "//") && !strings.HasPrefix(next, "/\\") {
		return next
	}
	return fallback
}
