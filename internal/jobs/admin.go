package jobs

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/knead/knead/internal/apperr"
)

// Group is a set of job states the admin page shows together.
type Group struct {
	Name   string
	Label  string
	states []rivertype.JobState
}

// Groups are the admin page's tabs, in order.
var Groups = []Group{
	{"queued", "Queued", []rivertype.JobState{rivertype.JobStateAvailable, rivertype.JobStatePending}},
	{"running", "Running", []rivertype.JobState{rivertype.JobStateRunning}},
	{"scheduled", "Scheduled", []rivertype.JobState{rivertype.JobStateScheduled}},
	{"failed", "Failed", []rivertype.JobState{rivertype.JobStateRetryable, rivertype.JobStateDiscarded}},
	{"done", "Done", []rivertype.JobState{rivertype.JobStateCompleted, rivertype.JobStateCancelled}},
}

// Job is one job as the admin page shows it: never its arguments, which
// name records (ids only, but nothing an admin needs).
type Job struct {
	ID                     int64
	Kind, State            string
	Attempt, MaxAttempts   int
	LastError              string
	CreatedAt, ScheduledAt time.Time
	AttemptedAt            *time.Time
	FinalizedAt            *time.Time
}

// Retryable reports whether an admin may retry the job now: it failed, for
// now (retryable, waiting for its back-off) or for good (discarded).
func (j Job) Retryable() bool {
	return j.State == string(rivertype.JobStateRetryable) || j.State == string(rivertype.JobStateDiscarded)
}

// Page is one page of a group.
type Page struct {
	Group Group
	Jobs  []Job
	Next  string // the cursor of the next page, empty on the last
}

// PageSize is how many jobs a page shows.
const PageSize = 25

// ErrNoGroup is an unknown tab.
var ErrNoGroup = apperr.ErrNotFound.With("There is no such list of jobs.")

// List reads one page of a group, newest first, after a cursor from a
// previous page ("" for the first).
func List(ctx context.Context, c *Client, group, cursor string) (Page, error) {
	var g *Group
	for i := range Groups {
		if Groups[i].Name == group {
			g = &Groups[i]
		}
	}
	if g == nil {
		return Page{}, ErrNoGroup
	}
	params := river.NewJobListParams().States(g.states...).OrderBy(river.JobListOrderByID, river.SortOrderDesc).First(PageSize)
	if cursor != "" {
		var after river.JobListCursor
		if err := after.UnmarshalText([]byte(cursor)); err != nil {
			return Page{}, apperr.Fields{"after": "This page link is broken; start from the first page."}.Err()
		}
		params = params.After(&after)
	}
	res, err := c.JobList(ctx, params)
	if err != nil {
		return Page{}, fmt.Errorf("jobs: list: %w", err)
	}
	p := Page{Group: *g}
	for _, r := range res.Jobs {
		j := Job{ID: r.ID, Kind: r.Kind, State: string(r.State), Attempt: r.Attempt, MaxAttempts: r.MaxAttempts,
			CreatedAt: r.CreatedAt, ScheduledAt: r.ScheduledAt, AttemptedAt: r.AttemptedAt, FinalizedAt: r.FinalizedAt}
		if n := len(r.Errors); n > 0 {
			j.LastError = r.Errors[n-1].Error
		}
		p.Jobs = append(p.Jobs, j)
	}
	if len(res.Jobs) == PageSize && res.LastCursor != nil {
		text, err := res.LastCursor.MarshalText()
		if err != nil {
			return Page{}, fmt.Errorf("jobs: cursor: %w", err)
		}
		p.Next = string(text)
	}
	return p, nil
}

// ErrNotRetryable is a retry of a job that has not failed.
var ErrNotRetryable = apperr.Conflict("not-failed", "Job not failed", "Only a failed job can be retried; this one is queued, running, scheduled or done.")

// Retry makes a failed job run again now.
func Retry(ctx context.Context, c *Client, id int64) error {
	j, err := c.JobGet(ctx, id)
	if errors.Is(err, river.ErrNotFound) {
		return apperr.ErrNotFound.With("There is no such job.")
	}
	if err != nil {
		return fmt.Errorf("jobs: get %d: %w", id, err)
	}
	if j.State != rivertype.JobStateRetryable && j.State != rivertype.JobStateDiscarded {
		return ErrNotRetryable
	}
	if _, err := c.JobRetry(ctx, id); err != nil {
		return fmt.Errorf("jobs: retry %d: %w", id, err)
	}
	return nil
}
