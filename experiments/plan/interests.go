package plan

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distmv"

	"github.com/unconf/unconf/agents"
	"github.com/unconf/unconf/sim"
)

// Settings of the interest posterior (see posterior).
const (
	// PosteriorSteps is the length of each attendee's Metropolis–Hastings
	// chain.
	PosteriorSteps = 40
	// Lapse is the chance that a hand goes against the vote model (raised
	// or not whatever the interest): real surveys are not the model, and a
	// lapse keeps one odd hand from ruling out every interest vector.
	Lapse = 0.02
	// minVoteNoise stands in for votes.noise 0, where the likelihood would
	// be a step function.
	minVoteNoise = 0.05
)

// posterior draws attendees' interests given their hands. The prior is the
// scenario's Dirichlet, α_t = concentration · p_t / mean(p), plus
// DeclaredWeight on each topic the attendee declared. The hands enter
// through the vote model itself (sim.Vote): attendee i raises a hand for
// proposal p (not their own) when
//
//	match(I, p) + bonus_ip + Normal(0, votes.noise) > votes.threshold
//
// where bonus_ip is votes.star_bonus for a star's proposal plus
// votes.social_bonus for a colleague's, so
//
//	P(hand_ip | I) = λ + (1 − 2λ)·Φ((match(I, p) + bonus_ip − threshold) / noise)
//
// with a small lapse λ (Lapse). Both the hands raised and those not raised
// are evidence: no hand for a session on topic t says t is not near the
// top of the attendee's interests, and an attendee with few hands may well
// care most for topics nobody proposed (match is relative to the
// favourite topic). With votes.turnout < 1 an attendee without hands may
// simply not have voted: P(no hands) = (1 − τ) + τ·Π_p P(no hand_ip).
// votes.budget is not modelled.
//
// Sampling is independence Metropolis–Hastings: proposals come from
// Dirichlet(α + VoteWeight·h), h_t counting the attendee's hands for
// proposals on topic t (half for a second topic), a cheap approximation of
// the posterior, and are accepted with the importance ratio
// prior·likelihood / proposal density; the chain's state after
// PosteriorSteps steps is the draw. The earlier version used that
// Dirichlet approximation directly: it ignores the hands not raised, so on
// synthetic events it over-predicted large sessions and under-predicted
// small ones, and its 80% ranges held the true attendance only 70% of the
// time (TestCalibration).
type posterior struct {
	vc    *sim.VotesConfig
	props []sim.Proposal
	// Per attendee.
	prior, alpha []float64 // Dirichlet prior and proposal parameters
	topics       []int     // topics with alpha > 0
	bonus        []float64 // per proposal
	hand, own    []bool    // per proposal
	x, y, buf    []float64 // current and proposed interests, Dirichlet scratch
}

func newPosterior(vc *sim.VotesConfig, props []sim.Proposal, ntopics int) *posterior {
	return &posterior{
		vc: vc, props: props,
		prior: make([]float64, ntopics), alpha: make([]float64, ntopics),
		bonus: make([]float64, len(props)), hand: make([]bool, len(props)), own: make([]bool, len(props)),
		x: make([]float64, ntopics), y: make([]float64, ntopics),
	}
}

// draw fills a's Interests and MaxInterest with a posterior draw. The
// caller has set p.prior (with declared topics), p.alpha (prior plus hand
// pseudo-counts), p.bonus, p.hand and p.own for attendee a.
func (p *posterior) draw(a *agents.Attendee, src rand.Source) {
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

// logLikelihood returns the log probability of the attendee's hands given
// interests x under the vote model.
func (p *posterior) logLikelihood(x []float64) float64 {
	top := 0.0
	for _, v := range x {
		top = max(top, v)
	}
	noise := max(p.vc.Noise, minVoteNoise)
	ll, none, any := 0.0, 0.0, false
	for j := range p.props {
		if p.own[j] {
			continue
		}
		m := 0.0
		if top > 0 {
			q := &p.props[j]
			v := x[q.Topic]
			if q.Second >= 0 {
				v = max(v, x[q.Second])
			}
			m = v / top
		}
		z := (m + p.bonus[j] - p.vc.Threshold) / noise
		ph := Lapse + (1-2*Lapse)*0.5*math.Erfc(-z/math.Sqrt2)
		if p.hand[j] {
			ll += math.Log(ph)
			any = true
		} else {
			l := math.Log1p(-ph)
			ll += l
			none += l
		}
	}
	if tau := p.vc.Turnout; !any && tau < 1 {
		// No hands: a non-voter, or a voter who liked nothing.
		return math.Log((1 - tau) + tau*math.Exp(none))
	}
	return ll
}
