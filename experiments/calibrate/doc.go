// Package calibrate fits the hidden behavioural parameters of unconf's
// model (the forecast priors: how readily people stay in the hallway, hop,
// follow a session's own appeal, a star…) to the head counts an event's
// hosts reported, so that the next event's plan starts from what this
// crowd did.
//
// The fit is approximate Bayesian computation with a synthetic likelihood
// (Wood 2010; Price et al. 2018) by adaptive importance sampling
// (population Monte Carlo, Cappé et al. 2004, with the deterministic-mixture
// weights of Cornuet et al. 2012): each parameter draw simulates the event
// as it was run on several replicate worlds built from the organiser's
// files, the simulated head counts of each observed session give a normal
// on log(1 + count), and the observed count's probability under it is the
// draw's likelihood. Round 0 draws from the priors; each later round from
// a normal fitted to the weighted draws so far (mixed with the priors).
// See Fit.
package calibrate
