package account_test

import (
	"context"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/knead/knead/internal/account"
	"github.com/knead/knead/internal/notify"
	"github.com/knead/knead/internal/store"
	"github.com/knead/knead/internal/testkit"
)

// Verification and reset links go out through delivery jobs inserted in the
// transaction that makes the link: a sign-up that fails (a taken address)
// leaves neither a message nor a job.
func TestAccountMailsGoOutThroughJobs(t *testing.T) {
	ctx := context.Background()
	d := testkit.OpenDB(t)
	mailer := notify.NewMailer(testkit.Logger(), time.Now)
	jobs := testkit.Jobs(t, d)
	mailer.Deliver(jobs)
	svc, err := account.NewService(d, account.NewHasher(account.Cheap, 4), mailer, time.Now, "https://knead.test", testkit.Logger())
	if err != nil {
		t.Fatal(err)
	}
	in := account.SignUpInput{Email: "ada@example.test", Password: "a calm long password", Name: "Ada", Role: "client", TimeZone: "UTC"}
	if _, err := svc.SignUp(ctx, in); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SignUp(ctx, in); err == nil {
		t.Fatal("a second sign-up with the address was accepted")
	}
	if err := svc.RequestPasswordReset(ctx, "ada@example.test"); err != nil {
		t.Fatal(err)
	}
	res, err := jobs.JobList(ctx, river.NewJobListParams().Kinds((notify.DeliverArgs{}).Kind()).First(10))
	if err != nil {
		t.Fatal(err)
	}
	msgs, err := store.OutboxPage(ctx, d.R(), 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Jobs) != 2 || len(msgs) != 2 || msgs[0].Kind != "reset_password" || msgs[1].Kind != "verify_email" {
		t.Fatalf("%d delivery jobs for %d messages %v, want one each for the verification and the reset", len(res.Jobs), len(msgs), msgs)
	}
}
