package cli

import (
	"bytes"
	"cmp"
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

var screenshots = flag.String("screenshots", "", "keep the browser test's report screenshots (report-KIND.png) in this `folder`")

// chromiumPath finds a Chromium or Chrome binary, "" when there is none.
func chromiumPath() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// TestReportInBrowser makes a compare, a sweep and a plan folder with the
// real commands, opens each report.html from file:// in headless Chromium
// over the DevTools protocol, and checks that the page logs no console
// error or exception, makes no request but for itself, shows the numbers
// of summary.csv (or, for plan, schedule.csv and comparison.csv), sorts a
// table on a click, and (plan) prints one page a day. It saves a
// screenshot of each page (-screenshots DIR keeps them).
func TestReportInBrowser(t *testing.T) {
	bin := chromiumPath()
	if bin == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("no chromium on PATH: .ci/run installs Debian's chromium before the tests")
		}
		t.Skip("no chromium on PATH (apt-get install chromium): the report's browser test is skipped")
	}
	if testing.Short() {
		t.Skip("-short: the browser test starts Chromium")
	}
	dir := t.TempDir()
	examples := filepath.Join("..", "..", "..", "..", "configs", "examples")
	folders := map[string][]string{
		"compare": {"compare", "--seeds", "4", "--format", "svg", "--out", filepath.Join(dir, "compare")},
		"sweep":   {"sweep", "embedded:sweeps/ci.yaml", "--chart-format", "svg", "--out", filepath.Join(dir, "sweep")},
		"plan": {"plan", "--attendees", filepath.Join(examples, "attendees.csv"), "--proposals", filepath.Join(examples, "proposals.csv"),
			"--votes", filepath.Join(examples, "votes.csv"), "--config", filepath.Join(examples, "event.yaml"),
			"--schedule", filepath.Join(examples, "hand-schedule.csv"), "--seeds", "10", "--format", "svg", "--out", filepath.Join(dir, "plan")},
	}
	for kind, args := range folders {
		if _, stderr, code := runMain(t, args...); code != 0 {
			t.Fatalf("%s: exit %d: %s", kind, code, stderr)
		}
	}

	shots := *screenshots
	if shots == "" {
		shots = t.TempDir()
	} else if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	profile := t.TempDir()
	actx, cancel := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(bin), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.UserDataDir(profile), chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true), chromedp.Flag("hide-scrollbars", true))
	defer cancel()
	bctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("starting %s: %v", bin, err)
	}
	for _, kind := range []string{"compare", "sweep", "plan"} {
		t.Run(kind, func(t *testing.T) {
			checkReportInBrowser(t, bctx, kind, filepath.Join(dir, kind), filepath.Join(shots, "report-"+kind+".png"))
		})
	}
}

// pageNumber is a number the page shows: its data-key, its data-value
// (full precision) and its visible text.
type pageNumber struct {
	Key   string `json:"key"`
	Value string `json:"value"`
	Text  string `json:"text"`
}

func checkReportInBrowser(t *testing.T, bctx context.Context, kind, dir, shot string) {
	abs, err := filepath.Abs(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	url := "file://" + filepath.ToSlash(abs)
	var mu sync.Mutex
	var problems, requests []string
	ctx, cancel := chromedp.NewContext(bctx, chromedp.WithListener(func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			requests = append(requests, e.Request.URL)
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeAssert || e.Type == runtime.ConsoleAPICalledTypeWarning {
				var args []string
				for _, a := range e.Args {
					args = append(args, cmp.Or(string(a.Value), a.Description))
				}
				problems = append(problems, fmt.Sprintf("console.%s: %s", e.Type, strings.Join(args, " ")))
			}
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception: "+e.ExceptionDetails.Text)
		case *cdplog.EventEntryAdded:
			if e.Entry.Level == cdplog.EntryLevelError || e.Entry.Level == cdplog.EntryLevelWarning {
				problems = append(problems, fmt.Sprintf("log %s: %s (%s)", e.Entry.Level, e.Entry.Text, e.Entry.URL))
			}
		}
	}))
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	defer cancelTimeout()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(url)); err != nil {
		t.Fatalf("loading %s: %v", url, err)
	}
	nums, err := chromedp.Run(ctx, chromedp.Evaluate[[]pageNumber](`Array.from(document.querySelectorAll("[data-key]")).map(e => ({
		key: e.getAttribute("data-key"), value: e.getAttribute("data-value") || "",
		text: (e.querySelector(".median") || e).firstChild.textContent.trim()}))`))
	if err != nil {
		t.Fatal(err)
	}
	shown := map[string]pageNumber{}
	for _, n := range nums {
		shown[n.Key] = n
	}
	switch kind {
	case "compare", "sweep":
		checkSummaryNumbers(t, dir, kind, shown)
	case "plan":
		checkPlanNumbers(t, dir, shown)
		checkPrintsOneDayAPage(t, ctx, 2)
	}
	img, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if cfg, err := png.DecodeConfig(bytes.NewReader(img)); err != nil || cfg.Width < 1000 {
		t.Errorf("screenshot: %v, %d px wide", err, cfg.Width)
	}
	if err := os.WriteFile(shot, img, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot %s", shot)
	checkSorts(t, ctx, kind)

	mu.Lock()
	defer mu.Unlock()
	for _, p := range problems {
		t.Errorf("%s: %s", kind, p)
	}
	for _, r := range requests {
		if r != url {
			t.Errorf("%s: request to %s: the report must load nothing", kind, r)
		}
	}
	if len(requests) != 1 {
		t.Errorf("%s: %d requests %v, want only the page itself", kind, len(requests), requests)
	}
}

// numberRE finds the first number of a cell's text (U+2212 is a minus).
var numberRE = regexp.MustCompile(`[+−-]?[0-9]+(\.[0-9]+)?`)

