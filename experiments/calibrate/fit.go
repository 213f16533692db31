package calibrate

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distmv"

	"github.com/unconf/unconf/experiments/plan"
	"github.com/unconf/unconf/experiments/runner"
	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/prior"
	"github.com/unconf/unconf/sim/rng"
)

// Defaults of Options.
const (
	DefaultDraws      = 250
	DefaultRounds     = 4
	DefaultReplicates = 8
	// PosteriorDraws is the size of the resampled posterior sample.
	PosteriorDraws = 500
	// defensive is the share of the priors in each later round's proposal,
	// so that no region the priors allow is left unexplored.
	defensive = 0.1
	// inflate scales the fitted covariance of a later round's proposal:
	// wider than the posterior, as importance sampling needs.
	inflate = 1.5
)

// Problem is an event as it was run: the organiser's files, the scenario,
// the priors to fit, the schedule and the observed head counts.
type Problem struct {
	Data  *plan.Data
	Model *sim.Config
	// Forecast holds the priors (every key is fitted) and PriorVoters.
	Forecast *prior.Config
	// Schedule's sessions are sorted by slot, then room, as
	// Observation.Session indexes them.
	Schedule *sim.Schedule
	Obs      []plan.Observation
	// Capacity[j] is the room capacity of observation j's session.
	Capacity []int
}

// Options say how Fit runs. Zero values take the defaults.
type Options struct {
	// Draws per round (DefaultDraws), Rounds (DefaultRounds), Replicates
	// per draw (DefaultReplicates).
	Draws, Rounds, Replicates int
	// Workers run draws in parallel (default GOMAXPROCS); the fit does
	// not depend on their number.
	Workers int
	// Seed is the master seed: replicate k's world has seed
	// rng.Replicate(Seed, k) under every draw (common random numbers), and
	// round r draws its parameters from rng.New(rng.Replicate(Seed, r),
	// "calibrate").
	Seed uint64
	// Journal, if set, is a file that keeps every simulated draw, so that
	// an interrupted fit resumes where it stopped; the journals of
	// RunShard's shards lie beside it. Spec names the inputs and settings
	// in them (a journal of another Spec is refused).
	Journal, Spec string
	// Progress, if not nil, receives a line per round (naming the shard
	// in RunShard).
	Progress io.Writer
}

// Draw is one parameter vector and what it simulated.
type Draw struct {
	Round int
	// Y is the draw on the real line (prior.Dist.ToReal), X its values.
	Y, X []float64
	// Counts[k·J + j] is observation j's head count on replicate k.
	Counts []int
	// LogLik[j] is observation j's log synthetic likelihood; LogWeight
	// the draw's normalised log importance weight.
	LogLik    []float64
	LogWeight float64
}

// Fit is the calibration's result.
type Fit struct {
	Problem *Problem
	Options Options
	Keys    []string
	Draws   []Draw
	// Posterior holds PosteriorDraws rows of X, resampled by weight.
	Posterior [][]float64
	// ESS is the effective sample size of the weights.
	ESS float64
	// Resumed counts draws read back from the journals.
	Resumed int
}

// Sims returns the number of simulated events the fit used.
func (f *Fit) Sims() int { return len(f.Draws) * f.Options.Replicates }

