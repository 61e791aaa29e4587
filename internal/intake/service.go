package intake

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/audit"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/instrument"
	"github.com/knead/knead/internal/store"
)

// Service keeps intakes.
type Service struct {
	db          *db.DB
	instruments instrument.Set
	now         func() time.Time
}

// New returns the intake service, asking the installed instruments.
func New(d *db.DB, instruments instrument.Set, now func() time.Time) *Service {
	return &Service{db: d, instruments: instruments, now: now}
}

// ErrNoIntake answers when there is no intake to read.
var ErrNoIntake = apperr.ErrNotFound.With("There is no intake yet.")

// Steps are this deployment's steps: the measures step only when a
// disability instrument is installed (asked at baseline).
func (s *Service) Steps() []string {
	steps := []string{StepWhere, StepPain, StepCare, StepPreferences, StepGoals}
	if len(s.Baseline()) > 0 {
		steps = append(steps, StepMeasures)
	}
	return append(steps, StepScreening, StepConsent)
}

// Baseline lists the instruments asked at intake: the installed
// disability instruments.
func (s *Service) Baseline() []instrument.Definition {
	return s.instruments.OfKind(instrument.Disability)
}

// StepInput carries one step's answers; only the one named is read.
type StepInput struct {
	Where       Where
	Pain        Pain
	Care        Care
	Preferences Preferences
	Goals       Goals
	Measures    map[string]map[string]int // instrument ID → item ID → value
	ScreeningID int64
}

// Mine is the client's intake — the draft, or the last submitted — its
// read recorded.
func (s *Service) Mine(ctx context.Context, a audit.Access) (Intake, error) {
	return s.read(ctx, a, a.Actor.UserID, false)
}

// ForClient is a client's last submitted intake, for a therapist in care
// with them (or the client); anyone else is answered not-found.
func (s *Service) ForClient(ctx context.Context, a audit.Access, clientID int64) (Intake, error) {
	return s.read(ctx, a, clientID, true)
}

func (s *Service) read(ctx context.Context, a audit.Access, clientID int64, submitted bool) (Intake, error) {
	now := s.now()
	var in Intake
	err := s.db.InTx(ctx, func(tx db.Tx) error {
		if err := audit.MayRead(ctx, tx, a.Actor, clientID, now); err != nil {
			return err
		}
		row, err := store.LatestIntake(ctx, tx, clientID, submitted)
		if errors.Is(err, store.ErrNotFound) {
			return ErrNoIntake
		} else if err != nil {
			return err
		}
		in = fromRow(row)
		return audit.Record(ctx, tx, now, a, clientID, RecordType, in.ID, audit.Read)
	})
	return in, err
}

// Save stores one step of the client's draft, starting the draft when
// there is none. A step with a mistake is not saved (422 naming each
// field).
func (s *Service) Save(ctx context.Context, a audit.Access, step string, in StepInput) (Intake, error) {
	return s.SaveSteps(ctx, a, []string{step}, in)
}

// SaveSteps stores several steps at once, all or none; with more than one
// step, a field is named "STEP.FIELD".
func (s *Service) SaveSteps(ctx context.Context, a audit.Access, steps []string, in StepInput) (Intake, error) {
	now := s.now()
	var out Intake
	err := s.db.InTx(ctx, func(tx db.Tx) error {
		row, action, err := s.draft(ctx, tx, a.Actor.UserID, now)
		if err != nil {
			return err
		}
		out = fromRow(row)
		f := apperr.Fields{}
		for _, step := range steps {
			err := s.apply(ctx, tx, &out, step, in)
			if e := apperr.From(err); len(e.Fields) > 0 {
				for k, msg := range e.Fields {
					if len(steps) > 1 {
						k = step + "." + k
					}
					f.Add(k, msg)
				}
			} else if err != nil {
				return err
			}
			out.Done = markDone(out.Done, step)
		}
		if err := f.Err(); err != nil {
			return err
		}
		out.UpdatedAt = now
		if err := store.SaveIntakeDraft(ctx, tx, toRow(out)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, a, out.ClientID, RecordType, out.ID, action)
	})
	return out, err
}

// draft reads the client's draft or starts one.
func (s *Service) draft(ctx context.Context, tx db.Tx, clientID int64, now time.Time) (store.Intake, string, error) {
	if err := store.LockDraftIntake(ctx, tx, clientID); err != nil {
		return store.Intake{}, "", err
	}
	row, err := store.DraftIntake(ctx, tx, clientID)
	if err == nil || !errors.Is(err, store.ErrNotFound) {
		return row, actionUpdate, err
	}
	row = store.Intake{ClientID: clientID, Data: "{}", CreatedAt: now, UpdatedAt: now}
	id, ok, err := store.InsertIntake(ctx, tx, row)
	if err != nil || !ok { // another request started it: use theirs
		if err == nil {
			row, err = store.DraftIntake(ctx, tx, clientID)
		}
		return row, actionUpdate, err
	}
	row.ID = id
	return row, audit.Create, nil
}

