package account

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/db"
	"github.com/knead/knead/internal/store"
)

// Passkeys (WebAuthn). A ceremony has two steps: Begin returns the options
// for the browser and a state that the caller keeps (in the session) until
// Finish. The relying party is the host of the base URL; the user handle is
// the account id in decimal, which says nothing about the person.
//
// Passkeys are resident (discoverable) and always user-verified, so a passkey
// alone signs in: something held and something known or felt.

// MaxPasskeys is how many passkeys one account may hold.
const MaxPasskeys = 10

// Passkey is one of an account's passkeys as its owner sees it.
type Passkey struct {
	ID         int64
	Name       string
	CreatedAt  time.Time
	LastUsedAt *time.Time
}

var (
	// ErrPasskeySignIn answers every failed passkey sign-in alike.
	ErrPasskeySignIn = apperr.ErrUnauthenticated.With("That passkey did not sign you in. Try again, or sign in with your password.")
	// ErrPasskeysUnavailable means the base URL cannot be a relying party:
	// WebAuthn needs a domain name (such as localhost), never an IP address.
	ErrPasskeysUnavailable = apperr.ErrNotFound.With("Passkeys are not available at this address of knead.")

	errPasskeyNotAdded = apperr.ErrInvalid.With("The passkey could not be added. Please try again.")
	errPasskeyExpired  = apperr.ErrInvalid.With("This request to add a passkey has expired or was already used. Please try again.")
	errPasskeyCloned   = apperr.ErrUnauthenticated.With("This passkey could not be trusted: it may have been copied. " +
		"Sign in with your password, then remove it from your account.")
)

// ceremony is the state kept between Begin and Finish.
type ceremony struct {
	Session webauthn.SessionData `json:"session"`
	Name    string               `json:"name,omitempty"` // of the passkey being added
}

// relyingParty builds go-webauthn's view of this site from the base URL.
func (s *Service) relyingParty() (*webauthn.WebAuthn, error) {
	u, err := url.Parse(s.baseURL)
	if err != nil || u.Hostname() == "" || protocol.ValidateRPID(u.Hostname()) != nil {
		return nil, ErrPasskeysUnavailable
	}
	return webauthn.New(&webauthn.Config{
		RPID:          u.Hostname(),
		RPDisplayName: "knead",
		RPOrigins:     []string{u.Scheme + "://" + u.Host},
		AuthenticatorSelection: protocol.AuthenticatorSelection{
			ResidentKey:        protocol.ResidentKeyRequirementRequired,
			RequireResidentKey: protocol.ResidentKeyRequired(),
			UserVerification:   protocol.VerificationRequired,
		},
		Timeouts: webauthn.TimeoutsConfig{
			Login:        webauthn.TimeoutConfig{Enforce: true, Timeout: 5 * time.Minute},
			Registration: webauthn.TimeoutConfig{Enforce: true, Timeout: 5 * time.Minute},
		},
	})
}

// PasskeysAvailable reports whether this site can use passkeys at all.
func (s *Service) PasskeysAvailable() bool {
	_, err := s.relyingParty()
	return err == nil
}

// passkeyUser is an account as go-webauthn sees it.
type passkeyUser struct {
	u     store.User
	creds []webauthn.Credential
}

func (p passkeyUser) WebAuthnID() []byte                         { return userHandle(p.u.ID) }
func (p passkeyUser) WebAuthnName() string                       { return p.u.Email }
func (p passkeyUser) WebAuthnDisplayName() string                { return p.u.Name }
func (p passkeyUser) WebAuthnCredentials() []webauthn.Credential { return p.creds }

func userHandle(id int64) []byte { return []byte(strconv.FormatInt(id, 10)) }

// loadPasskeyUser reads an account and its credentials.
func (s *Service) loadPasskeyUser(ctx context.Context, q db.Querier, id int64) (passkeyUser, []store.Passkey, error) {
	u, err := store.UserByID(ctx, q, id)
	if err != nil {
		return passkeyUser{}, nil, notFound(err)
	}
	rows, err := store.PasskeysOf(ctx, q, id)
	if err != nil {
		return passkeyUser{}, nil, err
	}
	p := passkeyUser{u: u}
	for _, row := range rows {
		var c webauthn.Credential
		if err := json.Unmarshal([]byte(row.Data), &c); err != nil {
			return passkeyUser{}, nil, fmt.Errorf("account: passkey %d: %w", row.ID, err)
		}
		p.creds = append(p.creds, c)
	}
	return p, rows, nil
}

