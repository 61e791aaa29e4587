package account_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-webauthn/webauthn/protocol/webauthncbor"

	"github.com/knead/knead/internal/account"
	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/notify"
	"github.com/knead/knead/internal/testkit"
)

const (
	testRPID   = "knead.test"
	testOrigin = "https://knead.test"
)

var b64 = base64.RawURLEncoding

// authenticator is a software passkey: one ES256 key, resident, user
// verified, with a signature counter.
type authenticator struct {
	t      *testing.T
	key    *ecdsa.PrivateKey
	credID []byte
	handle []byte // the user handle it stored at registration
	count  uint32
	origin string
}

func newAuthenticator(t *testing.T) *authenticator {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	id := make([]byte, 16)
	_, _ = rand.Read(id)
	return &authenticator{t: t, key: key, credID: id, origin: testOrigin}
}

// options is the part of the creation and request options a passkey reads.
type options struct {
	PublicKey struct {
		Challenge string `json:"challenge"`
		RP        struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"rp"`
		RPID string `json:"rpId"`
		User struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"user"`
		AuthenticatorSelection struct {
			ResidentKey      string `json:"residentKey"`
			UserVerification string `json:"userVerification"`
		} `json:"authenticatorSelection"`
		UserVerification   string            `json:"userVerification"`
		ExcludeCredentials []json.RawMessage `json:"excludeCredentials"`
	} `json:"publicKey"`
}

func parseOptions(t *testing.T, raw []byte) options {
	t.Helper()
	var o options
	if err := json.Unmarshal(raw, &o); err != nil {
		t.Fatalf("options %s: %v", raw, err)
	}
	return o
}

func (a *authenticator) clientData(typ, challenge string) []byte {
	b, _ := json.Marshal(map[string]any{"type": typ, "challenge": challenge, "origin": a.origin, "crossOrigin": false})
	return b
}

func (a *authenticator) authData(withCredential bool) []byte {
	rp := sha256.Sum256([]byte(testRPID))
	flags := byte(0x01 | 0x04) // user present, user verified
	if withCredential {
		flags |= 0x40 // attested credential data
	}
	out := append(rp[:], flags)
	out = binary.BigEndian.AppendUint32(out, a.count)
	if !withCredential {
		return out
	}
	out = append(out, make([]byte, 16)...) // AAGUID
	out = binary.BigEndian.AppendUint16(out, uint16(len(a.credID)))
	out = append(out, a.credID...)
	point, err := a.key.PublicKey.Bytes() // 0x04 ‖ x ‖ y
	if err != nil {
		a.t.Fatal(err)
	}
	cose, err := webauthncbor.Marshal(map[int]any{1: 2, 3: -7, -1: 1, -2: point[1:33], -3: point[33:65]})
	if err != nil {
		a.t.Fatal(err)
	}
	return append(out, cose...)
}

// create answers navigator.credentials.create.
func (a *authenticator) create(raw []byte) []byte {
	a.t.Helper()
	o := parseOptions(a.t, raw)
	a.handle, _ = b64.DecodeString(o.PublicKey.User.ID)
	a.count = 1
	att, err := webauthncbor.Marshal(map[string]any{"fmt": "none", "attStmt": map[string]any{}, "authData": a.authData(true)})
	if err != nil {
		a.t.Fatal(err)
	}
	body, _ := json.Marshal(map[string]any{
		"id": b64.EncodeToString(a.credID), "rawId": b64.EncodeToString(a.credID), "type": "public-key",
		"response": map[string]any{
			"clientDataJSON":    b64.EncodeToString(a.clientData("webauthn.create", o.PublicKey.Challenge)),
			"attestationObject": b64.EncodeToString(att),
		},
		"clientExtensionResults": map[string]any{},
	})
	return body
}

// get answers navigator.credentials.get, counting the use.
func (a *authenticator) get(raw []byte) []byte {
	a.t.Helper()
	o := parseOptions(a.t, raw)
	a.count++
	auth := a.authData(false)
	cd := a.clientData("webauthn.get", o.PublicKey.Challenge)
	sum := sha256.Sum256(cd)
	digest := sha256.Sum256(append(append([]byte(nil), auth...), sum[:]...))
	sig, err := ecdsa.SignASN1(rand.Reader, a.key, digest[:])
	if err != nil {
		a.t.Fatal(err)
	}
	body, _ := json.Marshal(map[string]any{
		"id": b64.EncodeToString(a.credID), "rawId": b64.EncodeToString(a.credID), "type": "public-key",
		"response": map[string]any{
			"clientDataJSON":    b64.EncodeToString(cd),
			"authenticatorData": b64.EncodeToString(auth),
			"signature":         b64.EncodeToString(sig),
			"userHandle":        b64.EncodeToString(a.handle),
		},
		"clientExtensionResults": map[string]any{},
	})
	return body
}

