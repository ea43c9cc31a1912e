// Package headers provides the security headers every response of the
// portal carries. The Worker sets them on its own responses and the site
// generator writes them into the static assets' _headers file, so pages and
// API answers are protected by one policy.
package headers

import "strings"

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

// ContentSecurityPolicyFor is the policy of a company's pages whose
// cookie policy declares scripts: the portal's own policy, plus the
// origins of those scripts (script-src) and of what they send data to
// (connect-src, img-src). The page loads the scripts only after the
// visitor has consented, so before consent nothing leaves the portal.
func ContentSecurityPolicyFor(scripts, connect []string) string {
	if len(scripts) == 0 && len(connect) == 0 {
		return ContentSecurityPolicy
	}
	extra := map[string][]string{
		"script-src":  scripts,
		"connect-src": append(append([]string{}, scripts...), connect...),
		"img-src":     connect,
	}
	directives := strings.Split(ContentSecurityPolicy, "; ")
	for i, d := range directives {
		name, _, _ := strings.Cut(d, " ")
		if origins := extra[name]; len(origins) > 0 {
			directives[i] = d + " " + strings.Join(origins, " ")
		}
	}
	return strings.Join(directives, "; ")
}

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
