package experiments

import (
	"bytes"
	"context"
	"encoding/xml"
	"image"
	_ "image/png"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/unconf/unconf/sim"
)

func TestCompareCharts(t *testing.T) {
	cfg := tinyConfig(t)
	for _, format := range []string{"png", "svg", "pdf"} {
		t.Run(format, func(t *testing.T) {
			dir := t.TempDir()
			var progress bytes.Buffer
			rep, err := compare(context.Background(), cfg, Options{Out: dir, Workers: 2, Format: format, Progress: &progress}, defaultHooks())
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Warnings) > 0 {
				t.Errorf("warnings: %v", rep.Warnings)
			}
			var want []string
			for _, m := range keyMetrics {
				want = append(want, "box-"+m.String(), "forest-"+m.String())
			}
			want = append(want, "alertness", "hands", "schedule")
			var got []string
			for _, f := range rep.Files {
				if !strings.HasPrefix(f, chartsDir+string(filepath.Separator)) {
					continue
				}
				got = append(got, strings.TrimSuffix(filepath.Base(f), "."+format))
				checkChart(t, filepath.Join(dir, f), format)
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("charts %v, want %v", got, want)
			}
			if disk := dirFiles(t, filepath.Join(dir, chartsDir)); len(disk) != len(want) {
				t.Errorf("charts directory holds %v", disk)
			}
		})
	}
}

// checkChart decodes a chart file of the given format.
func checkChart(t *testing.T, path, format string) {
	t.Helper()
	data := mustRead(t, path)
	switch format {
	case "png":
		c, kind, err := image.DecodeConfig(bytes.NewReader(data))
		if err != nil || kind != "png" || c.Width < 300 || c.Height < 200 {
			t.Errorf("%s: %s %dx%d, %v", path, kind, c.Width, c.Height, err)
		}
	case "svg":
		var root struct{ XMLName xml.Name }
		if err := xml.Unmarshal(data, &root); err != nil || root.XMLName.Local != "svg" {
			t.Errorf("%s: root %q, %v", path, root.XMLName.Local, err)
		}
	case "pdf":
		if !bytes.HasPrefix(data, []byte("%PDF-")) || !bytes.Contains(data[len(data)-32:], []byte("%%EOF")) {
			t.Errorf("%s: not a whole PDF", path)
		}
	}
}

func TestChartsWarnWhenEveryUnitFails(t *testing.T) {
	cfg := tinyConfig(t)
	h := defaultHooks()
	h.newWorld = func(*sim.Config, uint64) (*sim.World, error) { panic("no world today") }
	var progress bytes.Buffer
	rep, err := compare(context.Background(), cfg, Options{Out: t.TempDir(), Workers: 1, Progress: &progress}, h)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Failed != rep.Units || len(rep.Warnings) == 0 || !strings.Contains(progress.String(), "warning: chart") {
		t.Errorf("failed %d of %d, warnings %v, progress %q", rep.Failed, rep.Units, rep.Warnings, progress.String())
	}
}