func (s *Service) apply(ctx context.Context, tx db.Tx, out *Intake, step string, in StepInput) error {
	f := apperr.Fields{}
	d := &out.Data
	switch step {
	case StepWhere:
		in.Where.check(f)
		d.Where = &in.Where
	case StepPain:
		in.Pain.check(f)
		d.Pain = &in.Pain
	case StepCare:
		if in.Care.Other == nil {
			in.Care.Other = []string{} // none, not unknown
		}
		in.Care.check(f)
		d.Care = &in.Care
	case StepPreferences:
		in.Preferences.check(f)
		d.Preferences = &in.Preferences
	case StepGoals:
		in.Goals.check(f)
		d.Goals = &in.Goals
	case StepMeasures:
		d.Measures = s.score(f, in.Measures)
	case StepScreening:
		if _, err := store.ClientScreening(ctx, tx, out.ClientID, in.ScreeningID); errors.Is(err, store.ErrNotFound) {
			f.Add("screening_id", "Take the safety screening, then link it here: no screening of yours has this id.")
		} else if err != nil {
			return err
		}
		out.ScreeningID = in.ScreeningID
	default:
		return apperr.ErrNotFound.With("There is no intake step " + step + ".")
	}
	return f.Err()
}

// score scores each baseline instrument; a field is named
// "INSTRUMENT.ITEM".
func (s *Service) score(f apperr.Fields, answers map[string]map[string]int) map[string]instrument.Result {
	out := map[string]instrument.Result{}
	for _, def := range s.Baseline() {
		r, err := def.Score(answers[def.ID])
		for k, msg := range apperr.From(err).Fields {
			f.Add(def.ID+"."+k, msg)
		}
		out[def.ID] = r
	}
	for id := range answers {
		if _, ok := out[id]; !ok {
			f.Add(id, "This questionnaire is not asked here.")
		}
	}
	return out
}

// SubmitInput is the consent: the name typed and the version of the text
// read.
type SubmitInput struct {
	ConsentName, ConsentVersion string
}

// Submit closes the draft once every step is saved and the consent given;
// otherwise a 422 names each step left and each consent field.
func (s *Service) Submit(ctx context.Context, a audit.Access, in SubmitInput) (Intake, error) {
	now := s.now()
	var out Intake
	err := s.db.InTx(ctx, func(tx db.Tx) error {
		if err := store.LockDraftIntake(ctx, tx, a.Actor.UserID); err != nil {
			return err
		}
		row, err := store.DraftIntake(ctx, tx, a.Actor.UserID)
		if errors.Is(err, store.ErrNotFound) {
			return apperr.ErrNotFound.With("There is no intake in progress to submit.")
		} else if err != nil {
			return err
		}
		out = fromRow(row)
		if err := s.checkSubmit(out, in); err != nil {
			return err
		}
		if err := store.SubmitIntake(ctx, tx, out.ID, strings.TrimSpace(in.ConsentName), in.ConsentVersion, now); err != nil {
			return err
		}
		out.ConsentName, out.ConsentVersion, out.SubmittedAt, out.UpdatedAt = strings.TrimSpace(in.ConsentName), in.ConsentVersion, &now, now
		return audit.Record(ctx, tx, now, a, out.ClientID, RecordType, out.ID, actionSubmit)
	})
	return out, err
}

func (s *Service) checkSubmit(out Intake, in SubmitInput) error {
	f := apperr.Fields{}
	for _, step := range s.Steps() {
		if step != StepConsent && !slices.Contains(out.Done, step) {
			f.Add(step, "This step is not done yet.")
		}
	}
	name := strings.TrimSpace(in.ConsentName)
	f.Check(name != "", "consent_name", "Type your full name to give your consent.")
	f.Check(utf8.RuneCountInString(name) <= 200, "consent_name", "Use at most 200 characters.")
	f.Check(in.ConsentVersion == ConsentVersion, "consent_version",
		"The consent text has changed since you read it ("+ConsentVersion+" now); please read it again.")
	return f.Err()
}

func fromRow(r store.Intake) Intake {
	in := Intake{ID: r.ID, ClientID: r.ClientID, Done: doneList(r.Steps), ConsentName: r.ConsentName,
		ConsentVersion: r.ConsentVersion, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, SubmittedAt: r.SubmittedAt}
	_ = json.Unmarshal([]byte(r.Data), &in.Data) // written by toRow only
	if r.ScreeningID != nil {
		in.ScreeningID = *r.ScreeningID
	}
	return in
}

func toRow(in Intake) store.Intake {
	b, err := json.Marshal(in.Data)
	if err != nil {
		panic(fmt.Sprintf("intake: %v", err)) // plain structs always encode
	}
	r := store.Intake{ID: in.ID, ClientID: in.ClientID, Data: string(b), Steps: strings.Join(in.Done, ","),
		UpdatedAt: in.UpdatedAt}
	if in.ScreeningID != 0 {
		r.ScreeningID = &in.ScreeningID
	}
	return r
}
