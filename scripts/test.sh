#!/usr/bin/env bash
# The project's one test command (CI runs it through .ci/run).
#
#   bash scripts/test.sh [dotnet test args...]     e.g.  --filter "FullyQualifiedName~Pdf"
#   bash scripts/test.sh --check-services          start the services, check them, stop
#
# On a Debian machine with the .NET SDK, as root or not, it:
#   1. checks for the system packages the tests need (installs them with apt-get when
#      root; otherwise prints the apt command and exits 2);
#   2. starts a throwaway PostgreSQL 15 cluster and an SMTP server (aiosmtpd writing
#      to a Maildir), both on 127.0.0.1, on free ports;
#   3. exports for the tests:
#        AKSESSPSE_TEST_PG            Npgsql connection string, user postgres, trust auth
#                                     (tests create and drop their own databases)
#        AKSESSPSE_TEST_SMTP_HOST     127.0.0.1
#        AKSESSPSE_TEST_SMTP_PORT     the SMTP port
#        AKSESSPSE_TEST_MAILDIR       the Maildir; each received mail is a file in ./new
#        AKSESSPSE_TEST_CHROMIUM      /usr/bin/chromium
#        AKSESSPSE_TEST_CHROMEDRIVER  /usr/bin/chromedriver
#        AKSESSPSE_TEST_ARTIFACTS     <repo>/artifacts/test (screenshots etc.; emptied first)
#      (set AKSESSPSE_ARTIFACTS_DIR to use another folder, e.g. for parallel runs)
#   4. runs `dotnet test AksesSpse.sln -c Release` with a TRX logger into
#      artifacts/test/trx (the console output also goes to artifacts/test/dotnet-test.log);
#   5. stops the services (also on failure / Ctrl-C) and prints, as its last line,
#      `N passed, N failed` (`, N skipped` added when tests were not executed), summed
#      over the TRX files. Exit status: non-zero if dotnet test failed or a test failed.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PG_BIN=/usr/lib/postgresql/15/bin
PY=/usr/bin/python3                 # not the python3 first on PATH: that one lacks aiosmtpd
CHROMIUM=/usr/bin/chromium
CHROMEDRIVER=/usr/bin/chromedriver
DEJAVU=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
NGINX=/usr/sbin/nginx                # the load balancer of the two-node test (tests/AksesSpse.Web.Tests/Nodes)
APT_PACKAGES=(postgresql chromium chromium-driver poppler-utils python3-aiosmtpd fonts-dejavu-core wrk hyperfine nginx)
ARTIFACTS="${AKSESSPSE_ARTIFACTS_DIR:-$REPO/artifacts/test}"
TRX_DIR="$ARTIFACTS/trx"
SERVICES_LOG_DIR="$ARTIFACTS/services"

START_SECONDS=$SECONDS
CHECK_SERVICES=0
if [[ "${1:-}" == "--check-services" ]]; then
  CHECK_SERVICES=1
  shift
