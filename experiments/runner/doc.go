// Package runner runs an experiment's units and writes their rows, for
// compare and sweep alike.
//
// A Layout splits an experiment into units (point, replicate, policy),
// numbered point-major, then replicate, then policy in config order. A
// task is one (point, replicate): Units builds the replicate's World once
// and runs every policy on it, so that policies meet the same attendees,
// proposals, hands and choice noise (common random numbers). Seeds come
// from the master seed and the replicate only, never from the worker.
//
// A Job runs tasks on a pool of workers and appends their rows, in unit
// order, to one journal per row stream (results, sessions, slots), with a
// check stream that records every unit's rows (count and SHA-256), so the
// files are byte-identical for any number of workers and an interrupted
// run resumes where it stopped after checking what it resumes. The Hooks
// are the seam where the model plugs in: how a world is built, which
// engine runs a policy and how a policy is made by name.
//
// The output folder is guarded (TakeDir, TakeOutputDir): a lock file, a
// run.json that says which run a folder holds, no symbolic link where a
// run writes, and atomic writes (WriteFile, WriteJSON). Table and RowReader
// read the row files back.
//
// Errors keep the prefix "runner: " that the command line strips.
package runner
