package htmlreport

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// findChromium returns the path of a Chromium or Chrome binary, or "".
func findChromium() string {
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// pageEvents records what a page did that a report page must not do.
type pageEvents struct {
	mu       sync.Mutex
	requests []string
	problems []string // script errors, console errors and warnings
	dialogs  []string
}

func (p *pageEvents) listen(ev any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		p.requests = append(p.requests, ev.Request.URL)
	case *runtime.EventExceptionThrown:
		p.problems = append(p.problems, "exception: "+ev.ExceptionDetails.Text)
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			p.problems = append(p.problems, "console "+string(ev.Type))
		}
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.EntryLevelError || ev.Entry.Level == log.EntryLevelWarning {
			p.problems = append(p.problems, fmt.Sprintf("log %s %s: %s", ev.Entry.Level, ev.Entry.Source, ev.Entry.Text))
		}
	case *page.EventJavascriptDialogOpening:
		p.dialogs = append(p.dialogs, string(ev.Type)+": "+ev.Message)
	}
}

func (p *pageEvents) snapshot() (requests, problems, dialogs []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.requests...), append([]string(nil), p.problems...), append([]string(nil), p.dialogs...)
}

// startBrowser starts a headless Chromium with a fresh profile and no
// background traffic, or skips the test when none is installed.
func startBrowser(t *testing.T) (context.Context, *pageEvents) {
	t.Helper()
	bin := findChromium()
	if bin == "" {
		t.Skip("browser test skipped: no Chromium found (looked for /usr/bin/chromium, chromium, google-chrome)")
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(bin),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1440, 900),
	)
	t.Cleanup(cancelAlloc)
	events := &pageEvents{}
	ctx, cancel := chromedp.NewContext(allocCtx, chromedp.WithListener(events.listen))
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1440, 900)); err != nil {
		t.Fatalf("start browser: %v", err)
	}
	go closeDialogs(ctx)
	return ctx, events
}

// closeDialogs accepts every dialog, so an alert that should never open
// is recorded instead of blocking the page.
func closeDialogs(ctx context.Context) {
	for _, err := range chromedp.Events(ctx, page.JavascriptDialogOpening) {
		if err != nil {
			return
		}
		chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
	}
}

func screenshotDir(t *testing.T) string {
	if dir := os.Getenv("CUSTIMPORT_SCREENSHOT_DIR"); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	return t.TempDir()
}

func fileURL(path string) string {
	return (&url.URL{Scheme: "file", Path: path}).String()
}

// browserReport is a small run with hostile values and two codes whose
// rows the test filters on.
func browserReport(t *testing.T) []testLine {
	lines := hostileReport(t)
	row := 10
	for i := range 6 {
		lines = append(lines, named(row, "invalid", fmt.Sprint("Fraction Co ", i), fe("size", "fraction", fmt.Sprint(i%3, ".5"))))
		row++
	}
	for i := range 4 {
		lines = append(lines, named(row, "invalid", "", fe("domains", "invalid_domain", fmt.Sprint("acme_", i, "..com"))))
		row++
	}
	lines = append(lines, named(row, "invalid", "Both Ltd", fe("size", "fraction", "9.5"), fe("domains", "invalid_domain", "both..com")))
	row++
	for range 30 {
		lines = append(lines, named(row, "valid", fmt.Sprint("Valid ", row)))
		row++
	}
	return lines
}

