package scenario_test

import (
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/unconf/unconf/experiments/scenario"
	"github.com/unconf/unconf/sim"
)

// numericKey is a number in a Config: its dotted key and the field.
type numericKey struct {
	key string
	v   reflect.Value
}

// numericKeys lists every number of c (through lists and sections) by its
// config key, as the config file names it.
func numericKeys(v reflect.Value, key string) []numericKey {
	var out []numericKey
	switch v.Kind() {
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, opts, _ := strings.Cut(f.Tag.Get("mapstructure"), ",")
			k := key
			if !strings.Contains(opts, "squash") {
				k = strings.TrimPrefix(key+"."+name, ".")
			}
			out = append(out, numericKeys(v.Field(i), k)...)
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			out = append(out, numericKeys(v.Index(i), key+"."+strconv.Itoa(i))...)
		}
	case reflect.Float64, reflect.Int:
		out = append(out, numericKey{key, v})
	}
	return out
}

// TestValidateEveryNumber sets every numeric key of the default config in
// turn to NaN, ±Inf, ±1e300 (reals) or the largest and smallest int
// (counts), and checks that Validate refuses it naming the key (issue 10
// item 2: policy.jetlag.alert_weight: .inf passed).
func TestValidateEveryNumber(t *testing.T) {
	def, err := scenario.Default()
	if err != nil {
		t.Fatal(err)
	}
	if err := def.Validate(); err != nil {
		t.Fatal(err)
	}
	floats := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 1e300, -1e300}
	ints := []int64{math.MaxInt64, math.MinInt64, math.MaxInt32}
	n := 0
	for _, k := range numericKeys(reflect.ValueOf(def).Elem(), "") {
		var bad []any
		if k.v.Kind() == reflect.Float64 {
			for _, f := range floats {
				bad = append(bad, f)
			}
		} else {
			for _, i := range ints {
				if strings.HasSuffix(k.key, ".capacity") && i == math.MaxInt32 {
					continue // up to 2^40 seats: "no limit"
				}
				bad = append(bad, i)
			}
		}
		for _, b := range bad {
			c, err := scenario.Default() // a fresh copy
			if err != nil {
				t.Fatal(err)
			}
			f := fieldAt(reflect.ValueOf(c).Elem(), k.key)
			switch x := b.(type) {
			case float64:
				f.SetFloat(x)
			case int64:
				f.SetInt(x)
			}
			n++
			err = c.Validate()
			if err == nil {
				t.Errorf("%s = %v: Validate passed", k.key, b)
				continue
			}
			if !strings.HasPrefix(err.Error(), k.key+": ") {
				t.Errorf("%s = %v: error %q does not start with the key", k.key, b, err)
			}
		}
	}
	if n < 5*60 {
		t.Errorf("checked %d values: the walk missed keys", n)
	}
	if _, err := scenario.Settings(def); err != nil {
		t.Error(err)
	}
}

// fieldAt returns the field of the struct v at a dotted key.
func fieldAt(v reflect.Value, key string) reflect.Value {
	for _, k := range numericKeys(v, "") {
		if k.key == key {
			return k.v
		}
	}
	panic("no key " + key)
}

// TestValidateText checks that names longer than make sense on a
// schedule, or holding line breaks, are refused naming the key (issue 10
// item 6: a 20,000-character topic name took compare 404 s).
func TestValidateText(t *testing.T) {
	long := strings.Repeat("é", 201)
	for _, c := range []struct {
		set  func(*scenario.Config)
		want string
	}{
		{func(c *scenario.Config) { c.Model.Event.Name = long }, "event.name: 201 characters: want at most 200"},
		{func(c *scenario.Config) { c.Model.Event.Topics[2].Name = long }, "event.topics.2.name: 201 characters"},
		{func(c *scenario.Config) { c.Model.Event.Rooms[1].Name = long }, "event.rooms.1.name: 201 characters"},
		{func(c *scenario.Config) { c.Model.Attendees.Origins[0].Name = long }, "attendees.origins.0.name: 201 characters"},
		{func(c *scenario.Config) { c.Model.Event.Name = "a\nb" }, `event.name: "a\nb": holds a line break`},
		{func(c *scenario.Config) { c.Model.Event.Topics = make([]sim.TopicConfig, 1001) }, "event.topics: 1001 topics: want at most 1000"},
	} {
		cfg, err := scenario.Default()
		if err != nil {
			t.Fatal(err)
		}
		c.set(cfg)
		if err := cfg.Validate(); err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("Validate() = %v, want %q", err, c.want)
		}
	}
	cfg, _ := scenario.Default()
	cfg.Model.Event.Name = strings.Repeat("é", 200)
	if err := cfg.Validate(); err != nil {
		t.Errorf("a name of 200 characters: %v", err)
	}
}
