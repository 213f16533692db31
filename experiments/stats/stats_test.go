package stats

import (
	"math"
	"math/rand/v2"
	"testing"
)

var nan = math.NaN()

func close(a, b, tol float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= tol
}

func TestTQuantile(t *testing.T) {
	// Two-sided 95% critical values from printed t tables.
	for _, tc := range []struct {
		df   int
		want float64
	}{{1, 12.7062}, {2, 4.3027}, {4, 2.7764}, {7, 2.3646}, {29, 2.0452}, {199, 1.9720}} {
		if got := TQuantile(0.975, tc.df); !close(got, tc.want, 1e-4) {
			t.Errorf("TQuantile(0.975, %d) = %v, want %v", tc.df, got, tc.want)
		}
	}
}

func TestTInterval(t *testing.T) {
	for _, tc := range []struct {
		name             string
		x                []float64
		n                int
		mean, sd, lo, hi float64
	}{
		// mean 5, sd √(32/7), half width 2.3646·√(32/7)/√8 = 2.3646·√(4/7).
		{"eight", []float64{2, 4, 4, 4, 5, 5, 7, 9}, 8, 5, math.Sqrt(32.0 / 7), 5 - 2.3646*math.Sqrt(4.0/7), 5 + 2.3646*math.Sqrt(4.0/7)},
		// mean 2, sd 1, half width 4.3027/√3.
		{"three with NaN", []float64{1, nan, 2, 3}, 3, 2, 1, 2 - 4.3027/math.Sqrt(3), 2 + 4.3027/math.Sqrt(3)},
		{"one", []float64{5}, 1, 5, nan, nan, nan},
		{"none", []float64{nan}, 0, nan, nan, nan, nan},
		{"empty", nil, 0, nan, nan, nan, nan},
	} {
		t.Run(tc.name, func(t *testing.T) {
			iv := TInterval(tc.x, 0.95)
			if iv.N != tc.n || !close(iv.Mean, tc.mean, 1e-12) || !close(iv.SD, tc.sd, 1e-12) ||
				!close(iv.Low, tc.lo, 1e-3) || !close(iv.High, tc.hi, 1e-3) {
				t.Errorf("TInterval(%v) = %+v, want n=%d mean=%v sd=%v [%v, %v]", tc.x, iv, tc.n, tc.mean, tc.sd, tc.lo, tc.hi)
			}
			m, n := Mean(tc.x)
			if n != tc.n || !close(m, tc.mean, 1e-12) {
				t.Errorf("Mean(%v) = %v, %d; want %v, %d", tc.x, m, n, tc.mean, tc.n)
			}
			sd, _ := StdDev(tc.x)
			if !close(sd, tc.sd, 1e-12) {
				t.Errorf("StdDev(%v) = %v, want %v", tc.x, sd, tc.sd)
			}
		})
	}
}

func TestPaired(t *testing.T) {
	// Differences 2, 3, 3 (the NaN pair is skipped): mean 8/3, sd √(1/3),
	// half width 4.3027·√(1/3)/√3 = 4.3027/3.
	x := []float64{3, 5, 7, nan}
	y := []float64{1, 2, 4, 1}
	iv := Paired(x, y, 0.95)
	want := Interval{N: 3, Mean: 8.0 / 3, SD: math.Sqrt(1.0 / 3), Low: 8.0/3 - 4.3027/3, High: 8.0/3 + 4.3027/3}
	if iv.N != want.N || !close(iv.Mean, want.Mean, 1e-12) || !close(iv.SD, want.SD, 1e-12) ||
		!close(iv.Low, want.Low, 1e-3) || !close(iv.High, want.High, 1e-3) {
		t.Errorf("Paired(%v, %v) = %+v, want %+v", x, y, iv, want)
	}
	defer func() {
		if recover() == nil {
			t.Error("Paired with lengths 2 and 1 did not panic")
		}
	}()
	Paired([]float64{1, 2}, []float64{1}, 0.95)
}

