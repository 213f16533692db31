package agents

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/unconf/unconf/sim"
)

// PropensitySigma is the log-scale spread of an attendee's personal
// proposal propensity around the value of their seniority level: the factor
// is log-normal with median 1 and σ = 0.3, so that two thirds of attendees
// lie within ×0.74 to ×1.35 of their level's value (and the mean is
// exp(σ²/2) ≈ 1.046 times it).
const PropensitySigma = 0.3

// Generate draws a population of c.Count attendees for an event whose
// topics have the given popularity weights (one per topic) and whose venue
// lies venueOffset hours from UTC. Attendee i has ID i and Days 0 (present
// every day).
//
// Each attendee's draws:
//
//	background   ~ Categorical(c.Backgrounds)
//	seniority    ~ Categorical(c.Seniority)
//	interests    ~ Dirichlet(α),  α_t = c.InterestConcentration · p_t / mean(p)
//	visitor      ~ Bernoulli(c.VisitorShare); origin ~ Categorical(origin shares)
//	home offset  = origin's offset for visitors, venueOffset for locals
//	jet lag      = sim.WrapOffset(venueOffset − home offset)
//	affiliation  ~ Categorical(w_k = 1/(k+1)^c.AffiliationSkew), k < c.Affiliations
//	sociability  ~ Beta(c.SociabilityAlpha, c.SociabilityBeta)
//	propensity   = c.Propensity[seniority] · LogNormal(0, PropensitySigma)
//
// Dividing the popularity by its mean makes InterestConcentration the
// Dirichlet concentration per topic on average, whatever the scale of the
// weights: below 1 most of an attendee's interest sits on a few topics.
// Topics of popularity 0 get interest 0. When every gamma draw behind a
// Dirichlet sample underflows (very small concentrations), the interest
// vector is one-hot on a topic drawn with probability α_t/Σα, the limit of
// the Dirichlet as its concentration goes to 0; Interests always sums to 1.
//
// Stars: round(c.StarShare · c.Count) attendees, chosen uniformly among the
// leaders; when there are fewer leaders than that, every leader is a star.
//
// Each kind of draw comes from its own stream seeded from src, so changing
// one parameter (say the visitor share) leaves the other draws (interests,
// backgrounds…) of every attendee unchanged: common random numbers across a
// parameter sweep. The visitor draw is a single uniform compared with
// VisitorShare and every attendee draws an origin, so raising the share
// only turns locals into visitors and leaves existing visitors' origins.
//
// Generate returns an error, naming the config key, when c is invalid, and
// when popularity is empty, has a negative or non-finite weight or sums to 0.
func Generate(c *sim.AttendeesConfig, popularity []float64, venueOffset float64, src rand.Source) ([]sim.Attendee, error) {
	return GenerateGiven(c, popularity, venueOffset, nil, src)
}

// Given is what an organiser's data fix of one attendee; GenerateGiven
// draws the rest. The zero Given fixes nothing: no name, present every
// day.
type Given struct {
	Name string
	// Background, Seniority, HomeOffset and Star are fixed when their Has
	// flag is set.
	Background    sim.Background
	HasBackground bool
	Seniority     sim.Seniority
	HasSeniority  bool
	HomeOffset    float64
	HasHome       bool
	Star, HasStar bool
	// Organisation k > 0 is the k-th organisation the data name, shared
	// by everyone of that name and numbered after the scenario's
	// anonymous ones (Affiliation c.Affiliations + k − 1); 0 leaves the
	// affiliation drawn among those.
	Organisation int
	// Days is the attendee's days on site (sim.Attendee.Days; 0: every
	// day).
	Days uint64
}

// GenerateGiven is Generate for a population of which given fixes part:
// attendee i takes given[i]'s fields over the draws (len(given) must be
// c.Count; nil fixes nothing). Every field is drawn for every attendee
// and the given ones discarded, so that attendee i's draws do not depend
// on what the data fix of anyone else. The drawn parts follow the given
// ones: a given seniority sets the propensity's level and who is a leader
// when stars are drawn, a given home offset the jet lag.
func GenerateGiven(c *sim.AttendeesConfig, popularity []float64, venueOffset float64, given []Given, src rand.Source) ([]sim.Attendee, error) {
	return new(population).generate(c, popularity, venueOffset, given, src)
}

