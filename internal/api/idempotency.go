package api

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/store"
)

// IdempotencyTTL is how long a key's first answer is kept (API.md).
const IdempotencyTTL = 24 * time.Hour

var (
	errIdemMismatch = &apperr.Error{Status: http.StatusUnprocessableEntity, Problem: "idempotency-mismatch",
		Title:  "Idempotency key reused with a different request",
		Detail: "This Idempotency-Key was used with a different body. Use a new key for a new request."}
	errIdemInProgress = apperr.Conflict("idempotency-in-progress", "Request with this key still running",
		"A request with this Idempotency-Key is still being processed. Retry in a moment.")
)

// idempotent makes a POST honour Idempotency-Key: the same key and body
// replay the first answer (errors included) without doing the work again.
// Keys are scoped to the account, or to the client address without one.
// Server errors and rate limits are not kept, so a retry after a failure,
// or after Retry-After, runs again.
func (s *Server) idempotent(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		key := r.Header.Get("Idempotency-Key")
		if key == "" {
			h(w, r)
			return
		}
		if !validIdempotencyKey(key) {
			s.fail(w, r, apperr.Fields{"Idempotency-Key": "Use at most 255 printable ASCII characters, such as a UUID."}.Err())
			return
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		seal := newSealer(key)
		hash, scope := seal.requestHash(append([]byte(r.Method+" "+r.URL.Path+"\n"), body...)), "addr:"+ClientAddress(r)
		key = seal.storedKey()
		if p := authz.From(r.Context()); p != nil {
			scope = "user:" + strconv.FormatInt(p.UserID, 10)
		}
		now := s.Now()
		claimed, prior, err := s.claimKey(r.Context(), scope, key, hash, now)
		switch {
		case errors.Is(err, store.ErrNotFound):
			s.fail(w, r, errIdemInProgress)
		case err != nil:
			s.fail(w, r, err)
		case !claimed && prior.RequestHash != hash:
			s.fail(w, r, errIdemMismatch)
		case !claimed && !prior.Done:
			s.fail(w, r, errIdemInProgress)
		case !claimed:
			answer, err := seal.open(prior.Body)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			prior.Body = answer
			w.Header().Set("Content-Type", prior.ContentType)
			setHeaders(w.Header(), prior.Status)
			w.Header().Set("Idempotent-Replayed", "true")
			w.WriteHeader(prior.Status)
			_, _ = w.Write(prior.Body)
		default:
			s.runAndKeep(w, r, h, scope, key, seal)
		}
	}
}

// runAndKeep runs the handler into a buffer, keeps the answer, then sends it.
// Keeping and releasing outlive the request: a client that left while its
// request ran is the one that retries with the key, and must find the
// answer (or the key free), not 24 hours of idempotency-in-progress.
func (s *Server) runAndKeep(w http.ResponseWriter, r *http.Request, h http.HandlerFunc, scope, key string, seal sealer) {
	rec := &recorder{header: http.Header{}, status: http.StatusOK}
	ctx := context.WithoutCancel(r.Context())
	finished := false
	defer func() {
		if !finished { // a panic: let the client retry with the same key
			_ = store.ReleaseIdempotencyKey(ctx, s.DB.W(), scope, key)
		}
	}()
	h(rec, r)
	finished = true
	if rec.status >= 500 || rec.status == http.StatusTooManyRequests {
		_ = store.ReleaseIdempotencyKey(ctx, s.DB.W(), scope, key)
	} else if err := s.keep(ctx, scope, key, rec.status, rec.header.Get("Content-Type"), seal.seal(rec.body.Bytes())); err != nil {
		s.Log.ErrorContext(ctx, "keeping an idempotent answer", "err", err)
	}
	for k, v := range rec.header {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.status)
	_, _ = rec.body.WriteTo(w)
}

// claimKey claims the key, or reads its first request's answer. Grouped
// with the other writes of the moment (db.InGroupTx): as statements of
// their own, a key's claim and answer were two commits more than a
// booking's, and halved the bookings a second.
func (s *Server) claimKey(ctx context.Context, scope, key, hash string, now time.Time) (claimed bool, prior store.IdempotentReply, err error) {
	err = s.DB.InGroupTx(ctx, func(tx db.Tx) error {
		var err error
		claimed, prior, err = store.ClaimIdempotencyKey(ctx, tx, scope, key, hash, now, now.Add(-IdempotencyTTL))
		return err
	})
	return claimed, prior, err
}

// keep stores the answer to replay, in the group commit; should the group
// fail for another change's sake, once more on its own.
func (s *Server) keep(ctx context.Context, scope, key string, status int, contentType string, body []byte) error {
	err := s.DB.InGroupTx(ctx, func(tx db.Tx) error {
		return store.FinishIdempotencyKey(ctx, tx, scope, key, status, contentType, body)
	})
	if err != nil {
		err = store.FinishIdempotencyKey(ctx, s.DB.W(), scope, key, status, contentType, body)
	}
	return err
}

// validIdempotencyKey allows 1 to 255 printable ASCII characters: keys are
// stored as text, and a database may refuse other bytes.
func validIdempotencyKey(key string) bool {
	if len(key) > 255 {
		return false
	}
	for i := range len(key) {
		if key[i] < ' ' || key[i] > '~' {
			return false
		}
	}
	return true
}

type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
	wrote  bool
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) Write(b []byte) (int, error) {
	r.wrote = true
	return r.body.Write(b)
}
func (r *recorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
}
