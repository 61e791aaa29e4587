// Package app is the composition root: it turns a Config into a running
// knead — database, migrations, services, HTTP servers — and shuts it down
// gracefully.
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"net/url"
	"runtime"
	"strings"
	"time"

	"github.com/knead/knead/internal/account"
	"github.com/knead/knead/internal/api"
	"github.com/knead/knead/internal/audit"
	"github.com/knead/knead/internal/booking"
	"github.com/knead/knead/internal/checkin"
	"github.com/knead/knead/internal/config"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/demo"
	"github.com/knead/knead/internal/directory"
	"github.com/knead/knead/internal/homecare"
	"github.com/knead/knead/internal/instrument"
	"github.com/knead/knead/internal/intake"
	"github.com/knead/knead/internal/jobs"
	"github.com/knead/knead/internal/metrics"
	"github.com/knead/knead/internal/notify"
	"github.com/knead/knead/internal/outcome"
	"github.com/knead/knead/internal/practice"
	"github.com/knead/knead/internal/screening"
	"github.com/knead/knead/internal/therapist"
	"github.com/knead/knead/internal/waitlist"
	"github.com/knead/knead/internal/web"
	"github.com/riverqueue/river"
)

// DemoDefaults is the data set `serve --demo` loads: enough to explore,
// small enough to be ready in seconds.
var DemoDefaults = demo.Options{Therapists: 400, Clients: 40, Seed: 1}

// Open connects to the database and applies pending migrations.
func Open(ctx context.Context, cfg config.Config, log *slog.Logger) (*db.DB, error) {
	d, err := db.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return nil, err
	}
	if _, err := d.Migrate(ctx, log); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// LoadDemo adds the demo data set to d (nothing twice).
func LoadDemo(ctx context.Context, cfg config.Config, d *db.DB, opt demo.Options, log *slog.Logger) (demo.Result, error) {
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	h := account.NewHasher(account.ParamsFor(cfg.PasswordHashing), 2)
	return demo.Load(ctx, d, h, opt, log)
}

