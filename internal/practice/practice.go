// Package practice is how therapists set up their practice: profile,
// locations, services, weekly hours, time off and booking rules.
package practice

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/therapist"
)

// Service runs practice set-up.
type Service struct {
	db         *db.DB
	now        func() time.Time
	freed      []func(ctx context.Context, tx db.Tx, therapistID int64) error
	photoSlots chan struct{} // see photoWorkers
}

// OnFreed adds what to tell, inside the transaction, when a change may have
// opened time (new hours, time off removed): the waitlist offers it.
func (s *Service) OnFreed(f func(ctx context.Context, tx db.Tx, therapistID int64) error) {
	s.freed = append(s.freed, f)
}

// opened takes the therapist's booking lock and tells what OnFreed set.
func (s *Service) opened(ctx context.Context, tx db.Tx, therapistID int64) error {
	if len(s.freed) == 0 {
		return nil
	}
	if err := tx.Lock(ctx, db.TherapistLock, therapistID); err != nil {
		return err
	}
	for _, f := range s.freed {
		if err := f(ctx, tx, therapistID); err != nil {
			return err
		}
	}
	return nil
}

// New returns the practice service.
func New(d *db.DB, now func() time.Time) *Service {
	return &Service{db: d, now: now, photoSlots: make(chan struct{}, photoWorkers)}
}

// ensureTherapist creates the therapist row of a therapist account on its
// first set-up call (sign-up only makes the account).
func (s *Service) ensureTherapist(ctx context.Context, q db.Querier, actor *authz.Principal) error {
	if actor.Role != authz.RoleTherapist {
		return apperr.ErrForbidden.With("Only therapists set up a practice.")
	}
	ok, err := store.TherapistExists(ctx, q, actor.UserID)
	if err != nil || ok {
		return err
	}
	return store.InsertTherapist(ctx, q, therapist.Profile{ID: actor.UserID, Slug: slugFor(actor.Name, actor.UserID),
		PressureMin: 1, PressureMax: 5}, s.now())
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

func slugFor(name string, id int64) string {
	base := strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(name), "-"), "-")
	if base == "" {
		base = "therapist"
	}
	return fmt.Sprintf("%s-%d", base, id)
}

// ProfileInput is what a therapist says about themself (API.md).
type ProfileInput struct {
	Bio           string
	Languages     []string
	Gender        string
	Focus         []string
	PressureRange [2]int
	YearsBackPain int
	// Added after API.md's first version, so a nil one keeps what is
	// stored: clients written before them do not wipe them.
	Access       *[]string
	AccessNote   *string
	FirstSession *string
}

var langCode = regexp.MustCompile(`^[a-z]{2}$`)

// UpdateProfile replaces the profile.
func (s *Service) UpdateProfile(ctx context.Context, actor *authz.Principal, in ProfileInput) (therapist.Profile, error) {
	if err := in.check(); err != nil {
		return therapist.Profile{}, err
	}
	err := s.db.InTx(ctx, func(tx db.Tx) error {
		if err := s.ensureTherapist(ctx, tx, actor); err != nil {
			return err
		}
		old, err := store.ProfileByID(ctx, tx, actor.UserID)
		if err != nil {
			return err
		}
		p := therapist.Profile{ID: actor.UserID, Bio: strings.TrimSpace(in.Bio), Gender: in.Gender,
			Languages: dedupe(in.Languages), Focus: dedupe(in.Focus), PressureMin: in.PressureRange[0],
			PressureMax: in.PressureRange[1], YearsBackPain: in.YearsBackPain,
			Access: old.Access, AccessNote: old.AccessNote, FirstSession: old.FirstSession}
		if in.Access != nil {
			p.Access = dedupe(*in.Access)
		}
		if in.AccessNote != nil {
			p.AccessNote = strings.TrimSpace(*in.AccessNote)
		}
		if in.FirstSession != nil {
			p.FirstSession = strings.TrimSpace(*in.FirstSession)
		}
		return store.UpdateProfile(ctx, tx, p)
	})
	if err != nil {
		return therapist.Profile{}, err
	}
	return store.ProfileByID(ctx, s.db.R(), actor.UserID)
}

// check validates a profile, naming every field that is wrong.
func (in ProfileInput) check() error {
	f := apperr.Fields{}
	f.Check(utf8.RuneCountInString(in.Bio) <= 4000, "bio", "Use at most 4,000 characters.")
	f.Check(len(in.Languages) > 0, "languages", "List at least one language, as ISO 639-1 codes such as \"en\".")
	for _, l := range in.Languages {
		f.Check(langCode.MatchString(l), "languages", fmt.Sprintf("%q is not an ISO 639-1 code such as \"en\".", l))
	}
	f.Check(in.Gender == "" || slices.Contains([]string{"female", "male", "nonbinary"}, in.Gender), "gender",
		"Choose female, male or nonbinary, or leave it out.")
	for _, fo := range in.Focus {
		f.Check(slices.Contains(therapist.Focuses, fo), "back_pain_focus", fmt.Sprintf("%q is not one of %s.", fo, strings.Join(therapist.Focuses, ", ")))
	}
	lo, hi := in.PressureRange[0], in.PressureRange[1]
	f.Check(lo >= 1 && hi <= 5 && lo <= hi, "pressure_range", "Give [min, max] within 1–5, min not above max.")
	f.Check(in.YearsBackPain >= 0 && in.YearsBackPain <= 70, "years_back_pain", "Give a number of years from 0 to 70.")
	if in.Access != nil {
		for _, a := range *in.Access {
			f.Check(slices.Contains(therapist.AccessFeatures, a), "accessibility",
				fmt.Sprintf("%q is not one of %s.", a, strings.Join(therapist.AccessFeatures, ", ")))
		}
	}
	if in.AccessNote != nil {
		f.Check(utf8.RuneCountInString(*in.AccessNote) <= 500, "accessibility_note", "Use at most 500 characters.")
	}
	if in.FirstSession != nil {
		f.Check(utf8.RuneCountInString(*in.FirstSession) <= 2000, "first_session", "Use at most 2,000 characters.")
	}
	return f.Err()
}

func dedupe(xs []string) []string {
	out := slices.Clone(xs)
	slices.Sort(out)
	return slices.Compact(out)
}

// Practice is a therapist's whole public set-up.
type Practice struct {
	Profile   therapist.Profile
	Locations []therapist.Location
	Services  []therapist.Service
}

// Get reads a therapist's practice; a missing one is not-found.
func (s *Service) Get(ctx context.Context, therapistID int64) (Practice, error) {
	q := s.db.R()
	p, err := store.ProfileByID(ctx, q, therapistID)
	if err == store.ErrNotFound {
		return Practice{}, apperr.ErrNotFound.With("No therapist has this id.")
	}
	if err != nil {
		return Practice{}, err
	}
	locs, err := store.LocationsOf(ctx, q, therapistID)
	if err != nil {
		return Practice{}, err
	}
	svcs, err := store.ServicesOf(ctx, q, therapistID)
	return Practice{Profile: p, Locations: locs, Services: svcs}, err
}
