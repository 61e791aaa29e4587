package therapist

import "time"

// Photo is a therapist's portrait as knead re-encoded it: square JPEGs in
// the two sizes pages show. The original upload is never kept.
type Photo struct {
	TherapistID int64
	Large       []byte // PhotoLarge pixels square, or the largest square the upload held
	Small       []byte // PhotoSmall pixels square, for cards
	ETag        string // a hash of both sizes, which changes with every upload
	UpdatedAt   time.Time
}

// The photo sizes, in pixels along a side.
const (
	PhotoLarge = 512
	PhotoSmall = 128
)
