package sim

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/stat"
)

// metrics fills res.Metrics from the simulated records and the run totals
// kept in e. Each metric's definition is documented with its Metric
// constant; averages over an empty set are NaN.
func (e *Engine) metrics(w *World, res *Result) error {
	e.satisfactionMetrics(w, res)
	if err := e.handMetrics(w, res); err != nil {
		return err
	}
	e.sessionMetrics(w, res)
	return nil
}

// satisfactionMetrics fills the satisfaction metrics, over attendees on
// site at least one day: overall and by jet-lag group and background.
func (e *Engine) satisfactionMetrics(w *World, res *Result) {
	m := &res.Metrics
	cfg := w.Config
	sat := e.xs[:0]
	var groupSum [NumJetlagGroups]float64
	var groupN [NumJetlagGroups]int
	var bgSum [NumBackgrounds]float64
	var bgN [NumBackgrounds]int
	for i, v := range res.Satisfaction {
		if e.onSlots[i] == 0 {
			continue
		}
		sat = append(sat, v)
		a := &w.Attendees[i]
		g := a.Group(cfg.Alertness.GroupHours)
		groupSum[g] += v
		groupN[g]++
		if b := a.Background; int(b) < NumBackgrounds {
			bgSum[b] += v
			bgN[b]++
		}
	}
	slices.Sort(sat)
	m[SatisfactionMean] = mean(sat)
	m[SatisfactionP10] = Quantile(sat, 0.1)
	m[SatisfactionGini] = Gini(sat)
	e.xs = sat
	for g, metric := range [NumJetlagGroups]Metric{
		NoJetlag: SatisfactionNone, West: SatisfactionWest, East: SatisfactionEast,
	} {
		m[metric] = ratio(groupSum[g], groupN[g])
	}
	for b, metric := range [NumBackgrounds]Metric{
		Industry: SatisfactionIndustry, Academia: SatisfactionAcademia,
		Startup: SatisfactionStartup, Student: SatisfactionStudent,
	} {
		m[metric] = ratio(bgSum[b], bgN[b])
	}
}

// handMetrics fills the metrics of the schedule seen through the hands,
// as the organiser sees them: coverage, conflicts and quality against the
// random and best baselines. They are HandCoverage, HandConflictPairs and
// HandScore, bit for bit, from the hands for the scheduled proposals
// alone (Votes.ByProposal; at 5,000 attendees a fifth of all hands):
// per attendee and slot, the scheduled hands and the best match among
// them, then per attendee in ID order what those functions add up.
func (e *Engine) handMetrics(w *World, res *Result) error {
	m := &res.Metrics
	ns, na := len(w.Event.Slots), len(w.Attendees)
	count := grow(e.handCount, na*ns)
	best := grow(e.handBest, na*ns) // as bits: see absBits
	e.handCount, e.handBest = count, best
	clear(count)
	clear(best)
	// In locals: the stores to count and best might otherwise be
	// stores to w's fields, which the loop would load again each hand.
	att := w.Attendees
	for _, x := range res.Schedule.Sessions {
		pr := &w.Proposals[x.Proposal]
		t1, t2 := pr.Topic, pr.Topic
		if pr.Second >= 0 {
			t2 = pr.Second
		}
		slot := x.Slot
		for _, a := range w.Votes.ByProposal[x.Proposal] {
			if uint(a) >= uint(len(att)) { // a < 0 too, sign-extended
				return fmt.Errorf("sim: unknown attendee %d raised a hand for proposal %d: %w", a, x.Proposal, ErrWorld)
			}
			in := att[a].Interests
			i := int(a)*ns + slot
			count[i]++
			best[i] = max(best[i], absBits(in[t1]), absBits(in[t2]))
		}
	}
	covered, voters, conflicts, pairs := 0.0, 0, 0, 0
	score := 0.0
	for a, hands := range w.Votes.ByAttendee {
		if len(hands) == 0 {
			continue
		}
		slots, k := 0, 0 // distinct slots with a hand; scheduled hands
		for _, c := range count[a*ns : a*ns+ns] {
			if c > 0 {
				slots++
			}
			k += int(c)
			conflicts += int(c) * int(c-1) / 2
		}
		pairs += k * (k - 1) / 2
		covered += float64(slots) / float64(len(hands))
		voters++
		if att := &w.Attendees[a]; att.MaxInterest > 0 {
			sum := 0.0
			for _, b := range best[a*ns : a*ns+ns] {
				sum += math.Float64frombits(b)
			}
			score += sum / att.MaxInterest
		}
	}
	m[Coverage] = ratio(covered, voters)
	m[Conflicts] = float64(conflicts)
	m[ConflictShare] = ratio(float64(conflicts), pairs)
	random, top := w.Baseline.Random, w.Baseline.Best
	m[QualityVsRandom] = math.NaN()
	if top != random {
		m[QualityVsRandom] = (score - random) / (top - random)
	}
	return nil
}

