//go:build js && wasm

package d1

import (
	"context"
	"errors"
	"fmt"
	"syscall/js"

	"privacyportal/functions/edge"
	"privacyportal/functions/promise"
)

// Binding is a D1 database binding of the running Worker, such as env.DB.
type Binding struct {
	db js.Value
}

// NewBinding wraps a D1 binding object.
func NewBinding(db js.Value) (*Binding, error) {
	if db.IsUndefined() || db.IsNull() || db.Get("prepare").Type() != js.TypeFunction {
		return nil, errors.New("d1: the binding is not a D1 database")
	}
	return &Binding{db: db}, nil
}

func (b *Binding) prepare(st Statement) (js.Value, error) {
	args := make([]any, len(st.Args))
	for i, a := range st.Args {
		v, err := toJS(a)
		if err != nil {
			return js.Value{}, fmt.Errorf("d1: argument %d of %q: %w", i+1, st.SQL, err)
		}
		args[i] = v
	}
	return b.db.Call("prepare", st.SQL).Call("bind", args...), nil
}

// Batch runs the statements with D1's batch(), which is atomic.
func (b *Binding) Batch(ctx context.Context, stmts ...Statement) ([]Result, error) {
	if len(stmts) == 0 {
		return nil, nil
	}
	list := js.Global().Get("Array").New()
	for _, st := range stmts {
		p, err := b.prepare(st)
		if err != nil {
			return nil, err
		}
		list.Call("push", p)
	}
	res, err := await(ctx, b.db.Call("batch", list))
	if err != nil {
		return nil, err
	}
	out := make([]Result, res.Length())
	for i := range out {
		meta := res.Index(i).Get("meta")
		if meta.Truthy() {
			out[i] = Result{Changes: jsInt(meta.Get("changes")), LastRowID: jsInt(meta.Get("last_row_id"))}
		}
	}
	return out, nil
}

// Query runs one statement with raw(), which returns the column names
// first and then each row as an array, and reads the answer as one JSON
// string (see rawJSON).
func (b *Binding) Query(ctx context.Context, st Statement) (Rows, error) {
	res, err := b.raw(ctx, st)
	if err != nil {
		return Rows{}, err
	}
	if text, ok := rawJSON(res); ok {
		if rows, err := decodeRaw(text); err == nil {
			return rows, nil
		}
	}
	return valueRows(res), nil
}

// queryJSON runs one statement with raw() and returns the answer as the
// JSON text of its rows, column names first; exports read their rows
// from it (see Store.exportRows).
func (b *Binding) queryJSON(ctx context.Context, st Statement) (string, error) {
	res, err := b.raw(ctx, st)
	if err != nil {
		return "", err
	}
	if text, ok := rawJSON(res); ok {
		return text, nil
	}
	return "", errNotPlain // the export reads it with Query
}

func (b *Binding) raw(ctx context.Context, st Statement) (js.Value, error) {
	p, err := b.prepare(st)
	if err != nil {
		return js.Value{}, err
	}
	return await(ctx, p.Call("raw", map[string]any{"columnNames": true}))
}

// jsonStringify is JavaScript's JSON.stringify.
var jsonStringify = js.Global().Get("JSON").Get("stringify")

// rawJSON is raw()'s answer as one string of JSON, which crosses from
// JavaScript in one piece, to be decoded in Go (decodeRaw). Walking the
// answer value by value through syscall/js cost several calls into
// JavaScript, and a finalizer, per value: most of an export's time.
func rawJSON(res js.Value) (text string, ok bool) {
	defer func() {
		if recover() != nil { // JSON.stringify threw
			ok = false
		}
	}()
	v := jsonStringify.Invoke(res)
	if v.Type() != js.TypeString {
		return "", false
	}
	return v.String(), true
}

