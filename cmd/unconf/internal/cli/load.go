package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"

	"github.com/unconf/unconf/configs"
	"github.com/unconf/unconf/experiments/scenario"
	"github.com/unconf/unconf/internal/input"
)

// envPrefix is the prefix of environment variables that set config keys:
// UNCONF_RUN_SEEDS sets run.seeds.
const envPrefix = "UNCONF"

// layers says where a command's configuration comes from besides the
// embedded default.
type layers struct {
	// File is the --config file, or "" for none.
	File string
	// Env enables UNCONF_* environment variables.
	Env bool
	// Flags holds the command's flags; Bind maps config keys to the names of
	// flags that set them. Only flags the user set explicitly override.
	Flags *pflag.FlagSet
	Bind  map[string]string
}

// loaded is a configuration after layering, normalisation and validation.
type loaded struct {
	Config *scenario.Config
	// Settings is the effective configuration as nested settings, with
	// values normalised to the types of the config structs.
	Settings map[string]any
	// Source names the layers that contributed, e.g. "embedded
	// socml2017.yaml + my.yaml + UNCONF_RUN_SEEDS=50 + --seed=7".
	Source string
	// Warnings are things worth telling the user that are not errors, such
	// as an UNCONF_* variable that matches no key.
	Warnings []string
}

// warn prints each of l's warnings to w on a line of its own.
func (l *loaded) warn(w io.Writer) {
	for _, s := range l.Warnings {
		fmt.Fprintf(w, "unconf: %s\n", s)
	}
}

// loadConfig layers the embedded default, the file, the environment and the
// flags, then normalises and validates the result. Errors name the key and
// the layer the offending value came from.
func loadConfig(l layers) (*loaded, error) {
	defData, err := configs.FS.ReadFile(configs.DefaultName)
	if err != nil {
		return nil, fmt.Errorf("embedded default: %w", err)
	}
	v := viper.New()
	v.SetConfigType("yaml")
	if err := v.ReadConfig(bytes.NewReader(defData)); err != nil {
		return nil, fmt.Errorf("embedded default %s: %w", configs.DefaultName, err)
	}
	o := &origins{layers: l}
	sources := []string{"embedded " + configs.DefaultName}

	if l.File != "" {
		if o.file, err = mergeFile(v, l.File); err != nil {
			return nil, err
		}
		sources = append(sources, l.File)
	}
	var warnings []string
	if l.Env {
		set, w, err := mergeEnv(v)
		if err != nil {
			return nil, err
		}
		sources, warnings = append(sources, set...), w
	}
	set, err := bindFlags(v, l)
	if err != nil {
		return nil, err
	}
	sources = append(sources, set...)

	settings, err := scenario.Normalize(v.AllSettings())
	if err != nil {
		return nil, o.attribute(err)
	}
	cfg, err := scenario.Decode(settings)
	if err != nil {
		return nil, o.attribute(err)
	}
	return &loaded{Config: cfg, Settings: settings, Source: strings.Join(sources, " + "), Warnings: warnings}, nil
}

// mergeFile merges the config file path into v and returns its settings.
func mergeFile(v *viper.Viper, path string) (map[string]any, error) {
	fileSettings, err := readConfigFile(path)
	if err != nil {
		return nil, err
	}
	// Check the file on its own too: viper's merge silently drops a value
	// whose shape differs from the default's (a number for a section).
	if _, err := scenario.Normalize(fileSettings); err != nil {
		return nil, setIn(err, path)
	}
	if err := v.MergeConfigMap(fileSettings); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return fileSettings, nil
}

// mergeEnv lets the UNCONF_* environment variables override v's keys. It
// returns the variables set, as NAME=value, and a warning for each one
// that matches no key; a variable naming a section is an error.
func mergeEnv(v *viper.Viper) (set, warnings []string, err error) {
	v.SetEnvPrefix(envPrefix)
	v.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))
	v.AutomaticEnv()
	env := envVars(v.AllKeys())
	if len(env.sections) > 0 {
		// Viper would let it shadow every key of the section, zeroing them.
		name := env.sections[0]
		return nil, nil, fmt.Errorf("%s names the config section %s, not a key: set its keys one by one (such as %s)",
			name, env.section[name], env.example[name])
	}
	for _, name := range env.set {
		set = append(set, name+"="+os.Getenv(name))
	}
	for _, name := range env.unknown {
		msg := fmt.Sprintf("warning: %s matches no config key; ignored", name)
		if s := scenario.Suggest(name, env.names); s != "" {
			msg += fmt.Sprintf(" (did you mean %s?)", s)
		}
		warnings = append(warnings, msg)
	}
	return set, warnings, nil
}

