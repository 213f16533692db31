package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.txt")
	for _, content := range []string{"first\n", "second, longer\n"} {
		if err := WriteFile(path, []byte(content)); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(path)
		if err != nil || string(got) != content {
			t.Fatalf("%s holds %q (%v), want %q", path, got, err, content)
		}
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o644 {
		t.Errorf("%s: mode %v, want 0644", path, fi.Mode().Perm())
	}
	onlyFiles(t, dir, "a.txt")
}

func TestWriteFailureKeepsOldContent(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.txt")
	if err := WriteFile(path, []byte("old\n")); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := Write(path, func(f *os.File) error {
		f.WriteString("half")
		return boom
	})
	if !errors.Is(err, boom) || err.Error() != "writing "+path+": boom" {
		t.Errorf("error %q, want %q wrapping boom", err, "writing "+path+": boom")
	}
	if got, _ := os.ReadFile(path); string(got) != "old\n" {
		t.Errorf("%s holds %q after a failed write, want the old content", path, got)
	}
	onlyFiles(t, dir, "a.txt")

	if err := WriteFile(filepath.Join(dir, "missing", "b.txt"), nil); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("write into a missing folder: error %v, want one wrapping os.ErrNotExist", err)
	}
}

// onlyFiles fails unless dir holds exactly names (no temporary files).
func onlyFiles(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if len(got) != len(names) {
		t.Fatalf("%s holds %v, want %v", dir, got, names)
	}
	for i := range got {
		if got[i] != names[i] {
			t.Fatalf("%s holds %v, want %v", dir, got, names)
		}
	}
}
