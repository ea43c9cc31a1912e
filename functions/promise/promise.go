//go:build js && wasm

// Package promise waits for JavaScript promises from Go code running in the
// Worker, where every binding (D1, send_email) answers with one.
package promise

import (
	"context"
	"syscall/js"
)

// Rejection is a rejected promise's reason: its message, and its code
// where it has one (the send_email binding's errors carry codes such as
// E_RECIPIENT_SUPPRESSED).
type Rejection struct {
	Message string
	Code    string
}

func (r *Rejection) Error() string { return r.Message }

// Await waits for a promise to settle. A rejection becomes a *Rejection;
// a cancelled context stops the wait.
func Await(ctx context.Context, p js.Value) (js.Value, error) {
	type outcome struct {
		v   js.Value
		err error
	}
	ch := make(chan outcome, 1)
	onOK := js.FuncOf(func(_ js.Value, args []js.Value) any {
		v := js.Undefined()
		if len(args) > 0 {
			v = args[0]
		}
		ch <- outcome{v: v}
		return nil
	})
	onErr := js.FuncOf(func(_ js.Value, args []js.Value) any {
		r := &Rejection{Message: "promise rejected"}
		if len(args) > 0 && args[0].Truthy() {
			if m := args[0].Get("message"); m.Type() == js.TypeString {
				r.Message = m.String()
			} else {
				r.Message = args[0].Call("toString").String()
			}
			if args[0].Type() == js.TypeObject {
				if c := args[0].Get("code"); c.Type() == js.TypeString {
					r.Code = c.String()
				}
			}
		}
		ch <- outcome{err: r}
		return nil
	})
	defer onOK.Release()
	defer onErr.Release()
	p.Call("then", onOK, onErr)
	select {
	case o := <-ch:
		return o.v, o.err
	case <-ctx.Done():
		return js.Value{}, ctx.Err()
	}
}
