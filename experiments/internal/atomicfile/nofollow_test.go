package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
)

func TestNoFollow(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	dir, outside := t.TempDir(), t.TempDir()
	target := filepath.Join(outside, "target")
	link := filepath.Join(dir, "link")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	f, err := OpenFile(link, os.O_WRONLY|os.O_CREATE, 0o644)
	if err == nil {
		f.Close()
	}
	if !errors.Is(err, ErrSymlink) || err.Error() != link+" "+ErrSymlink.Error() {
		t.Errorf("OpenFile through a dangling link: %v, want ErrSymlink naming %s", err, link)
	}
	if _, err := os.Stat(target); err == nil {
		t.Errorf("OpenFile created %s through the link", target)
	}
	if err := os.Mkdir(target, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := Mkdir(link); !errors.Is(err, ErrSymlink) {
		t.Errorf("Mkdir of a link to a folder: %v, want ErrSymlink", err)
	}
	sub := filepath.Join(dir, "sub")
	for range 2 { // creates, then accepts
		if err := Mkdir(sub); err != nil {
			t.Errorf("Mkdir(%s): %v", sub, err)
		}
	}
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Mkdir(file); err == nil {
		t.Errorf("Mkdir over a file: no error")
	}
	f, err = OpenFile(filepath.Join(dir, "plain"), os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatalf("OpenFile of a plain file: %v", err)
	}
	f.Close()
}

func TestRemoveTemps(t *testing.T) {
	dir := t.TempDir()
	// What a process killed inside Write leaves, then files to keep.
	p := filepath.Join(dir, "results.parquet")
	f, err := os.CreateTemp(dir, ".results.parquet.*.tmp")
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	stage, err := os.MkdirTemp(dir, TempPrefix+"*")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(stage, "results.csv"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"notes.tmp", ".results.parquet.tmp", "a.csv.1.tmp", "results.parquet"} {
		if err := os.WriteFile(filepath.Join(dir, name), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	removed, err := RemoveTemps(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Base(f.Name()), filepath.Base(stage)}
	slices.Sort(want)
	slices.Sort(removed)
	if !slices.Equal(removed, want) {
		t.Errorf("removed %v, want %v", removed, want)
	}
	onlyFiles(t, dir, ".results.parquet.tmp", "a.csv.1.tmp", "notes.tmp", filepath.Base(p))
	if removed, err := RemoveTemps(filepath.Join(dir, "missing")); err != nil || removed != nil {
		t.Errorf("RemoveTemps of a missing folder: %v, %v", removed, err)
	}
}