func checkPasskeyName(name string) error {
	f := apperr.Fields{}
	n := utf8.RuneCountInString(name)
	f.Check(n > 0, "name", "Give the passkey a name, such as “Work laptop” or “Phone”.")
	f.Check(n <= 60, "name", "Use at most 60 characters.")
	f.Check(!strings.ContainsFunc(name, unicode.IsControl), "name", "Use letters, numbers, spaces and punctuation only.")
	return f.Err()
}

// BeginPasskeyRegistration starts adding a passkey called name to the
// account: it returns the options for navigator.credentials.create and the
// state to hand to FinishPasskeyRegistration.
func (s *Service) BeginPasskeyRegistration(ctx context.Context, userID int64, name string) (options, state []byte, err error) {
	name = strings.TrimSpace(name)
	if err := checkPasskeyName(name); err != nil {
		return nil, nil, err
	}
	rp, err := s.relyingParty()
	if err != nil {
		return nil, nil, err
	}
	user, _, err := s.loadPasskeyUser(ctx, s.db.R(), userID)
	if err != nil {
		return nil, nil, err
	}
	if len(user.creds) >= MaxPasskeys {
		return nil, nil, apperr.ErrInvalid.With(fmt.Sprintf("An account holds at most %d passkeys. Remove one first.", MaxPasskeys))
	}
	exclude := webauthn.Credentials(user.creds).CredentialDescriptors()
	creation, session, err := rp.BeginRegistration(user, webauthn.WithExclusions(exclude))
	if err != nil {
		return nil, nil, err
	}
	return marshalCeremony(creation, ceremony{Session: *session, Name: name})
}

// FinishPasskeyRegistration checks the browser's answer against the state
// and stores the new passkey.
func (s *Service) FinishPasskeyRegistration(ctx context.Context, userID int64, state, body []byte) (Passkey, error) {
	rp, err := s.relyingParty()
	if err != nil {
		return Passkey{}, err
	}
	var c ceremony
	if len(state) == 0 || json.Unmarshal(state, &c) != nil {
		return Passkey{}, errPasskeyExpired
	}
	if !c.Session.Expires.IsZero() && time.Now().After(c.Session.Expires) {
		return Passkey{}, errPasskeyExpired
	}
	parsed, err := protocol.ParseCredentialCreationResponseBytes(body)
	if err != nil {
		s.logRefusal(ctx, "passkey registration refused", userID, err)
		return Passkey{}, errPasskeyNotAdded
	}
	var out Passkey
	err = s.db.InTx(ctx, func(tx db.Tx) error {
		user, _, err := s.loadPasskeyUser(ctx, tx, userID)
		if err != nil {
			return err
		}
		if len(user.creds) >= MaxPasskeys {
			return apperr.ErrInvalid.With(fmt.Sprintf("An account holds at most %d passkeys. Remove one first.", MaxPasskeys))
		}
		cred, err := rp.CreateCredential(user, c.Session, parsed)
		if err != nil {
			s.logRefusal(ctx, "passkey registration refused", userID, err)
			return errPasskeyNotAdded
		}
		data, err := json.Marshal(cred)
		if err != nil {
			return err
		}
		out = Passkey{Name: c.Name, CreatedAt: s.now().UTC()}
		out.ID, err = store.InsertPasskey(ctx, tx, store.Passkey{UserID: userID, CredentialID: cred.ID, Name: c.Name,
			Data: string(data), CreatedAt: out.CreatedAt})
		if db.IsUnique(err) {
			return apperr.ErrInvalid.With("This passkey is already registered.")
		}
		return err
	})
	if err != nil {
		return Passkey{}, err
	}
	return out, nil
}