func (o *Options) defaults() {
	if o.Draws <= 0 {
		o.Draws = DefaultDraws
	}
	if o.Rounds <= 0 {
		o.Rounds = DefaultRounds
	}
	if o.Replicates <= 0 {
		o.Replicates = DefaultReplicates
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
}

// proposal is one round's sampling distribution on the real line.
type proposal struct {
	normal *distmv.Normal // nil for round 0: the priors alone
}

// Run fits p's priors to its observations (see the package comment):
// Options.Rounds rounds of Options.Draws parameter draws, each simulated
// on Options.Replicates worlds. With Options.Journal it resumes: draws any
// journal of the fit holds (its own, or shards' of RunShard) are read
// back, the rest simulated and appended to Options.Journal, so the fit is
// the same however it was split or interrupted. It returns an error for a
// problem without priors or observations, a world that cannot be built, a
// journal of another fit, or a cancelled context (the journal keeps what
// was done).
func Run(ctx context.Context, p *Problem, o Options) (*Fit, error) {
	f, js, err := start(p, o, runner.Shard{})
	if err != nil {
		return nil, err
	}
	defer js.close()
	if _, err := f.rounds(ctx, js, runner.Shard{}); err != nil {
		return nil, err
	}
	f.resample()
	return f, nil
}

// ShardReport says what RunShard did.
type ShardReport struct {
	Shard runner.Shard
	// Round is the round (0-based) the shard worked on: the first with
	// draws missing from every journal; Rounds when none was.
	Round, Rounds int
	// Simulated counts the draws of Round the shard simulated; Missing
	// those of Round still missing after it, other shards' to simulate.
	Simulated, Missing int
	// Resumed counts the draws read back from the journals.
	Resumed int
}

// Complete reports whether every round's draws are journaled once the
// other shards of Round are done: Run then simulates nothing and writes
// the outputs.
func (s *ShardReport) Complete() bool { return s.Round >= s.Rounds-1 }

// RunShard is shard sh's part of Run, for a cluster's array job: it reads
// every journal of the fit (Options.Journal and the shards' beside it),
// replays the complete rounds, and simulates into its own journal,
// Options.Journal + "-i-of-n", the draws m of the first incomplete round
// with m % n == i that no journal holds. Rounds must run one after the
// other (a round's draws are proposed from the earlier rounds'): run
// every shard again for the next round, and Run when every round is
// complete. It returns the errors of Run, and one for a shard sh that is
// not valid or an empty Options.Journal.
func RunShard(ctx context.Context, p *Problem, o Options, sh runner.Shard) (*ShardReport, error) {
	if err := sh.Valid(); err != nil || sh.Count == 0 {
		return nil, fmt.Errorf("calibrate: shard %q: want i/n with 0 <= i < n", sh)
	}
	if o.Journal == "" {
		return nil, errNoJournal
	}
	f, js, err := start(p, o, sh)
	if err != nil {
		return nil, err
	}
	defer js.close()
	return f.rounds(ctx, js, sh)
}

// start checks p, sets o's defaults and opens the journals of shard sh.
func start(p *Problem, o Options, sh runner.Shard) (*Fit, *journals, error) {
	o.defaults()
	if len(p.Forecast.Priors) == 0 {
		return nil, nil, errors.New("calibrate: forecast.priors is empty: nothing to fit")
	}
	if len(p.Obs) == 0 {
		return nil, nil, errors.New("calibrate: no observed head counts")
	}
	f := &Fit{Problem: p, Options: o}
	for _, d := range p.Forecast.Priors {
		f.Keys = append(f.Keys, d.Key)
	}
	js, err := openJournals(o.Journal, sh, f)
	if err != nil {
		return nil, nil, err
	}
	return f, js, nil
}

// rounds proposes every round's draws, reads back those the journals
// hold and simulates the rest. A shard (sh.Count > 0) stops after its
// part of the first incomplete round.
func (f *Fit) rounds(ctx context.Context, js *journals, sh runner.Shard) (*ShardReport, error) {
	o := f.Options
	rep := &ShardReport{Shard: sh, Round: o.Rounds, Rounds: o.Rounds}
	who := ""
	if sh.Count > 0 {
		who = "shard " + sh.String() + ": "
	}
	var props []proposal
	for r := range o.Rounds {
		prop := proposal{}
		if r > 0 {
			f.weigh(props)
			var err error
			if prop.normal, err = f.fitNormal(r); err != nil {
				return nil, err
			}
		}
		props = append(props, prop)
		draws := f.propose(r, prop)
		missing, err := f.replay(draws, js)
		if err != nil {
			return nil, err
		}
		rep.Resumed = f.Resumed
		if sh.Count > 0 && len(missing) > 0 {
			mine := slices.DeleteFunc(slices.Clone(missing), func(m int) bool { return m%sh.Count != sh.Index })
			progressf(o.Progress, "%sround %d of %d: %d of %d draws not yet simulated; simulating this shard's %d",
				who, r+1, o.Rounds, len(missing), len(draws), len(mine))
			if err := f.simulate(ctx, draws, mine, js); err != nil {
				return nil, err
			}
			rep.Round, rep.Simulated, rep.Missing = r, len(mine), len(missing)-len(mine)
			return rep, nil
		}
		if err := f.simulate(ctx, draws, missing, js); err != nil {
			return nil, err
		}
		f.Draws = append(f.Draws, draws...)
		f.weigh(props)
		progressf(o.Progress, "%sround %d of %d: %d draws × %d replicates (%d simulated now, %d from the journals), effective sample size %.0f",
			who, r+1, o.Rounds, len(draws), o.Replicates, len(missing), len(draws)-len(missing), f.ESS)
	}
	return rep, nil
}

// priorLogDensity returns the priors' log density at y on the real line.
func (f *Fit) priorLogDensity(y []float64) float64 {
	lp := 0.0
	for k := range f.Keys {
		d := &f.Problem.Forecast.Priors[k]
		x, lj := d.FromReal(y[k])
		lp += d.LogDensity(x) + lj
	}
	return lp
}

// propose draws round r's parameter vectors from prop.
func (f *Fit) propose(r int, prop proposal) []Draw {
	src := rng.New(rng.Replicate(f.Options.Seed, r), "calibrate")
	u := rand.New(src)
	draws := make([]Draw, f.Options.Draws)
	pri := f.Problem.Forecast.Priors
	for m := range draws {
		y := make([]float64, len(f.Keys))
		if prop.normal == nil || u.Float64() < defensive {
			for k := range pri {
				y[k] = pri[k].ToReal(pri[k].Rand(src))
			}
		} else {
			prop.normal.Rand(y)
		}
		x := make([]float64, len(y))
		for k := range y {
			x[k], _ = pri[k].FromReal(y[k])
		}
		draws[m] = Draw{Round: r, Y: y, X: x}
	}
	return draws
}

// logProposal returns log q_r(y) of round prop.
func (f *Fit) logProposal(prop proposal, y []float64) float64 {
	lp := f.priorLogDensity(y)
	if prop.normal == nil {
		return lp
	}
	return logSumExp(math.Log(defensive)+lp, math.Log(1-defensive)+prop.normal.LogProb(y))
}

// weigh sets every draw's log importance weight, log prior + log
// likelihood − log of the mixture of all rounds' proposals (deterministic
// mixture weights), normalised, and the effective sample size.
func (f *Fit) weigh(props []proposal) {
	n := make([]float64, len(props))
	total := 0.0
	for i := range f.Draws {
		if f.Draws[i].Round < len(props) {
			n[f.Draws[i].Round]++
			total++
		}
	}
	lw := make([]float64, len(f.Draws))
	maxLW := math.Inf(-1)
	for i := range f.Draws {
		d := &f.Draws[i]
		q := math.Inf(-1)
		for r, prop := range props {
			if n[r] > 0 {
				q = logSumExp(q, math.Log(n[r]/total)+f.logProposal(prop, d.Y))
			}
		}
		ll := 0.0
		for _, l := range d.LogLik {
			ll += l
		}
		lw[i] = f.priorLogDensity(d.Y) + ll - q
		maxLW = max(maxLW, lw[i])
	}
	var s, s2 float64
	for i := range lw {
		w := math.Exp(lw[i] - maxLW)
		s += w
		s2 += w * w
	}
	for i := range f.Draws {
		f.Draws[i].LogWeight = lw[i] - maxLW - math.Log(s)
	}
	f.ESS = s * s / s2
}

// fitNormal returns round r's proposal: a normal with the weighted mean of
// the draws so far and inflate times their weighted covariance, on the
// real line.
func (f *Fit) fitNormal(r int) (*distmv.Normal, error) {
	d := len(f.Keys)
	mean := make([]float64, d)
	for i := range f.Draws {
		w := math.Exp(f.Draws[i].LogWeight)
		for k, y := range f.Draws[i].Y {
			mean[k] += w * y
		}
	}
	cov := mat.NewSymDense(d, nil)
	for i := range f.Draws {
		w := math.Exp(f.Draws[i].LogWeight)
		y := f.Draws[i].Y
		for a := range d {
			for b := a; b < d; b++ {
				cov.SetSym(a, b, cov.At(a, b)+w*(y[a]-mean[a])*(y[b]-mean[b]))
			}
		}
	}
	for a := range d {
		for b := a; b < d; b++ {
			v := inflate * cov.At(a, b)
			if a == b {
				v += 1e-6 // a degenerate weighted sample must stay invertible
			}
			cov.SetSym(a, b, v)
		}
	}
	src := rng.New(rng.Replicate(f.Options.Seed, r), "proposal")
	n, ok := distmv.NewNormal(mean, cov, src)
	if !ok {
		for a := range d { // not positive definite: keep the variances only
			for b := a + 1; b < d; b++ {
				cov.SetSym(a, b, 0)
			}
		}
		if n, ok = distmv.NewNormal(mean, cov, src); !ok {
			return nil, fmt.Errorf("calibrate: round %d: the weighted draws have no spread", r+1)
		}
	}
	return n, nil
}

// replay fills the counts and likelihoods of the draws of one round that
// the journals hold and returns the places of the others, in order.
func (f *Fit) replay(draws []Draw, js *journals) (missing []int, err error) {
	n := f.Options.Replicates * len(f.Problem.Obs)
	for m := range draws {
		d := &draws[m]
		counts, ok, err := js.read(d, d.Round*f.Options.Draws+m, n)
		if err != nil {
			return nil, err
		}
		if !ok {
			missing = append(missing, m)
			continue
		}
		d.Counts = counts
		f.likelihood(d)
		f.Resumed++
	}
	return missing, nil
}

// simulate fills the counts and likelihoods of draws[m] for every m of
// todo, appending them to the journal in todo's order.
func (f *Fit) simulate(ctx context.Context, draws []Draw, todo []int, js *journals) error {
	p, o := f.Problem, f.Options
	J := len(p.Obs)
	seeds := make([]uint64, o.Replicates)
	for k := range seeds {
		seeds[k] = rng.Replicate(o.Seed, k)
	}
	batch := 4 * o.Workers
	for start := 0; start < len(todo); start += batch {
		part := todo[start:min(start+batch, len(todo))]
		errs := make([]error, len(part))
		var wg sync.WaitGroup
		next := make(chan int)
		for range o.Workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var eng sim.Engine
				for i := range next {
					d := &draws[part[i]]
					d.Counts = make([]int, o.Replicates*J)
					errs[i] = f.run(&eng, d.X, seeds, d.Counts)
				}
			}()
		}
	feed:
		for i := range part {
			select {
			case next <- i:
			case <-ctx.Done():
				break feed
			}
		}
		close(next)
		wg.Wait()
		if err := ctx.Err(); err != nil {
			return err
		}
		for i, m := range part {
			if err := errs[i]; err != nil {
				return err
			}
			f.likelihood(&draws[m])
			if err := js.write(&draws[m], draws[m].Round*o.Draws+m); err != nil {
				return err
			}
		}
		if err := js.flush(); err != nil {
			return err
		}
	}
	return nil
}

