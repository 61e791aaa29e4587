package intake

import (
	"context"
	"errors"

	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/store"
)

// PainAverage is the pain-average answer of the client's last submitted
// intake — the baseline of domain-clinical.md §3 — or nil without one. It
// neither checks access nor records the read: the outcome area does both
// in its own transaction (outcome.IntakeBaseline).
func PainAverage(ctx context.Context, q db.Querier, clientID int64) (*int, error) {
	r, err := store.LatestIntake(ctx, q, clientID, true)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if in := fromRow(r); in.Data.Pain != nil {
		return in.Data.Pain.Average, nil
	}
	return nil, nil
}

// MeasureBaselines are the baseline scores of the installed instruments
// in the client's last submitted intake (instrument ID → score), nil
// without one. Like PainAverage it leaves access and audit to the caller
// (outcome.MeasureBaseline).
func MeasureBaselines(ctx context.Context, q db.Querier, clientID int64) (map[string]float64, error) {
	r, err := store.LatestIntake(ctx, q, clientID, true)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	out := map[string]float64{}
	for id, res := range fromRow(r).Data.Measures {
		out[id] = res.Score
	}
	return out, nil
}