// BeginPasskeySignIn starts a username-less sign-in: the browser offers the
// passkeys it holds for this site.
func (s *Service) BeginPasskeySignIn(ctx context.Context) (options, state []byte, err error) {
	rp, err := s.relyingParty()
	if err != nil {
		return nil, nil, err
	}
	assertion, session, err := rp.BeginDiscoverableLogin(webauthn.WithUserVerification(protocol.VerificationRequired))
	if err != nil {
		return nil, nil, err
	}
	return marshalCeremony(assertion, ceremony{Session: *session})
}

// FinishPasskeySignIn checks the browser's assertion against the state and
// returns the account it proves. The passkey's signature counter and last
// use are stored; a counter that went backwards (a cloned authenticator) is
// refused.
func (s *Service) FinishPasskeySignIn(ctx context.Context, state, body []byte) (User, error) {
	rp, err := s.relyingParty()
	if err != nil {
		return User{}, err
	}
	var c ceremony
	if len(state) == 0 || json.Unmarshal(state, &c) != nil {
		return User{}, ErrPasskeySignIn
	}
	parsed, err := protocol.ParseCredentialRequestResponseBytes(body)
	if err != nil {
		s.logRefusal(ctx, "passkey sign-in refused", 0, err)
		return User{}, ErrPasskeySignIn
	}
	var found passkeyUser
	byHandle := func(_, handle []byte) (webauthn.User, error) {
		id, err := strconv.ParseInt(string(handle), 10, 64)
		if err != nil || id <= 0 {
			return nil, errors.New("not a knead user handle")
		}
		if found, _, err = s.loadPasskeyUser(ctx, s.db.R(), id); err != nil {
			return nil, err
		}
		return found, nil
	}
	_, cred, err := rp.ValidatePasskeyLogin(byHandle, c.Session, parsed)
	if err != nil {
		s.logRefusal(ctx, "passkey sign-in refused", found.u.ID, err)
		return User{}, ErrPasskeySignIn
	}
	if cred.Authenticator.CloneWarning {
		s.log.WarnContext(ctx, "passkey sign-in refused: signature counter went backwards", "user", found.u.ID,
			"sign_count", cred.Authenticator.SignCount)
		return User{}, errPasskeyCloned
	}
	data, err := json.Marshal(cred)
	if err != nil {
		return User{}, err
	}
	if err := store.UpdatePasskeyUse(ctx, s.db.W(), found.u.ID, cred.ID, string(data), s.now()); err != nil {
		if errors.Is(err, store.ErrNotFound) { // removed while the prompt was open
			return User{}, ErrPasskeySignIn
		}
		return User{}, err
	}
	return userFrom(found.u), nil
}

// Passkeys lists an account's passkeys, oldest first.
func (s *Service) Passkeys(ctx context.Context, userID int64) ([]Passkey, error) {
	rows, err := store.PasskeysOf(ctx, s.db.R(), userID)
	if err != nil {
		return nil, err
	}
	out := make([]Passkey, len(rows))
	for i, p := range rows {
		out[i] = Passkey{ID: p.ID, Name: p.Name, CreatedAt: p.CreatedAt.UTC(), LastUsedAt: p.LastUsedAt}
	}
	return out, nil
}

// DeletePasskey removes one of the account's passkeys; another account's is
// not found.
func (s *Service) DeletePasskey(ctx context.Context, userID, id int64) error {
	return notFound(store.DeletePasskey(ctx, s.db.W(), userID, id))
}

func marshalCeremony(options any, c ceremony) (opts, state []byte, err error) {
	if opts, err = json.Marshal(options); err != nil {
		return nil, nil, err
	}
	if state, err = json.Marshal(c); err != nil {
		return nil, nil, err
	}
	return opts, state, nil
}

// logRefusal records why go-webauthn refused a ceremony; people see only a
// plain message.
func (s *Service) logRefusal(ctx context.Context, msg string, userID int64, err error) {
	attrs := []any{"user", userID, "err", err}
	if pe, ok := errors.AsType[*protocol.Error](err); ok {
		attrs = append(attrs, "detail", pe.Details, "info", pe.DevInfo)
	}
	s.log.InfoContext(ctx, msg, attrs...)
}
