//go:build e2e

package e2e

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

const (
	chromiumPath = "/usr/bin/chromium" // Debian's; never let a tool download a browser
	visitTimeout = 60 * time.Second
)

// axeSource is axe-core, vendored by `make assets`.
//
//go:embed testdata/axe.min.js
var axeSource string

// viewports are the widths every visited page is checked and photographed at.
var viewports = []struct {
	name          string
	width, height int64
	opts          []chromedp.EmulateViewportOption
}{
	{"desktop", 1280, 800, nil},
	{"phone", 375, 812, []chromedp.EmulateViewportOption{chromedp.EmulateMobile, chromedp.EmulateTouch}},
}

// startBrowser starts Chromium and returns a context that tabs are opened from.
func startBrowser(tmp string) (context.Context, func(), error) {
	if _, err := os.Stat(chromiumPath); err != nil {
		return nil, nil, fmt.Errorf("%s is missing: apt-get install -y chromium", chromiumPath)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.NoSandbox, // CI runs as root
		chromedp.DisableGPU,
		chromedp.Headless,
		chromedp.NoFirstRun,
		// Without these Chromium keeps dialling out on a closed network.
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(filepath.Join(tmp, "chromium")),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	// The first Run starts the browser and binds it to ctx: no timeout here.
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		cancelAlloc()
		return nil, nil, fmt.Errorf("start %s: %w", chromiumPath, err)
	}
	return ctx, func() { cancel(); cancelAlloc() }, nil
}

// tab is a browser tab, opened by openTab, whose console errors and CSP
// violations are recorded for check.
type tab struct {
	ctx      context.Context
	status   int64 // HTTP status of the document
	rec      *recorder
	reported int // how many of rec's messages check has reported
}

// visit opens path in a fresh tab (with its own cookies) at each of the
// viewports, saves a full-page screenshot of each to artifacts/, and fails t
// on any console error, uncaught exception, CSP violation or axe-core WCAG 2
// A/AA violation. The returned page stays open, at phone width, until t ends.
func visit(t *testing.T, path string) *tab {
	t.Helper()
	return visitIn(t, browser, path, chromedp.WithNewBrowserContext())
}

// visitIn is visit in a tab made from parent with opts. A tab made from a
// signed-in person's tab, with no opts, shares that person's cookies.
func visitIn(t *testing.T, parent context.Context, path string, opts ...chromedp.ContextOption) *tab {
	t.Helper()
	url := baseURL + path
	p := openTab(t, parent, url, visitTimeout, opts...)
	resp, err := navigate(p.ctx, url)
	if err != nil {
		t.Fatalf("navigate to %s: %v", url, err)
	}
	p.status = resp.Status
	p.check(t)
	return p
}

// navigate opens url in the tab of ctx and returns the final document's
// response. chromedp now and then reports a navigation without its response
// (nil, and no error — seen once in CI, on the passkey test): that
// navigation is made again, once.
func navigate(ctx context.Context, url string) (*network.Response, error) {
	for range 2 {
		resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(url))
		if err != nil || resp != nil {
			return resp, err
		}
	}
	return nil, fmt.Errorf("no response to the navigation to %s", url)
}

// openTab opens a blank tab, made from parent with opts, at the first
// viewport, that records what check reports. documentURL is the page whose
// own error status the recorder ignores (the tests assert it). The tab
// closes when t ends, or after timeout.
func openTab(t *testing.T, parent context.Context, documentURL string, timeout time.Duration, opts ...chromedp.ContextOption) *tab {
	t.Helper()
	rec := &recorder{documentURL: documentURL}
	tabCtx, closeTab := chromedp.NewContext(parent, append(opts, chromedp.WithListener(rec.listen))...)
	t.Cleanup(closeTab)
	ctx, cancel := context.WithTimeout(tabCtx, timeout)
	t.Cleanup(cancel)

	vp := viewports[0]
	if err := chromedp.Do(ctx,
		chromedp.Func(recordCSPViolations),
		chromedp.EmulateViewport(vp.width, vp.height, vp.opts...),
	); err != nil {
		t.Fatalf("open tab: %v", err)
	}
	return &tab{ctx: ctx, rec: rec}
}

// check photographs the page in the tab at each of the viewports and fails t
// on the console errors and uncaught exceptions since the last check, and on
// any CSP violation or axe-core WCAG 2 A/AA violation of the page. It leaves
// the page at phone width.
func (p *tab) check(t *testing.T) {
	t.Helper()
	// Read CSP violations before axe runs: its own script is none of the page's.
	csp := p.cspViolations(t)
	seen := map[string]bool{}
	for _, vp := range viewports {
		if err := chromedp.Do(p.ctx, chromedp.EmulateViewport(vp.width, vp.height, vp.opts...)); err != nil {
			t.Fatalf("emulate %s: %v", vp.name, err)
		}
		p.screenshot(t, fmt.Sprintf("%s-%s-%d", artifactName(t), vp.name, vp.width))
		for _, v := range p.axe(t) {
			if key := v.key(); !seen[key] {
				seen[key] = true
				t.Errorf("axe at %dpx: %s", vp.width, v)
			}
		}
	}
	for _, v := range csp {
		t.Errorf("CSP violation: %s", v)
	}
	msgs := p.rec.errors()
	for _, msg := range msgs[p.reported:] {
		t.Errorf("console: %s", msg)
	}
	p.reported = len(msgs)
}

