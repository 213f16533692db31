//go:build !unix

package atomicfile

// noFollow is 0 where open has no such flag: OpenFile checks with Lstat
// instead.
const noFollow = 0
