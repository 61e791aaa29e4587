package cli

import (
	"bufio"
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/knead/knead/internal/account"
	"github.com/knead/knead/internal/app"
	"github.com/knead/knead/internal/config"
	"github.com/knead/knead/internal/notify"
)

// runUser handles `knead user add`: site admins are made here, never on the
// web.
func runUser(ctx context.Context, env Env, cfg config.Config, args []string) error {
	if len(args) == 0 || args[0] != "add" {
		return usageError{errors.New("usage: knead user add --role admin --email EMAIL [--name NAME] [--password-stdin]")}
	}
	fs := flag.NewFlagSet("user add", flag.ContinueOnError)
	cfg.BindDB(fs)
	role := fs.String("role", "admin", "role of the new account (only admin: people sign up as clients and therapists)")
	email := fs.String("email", "", "email address")
	name := fs.String("name", "Site admin", "display name")
	fromStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input")
	if err := parse(fs, env, &cfg, args[1:]); err != nil {
		return err
	}
	if *role != "admin" {
		return usageError{errors.New("--role must be admin; clients and therapists sign up themselves")}
	}
	if *email == "" {
		return usageError{errors.New("--email is required")}
	}
	password, generated, err := readPassword(env.Stdin, *fromStdin)
	if err != nil {
		return err
	}
	log := logger(env, cfg)
	d, err := app.Open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer d.Close()
	svc, err := account.NewService(d, account.NewHasher(account.ParamsFor(cfg.PasswordHashing), 1),
		notify.NewMailer(log, time.Now), time.Now, cfg.BaseURL, log)
	if err != nil {
		return err
	}
	u, err := svc.CreateAdmin(ctx, *email, *name, password)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "created site admin %s (id %d)\n", u.Email, u.ID)
	if generated {
		fmt.Fprintf(env.Stdout, "password (shown once): %s\n", password)
	}
	return nil
}

// readPassword takes the first line of stdin, or makes a strong password.
func readPassword(stdin io.Reader, fromStdin bool) (password string, generated bool, err error) {
	if !fromStdin {
		return rand.Text(), true, nil
	}
	if stdin == nil {
		return "", false, usageError{errors.New("--password-stdin given but there is no standard input")}
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", false, err
	}
	return strings.TrimRight(line, "\r\n"), false, nil
}
