package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"github.com/knead/knead/internal/app"
	"github.com/knead/knead/internal/config"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/version"
)

func runServe(ctx context.Context, env Env, cfg config.Config, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	cfg.BindServe(fs)
	loadDemo := fs.Bool("demo", false, "load demo data (nothing twice) before serving")
	if err := parse(fs, env, &cfg, args); err != nil {
		return err
	}
	return app.Serve(ctx, cfg, *loadDemo, env.Stdout, logger(env, cfg))
}

// runWorker works the background jobs alone: for deployments that run web
// servers with --no-workers and the jobs elsewhere.
func runWorker(ctx context.Context, env Env, cfg config.Config, args []string) error {
	fs := flag.NewFlagSet("worker", flag.ContinueOnError)
	cfg.BindWorker(fs)
	if err := parse(fs, env, &cfg, args); err != nil {
		return err
	}
	return app.Work(ctx, cfg, env.Stdout, logger(env, cfg))
}

func runMigrate(ctx context.Context, env Env, cfg config.Config, args []string) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	cfg.BindDB(fs)
	if err := parse(fs, env, &cfg, args); err != nil {
		return err
	}
	d, err := db.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer d.Close()
	m, err := d.Migrate(ctx, logger(env, cfg))
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "applied %d schema and %d River migrations\n", len(m.Schema), len(m.River))
	return nil
}

func runDemo(ctx context.Context, env Env, cfg config.Config, args []string) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	cfg.BindDB(fs)
	opt := app.DemoDefaults
	fs.IntVar(&opt.Therapists, "therapists", opt.Therapists, "number of demo therapists")
	fs.IntVar(&opt.Clients, "clients", opt.Clients, "number of demo clients")
	fs.Int64Var(&opt.Seed, "seed", opt.Seed, "random seed: the same seed gives the same data")
	if err := parse(fs, env, &cfg, args); err != nil {
		return err
	}
	if opt.Therapists < 0 || opt.Therapists > 1_000_000 || opt.Clients < 0 || opt.Clients > 1_000_000 {
		return usageError{errors.New("--therapists and --clients must be between 0 and 1000000")}
	}
	log := logger(env, cfg)
	d, err := app.Open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer d.Close()
	res, err := app.LoadDemo(ctx, cfg, d, opt, log)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "added %d therapists and %d clients (admin added: %v)\n",
		res.TherapistsAdded, res.ClientsAdded, res.AdminAdded)
	return nil
}

func runBackup(ctx context.Context, env Env, cfg config.Config, args []string) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	cfg.BindDB(fs)
	out := fs.String("out", "", "file to write the copy to (must not exist)")
	if err := parse(fs, env, &cfg, args); err != nil {
		return err
	}
	if dialect, _, _ := config.SplitDatabaseURL(cfg.DatabaseURL); dialect == "postgres" {
		return errors.New("backups of PostgreSQL are pg_dump's job: pg_dump --format=custom --file=knead.dump DATABASE_URL")
	}
	if *out == "" {
		return usageError{errors.New("--out is required")}
	}
	d, err := db.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Backup(ctx, *out); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "wrote %s\n", *out)
	return nil
}

func runVersion(_ context.Context, env Env, _ config.Config, args []string) error {
	if len(args) > 0 {
		return usageError{fmt.Errorf("unexpected argument %q", args[0])}
	}
	fmt.Fprintf(env.Stdout, "knead %s\n", version.String())
	return nil
}
