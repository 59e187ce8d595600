#!/usr/bin/env bash
# audit-site.sh SITE_DIR — CI audit of the site Beacon generates (normally public/).
#
# Checks every .html page under SITE_DIR:
#   1. html   W3C Nu HTML checker (npm vnu-jar, run with Java), errors only
#   2. a11y   axe-core in Debian's headless Chromium driven by playwright-core (.ci/axe-pages.mjs),
#             WCAG 2.0/2.1/2.2 A+AA tags; any violation fails
#   3. links  internal href/src targets and #fragments exist (.ci/check-links.py, python stdlib)
#   4. offline  a page, another page and a leaflet still open with the server gone
#             (.ci/offline-check.mjs, the service worker in headless Chromium)
# All four run even if one fails. Exit: 0 all passed · 1 a check failed · 2 usage/setup error ·
# 124 overall timeout.
#
# Needs Debian 12 with node >= 20 + npm, Java 17 and python3; installs the rest itself (idempotent):
# apt packages chromium + fonts-noto-core (as root, else via sudo) and pinned npm packages into a
# local cache folder (never npm -g). Only the Debian, npm and PyPI registries need to be reachable.
#
# Env (optional):
#   BEACON_CI_TOOLS    tool cache folder          [${XDG_CACHE_HOME:-$HOME/.cache}/beacon-ci]
#   BEACON_CI_TIMEOUT  wall-clock limit, seconds  [1800]
set -Eeuo pipefail   # -E: the setup ERR trap below also fires inside functions

# Pinned tool versions (known to work together on Debian 12, node 20, Java 17).
VNU_JAR_VER=26.9.27
AXE_CORE_VER=4.14.1
PLAYWRIGHT_CORE_VER=1.65.1   # needs node >= 20
AXE_TAGS=wcag2a,wcag2aa,wcag21a,wcag21aa,wcag22aa   # there is no wcag22a tag
CHROMIUM=/usr/bin/chromium

# A hung browser or JVM must not hold a CI runner forever: re-run this script under timeout(1),
# which on expiry signals the whole process group (java, node, http.server), then SIGKILLs it.
if [[ -z "${_BEACON_AUDIT_TIMED:-}" ]]; then
  export _BEACON_AUDIT_TIMED=1
  exec timeout -k 30 "${BEACON_CI_TIMEOUT:-1800}" bash "$(readlink -f "${BASH_SOURCE[0]}")" "$@"
fi

CI_DIR=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")   # axe-pages.mjs and check-links.py live here
TOOLS=${BEACON_CI_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/beacon-ci}
NODE_MODULES=$TOOLS/node_modules
VNU_JAR=$NODE_MODULES/vnu-jar/build/dist/vnu.jar

# microseconds since the epoch (EPOCHREALTIME's separator follows the locale: strip . or ,)
usecs() { echo "${EPOCHREALTIME//[.,]/}"; }
elapsed() { local us=$(( $(usecs) - $1 )); printf '%d.%d' $((us / 1000000)) $((us / 100000 % 10)); }
T_START=$(usecs)
log() { printf '[audit %s +%ss] %s\n' "$(date +%H:%M:%S)" "$(elapsed "$T_START")" "$*" >&2; }
die() { log "ERROR: $*"; exit 2; }

