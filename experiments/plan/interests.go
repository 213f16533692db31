package plan

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distmv"

	"github.com/unconf/unconf/sim"
)

// Settings of the interest posterior (see posterior).
const (
	// PosteriorSteps is the length of each attendee's Metropolis–Hastings
	// chain.
	PosteriorSteps = 40
	// Lapse is the chance that a vote goes against the vote model (given
	// whatever the interest): real surveys are not the model, and a lapse
	// keeps one odd vote from ruling out every interest vector.
	Lapse = 0.02
	// minVoteNoise stands in for votes.noise 0, where the likelihood would
	// be a step function.
	minVoteNoise = 0.05
)

// evidence is what a vote says about one proposal.
type evidence int8

const (
	unrated       evidence = iota // no vote: no evidence
	notInterested                 // no hand, where only hands were counted
	skip                          // rated skip, where maybe was possible
	maybe
	interested
)

// evidenceOf returns what a vote of level l says, given whether the votes
// had a maybe level at all.
func evidenceOf(l Level, maybes bool) evidence {
	switch {
	case l == Interested:
		return interested
	case l == Maybe:
		return maybe
	case maybes:
		return skip
	}
	return notInterested
}

// posterior draws attendees' interests given their votes. The prior is the
// scenario's Dirichlet, α_t = concentration · p_t / mean(p), plus
// DeclaredWeight on each topic the attendee declared. The votes enter
// through the vote model itself (sim.Vote): attendee i perceives proposal
// p (not their own) as
//
//	u_ip = match(I, p) + bonus_ip + Normal(0, votes.noise)
//
// where bonus_ip is votes.star_bonus for a star's proposal plus
// votes.social_bonus for a colleague's; a hand (interested) means
// u > θ = votes.threshold, maybe means θ − δ < u ≤ θ with δ =
// votes.maybe, skip the rest. With z(c) = (match + bonus − c)/noise and Φ
// the normal distribution function,
//
//	P(interested | I) = λ + (1 − kλ)·Φ(z(θ))
//	P(maybe | I)      = λ + (1 − kλ)·(Φ(z(θ − δ)) − Φ(z(θ)))
//	P(skip | I)       = λ + (1 − kλ)·(1 − Φ(z(θ − δ)))
//
// with a small lapse λ (Lapse) and k the number of levels (3; 2 when the
// votes have no maybe, and skip then means "no hand": 1 − Φ(z(θ))). Both
// the hands raised and those not raised are evidence: no hand for a
// session on topic t says t is not near the top of the attendee's
// interests, and an attendee with few hands may well care most for topics
// nobody proposed (match is relative to the favourite topic). A proposal
// an attendee did not rate (a votes file with a vote column) says nothing.
// votes.budget is not modelled.
//
// Sampling is independence Metropolis–Hastings: proposals come from
// Dirichlet(α + VoteWeight·h), h_t counting the attendee's interested
// votes for proposals on topic t (half for a second topic, half for a
// maybe), a cheap approximation of the posterior, and are accepted with
// the importance ratio prior·likelihood / proposal density; the chain's
// state after PosteriorSteps steps is the draw. The earlier version used
// that Dirichlet approximation directly: it ignores the hands not raised,
// so on synthetic events it over-predicted large sessions and
// under-predicted small ones, and its 80% ranges held the true attendance
// only 70% of the time (TestCalibration).
type posterior struct {
	vc    *sim.VotesConfig
	props []sim.Proposal
	// levels is the number of vote levels k (2 or 3).
	levels int
	// logP[e][b] tabulates the log probability of evidence e for bonus
	// combination b (bonusStar, bonusSocial bits) at matches
	// 0, 1/(tableSize−1), …, 1: the likelihood is then a lookup per
	// proposal instead of an erfc and a log.
	logP [interested + 1][4][tableSize]float64
	// Per attendee.
	prior, alpha []float64  // Dirichlet prior and proposal parameters
	topics       []int      // topics with alpha > 0
	bonus        []uint8    // per proposal: bonusStar | bonusSocial
	ev           []evidence // per proposal
	x, y, buf    []float64  // current and proposed interests, Dirichlet scratch
}

