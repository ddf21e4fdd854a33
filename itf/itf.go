// Package itf writes and reads traces in the Informal Trace Format (ITF),
// the JSON trace format of Apalache and Quint: a "#meta" object, the names
// of the state variables ("vars"), and the states in order, each an object
// of those variables with a "#meta" of its own. Integers are JSON numbers
// (or {"#bigint": "..."} beyond 2^53), sequences are arrays, records are
// objects.
//
// The package knows nothing of TCP: a model gives a function from its state
// to named variables ([Vars]), and [Replay] checks a trace file step by step
// against any [checker.Model].
package itf

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"

	"github.com/timewait/timewait/checker"
)

// Trace is an ITF trace.
type Trace struct {
	Meta   map[string]any   `json:"#meta"`
	Vars   []string         `json:"vars"`
	States []map[string]any `json:"states"`
}

// Vars maps a model's state to its ITF variables, by name.
type Vars[S any] func(s S) map[string]any

// FromTrace makes the ITF trace of t: the variables of each state, and in
// each state's "#meta" its index and the label of the step that reached it.
// meta is the trace's "#meta" (the model's configuration, the property);
// "format" and "lasso" are added.
func FromTrace[S, A any](t *checker.Trace[S, A], vars Vars[S], meta map[string]any) *Trace {
	out := &Trace{Meta: map[string]any{"format": "ITF"}}
	for k, v := range meta {
		out.Meta[k] = v
	}
	if t.Lasso {
		out.Meta["loop"] = t.LoopAt // the behaviour repeats the states after this index
	}
	for i, st := range t.Steps {
		s := vars(st.State)
		if i == 0 {
			for name := range s {
				out.Vars = append(out.Vars, name)
			}
			slices.Sort(out.Vars)
		}
		s["#meta"] = map[string]any{"index": i, "label": st.Label}
		out.States = append(out.States, s)
	}
	return out
}

// Marshal is the trace as indented JSON, keys sorted, so that the same
// trace always gives the same bytes. Labels keep their "->" and "<" as
// they are rather than as \u003e escapes.
func (t *Trace) Marshal() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(t); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Parse reads an ITF trace. The error says what is wrong with the text.
func Parse(data []byte) (*Trace, error) {
	var t Trace
	if err := json.Unmarshal(data, &t); err != nil {
		return nil, fmt.Errorf("not an ITF trace: %v", err)
	}
	if len(t.States) == 0 {
		return nil, fmt.Errorf("not an ITF trace: no states")
	}
	if t.Meta == nil {
		t.Meta = map[string]any{}
	}
	return &t, nil
}

// Value turns a Go value into its ITF form: a struct into a record of its
// exported fields, a slice or array into a sequence, an integer into a
// number (a "#bigint" beyond 2^53), a boolean or string as it is. An
// integer type with a String method (an enumeration, a set of flags) is
// written by its name.
func Value(v any) any { return value(reflect.ValueOf(v)) }

func value(v reflect.Value) any {
	if v.Kind() >= reflect.Int && v.Kind() <= reflect.Uint64 {
		if s, ok := v.Interface().(fmt.Stringer); ok {
			return s.String()
		}
	}
	switch v.Kind() {
	case reflect.Bool:
		return v.Bool()
	case reflect.String:
		return v.String()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return integer(v.Int(), strconv.FormatInt(v.Int(), 10))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if v.Uint() > math.MaxInt64 {
			return map[string]any{"#bigint": strconv.FormatUint(v.Uint(), 10)}
		}
		return integer(int64(v.Uint()), strconv.FormatUint(v.Uint(), 10))
	case reflect.Slice, reflect.Array:
		out := make([]any, v.Len())
		for i := range out {
			out[i] = value(v.Index(i))
		}
		return out
	case reflect.Struct:
		out := map[string]any{}
		for i := 0; i < v.NumField(); i++ {
			if f := v.Type().Field(i); f.IsExported() {
				out[f.Name] = value(v.Field(i))
			}
		}
		return out
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return value(v.Elem())
	}
	return fmt.Sprint(v.Interface())
}

func integer(n int64, text string) any {
	if n > 1<<53 || n < -(1<<53) {
		return map[string]any{"#bigint": text}
	}
	return n
}
