package atomicfile_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/unconf/unconf/experiments/internal/atomicfile"
)

func ExampleWriteFile() {
	dir, err := os.MkdirTemp("", "atomicfile")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "summary.md")
	if err := atomicfile.WriteFile(path, []byte("# Summary\n")); err != nil {
		fmt.Println(err)
		return
	}
	b, _ := os.ReadFile(path)
	fmt.Print(string(b))
	// Output:
	// # Summary
}