// bindFlags binds the flags of l.Bind to v's keys, in key order, and
// returns those given, as --name=value.
func bindFlags(v *viper.Viper, l layers) ([]string, error) {
	keys := make([]string, 0, len(l.Bind))
	for k := range l.Bind {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var set []string
	for _, key := range keys {
		f := l.Flags.Lookup(l.Bind[key])
		if f == nil {
			panic("cli: binding unknown flag --" + l.Bind[key]) // programmer error
		}
		if err := v.BindPFlag(key, f); err != nil {
			return nil, fmt.Errorf("flag --%s: %w", f.Name, err)
		}
		if f.Changed {
			set = append(set, "--"+f.Name+"="+strings.Trim(f.Value.String(), "[]"))
		}
	}
	return set, nil
}

// readConfigFile reads and parses a config file on its own, by its
// extension, within input.MaxConfig bytes (input.ReadConfig).
func readConfigFile(path string) (map[string]any, error) {
	typ, ok := input.FormatOf(path)
	if !ok {
		return nil, fmt.Errorf("%s: unsupported config file type %q: want .yaml, .yml, .json or .toml", path, filepath.Ext(path))
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		base := filepath.Base(path)
		if _, err := configs.FS.ReadFile(base); err == nil {
			return nil, fmt.Errorf("%s: no such config file (%s is an embedded scenario: 'unconf config --show %s > %s' writes it)", path, base, base, base)
		}
		return nil, fmt.Errorf("%s: no such config file", path)
	}
	return input.ReadConfig(path, typ)
}

// envName returns the environment variable that sets key.
func envName(key string) string {
	return envPrefix + "_" + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
}

// deployEnv are UNCONF_* variables the Slurm scripts in deploy/ read;
// otherEnv adds the shard count of a sweep: none is a config key.
var (
	deployEnv = []string{"UNCONF_BIN", "UNCONF_OUT", "UNCONF_SPEC"}
	otherEnv  = append([]string{"UNCONF_SHARDS"}, deployEnv...)
)

// envSet sorts the UNCONF_* variables of the environment.
type envSet struct {
	// set match a key; sections name a section of keys (an error: viper
	// would let them shadow the section's keys); unknown match nothing.
	// Each is sorted.
	set, sections, unknown []string
	// section maps a section's variable to the section's key, example to
	// the variable of one of its keys.
	section, example map[string]string
	// names are the variables of every key, for suggestions.
	names []string
}

// envVars sorts the UNCONF_* variables of the environment against the
// config keys.
func envVars(keys []string) envSet {
	sort.Strings(keys)
	e := envSet{section: map[string]string{}, example: map[string]string{}}
	known := make(map[string]bool, len(keys))
	for _, k := range keys {
		known[envName(k)] = true
		e.names = append(e.names, envName(k))
		for p := scenario.Parent(k); p != ""; p = scenario.Parent(p) {
			if _, ok := e.section[envName(p)]; !ok {
				e.section[envName(p)], e.example[envName(p)] = p, envName(k)
			}
		}
	}
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch {
		case !strings.HasPrefix(name, envPrefix+"_") || slices.Contains(otherEnv, name):
		case known[name]:
			e.set = append(e.set, name)
		case e.section[name] != "":
			e.sections = append(e.sections, name)
		default:
			e.unknown = append(e.unknown, name)
		}
	}
	sort.Strings(e.set)
	sort.Strings(e.sections)
	sort.Strings(e.unknown)
	return e
}

// origins finds which layer a key's effective value came from.
type origins struct {
	layers
	file map[string]any
}

// of returns the layer that set key (or the nearest enclosing key): a flag,
// an environment variable, the config file or the embedded default.
func (o *origins) of(key string) string {
	for k := key; k != ""; k = scenario.Parent(k) {
		if name, ok := o.Bind[k]; ok && o.Flags != nil && o.Flags.Changed(name) {
			return "--" + name
		}
		if o.Env {
			if _, ok := os.LookupEnv(envName(k)); ok {
				return envName(k)
			}
		}
		if o.file != nil && scenario.Has(o.file, k) {
			return o.File
		}
	}
	return "embedded " + configs.DefaultName
}

// attribute adds the layer that set the offending key to a config error.
// A value from a flag makes it a usage error: the command line is wrong.
func (o *origins) attribute(err error) error {
	key := errorKey(err)
	if key == "" {
		return err
	}
	layer := o.of(key)
	if strings.HasPrefix(layer, "--") {
		// Speak of the flag: "--seeds -5: want 1 to 1000000",
		// "--policies: unknown policy "sprad" (did you mean "spread"?)".
		rest := strings.TrimPrefix(strings.TrimPrefix(oneLine(err.Error()), "config: "), key+": ")
		sep := ": "
		if rest != "" && strings.ContainsRune(`"-+.0123456789`, rune(rest[0])) {
			sep = " " // the value comes first
		}
		return &usageError{errors.New(layer + sep + rest)}
	}
	return setIn(err, layer)
}

// setIn names the layer a config error comes from: "FILE: unknown key …"
// or "key: value: want … (set in FILE)".
func setIn(err error, layer string) error {
	var ke *scenario.KeyError
	if errors.As(err, &ke) && ke.Unknown {
		return fmt.Errorf("%s: %w", layer, err)
	}
	return fmt.Errorf("%w (set in %s)", err, layer)
}

// errorKey extracts the config key an error is about: a *scenario.KeyError's key, or
// the leading "key: " of a validation error, or a mapstructure "'key' …".
func errorKey(err error) string {
	var ke *scenario.KeyError
	if errors.As(err, &ke) {
		return ke.Key
	}
	msg := strings.TrimPrefix(oneLine(err.Error()), "config: ")
	msg = strings.TrimPrefix(msg, "'")
	end := strings.IndexAny(msg, ": '")
	if end <= 0 {
		return ""
	}
	key := msg[:end]
	for _, r := range key {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '.') {
			return ""
		}
	}
	return key
}
