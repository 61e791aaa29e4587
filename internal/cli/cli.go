// Package cli parses knead's command line: a subcommand and its flags, on
// top of KNEAD_* variables, into a Config for the app.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/config"
	"github.com/knead/knead/internal/httpx"
)

// Env is how the CLI reaches the outside world; tests pass their own.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
}

type command struct {
	summary string
	run     func(ctx context.Context, env Env, cfg config.Config, args []string) error
}

var commands = map[string]command{
	"serve":   {"serve the web site and API (default)", runServe},
	"worker":  {"work background jobs (email, reminders) without serving HTTP", runWorker},
	"migrate": {"apply database migrations and exit", runMigrate},
	"demo":    {"add demo therapists, clients and accounts", runDemo},
	"backup":  {"write a consistent copy of a SQLite database", runBackup},
	"user":    {"add a site admin: user add --role admin --email EMAIL", runUser},
	"version": {"print the version", runVersion},
}

// usageError is a mistake on the command line: exit status 2.
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }

// Run executes one command line and returns the process exit status.
func Run(ctx context.Context, args []string, env Env) int {
	name := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	if name == "help" {
		usage(env.Stdout)
		return 0
	}
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(env.Stderr, "knead: unknown command %q\n", name)
		usage(env.Stderr)
		return 2
	}
	cfg, err := config.FromEnv(env.Getenv)
	if err != nil {
		fmt.Fprintf(env.Stderr, "knead: bad environment:\n%s\n", indent(err))
		return 2
	}
	if err := cmd.run(ctx, env, cfg, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		if fe, ok := errors.AsType[*apperr.Error](err); ok && len(fe.Fields) > 0 {
			for f, msg := range fe.Fields {
				fmt.Fprintf(env.Stderr, "knead %s: %s: %s\n", name, f, msg)
			}
			return 1
		}
		if ue, ok := errors.AsType[usageError](err); ok {
			fmt.Fprintf(env.Stderr, "knead %s: %s\n", name, indent(ue.err))
			return 2
		}
		fmt.Fprintf(env.Stderr, "knead %s: %v\n", name, err)
		return 1
	}
	return 0
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: knead [command] [flags]\n\nCommands:")
	for _, name := range []string{"serve", "worker", "migrate", "demo", "user", "backup", "version"} {
		fmt.Fprintf(w, "  %-8s %s\n", name, commands[name].summary)
	}
	fmt.Fprintln(w, "\nRun 'knead COMMAND -h' for a command's flags; docs/config.md lists every setting.")
}

// parse parses flags, rejects stray arguments and validates the result.
func parse(fs *flag.FlagSet, env Env, cfg *config.Config, args []string) error {
	fs.SetOutput(env.Stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("unexpected argument %q", fs.Arg(0))}
	}
	if err := cfg.Validate(); err != nil {
		return usageError{err}
	}
	return nil
}

func logger(env Env, cfg config.Config) *slog.Logger {
	return httpx.NewLogger(env.Stderr, cfg.LogFormat, cfg.LogLevel)
}

func indent(err error) string {
	return strings.ReplaceAll(err.Error(), "\n", "\n  ")
}
