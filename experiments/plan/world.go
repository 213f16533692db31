package plan

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/unconf/unconf/agents"
	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/choice"
	"github.com/unconf/unconf/sim/policy"
	"github.com/unconf/unconf/sim/prior"
	"github.com/unconf/unconf/sim/rng"
)

// Evidence weights of the interest estimate (see World).
const (
	// DeclaredWeight is the Dirichlet pseudo-count a declared interest adds
	// to its topic in the prior.
	DeclaredWeight = 2.0
	// VoteWeight is the pseudo-count an interested vote adds to the
	// proposal's main topic (half of it to a second topic, half for a
	// maybe) in the sampler's proposal distribution; it sets how fast the
	// chain mixes, not the posterior.
	VoteWeight = 1.0
)

// World builds replicate seed's world from the organiser's data. What the
// data fix stays fixed: attendees, their declared fields, proposals and
// votes. What they leave open is drawn afresh in each replicate, so that
// predictions carry that uncertainty:
//   - the behavioural parameters of fc's priors (prior.Config.Apply,
//     stream "prior"), when fc has any;
//   - empty background, seniority, home offset or affiliation cells, and
//     sociability, from the scenario's distributions;
//   - who a non-voter votes like (see impute);
//   - interests from their posterior given the votes (see posterior): the
//     scenario's prior α_t = concentration · p_t / mean(p) plus
//     DeclaredWeight for each declared interest, sampled by
//     Metropolis–Hastings with proposals from the Dirichlet that adds
//     VoteWeight for each interested vote for a proposal on topic t (half
//     for a second topic or a maybe);
//   - with votes.taste > 0, each attendee's lasting taste for each
//     proposal given their vote on it (see tastes).
//
// Known affiliations are shared by name; an unknown one is drawn among the
// scenario's anonymous organisations. Stars come from the star column when
// some row has a star, else from the scenario's star share among the
// file's leaders (drawn or given). The population is drawn in one pass,
// what the file fixes given to agents.GenerateGiven (resolved once per
// Data, see prepare); interests follow, given everyone's star flag and
// affiliation. fc may be nil (no priors, and non-voters copy voters with
// the default weight).
func (d *Data) World(c *sim.Config, fc *prior.Config, seed uint64) (*sim.World, error) {
	w, _, err := d.world(c, fc, seed)
	return w, err
}

// world is World, and also returns the replicate's scatter of real head
// counts around the model's: fc's forecast.scatter, or its draw when fc
// has a prior or posterior on it (0 for a nil fc).
func (d *Data) world(c *sim.Config, fc *prior.Config, seed uint64) (*sim.World, float64, error) {
	cfg, scatter, err := d.config(c, fc, seed)
	if err != nil {
		return nil, 0, err
	}
	ev, err := sim.NewEvent(&cfg.Event, cfg.Alertness.ResetMinutes)
	if err != nil {
		return nil, 0, fmt.Errorf("plan: %w", err)
	}
	atts, err := agents.GenerateGiven(&cfg.Attendees, d.popularity, ev.VenueOffset, d.given, rng.New(seed, "population"))
	if err != nil {
		return nil, 0, fmt.Errorf("plan: %w", err)
	}
	w := &sim.World{Config: cfg, Event: ev, Attendees: atts, Proposals: slices.Clone(d.props), Votes: d.votes(), Chooser: choice.New(&cfg.Choice), Seed: seed}
	// Interests last: the vote model behind the posterior needs everyone's
	// star flag and affiliation.
	kappa := float64(prior.DefaultPriorVoters)
	if fc != nil {
		kappa = fc.PriorVoters
	}
	source := d.impute(&cfg.Votes, kappa, rng.New(seed, "impute"))
	post := d.interests(w, source, rng.New(seed, "interests"))
	if cfg.Votes.Taste > 0 && cfg.Votes.Noise > 0 {
		w.Taste = d.tastes(w, post, source, rand.New(rng.New(seed, "taste")))
	}
	w.Baseline = policy.Baseline(w)
	return w, scatter, nil
}

// config returns replicate seed's model config: c with the behavioural
// parameters of fc's priors drawn (stream "prior") when fc has any, and
// the data's topics and head count; and the replicate's scatter.
func (d *Data) config(c *sim.Config, fc *prior.Config, seed uint64) (*sim.Config, float64, error) {
	cfg := *c
	var scatter float64
	if fc != nil {
		scatter = fc.Scatter
	}
	if fc != nil && !fc.Empty() {
		drawn, s, err := fc.Apply(&cfg, rng.New(seed, "prior"))
		if err != nil {
			return nil, 0, fmt.Errorf("plan: %w", err)
		}
		cfg, scatter = *drawn, s
	}
	cfg.Event.Topics = d.Topics
	cfg.Attendees.Count = len(d.Attendees)
	if err := cfg.Validate(); err != nil {
		return nil, 0, fmt.Errorf("plan: %w", err)
	}
	return &cfg, scatter, nil
}

