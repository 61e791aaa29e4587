// Package version holds the build's version, set at link time:
// go build -ldflags "-X github.com/knead/knead/internal/version.Version=v1.2.3".
package version

import "runtime/debug"

// Version is overridden by -ldflags; otherwise it comes from the module build info.
var Version = ""

// String returns the version, falling back to the VCS revision Go embeds.
func String() string {
	if Version != "" {
		return Version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	if info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			return "dev-" + s.Value[:12]
		}
	}
	return "dev"
}
