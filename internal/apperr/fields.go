package apperr

// Fields collects one message per invalid field; the first message for a
// field wins, since it names the most basic problem.
type Fields map[string]string

// Check records msg for field unless ok.
func (f Fields) Check(ok bool, field, msg string) {
	if !ok {
		f.Add(field, msg)
	}
}

// Add records msg for field unless the field already has one.
func (f Fields) Add(field, msg string) {
	if _, seen := f[field]; !seen {
		f[field] = msg
	}
}

// Err returns a 422 invalid error listing the fields, or nil when there are
// none.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	e := ErrInvalid.With("Please correct the fields listed in errors.")
	e.Fields = f
	return e
}