[[ $# -eq 1 && -d "$1" ]] || die "usage: $0 SITE_DIR  (a folder of generated .html pages)"
SITE=$(readlink -f "$1")

# Scratch space; Chromium's temporary profile goes here too (playwright uses TMPDIR), so it all
# disappears on exit.
WORK=$(mktemp -d "${TMPDIR:-/tmp}/beacon-audit.XXXXXX")
export TMPDIR=$WORK
SERVER_PID=""
cleanup() {
  local rc=$?
  if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  # Normally the node driver has closed Chromium. If it was killed (timeout), a Chromium may be
  # left: find it by its profile folder inside our own $WORK and kill it by PID.
  local left=()
  mapfile -t left < <(pgrep -f -- "$WORK/" || true)
  if ((${#left[@]})); then log "killing leftover browser processes: ${left[*]}"; kill -9 "${left[@]}" 2>/dev/null || true; fi
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'log "timed out or terminated"; exit 124' TERM
trap 'log "interrupted"; exit 130' INT

# ----------------------------------------------------------------------------- setup
# Any failure while setting up is a setup error (exit 2), not a failed check.
trap 'log "ERROR: setup failed at line $LINENO"; exit 2' ERR

install_tools() {
  { command -v node && command -v npm; } >/dev/null || die "node >= 20 and npm are required"
  (( $(node -p 'process.versions.node.split(".")[0]') >= 20 )) || die "playwright-core $PLAYWRIGHT_CORE_VER needs node >= 20"

  local apt=()
  [[ -x "$CHROMIUM" ]] || apt+=(chromium)
  # Noto fonts: without them Chromium renders e.g. Arabic/Urdu pages as boxes (wrong contrast results)
  [[ "$(dpkg-query -W -f='${Status}' fonts-noto-core 2>/dev/null || true)" == "install ok installed" ]] || apt+=(fonts-noto-core)
  command -v java >/dev/null || apt+=(openjdk-17-jre-headless)
  if ((${#apt[@]})); then
    local sudo=""
    if [[ $(id -u) -ne 0 ]]; then
      command -v sudo >/dev/null || die "need root or sudo to apt-get install ${apt[*]}"
      sudo=sudo
    fi
    log "apt-get install ${apt[*]}"
    # Lock::Timeout: wait for unattended-upgrades etc. instead of failing at once
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq \
      --no-install-recommends "${apt[@]}" >/dev/null
  fi

  mkdir -p "$TOOLS"
  # flock: two CI jobs sharing the cache must not run npm install into it at the same time
  exec 9>"$TOOLS/.install.lock"
  flock -w 600 9 || die "could not lock $TOOLS/.install.lock"
  local v want="$VNU_JAR_VER $AXE_CORE_VER $PLAYWRIGHT_CORE_VER" have=""
  for p in vnu-jar axe-core playwright-core; do
    v=$(node -p "require('$NODE_MODULES/$p/package.json').version" 2>/dev/null || echo none)
    have+="${have:+ }$v"
  done
  if [[ "$have" != "$want" ]]; then
    log "npm install vnu-jar@$VNU_JAR_VER axe-core@$AXE_CORE_VER playwright-core@$PLAYWRIGHT_CORE_VER into $TOOLS"
    # own package.json, so npm never walks up and installs into some parent project
    [[ -f "$TOOLS/package.json" ]] || echo '{ "private": true }' > "$TOOLS/package.json"
    # --ignore-scripts: vnu-jar's install script downloads a Java runtime (we use the system Java);
    # playwright-core downloads no browser (we use Debian's chromium)
    npm install --prefix "$TOOLS" --ignore-scripts --save-exact --no-audit --no-fund --loglevel=error \
      "vnu-jar@$VNU_JAR_VER" "axe-core@$AXE_CORE_VER" "playwright-core@$PLAYWRIGHT_CORE_VER" >&2
  fi
  exec 9>&-
  [[ -f "$VNU_JAR" ]] || die "missing $VNU_JAR"
  [[ -x "$CHROMIUM" ]] || die "missing $CHROMIUM"
}

log "setup: tools in $TOOLS"
T0=$(usecs)
install_tools
log "setup: tools ready ($(elapsed "$T0")s)"

# Page list, relative to SITE, NUL-separated (file names may contain spaces)
( cd "$SITE" && find . -type f -name '*.html' -printf '%P\0' | sort -z ) > "$WORK/pages"
NPAGES=$(tr -cd '\0' < "$WORK/pages" | wc -c)
(( NPAGES > 0 )) || die "no .html files under $SITE (did the build run?)"
log "$NPAGES pages under $SITE"
trap - ERR   # from here on, a failing command is a check result, handled below

# ----------------------------------------------------------------------------- checks
# Each check prints its findings and returns non-zero on any. (run_check calls them as `check || ...`,
# where set -e is off, so each one tracks its own exit status explicitly.)

check_html() {
  local files=() rc=0
  mapfile -d '' -t files < "$WORK/pages"
  # One JVM for all pages (start-up costs ~4 s, a page ~0.02 s). -Xss: deep pages can overflow the
  # default thread stack. (vnu writes UTF-8 whatever the locale.)
  ( cd "$SITE" && java -Xss8m -jar "$VNU_JAR" --errors-only --format gnu --stdout "${files[@]}" ) \
    > "$WORK/vnu.out" 2> "$WORK/vnu.err" || rc=$?
  # gnu format: "file:/abs/page.html":LINE.COL-LINE.COL: error: MESSAGE  ->  page.html:LINE: error: MESSAGE
  local line
  while IFS= read -r line; do printf '%s\n' "${line#"\"file:$SITE/"}"; done < "$WORK/vnu.out" \
    | sed -E -e 's/^([^"]*)":([0-9]+)[-.0-9]*:/\1:\2:/' -e 's/^([^"]*)": /\1: /'
  cat "$WORK/vnu.err" >&2
  local n; n=$(wc -l < "$WORK/vnu.out")
  log "html: $n errors (vnu exit $rc)"
  # fail on a non-zero exit (errors, or vnu itself broke) and on any reported message
  (( rc == 0 && n == 0 ))
}

check_a11y() {
  # Serve over http (not file://) so root-relative URLs, fonts and CSS load as they will in
  # production. Port 0 lets the OS pick a free port; -u so the "port N" line is not buffered.
  python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$SITE" > "$WORK/http.log" 2>&1 &
  SERVER_PID=$!
  local port="" rc=0
  for _ in $(seq 100); do
    port=$(sed -n 's/^Serving HTTP on .* port \([0-9]*\) .*/\1/p' "$WORK/http.log")
    [[ -n "$port" ]] && break
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  if [[ -z "$port" ]]; then cat "$WORK/http.log" >&2; log "a11y: http.server did not start"; return 1; fi
  log "a11y: serving $SITE at http://127.0.0.1:$port/"
  AXE_NODE_MODULES=$NODE_MODULES AXE_TAGS=$AXE_TAGS CHROMIUM=$CHROMIUM \
    node "$CI_DIR/axe-pages.mjs" "http://127.0.0.1:$port/" "$WORK/pages" || rc=$?
  kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; SERVER_PID=""
  (( rc <= 1 )) || log "a11y: the axe driver failed (exit $rc): pages were not checked"
  return "$rc"
}

check_links() {
  python3 "$CI_DIR/check-links.py" "$SITE"
}

check_offline() {
  AXE_NODE_MODULES=$NODE_MODULES CHROMIUM=$CHROMIUM node "$CI_DIR/offline-check.mjs" "$SITE"
}

SUMMARY=()
FAILED=0
run_check() {
  local name=$1 t0; t0=$(usecs)
  log "── $name: start"
  local status=OK
  "check_$name" || { status=FAIL; FAILED=1; }
  SUMMARY+=("$(printf '%-6s %-4s %6ss' "$name" "$status" "$(elapsed "$t0")")")
  log "── $name: $status ($(elapsed "$t0")s)"
}
run_check html
run_check a11y
run_check links
run_check offline

echo "== audit-site: $SITE, $NPAGES pages, $(elapsed "$T_START")s =="
printf '%s\n' "${SUMMARY[@]}"
if (( FAILED )); then echo "RESULT: FAIL"; exit 1; fi
echo "RESULT: OK"
