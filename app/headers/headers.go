// Package headers provides the security headers every response of the
// portal carries. The Worker sets them on its own responses and the site
// generator writes them into the static assets' _headers file, so pages and
// API answers are protected by one policy.
package headers

// Header is one HTTP response header.
type Header struct{ Name, Value string }

// ContentSecurityPolicy allows the page to load scripts, styles, images,
// the WebAssembly module and API answers from the portal's own origin only.
// 'wasm-unsafe-eval' lets the browser compile WebAssembly without allowing
// eval of JavaScript. No inline script or style is allowed, which is why the
// portal's pages carry none.
const ContentSecurityPolicy = "default-src 'none'; " +
	"script-src 'self' 'wasm-unsafe-eval'; " +
	"style-src 'self'; " +
	"img-src 'self'; " +
	"font-src 'self'; " +
	"connect-src 'self'; " +
	"manifest-src 'self'; " +
	"form-action 'self'; " +
	"base-uri 'none'; " +
	"frame-ancestors 'none'"

// Security returns the security headers, in the order they are written.
func Security() []Header {
	return []Header{
		{"Content-Security-Policy", ContentSecurityPolicy},
		{"Referrer-Policy", "no-referrer"},
		{"X-Content-Type-Options", "nosniff"},
		{"X-Frame-Options", "DENY"},
		{"Strict-Transport-Security", "max-age=63072000; includeSubDomains"},
		{"Cross-Origin-Opener-Policy", "same-origin"},
		{"Cross-Origin-Resource-Policy", "same-origin"},
		{"Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"},
	}
}
