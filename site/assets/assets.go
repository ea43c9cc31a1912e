// Package assets holds the portal's self-hosted static assets: its
// stylesheet, icons and the script that starts the WebAssembly app. Nothing
// the portal's pages load comes from another host.
package assets

import (
	"embed"
	"io/fs"
)

//go:embed *.css *.js *.svg
var files embed.FS

// FS returns the assets.
func FS() fs.FS { return files }
