package policy_test

import (
	"image/color"
	"math/rand/v2"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/policy"
	"github.com/unconf/unconf/sim/simtest"
)

// firstCome is a toy eighth policy: proposals in order, slot by slot, each
// in the first room of a slot its proposer is free in. It is all a new
// policy needs: a type (its own file) and a Kind (one row).
type firstCome struct{}

func (firstCome) Schedule(in *sim.Input, _ rand.Source) (*sim.Schedule, error) {
	ns, nr := len(in.Event.Slots), len(in.Event.Rooms)
	used := make([]int, ns)
	busy := map[[2]int]bool{}
	s := &sim.Schedule{}
	for p, pr := range in.Proposals {
		for slot := range ns {
			if used[slot] < nr && !busy[[2]int{pr.Proposer, slot}] {
				s.Sessions = append(s.Sessions, sim.Session{Proposal: p, Slot: slot, Room: used[slot]})
				used[slot]++
				busy[[2]int{pr.Proposer, slot}] = true
				break
			}
		}
	}
	return s, nil
}

var firstComeKind = policy.Kind{
	Name:  "first-come",
	Doc:   "proposals in the order they came, each in the first free room",
	Color: color.RGBA{0xf0, 0xe4, 0x42, 0xff},
	New:   func(policy.Config) sim.Policy { return firstCome{} },
}

// TestRegistryWith registers a toy policy and finds it wherever the
// registry is read: names, lookup, construction, validation; it passes
// the conformance suite like the built-in ones, and Builtin is unchanged.
func TestRegistryWith(t *testing.T) {
	r, err := policy.Builtin().With(firstComeKind)
	if err != nil {
		t.Fatal(err)
	}
	if want := append(policy.Names(), "first-come"); !slices.Equal(r.Names(), want) {
		t.Errorf("names %v, want %v", r.Names(), want)
	}
	if !r.Known("first-come") || policy.Known("first-come") || r.Index("first-come") != 7 {
		t.Error("first-come: want known to the new registry only, last")
	}
	if k, ok := r.Lookup("first-come"); !ok || k.Color != firstComeKind.Color || k.Doc != firstComeKind.Doc {
		t.Errorf("Lookup = %+v, %v", k, ok)
	}
	if err := r.Validate(defaults(t)); err != nil {
		t.Error(err)
	}
	simtest.Conformance(t, func() sim.Policy {
		p, err := r.New("first-come", defaults(t))
		if err != nil {
			t.Fatal(err)
		}
		return p
	})
	if len(policy.Builtin().Kinds()) != 7 {
		t.Error("With changed the built-in registry")
	}
	// Two registries grown from one do not share rows.
	other := firstComeKind
	other.Name = "second"
	r2, err := r.With(other)
	if err != nil {
		t.Fatal(err)
	}
	r3, err := r.With(firstComeKind)
	if err == nil || r3.Known("second") || len(r2.Names()) != 9 || len(r.Names()) != 8 {
		t.Errorf("With: %v; names %v, %v", err, r2.Names(), r3.Names())
	}
}

func TestRegistryWithRejects(t *testing.T) {
	for _, tc := range []struct {
		name string
		k    policy.Kind
	}{
		{"no name", policy.Kind{Doc: "x", New: firstComeKind.New}},
		{"no doc", policy.Kind{Name: "x", New: firstComeKind.New}},
		{"no constructor", policy.Kind{Name: "x", Doc: "x"}},
		{"taken", policy.Kind{Name: "spread", Doc: "x", New: firstComeKind.New}},
	} {
		if _, err := policy.Builtin().With(tc.k); err == nil || !strings.HasPrefix(err.Error(), "policy: registry: ") {
			t.Errorf("%s: With: %v, want a prefixed error", tc.name, err)
		}
	}
}

// TestRegistryValidateAsksEachPolicy checks that a policy's own Validate
// is asked, by the registry that holds it.
func TestRegistryValidateAsksEachPolicy(t *testing.T) {
	k := firstComeKind
	k.Validate = func(c policy.Config) error {
		if c.Spread.Iterations > 10 {
			return os.ErrInvalid
		}
		return nil
	}
	r, err := policy.Builtin().With(k)
	if err != nil {
		t.Fatal(err)
	}
	c := defaults(t)
	if err := r.Validate(c); err != os.ErrInvalid {
		t.Errorf("Validate = %v, want the toy's error", err)
	}
	if err := policy.Builtin().Validate(c); err != nil {
		t.Errorf("built-in Validate = %v", err)
	}
}

// TestBuiltinColors checks that every built-in policy has its own opaque
// colour.
func TestBuiltinColors(t *testing.T) {
	seen := map[color.RGBA]string{}
	for _, k := range policy.Builtin().Kinds() {
		if k.Color.A != 0xff {
			t.Errorf("%s: colour %v not opaque", k.Name, k.Color)
		}
		if o, ok := seen[k.Color]; ok {
			t.Errorf("%s and %s share colour %v", k.Name, o, k.Color)
		}
		seen[k.Color] = k.Name
	}
}

// TestREADMEListsEveryPolicy checks that README.md's list of policies
// ("- `name`: doc;") holds every built-in policy, in report order, with its
// Kind.Doc.
func TestREADMEListsEveryPolicy(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	item := regexp.MustCompile("(?m)^- `([a-z-]+)`: ((?:.+\n)(?:  .+\n)*)")
	var names []string
	docs := map[string]string{}
	for _, m := range item.FindAllStringSubmatch(string(data), -1) {
		doc := strings.Join(strings.Fields(m[2]), " ")
		doc = strings.TrimRight(doc, ";.")
		if policy.Known(m[1]) {
			names = append(names, m[1])
			docs[m[1]] = doc
		}
	}
	if !slices.Equal(names, policy.Names()) {
		t.Errorf("README lists policies %v, want %v", names, policy.Names())
	}
	for _, k := range policy.Builtin().Kinds() {
		if docs[k.Name] != k.Doc {
			t.Errorf("%s: README says %q, Kind.Doc %q", k.Name, docs[k.Name], k.Doc)
		}
	}
}