// interests draws every attendee's interests from their posterior given
// the votes that stand for theirs (source, see impute) and returns the
// posterior, for tastes.
func (d *Data) interests(w *sim.World, source []int, src rand.Source) *posterior {
	cfg := w.Config
	post := newPosterior(&cfg.Votes, w.Proposals, len(d.popularity), d.maybes)
	for i := range d.Attendees {
		for t, p := range d.popularity {
			post.prior[t] = cfg.Attendees.InterestConcentration * p / d.meanPopularity
			if math.IsInf(post.prior[t], 0) { // the product overflowed, as in agents
				post.prior[t] = cfg.Attendees.InterestConcentration * (p / d.meanPopularity)
			}
		}
		for _, t := range d.declared[i] {
			post.prior[t] += DeclaredWeight
		}
		copy(post.alpha, post.prior)
		d.evidence(post, w.Attendees, i, source[i])
		for j, e := range post.ev {
			v := 0.0
			switch e {
			case interested:
				v = VoteWeight
			case maybe:
				v = VoteWeight / 2
			}
			post.alpha[w.Proposals[j].Topic] += v
			if s := w.Proposals[j].Second; s >= 0 {
				post.alpha[s] += v / 2
			}
		}
		post.draw(&w.Attendees[i], src)
	}
	return post
}

// prepare resolves once what World needs of the rows, the same in every
// replicate: the topics' popularity and its mean, the proposals, each
// attendee's declared interests as topic numbers and what the attendees
// file fixes of each attendee (agents.Given). Known affiliations are
// shared by name; the star column fixes every attendee's star flag when
// some row has a star, else stars are drawn. The rows were checked by
// NewData.
func (d *Data) prepare() {
	d.popularity = make([]float64, len(d.Topics))
	d.meanPopularity = 0
	for i, t := range d.Topics {
		d.popularity[i] = t.Popularity
		d.meanPopularity += t.Popularity / float64(len(d.Topics))
	}
	d.props = make([]sim.Proposal, len(d.Proposals))
	for i, p := range d.Proposals {
		d.props[i] = sim.Proposal{ID: i, Proposer: d.attendee[p.Proposer], Topic: d.topic[strings.ToLower(p.Topics[0])], Second: -1, Title: p.Title}
		if len(p.Topics) > 1 {
			d.props[i].Second = d.topic[strings.ToLower(p.Topics[1])]
		}
	}
	hasStar := slices.ContainsFunc(d.Attendees, func(a AttendeeRow) bool { return a.Star })
	organisation := map[string]int{}
	d.given = make([]agents.Given, len(d.Attendees))
	d.declared = make([][]int, len(d.Attendees))
	for i, row := range d.Attendees {
		g := &d.given[i]
		g.Name = row.Name
		if row.Background != "" {
			g.Background, _ = sim.ParseBackground(row.Background)
			g.HasBackground = true
		}
		if row.Seniority != "" {
			g.Seniority, _ = sim.ParseSeniority(row.Seniority)
			g.HasSeniority = true
		}
		g.HomeOffset, g.HasHome = row.Home, row.HasHome
		if row.Affiliation != "" {
			k, ok := organisation[row.Affiliation]
			if !ok {
				k = len(organisation) + 1
				organisation[row.Affiliation] = k
			}
			g.Organisation = k
		}
		g.Star, g.HasStar = row.Star, hasStar
		for _, day := range row.Days {
			g.Days |= 1 << uint(day-1)
		}
		for _, name := range row.Interests {
			d.declared[i] = append(d.declared[i], d.topic[strings.ToLower(name)])
		}
	}
}

// votes returns the votes as the policies see them: interested votes are
// hands; maybes are kept aside.
func (d *Data) votes() sim.Votes {
	v := sim.Votes{
		ByProposal: make([][]int32, len(d.Proposals)),
		ByAttendee: make([][]int32, len(d.Attendees)),
		Voted:      slices.Clone(d.voted),
	}
	if d.maybes {
		v.Maybe = make([][]int32, len(d.Attendees))
	}
	for a, bs := range d.ballots {
		for _, b := range bs {
			switch b.level {
			case Interested:
				v.ByAttendee[a] = append(v.ByAttendee[a], b.p)
				v.ByProposal[b.p] = append(v.ByProposal[b.p], int32(a))
			case Maybe:
				v.Maybe[a] = append(v.Maybe[a], b.p)
			}
		}
	}
	return v // ballots are sorted by proposal and visited by attendee: both views ascending
}

