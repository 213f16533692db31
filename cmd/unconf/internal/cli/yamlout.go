package cli

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// marshalSettings renders nested settings as YAML in the layout of tmpl, a
// parsed YAML document (the embedded default): keys in tmpl's order (keys
// tmpl lacks follow, sorted), tmpl's flow styles, and tmpl's comments. A
// value equal to tmpl's keeps tmpl's text and trailing comment; a changed
// value drops the trailing comment, which may no longer be true. header, if
// not empty, replaces the document's leading comment.
func marshalSettings(settings map[string]any, tmpl *yaml.Node, header string) ([]byte, error) {
	var root *yaml.Node
	if tmpl != nil && tmpl.Kind == yaml.DocumentNode && len(tmpl.Content) == 1 {
		root = tmpl.Content[0]
	}
	body, err := buildNode(settings, root)
	if err != nil {
		return nil, err
	}
	doc := &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{body}}
	if header != "" {
		doc.HeadComment = header
		body.HeadComment = ""
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("yaml: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("yaml: %w", err)
	}
	return spaceSections(buf.Bytes()), nil
}

// spaceSections puts a blank line before each top-level key after the
// first (before its comment, if it has one), as in the embedded default.
func spaceSections(b []byte) []byte {
	lines := strings.Split(string(b), "\n")
	out := make([]string, 0, len(lines)+16)
	comments := -1 // where the current run of top-level comment lines began
	seenKey := false
	for _, ln := range lines {
		switch {
		case ln == "" || ln[0] == ' ' || ln[0] == '-':
			comments = -1
		case ln[0] == '#':
			if comments < 0 {
				comments = len(out)
			}
		default:
			if seenKey {
				at := len(out)
				if comments >= 0 {
					at = comments
				}
				out = slices.Insert(out, at, "")
			}
			seenKey = true
			comments = -1
		}
		out = append(out, ln)
	}
	return []byte(strings.Join(out, "\n"))
}

// buildNode renders v, following the template node tmpl (which may be nil).
func buildNode(v any, tmpl *yaml.Node) (*yaml.Node, error) {
	switch x := v.(type) {
	case map[string]any:
		n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		done := make(map[string]bool, len(x))
		if tmpl != nil && tmpl.Kind == yaml.MappingNode {
			n.Style = tmpl.Style & yaml.FlowStyle
			n.HeadComment = tmpl.HeadComment
			for i := 0; i+1 < len(tmpl.Content); i += 2 {
				tk, tv := tmpl.Content[i], tmpl.Content[i+1]
				val, ok := x[tk.Value]
				if !ok {
					continue
				}
				done[tk.Value] = true
				vn, err := buildNode(val, tv)
				if err != nil {
					return nil, err
				}
				kn := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: tk.Value,
					HeadComment: tk.HeadComment, FootComment: tk.FootComment}
				if vn.Kind != yaml.ScalarNode || vn.Value == tv.Value {
					kn.LineComment = tk.LineComment
				}
				n.Content = append(n.Content, kn, vn)
			}
		}
		rest := make([]string, 0, len(x))
		for k := range x {
			if !done[k] {
				rest = append(rest, k)
			}
		}
		sort.Strings(rest)
		for _, k := range rest {
			vn, err := buildNode(x[k], nil)
			if err != nil {
				return nil, err
			}
			n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k}, vn)
		}
		return n, nil
	case []any:
		n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		if tmpl != nil && tmpl.Kind == yaml.SequenceNode {
			n.Style = tmpl.Style & yaml.FlowStyle
		}
		for i, e := range x {
			var et *yaml.Node
			if tmpl != nil && tmpl.Kind == yaml.SequenceNode && len(tmpl.Content) > 0 {
				et = tmpl.Content[min(i, len(tmpl.Content)-1)]
				if i >= len(tmpl.Content) {
					et = styleOnly(et)
				}
			}
			en, err := buildNode(e, et)
			if err != nil {
				return nil, err
			}
			n.Content = append(n.Content, en)
		}
		return n, nil
	}
	if tmpl != nil && tmpl.Kind == yaml.ScalarNode && sameScalar(v, tmpl) {
		c := *tmpl
		return &c, nil
	}
	n := &yaml.Node{}
	if err := n.Encode(v); err != nil {
		return nil, fmt.Errorf("yaml: %v: %w", v, err)
	}
	return n, nil
}

// styleOnly copies a template's layout without its values or comments, for
// list items beyond the template's.
func styleOnly(t *yaml.Node) *yaml.Node {
	c := &yaml.Node{Kind: t.Kind, Style: t.Style & yaml.FlowStyle, Tag: t.Tag}
	if t.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(t.Content); i += 2 {
			c.Content = append(c.Content,
				&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: t.Content[i].Value},
				styleOnly(t.Content[i+1]))
		}
	}
	if t.Kind == yaml.ScalarNode {
		c.Kind = 0 // a placeholder: never matches a value
	}
	return c
}

// sameScalar reports whether v equals the template scalar's value: numbers
// by value (0.30 is 0.3), everything else exactly.
func sameScalar(v any, tmpl *yaml.Node) bool {
	var t any
	if err := tmpl.Decode(&t); err != nil {
		return false
	}
	if a, ok := number(v); ok {
		b, ok := number(t)
		return ok && a == b
	}
	return reflect.DeepEqual(v, t)
}

func number(v any) (float64, bool) {
	switch x := v.(type) {
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case uint64:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}