func TestQuantile(t *testing.T) {
	one10 := []float64{10, 9, 8, 7, 6, 5, 4, 3, 2, 1}
	for _, tc := range []struct {
		p    float64
		x    []float64
		want float64
	}{
		{0.5, []float64{1, 2, 3, 4}, 2.5}, // gonum's LinInterp gives 2
		{0.25, []float64{4, 1, 3, 2}, 1.75},
		{0.75, []float64{4, 1, nan, 3, 2}, 3.25},
		{0.1, one10, 1.9},
		{0.9, one10, 9.1},
		{0, one10, 1},
		{1, one10, 10},
		{0.3, []float64{7}, 7},
		{0.5, []float64{nan}, nan},
	} {
		if got := Quantile(tc.p, tc.x); !close(got, tc.want, 1e-12) {
			t.Errorf("Quantile(%v, %v) = %v, want %v", tc.p, tc.x, got, tc.want)
		}
	}
	if one10[0] != 10 {
		t.Errorf("Quantile modified its input: %v", one10)
	}
}

func TestMomentsMatchesBatch(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	x := make([]float64, 1000)
	for i := range x {
		x[i] = 1e6 + r.NormFloat64() // a large offset tests Welford's stability
	}
	var m Moments
	var s float64
	for _, v := range x {
		m.Add(v)
		s += v
	}
	mean := s / float64(len(x))
	var ss float64
	for _, v := range x {
		ss += (v - mean) * (v - mean)
	}
	sd := math.Sqrt(ss / float64(len(x)-1))
	if m.N() != len(x) || !close(m.Mean(), mean, 1e-8) || !close(m.StdDev(), sd, 1e-8) {
		t.Errorf("Moments: n=%d mean=%v sd=%v, want %d %v %v", m.N(), m.Mean(), m.StdDev(), len(x), mean, sd)
	}
}

func TestBootstrap(t *testing.T) {
	iv := Bootstrap([]float64{3, 3, nan, 3}, 0.95, 200, rand.NewPCG(1, 1))
	if iv.N != 3 || iv.Mean != 3 || iv.Low != 3 || iv.High != 3 {
		t.Errorf("Bootstrap of a constant = %+v, want 3 [3, 3] n=3", iv)
	}
	// For 100 normal values the percentile interval is close to the t
	// interval (both ≈ mean ± 1.97·sd/10); tolerance 15% of the width.
	r := rand.New(rand.NewPCG(7, 7))
	x := make([]float64, 100)
	for i := range x {
		x[i] = r.NormFloat64()
	}
	b := Bootstrap(x, 0.95, 4000, rand.NewPCG(3, 3))
	tv := TInterval(x, 0.95)
	w := tv.High - tv.Low
	if !close(b.Low, tv.Low, 0.15*w) || !close(b.High, tv.High, 0.15*w) {
		t.Errorf("Bootstrap = [%v, %v], t interval [%v, %v]", b.Low, b.High, tv.Low, tv.High)
	}
	again := Bootstrap(x, 0.95, 4000, rand.NewPCG(3, 3))
	if again != b {
		t.Errorf("Bootstrap with the same source: %+v then %+v", b, again)
	}
	if one := Bootstrap([]float64{1}, 0.95, 10, rand.NewPCG(1, 1)); !math.IsNaN(one.Low) {
		t.Errorf("Bootstrap of one value = %+v, want NaN bounds", one)
	}
}