// population is GenerateGiven's memory, kept by a Builder from one world
// to the next: the attendees, their interests and the leaders' scratch.
type population struct {
	pop     []sim.Attendee
	backing []float64
	leaders []int
	// The samplers of the last call, for its config, topic weights and
	// venue: the next call with the same reseeds them instead of building
	// new ones.
	d       *drawers
	key     drawersConfig
	origins []sim.Origin
	alpha   []float64
}

// generate is GenerateGiven in p's memory: the attendees it returns are
// overwritten by the next call.
func (p *population) generate(c *sim.AttendeesConfig, popularity []float64, venueOffset float64, given []Given, src rand.Source) ([]sim.Attendee, error) {
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("agents: %w", err)
	}
	alpha, err := dirichletAlpha(popularity, c.InterestConcentration)
	if err != nil {
		return nil, err
	}
	if math.IsNaN(venueOffset) || math.IsInf(venueOffset, 0) {
		return nil, fmt.Errorf("agents: venue offset %v: want finite hours", venueOffset)
	}
	if given != nil && len(given) != c.Count {
		return nil, fmt.Errorf("agents: %d given attendees for attendees.count %d: want one each", len(given), c.Count)
	}
	key := newDrawersConfig(c, venueOffset)
	d := p.d
	if d != nil && key == p.key && slices.Equal(c.Origins, p.origins) && slices.Equal(alpha, p.alpha) {
		d.reseed(src)
	} else {
		d = newDrawers(key, c.Origins, alpha, src)
		p.d, p.key, p.origins, p.alpha = d, key, slices.Clone(c.Origins), alpha
	}
	// One backing array for every interest vector, zeroed: the sampler
	// fills only the topics of positive weight.
	nt := len(popularity)
	backing := grow(p.backing, c.Count*nt)
	clear(backing)
	pop := grow(p.pop, c.Count)
	p.backing, p.pop = backing, pop
	d.interests.start()
	for i := range pop {
		a := &pop[i]
		*a = sim.Attendee{ID: i, Interests: backing[i*nt : (i+1)*nt : (i+1)*nt]}
		var g Given
		if given != nil {
			g = given[i]
		}
		d.draw(a, &g)
	}
	d.interests.stop()
	p.leaders = pickStars(pop, int(math.Round(c.StarShare*float64(c.Count))), d.star, p.leaders)
	for i := range given {
		if given[i].HasStar {
			pop[i].Star = given[i].Star
		}
	}
	return pop, nil
}

// grow returns b resized to n, reallocated (contents lost) when too
// small; never nil, as make([]T, n) is not.
func grow[T any](b []T, n int) []T {
	if b == nil || cap(b) < n {
		return make([]T, n)
	}
	return b[:n]
}

// drawersConfig is what a population's samplers are made of, with the
// origins and the topics' Dirichlet weights: newDrawers reads nothing
// else, so that equal ones make the same samplers.
type drawersConfig struct {
	backgrounds                 sim.BackgroundMix
	seniority, propensity       sim.SeniorityMix
	visitorShare, venue         float64
	affiliations                int
	affiliationSkew, socA, socB float64
}

func newDrawersConfig(c *sim.AttendeesConfig, venue float64) drawersConfig {
	return drawersConfig{
		backgrounds: c.Backgrounds, seniority: c.Seniority, propensity: c.Propensity,
		visitorShare: c.VisitorShare, venue: venue,
		affiliations: c.Affiliations, affiliationSkew: c.AffiliationSkew,
		socA: c.SociabilityAlpha, socB: c.SociabilityBeta,
	}
}

// drawers holds a population's samplers, one stream per kind of draw, all
// seeded from one source in a fixed order.
type drawers struct {
	streams      [numStreams]*rand.PCG // in the order they are seeded
	bg, sen, aff distuv.Categorical
	interests    *interestSampler
	home         *homeSampler
	soc          betaSampler
	prop         distuv.LogNormal
	star         rand.Source
	propensity   []float64
	venue        float64
	anonymous    int // c.Affiliations
}

