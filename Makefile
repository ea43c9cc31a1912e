# The privacy portal. Quick start: `make dev` (build and serve at
# http://127.0.0.1:8787) and `make test` (every test). See README.md.

GO      ?= go
PORT    ?= 8787
# Where wrangler keeps the local D1 database; tests pass their own.
PERSIST ?= .wrangler/state
# Where `make serve` puts the mail the Worker sends (gitignored); tests
# pass their own.
OUTBOX  ?= .data/outbox
SERVE_ARGS ?=
# wrangler with the environment that keeps it from phoning home, the same
# for every way it is run (scripts/wrangler.mjs).
WRANGLER = node scripts/wrangler.mjs

WASM_APP    = site/public/web/app.wasm
WORKER_WASM = functions/build/app.wasm
GO_SOURCES  = $(shell find app functions site wasm -name '*.go' -o -name '*.json' -o -name '*.css' -o -name '*.js' -o -name '*.svg' | grep -v -e '^site/public/' -e '^site/build/' -e '^functions/build/' -e '^site/controllers/') go.mod go.sum
# The companies: one controller file each, with its statement in
# sources/. They are data: the site generator writes each as a document
# that the Worker and the browser app read at run time, so neither module
# depends on them (README, "Adding a company"). CONTROLLERS=dir builds the
# site from another folder (make bench's scale step).
CONTROLLERS ?= site/controllers
COMPANIES    = $(wildcard $(CONTROLLERS)/*.json $(CONTROLLERS)/sources/*.txt)

.PHONY: build dev serve migrate token test test-go test-e2e test-deploy deploy clean sizes bench screenshots

build: $(WASM_APP) $(WORKER_WASM) site/public/index.html sizes

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

# The browser app. -s -w drops debug information the browser never uses.
$(WASM_APP): $(GO_SOURCES)
	@mkdir -p $(dir $@)
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -o $@ ./wasm

# The scripts in every page's head (the cookie banner's and the language
# offer's), minified by esbuild (pinned in package.json); the generator
# serves them from here as web/*.js. They are written in ES5, and
# --target=es5 keeps esbuild from writing newer syntax in their place
# (such as a catch without its binding).
PAGE_SCRIPTS = site/build/consent.js site/build/lang.js
site/build/%.js: site/assets/%.js node_modules/.package-lock.json
	@mkdir -p $(dir $@)
	npx --no-install esbuild $< --minify --target=es5 --log-level=warning --outfile=$@

# The static site: every page prerendered, the 404 pages, assets, _headers.
site/public/index.html: $(GO_SOURCES) $(PAGE_SCRIPTS) $(COMPANIES)
	$(GO) run ./site/generate -out site/public -scripts site/build -controllers $(CONTROLLERS)

# The Worker: syumai/workers' entry script and the Go WebAssembly module.
$(WORKER_WASM): $(GO_SOURCES) functions/entry/worker.mjs functions/entry/edge.js
	$(GO) tool workers-assets-gen -mode=go -o functions/build
	cp functions/entry/worker.mjs functions/entry/edge.js functions/build/
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -o $@ ./functions/worker

# The modules' sizes, and how they moved since the last build (kept in
# .data/sizes.json, which is the developer's own).
sizes: node_modules/.package-lock.json
	@node scripts/sizes.mjs --browser $(WASM_APP) --worker $(WORKER_WASM) --last .data/sizes.json

migrate: node_modules/.package-lock.json
	$(WRANGLER) d1 migrations apply DB --local --persist-to $(PERSIST)

# Serves what `make build` made, without building. scripts/serve.mjs runs
# `wrangler dev` on loopback as the tests do (scripts/wrangler.mjs) and
# keeps every mail the Worker sends as an .eml file in $(OUTBOX);
# SERVE_ARGS are more wrangler dev flags, e.g. SERVE_ARGS='--test-scheduled
# --var NAME:value'. The links in e-mails follow PORT (PORTAL_ORIGIN
# http://127.0.0.1:$(PORT)) unless SERVE_ARGS set PORTAL_ORIGIN themselves.
# The secrets of local development, never committed (.gitignore): fresh
# keys per checkout (kept when the file is remade), SIGNING_KEY, LINK_KEY
# and TOKEN_KEY, the key of the export tokens' hashes (`make token`). On
# Cloudflare they are Worker secrets of the same names.
.dev.vars: cmd/devkey/main.go
	$(GO) run ./cmd/devkey -env -keep $@ > $@.new && mv $@.new $@

# The marketers' export tokens, records in D1 (cmd/token): ARGS='issue
# --company werksta --name "Kari, marketing" --scope marketing,suppression
# [--expires 90d]', ARGS='list [--company SLUG]', ARGS='expire ID [--at
# WHEN]', ARGS='revoke ID'. On the local database of make dev
# (--persist-to, default .wrangler/state), or with --remote on the
# deployment's (TOKEN_KEY then in the environment). A new token is printed
# once.
token: node_modules/.package-lock.json .dev.vars
	$(GO) run ./cmd/token $(ARGS)

serve: node_modules/.package-lock.json .dev.vars
	OUTBOX='$(OUTBOX)' node scripts/serve.mjs --port $(PORT) --persist-to $(PERSIST) $(SERVE_ARGS)

dev: build migrate serve

test: test-go test-e2e test-deploy

# The packages that only build for the Worker (GOOS=js) run their tests in
# Node.js, whose fetch API is the one workerd implements.
WASM_EXEC = $(shell $(GO) env GOROOT)/lib/wasm/go_js_wasm_exec
test-go:
	$(GO) vet ./...
	$(GO) test ./...
	GOOS=js GOARCH=wasm $(GO) vet ./functions/edge ./functions/worker ./functions/mail ./functions/fetch
	GOOS=js GOARCH=wasm $(GO) test -exec '$(WASM_EXEC)' ./functions/edge

test-e2e: build node_modules/.package-lock.json
	node --test --test-concurrency=1 e2e/

# Every benchmark (Go, sizes, Worker load against JavaScript, banner
# against vanilla-cookieconsent, export) and a report in .data/bench/;
# see scripts/bench/run.mjs. Needs wrk (Debian: apt-get install wrk) and
# chromium. BENCH_ARGS are its flags, e.g. BENCH_ARGS='--count 3'.
BENCH_ARGS ?=
bench: build node_modules/.package-lock.json .dev.vars
	GO='$(GO)' node scripts/bench/run.mjs $(BENCH_ARGS)

# Every page, the Worker's answers and the e-mails at 1280 and 390 px wide,
# into .data/screenshots/ for review; see scripts/screenshots.mjs.
screenshots: build node_modules/.package-lock.json .dev.vars
	node scripts/screenshots.mjs

# The production configuration, checked without Cloudflare: wrangler
# bundles the Worker for [env.production] exactly as `wrangler deploy`
# would and stops before uploading (--dry-run reads no account and needs
# no login). e2e/deploy.test.mjs, which runs scripts/deploy.mjs --check on
# the placeholders and on a filled-in copy, runs with the other e2e tests.
test-deploy: build node_modules/.package-lock.json
	@out=$$(mktemp -d) && trap 'rm -rf "$$out"' EXIT && \
	  $(WRANGLER) deploy --dry-run --env production --outdir "$$out"

# Deploys [env.production] of wrangler.toml to Cloudflare: checks every
# setting and secret first and refuses while a placeholder is left; see
# scripts/deploy.mjs and the README's "Deploy to Cloudflare". ARGS are its
# flags, e.g. ARGS=--check (check only), ARGS=--create-db,
# ARGS=--create-secrets.
ARGS ?=
deploy: node_modules/.package-lock.json
	node scripts/deploy.mjs $(ARGS)

clean:
	rm -rf site/public site/build functions/build .wrangler