// Bits of posterior.bonus: the vote's star and colleague bonuses.
const (
	bonusStar   = 1
	bonusSocial = 2
)

// tableSize is the number of matches at which the vote likelihood is
// tabulated; linear interpolation between them is exact to about 1e-5 in
// probability.
const tableSize = 513

func newPosterior(vc *sim.VotesConfig, props []sim.Proposal, ntopics int, maybes bool) *posterior {
	p := &posterior{
		vc: vc, props: props, levels: 2,
		prior: make([]float64, ntopics), alpha: make([]float64, ntopics),
		bonus: make([]uint8, len(props)), ev: make([]evidence, len(props)),
		x: make([]float64, ntopics), y: make([]float64, ntopics),
	}
	if maybes {
		p.levels = 3
	}
	for e := notInterested; e <= interested; e++ {
		for b := range 4 {
			for k := range tableSize {
				p.logP[e][b][k] = p.logProb(e, float64(k)/(tableSize-1), p.bonusValue(uint8(b)))
			}
		}
	}
	return p
}

// bonusValue returns the perception bonus of bonus bits b.
func (p *posterior) bonusValue(b uint8) float64 {
	v := 0.0
	if b&bonusStar != 0 {
		v += p.vc.StarBonus
	}
	if b&bonusSocial != 0 {
		v += p.vc.SocialBonus
	}
	return v
}

// logProb returns the log probability of evidence e for a proposal of
// match m and bonus b under the vote model, lapse included.
func (p *posterior) logProb(e evidence, m, b float64) float64 {
	noise := max(p.vc.Noise, minVoteNoise)
	hi := normCDF((m + b - p.vc.Threshold) / noise)
	var pr float64
	switch e {
	case interested:
		pr = hi
	case notInterested:
		pr = 1 - hi
	case maybe:
		pr = normCDF((m+b-p.vc.Threshold+p.vc.Maybe)/noise) - hi
	case skip:
		pr = 1 - normCDF((m+b-p.vc.Threshold+p.vc.Maybe)/noise)
	}
	return math.Log(Lapse + (1-float64(p.levels)*Lapse)*pr)
}

// draw fills a's Interests and MaxInterest with a posterior draw. The
// caller has set p.prior (with declared topics), p.alpha (prior plus vote
// pseudo-counts), p.bonus and p.ev for attendee a.
func (p *posterior) draw(a *sim.Attendee, src rand.Source) {
	p.topics = p.topics[:0]
	var alpha []float64
	for t, v := range p.alpha {
		if v > 0 {
			p.topics = append(p.topics, t)
			alpha = append(alpha, v)
		}
	}
	if len(p.topics) == 0 { // no topic of positive weight: no interests
		clear(a.Interests)
		a.MaxInterest = 0
		return
	}
	p.buf = append(p.buf[:0], alpha...)
	dir := distmv.NewDirichlet(alpha, src)
	u := rand.New(src)
	lw := math.Inf(-1)
	for step := range PosteriorSteps {
		p.propose(dir, p.y)
		lwy := p.logWeight(p.y)
		if step == 0 || lwy >= lw || u.Float64() < math.Exp(lwy-lw) {
			p.x, p.y = p.y, p.x
			lw = lwy
		}
	}
	copy(a.Interests, p.x)
	a.MaxInterest = 0
	for _, v := range a.Interests {
		a.MaxInterest = max(a.MaxInterest, v)
	}
}

// propose fills dst with a draw of the proposal Dirichlet, falling back to
// its mean when every gamma draw underflows.
func (p *posterior) propose(dir *distmv.Dirichlet, dst []float64) {
	v := dir.Rand(p.buf[:len(p.topics)])
	sum := 0.0
	for _, e := range v {
		sum += e
	}
	clear(dst)
	if !(sum > 0) || math.IsInf(sum, 0) || math.IsNaN(sum) {
		total := 0.0
		for _, t := range p.topics {
			total += p.alpha[t]
		}
		for _, t := range p.topics {
			dst[t] = p.alpha[t] / total
		}
		return
	}
	for k, t := range p.topics {
		dst[t] = v[k] / sum
	}
}

