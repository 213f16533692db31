package cli

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/unconf/unconf/experiments"
	"github.com/unconf/unconf/experiments/summary"
	"github.com/unconf/unconf/experiments/sweep"
)

func est(mean, hw float64) summary.Estimate {
	return summary.Estimate{N: 30, Mean: summary.Number(mean), Low: summary.Number(mean - hw), High: summary.Number(mean + hw)}
}

// TestWriteWinner checks how the compact answer words the winner: clearly
// or not, a tie, no value at all.
func TestWriteWinner(t *testing.T) {
	m, r := est(0.019, 0.004), est(0.453, 0.01)
	loose := est(0.002, 0.004)
	for _, tc := range []struct {
		name string
		w    experiments.Winner
		want string
	}{
		{"clear", experiments.Winner{Policy: "optimized", Value: est(0.472, 0.01), RunnerUp: "jetlag", RunnerUpValue: &r, Margin: &m, Clear: true, Wins: 30, Pairs: 30},
			"Winner: optimized, mean satisfaction 0.472; runner-up jetlag, 0.453.\n" +
				"How sure: clearly: paired margin +0.019 [95% CI +0.015, +0.023], better in 30 of 30 replicates.\n"},
		{"not clear", experiments.Winner{Policy: "jetlag", Value: est(0.455, 0.01), RunnerUp: "spread", RunnerUpValue: &r, Margin: &loose, Wins: 17, Pairs: 30},
			// 111 characters on one line: two lines of at most answerWidth.
			"How sure: not clearly: paired margin +0.002 [95% CI −0.002, +0.006] includes 0,\n  better in 17 of 30 replicates.\n"},
		{"tie", experiments.Winner{Policy: "random", Value: est(0, 0), Tied: []string{"random", "spread"}},
			"Winner: none, a tie between random, spread (the same mean satisfaction).\n"},
		{"no value", experiments.Winner{}, "Winner: none (no policy has a value; see the error column of results.csv).\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			writeWinner(&b, tc.w, "satisfaction")
			if !strings.HasSuffix(b.String(), tc.want) {
				t.Errorf("got\n%s\nwant it to end with\n%s", b.String(), tc.want)
			}
		})
	}
}

// TestSweepAnswerManyPoints checks that a sweep of many points counts the
// points each policy won instead of listing them, within 25 lines.
func TestSweepAnswerManyPoints(t *testing.T) {
	a := &sweep.Answer{Source: "s.yaml", Out: "out", Design: "Latin hypercube (40 samples)",
		Parameters: []string{"votes.noise"}, Points: 40, Replicates: 5, Units: 600, Failed: 2,
		Policies: []string{"random", "spread", "optimized"}, Winner: "optimized",
		Won: []sweep.PolicyWins{{Policy: "random"}, {Policy: "spread", Points: 12, Clearly: 3}, {Policy: "optimized", Points: 28, Clearly: 20}}}
	for pt := range 40 {
		m := est(0.01, 0.02)
		a.PointWinners = append(a.PointWinners, sweep.PointWinner{Point: pt, Values: []any{float64(pt) / 40}, Best: "optimized", Value: est(0.4, 0.01), RunnerUp: "spread", Margin: &m})
	}
	var b bytes.Buffer
	if err := writeSweepAnswer(&b, a); err != nil {
		t.Fatal(err)
	}
	s := b.String()
	for _, want := range []string{"40 points × 5 replicates × 3 policies, 2 of 600 units failed", "policy     points won  clearly\n",
		"optimized  28          20\n", "Winner: optimized, best at 28 of 40 points, clearly (margin's 95% CI above 0) at 20.\n",
		"Folder: out\nReport: out/report.html\n"} {
		if !strings.Contains(s, want) {
			t.Errorf("answer lacks %q:\n%s", want, s)
		}
	}
	if n := strings.Count(s, "\n"); n > 25 {
		t.Errorf("%d lines, want at most 25:\n%s", n, s)
	}
}

func TestFixed(t *testing.T) {
	for _, tc := range []struct {
		v      float64
		dec    int
		signed bool
		want   string
	}{
		{0.4721, 3, false, "0.472"}, {-0.0049, 3, true, "−0.005"}, {0.0004, 3, true, "+0.000"}, {-0.0004, 3, true, "+0.000"},
		{2.56, 1, false, "2.6"}, {math.NaN(), 2, false, "–"}, {12, 0, true, "+12"},
	} {
		if got := fixed(tc.v, tc.dec, tc.signed); got != tc.want {
			t.Errorf("fixed(%v, %d, %v) = %q, want %q", tc.v, tc.dec, tc.signed, got, tc.want)
		}
	}
}
