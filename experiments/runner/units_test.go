package runner

import (
	"bytes"
	"encoding/csv"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/unconf/unconf/experiments/internal/csvcell"
	"github.com/unconf/unconf/sim"
)

func TestLayout(t *testing.T) {
	l := NewLayout(2, 3, []string{"a", "b"}, 7, []string{"point", "x"}, [][]string{{"0", "1.5"}, {"1", "a,b"}})
	if l.Tasks() != 6 || l.Units() != 12 {
		t.Fatalf("tasks %d units %d, want 6 12", l.Tasks(), l.Units())
	}
	u := 0
	for p := range 2 {
		for r := range 3 {
			for k := range 2 {
				if got := l.Unit(p, r, k); got != u {
					t.Errorf("unit(%d,%d,%d) = %d, want %d (point-major, then replicate, then policy)", p, r, k, got, u)
				}
				if gp, gr, gk := l.Split(u); gp != p || gr != r || gk != k {
					t.Errorf("split(%d) = %d,%d,%d, want %d,%d,%d", u, gp, gr, gk, p, r, k)
				}
				u++
			}
		}
	}
	if l.Seed(2) != NewLayout(1, 5, []string{"z"}, 7, nil, nil).Seed(2) {
		t.Error("replicate seed depends on more than (master, replicate)")
	}
	if got := l.ID(11); got != "p1/r2/b" {
		t.Errorf("id(11) = %q", got)
	}
	if got := NewLayout(1, 3, []string{"a", "b"}, 7, nil, nil).ID(5); got != "r2/b" {
		t.Errorf("compare id(5) = %q", got)
	}
	if h := l.KeyHeader(); !slices.Equal(h, []string{"unit", "point", "x", "replicate", "seed", "policy"}) {
		t.Errorf("keyHeader = %v", h)
	}
	got := string(l.AppendKeys(nil, 9))
	want := `9,1,"a,b",1,` + strconv.FormatUint(l.Seed(1), 10) + ",b"
	if got != want {
		t.Errorf("appendKeys(9) = %s, want %s", got, want)
	}
}

func TestSnakeCase(t *testing.T) {
	for in, want := range map[string]string{
		"Slot": "slot", "RoomName": "room_name", "HopsIn": "hops_in", "ID": "id",
		"OnSite": "on_site", "NewTies": "new_ties", "P10": "p10", "HTTPServer": "http_server", "UserID": "user_id",
	} {
		if got := snakeCase(in); got != want {
			t.Errorf("snakeCase(%q) = %q, want %q", in, got, want)
		}
	}
}

type codecProbe struct {
	N      int
	Name   string
	Group  sim.JetlagGroup
	OK     bool
	X      float64
	hidden int
	List   []int
}

func TestRecordCodecRoundTrip(t *testing.T) {
	c := newRecordCodec(reflect.TypeFor[codecProbe]())
	if want := []string{"n", "name", "group", "ok", "x"}; !slices.Equal(c.names, want) {
		t.Errorf("columns %v, want %v", c.names, want)
	}
	v := codecProbe{N: -3, Name: ` say "hi", twice` + "\nbye", Group: sim.West, OK: true, X: 0.1, hidden: 7}
	line := c.appendRow([]byte("key"), reflect.ValueOf(v))
	if bytes.Count(line, []byte("\n")) != 0 {
		t.Fatalf("row holds a line break: %q", line)
	}
	rec, err := csv.NewReader(bytes.NewReader(line)).Read()
	if err != nil {
		t.Fatalf("%q: %v", line, err)
	}
	want := []string{"key", "-3", ` say "hi", twice bye`, "west", "true", "0.1"}
	if !slices.Equal(rec, want) {
		t.Errorf("read back %q, want %q", rec, want)
	}
}

func TestFormatFloat(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		want string
	}{{0.1, "0.1"}, {1.0 / 3, "0.3333333333333333"}, {2, "2"}, {1e21, "1e+21"}, {math.NaN(), ""}, {math.Copysign(0, -1), "-0"}, {math.Inf(1), "+Inf"}} {
		if got := csvcell.FormatFloat(tc.v); got != tc.want {
			t.Errorf("csvcell.FormatFloat(%v) = %q, want %q", tc.v, got, tc.want)
		}
	}
}

func TestProgressPlain(t *testing.T) {
	var b bytes.Buffer
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	now := t0
	p := newProgress(&b, false, 100, 10, func() time.Time { return now })
	now = t0.Add(2 * time.Second)
	p.add(10)
	if b.String() != "resuming: 10 of 100 units already done\n" {
		t.Errorf("before %v: %q", progressEvery, b.String())
	}
	b.Reset()
	now = t0.Add(6 * time.Second)
	p.add(20) // 30 done, 20 in 6 s: 3.3/s, 70 left: 21 s
	if want := "units 40/100 (40.0%), 5.0 units/s, 12s left\n"; b.String() != want {
		t.Errorf("progress line %q, want %q", b.String(), want)
	}
	b.Reset()
	now = t0.Add(7 * time.Second)
	p.add(60)
	p.finish()
	if want := "units 100/100 (100.0%), 12.9 units/s in 7s\n"; b.String() != want {
		t.Errorf("last line %q, want %q", b.String(), want)
	}
}

// TestProgressRateWaits checks that no rate is shown before a few units
// have finished over a second: the first units finish together, and their
// rate over milliseconds is absurd (once 277,140 units/s).
func TestProgressRateWaits(t *testing.T) {
	for _, tty := range []bool{false, true} {
		var b bytes.Buffer
		t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		now := t0
		p := newProgress(&b, tty, 1000, 0, func() time.Time { return now })
		p.every = 0 // a plain line for every add
		now = t0.Add(3 * time.Millisecond)
		p.add(2)
		now = t0.Add(10 * time.Millisecond)
		p.add(8) // 10 units, but in 10 ms
		if s := b.String(); strings.Contains(s, "units/s") {
			t.Errorf("tty %v: a rate after 10 ms: %q", tty, s)
		}
		now = t0.Add(2 * time.Second)
		p.add(10)  // 20 units in 2 s
		p.finish() // the bar throttles frames by the real clock; its last is drawn
		if s := b.String(); !strings.Contains(s, "10.0 units/s, 1m38s left") {
			t.Errorf("tty %v: after 20 units in 2 s: %q, want 10.0 units/s, 1m38s left", tty, s)
		}
	}
}

func TestProgressTTY(t *testing.T) {
	var b bytes.Buffer
	p := newProgress(&b, true, 50, 0, time.Now)
	for range 50 {
		p.add(1)
	}
	p.finish()
	if s := b.String(); !strings.Contains(s, "\r") || !strings.Contains(s, "50/50") || !strings.Contains(s, "units 50/50 (100.0%)") {
		t.Errorf("terminal progress: %q", s)
	}
	q := newProgress(nil, true, 5, 0, time.Now) // no writer: silent
	q.add(5)
	q.finish()
}
