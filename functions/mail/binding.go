//go:build js && wasm

package mail

import (
	"context"
	"errors"
	"syscall/js"

	"privacyportal/functions/edge"
	"privacyportal/functions/outbox"
	"privacyportal/functions/promise"
)

// Binding is a send_email binding, such as env.MAIL.
type Binding struct {
	binding js.Value
	message js.Value // the EmailMessage class of cloudflare:email
}

// NewBinding wraps a send_email binding. The Worker's entry script makes
// the EmailMessage class of the cloudflare:email module available as a
// global, since Go cannot import JavaScript modules.
func NewBinding(b js.Value) (*Binding, error) {
	if b.IsUndefined() || b.Get("send").Type() != js.TypeFunction {
		return nil, errors.New("mail: the binding is not a send_email binding")
	}
	class := js.Global().Get("EmailMessage")
	if class.Type() != js.TypeFunction {
		return nil, errors.New("mail: EmailMessage is not available; is the entry script functions/entry/worker.mjs?")
	}
	return &Binding{binding: b, message: class}, nil
}

// Send sends one RFC 5322 message; see SendID.
func (m *Binding) Send(ctx context.Context, e outbox.Envelope) error {
	_, err := m.SendID(ctx, e)
	return err
}

// SendID sends one RFC 5322 message and returns the id Email Service gave
// it (send() resolves to { messageId }), by which its events name the
// message later; "" where the binding gives none (wrangler dev's). The
// message is ASCII (mailmsg encodes everything else), so it passes to
// JavaScript unchanged. The binding takes no idempotency key; the
// outbox's claim is what keeps a message from going out twice.
func (m *Binding) SendID(ctx context.Context, e outbox.Envelope) (id string, err error) {
	defer func() {
		// A synchronous throw from the binding (such as a refused
		// recipient) arrives as a panic; it is a failed send like any
		// other.
		if r := recover(); r != nil {
			if jsErr, ok := r.(js.Error); ok {
				code := ""
				if c := jsErr.Get("code"); c.Type() == js.TypeString {
					code = c.String()
				}
				err = classifyBinding(code, jsErr.Get("message").String())
				return
			}
			err = errors.New("mail: send failed")
		}
	}()
	msg := m.message.New(e.From, e.To, string(e.Message))
	res, err := promise.Await(ctx, m.binding.Call("send", msg))
	if err != nil {
		var r *promise.Rejection
		if ctx.Err() == nil && errors.As(err, &r) {
			err = classifyBinding(r.Code, r.Message)
		}
		return "", err
	}
	if res.Type() == js.TypeObject {
		if v := res.Get("messageId"); v.Type() == js.TypeString {
			id = v.String()
		}
	}
	return id, nil
}

// EnvBinding is the send_email binding called Name in the env of the
// request or scheduled event that a context belongs to (see package edge):
// the Go instance serves many events, and each uses its own env's binding.
type EnvBinding struct{ Name string }

// Send sends one message through the event's binding; see Binding.Send.
func (e EnvBinding) Send(ctx context.Context, env outbox.Envelope) error {
	_, err := e.SendID(ctx, env)
	return err
}

// SendID sends one message through the event's binding and returns Email
// Service's id of it; see Binding.SendID.
func (e EnvBinding) SendID(ctx context.Context, env outbox.Envelope) (string, error) {
	b, err := NewBinding(edge.Binding(ctx, e.Name))
	if err != nil {
		return "", err
	}
	return b.SendID(ctx, env)
}
