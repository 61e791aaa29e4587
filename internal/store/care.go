package store

import (
	"context"
	"fmt"
	"time"

	"github.com/knead/knead/internal/db"
)

// careStatuses are the appointment statuses that make or keep a care
// relationship: any booking not cancelled (nor merely held for a waitlist
// offer). The one definition, for InCare and CareClients.
const careStatuses = `('booked', 'completed', 'no_show')`

// InCare says whether a therapist is in a care relationship with a client:
// an appointment between them that is not cancelled (nor merely held for a
// waitlist offer) and is still to come or began after since.
func InCare(ctx context.Context, q db.Querier, therapistID, clientID int64, since time.Time) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `select count(*) from (select 1 from appointment
		where therapist_id = $1 and client_id = $2 and status in `+careStatuses+` and starts_at >= $3 limit 1) c`,
		therapistID, clientID, since).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: in care: %w", err)
	}
	return n > 0, nil
}
