// Package apperr is the one vocabulary of errors that reach people: each
// carries an HTTP status, the problem name of API.md, a message that is safe
// to show, field messages, and — for logs only — its cause. Domain packages
// return these; httpx maps them to responses in one place.
package apperr

import (
	"errors"
	"net/http"
	"time"
)

// Error is an error a client may see.
type Error struct {
	Status     int
	Problem    string            // API.md's problem name, e.g. "slot-taken"
	Title      string            // short, human, stable per problem
	Detail     string            // this occurrence, safe to show
	Fields     map[string]string // one message per invalid field
	Extra      map[string]any    // extra top-level members (alternatives, conflicts)
	RetryAfter time.Duration     // for 429
	Cause      error             // logged, never shown
}

func (e *Error) Error() string {
	msg := e.Problem
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	if e.Cause != nil {
		msg += ": " + e.Cause.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Cause }

// Is matches any *Error with the same problem name, so sentinels such as
// ErrNotFound work with errors.Is whatever the detail.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Problem == e.Problem
}

// With returns a copy carrying a detail.
func (e *Error) With(detail string) *Error {
	c := *e
	c.Detail = detail
	return &c
}

// Sentinels for errors.Is and for building occurrences with With.
var (
	ErrMalformed       = &Error{Status: http.StatusBadRequest, Problem: "malformed", Title: "Malformed request"}
	ErrUnauthenticated = &Error{Status: http.StatusUnauthorized, Problem: "unauthenticated", Title: "Sign-in required"}
	ErrForbidden       = &Error{Status: http.StatusForbidden, Problem: "forbidden", Title: "Not allowed"}
	ErrNotFound        = &Error{Status: http.StatusNotFound, Problem: "not-found", Title: "Not found"}
	ErrTooLarge        = &Error{Status: http.StatusRequestEntityTooLarge, Problem: "too-large", Title: "Request too large"}
	ErrInvalid         = &Error{Status: http.StatusUnprocessableEntity, Problem: "invalid", Title: "Some fields need attention"}
	ErrRateLimited     = &Error{Status: http.StatusTooManyRequests, Problem: "rate-limited", Title: "Too many attempts"}
	ErrEmailTaken      = &Error{Status: http.StatusConflict, Problem: "email-taken", Title: "Email address already registered"}
	ErrInternal        = &Error{Status: http.StatusInternalServerError, Problem: "internal", Title: "Something went wrong on our side"}

	// The safety screening's booking checks (API.md "Safety screening").
	ErrScreeningRequired = &Error{Status: http.StatusForbidden, Problem: "screening-required", Title: "Safety screening required"}
	ErrBookingBlocked    = &Error{Status: http.StatusForbidden, Problem: "booking-blocked", Title: "Booking not advised now"}
	ErrTechniqueExcluded = &Error{Status: http.StatusForbidden, Problem: "technique-excluded", Title: "Technique not advised"}
)

// Conflict builds a 409 with its own problem name.
func Conflict(problem, title, detail string) *Error {
	return &Error{Status: http.StatusConflict, Problem: problem, Title: title, Detail: detail}
}

// Forbidden builds a 403 whose problem name says why.
func Forbidden(problem, title, detail string) *Error {
	return &Error{Status: http.StatusForbidden, Problem: problem, Title: title, Detail: detail}
}

// RateLimited builds a 429 telling the client when to try again.
func RateLimited(retry time.Duration, detail string) *Error {
	e := ErrRateLimited.With(detail)
	e.RetryAfter = retry
	return e
}

// From turns any error into an *Error: an *Error as it is, a body over its
// limit as too-large, anything else as internal with the cause kept for the
// log.
func From(err error) *Error {
	if e, ok := errors.AsType[*Error](err); ok {
		return e
	}
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return ErrTooLarge.With("The request body is larger than allowed.")
	}
	e := ErrInternal.With("")
	e.Cause = err
	return e
}
