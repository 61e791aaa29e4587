package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/knead/knead/internal/db"
)

// InstrumentAnswer is a follow-up answer to an installed instrument at one
// of the PGIC's points: its score and the answers it was scored from.
type InstrumentAnswer struct {
	ID, ClientID               int64
	Instrument, Version, Point string
	Score                      float64
	Answers                    map[string]int
	AnsweredAt                 time.Time
}

// InsertInstrumentAnswer stores an answer; false when the point was
// answered already.
func InsertInstrumentAnswer(ctx context.Context, q db.Querier, m InstrumentAnswer) (int64, bool, error) {
	answers, err := json.Marshal(m.Answers)
	if err != nil {
		return 0, false, fmt.Errorf("store: insert instrument answer: %w", err)
	}
	var id int64
	err = q.QueryRowContext(ctx, `insert into instrument_answer (client_id, instrument, version, point, score, answers, answered_at)
		values ($1, $2, $3, $4, $5, $6, $7) on conflict (client_id, instrument, point) do nothing returning id`,
		m.ClientID, m.Instrument, m.Version, m.Point, m.Score, string(answers), m.AnsweredAt).Scan(&id)
	if isNoRows(err) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("store: insert instrument answer: %w", err)
	}
	return id, true, nil
}

// ClientInstrumentAnswers lists a client's instrument answers, oldest
// first.
func ClientInstrumentAnswers(ctx context.Context, q db.Querier, clientID int64) ([]InstrumentAnswer, error) {
	rows, err := q.QueryContext(ctx, `select id, client_id, instrument, version, point, score, answers, answered_at
		from instrument_answer where client_id = $1 order by answered_at, id`, clientID)
	if err != nil {
		return nil, fmt.Errorf("store: instrument answers: %w", err)
	}
	defer rows.Close()
	var out []InstrumentAnswer
	for rows.Next() {
		var m InstrumentAnswer
		var answers string
		if err := rows.Scan(&m.ID, &m.ClientID, &m.Instrument, &m.Version, &m.Point, &m.Score, &answers, &m.AnsweredAt); err != nil {
			return nil, fmt.Errorf("store: instrument answers: %w", err)
		}
		if err := json.Unmarshal([]byte(answers), &m.Answers); err != nil {
			return nil, fmt.Errorf("store: instrument answers: %w", err)
		}
		m.AnsweredAt = m.AnsweredAt.UTC()
		out = append(out, m)
	}
	return out, rows.Err()
}
