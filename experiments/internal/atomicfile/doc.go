// Package atomicfile writes files so that a reader, or a crash, never sees
// one half written: the content goes to a temporary file in the target's
// folder, is synced to disk, and the temporary file is renamed over the
// target. The target is then absent, its old content or the whole new
// content.
//
// It also keeps writes inside an output folder: OpenFile and Mkdir refuse a
// symbolic link where a file is opened or a folder entered, and
// RemoveTemps clears the temporary files a killed process left.
//
// Errors are not prefixed with a package name: callers (experiments,
// charts, plan) wrap them with their own.
package atomicfile