// run simulates the event as run under parameter values x on the worlds
// of seeds, filling counts.
func (f *Fit) run(eng *sim.Engine, x []float64, seeds []uint64, counts []int) error {
	p := f.Problem
	cfg := *p.Model
	for k, key := range f.Keys {
		if key == prior.ScatterKey { // not the model's: the likelihood's
			continue
		}
		if err := prior.Set(&cfg, key, x[k]); err != nil {
			return fmt.Errorf("calibrate: %w", err)
		}
	}
	fc := &prior.Config{PriorVoters: p.Forecast.PriorVoters}
	J := len(p.Obs)
	for k, seed := range seeds {
		w, err := p.Data.World(&cfg, fc, seed)
		if err != nil {
			return fmt.Errorf("calibrate: parameters %v: %w", x, err)
		}
		res, err := eng.Evaluate(w, p.Schedule)
		if err != nil {
			return fmt.Errorf("calibrate: %w", err)
		}
		for j, o := range p.Obs {
			counts[k*J+j] = res.Sessions[o.Session].Attendance
		}
	}
	return nil
}

// likelihood sets d.LogLik from d.Counts.
func (f *Fit) likelihood(d *Draw) {
	p := f.Problem
	J := len(p.Obs)
	d.LogLik = make([]float64, J)
	xs := make([]int, f.Options.Replicates)
	for j := range p.Obs {
		for k := range xs {
			xs[k] = d.Counts[k*J+j]
		}
		d.LogLik[j] = sessionLogLik(&p.Obs[j], xs, p.Capacity[j], f.scatter(d))
	}
}