// numStreams is the number of streams of drawers.
const numStreams = 9

func newDrawers(c drawersConfig, origins []sim.Origin, alpha []float64, src rand.Source) *drawers {
	var st [numStreams]*rand.PCG
	for k := range st {
		st[k] = new(rand.PCG)
	}
	var (
		bgSrc    = st[0]
		senSrc   = st[1]
		intSrc   = st[2]
		homeSrc  = st[3]
		affSrc   = st[4]
		socSrc   = st[5]
		propSrc  = st[6]
		starSrc  = st[7]
		fallback = st[8]
	)
	d := &drawers{
		streams:    st,
		bg:         distuv.NewCategorical(c.backgrounds.Weights(), bgSrc),
		sen:        distuv.NewCategorical(c.seniority.Weights(), senSrc),
		interests:  newInterestSampler(alpha, intSrc, fallback),
		home:       newHomeSampler(c.visitorShare, origins, c.venue, homeSrc),
		aff:        distuv.NewCategorical(zipfWeights(c.affiliations, c.affiliationSkew), affSrc),
		soc:        betaSampler{a: c.socA, b: c.socB, src: socSrc},
		prop:       distuv.LogNormal{Mu: 0, Sigma: PropensitySigma, Src: propSrc},
		star:       starSrc,
		propensity: c.propensity.Weights(),
		venue:      c.venue,
		anonymous:  c.affiliations,
	}
	d.reseed(src)
	return d
}

// reseed seeds d's streams from src, in order, for a new population: the
// samplers hold no other state between draws.
func (d *drawers) reseed(src rand.Source) {
	seed := rand.New(src)
	for _, p := range d.streams {
		p.Seed(seed.Uint64(), seed.Uint64())
	}
}

// draw fills attendee a (its Interests zeroed, one entry per topic) with
// the next attendee's draws, g's fields taking the place of theirs.
func (d *drawers) draw(a *sim.Attendee, g *Given) {
	a.Name = g.Name
	a.Background = sim.Background(d.bg.Rand())
	if g.HasBackground {
		a.Background = g.Background
	}
	a.Seniority = sim.Seniority(d.sen.Rand())
	if g.HasSeniority {
		a.Seniority = g.Seniority
	}
	d.interests.draw(a.Interests)
	a.MaxInterest = maxOf(a.Interests)
	a.HomeOffset = d.home.draw()
	if g.HasHome {
		a.HomeOffset = g.HomeOffset
	}
	a.Jetlag = sim.WrapOffset(d.venue - a.HomeOffset)
	a.Affiliation = int(d.aff.Rand())
	if g.Organisation > 0 {
		a.Affiliation = d.anonymous + g.Organisation - 1
	}
	a.Sociability = d.soc.draw()
	a.Propensity = d.propensity[a.Seniority] * d.prop.Rand()
	a.Days = g.Days
}

// dirichletAlpha checks the topic popularity weights and returns the
// Dirichlet parameters concentration · p_t / mean(p).
func dirichletAlpha(popularity []float64, concentration float64) ([]float64, error) {
	if len(popularity) == 0 {
		return nil, fmt.Errorf("agents: popularity: empty: want one weight per topic")
	}
	sum := 0.0
	for t, p := range popularity {
		if p < 0 || math.IsNaN(p) || math.IsInf(p, 0) {
			return nil, fmt.Errorf("agents: popularity[%d]: %v: want a finite weight >= 0", t, p)
		}
		sum += p
	}
	if !(sum > 0) || math.IsInf(sum, 0) {
		return nil, fmt.Errorf("agents: popularity: weights sum to %v: want a finite positive sum", sum)
	}
	mean := sum / float64(len(popularity))
	alpha := make([]float64, len(popularity))
	for t, p := range popularity {
		alpha[t] = concentration * p / mean
		if math.IsInf(alpha[t], 0) { // concentration·p overflowed; p/mean ≤ len(popularity)
			alpha[t] = concentration * (p / mean)
		}
	}
	return alpha, nil
}