func writePage(t *testing.T, dir string, lines []testLine, meta Meta) string {
	t.Helper()
	path := filepath.Join(dir, "report.html")
	out := buildPage(t, reportOf(t, lines...), meta, Options{})
	if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestBrowserPage(t *testing.T) {
	ctx, events := startBrowser(t)
	meta := Meta{File: "crm-export.csv", Report: "crm-export.report.jsonl", DryRun: true,
		Started: time.Date(2026, 5, 6, 9, 0, 0, 0, time.UTC), Finished: time.Date(2026, 5, 6, 9, 0, 42, 0, time.UTC)}
	path := writePage(t, t.TempDir(), browserReport(t), meta)
	pageURL := fileURL(path)

	loadPage(t, ctx, events, pageURL, 30*time.Second)
	dir := screenshotDir(t)
	saveScreenshot(t, ctx, filepath.Join(dir, "htmlreport-top.png"), false)

	t.Run("counts", func(t *testing.T) { checkLegend(t, ctx) })
	t.Run("examples", func(t *testing.T) { checkExamples(t, ctx) })
	t.Run("hostile values inert", func(t *testing.T) { checkInert(t, ctx) })
	t.Run("filter by code", func(t *testing.T) { checkFilters(t, ctx) })
	t.Run("print", func(t *testing.T) { checkPrint(t, ctx, dir) })

	saveScreenshot(t, ctx, filepath.Join(dir, "htmlreport-full.png"), true)
	requests, problems, dialogs := events.snapshot()
	if !slices.Contains(requests, pageURL) {
		t.Errorf("no request for the page itself among %q: the network listener sees nothing", requests)
	}
	for _, r := range requests {
		if r != pageURL {
			t.Errorf("page made a request other than itself: %s", r)
		}
	}
	for _, p := range problems {
		t.Errorf("page logged: %s", p)
	}
	for _, d := range dialogs {
		t.Errorf("page opened a dialog: %s", d)
	}
	t.Logf("screenshots in %s", dir)
}

// loadPage opens the page and waits until its script has rendered the row
// table. On a timeout it reports what the page logged, such as a script
// blocked by the Content-Security-Policy.
func loadPage(t *testing.T, ctx context.Context, events *pageEvents, pageURL string, timeout time.Duration) {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	err := chromedp.Do(tctx, chromedp.Navigate(pageURL), chromedp.WaitReady(chromedp.CSS(`html[data-ready="true"]`)))
	if err != nil {
		_, problems, _ := events.snapshot()
		t.Fatalf("load page: %v; page logged: %q", err, problems)
	}
}

func evaluate[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

func checkLegend(t *testing.T, ctx context.Context) {
	got := evaluate[map[string]string](t, ctx, `Object.fromEntries(Array.from(
		document.querySelectorAll(".legend li"),
		li => [li.querySelector(".name").textContent, li.querySelector(".count").textContent]))`)
	want := map[string]string{"valid": "31", "created": "1", "updated": "0", "skipped": "0", "invalid": "13", "failed": "1"}
	for name, n := range want {
		if got[name] != n {
			t.Errorf("legend %s = %q, want %q", name, got[name], n)
		}
	}
	headline := evaluate[string](t, ctx, `document.querySelector(".headline").textContent`)
	if !strings.Contains(headline, "14 of 46 rows need fixing") {
		t.Errorf("headline = %q, want it to count 14 of 46 rows", headline)
	}
}

func checkExamples(t *testing.T, ctx context.Context) {
	got := evaluate[map[string][]string](t, ctx, `Object.fromEntries(Array.from(
		document.querySelectorAll("article.code"),
		a => [a.querySelector("h3 code").textContent,
		      Array.from(a.querySelectorAll(".examples tbody tr"), tr => tr.cells[0].textContent + " " + tr.cells[2].textContent)]))`)
	want := map[string][]string{
		"fraction":       {"10 0.5", "11 1.5", "12 2.5", "20 9.5"},
		"invalid_domain": {"16 acme_0..com", "17 acme_1..com", "18 acme_2..com", "19 acme_3..com", "20 both..com"},
		"not_integer":    {"3 " + imgValue},
		"placeholder":    {"4 " + breakout},
	}
	for code, rows := range want {
		if strings.Join(got[code], "|") != strings.Join(rows, "|") {
			t.Errorf("examples of %s = %q, want %q", code, got[code], rows)
		}
	}
	cell := evaluate[string](t, ctx, `(() => {
		const row = Array.from(document.querySelectorAll(".matrix tbody tr")).find(tr => tr.querySelector("th").textContent === "fraction");
		return row.querySelector("td a").textContent + " " + row.querySelector("td a").getAttribute("href");
	})()`)
	wantCell := "7 #code-" + evaluate[string](t, ctx, `Array.from(document.querySelectorAll("article.code")).find(a => a.querySelector("h3 code").textContent === "fraction").id.slice(5)`)
	if cell != wantCell {
		t.Errorf("matrix cell for fraction = %q, want %q", cell, wantCell)
	}
}

func checkInert(t *testing.T, ctx context.Context) {
	if got := evaluate[string](t, ctx, `typeof window.pwned`); got != "undefined" {
		t.Errorf("typeof window.pwned = %q: a value from the report ran as script", got)
	}
	if got := evaluate[int](t, ctx, `document.scripts.length`); got != 2 {
		t.Errorf("page has %d script elements, want 2", got)
	}
	if got := evaluate[int](t, ctx, `document.images.length`); got != 0 {
		t.Errorf("page has %d img elements, want 0", got)
	}
	names := evaluate[[]string](t, ctx, `Array.from(document.querySelectorAll("#rows-body td.name"), td => td.textContent)`)
	for _, want := range []string{formulaName, breakout, lineSep} {
		found := false
		for _, n := range names {
			found = found || n == want
		}
		if !found {
			t.Errorf("row table does not show the name %q as text; names: %q", want, names)
		}
	}
}

func shownRows(t *testing.T, ctx context.Context) int {
	return evaluate[int](t, ctx, `document.querySelectorAll("#rows-body tr").length`)
}

func checkFilters(t *testing.T, ctx context.Context) {
	if got := shownRows(t, ctx); got != 14 {
		t.Errorf("rows shown before filtering = %d, want 14", got)
	}

	// Choose a code in the select box.
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS("#f-code"), "=fraction"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("f-code").dispatchEvent(new Event("change"))`),
	); err != nil {
		t.Fatalf("select code: %v", err)
	}
	if got := shownRows(t, ctx); got != 7 {
		t.Errorf("rows shown for code fraction = %d, want 7", got)
	}

	// Follow a code's link from its examples, then narrow by text.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`a.show-rows[data-code="invalid_domain"]`))); err != nil {
		t.Fatalf("click link to invalid_domain rows: %v", err)
	}
	if got := shownRows(t, ctx); got != 5 {
		t.Errorf("rows shown after following the invalid_domain link = %d, want 5", got)
	}
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#f-text"), "both")); err != nil {
		t.Fatalf("type search: %v", err)
	}
	time.Sleep(400 * time.Millisecond) // the search box applies its filter 120 ms after the last key
	if got := shownRows(t, ctx); got != 1 {
		t.Errorf("rows shown for invalid_domain and text \"both\" = %d, want 1", got)
	}
	shown := evaluate[string](t, ctx, `document.getElementById("rows-shown").textContent`)
	if shown != "Showing 1 of the 14 rows kept in this page." {
		t.Errorf("row count line = %q", shown)
	}
	saveScreenshot(t, ctx, filepath.Join(screenshotDir(t), "htmlreport-filtered.png"), false)

	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#f-clear"))); err != nil {
		t.Fatalf("clear filters: %v", err)
	}
	time.Sleep(100 * time.Millisecond)
	if got := shownRows(t, ctx); got != 14 {
		t.Errorf("rows shown after clearing = %d, want 14", got)
	}
}

func checkPrint(t *testing.T, ctx context.Context, dir string) {
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatalf("emulate print: %v", err)
	}
	defer chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{})
	if got := evaluate[string](t, ctx, `getComputedStyle(document.getElementById("filters")).display`); got != "none" {
		t.Errorf("filters display in print = %q, want none", got)
	}
	if got := shownRows(t, ctx); got != 14 {
		t.Errorf("rows in print = %d, want all 14", got)
	}
	saveScreenshot(t, ctx, filepath.Join(dir, "htmlreport-print.png"), true)
}

func saveScreenshot(t *testing.T, ctx context.Context, path string, full bool) {
	t.Helper()
	shot := chromedp.CaptureScreenshot()
	if full {
		shot = chromedp.FullScreenshot(100)
	}
	png, err := chromedp.Run(ctx, shot)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestBrowserMillionRowPageLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a page from 1,000,000 report lines")
	}
	ctx, events := startBrowser(t)
	path := filepath.Join(t.TempDir(), "big.html")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := writeBigPage(f, bigRows); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(path)

	start := time.Now()
	loadPage(t, ctx, events, fileURL(path), 60*time.Second)
	elapsed := time.Since(start)
	rows := shownRows(t, ctx)
	t.Logf("page of %d rows (%d bytes, %d table rows) loaded and rendered in %s",
		bigRows, fi.Size(), rows, elapsed.Round(time.Millisecond))
	if rows == 0 {
		t.Errorf("row table is empty")
	}
	saveScreenshot(t, ctx, filepath.Join(screenshotDir(t), "htmlreport-million.png"), false)
	_, problems, _ := events.snapshot()
	for _, p := range problems {
		t.Errorf("page logged: %s", p)
	}
}