// recordCSPViolations installs, before any script of the next document runs,
// a listener that keeps every securitypolicyviolation on window.__cspViolations.
func recordCSPViolations(ctx context.Context, t *chromedp.Target) error {
	const js = `window.__cspViolations = [];
window.addEventListener('securitypolicyviolation', (e) => {
	window.__cspViolations.push(e.effectiveDirective + ' blocked ' + (e.blockedURI || '(inline)') +
		' at ' + (e.sourceFile || '?') + ':' + e.lineNumber + (e.sample ? ' sample ' + JSON.stringify(e.sample) : ''));
}, true);`
	_, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: js})
	return err
}

func (p *tab) cspViolations(t *testing.T) []string {
	t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[[]string](`window.__cspViolations`))
	if err != nil {
		t.Fatalf("read CSP violations: %v", err)
	}
	return v
}

// screenshot saves a full-page PNG as artifacts/<name>.png.
func (p *tab) screenshot(t *testing.T, name string) {
	t.Helper()
	png, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(artifactsDir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// axeViolation is the part of an axe-core result that a failure message needs.
type axeViolation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	HelpURL string   `json:"helpUrl"`
	Targets []string `json:"targets"`
}

func (v axeViolation) key() string { return v.ID + " " + strings.Join(v.Targets, ",") }

func (v axeViolation) String() string {
	return fmt.Sprintf("%s (%s): %s; on %s; see %s", v.ID, v.Impact, v.Help, strings.Join(v.Targets, ", "), v.HelpURL)
}

// axe injects axe-core once and runs the WCAG 2 A and AA rules.
func (p *tab) axe(t *testing.T) []axeViolation {
	t.Helper()
	loaded, err := chromedp.Run(p.ctx, chromedp.Evaluate[bool](`typeof window.axe === 'object'`))
	if err != nil {
		t.Fatalf("axe: %v", err)
	}
	if !loaded {
		if err := chromedp.Do(p.ctx, chromedp.Evaluate[chromedp.Void](axeSource)); err != nil {
			t.Fatalf("inject axe-core: %v", err)
		}
	}
	const run = `axe.run(document, {runOnly: ['wcag2a', 'wcag2aa']}).then((r) => JSON.stringify(r.violations.map((v) => ({
	id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
	targets: v.nodes.map((n) => n.target.flat(Infinity).join(' >>> ')),
}))))`
	out, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](run, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("run axe-core: %v", err)
	}
	var vs []axeViolation
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		t.Fatalf("axe-core result: %v", err)
	}
	return vs
}

// title returns document.title.
func (p *tab) title(t *testing.T) string {
	t.Helper()
	s, err := chromedp.Run(p.ctx, chromedp.Title())
	if err != nil {
		t.Fatalf("title: %v", err)
	}
	return s
}

// count returns how many elements match the CSS selector.
func (p *tab) count(t *testing.T, selector string) int {
	t.Helper()
	sel, _ := json.Marshal(selector)
	n, err := chromedp.Run(p.ctx, chromedp.Evaluate[int](`document.querySelectorAll(`+string(sel)+`).length`))
	if err != nil {
		t.Fatalf("count %s: %v", selector, err)
	}
	return n
}

// recorder keeps the console errors, uncaught exceptions and error log
// entries of one tab. listen runs in the tab's event loop: it must be fast.
type recorder struct {
	documentURL string // set before navigating
	mu          sync.Mutex
	msgs        []string
}

func (r *recorder) listen(ev any) {
	var msg string
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type != runtime.ConsoleAPICalledTypeError {
			return
		}
		msg = "console.error(" + argsText(ev.Args) + ")" + stackPlace(ev.StackTrace)
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg = "uncaught " + d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			msg += ": " + d.Exception.Description
		}
		msg += fmt.Sprintf(" at %s:%d", d.URL, d.LineNumber+1)
	case *log.EventEntryAdded:
		e := ev.Entry
		if e.Level != log.EntryLevelError || r.ignored(e) {
			return
		}
		msg = fmt.Sprintf("%s: %s (%s)", e.Source, e.Text, e.URL)
	default:
		return
	}
	r.mu.Lock()
	r.msgs = append(r.msgs, msg)
	r.mu.Unlock()
}

// ignored reports whether a failed request is one the tests cover another
// way: the document's own status (a 404 page is logged as a failed resource;
// the tests assert the status), or the /favicon.ico that Chromium asks for by
// itself, whenever it gets round to it, unless the page names an icon.
func (r *recorder) ignored(e *log.Entry) bool {
	if e.Source != log.EntrySourceNetwork {
		return false
	}
	return e.URL == r.documentURL || e.URL == baseURL+"/favicon.ico"
}

func (r *recorder) errors() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.msgs...)
}

func argsText(args []*runtime.RemoteObject) string {
	parts := make([]string, 0, len(args))
	for _, a := range args {
		var s string
		if len(a.Value) > 0 && json.Unmarshal(a.Value, &s) == nil {
			parts = append(parts, s)
		} else if len(a.Value) > 0 {
			parts = append(parts, string(a.Value))
		} else {
			parts = append(parts, a.Description)
		}
	}
	return strings.Join(parts, " ")
}

func stackPlace(st *runtime.StackTrace) string {
	if st == nil || len(st.CallFrames) == 0 {
		return ""
	}
	f := st.CallFrames[0]
	return fmt.Sprintf(" at %s:%d", f.URL, f.LineNumber+1)
}

// artifactName turns a test name into a file name.
func artifactName(t *testing.T) string {
	return strings.NewReplacer("/", "_", " ", "_").Replace(t.Name())
}