func TestDecimalsAndFormat(t *testing.T) {
	for _, tc := range []struct {
		name    string
		ivs     []Interval
		signed  bool
		dec     int
		formats []string
	}{
		{"half width 0.012", []Interval{{N: 9, Mean: 0.512, Low: 0.500, High: 0.524}}, false, 3, []string{"0.512 [0.500, 0.524]"}},
		{"narrowest wins", []Interval{{N: 9, Mean: 40, Low: 30, High: 50}, {N: 9, Mean: 0.5, Low: 0.45, High: 0.55}}, false, 3,
			[]string{"40.000 [30.000, 50.000]", "0.500 [0.450, 0.550]"}},
		{"signed", []Interval{{N: 9, Mean: 0.012, Low: -0.004, High: 0.028}}, true, 3, []string{"+0.012 [−0.004, +0.028]"}},
		{"no interval: three digits of the mean", []Interval{{N: 1, Mean: 12.5, Low: nan, High: nan}}, false, 1, []string{"12.5"}},
		{"no data", []Interval{{N: 0, Mean: nan, Low: nan, High: nan}}, true, 1, []string{"–"}},
		{"wide: no decimals", []Interval{{N: 9, Mean: -300, Low: -500, High: -100}}, false, 0, []string{"−300 [−500, −100]"}},
		{"tiny: at most 6", []Interval{{N: 9, Mean: 1e-9, Low: 0, High: 2e-9}}, false, 6, []string{"0.000000 [0.000000, 0.000000]"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dec := Decimals(tc.ivs)
			if dec != tc.dec {
				t.Errorf("Decimals(%v) = %d, want %d", tc.ivs, dec, tc.dec)
			}
			for i, iv := range tc.ivs {
				if got := Format(iv, dec, tc.signed); got != tc.formats[i] {
					t.Errorf("Format(%v, %d, %v) = %q, want %q", iv, dec, tc.signed, got, tc.formats[i])
				}
			}
		})
	}
}

// TestFormatInfinite: an infinite bound takes one sign, as any number
// does (strconv writes +Inf with its own plus).
func TestFormatInfinite(t *testing.T) {
	inf := math.Inf(1)
	for _, tc := range []struct {
		iv     Interval
		signed bool
		want   string
	}{
		{Interval{N: 3, Mean: 1, Low: 0, High: inf}, true, "+1.0 [+0.0, +Inf]"},
		{Interval{N: 3, Mean: 1, Low: -inf, High: inf}, true, "+1.0 [−Inf, +Inf]"},
		{Interval{N: 3, Mean: 1, Low: 0, High: inf}, false, "1.0 [0.0, +Inf]"},
	} {
		if got := Format(tc.iv, 1, tc.signed); got != tc.want {
			t.Errorf("Format(%v, 1, %v) = %q, want %q", tc.iv, tc.signed, got, tc.want)
		}
	}
}

func TestClamp(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	for _, tc := range []struct {
		name           string
		iv             Interval
		lo, hi         float64
		wantLo, wantHi float64
	}{
		{"count below zero", Interval{N: 30, Mean: 0.13, Low: -0.03, High: 0.30}, 0, inf, 0, 0.30},
		{"share above one", Interval{N: 4, Mean: 0.95, Low: 0.79, High: 1.11}, 0, 1, 0.79, 1},
		{"inside", Interval{N: 4, Mean: 0.5, Low: 0.4, High: 0.6}, 0, 1, 0.4, 0.6},
		{"both sides", Interval{N: 2, Mean: 0, Low: -3, High: 3}, -1, 1, -1, 1},
		{"no interval", Interval{N: 1, Mean: 0.5, Low: nan, High: nan}, 0, 1, nan, nan},
		{"unbounded", Interval{N: 3, Mean: -2, Low: -5, High: 1}, math.Inf(-1), inf, -5, 1},
	} {
		got := tc.iv.Clamp(tc.lo, tc.hi)
		same := func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }
		if !same(got.Low, tc.wantLo) || !same(got.High, tc.wantHi) || got.Mean != tc.iv.Mean || got.N != tc.iv.N {
			t.Errorf("%s: %v.Clamp(%v, %v) = %v, want [%v, %v] around the same mean", tc.name, tc.iv, tc.lo, tc.hi, got, tc.wantLo, tc.wantHi)
		}
	}
}