// scatter returns forecast.scatter under draw d: its fitted value when the
// priors hold ScatterKey, else the forecast's fixed value.
func (f *Fit) scatter(d *Draw) float64 {
	if k := slices.Index(f.Keys, prior.ScatterKey); k >= 0 {
		return d.X[k]
	}
	return f.Problem.Forecast.Scatter
}

// resample draws PosteriorDraws rows of X by systematic resampling on the
// final weights.
func (f *Fit) resample() {
	u := rand.New(rng.New(f.Options.Seed, "resample")).Float64()
	f.Posterior = f.Posterior[:0]
	cum, i := 0.0, 0
	for m := range PosteriorDraws {
		target := (float64(m) + u) / PosteriorDraws
		for i < len(f.Draws)-1 && cum+math.Exp(f.Draws[i].LogWeight) < target {
			cum += math.Exp(f.Draws[i].LogWeight)
			i++
		}
		f.Posterior = append(f.Posterior, f.Draws[i].X)
	}
}

func logSumExp(a, b float64) float64 {
	if math.IsInf(a, -1) {
		return b
	}
	if math.IsInf(b, -1) {
		return a
	}
	m := max(a, b)
	return m + math.Log(math.Exp(a-m)+math.Exp(b-m))
}

func progressf(w io.Writer, format string, args ...any) {
	if w != nil {
		fmt.Fprintf(w, "calibrate: "+format+"\n", args...)
	}
}
