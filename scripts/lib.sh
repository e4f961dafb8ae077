# Shared set-up for scripts/run and scripts/test: installs what a fresh machine lacks.
# Sourced, not run. Everything here is idempotent and quiet when already done.

export PATH="$HOME/.cargo/bin:$PATH"
# Build output lives outside the clone, so a fresh clone on a warm machine reuses it.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/fikir/target}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT
SITE_ROOT="$ROOT/target/site"
export SITE_ROOT
FIKIR_BIN="$CARGO_TARGET_DIR/debug/fikir"
export FIKIR_BIN

step() { printf '\n==> %s\n' "$*" >&2; }

apt_install() {
  if [ "$(id -u)" != 0 ]; then
    echo "need root to apt-get install $*" >&2
    return 1
  fi
  if [ -z "${APT_UPDATED:-}" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_rust_tools() {
  if ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
    step "adding the wasm32 target"
    rustup target add wasm32-unknown-unknown
  fi
  local want
  want=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' "$ROOT/Cargo.lock")
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $want\$"; then
    step "installing wasm-bindgen-cli $want (matches Cargo.lock; about 4 minutes on 2 cores, once)"
    # Not --locked: its lock file pins a webpki-roots the registry no longer serves.
    cargo install wasm-bindgen-cli --version "$want" --force
  fi
}

# wasm-opt from the npm package binaryen (tools/package.json), for release bundles only.
# The npm packages the build uses (tools/): wasm-opt (binaryen) for the release bundle, and
# Leaflet with its marker clustering, which the site serves itself (no CDN).
ensure_tools() {
  if [ ! -x "$ROOT/tools/node_modules/.bin/wasm-opt" ] || [ ! -f "$ROOT/tools/node_modules/leaflet.markercluster/package.json" ] ||
    [ "$ROOT/tools/package-lock.json" -nt "$ROOT/tools/node_modules/.package-lock.json" ]; then
    step "installing the build's npm packages (binaryen, leaflet, leaflet.markercluster, in tools/)"
    (cd "$ROOT/tools" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    step "installing Debian's chromium for the browser tests"
    apt_install chromium
  fi
}

ensure_e2e_packages() {
  if [ ! -d "$ROOT/end2end/node_modules/@playwright/test" ] || [ "$ROOT/end2end/package-lock.json" -nt "$ROOT/end2end/node_modules/.package-lock.json" ]; then
    step "installing the end-to-end test packages (npm ci)"
    (cd "$ROOT/end2end" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# aiosmtpd (PyPI): the real SMTP server the mail tests start and stop (server/tests/smtp_sink.py).
# pip first; where the system Python refuses pip (PEP 668), Debian's own package.
ensure_smtp_sink() {
  if python3 -c 'import aiosmtpd' 2>/dev/null; then
    return 0
  fi
  step "installing aiosmtpd for the mail tests' SMTP server"
  python3 -m pip install --quiet --disable-pip-version-check aiosmtpd 2>/dev/null || apt_install python3-aiosmtpd
  python3 -c 'import aiosmtpd' || { echo "aiosmtpd could not be installed: pip install aiosmtpd" >&2; return 1; }
}

# A throwaway PostgreSQL 15 cluster on a free port, as user postgres, stopped (and its folder
# removed) when the calling script exits. Sets PG_URL to its postgres database.
# A throwaway cluster for the tests (fsync off: nothing in it outlives the run); PG_OPTIONS
# replaces that with other settings (bench/run states its own).
start_throwaway_pg() {
  PGBIN=/usr/lib/postgresql/15/bin
  if [ ! -x "$PGBIN/initdb" ]; then
    step "installing Debian's postgresql"
    apt_install postgresql
  fi
  PGDIR=$(mktemp -d /tmp/fikir-pg.XXXXXX)
  PGPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  trap stop_pg EXIT
  [ "$(id -u)" = 0 ] && chown postgres "$PGDIR"
  step "starting a throwaway PostgreSQL on port $PGPORT"
  as_pg "$PGBIN/initdb -D $PGDIR/data -A trust -U postgres" >/dev/null
  as_pg "$PGBIN/pg_ctl -D $PGDIR/data -l $PGDIR/log -w -o \"-p $PGPORT -k $PGDIR -c listen_addresses=127.0.0.1 ${PG_OPTIONS:--c fsync=off}\" start" >/dev/null
  PG_URL="postgres://postgres@127.0.0.1:$PGPORT/postgres"
  export PG_URL PGPORT
}

as_pg() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}

stop_pg() {
  as_pg "$PGBIN/pg_ctl -D $PGDIR/data -m fast -w stop" >/dev/null 2>&1 || true
  rm -rf "$PGDIR"
}

# The site the server sends (target/site): the wasm bundle and its JS glue in pkg/, the stylesheet
# as pkg/fikir.css, and the files of public/. Built with cargo and wasm-bindgen directly, which is
# all cargo-leptos did for us (and saved the ~17 minutes of compiling cargo-leptos on a fresh
# machine). `build_frontend release` builds the small bundle for production and the benchmark:
# the wasm-release profile (opt-level z, LTO, abort on panic), wasm-opt -Oz, and precompressed
# .br/.gz copies the server sends as they are.
build_frontend() {
  local mode="${1:-debug}" profile=dev out=debug
  ensure_tools
  if [ "$mode" = release ]; then profile=wasm-release; out=wasm-release; fi
  step "building the wasm bundle ($mode)"
  (cd "$ROOT" && cargo build -p app --lib --target wasm32-unknown-unknown --no-default-features \
    --features hydrate --profile "$profile")
  local pkg="$SITE_ROOT/pkg" wasm="$CARGO_TARGET_DIR/wasm32-unknown-unknown/$out/app.wasm"
  rm -rf "$SITE_ROOT.new" && mkdir -p "$SITE_ROOT.new/pkg"
  wasm-bindgen --target web --no-typescript --out-dir "$SITE_ROOT.new/pkg" --out-name fikir "$wasm"
  mv "$SITE_ROOT.new/pkg/fikir_bg.wasm" "$SITE_ROOT.new/pkg/fikir.wasm"
  if [ "$mode" = release ]; then
    "$ROOT/tools/node_modules/.bin/wasm-opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
      --enable-sign-ext --enable-mutable-globals --strip-debug --strip-producers \
      "$SITE_ROOT.new/pkg/fikir.wasm" -o "$SITE_ROOT.new/pkg/fikir.wasm"
  fi
  cp "$ROOT/style/main.css" "$SITE_ROOT.new/pkg/fikir.css"
  cp -R "$ROOT/public/." "$SITE_ROOT.new/"
  # Leaflet and its clustering, from npm, served by the platform (/vendor/leaflet/).
  local leaflet="$ROOT/tools/node_modules/leaflet/dist" cluster="$ROOT/tools/node_modules/leaflet.markercluster/dist"
  mkdir -p "$SITE_ROOT.new/vendor/leaflet"
  cp "$leaflet/leaflet.js" "$leaflet/leaflet.css" "$cluster/leaflet.markercluster.js" "$cluster/MarkerCluster.css" \
    "$cluster/MarkerCluster.Default.css" "$SITE_ROOT.new/vendor/leaflet/"
  cp -R "$leaflet/images" "$SITE_ROOT.new/vendor/leaflet/"
  if [ "$mode" = release ]; then
    node "$ROOT/scripts/precompress.mjs" "$SITE_ROOT.new" >&2
  fi
  rm -rf "$SITE_ROOT" && mv "$SITE_ROOT.new" "$SITE_ROOT"
  [ -d "$pkg" ]
}

# The debug site and the debug server binary (which shares compiled dependencies with
# `cargo test`).
build_site() {
  build_frontend debug
  step "building the server (cargo build -p fikir)"
  (cd "$ROOT" && cargo build -p fikir)
}
