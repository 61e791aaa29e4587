package static

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"os"
	"path"
	"strings"
	"testing"
)

// manifestPath is written by `make assets`: comment lines "# version PKG
// VERSION" and sha256sum lines with paths from the repository root.
const (
	manifestPath = "vendor/SHA256SUMS"
	repoRoot     = "../../../"
	embedRoot    = "internal/web/static/"
)

type manifest struct {
	versions map[string]string // npm package → version
	sums     map[string]string // path from the repository root → hex SHA-256
}

func readManifest(t *testing.T) manifest {
	t.Helper()
	b, err := fs.ReadFile(FS, manifestPath)
	if err != nil {
		t.Fatalf("read manifest (run `make assets`): %v", err)
	}
	m := manifest{versions: map[string]string{}, sums: map[string]string{}}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, "# version "); ok {
			pkg, ver, ok := strings.Cut(rest, " ")
			if !ok {
				t.Fatalf("%s:%d: want \"# version PKG VERSION\", got %q", manifestPath, n, line)
			}
			m.versions[pkg] = ver
			continue
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		sum, file, ok := strings.Cut(line, "  ")
		if !ok || len(sum) != 64 {
			t.Fatalf("%s:%d: want \"SHA256  PATH\", got %q", manifestPath, n, line)
		}
		m.sums[file] = sum
	}
	if len(m.sums) == 0 || len(m.versions) == 0 {
		t.Fatalf("%s lists %d files and %d versions; run `make assets`", manifestPath, len(m.sums), len(m.versions))
	}
	return m
}

// readVendored reads a manifest path: from the embedded FS when it is one of
// ours, so the test checks exactly what the binary serves; else from disk.
func readVendored(file string) ([]byte, error) {
	if name, ok := strings.CutPrefix(file, embedRoot); ok {
		return fs.ReadFile(FS, name)
	}
	return os.ReadFile(repoRoot + file)
}

func TestVendoredFilesMatchManifest(t *testing.T) {
	m := readManifest(t)
	for file, want := range m.sums {
		t.Run(path.Base(file), func(t *testing.T) {
			b, err := readVendored(file)
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(b)
			if got := hex.EncodeToString(sum[:]); got != want {
				t.Errorf("sha256 %s, manifest says %s: the file was edited by hand or `make assets` was not rerun", got, want)
			}
		})
	}
}

func TestEveryEmbeddedVendorFileIsListed(t *testing.T) {
	m := readManifest(t)
	entries, err := fs.ReadDir(FS, "vendor")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		name := "vendor/" + e.Name()
		if name == manifestPath {
			continue
		}
		if _, ok := m.sums[embedRoot+name]; !ok {
			t.Errorf("%s is embedded but not in %s; add it to VENDORED in the Makefile", name, manifestPath)
		}
	}
}

func TestManifestVersionsMatchLockfile(t *testing.T) {
	m := readManifest(t)
	b, err := os.ReadFile(repoRoot + "package-lock.json")
	if err != nil {
		t.Fatal(err)
	}
	var lock struct {
		Packages map[string]struct {
			Version string `json:"version"`
		} `json:"packages"`
	}
	if err := json.Unmarshal(b, &lock); err != nil {
		t.Fatalf("package-lock.json: %v", err)
	}
	for _, pkg := range []string{"htmx.org", "axe-core"} {
		t.Run(pkg, func(t *testing.T) {
			locked := lock.Packages["node_modules/"+pkg].Version
			if locked == "" {
				t.Fatalf("package-lock.json does not pin %s", pkg)
			}
			if got := m.versions[pkg]; got != locked {
				t.Errorf("vendored %s is %q, package-lock.json pins %q: run `make assets`", pkg, got, locked)
			}
		})
	}
}