// logWeight returns log(prior · likelihood / proposal density) of x, up to
// a constant: the Dirichlet densities differ only in the exponents.
func (p *posterior) logWeight(x []float64) float64 {
	lw := 0.0
	for _, t := range p.topics {
		if d := p.prior[t] - p.alpha[t]; d != 0 {
			lw += d * math.Log(max(x[t], 1e-300))
		}
	}
	return lw + p.logLikelihood(x)
}

// logLikelihood returns the log probability of the attendee's votes given
// interests x under the vote model (from the table logP).
func (p *posterior) logLikelihood(x []float64) float64 {
	top := 0.0
	for _, v := range x {
		top = max(top, v)
	}
	scale := 0.0
	if top > 0 {
		scale = (tableSize - 1) / top
	}
	ll := 0.0
	for j, e := range p.ev {
		if e == unrated {
			continue
		}
		q := &p.props[j]
		v := x[q.Topic]
		if q.Second >= 0 {
			v = max(v, x[q.Second])
		}
		f := v * scale
		k := min(int(f), tableSize-2)
		tab := &p.logP[e][p.bonus[j]]
		ll += tab[k] + (f-float64(k))*(tab[k+1]-tab[k])
	}
	return ll
}

// normCDF is the standard normal distribution function.
func normCDF(z float64) float64 { return 0.5 * math.Erfc(-z/math.Sqrt2) }

// bounds returns the interval of the perception noise u − match − bonus
// that vote evidence e allows, for a proposal of match m and bonus b
// (−Inf, +Inf for no evidence).
func bounds(vc *sim.VotesConfig, e evidence, m, b float64) (lo, hi float64) {
	c := vc.Threshold - m - b
	switch e {
	case interested:
		return c, math.Inf(1)
	case notInterested:
		return math.Inf(-1), c
	case maybe:
		return c - vc.Maybe, c
	case skip:
		return math.Inf(-1), c - vc.Maybe
	}
	return math.Inf(-1), math.Inf(1)
}

// erfcinvMin is the smallest argument at which math.Erfcinv is used: it
// computes Erfinv(1 − x), so below about 1e-16 it returns +Inf and near
// it 1 − x has lost x's digits (below 1e-10, more than a millionth of
// its value).
const erfcinvMin = 1e-10

// truncNormal draws from Normal(0, sd) truncated to [lo, hi] by inverting
// the distribution function on the tail side, so that far tails stay
// accurate; an interval of no mass gives its nearer end. Beyond about
// 6.5 sd (a tail probability below erfcinvMin/2, as a vote far from its
// threshold under little noise gives) the survival function is inverted
// by mathext.NormalQuantile, which is accurate there; math.Erfcinv would
// give +Inf, a taste of ±Inf and satisfaction +Inf.
func truncNormal(sd, lo, hi float64, r *rand.Rand) float64 {
	a, b := lo/sd, hi/sd
	if a > 0 { // upper tail: work with the survival function
		qa, qb := 0.5*math.Erfc(a/math.Sqrt2), 0.5*math.Erfc(b/math.Sqrt2)
		if !(qa > qb) {
			return lo
		}
		q := qb + (qa-qb)*r.Float64()
		switch {
		case q <= 0:
			// A tail of no float mass (a > 37), or the draw 0 with
			// qb = 0 (chance 2⁻⁵³): at lo.
			return lo
		case 2*q < erfcinvMin:
			return min(max(-sd*mathext.NormalQuantile(q), lo), hi)
		}
		return sd * math.Sqrt2 * math.Erfcinv(2*q)
	}
	if b < 0 { // lower tail: mirror
		return -truncNormal(sd, -hi, -lo, r)
	}
	pa, pb := normCDF(a), normCDF(b)
	u := pa + (pb-pa)*r.Float64()
	return min(max(sd*math.Sqrt2*math.Erfinv(2*u-1), lo), hi) // u = 0 would give −Inf
}
