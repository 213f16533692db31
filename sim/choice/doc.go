// Package choice holds the models of how attendees choose at the event,
// implementations of sim.Chooser: Logit, the multinomial logit over the
// slot's sessions and the hallway with the law of two feet, and Alert, a
// decorator that makes the hallway more attractive to tired attendees.
// New builds the configured model (sim.ChoiceConfig).
//
// A Chooser is a plain value of settings, safe for concurrent use; its
// Start returns the state of one run, which the engine reuses from run to
// run, so that choosing allocates nothing. simtest.ChooserConformance
// checks every model here.
package choice
