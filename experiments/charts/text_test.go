package charts

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
)

func TestWrap(t *testing.T) {
	sty := cellTitle
	tests := []struct {
		in   string
		want []string
	}{
		{"GANs", []string{"GANs"}},
		{"", nil},
		{"Reinforcement learning in the real world", []string{"Reinforcement learning in", "the real world"}},
		{"Fairness, accountability and transparency in machine learning systems", []string{"Fairness, accountability", "and transparency in mac…"}},
		{"Supercalifragilisticexpialidociousnesses-of-hyperparameters", []string{"Supercalifragilisticexpiali…"}},
		{"A Supercalifragilisticexpialidociousnesses talk", []string{"A", "Supercalifragilisticexpiali…"}},
	}
	for _, tt := range tests {
		got := wrap(tt.in, sty, cellW-2*cellPad-2, 2)
		if !slices.Equal(got, tt.want) {
			t.Errorf("wrap(%q) = %q, want %q", tt.in, got, tt.want)
		}
		for _, l := range got {
			if w := sty.Width(l); w > cellW-2*cellPad-2 {
				t.Errorf("wrap(%q): line %q is %v wide", tt.in, l, w)
			}
		}
	}
}

// measuring is a text handler that counts the characters it measures.
type measuring struct {
	text.Handler
	runes *int
}

func (m measuring) Box(txt string, fnt font.Font) (w, h, d vg.Length) {
	*m.runes += utf8.RuneCountInString(txt)
	return m.Handler.Box(txt, fnt)
}

// TestWrapLinear checks that shortening a long title measures O(n log n)
// characters, not O(n²) (issue 10 item 6: a title of 40,000 "é" took plan
// 59 s), for one long word and for many short ones.
func TestWrapLinear(t *testing.T) {
	for _, s := range []string{strings.Repeat("é", 40000), strings.Repeat("ab ", 20000)} {
		runes := 0
		sty := cellTitle
		sty.Handler = measuring{sty.Handler, &runes}
		n := utf8.RuneCountInString(s)
		got := wrap(s, sty, cellW-2*cellPad-2, 2)
		if len(got) == 0 || !strings.HasSuffix(got[len(got)-1], "…") {
			t.Errorf("wrap(%.10q…) = %q: want the title shortened", s, got)
		}
		if limit := 40 * n; runes > limit {
			t.Errorf("wrap of %d characters measured %d characters, want at most %d", n, runes, limit)
		}
		runes = 0
		if e := ellipsize(s, sty, 100); !strings.HasSuffix(e, "…") || runes > 40*n {
			t.Errorf("ellipsize of %d characters measured %d characters (got %q)", n, runes, e)
		}
	}
}

func TestFormatting(t *testing.T) {
	tests := []struct{ got, want string }{
		{signed(-0.00001, 3), "−0.000"}, // signed zero: just below zero
		{signed(0.00001, 3), "+0.000"},
		{signed(0, 3), "0.000"},
		{signed(0.0704, 3), "+0.070"},
		{signed(-0.0704, 2), "−0.07"},
		{formatNum(-0.06432), "−0.0643"},
		{formatParam(-2.5), "−2.5"},
		{formatParam(0.30000000000000004), "0.3"},
		{formatParam(1000), "1000"},
		{formatParam(12345), "12340"},
		{formatParam(4), "4"},
		{formatNum(0.06432), "0.0643"},
		{formatNum(123.456), "123"},
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("case %d: got %q, want %q", i, tt.got, tt.want)
		}
	}
	if d := decimalsFor(0.008); d != 4 {
		t.Errorf("decimalsFor(0.008) = %d, want 4", d)
	}
	if d := decimalsOf(-0.03, 0.031); d != 4 {
		t.Errorf("decimalsOf(-0.03, 0.031) = %d, want 4", d)
	}
}

func TestNiceTicks(t *testing.T) {
	tests := []struct {
		lo, hi float64
		want   []string
	}{
		{0, 1, []string{"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"}},
		{0.23, 0.52, []string{"0.25", "0.30", "0.35", "0.40", "0.45", "0.50"}},
		{-0.013, 0.137, []string{"0.000", "0.025", "0.050", "0.075", "0.100", "0.125"}},
		{0, 41.6, []string{"0", "10", "20", "30", "40"}},
		{-3.2, 1.3, []string{"−3", "−2", "−1", "0", "1"}},
	}
	for _, tt := range tests {
		var got []string
		for _, tk := range (niceTicks{}).Ticks(tt.lo, tt.hi) {
			got = append(got, tk.Label)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Ticks(%v, %v) = %q, want %q", tt.lo, tt.hi, got, tt.want)
		}
	}
}
