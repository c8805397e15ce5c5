# The annotator. `make run` builds and serves it; `make test` runs every test.
ADDR ?= 127.0.0.1:8000
GO   ?= go

.PHONY: run build wasm precompress static test axe fuzz bench bench-browser bench-server lighthouse size clean FORCE

run: build
	./bin/annotator -addr $(ADDR)

build: wasm bin/annotator

# The app for the browser, WEB/app.wasm (web unless told); the server
# derives its version from this file and sends the compressed copies to
# browsers that take them. The browser tests build it with this target.
# cmd/wasmpack joins the data segments Go cuts at every run of zeros: the
# same memory, 95 KB less with brotli.
wasm: bin/wasm/go.mod
	GOOS=js GOARCH=wasm $(GO) build -modfile=bin/wasm/go.mod -trimpath -ldflags="-s -w" -o $(WEB)/app.wasm ./cmd/annotator
	$(GO) run ./cmd/wasmpack $(WEB)/app.wasm
	@$(MAKE) --no-print-directory precompress WEB=$(WEB)

# go-app's package imports net/http for its server half (Handler, the
# resource resolvers), and with it crypto/tls, x509 and every curve and
# cipher, whose init functions keep them in the wasm though the browser
# never runs them: 340 KB of the brotli wasm. The wasm is built against a
# copy of that package in bin/wasm/go-app, made from the version go.mod
# names, where http.go is only the Handler type (the browser's code names it
# but never serves) and resource.go loses its three lines about net/http;
# route.go matches RouteWithRegexp's patterns with a matcher the program
# gives it (RoutePattern), so that package regexp (about 70 KB with
# brotli, with the program's own uses of it) is left out;
# bin/wasm/go.mod is go.mod with a replace that points there. The server is
# built with go-app as it is.
GOAPP = github.com/maxence-charriere/go-app/v10
bin/wasm/go.mod: go.mod go.sum Makefile
	@set -e; \
	src=$$($(GO) mod download -json $(GOAPP) | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$$/\1/p'); \
	[ -n "$$src" ] || { echo "go-app's module is not in the module cache" >&2; exit 1; }; \
	rm -rf bin/wasm; mkdir -p bin/wasm/go-app/pkg/app bin/wasm/go-app/pkg/errors; \
	cp "$$src/go.mod" "$$src/LICENSE" bin/wasm/go-app/; \
	cp "$$src"/pkg/app/*.go bin/wasm/go-app/pkg/app/; \
	cp "$$src"/pkg/errors/*.go bin/wasm/go-app/pkg/errors/; \
	chmod -R u+w bin/wasm; \
	rm -f bin/wasm/go-app/pkg/*/*_test.go; \
	printf '%s\n' 'package app' '' '// Handler serves the app: only the server has one.' 'type Handler struct{}' > bin/wasm/go-app/pkg/app/http.go; \
	sed -i -e '/"net\/http"/d' -e '/http\.FileServer(/d' -e '/^\thttp\.Handler$$/d' bin/wasm/go-app/pkg/app/resource.go; \
	sed -i -e '/"regexp"/d' -e 's/\*regexp\.Regexp/interface{ MatchString(string) bool }/' -e 's/regexp\.MustCompile(pattern)/RoutePattern(pattern)/' bin/wasm/go-app/pkg/app/route.go; \
	printf '%s\n' '' '// RoutePattern makes a matcher of a RouteWithRegexp pattern: the program sets it.' 'var RoutePattern func(string) interface{ MatchString(string) bool }' >> bin/wasm/go-app/pkg/app/route.go; \
	cp go.sum bin/wasm/go.sum; \
	{ cat go.mod; echo; echo "replace $(GOAPP) => ./bin/wasm/go-app"; } > bin/wasm/go.mod; \
	if GOOS=js GOARCH=wasm $(GO) list -modfile=bin/wasm/go.mod -deps ./cmd/annotator | grep -qx net/http; then \
		rm bin/wasm/go.mod; \
		echo "the wasm still links net/http: see bin/wasm/go.mod in the Makefile" >&2; exit 1; fi

# gzip -9 and brotli -q 11 copies (brotli when the command is installed) of
# the wasm and the text files in WEB, each with NAME.sha256, the hash of the
# file they were made from: the server sends a copy only while that is the
# file's own hash. The tests run this very target.
WEB ?= web
precompress:
	@set -e; for f in $(WEB)/*.wasm $(WEB)/*.js $(WEB)/*.css $(WEB)/*.svg; do \
		[ -f "$$f" ] || continue; \
		rm -f "$$f.gz" "$$f.br" "$$f.sha256"; \
		gzip -9 -n -k "$$f"; \
		if command -v brotli >/dev/null; then brotli -q 11 -k "$$f"; fi; \
		sha256sum "$$f" > "$$f.sha256"; \
	done

# The app as a static site in dist/ (PREFIX=/path for a site served under
# a sub-path), for any static file server.
PREFIX ?=
static: build
	rm -rf dist
	./bin/annotator static -out dist -prefix "$(PREFIX)"

bin/annotator: FORCE
	$(GO) build -trimpath -o bin/annotator ./cmd/annotator

# Everything: vet (the browser's code against the copy of go-app the wasm
# is built with), the domain's unit tests, examples and fuzz seeds, and the
# browser tests in headless Chromium (with CI set they fail without one),
# accessibility checks with axe-core included.
test: axe bin/wasm/go.mod
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet -modfile=bin/wasm/go.mod ./app/... ./cmd/...
	$(GO) test -count=1 -timeout 25m ./...

# axe-core, the accessibility checker the browser tests run in the page,
# installed from its lock file (the version is pinned there). Without npm
# the checks skip, or fail when CI is set.
AXE := cmd/annotator/testdata/axe
axe:
	@if command -v npm >/dev/null; then $(MAKE) -s --no-print-directory $(AXE)/node_modules/.package-lock.json; \
	else echo "npm is not installed: the accessibility checks need axe-core (npm ci in $(AXE))"; fi

$(AXE)/node_modules/.package-lock.json: $(AXE)/package-lock.json $(AXE)/package.json
	cd $(AXE) && npm ci --ignore-scripts --no-audit --no-fund

# Longer runs of the fuzz tests (their seed corpora run in make test):
# FUZZTIME each, 60s unless told.
FUZZTIME ?= 60s
fuzz:
	for f in $$($(GO) test -list '^Fuzz' ./annotations | grep '^Fuzz'); do \
		$(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) ./annotations || exit 1; \
	done

# Benchmarks of the domain code.
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./annotations

# How long the page takes to become ready with 0, 1,000 and 10,000 stored
# annotations, the first visit's transfer size and time, a warm start
# offline, tagging and searching with 10 and 10,000 annotations there, and
# importing 1,000 (PEERS_FILE= the peer bench's -dump file); medians of 7
# runs each.
bench-browser:
	$(GO) test -run '^$$' -bench 'Ready|Visit|Tag|Search|Import' -benchtime 7x ./cmd/annotator

# Requests per second and the 99th percentile latency of the server, from
# loopback, 16 clients at a time for 3 s each: the page, and the wasm asked
# for with brotli only. Not part of make test.
bench-server: build
	$(GO) test -run '^$$' -bench ServerLoad -benchtime 3s -timeout 5m ./cmd/annotator

# Lighthouse (pinned in $(LH)/package-lock.json) against the app served by
# bin/annotator on LH_ADDR, with its mobile preset, in Debian's Chromium:
# prints the performance (LCP, TBT), accessibility and best-practices
# scores and the audits that did not pass; the whole reports go to
# bin/lighthouse/. Not part of make test.
LH := cmd/annotator/testdata/lighthouse
LH_ADDR ?= 127.0.0.1:8099
CHROME_PATH ?= /usr/bin/chromium
lighthouse: build $(LH)/node_modules/.package-lock.json
	@mkdir -p bin/lighthouse
	@set -e; ./bin/annotator -addr $(LH_ADDR) & pid=$$!; trap 'kill $$pid' EXIT INT TERM; \
	for i in $$(seq 100); do curl -fs -o /dev/null http://$(LH_ADDR)/ && break; sleep 0.1; done; \
	curl -fs -o /dev/null http://$(LH_ADDR)/ || { echo "the server did not start on $(LH_ADDR)"; exit 1; }; \
	CHROME_PATH=$(CHROME_PATH) $(LH)/node_modules/.bin/lighthouse http://$(LH_ADDR)/ --quiet \
		--chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage" \
		--only-categories=performance,accessibility,best-practices \
		--output=json --output=html --output-path=bin/lighthouse/annotator; \
	node $(LH)/summary.js bin/lighthouse/annotator.report.json

$(LH)/node_modules/.package-lock.json: $(LH)/package-lock.json $(LH)/package.json
	cd $(LH) && npm ci --ignore-scripts --no-audit --no-fund

# The size of the wasm as downloaded: raw, gzip -9 and brotli -q 11.
size: wasm
	@printf 'raw    %s bytes\n' $$(wc -c < web/app.wasm)
	@printf 'gzip   %s bytes\n' $$(gzip -9 -c web/app.wasm | wc -c)
	@if command -v brotli >/dev/null; then printf 'brotli %s bytes\n' $$(brotli -q 11 -c web/app.wasm | wc -c); fi

clean:
	rm -rf bin dist web/app.wasm web/*.gz web/*.br web/*.sha256

FORCE:
