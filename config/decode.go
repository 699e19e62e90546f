package config

import (
	"fmt"
	"reflect"
	"strings"

	"go.yaml.in/yaml/v3"
)

// decoder walks a YAML document onto a Config that already holds the
// defaults. It never stops at a problem: an unknown key, a value of the
// wrong kind or a bad duration is recorded with its line and the walk
// goes on, so that every problem of a file is reported at once.
type decoder struct {
	p *problems
}

// scalar is a config value read from one YAML scalar (durations, sizes).
type scalar interface {
	parse(s string) error
	want() string
}

// defaulter is a list entry that starts from its defaults.
type defaulter interface{ applyDefaults() }

func (d *decoder) value(path string, n *yaml.Node, v reflect.Value) {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	d.p.line[path] = n.Line
	if s, ok := v.Addr().Interface().(scalar); ok {
		d.scalar(path, n, s)
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		d.mapping(path, n, v)
	case reflect.Slice:
		d.list(path, n, v)
	case reflect.Pointer:
		e := reflect.New(v.Type().Elem())
		if !v.IsNil() {
			e.Elem().Set(v.Elem())
		}
		d.value(path, n, e.Elem())
		v.Set(e)
	default:
		d.plain(path, n, v)
	}
}

func (d *decoder) scalar(path string, n *yaml.Node, s scalar) {
	if n.Kind != yaml.ScalarNode || isNull(n) {
		d.p.add(path, "%s: want %s, got %s", path, s.want(), describe(n))
		return
	}
	if err := s.parse(n.Value); err != nil {
		d.p.add(path, "%s: want %s, got %s", path, s.want(), describe(n))
	}
}

// plain reads strings, whole numbers, numbers and booleans.
func (d *decoder) plain(path string, n *yaml.Node, v reflect.Value) {
	want := map[reflect.Kind]string{reflect.String: "text", reflect.Int: "a whole number",
		reflect.Float64: "a number", reflect.Bool: "true or false"}[v.Kind()]
	if n.Kind != yaml.ScalarNode {
		d.p.add(path, "%s: want %s, got %s", path, want, describe(n))
		return
	}
	if v.Kind() == reflect.String {
		if !isNull(n) {
			v.SetString(n.Value)
		}
		return
	}
	t := reflect.New(v.Type())
	if isNull(n) || n.Decode(t.Interface()) != nil {
		d.p.add(path, "%s: want %s, got %s", path, want, describe(n))
		return
	}
	v.Set(t.Elem())
}

func (d *decoder) mapping(path string, n *yaml.Node, v reflect.Value) {
	if isNull(n) {
		return // "fetch:" alone: every key keeps its default
	}
	if n.Kind != yaml.MappingNode {
		d.p.add(path, "%s: want keys (%s), got %s", orTop(path), strings.Join(keys(v.Type()), ", "), describe(n))
		return
	}
	d.merges(path, n, v)
	first := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if k.ShortTag() == "!!merge" {
			continue
		}
		kp := join(path, k.Value)
		if line, dup := first[k.Value]; dup {
			d.p.addAt(k.Line, "", fmt.Sprintf("%s: given twice (first on line %d)", kp, line))
			continue
		}
		first[k.Value] = k.Line
		f, ok := field(v, k.Value)
		if !ok {
			d.p.addAt(k.Line, "", fmt.Sprintf("%s: unknown key (known here: %s)", kp, strings.Join(keys(v.Type()), ", ")))
			continue
		}
		d.value(kp, val, f)
	}
}

// merges applies the YAML merge keys of a mapping ("<<: *defaults")
// before its own keys, which win over merged ones.
func (d *decoder) merges(path string, n *yaml.Node, v reflect.Value) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].ShortTag() != "!!merge" {
			continue
		}
		from := []*yaml.Node{n.Content[i+1]}
		if from[0].Kind == yaml.SequenceNode {
			from = from[0].Content
		}
		for _, m := range from {
			d.value(path, m, v)
		}
	}
}

// list reads a sequence. An explicit empty list ("sources: []" or
// "sources:" with no value) is an empty, non-nil slice: none.
func (d *decoder) list(path string, n *yaml.Node, v reflect.Value) {
	if isNull(n) {
		v.Set(reflect.MakeSlice(v.Type(), 0, 0))
		return
	}
	if n.Kind != yaml.SequenceNode {
		d.p.add(path, "%s: want a list, got %s", path, describe(n))
		return
	}
	out := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
	for i, item := range n.Content {
		e := out.Index(i)
		if def, ok := e.Addr().Interface().(defaulter); ok {
			def.applyDefaults()
		}
		d.value(fmt.Sprintf("%s[%d]", path, i), item, e)
	}
	v.Set(out)
}

// field finds the struct field whose yaml name is key.
func field(v reflect.Value, key string) (reflect.Value, bool) {
	t := v.Type()
	for i := range t.NumField() {
		if yamlName(t.Field(i)) == key {
			return v.Field(i), true
		}
	}
	return reflect.Value{}, false
}

// keys lists the yaml names of a struct's fields.
func keys(t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		if name := yamlName(t.Field(i)); name != "" {
			out = append(out, name)
		}
	}
	return out
}

func yamlName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
	if name == "-" || !f.IsExported() {
		return ""
	}
	return name
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// describe says what a node holds, in the user's words.
func describe(n *yaml.Node) string {
	switch {
	case isNull(n):
		return "nothing"
	case n.Kind == yaml.MappingNode:
		return "keys"
	case n.Kind == yaml.SequenceNode:
		return "a list"
	}
	v := n.Value
	if len(v) > 60 {
		v = v[:60] + "…"
	}
	return fmt.Sprintf("%q", v)
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func orTop(path string) string {
	if path == "" {
		return "the file"
	}
	return path
}