// interestSampler draws interest vectors from a Dirichlet over the topics of
// positive weight: one gamma draw per topic (gamma), normalised. Its
// draws come from src through a stream (the PCG stepped inline), between
// start and stop.
type interestSampler struct {
	gamma    []gamma
	src      rand.Source
	r        stream
	topics   []int     // topics with positive alpha
	weights  []float64 // their alpha, for the one-hot fallback
	buf      []float64
	fallback distuv.Categorical
}

func newInterestSampler(alpha []float64, src, fallback rand.Source) *interestSampler {
	s := &interestSampler{
		src:     src,
		topics:  make([]int, 0, len(alpha)),
		weights: make([]float64, 0, len(alpha)),
		gamma:   make([]gamma, 0, len(alpha)),
	}
	for t, a := range alpha {
		if a > 0 {
			s.topics = append(s.topics, t)
			s.weights = append(s.weights, a)
			s.gamma = append(s.gamma, newGamma(a))
		}
	}
	s.buf = make([]float64, len(s.topics))
	s.fallback = distuv.NewCategorical(s.weights, fallback)
	return s
}

// start readies s to draw from its source as it stands (after a reseed).
func (s *interestSampler) start() { s.r = newStream(s.src) }

// stop leaves s's source where its draws have brought it.
func (s *interestSampler) stop() { s.r.done() }

// draw fills dst (zeroed, one entry per topic) with an interest vector.
func (s *interestSampler) draw(dst []float64) {
	x := s.buf
	if s.r.src == nil { // a PCG: its state in a register pair
		st := s.r.state
		for k := range s.gamma {
			st, x[k] = s.gamma[k].drawState(st)
		}
		s.r.state = st
	} else {
		for k := range s.gamma {
			x[k] = s.gamma[k].draw(&s.r)
		}
	}
	if !normalise(x) {
		clear(x)
		x[int(s.fallback.Rand())] = 1
	}
	for k, t := range s.topics {
		dst[t] = x[k]
	}
}

// gamma draws from Gamma(α, 1) by Marsaglia and Tsang (2000, ACM TOMS
// 26:363), for α < 1 boosted as in their paper:
//
//	Gamma(α) = Gamma(α+1) · U^(1/α),   U^(1/α) = exp(−E/α),  E ~ Exp(1)
//
// so that a draw costs a normal, a uniform, an exponential and one exp
// (rarely two logs), instead of gonum's math.Pow per draw (α ≥ 0.2) or
// rejection loop of exps and logs (α < 0.2): the same distribution,
// cheaper. For α below about 0.01, exp(−E/α) underflows to 0 often, as
// gonum's draws do; interestSampler's fallback covers a vector of zeros.
type gamma struct {
	d, c, inv float64 // d = α' − 1/3, c = 1/√(9d) for α' = α (+1 when boosted); inv = 1/α
	boost     bool
}

func newGamma(alpha float64) gamma {
	g := gamma{inv: 1 / alpha, boost: alpha < 1}
	if g.boost {
		alpha++
	}
	g.d = alpha - 1.0/3
	g.c = 1 / math.Sqrt(9*g.d)
	return g
}

func (g gamma) draw(r *stream) float64 {
	for {
		x := r.norm()
		v := 1 + g.c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := r.float64()
		x2 := x * x
		if u < 1-0.0331*x2*x2 || math.Log(u) < 0.5*x2+g.d*(1-v+math.Log(v)) {
			y := g.d * v
			if g.boost {
				y *= math.Exp(-r.exp() * g.inv)
			}
			return y
		}
	}
}

// drawState is draw from a stream on a PCG of state st, passed in and
// returned so that the loop keeps it in registers: the same draws (each
// ziggurat's first test inline, the rest by the stream's tails), the same
// arithmetic.
func (g *gamma) drawState(st pcgState) (pcgState, float64) {
	for {
		var u uint64
		st, u = st.step()
		var x float64
		if j, i := int32(u), u>>32&0x7F; absInt32(j) < kn[i] {
			x = float64(j) * float64(wn[i])
		} else {
			r := stream{state: st}
			x = r.normTail(u)
			st = r.state
		}
		v := 1 + g.c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		st, u = st.step()
		uf := float64(u<<11>>11) / (1 << 53)
		x2 := x * x
		if uf < 1-0.0331*x2*x2 || math.Log(uf) < 0.5*x2+g.d*(1-v+math.Log(v)) {
			y := g.d * v
			if g.boost {
				st, u = st.step()
				var e float64
				if j, i := uint32(u), uint8(u>>32); j < ke[i] {
					e = float64(j) * float64(we[i])
				} else {
					r := stream{state: st}
					e = r.expTail(u)
					st = r.state
				}
				y *= math.Exp(-e * g.inv)
			}
			return st, y
		}
	}
}

