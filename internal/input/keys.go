package input

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"
	"go.yaml.in/yaml/v3"
)

// DuplicateKeyError reports two keys of one mapping that differ only in
// case (or not at all). Config keys ignore case, so which of the two
// values won would be an accident of the parser.
type DuplicateKeyError struct {
	// File names the file ("" when unknown).
	File string
	// First and Second are the two keys as dotted paths in the file's own
	// spelling, in file order, with their lines (1-based).
	First, Second string
	Line1, Line2  int
}

func (e *DuplicateKeyError) Error() string {
	where := ""
	if e.File != "" {
		where = e.File + ":"
	}
	if e.First == e.Second {
		return fmt.Sprintf("%s%d: key %q is given twice (first on line %d): keep one", where, e.Line2, e.Second, e.Line1)
	}
	return fmt.Sprintf("%s%d: key %q and key %q on line %d differ only in case, and keys ignore case: keep one",
		where, e.Line2, e.Second, e.First, e.Line1)
}

// DuplicateKeys checks the keys of a config file in format ("yaml",
// "json" or "toml") and returns a *DuplicateKeyError for the first key
// that repeats another of the same mapping up to case, naming both lines;
// file labels the error. It returns nil when no key repeats, and also
// when data does not parse: the parser that reads the file reports that.
// Its work is linear in the size of data.
func DuplicateKeys(data []byte, format, file string) error {
	lines := newLineIndex(data)
	var err error
	switch format {
	case "yaml":
		err = yamlDuplicates(data, lines)
	case "json":
		err = jsonDuplicates(data, lines)
	case "toml":
		err = tomlDuplicates(data, lines)
	}
	var de *DuplicateKeyError
	if errors.As(err, &de) {
		de.File = file
		return de
	}
	return nil
}

// keySet finds keys that repeat up to case within one mapping.
type keySet map[string]struct {
	key  string
	line int
}

// add records key at path (its dotted path in the file's spelling) on
// line. With reopen, the same spelling may come again (TOML names a table
// in every [table.sub] header); otherwise any repeat is an error.
func (s keySet) add(path, key string, line int, reopen bool) error {
	low := strings.ToLower(path)
	if prev, ok := s[low]; ok {
		if reopen && prev.key == key {
			return nil
		}
		return &DuplicateKeyError{First: prev.key, Second: key, Line1: prev.line, Line2: line}
	}
	s[low] = struct {
		key  string
		line int
	}{key, line}
	return nil
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// lineIndex maps byte offsets to 1-based lines.
type lineIndex []int // offsets of line starts

func newLineIndex(data []byte) lineIndex {
	idx := lineIndex{0}
	for i, b := range data {
		if b == '\n' {
			idx = append(idx, i+1)
		}
	}
	return idx
}

func (l lineIndex) line(offset int) int {
	return sort.Search(len(l), func(i int) bool { return l[i] > offset })
}

func yamlDuplicates(data []byte, _ lineIndex) error {
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 {
		return nil
	}
	return yamlNode(doc.Content[0], "")
}

func yamlNode(n *yaml.Node, path string) error {
	switch n.Kind {
	case yaml.MappingNode:
		seen := keySet{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			p := join(path, k.Value)
			if err := seen.add(p, p, k.Line, false); err != nil {
				return err
			}
			if err := yamlNode(n.Content[i+1], p); err != nil {
				return err
			}
		}
	case yaml.SequenceNode:
		for i, e := range n.Content {
			if err := yamlNode(e, join(path, strconv.Itoa(i))); err != nil {
				return err
			}
		}
	}
	return nil
}

func jsonDuplicates(data []byte, lines lineIndex) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return jsonValue(dec, lines, "")
}

// jsonValue walks one JSON value from dec.
func jsonValue(dec *json.Decoder, lines lineIndex, path string) error {
	tok, err := dec.Token()
	if err != nil {
		return ignoreSyntax(err)
	}
	switch tok {
	case json.Delim('{'):
		seen := keySet{}
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return ignoreSyntax(err)
			}
			key, _ := kt.(string)
			p := join(path, key)
			if err := seen.add(p, p, lines.line(int(dec.InputOffset())-1), false); err != nil {
				return err
			}
			if err := jsonValue(dec, lines, p); err != nil {
				return err
			}
		}
		_, err = dec.Token()
	case json.Delim('['):
		for i := 0; dec.More(); i++ {
			if err := jsonValue(dec, lines, join(path, strconv.Itoa(i))); err != nil {
				return err
			}
		}
		_, err = dec.Token()
	}
	return ignoreSyntax(err)
}

// ignoreSyntax drops parse errors: the file's parser reports them.
func ignoreSyntax(err error) error {
	var de *DuplicateKeyError
	if errors.As(err, &de) {
		return err
	}
	if err == nil || err == io.EOF {
		return nil
	}
	return errors.New("syntax")
}

func tomlDuplicates(data []byte, lines lineIndex) error {
	var p unstable.Parser
	p.Reset(data)
	seen := keySet{}
	arrays := map[string]int{} // array table path (lower case) -> last index
	var table string           // the current [table] or [[array]] element, as a path
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			path, err := tomlKey(e.Key(), "", lines, seen)
			if err != nil {
				return err
			}
			table = path
			if e.Kind == unstable.ArrayTable {
				low := strings.ToLower(path)
				i, ok := arrays[low]
				if ok {
					i++
				}
				arrays[low] = i
				table = join(path, strconv.Itoa(i))
			}
		case unstable.KeyValue:
			if err := tomlKeyValue(e, table, lines, seen); err != nil {
				return err
			}
		}
	}
	return nil
}

// tomlKey records every prefix of a dotted key under path and returns the
// full path.
func tomlKey(it unstable.Iterator, path string, lines lineIndex, seen keySet) (string, error) {
	for it.Next() {
		k := it.Node()
		path = join(path, string(k.Data))
		if err := seen.add(path, path, lines.line(int(k.Raw.Offset)), true); err != nil {
			return "", err
		}
	}
	return path, nil
}

func tomlKeyValue(kv *unstable.Node, table string, lines lineIndex, seen keySet) error {
	path, err := tomlKey(kv.Key(), table, lines, seen)
	if err != nil {
		return err
	}
	return tomlValue(kv.Value(), path, lines, seen)
}

func tomlValue(v *unstable.Node, path string, lines lineIndex, seen keySet) error {
	switch v.Kind {
	case unstable.InlineTable:
		it := v.Children()
		for it.Next() {
			if err := tomlKeyValue(it.Node(), path, lines, seen); err != nil {
				return err
			}
		}
	case unstable.Array:
		it := v.Children()
		for i := 0; it.Next(); i++ {
			if err := tomlValue(it.Node(), join(path, strconv.Itoa(i)), lines, seen); err != nil {
				return err
			}
		}
	}
	return nil
}
