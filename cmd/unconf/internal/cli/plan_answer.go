package cli

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/unconf/unconf/experiments/plan"
	"github.com/unconf/unconf/experiments/stats"
	"github.com/unconf/unconf/experiments/summary"
)

// planJSON is what plan --json prints: the recommendation, the ranking,
// the recommended schedule's sessions with their forecasts, the proposals
// left out and, with --schedule, how the organiser's own schedule fared.
type planJSON struct {
	Command   string `json:"command"`
	Event     string `json:"event"`
	Out       string `json:"out"`
	Report    string `json:"report"`
	Objective string `json:"objective"`
	// HigherIsBetter is the objective's direction.
	HigherIsBetter bool `json:"higher_is_better"`
	Replicates     int  `json:"replicates"`
	// Recommended names the recommended schedule (a policy, "fixed" or
	// "<policy>+stick").
	Recommended string           `json:"recommended"`
	Ranking     []planRank       `json:"ranking"`
	Sessions    []planSession    `json:"sessions"`
	LeftOut     []planLeftOut    `json:"left_out"`
	Fixed       *planCandidate   `json:"fixed,omitempty"`
	Failed      []planNoSchedule `json:"failed,omitempty"`
}

// planRank is one ranked schedule: its objective over the replicates and
// the paired difference to the recommended one (absent for that one).
type planRank struct {
	Rank          int               `json:"rank"`
	Schedule      string            `json:"schedule"`
	Value         summary.Estimate  `json:"value"`
	VsRecommended *summary.Estimate `json:"vs_recommended,omitempty"`
}

// planSession is one session of a schedule with its forecast. The
// predicted head counts keep their decimals here, as in schedule.csv.
type planSession struct {
	Day             int     `json:"day"`
	Slot            int     `json:"slot"`
	Start           string  `json:"start"`
	Room            string  `json:"room"`
	Capacity        int     `json:"capacity"`
	Proposal        string  `json:"proposal"`
	Title           string  `json:"title"`
	Hands           int     `json:"hands"`
	PredictedMedian float64 `json:"predicted_median"`
	PredictedP10    float64 `json:"predicted_p10"`
	PredictedP90    float64 `json:"predicted_p90"`
	PCollapse       float64 `json:"p_collapse"`
	POverflow       float64 `json:"p_overflow"`
	Risk            string  `json:"risk,omitempty"`
}

type planLeftOut struct {
	Proposal string `json:"proposal"`
	Title    string `json:"title"`
	Hands    int    `json:"hands"`
	Reason   string `json:"reason"`
}

// planCandidate is the organiser's own schedule: its rank of how many, its
// objective and paired difference to the recommended one, and its
// sessions at risk.
type planCandidate struct {
	Rank          int               `json:"rank"`
	Of            int               `json:"of"`
	Recommended   bool              `json:"recommended"`
	Value         summary.Estimate  `json:"value"`
	VsRecommended *summary.Estimate `json:"vs_recommended,omitempty"`
	Sessions      int               `json:"sessions"`
	AtRisk        []planSession     `json:"at_risk"`
}

type planNoSchedule struct {
	Schedule string `json:"schedule"`
	Error    string `json:"error"`
}

// newPlanJSON sums up rep, written into dir.
func newPlanJSON(rep *plan.Report, dir string) *planJSON {
	m := rep.Objective.Metric
	j := &planJSON{Command: "plan", Event: rep.Model.Event.Name, Out: dir, Report: filepath.Join(dir, ReportFile),
		Objective: m.String(), HigherIsBetter: rep.Objective.Higher, Replicates: len(rep.Seeds),
		Recommended: rep.Recommended().Name, Sessions: []planSession{}, LeftOut: []planLeftOut{}}
	for i, k := range rep.Ranking {
		r, _ := rep.Row(k, m)
		pr := planRank{Rank: i + 1, Schedule: rep.Candidates[k].Name, Value: summary.EstimateOf(r.Est)}
		if r.HasDiff {
			d := summary.EstimateOf(r.Diff)
			pr.VsRecommended = &d
		}
		j.Ranking = append(j.Ranking, pr)
	}
	for _, c := range rep.Candidates {
		if c.Err != nil {
			j.Failed = append(j.Failed, planNoSchedule{Schedule: c.Name, Error: c.Err.Error()})
		}
	}
	for i := range rep.Recommended().Sessions {
		j.Sessions = append(j.Sessions, sessionJSON(rep, &rep.Recommended().Sessions[i]))
	}
	for _, l := range rep.LeftOut {
		p := rep.Data.Proposals[l.Proposal]
		j.LeftOut = append(j.LeftOut, planLeftOut{Proposal: p.ID, Title: p.Title, Hands: l.Hands, Reason: l.Reason})
	}
	if f := fixedRank(rep); f != nil {
		j.Fixed = f
	}
	return j
}

