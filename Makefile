# knead's everyday commands. `go run ./cmd/knead serve --demo` and
# `go test ./...` need nothing from here; npm is only needed for `make assets`.

VENDOR     := internal/web/static/vendor
VENDORED   := $(VENDOR)/htmx.min.js $(VENDOR)/htmx.LICENSE e2e/testdata/axe.min.js
VERSION    ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
PG_TEST_URL ?= postgres://127.0.0.1:5432/test

.PHONY: assets run test test-pg e2e lint build

# Copy the front-end libraries pinned in package-lock.json into the tree and
# record their versions and SHA-256 sums (checked by internal/web/static/vendor_test.go).
assets:
	npm ci --no-audit --no-fund
	mkdir -p $(VENDOR) e2e/testdata
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx.min.js
	cp node_modules/htmx.org/LICENSE $(VENDOR)/htmx.LICENSE
	cp node_modules/axe-core/axe.min.js e2e/testdata/axe.min.js
	rm -f $(VENDOR)/.keep
	{ echo '# Vendored front-end files, written by `make assets`; do not edit.'; \
	  echo '# Verify from the repository root: sha256sum -c $(VENDOR)/SHA256SUMS'; \
	  for p in htmx.org axe-core; do \
	    echo "# version $$p $$(node -p "require('./node_modules/$$p/package.json').version")"; \
	  done; \
	  sha256sum $(VENDORED); } > $(VENDOR)/SHA256SUMS

run:
	KNEAD_LOG_LEVEL=debug go run ./cmd/knead serve --demo

test:
	go test ./...

test-pg:
	KNEAD_TEST_DATABASE_URL=$(PG_TEST_URL) go test -count=1 ./...

e2e:
	go test -tags e2e -count=1 ./e2e/...

lint:
	go vet ./...
	go vet -tags e2e ./e2e/...
	@out="$$(gofmt -l cmd internal e2e 2>/dev/null)"; \
	  if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi
	go run $(STATICCHECK) -tags e2e ./...

build:
	CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X github.com/knead/knead/internal/version.Version=$(VERSION)" -o knead ./cmd/knead