// normalise rescales x to sum to 1 and reports whether it could: false when
// an entry is not finite or every entry is 0 (gamma draws that underflowed).
func normalise(x []float64) bool {
	sum := 0.0
	for _, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return false
		}
		sum += v
	}
	if !(sum > 0) || math.IsInf(1/sum, 0) { // 0, or so small that the ratios lose their digits
		return false
	}
	// Divide rather than multiply by 1/sum: a lone positive entry becomes
	// exactly 1.
	for i := range x {
		x[i] /= sum
	}
	return true
}

// homeSampler draws home UTC offsets: a uniform decides visitor or local,
// a categorical draw the visitor's origin.
type homeSampler struct {
	share   float64
	venue   float64
	offsets []float64
	origin  distuv.Categorical
	rnd     *rand.Rand
}

func newHomeSampler(share float64, origins []sim.Origin, venue float64, src rand.Source) *homeSampler {
	h := &homeSampler{share: share, venue: venue, rnd: rand.New(src)}
	if share > 0 { // Validate guarantees origins with a positive sum
		w := make([]float64, len(origins))
		for i, o := range origins {
			h.offsets = append(h.offsets, o.UTCOffset)
			w[i] = o.Share
		}
		h.origin = distuv.NewCategorical(w, src)
	}
	return h
}

// draw returns the next attendee's home offset. The origin is drawn for
// locals too, so that every attendee's origin is the same whatever the
// visitor share.
func (h *homeSampler) draw() float64 {
	if h.share <= 0 {
		return h.venue
	}
	u := h.rnd.Float64()
	o := h.offsets[int(h.origin.Rand())]
	if u >= h.share {
		return h.venue
	}
	return o
}

// zipfWeights returns w_k = 1/(k+1)^skew for k < n.
func zipfWeights(n int, skew float64) []float64 {
	w := make([]float64, n)
	for k := range w {
		w[k] = math.Pow(float64(k+1), -skew)
	}
	return w
}

// betaSampler draws from Beta(a, b). When both gamma draws behind a sample
// underflow (tiny a and b), it returns 1 with probability a/(a+b) and 0
// otherwise, the limit of the Beta as a+b goes to 0.
type betaSampler struct {
	a, b float64
	src  rand.Source
}

func (s betaSampler) draw() float64 {
	v := distuv.Beta{Alpha: s.a, Beta: s.b, Src: s.src}.Rand()
	if math.IsNaN(v) {
		if rand.New(s.src).Float64()*(s.a+s.b) < s.a {
			return 1
		}
		return 0
	}
	return v
}

// pickStars marks n leaders, chosen uniformly without replacement, as
// stars; every leader when there are n or fewer. It returns its scratch,
// leaders, for the next call.
func pickStars(pop []sim.Attendee, n int, src rand.Source, leaders []int) []int {
	if n <= 0 {
		return leaders
	}
	leaders = leaders[:0]
	for i := range pop {
		if pop[i].Seniority == sim.Leader {
			leaders = append(leaders, i)
		}
	}
	if n > len(leaders) {
		n = len(leaders)
	}
	rnd := rand.New(src)
	// Partial Fisher–Yates: the first n entries become a uniform sample.
	for k := 0; k < n; k++ {
		j := k + rnd.IntN(len(leaders)-k)
		leaders[k], leaders[j] = leaders[j], leaders[k]
		pop[leaders[k]].Star = true
	}
	return leaders
}

func maxOf(x []float64) float64 {
	m := 0.0
	for _, v := range x {
		if v > m {
			m = v
		}
	}
	return m
}