// sessionMetrics fills the metrics of the sessions as held, and the run
// totals kept in e.
func (e *Engine) sessionMetrics(w *World, res *Result) {
	m := &res.Metrics
	cfg := w.Config
	hands, att := e.hs[:0], e.ys[:0]
	collapsed, turned, hops, ties := 0, 0, 0, 0
	fill, herr, nherr := 0.0, 0.0, 0
	for i := range res.Sessions {
		r := &res.Sessions[i]
		if r.Attendance <= cfg.Metrics.Collapsed {
			collapsed++
		}
		turned += r.TurnedAway
		hops += r.HopsIn
		ties += r.NewTies
		fill += float64(r.Attendance) / float64(r.Capacity)
		if r.Hands > 0 {
			herr += math.Abs(float64(r.Hands-r.Attendance)) / float64(r.Hands)
			nherr++
		}
		hands = append(hands, r.Hands)
		att = append(att, r.Attendance)
	}
	e.hs, e.ys = hands, att
	ns := len(res.Sessions)
	m[Sessions] = float64(ns)
	m[Collapsed] = float64(collapsed)
	m[TurnedAway] = float64(turned)
	m[Hops] = float64(hops)
	m[NewTies] = float64(ties)
	m[CrossBackgroundTies] = float64(e.crossTies)
	m[FillRatio] = ratio(fill, ns)
	m[HandsError] = ratio(herr, nherr)
	m[HandsAttendanceCorr] = e.spearmanCounts(hands, att)
	m[AlertShare] = ratio(float64(e.alertInSes), e.inSession)
}

// spearmanCounts is Spearman of the counts x and y (as float64), bit for
// bit: the same ranks, by countRanks, into the same correlation.
func (e *Engine) spearmanCounts(x, y []int) float64 {
	if len(x) < 2 {
		return math.NaN()
	}
	e.rx, e.tally = countRanks(x, e.rx, e.tally)
	e.ry, e.tally = countRanks(y, e.ry, e.tally)
	if constant(e.rx) || constant(e.ry) {
		return math.NaN()
	}
	return stat.Correlation(e.rx, e.ry, nil)
}

// countRanks returns the 1-based ranks of the non-negative counts c in r
// (reused), ties given their average rank, exactly as Spearman's ranks:
// the values of sorted places i…j−1 share (i+j+1)/2, where i is how many
// counts are smaller and j − i how many are equal. It counts rather than
// sorts: the counts are hands and head counts, at most the attendees.
// tally is scratch, returned for reuse.
func countRanks(c []int, r []float64, tally []int32) ([]float64, []int32) {
	top := 0
	for _, v := range c {
		top = max(top, v)
	}
	// tally[v+1] counts the values v, then tally[v] those below v.
	tally = grow(tally, top+2)
	clear(tally)
	for _, v := range c {
		tally[v+1]++
	}
	for v := 1; v < len(tally); v++ {
		tally[v] += tally[v-1]
	}
	r = grow(r, len(c))
	for x, v := range c {
		i, j := int(tally[v]), int(tally[v+1])
		r[x] = float64(i+j+1) / 2
	}
	return r, tally
}

// ratio returns sum/n, or NaN when n is 0.
func ratio(sum float64, n int) float64 {
	if n == 0 {
		return math.NaN()
	}
	return sum / float64(n)
}

func mean(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return ratio(s, len(x))
}
