//go:build js && wasm

package edge

import (
	"context"
	"errors"
	"fmt"
	"syscall/js"

	"privacyportal/functions/promise"
)

// Asset reads one file of the Worker's static assets through the assets
// binding called binding (wrangler.toml's [assets] binding), and returns
// its bytes and the status the binding answered (404 for a file that is
// not there). The binding reads the assets deployed with this version of
// the Worker, so what it reads always matches the code that reads it.
// https://developers.cloudflare.com/workers/static-assets/binding/
func Asset(ctx context.Context, binding, path string) ([]byte, int, error) {
	b := Binding(ctx, binding)
	if b.Type() != js.TypeObject {
		// Outside an event (a context without one), the start's: the
		// assets are the deployment's, the same for every event.
		b = StartEnv().Get(binding)
	}
	if b.Type() != js.TypeObject || b.Get("fetch").Type() != js.TypeFunction {
		return nil, 0, errors.New("edge: no assets binding " + binding)
	}
	// The binding looks the file up by the URL's path; the host is not
	// used.
	res, err := promise.Await(ctx, b.Call("fetch", "https://assets.invalid"+path))
	if err != nil {
		return nil, 0, fmt.Errorf("edge: reading %s: %w", path, err)
	}
	status := res.Get("status").Int()
	buf, err := promise.Await(ctx, res.Call("arrayBuffer"))
	if err != nil {
		return nil, status, fmt.Errorf("edge: reading %s: %w", path, err)
	}
	arr := js.Global().Get("Uint8Array").New(buf)
	data := make([]byte, arr.Get("length").Int())
	js.CopyBytesToGo(data, arr)
	return data, status, nil
}
