//go:build js && wasm

// Package promise waits for JavaScript promises from Go code running in the
// Worker, where every binding (D1, send_email) answers with one.
package promise

import (
	"context"
	"errors"
	"syscall/js"
)

// Await waits for a promise to settle. A rejection becomes an error with
// the rejection's message; a cancelled context stops the wait.
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
		msg := "promise rejected"
		if len(args) > 0 && args[0].Truthy() {
			if m := args[0].Get("message"); m.Type() == js.TypeString {
				msg = m.String()
			} else {
				msg = args[0].Call("toString").String()
			}
		}
		ch <- outcome{err: errors.New(msg)}
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