func status(err error) int {
	if err == nil {
		return 0
	}
	return apperr.From(err).Status
}

// register adds a passkey through both steps of the ceremony.
func (f *fixture) register(a *authenticator, userID int64, name string) account.Passkey {
	f.t.Helper()
	opts, state, err := f.svc.BeginPasskeyRegistration(f.ctx, userID, name)
	if err != nil {
		f.t.Fatalf("begin registration: %v", err)
	}
	p, err := f.svc.FinishPasskeyRegistration(f.ctx, userID, state, a.create(opts))
	if err != nil {
		f.t.Fatalf("finish registration: %v", err)
	}
	return p
}

// signIn runs a passkey sign-in; change may tamper with the answer.
func (f *fixture) passkeySignIn(a *authenticator, change func([]byte) []byte) (account.User, error) {
	f.t.Helper()
	opts, state, err := f.svc.BeginPasskeySignIn(f.ctx)
	if err != nil {
		f.t.Fatalf("begin sign-in: %v", err)
	}
	body := a.get(opts)
	if change != nil {
		body = change(body)
	}
	return f.svc.FinishPasskeySignIn(f.ctx, state, body)
}

func TestPasskeyOptions(t *testing.T) {
	f := newFixture(t)
	u := f.signUp("ada@example.test")
	raw, state, err := f.svc.BeginPasskeyRegistration(f.ctx, u.ID, "  Work laptop ")
	if err != nil {
		t.Fatal(err)
	}
	o := parseOptions(t, raw)
	pk := o.PublicKey
	if pk.RP.ID != testRPID || pk.RP.Name != "knead" {
		t.Errorf("relying party %q %q, want %q knead", pk.RP.ID, pk.RP.Name, testRPID)
	}
	if handle, _ := b64.DecodeString(pk.User.ID); string(handle) != strconv.FormatInt(u.ID, 10) {
		t.Errorf("user handle %q, want the account id %d", handle, u.ID)
	}
	if pk.User.Name != "ada@example.test" {
		t.Errorf("user name %q, want the email address", pk.User.Name)
	}
	if pk.AuthenticatorSelection.ResidentKey != "required" || pk.AuthenticatorSelection.UserVerification != "required" {
		t.Errorf("authenticator selection %+v, want a resident, user-verified passkey", pk.AuthenticatorSelection)
	}
	if len(pk.Challenge) < 22 || len(state) == 0 {
		t.Errorf("challenge %q, state %d bytes: want both", pk.Challenge, len(state))
	}

	raw, _, err = f.svc.BeginPasskeySignIn(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	o = parseOptions(t, raw)
	if o.PublicKey.RPID != testRPID || o.PublicKey.UserVerification != "required" || len(o.PublicKey.Challenge) < 22 {
		t.Errorf("sign-in options %s: want rpId %s, user verification required and a challenge", raw, testRPID)
	}

	for _, name := range []string{"", "   ", "tab\there", string(make([]rune, 61))} {
		_, _, err := f.svc.BeginPasskeyRegistration(f.ctx, u.ID, name)
		if e := apperr.From(err); e.Status != http.StatusUnprocessableEntity || e.Fields["name"] == "" {
			t.Errorf("name %q: %v, want 422 with a message for name", name, err)
		}
	}
}

func TestPasskeyRegisterAndSignIn(t *testing.T) {
	f := newFixture(t)
	u := f.signUp("ada@example.test")
	a := newAuthenticator(t)
	p := f.register(a, u.ID, "Work laptop")
	if p.ID == 0 || p.Name != "Work laptop" {
		t.Fatalf("registered %+v", p)
	}
	list, err := f.svc.Passkeys(f.ctx, u.ID)
	if err != nil || len(list) != 1 || list[0].Name != "Work laptop" || list[0].LastUsedAt != nil ||
		!list[0].CreatedAt.Equal(f.clock.now()) {
		t.Fatalf("passkeys %+v, %v: want the new one, created now, never used", list, err)
	}

	// The same authenticator is excluded from a second registration.
	raw, _, err := f.svc.BeginPasskeyRegistration(f.ctx, u.ID, "Again")
	if err != nil {
		t.Fatal(err)
	}
	if n := len(parseOptions(t, raw).PublicKey.ExcludeCredentials); n != 1 {
		t.Errorf("%d excluded credentials, want 1", n)
	}

	f.clock.advance(time.Hour)
	got, err := f.passkeySignIn(a, nil)
	if err != nil || got.ID != u.ID || got.Email != "ada@example.test" {
		t.Fatalf("sign in: %+v, %v", got, err)
	}
	list, _ = f.svc.Passkeys(f.ctx, u.ID)
	if list[0].LastUsedAt == nil || !list[0].LastUsedAt.Equal(f.clock.now()) {
		t.Errorf("last used %v, want %v", list[0].LastUsedAt, f.clock.now())
	}
	if _, err := f.passkeySignIn(a, nil); err != nil {
		t.Fatalf("second sign in: %v", err)
	}

	// An authenticator whose counter went backwards may be a copy.
	a.count = 1
	if _, err := f.passkeySignIn(a, nil); status(err) != http.StatusUnauthorized || !strings.Contains(err.Error(), "copied") {
		t.Errorf("counter went backwards: %v, want 401 saying it may be a copy", err)
	}

	// Another site's answer, or a key that is not the passkey's, proves nothing.
	a.count = 10
	a.origin = "https://evil.example"
	if _, err := f.passkeySignIn(a, nil); status(err) != http.StatusUnauthorized {
		t.Errorf("foreign origin: %v, want 401", err)
	}
	a.origin = testOrigin
	forged := newAuthenticator(t)
	forged.credID, forged.handle, forged.count = a.credID, a.handle, 20
	if _, err := f.passkeySignIn(forged, nil); status(err) != http.StatusUnauthorized {
		t.Errorf("forged signature: %v, want 401", err)
	}

	// A user handle naming another account does not move the passkey there.
	other := f.signUp("bob@example.test")
	a.handle = []byte(strconv.FormatInt(other.ID, 10))
	if _, err := f.passkeySignIn(a, nil); status(err) != http.StatusUnauthorized {
		t.Errorf("other user's handle: %v, want 401", err)
	}
}

// Whatever a client sends, a bad payload is refused as such, never a 500.
func TestPasskeyGarbage(t *testing.T) {
	f := newFixture(t)
	u := f.signUp("ada@example.test")
	opts, state, err := f.svc.BeginPasskeyRegistration(f.ctx, u.ID, "Laptop")
	if err != nil {
		t.Fatal(err)
	}
	good := newAuthenticator(t).create(opts)
	bodies := [][]byte{nil, []byte(""), []byte("null"), []byte("{}"), []byte("not json"), []byte(`{"id":1}`),
		[]byte(`{"id":"AAAA","rawId":"AAAA","type":"public-key","response":{"clientDataJSON":"e30","attestationObject":"oA"}}`),
		good[:len(good)/2]}
	for _, body := range bodies {
		if _, err := f.svc.FinishPasskeyRegistration(f.ctx, u.ID, state, body); status(err) != http.StatusUnprocessableEntity {
			t.Errorf("register %.40q: %v, want 422", body, err)
		}
	}
	for _, st := range [][]byte{nil, []byte("garbage"), []byte(`{"session":{"challenge":"x"}}`)} {
		if _, err := f.svc.FinishPasskeyRegistration(f.ctx, u.ID, st, good); status(err) != http.StatusUnprocessableEntity {
			t.Errorf("register with state %q: %v, want 422", st, err)
		}
	}
	// The state was made for this account, not another.
	other := f.signUp("bob@example.test")
	if _, err := f.svc.FinishPasskeyRegistration(f.ctx, other.ID, state, good); status(err) != http.StatusUnprocessableEntity {
		t.Errorf("register another's ceremony: %v, want 422", err)
	}

	_, state, err = f.svc.BeginPasskeySignIn(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, body := range append(bodies, good) {
		if _, err := f.svc.FinishPasskeySignIn(f.ctx, state, body); status(err) != http.StatusUnauthorized {
			t.Errorf("sign in with %.40q: %v, want 401", body, err)
		}
	}
	if _, err := f.svc.FinishPasskeySignIn(f.ctx, nil, good); status(err) != http.StatusUnauthorized {
		t.Errorf("sign in without state: %v, want 401", err)
	}
	// A registration ceremony's state does not start a sign-in.
	_, regState, _ := f.svc.BeginPasskeyRegistration(f.ctx, u.ID, "Laptop")
	a := newAuthenticator(t)
	f.register(a, u.ID, "Phone")
	opts, _, _ = f.svc.BeginPasskeySignIn(f.ctx)
	if _, err := f.svc.FinishPasskeySignIn(f.ctx, regState, a.get(opts)); status(err) != http.StatusUnauthorized {
		t.Errorf("sign in with a registration state: %v, want 401", err)
	}
}

func TestPasskeysBelongToTheirOwner(t *testing.T) {
	f := newFixture(t)
	ada, bob := f.signUp("ada@example.test"), f.signUp("bob@example.test")
	p := f.register(newAuthenticator(t), ada.ID, "Ada's phone")
	if list, err := f.svc.Passkeys(f.ctx, bob.ID); err != nil || len(list) != 0 {
		t.Errorf("bob's passkeys %+v, %v: want none", list, err)
	}
	if err := f.svc.DeletePasskey(f.ctx, bob.ID, p.ID); problem(err) != "not-found" {
		t.Errorf("bob deletes ada's passkey: %v, want not-found", err)
	}
	if list, _ := f.svc.Passkeys(f.ctx, ada.ID); len(list) != 1 {
		t.Fatalf("ada has %d passkeys after bob's attempt, want 1", len(list))
	}
	if err := f.svc.DeletePasskey(f.ctx, ada.ID, p.ID); err != nil {
		t.Fatalf("ada deletes her passkey: %v", err)
	}
	if err := f.svc.DeletePasskey(f.ctx, ada.ID, p.ID); problem(err) != "not-found" {
		t.Errorf("delete twice: %v, want not-found", err)
	}
	if list, _ := f.svc.Passkeys(f.ctx, ada.ID); len(list) != 0 {
		t.Errorf("ada has %d passkeys after deleting, want 0", len(list))
	}
}

// A removed passkey no longer signs in.
func TestRemovedPasskeyCannotSignIn(t *testing.T) {
	f := newFixture(t)
	u := f.signUp("ada@example.test")
	a := newAuthenticator(t)
	p := f.register(a, u.ID, "Phone")
	if err := f.svc.DeletePasskey(f.ctx, u.ID, p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.passkeySignIn(a, nil); status(err) != http.StatusUnauthorized {
		t.Errorf("removed passkey: %v, want 401", err)
	}
}

func TestPasskeyLimit(t *testing.T) {
	f := newFixture(t)
	u := f.signUp("ada@example.test")
	for i := range account.MaxPasskeys {
		f.register(newAuthenticator(t), u.ID, "Key "+strconv.Itoa(i))
	}
	if _, _, err := f.svc.BeginPasskeyRegistration(f.ctx, u.ID, "One too many"); status(err) != http.StatusUnprocessableEntity {
		t.Errorf("passkey %d: %v, want 422", account.MaxPasskeys+1, err)
	}
}

// WebAuthn needs a domain name: a site reached by IP address has no passkeys.
func TestPasskeysNeedADomainName(t *testing.T) {
	d := testkit.OpenDB(t)
	now := func() time.Time { return time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC) }
	for url, want := range map[string]bool{"http://127.0.0.1:8080": false, "http://[::1]:8080": false,
		"http://localhost:8080": true, "https://knead.example": true} {
		svc, err := account.NewService(d, account.NewHasher(account.Cheap, 4), notify.NewMailer(testkit.Logger(), now),
			now, url, testkit.Logger())
		if err != nil {
			t.Fatal(err)
		}
		if got := svc.PasskeysAvailable(); got != want {
			t.Errorf("%s: passkeys available %v, want %v", url, got, want)
		}
		if _, _, err := svc.BeginPasskeySignIn(t.Context()); !want && problem(err) != "not-found" {
			t.Errorf("%s: begin sign-in: %v, want not-found", url, err)
		}
	}
}
