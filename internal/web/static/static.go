// Package static embeds knead's stylesheets, scripts, images and the
// vendored front-end libraries (copied from npm by `make assets`), so the
// binary serves them without npm or a build step.
package static

import "embed"

// FS holds css/, js/, img/ and vendor/.
//
//go:embed css js img vendor
var FS embed.FS
