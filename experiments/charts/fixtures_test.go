package charts

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/unconf/unconf/sim/policy"
)

// Realistic synthetic data for the tests, the benchmark and the review
// renders (go test -run TestReview -review DIR). Fixed seeds.

func sampleBox() ([]string, [][]float64) {
	rng := rand.New(rand.NewPCG(1, 2))
	means := []float64{0.31, 0.38, 0.41, 0.43, 0.36, 0.40, 0.45}
	groups := policy.Names()
	values := make([][]float64, len(groups))
	for i, m := range means {
		for r := range 200 {
			v := m + 0.025*rng.NormFloat64()
			if r == 17 && i == 2 {
				v = math.NaN()
			}
			values[i] = append(values[i], v)
		}
	}
	return groups, values
}

func sampleForest() []ForestRow {
	var rows []ForestRow
	for i, name := range policy.Names()[1:] {
		m := []float64{0.07, 0.10, 0.12, 0.05, 0.09, -0.004}[i]
		hw := 0.004 + 0.002*float64(i%3)
		rows = append(rows, ForestRow{Label: name, Mean: m, Low: m - hw, High: m + hw})
	}
	return rows
}

func sampleSweep() []Series {
	var ss []Series
	for i, name := range policy.Names() {
		s := Series{Name: name}
		for k := range 7 {
			x := 0.1 * float64(k)
			y := 0.3 + 0.02*float64(i) - (0.05+0.03*float64(6-i)/6)*x*x*3
			s.X = append(s.X, x)
			s.Y = append(s.Y, y)
			hw := 0.006 + 0.004*x
			s.Low = append(s.Low, y-hw)
			s.High = append(s.High, y+hw)
		}
		ss = append(ss, s)
	}
	return ss
}

func sampleAlertness() ([]Slot, []Series) {
	var slots []Slot
	for _, d := range []string{"Day 1: Friday 1 December 2017", "Day 2: Saturday 2 December 2017"} {
		for _, tm := range []string{"09:30–10:30", "13:30–14:30", "15:30–16:30"} {
			slots = append(slots, Slot{Day: d, Time: tm})
		}
	}
	base := map[string][]float64{
		"west": {0.88, 0.55, 0.42, 0.86, 0.66, 0.58},
		"east": {0.38, 0.62, 0.71, 0.50, 0.68, 0.74},
		"none": {0.72, 0.70, 0.76, 0.74, 0.71, 0.77},
	}
	var ss []Series
	for g, n := range map[string]int{"west": 41, "east": 12, "none": 147} {
		s := Series{Name: fmt.Sprintf("%s (%d people)", g, n), Style: g, Y: base[g]}
		for _, y := range s.Y {
			s.Low = append(s.Low, y-0.03)
			s.High = append(s.High, y+0.03)
		}
		ss = append(ss, s)
	}
	slices.SortFunc(ss, func(a, b Series) int { return strings.Compare(a.Name, b.Name) })
	return slots, ss
}

func sampleHands() []HandsPoint {
	rng := rand.New(rand.NewPCG(3, 4))
	var pts []HandsPoint
	for _, g := range []string{"popularity", "spread", "optimized"} {
		for range 50 {
			h := rng.IntN(40)
			a := int(math.Max(0, float64(h)*0.7+3+4*rng.NormFloat64()))
			pts = append(pts, HandsPoint{Hands: h, Attendance: a, Collapsed: a <= 2, Group: g})
		}
	}
	return pts
}

var sampleTitles = []string{
	"Causal inference for observational data", "GANs", "Reinforcement learning in the real world",
	"Fairness, accountability and transparency in machine learning systems deployed at scale",
	"Bayesian deep learning", "Meta-learning", "Interpretability", "ML for healthcare", "AutoML",
	"Adversarial examples", "Probabilistic programming", "Graph neural networks", "Robotics",
	"Supercalifragilisticexpialidociousnesses-of-hyperparameters", "Optimization", "Theory of deep learning",
	"Safety", "NLP after transformers", "Climate", "Education",
}

var sampleNames = []string{"Priya Osei", "Emeka Park", "Anders Dahl", "Maximiliana Fernández-Oyelaran", "Kiri Costa"}

func sampleGrid() ([]Slot, []string, [][]Cell) {
	rng := rand.New(rand.NewPCG(5, 6))
	slots, _ := sampleAlertness()
	var rooms []string
	for r := range 10 {
		rooms = append(rooms, fmt.Sprintf("Room %c", 'A'+r))
	}
	rooms[0] = "Main hall (120)"
	cells := make([][]Cell, len(slots))
	k := 0
	for s := range slots {
		cells[s] = make([]Cell, len(rooms))
		for r := range rooms {
			if (s*7+r*3)%11 == 0 {
				continue // empty room
			}
			h := rng.IntN(35)
			a := max(0, h/2+rng.IntN(12)-3)
			if h > 30 {
				a = 28 + rng.IntN(4)
			}
			c := Cell{Title: sampleTitles[k%len(sampleTitles)], Hands: h, Attendance: a, Value: float64(a) / 30}
			if k%2 == 0 {
				c.Moderator = sampleNames[k%len(sampleNames)]
				c.Low, c.High = max(0, a-4), a+3
			}
			k++
			switch {
			case a <= 2:
				c.Risk = "collapse"
			case a >= 26:
				c.Risk = "overflow"
			}
			cells[s][r] = c
		}
	}
	cells[2][3].Value = math.NaN()
	return slots, rooms, cells
}

func sampleHeat(signed bool) (xs, ys []float64, z [][]float64) {
	xs = []float64{4, 6, 8, 10, 12, 14}
	ys = []float64{100, 250, 400, 550, 700, 850, 1000}
	for _, y := range ys {
		row := make([]float64, len(xs))
		for j, x := range xs {
			v := 0.45 - 0.15*math.Abs(y/x/70-1)
			if signed {
				v = 0.02 * (x/8 - y/500)
			}
			row[j] = v
		}
		z = append(z, row)
	}
	return xs, ys, z
}

func sampleMorris() []MorrisPoint {
	return []MorrisPoint{
		{"jetlag.west_share", 0.080, 0.050},
		{"jetlag.east_share", 0.072, 0.061},
		{"votes.noise", 0.030, 0.041},
		{"attendees.count", 0.110, 0.030},
		{"rooms.count", 0.100, 0.035},
		{"choice.temperature", 0.004, 0.003},
		{"alertness.base", 0.006, 0.002},
		{"star.pull", 0.005, 0.004},
		{"metrics.collapsed", 0, 0},
		{"choice.b_crowd", 0, 0},
		{"votes.budget", 0.0003, 0.0002},
	}
}

// sampleWinner is a winner-margin map: each cell names the best policy
// and its margin over the runner-up.
func sampleWinner() HeatMap {
	xs, ys, z := sampleHeat(false)
	labels := make([][]string, len(z))
	for i, row := range z {
		for j := range row {
			z[i][j] = 0.004 * float64((i+2*j)%7)
			pol := []string{"optimized", "spread", "jetlag"}[(i*j)%3]
			labels[i] = append(labels[i], pol+"\n"+signed(z[i][j], 3))
		}
	}
	return HeatMap{Title: "Best policy and its margin over the runner-up", XLabel: "rooms of 15 seats",
		YLabel: "attendees (people)", ZLabel: "margin in mean satisfaction (0–1)", X: xs, Y: ys, Z: z, Labels: labels}
}