elif [[ "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
  exit 0
fi

log() { printf '[test.sh] %s\n' "$*"; }
die() { printf '[test.sh] ERROR: %s\n' "$*" >&2; exit "${2:-1}"; }

if [[ "$(id -u)" == 0 ]]; then IS_ROOT=1; else IS_ROOT=0; fi

# ---------------------------------------------------------------------------
# 1. System packages
# ---------------------------------------------------------------------------
missing_packages() {
  local -a m=()
  [[ -x "$PG_BIN/initdb" ]] || m+=(postgresql)
  [[ -x "$CHROMIUM" ]] || m+=(chromium)
  [[ -x "$CHROMEDRIVER" ]] || m+=(chromium-driver)
  { command -v pdftotext && command -v pdftoppm; } >/dev/null 2>&1 || m+=(poppler-utils)
  { [[ -x "$PY" ]] && "$PY" -c 'import aiosmtpd' >/dev/null 2>&1; } || m+=(python3-aiosmtpd)
  [[ -f "$DEJAVU" ]] || m+=(fonts-dejavu-core)
  [[ -x "$NGINX" ]] || m+=(nginx)
  echo "${m[*]:-}"
}

MISSING="$(missing_packages)"
if [[ -n "$MISSING" ]]; then
  if [[ "$IS_ROOT" == 1 ]]; then
    log "missing system packages: $MISSING; installing with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update </dev/null
    apt-get install -y "${APT_PACKAGES[@]}" </dev/null
    MISSING="$(missing_packages)"
    [[ -z "$MISSING" ]] || die "still missing after apt-get install: $MISSING"
  else
    {
      echo "[test.sh] missing system packages: $MISSING"
      echo "[test.sh] install them (as root) with:"
      echo "  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y ${APT_PACKAGES[*]}"
    } >&2
    exit 2
  fi
fi
command -v dotnet >/dev/null 2>&1 || die "the .NET SDK (dotnet) is not on PATH" 2

# ---------------------------------------------------------------------------
# Helpers: ports
# ---------------------------------------------------------------------------
port_in_use() {
  local port=$1
  if command -v ss >/dev/null 2>&1 && ss -Hltn "sport = :$port" 2>/dev/null | grep -q .; then
    return 0
  fi
  # Something accepting connections on loopback?
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}

free_port() {             # free_port PREFERRED [EXCLUDE...]: first free port from PREFERRED up
  local port=$1; shift
  local tries=0 ex
  while (( tries < 200 )); do
    local taken=0
    for ex in "$@"; do [[ "$port" == "$ex" ]] && taken=1; done
    if [[ "$taken" == 0 ]] && ! port_in_use "$port"; then echo "$port"; return 0; fi
    port=$((port + 1)); tries=$((tries + 1))
  done
  return 1
}

wait_for_port() {         # wait_for_port PORT SECONDS [PID]
  local port=$1 secs=$2 pid=${3:-} i
  for ((i = 0; i < secs * 10; i++)); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then return 1; fi
    sleep 0.1
  done
  return 1
}

# ---------------------------------------------------------------------------
# Summary: the plain last line, summed over the TRX files
# ---------------------------------------------------------------------------
summarize() {             # summarize [ABNORMAL]: ABNORMAL=1 forces at least 1 failed
  local abnormal=${1:-0} rc=${DOTNET_RC:-}
  local -a trx=()
  local passed=0 failed=0 skipped=0
  mapfile -t trx < <(find "$TRX_DIR" -name '*.trx' -type f 2>/dev/null | sort)
  if (( ${#trx[@]} > 0 )); then
    read -r passed failed skipped < <("$PY" - "${trx[@]}" <<'EOF'
import sys
import xml.etree.ElementTree as ET
passed = failed = skipped = 0
for path in sys.argv[1:]:
    try:
        c = ET.parse(path).getroot().find("./{*}ResultSummary/{*}Counters")
        if c is None:
            raise ValueError("no ResultSummary/Counters")
    except Exception as e:                     # a truncated or odd TRX counts as a failure
        print(f"[test.sh] cannot read {path}: {e}", file=sys.stderr)
        failed += 1
        continue
    n = lambda k: int(c.get(k, "0"))
    passed += n("passed")
    failed += n("failed") + n("error") + n("timeout") + n("aborted")
    skipped += max(n("total") - n("executed"), 0)   # xunit's skipped tests: total - executed
print(passed, failed, skipped)
EOF
) || true
    passed=${passed:-0}; failed=${failed:-1}; skipped=${skipped:-0}
  fi

  if grep -q 'Overwriting results file' "$ARTIFACTS/dotnet-test.log" 2>/dev/null; then
    log "WARNING: a TRX file was overwritten; the counts miss a test project's results"
    failed=$((failed + 1))
  fi
  if (( ${#trx[@]} == 0 )); then
    if [[ -n "$rc" && "$rc" != 0 ]]; then
      log "no TRX file: the build or the test run failed before any test ran"
      passed=0; failed=1
    fi
  elif [[ -n "$rc" && "$rc" != 0 && "$failed" == 0 ]]; then
    # e.g. one project failed to build, or a test host crashed, while the others passed.
    log "dotnet test failed (exit $rc) though no TRX records a failed test: counting 1 failed"
    failed=1
  fi
  if [[ "$abnormal" == 1 && "$failed" == 0 ]]; then failed=1; fi

  log "TRX files: ${#trx[@]} in ${TRX_DIR#"$REPO"/}; dotnet test exit code ${rc:-none (it did not run to the end)}"
  log "ports used: PostgreSQL ${PG_PORT:-(none)}, SMTP ${SMTP_PORT:-(none)}"
  local elapsed=$((SECONDS - START_SECONDS))
  log "took $((elapsed / 60))m$((elapsed % 60))s"

  local line="$passed passed, $failed failed"
  if (( skipped > 0 )); then line="$line, $skipped skipped"; fi
  SUMMARY_PRINTED=1
  FAILED=$failed
  echo "$line"
}

# ---------------------------------------------------------------------------
# Services and their cleanup
# ---------------------------------------------------------------------------
TMPROOT=""
PG_DIR=""
PG_STARTED=0
SMTP_PID=""
CLEANED=0

as_pg() {                 # run a command as the PostgreSQL owner (postgres when root)
  if [[ "$IS_ROOT" == 1 ]]; then
    (cd "$TMPROOT" && runuser -u postgres -- "$@")
  else
    (cd "$TMPROOT" && "$@")
  fi
}

cleanup() {
  [[ "$CLEANED" == 1 ]] && return 0
  CLEANED=1
  set +e
  if [[ -n "$SMTP_PID" ]]; then
    kill "$SMTP_PID" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$SMTP_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$SMTP_PID" 2>/dev/null
    wait "$SMTP_PID" 2>/dev/null
    SMTP_PID=""
  fi
  if [[ "$PG_STARTED" == 1 ]]; then
    if ! as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w -t 30 stop >>"$TMPROOT/cleanup.log" 2>&1; then
      # pg_ctl could not stop it (already gone, or stuck): kill the postmaster by its pid.
      local pid
      pid="$(head -1 "$PG_DIR/data/postmaster.pid" 2>/dev/null)"
      [[ -n "$pid" ]] && kill -9 "$pid" 2>/dev/null
    fi
    PG_STARTED=0
  fi
  if [[ -n "$TMPROOT" && -d "$TMPROOT" ]]; then
    mkdir -p "$SERVICES_LOG_DIR" 2>/dev/null
    cp -f "$PG_DIR/postgresql.log" "$PG_DIR/initdb.log" "$TMPROOT/smtp.log" "$TMPROOT/cleanup.log" \
      "$SERVICES_LOG_DIR/" 2>/dev/null
    rm -rf "$TMPROOT"
    TMPROOT=""
  fi
  set -e
}
# Every exit after this point (test failure, service failure, Ctrl-C, kill) ends with the
# summary line; one that comes before the normal summary counts as at least 1 failed.
SUMMARY_ARMED=0
SUMMARY_PRINTED=0
on_exit() {
  local rc=$?
  set +e
  cleanup
  if [[ "$SUMMARY_ARMED" == 1 && "$SUMMARY_PRINTED" == 0 ]]; then
    log "stopped before the end (exit $rc)"
    summarize 1
  fi
  return "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

start_postgres() {
  PG_DIR="$TMPROOT/pg"
  mkdir -p "$PG_DIR/sock"
  chmod 700 "$PG_DIR"
  [[ "$IS_ROOT" == 1 ]] && chown -R postgres:postgres "$PG_DIR"
  if ! as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
        >"$PG_DIR/initdb.log" 2>&1; then
    cat "$PG_DIR/initdb.log" >&2
    die "initdb failed"
  fi
  local attempt preferred=55432
  for attempt in 1 2 3 4 5; do
    PG_PORT="$(free_port "$preferred")" || die "no free port for PostgreSQL"
    if as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgresql.log" -w -t 60 \
         -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR/sock -c fsync=off -c max_connections=200" \
         start </dev/null >/dev/null 2>&1; then
      PG_STARTED=1
      return 0
    fi
    # Most likely the port was taken in between: try the next one.
    log "PostgreSQL did not start on port $PG_PORT (attempt $attempt); log tail:"
    tail -5 "$PG_DIR/postgresql.log" 2>/dev/null | sed 's/^/    /' || true
    preferred=$((PG_PORT + 1))
  done
  die "PostgreSQL did not start"
}

start_smtp() {
  MAILDIR="$TMPROOT/maildir"
  local attempt preferred=2525
  for attempt in 1 2 3 4 5; do
    SMTP_PORT="$(free_port "$preferred" "$PG_PORT")" || die "no free port for SMTP"
    "$PY" -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" -c aiosmtpd.handlers.Mailbox "$MAILDIR" \
      </dev/null >>"$TMPROOT/smtp.log" 2>&1 &
    SMTP_PID=$!
    if wait_for_port "$SMTP_PORT" 15 "$SMTP_PID"; then
      return 0
    fi
    log "SMTP server did not start on port $SMTP_PORT (attempt $attempt); log tail:"
    tail -5 "$TMPROOT/smtp.log" 2>/dev/null | sed 's/^/    /' || true
    kill "$SMTP_PID" 2>/dev/null || true
    wait "$SMTP_PID" 2>/dev/null || true
    SMTP_PID=""
    preferred=$((SMTP_PORT + 1))
  done
  die "SMTP server did not start"
}

if [[ "$CHECK_SERVICES" == 0 ]]; then
  SUMMARY_ARMED=1
  rm -rf "$ARTIFACTS"
  mkdir -p "$ARTIFACTS" "$TRX_DIR"
fi

TMPBASE="${TMPDIR:-/tmp}"
# A Unix socket path is limited to ~107 bytes: fall back to /tmp when TMPDIR is long.
(( ${#TMPBASE} > 60 )) && TMPBASE=/tmp
TMPROOT="$(mktemp -d "$TMPBASE/aksesspse-test.XXXXXX")"
chmod 755 "$TMPROOT"      # the postgres user must be able to enter it

start_postgres
start_smtp
log "services: PostgreSQL 127.0.0.1:$PG_PORT, SMTP 127.0.0.1:$SMTP_PORT (Maildir $MAILDIR)"

export AKSESSPSE_TEST_PG="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
export AKSESSPSE_TEST_SMTP_HOST=127.0.0.1
export AKSESSPSE_TEST_SMTP_PORT="$SMTP_PORT"
export AKSESSPSE_TEST_MAILDIR="$MAILDIR"
export AKSESSPSE_TEST_CHROMIUM="$CHROMIUM"
# Every test host would watch appsettings*.json for changes (one inotify instance each); a few hundred hosts in one run
# reach the kernel limit (128 by default) and a host then fails to start. Tests never edit those files: no watching.
export DOTNET_hostBuilder__reloadConfigOnChange=false
# The same for the web root: asp-append-version watches wwwroot through a PhysicalFileProvider that a disposed host never
# disposes, so each host leaks one inotify instance (measured: +1 per test host, never freed) and after ~128 hosts every
# page of a new host fails with "Terjadi kesalahan". Polling watchers use no inotify instance (AppFactory sets it too).
export DOTNET_USE_POLLING_FILE_WATCHER=true
export AKSESSPSE_TEST_CHROMEDRIVER="$CHROMEDRIVER"
export AKSESSPSE_TEST_ARTIFACTS="$ARTIFACTS"

# ---------------------------------------------------------------------------
# --check-services: prove both services work, then stop
# ---------------------------------------------------------------------------
if [[ "$CHECK_SERVICES" == 1 ]]; then
  ok=1
  got="$("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -Atc 'select 1' </dev/null 2>&1)" || true
  if [[ "$got" == 1 ]]; then
    log "PostgreSQL: 'select 1' over TCP returned 1 ($("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -Atc 'show server_version' </dev/null))"
  else
    log "PostgreSQL check FAILED: $got"; ok=0
  fi
  if "$PY" - "$SMTP_PORT" <<'EOF'
import smtplib, sys
from email.message import EmailMessage
m = EmailMessage()
m["From"] = "check@aksesspse.test"
m["To"] = "someone@aksesspse.test"
m["Subject"] = "check-services: ujian surel"
m.set_content("hello from scripts/test.sh --check-services")
with smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=10) as s:
    s.send_message(m)
EOF
  then
    found=""
    for _ in $(seq 50); do
      found="$(ls -A "$MAILDIR/new" 2>/dev/null | head -1)"
      [[ -n "$found" ]] && break
      sleep 0.1
    done
    if [[ -n "$found" ]]; then
      log "SMTP: message delivered to $MAILDIR/new/$found"
    else
      log "SMTP check FAILED: message sent but nothing in $MAILDIR/new"; ok=0
    fi
  else
    log "SMTP check FAILED: could not send"; ok=0
  fi
  cleanup
  for p in "$PG_PORT" "$SMTP_PORT"; do
    if port_in_use "$p"; then log "port $p still in use after cleanup"; ok=0; fi
  done
  log "services stopped, temp dir removed; took $((SECONDS - START_SECONDS))s"
  if [[ "$ok" == 1 ]]; then echo "services OK"; exit 0; else echo "services FAILED"; exit 1; fi
fi

# ---------------------------------------------------------------------------
# 4. Tests
# ---------------------------------------------------------------------------
export DOTNET_NOLOGO="${DOTNET_NOLOGO:-1}"
export DOTNET_CLI_TELEMETRY_OPTOUT="${DOTNET_CLI_TELEMETRY_OPTOUT:-1}"
# No MSBuild node / build server left behind holding the CI's output pipe open.
export MSBUILDDISABLENODEREUSE="${MSBUILDDISABLENODEREUSE:-1}"
export DOTNET_CLI_USE_MSBUILD_SERVER="${DOTNET_CLI_USE_MSBUILD_SERVER:-0}"

# LogFilePrefix, not LogFileName=results.trx: with one fixed file name each test project
# overwrites the previous project's TRX ("WARNING: Overwriting results file"); with a prefix
# every project gets its own results_<framework>_<timestamp>.trx.
cd "$REPO"
log "dotnet test AksesSpse.sln -c Release $*"
set +e
dotnet test AksesSpse.sln -c Release \
  --logger "trx;LogFilePrefix=results" \
  --results-directory "$TRX_DIR" \
  "$@" </dev/null 2>&1 | tee "$ARTIFACTS/dotnet-test.log"
DOTNET_RC=${PIPESTATUS[0]}
set -e

cleanup

# The two-node test's figures (sessions and links across nodes, mails enqueued vs received).
if [[ -s "$ARTIFACTS/two-nodes.txt" ]]; then
  log "two nodes behind nginx:"
  sed 's/^/    /' "$ARTIFACTS/two-nodes.txt"
fi

# App hosts that logged an error kept their logs (AppFactory): say so, with the first errors' messages.
if compgen -G "$ARTIFACTS/host-logs/*" >/dev/null; then
  log "app hosts that logged errors: $(ls "$ARTIFACTS/host-logs" | wc -l) log(s) in $ARTIFACTS/host-logs (errors are expected in some tests); first ones:"
  grep -h '"@l":"\(Error\|Fatal\)"' "$ARTIFACTS"/host-logs/* | grep -v __EFMigrationsHistory | head -5 | cut -c1-400 | sed 's/^/    /' || true
fi

# ---------------------------------------------------------------------------
# 5. Summary
# ---------------------------------------------------------------------------
summarize
if [[ "$DOTNET_RC" != 0 ]]; then exit "$DOTNET_RC"; fi
if (( FAILED > 0 )); then exit 1; fi
exit 0