// valueRows reads raw()'s answer value by value: a call into JavaScript,
// and a finalizer, for each. rawJSON and decodeRaw are the way; this takes
// what they cannot.
func valueRows(res js.Value) Rows {
	var rows Rows
	n := res.Length()
	if n == 0 {
		return rows
	}
	head := res.Index(0)
	for i := 0; i < head.Length(); i++ {
		rows.Columns = append(rows.Columns, head.Index(i).String())
	}
	for r := 1; r < n; r++ {
		src := res.Index(r)
		vals := make([]any, src.Length())
		for i := range vals {
			vals[i] = fromJS(src.Index(i))
		}
		rows.Values = append(rows.Values, vals)
	}
	return rows
}

func toJS(a any) (any, error) {
	switch v := a.(type) {
	case nil:
		return nil, nil
	case string:
		return v, nil
	case int:
		return v, nil
	case int64:
		if v > 1<<53 || v < -(1<<53) {
			return nil, errors.New("integer too large for D1")
		}
		return float64(v), nil
	case float64:
		return v, nil
	case bool:
		if v {
			return 1, nil
		}
		return 0, nil
	case []byte:
		u := js.Global().Get("Uint8Array").New(len(v))
		js.CopyBytesToJS(u, v)
		return u, nil
	}
	return nil, fmt.Errorf("unsupported type %T", a)
}

func fromJS(v js.Value) any {
	switch v.Type() {
	case js.TypeNull, js.TypeUndefined:
		return nil
	case js.TypeNumber:
		f := v.Float()
		if f == float64(int64(f)) {
			return int64(f)
		}
		return f
	case js.TypeString:
		return v.String()
	case js.TypeObject:
		// BLOBs come back as an ArrayBuffer, or as an array of numbers.
		u := v
		if v.InstanceOf(js.Global().Get("ArrayBuffer")) {
			u = js.Global().Get("Uint8Array").New(v)
		}
		if u.InstanceOf(js.Global().Get("Uint8Array")) {
			b := make([]byte, u.Length())
			js.CopyBytesToGo(b, u)
			return b
		}
		b := make([]byte, v.Length())
		for i := range b {
			b[i] = byte(v.Index(i).Int())
		}
		return b
	}
	return nil
}

func jsInt(v js.Value) int64 {
	if v.Type() != js.TypeNumber {
		return 0
	}
	return int64(v.Float())
}

// await waits for a D1 promise; D1 reports failures by rejecting it.
func await(ctx context.Context, p js.Value) (js.Value, error) {
	v, err := promise.Await(ctx, p)
	if err != nil && ctx.Err() == nil {
		err = errors.New("d1: " + err.Error())
	}
	return v, err
}

// EnvBinding is the D1 binding called Name in the env of the request or
// scheduled event that a context belongs to (see package edge): the Go
// instance serves many events, and each uses its own env's binding.
type EnvBinding struct{ Name string }

func (e EnvBinding) binding(ctx context.Context) (*Binding, error) {
	b, err := NewBinding(edge.Binding(ctx, e.Name))
	if err != nil {
		return nil, fmt.Errorf("%w (env.%s)", err, e.Name)
	}
	return b, nil
}

// Batch runs the statements on the event's database; see Binding.Batch.
func (e EnvBinding) Batch(ctx context.Context, stmts ...Statement) ([]Result, error) {
	b, err := e.binding(ctx)
	if err != nil {
		return nil, err
	}
	return b.Batch(ctx, stmts...)
}

// queryJSON runs the statement on the event's database; see
// Binding.queryJSON.
func (e EnvBinding) queryJSON(ctx context.Context, st Statement) (string, error) {
	b, err := e.binding(ctx)
	if err != nil {
		return "", err
	}
	return b.queryJSON(ctx, st)
}

// Query runs the statement on the event's database; see Binding.Query.
func (e EnvBinding) Query(ctx context.Context, st Statement) (Rows, error) {
	b, err := e.binding(ctx)
	if err != nil {
		return Rows{}, err
	}
	return b.Query(ctx, st)
}
