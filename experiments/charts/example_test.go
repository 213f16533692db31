package charts_test

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"

	"github.com/unconf/unconf/experiments/charts"
	"github.com/unconf/unconf/sim/policy"
)

func ExamplePolicyColor() {
	for _, name := range []string{"random", "jetlag", "optimized", "someone-else"} {
		r, g, b, _ := charts.PolicyColor(name).RGBA()
		fmt.Printf("%-12s #%02x%02x%02x\n", name, r>>8, g>>8, b>>8)
	}
	// Output:
	// random       #000000
	// jetlag       #009e73
	// optimized    #cc79a7
	// someone-else #999999
}

func ExampleBox() {
	dir, err := os.MkdirTemp("", "charts-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)

	// One value list per policy; NaNs (e.g. an undefined metric) are dropped.
	groups := []string{"random", "spread", "optimized"}
	values := [][]float64{{0.30, 0.32, 0.31, 0.29}, {0.41, 0.40, math.NaN(), 0.43}, {0.44, 0.46, 0.45, 0.47}}
	for _, ext := range []string{".png", ".svg", ".pdf"} {
		path := filepath.Join(dir, "satisfaction"+ext)
		if err := charts.Box(path, "Mean satisfaction by policy", "mean satisfaction (0–1)", groups, values, policy.Builtin()); err != nil {
			fmt.Println(err)
		}
	}
	err = charts.Box(filepath.Join(dir, "satisfaction.gif"), "t", "y", groups, values, policy.Builtin())
	fmt.Println(errors.Is(err, charts.ErrFormat))
	err = charts.Box(filepath.Join(dir, "short.png"), "t", "y", groups, values[:2], policy.Builtin())
	fmt.Println(errors.Is(err, charts.ErrLength))

	files, _ := os.ReadDir(dir)
	for _, f := range files {
		fmt.Println(f.Name())
	}
	// Output:
	// true
	// true
	// satisfaction.pdf
	// satisfaction.png
	// satisfaction.svg
}
