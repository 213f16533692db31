package input

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2"
	"go.yaml.in/yaml/v3"
)

// Formats maps config file extensions (lower case, no dot) to formats.
var Formats = map[string]string{"yaml": "yaml", "yml": "yaml", "json": "json", "toml": "toml"}

// FormatOf returns the format of a config file by its extension, and
// whether the extension is one of Formats.
func FormatOf(path string) (string, bool) {
	f, ok := Formats[strings.ToLower(strings.TrimPrefix(filepath.Ext(path), "."))]
	return f, ok
}

// ReadConfig reads a config file (at most MaxConfig bytes) in format
// ("yaml", "json" or "toml") and parses it with ParseConfig.
func ReadConfig(path, format string) (map[string]any, error) {
	data, err := ReadFile(path, "a config file", MaxConfig)
	if err != nil {
		return nil, err
	}
	return ParseConfig(data, format, path)
}

// ParseConfig parses a config file's data in format into nested settings
// with lower-case keys (keys ignore case). Keys of one mapping that differ
// only in case are an error naming both lines (DuplicateKeys); so is a
// file whose top level is not a mapping of keys, and a file with no keys
// at all. Errors start with file and never quote the file's contents
// beyond a key: a wrong file (a password file given as a config) is not
// echoed to the terminal or a log.
func ParseConfig(data []byte, format, file string) (map[string]any, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a byte-order mark some editors write
	var m map[string]any
	var err error
	switch format {
	case "yaml":
		err = yaml.Unmarshal(data, &m)
	case "json":
		err = json.Unmarshal(data, &m)
	case "toml":
		err = toml.Unmarshal(data, &m)
	default:
		return nil, fmt.Errorf("%s: unknown config format %q", file, format)
	}
	if err != nil {
		return nil, SyntaxError(err, data, format, file)
	}
	if err := DuplicateKeys(data, format, file); err != nil {
		return nil, err
	}
	if len(m) == 0 {
		return nil, fmt.Errorf("%s: holds no config keys: give the keys to change (see 'unconf config')", file)
	}
	low, err := lowerKeys(m)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return low.(map[string]any), nil
}

// yamlLine finds yaml.v3's "line N:" in an error.
var yamlLine = regexp.MustCompile(`line (\d+)`)

// quoted matches text yaml.v3 quotes from the input: `…`.
var quoted = regexp.MustCompile("`[^`]*`")

// SyntaxError rewords an error of the parser of format ("yaml", "json",
// "toml") on data as "FILE:LINE: malformed FORMAT: what", without the
// input text some parsers quote (yaml.v3 quotes values it cannot decode).
// A top level that is not a mapping reads "FILE:LINE: want a mapping of
// config keys …".
func SyntaxError(err error, data []byte, format, file string) error {
	line, msg := 0, err.Error()
	switch format {
	case "yaml":
		var te *yaml.TypeError
		if errors.As(err, &te) {
			if len(te.Errors) > 0 {
				if m := yamlLine.FindStringSubmatch(te.Errors[0]); m != nil {
					line, _ = strconv.Atoi(m[1])
				}
			}
			return located(file, line, "want a mapping of config keys (key: value lines) at the top level")
		}
		msg = strings.TrimPrefix(msg, "yaml: ")
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = strings.TrimPrefix(strings.TrimPrefix(msg, m[0]), ": ")
		}
		msg = quoted.ReplaceAllString(msg, "…")
	case "json":
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			line = newLineIndex(data).line(int(se.Offset) - 1)
			msg = se.Error()
		case errors.As(err, &te):
			line = newLineIndex(data).line(int(te.Offset) - 1)
			return located(file, line, "want an object of config keys at the top level")
		}
		msg = strings.TrimPrefix(msg, "json: ")
	case "toml":
		var de *toml.DecodeError
		if errors.As(err, &de) {
			line, _ = de.Position()
		}
		msg = strings.TrimPrefix(msg, "toml: ")
		if strings.Contains(msg, "cannot decode") || strings.Contains(msg, "cannot store") {
			msg = "want a table of config keys at the top level"
		}
	}
	return located(file, line, "malformed "+strings.ToUpper(format)+": "+msg)
}

func located(file string, line int, msg string) error {
	if line > 0 {
		return fmt.Errorf("%s:%d: %s", file, line, msg)
	}
	return fmt.Errorf("%s: %s", file, msg)
}

// lowerKeys returns v with every mapping key in lower case. A key that is
// not text (YAML allows 1: x) is an error.
func lowerKeys(v any) (any, error) {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			le, err := lowerKeys(e)
			if err != nil {
				return nil, err
			}
			out[strings.ToLower(k)] = le
		}
		return out, nil
	case map[any]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			s, ok := k.(string)
			if !ok {
				return nil, fmt.Errorf("key %s is not a name: want keys such as event or attendees", Quote(fmt.Sprint(k)))
			}
			le, err := lowerKeys(e)
			if err != nil {
				return nil, err
			}
			out[strings.ToLower(s)] = le
		}
		return out, nil
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			le, err := lowerKeys(e)
			if err != nil {
				return nil, err
			}
			out[i] = le
		}
		return out, nil
	}
	return v, nil
}

// maxQuote is the longest text Quote shows.
const maxQuote = 60

// Quote quotes s for an error message, shortened to its first 60
// characters and "…": an error names a value, it does not echo a file.
func Quote(s string) string {
	if utf8.RuneCountInString(s) <= maxQuote {
		return strconv.Quote(s)
	}
	r := []rune(s)
	return strconv.Quote(string(r[:maxQuote-1]) + "…")
}