// shownAs checks that text shows v rounded to the decimals shown.
func shownAs(t *testing.T, what, text string, v float64) {
	t.Helper()
	m := numberRE.FindString(text)
	if m == "" {
		t.Errorf("%s: page shows %q, want %v", what, text, v)
		return
	}
	got, err := strconv.ParseFloat(strings.Replace(m, "−", "-", 1), 64)
	if err != nil {
		t.Fatal(err)
	}
	dec := 0
	if i := strings.IndexByte(m, '.'); i >= 0 {
		dec = len(m) - i - 1
	}
	if math.Abs(got-v) > 0.5*math.Pow(10, -float64(dec))+1e-9 {
		t.Errorf("%s: page shows %s, CSV has %v", what, m, v)
	}
}

// checkSummaryNumbers checks every policy's mean satisfaction at every
// point against summary.csv, value and shown text.
func checkSummaryNumbers(t *testing.T, dir, kind string, shown map[string]pageNumber) {
	rows := readCSVFile(t, filepath.Join(dir, "summary.csv"))
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	checked := 0
	best := math.Inf(-1)
	for _, r := range rows[1:] {
		if r[col["metric"]] != "satisfaction_mean" {
			continue
		}
		pt := "0"
		if kind == "sweep" {
			pt = r[col["point"]]
		}
		mean, err := strconv.ParseFloat(r[col["mean"]], 64)
		if err != nil {
			t.Fatal(err)
		}
		best = max(best, mean)
		key := fmt.Sprintf("mean/%s/%s/satisfaction_mean", pt, r[col["policy"]])
		n, ok := shown[key]
		if !ok {
			t.Errorf("the page shows no %s", key)
			continue
		}
		if v, err := strconv.ParseFloat(n.Value, 64); err != nil || v != mean {
			t.Errorf("%s: data-value %q, summary.csv %v", key, n.Value, mean)
		}
		shownAs(t, key, n.Text, mean)
		checked++
	}
	if checked == 0 {
		t.Error("no satisfaction_mean row checked")
	}
	if kind == "compare" {
		shownAs(t, "the answer", shown["answer/best"].Text, best)
	}
}

// checkPlanNumbers checks every session's predicted median on the day
// boards against schedule.csv, and every schedule's objective against
// comparison.csv.
func checkPlanNumbers(t *testing.T, dir string, shown map[string]pageNumber) {
	rows := readCSVFile(t, filepath.Join(dir, "schedule.csv"))
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, r := range rows[1:] {
		key := "rec/" + r[col["proposal"]]
		med, err := strconv.ParseFloat(r[col["predicted_median"]], 64)
		if err != nil {
			t.Fatal(err)
		}
		n, ok := shown[key]
		if !ok {
			t.Errorf("no board cell %s", key)
			continue
		}
		if n.Text != strconv.Itoa(int(math.Round(med))) {
			t.Errorf("%s: board shows %q people, schedule.csv's median is %v", key, n.Text, med)
		}
	}
	comp := readCSVFile(t, filepath.Join(dir, "comparison.csv"))
	for _, r := range comp[1:] {
		if r[2] != "satisfaction_mean" {
			continue
		}
		mean, _ := strconv.ParseFloat(r[4], 64)
		key := "mean/" + r[0] + "/satisfaction_mean"
		shownAs(t, key, shown[key].Text, mean)
		if r[1] == "1" {
			shownAs(t, "the answer", shown["answer/objective"].Text, mean)
		}
	}
}

// checkSorts clicks the satisfaction heading of the first sortable table
// twice and checks that the rows come out in descending, then ascending
// order.
func checkSorts(t *testing.T, ctx context.Context, kind string) {
	const read = `(() => { const t = document.querySelector("table.sortable");
		const th = Array.from(t.tHead.rows[0].cells).findIndex(c => c.textContent.startsWith("satisfaction"));
		if (th < 0) return null;
		t.tHead.rows[0].cells[th].querySelector("button").click();
		const first = Array.from(t.tBodies[0].rows).map(r => parseFloat(r.cells[th].getAttribute("data-sort")));
		t.tHead.rows[0].cells[th].querySelector("button").click();
		const second = Array.from(t.tBodies[0].rows).map(r => parseFloat(r.cells[th].getAttribute("data-sort")));
		return [first, second]; })()`
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[][]float64](read))
	if err != nil {
		t.Fatalf("%s: sorting: %v", kind, err)
	}
	if len(got) != 2 || len(got[0]) < 2 {
		t.Fatalf("%s: no sortable satisfaction column: %v", kind, got)
	}
	for i := 1; i < len(got[0]); i++ {
		if got[0][i] > got[0][i-1] || got[1][i] < got[1][i-1] {
			t.Errorf("%s: not sorted: first click %v, second %v", kind, got[0], got[1])
			break
		}
	}
}

// checkPrintsOneDayAPage prints the page as the browser would and counts
// the PDF's pages.
func checkPrintsOneDayAPage(t *testing.T, ctx context.Context, days int) {
	print := func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
		res, err := cdp.Call(ctx, tg, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: new(true)})
		return res.Data, err
	}
	pdf, err := chromedp.Run(ctx, print)
	if err != nil {
		t.Fatalf("printing: %v", err)
	}
	if n := bytes.Count(pdf, []byte("/Type /Page\n")) + bytes.Count(pdf, []byte("/Type /Page ")) + bytes.Count(pdf, []byte("/Type /Page>")); n != days {
		t.Errorf("the printed plan has %d pages, want one a day: %d", n, days)
	}
}

// readCSVFile parses a CSV file.
func readCSVFile(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("%s: %v (%d rows)", path, err, len(rows))
	}
	return rows
}
