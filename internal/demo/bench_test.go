package demo_test

import (
	"context"
	"testing"

	"github.com/knead/knead/internal/account"
	"github.com/knead/knead/internal/demo"
	"github.com/knead/knead/internal/testkit"
)

// BenchmarkLoad times the full data set a demo server would hold, with the
// production password hash: go test -run '^$' -bench Load -benchtime 1x.
func BenchmarkLoad(b *testing.B) {
	h := account.NewHasher(account.OWASP, 2)
	for range b.N {
		b.StopTimer()
		d := testkit.OpenDB(b)
		b.StartTimer()
		_, err := demo.Load(context.Background(), d, h,
			demo.Options{Therapists: 10_000, Clients: 1_000, Seed: 1, Now: now}, testkit.Logger())
		if err != nil {
			b.Fatal(err)
		}
	}
}
