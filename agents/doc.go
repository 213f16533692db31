// Package agents generates the attendees of an unconference and models what
// they feel and choose: interests over topics, background and seniority, home
// time zone and jet lag, alertness through the day, and the multinomial logit
// by which they pick a session or the hallway.
//
// Everything here is a plain function of its inputs and a rand.Source passed
// in; nothing keeps global state.
package agents