// voter reports whether attendee a took part in the vote: a has a row in
// votes.csv, or every attendee voted (a hands-only file at votes.turnout
// 1: no row means no hand).
func (d *Data) voter(vc *sim.VotesConfig, a int) bool {
	return d.voted[a] || (!d.leveled && vc.Turnout >= 1)
}

// impute returns, for each attendee, whose votes stand for theirs: their
// own for a voter; for a non-voter, a voter drawn by a Bayesian bootstrap
// (Rubin 1981) over the V voters, or −1 (no votes: the scenario's interest
// model alone) with probability κ/(κ + V). That is a draw from the
// Dirichlet-process posterior of the crowd's voting patterns with
// concentration κ and the no-vote prior as base measure (Ferguson 1973):
// the voters are a sample of the crowd, so a proposal's expected share of
// interested non-voters is its share among voters, with the sampling
// uncertainty of V voters, shrunk towards the scenario's interest model
// when few voted. Each replicate draws its own bootstrap weights.
func (d *Data) impute(vc *sim.VotesConfig, kappa float64, src rand.Source) []int {
	r := rand.New(src)
	source := make([]int, len(d.Attendees))
	var voters []int
	for a := range d.Attendees {
		source[a] = a
		if d.voter(vc, a) {
			voters = append(voters, a)
		}
	}
	if len(voters) == len(d.Attendees) {
		return source
	}
	// Bayesian bootstrap weights: normalised unit exponentials, as
	// cumulative sums.
	cum := make([]float64, len(voters))
	total := 0.0
	for k := range voters {
		total += r.ExpFloat64()
		cum[k] = total
	}
	pDonor := float64(len(voters)) / (float64(len(voters)) + kappa)
	for a := range d.Attendees {
		if d.voter(vc, a) {
			continue
		}
		source[a] = -1
		if len(voters) > 0 && r.Float64() < pDonor {
			k, _ := slices.BinarySearch(cum, r.Float64()*total)
			source[a] = voters[min(k, len(voters)-1)]
		}
	}
	return source
}

// evidence fills post.ev and post.bonus for attendee a, whose votes are
// those of attendee src (a itself, a voter standing for a non-voter, or
// −1 for none). Bonuses are src's: they explain src's votes. Neither a's
// own proposals nor src's are evidence.
func (d *Data) evidence(post *posterior, atts []sim.Attendee, a, src int) {
	base := unrated
	if src >= 0 && !d.leveled {
		base = notInterested // every proposal not raised is a hand not raised
	}
	for j := range post.ev {
		post.ev[j] = base
	}
	if src < 0 {
		return
	}
	for _, b := range d.ballots[src] {
		post.ev[b.p] = evidenceOf(b.level, d.maybes)
	}
	for j, p := range post.props {
		if p.Proposer == a || p.Proposer == src {
			post.ev[j] = unrated
		}
		by := &atts[p.Proposer]
		post.bonus[j] = 0
		if by.Star {
			post.bonus[j] |= bonusStar
		}
		if by.Affiliation == atts[src].Affiliation {
			post.bonus[j] |= bonusSocial
		}
	}
}

// tastes draws every attendee's lasting taste for every proposal given the
// interests already drawn and the votes (their own, or those standing for
// theirs). Under the vote model the perception noise ε ~ Normal(0, σ²),
// σ = votes.noise, is a lasting taste τ plus a passing part, with
// Var(τ) = ρσ², ρ = votes.taste. A vote says ε lies in an interval (above
// θ − match − bonus for a hand, and so on: bounds); given ε, τ is
// Normal(ρε, ρ(1 − ρ)σ²). So ε is drawn from its normal truncated to the
// vote's interval, then τ given ε. A proposal without a vote (and one's
// own, taste 0) has τ ~ Normal(0, ρσ²).
func (d *Data) tastes(w *sim.World, post *posterior, source []int, r *rand.Rand) []float32 {
	vc := &w.Config.Votes
	rho, sigma := vc.Taste, vc.Noise
	sdGiven := sigma * math.Sqrt(rho*(1-rho))
	np := len(w.Proposals)
	t := make([]float32, len(w.Attendees)*np)
	for a := range w.Attendees {
		d.evidence(post, w.Attendees, a, source[a])
		for j, p := range w.Proposals {
			if p.Proposer == a {
				continue
			}
			m := w.Attendees[a].Match(p.Topic, p.Second)
			lo, hi := bounds(vc, post.ev[j], m, post.bonusValue(post.bonus[j]))
			eps := truncNormal(sigma, lo, hi, r)
			t[a*np+j] = float32(rho*eps + sdGiven*r.NormFloat64())
		}
	}
	return t
}