func sessionJSON(rep *plan.Report, f *plan.Forecast) planSession {
	sl := rep.Event.Slots[f.Slot]
	p := rep.Data.Proposals[f.Proposal]
	return planSession{Day: sl.Day + 1, Slot: sl.Index + 1, Start: fmt.Sprintf("%02d:%02d", sl.Start/60, sl.Start%60),
		Room: rep.Event.Rooms[f.Room].Name, Capacity: f.Capacity, Proposal: p.ID, Title: p.Title, Hands: f.Hands,
		PredictedMedian: f.Median, PredictedP10: f.P10, PredictedP90: f.P90, PCollapse: f.PCollapse, POverflow: f.POverflow, Risk: f.Risk}
}

// fixedRank returns how the organiser's own schedule (plan.FixedName)
// fared, or nil when there is none or it could not be ranked.
func fixedRank(rep *plan.Report) *planCandidate {
	for i, k := range rep.Ranking {
		c := &rep.Candidates[k]
		if c.Name != plan.FixedName {
			continue
		}
		r, _ := rep.Row(k, rep.Objective.Metric)
		fc := &planCandidate{Rank: i + 1, Of: len(rep.Ranking), Recommended: k == rep.Best, Value: summary.EstimateOf(r.Est),
			Sessions: len(c.Sessions), AtRisk: []planSession{}}
		if r.HasDiff {
			d := summary.EstimateOf(r.Diff)
			fc.VsRecommended = &d
		}
		for s := range c.Sessions {
			if c.Sessions[s].Risk != "" {
				fc.AtRisk = append(fc.AtRisk, sessionJSON(rep, &c.Sessions[s]))
			}
		}
		return fc
	}
	return nil
}

// writeFixedAnswer prints, after schedule.md, where the organiser's own
// schedule (--schedule FILE) ranks among the policies' and its sessions at
// risk, as Markdown like schedule.md.
func writeFixedAnswer(w io.Writer, rep *plan.Report, file string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "\n## Your schedule (%s)\n\n", file)
	k := -1
	for i, c := range rep.Candidates {
		if c.Name == plan.FixedName {
			k = i
		}
	}
	f := fixedRank(rep)
	switch {
	case k < 0:
		return nil
	case f == nil:
		fmt.Fprintf(&b, "Not ranked: %v\n", rep.Candidates[k].Err)
		_, err := io.WriteString(w, b.String())
		return err
	}
	r, _ := rep.Row(k, rep.Objective.Metric)
	dec := stats.Decimals([]stats.Interval{r.Est})
	fmt.Fprintf(&b, "Ranks **%s of %d** on %s: %s [95%% CI %s]", ordinal(f.Rank), f.Of, rep.Objective,
		fixed(r.Est.Mean, dec, false), ciText(f.Value, dec, false))
	if f.Recommended {
		b.WriteString(": it is the schedule recommended.\n")
	} else {
		how := "not clearly different"
		if f.VsRecommended.Excludes0() {
			how = "clearly worse"
		}
		fmt.Fprintf(&b, "; against %s, the recommended: %s [95%% CI %s], %s.\n", rep.Recommended().Name,
			fixed(r.Diff.Mean, dec, true), ciText(*f.VsRecommended, dec, true), how)
	}
	c := &rep.Candidates[k]
	fmt.Fprintf(&b, "%d of its %d sessions at risk", len(f.AtRisk), len(c.Sessions))
	if len(f.AtRisk) == 0 {
		b.WriteString(".\n")
	} else {
		b.WriteString(":\n\n")
	}
	for s := range c.Sessions {
		fc := &c.Sessions[s]
		if fc.Risk == "" {
			continue
		}
		p := rep.Data.Proposals[fc.Proposal]
		fmt.Fprintf(&b, "- **%s** (%s, %s): ", p.Title, rep.Event.Slots[fc.Slot].Label(), rep.Event.Rooms[fc.Room].Name)
		if fc.Risk == "collapse" {
			fmt.Fprintf(&b, "collapses to %d or fewer people in %.0f%% of replicates", rep.Model.Metrics.Collapsed, 100*fc.PCollapse)
		} else {
			fmt.Fprintf(&b, "the room (%d places) fills up in %.0f%% of replicates", fc.Capacity, 100*fc.POverflow)
		}
		fmt.Fprintf(&b, " (%s; predicted %s).\n", plan.HandsText(fc.Hands), plan.HeadCountText(fc))
	}
	if !f.Recommended {
		fmt.Fprintf(&b, "\nIts forecast, session by session: %s.\n", plan.FixedScheduleCSV)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// ordinal returns "1st", "2nd", "3rd", "4th", "11th", "22nd".
func ordinal(n int) string {
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return fmt.Sprintf("%d%s", n, suffix)
}
