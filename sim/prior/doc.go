// Package prior describes what is not known about a crowd's behaviour as
// distributions over model parameters, keyed by their config keys
// ("choice.outside", "votes.noise"), and applies draws of them to a
// sim.Config. unconf plan draws one parameter vector per replicate, so that
// its predicted ranges carry that uncertainty; unconf calibrate fits it to
// an event's observed head counts and writes the fit back as a Config.
package prior