// Serve runs knead until ctx is cancelled (SIGTERM, SIGINT), then drains
// requests in flight for up to cfg.ShutdownTimeout.
func Serve(ctx context.Context, cfg config.Config, loadDemo bool, stdout io.Writer, log *slog.Logger) error {
	d, err := Open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer d.Close()
	if loadDemo {
		if _, err := LoadDemo(ctx, cfg, d, DemoDefaults, log); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	if strings.HasSuffix(cfg.BaseURL, ":0") { // derived from --addr …:0: use the port we got
		cfg.BaseURL = "http://" + ln.Addr().String()
	}
	m := metrics.New(d)
	site, work, err := NewSite(cfg, d, m, log)
	if err != nil {
		ln.Close()
		return err
	}
	if !cfg.NoWorkers {
		if err := work.Start(ctx); err != nil {
			ln.Close()
			return fmt.Errorf("start jobs: %w", err)
		}
	}
	go func() { // else the first search after a start reads the whole directory
		if err := site.Directory.Warm(ctx); err != nil && ctx.Err() == nil {
			log.Warn("directory warm-up", "err", err)
		}
	}()
	servers := []*http.Server{newServer(cfg, site.Handler(), log)}
	listeners := []net.Listener{ln}
	if cfg.MetricsAddr != "" {
		mln, err := net.Listen("tcp", cfg.MetricsAddr)
		if err != nil {
			ln.Close()
			return fmt.Errorf("listen on metrics address %s: %w", cfg.MetricsAddr, err)
		}
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", m.Handler())
		// Profiles only on this private listener: they show code paths and
		// timings, never request data.
		mux.HandleFunc("GET /debug/pprof/", pprof.Index)
		mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
		mux.HandleFunc("GET /debug/pprof/trace", pprof.Trace)
		servers, listeners = append(servers, newServer(cfg, mux, log)), append(listeners, mln)
		log.Info("metrics listening", "addr", mln.Addr().String())
	}

	errc := make(chan error, len(servers))
	for i, srv := range servers {
		go func() { errc <- srv.Serve(listeners[i]) }()
	}
	url := "http://" + ln.Addr().String()
	log.Info("knead listening", "url", url, "database", d.Dialect.String(), "demo", loadDemo, "workers", !cfg.NoWorkers)
	fmt.Fprintf(stdout, "knead is ready at %s\n", url)
	if loadDemo {
		fmt.Fprintf(stdout, "Demo accounts (password %q): admin@demo.knead.test, therapist1@demo.knead.test, client1@demo.knead.test\n", demo.Password)
		fmt.Fprintf(stdout, "Six weeks of care to look at: %s with %s (improving) and %s (not improving)\n",
			demo.StoryTherapist, demo.StoryImproving, demo.StoryNoChange)
	}

	select {
	case err := <-errc:
		return fmt.Errorf("server stopped: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down", "timeout", cfg.ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	var errs []error
	for _, srv := range servers {
		if err := srv.Shutdown(sctx); err != nil {
			errs = append(errs, err)
		}
	}
	if !cfg.NoWorkers {
		if err := work.Stop(sctx); err != nil {
			errs = append(errs, fmt.Errorf("stop jobs: %w", err))
		}
	}
	return errors.Join(errs...)
}

// NewSite builds the services, the web surface (pages and API) over d,
// and the runner that works their jobs once started.
func NewSite(cfg config.Config, d *db.DB, m *metrics.Metrics, log *slog.Logger) (*web.Server, *jobs.Runner, error) {
	p, err := newParts(cfg, d, log)
	if err != nil {
		return nil, nil, err
	}
	now := time.Now
	dir := directory.New(d, now, therapist.Bookability(cfg.CredentialRule))
	care := homecare.New(d, now)
	instruments, err := instrument.Load(cfg.InstrumentsDir)
	if err != nil {
		return nil, nil, err
	}
	// An installed disability instrument is asked again at the PGIC's
	// points, and its own responder rule counts in the verdict (§3.2).
	disability := instruments.OfKind(instrument.Disability)
	outcomes := outcome.New(d, now).WithHomeCare(care).WithIntake(intake.PainAverage).
		WithDisability(disability).WithInstrument(outcome.Responder(disability, intake.MeasureBaselines))
	site, err := web.New(web.Deps{Config: cfg, Log: log, DB: d, Metrics: m, Accounts: p.accounts, Booking: p.bookings,
		Calendar: p.cal, Practice: p.practices, Waitlist: p.waiting, Directory: dir, CheckIn: checkin.New(d, now), Outcome: outcomes,
		Sessions: web.NewSessions(cfg, d), Now: now, HomeCare: care, Jobs: p.runner.Client, MailPrefs: notify.NewPreferences(d),
		API: api.New(api.Deps{Log: log, DB: d, Accounts: p.accounts, Booking: p.bookings, Calendar: p.cal, Practice: p.practices,
			Waitlist: p.waiting, Screening: screening.New(d, now), CheckIn: checkin.New(d, now), Audit: audit.New(d), Directory: dir,
			Outcome: outcomes, Now: now, HomeCare: care, Intake: intake.New(d, instruments, now), Instruments: instruments})})
	return site, p.runner, err
}

// parts are the services both `serve` and `worker` need: everything that
// causes jobs or works them.
type parts struct {
	accounts  *account.Service
	bookings  *booking.Service
	practices *practice.Service
	cal       *booking.Calendar
	waiting   *waitlist.Service
	runner    *jobs.Runner
}

func newParts(cfg config.Config, d *db.DB, log *slog.Logger) (*parts, error) {
	now := time.Now
	p := &parts{}
	hasher := account.NewHasher(account.ParamsFor(cfg.PasswordHashing), runtime.GOMAXPROCS(0))
	mailer := notify.NewMailer(log, now)
	mailer.LinkFrom(cfg.BaseURL)
	var err error
	if p.accounts, err = account.NewService(d, hasher, mailer, now, cfg.BaseURL, log); err != nil {
		return nil, err
	}
	p.bookings = booking.New(d, now).WithBookability(therapist.Bookability(cfg.CredentialRule))
	p.practices = practice.New(d, now)
	p.cal = booking.NewCalendar(p.bookings, cfg.BaseURL)
	outbox := jobs.NewOutbox(d, now, log)
	notices := notify.NewNotices(mailer, p.cal, outbox, cfg.BaseURL)
	p.bookings.OnChange(notices.Changed)
	p.waiting = waitlist.New(d, p.bookings, outbox, now, waitlist.DefaultHold)
	p.practices.OnFreed(p.waiting.Match)
	periodic := notify.NewPeriodic(d, mailer, cfg.BaseURL, now)
	work := &jobs.Work{Workers: river.NewWorkers(), RescueAfter: cfg.JobRescueAfter}
	work.Periodic = append(p.waiting.AddWork(work.Workers), periodic.AddWork(work.Workers)...)
	notices.AddWork(work.Workers, d)
	var smtp *notify.SMTP
	if cfg.SMTPURL != "" {
		if smtp, err = notify.NewSMTP(cfg.SMTPURL, mailFrom(cfg)); err != nil {
			return nil, err
		}
		notify.AddDelivery(work.Workers, d, smtp, cfg.BaseURL, now)
	}
	client, err := jobs.New(d, log, work)
	if err != nil {
		return nil, err
	}
	periodic.UseJobs(client)
	if smtp != nil {
		mailer.Deliver(client)
	}
	p.runner = &jobs.Runner{Client: client, Outbox: outbox}
	return p, nil
}

// Work runs the background jobs alone, without HTTP, until ctx is
// cancelled: `knead worker`, beside servers started with --no-workers. It
// runs the whole runner: River's client and the pump that moves what the
// servers wrote into River.
func Work(ctx context.Context, cfg config.Config, stdout io.Writer, log *slog.Logger) error {
	d, err := Open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer d.Close()
	p, err := newParts(cfg, d, log)
	if err != nil {
		return err
	}
	if err := p.runner.Start(ctx); err != nil {
		return fmt.Errorf("start jobs: %w", err)
	}
	log.Info("knead worker running", "database", d.Dialect.String())
	fmt.Fprintln(stdout, "knead worker is running")
	<-ctx.Done()
	log.Info("shutting down", "timeout", cfg.ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := p.runner.Stop(sctx); err != nil {
		return fmt.Errorf("stop jobs: %w", err)
	}
	return nil
}

func newServer(cfg config.Config, h http.Handler, log *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: cfg.ReadHeaderTimeout,
		ReadTimeout:       cfg.ReadTimeout,
		WriteTimeout:      cfg.WriteTimeout,
		IdleTimeout:       cfg.IdleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

// mailFrom is the configured sender, or no-reply at the base URL's host.
func mailFrom(cfg config.Config) string {
	if cfg.MailFrom != "" {
		return cfg.MailFrom
	}
	host := "localhost"
	if u, err := url.Parse(cfg.BaseURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	return "knead <no-reply@" + host + ">"
}
