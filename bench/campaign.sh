#!/usr/bin/env bash
# Benchmark: the year-end PPK campaign ("Nonaktifkan semua") on 10,000 active PPK accounts, run through the real
# PpkCampaignService (Release build) on a fresh database. Target: the run takes at most 10 seconds.
#
#   bash bench/campaign.sh                     # SQLite (a fresh file in a temp dir)
#   BENCH_DB=postgres bash bench/campaign.sh   # a throwaway PostgreSQL 15 cluster on a free loopback port
#
# Steps: build bench/CampaignBench (Release, with its own build folders under the temp dir, so it does not race other
# builds of the repository); for postgres, initdb + start a cluster (fsync=off, as bench/queue.sh does); run the
# program, which migrates the empty database, seeds 10,000 active PPK accounts of one office plus noise (other roles,
# inactive PPK accounts, another office's PPK accounts), excludes 25 through the service and opens an SOP 2 request on
# 10 more, then times ONE run of the campaign (cold: the first in the process, as in production) and checks the outcome
# in the database (accounts, history, outbox, results, counts, noise untouched, notice file and hash); print the
# figures and PASS/FAIL; write bench/results/campaign-latest[-postgres].md (git-ignored). Everything started is
# stopped on every exit. Exit status: 0 PASS, 1 FAIL, 2 setup error.
#
# Settings (environment):
#   BENCH_DB         sqlite (default) or postgres
#   BENCH_COUNT      active PPK accounts to deactivate (10000)
#   BENCH_EXCLUDED   of which excluded with a reason (25)
#   BENCH_OPEN       of which with a request in progress, reported as failed (10)
#   BENCH_TARGET     seconds (10)
#   BENCH_ROUNDS     independent runs, each on a fresh database; the table shows every run and the median (3)
#   BENCH_WARMUP=1   run a 50-account campaign of another office first in the same process (the warm figure)
#   BENCH_KEEP=1     keep the temp dir (database, notice PDF, logs)
#   BENCH_PG_LOG_MS  postgres: log statements slower than this many ms to the kept temp dir's pg/postgresql.log (off)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$REPO/bench"
RESULTS="$BENCH/results"
DB_KIND="${BENCH_DB:-sqlite}"
COUNT="${BENCH_COUNT:-10000}"
EXCLUDED="${BENCH_EXCLUDED:-25}"
OPEN="${BENCH_OPEN:-10}"
TARGET="${BENCH_TARGET:-10}"
ROUNDS="${BENCH_ROUNDS:-3}"
WARMUP="${BENCH_WARMUP:-0}"
KEEP="${BENCH_KEEP:-0}"
PG_BIN=/usr/lib/postgresql/15/bin

log() { printf '[campaign-bench] %s\n' "$*" >&2; }
die() { printf '[campaign-bench] ERROR: %s\n' "$*" >&2; exit 2; }

case "$DB_KIND" in
    sqlite|postgres) ;;
    *) die "BENCH_DB must be sqlite or postgres, not '$DB_KIND'" ;;
esac
command -v dotnet >/dev/null 2>&1 || die "the .NET 10 SDK (dotnet) is not on PATH"
[[ "$DB_KIND" != postgres || -x "$PG_BIN/initdb" ]] || die "BENCH_DB=postgres needs PostgreSQL 15 ($PG_BIN)"

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0

TMP="$(mktemp -d /tmp/aksesspse-campaign-bench.XXXXXX)"
chmod 755 "$TMP"
PG_STARTED=0
IS_ROOT=0; [[ "$(id -u)" == 0 ]] && IS_ROOT=1

as_pg() { if [[ "$IS_ROOT" == 1 ]]; then (cd "$TMP" && runuser -u postgres -- "$@"); else "$@"; fi; }

cleanup() {
    local rc=$?
    set +e
    if [[ "$PG_STARTED" == 1 ]]; then
        as_pg "$PG_BIN/pg_ctl" -D "$TMP/pg/data" -m fast -w -t 30 stop >/dev/null 2>&1
        PG_STARTED=0
    fi
    if [[ "$KEEP" == 1 ]]; then
        log "kept $TMP"
    else
        rm -rf "$TMP"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
    local port=$1
    while port_in_use "$port"; do port=$((port + 1)); done
    echo "$port"
}

# ---------------------------------------------------------------------------------------------
# 1. Build
# ---------------------------------------------------------------------------------------------
mkdir -p "$RESULTS"
START=$SECONDS
log "building bench/CampaignBench (Release)"
dotnet build "$BENCH/CampaignBench/CampaignBench.csproj" -c Release -o "$TMP/bin" --artifacts-path "$TMP/build" --nologo -v q \
    >"$TMP/build.log" 2>&1 || { tail -30 "$TMP/build.log" >&2; die "building bench/CampaignBench failed"; }
log "built in $((SECONDS - START)) s"

# ---------------------------------------------------------------------------------------------
# 2. Database server (postgres only)
# ---------------------------------------------------------------------------------------------
if [[ "$DB_KIND" == postgres ]]; then
    mkdir -p "$TMP/pg/sock"
    chmod 700 "$TMP/pg"
    [[ "$IS_ROOT" == 1 ]] && chown -R postgres:postgres "$TMP/pg"
    as_pg "$PG_BIN/initdb" -D "$TMP/pg/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$TMP/initdb.log" 2>&1 \
        || { cat "$TMP/initdb.log" >&2; die "initdb failed"; }
    PG_PORT="$(free_port 57432)"
    as_pg "$PG_BIN/pg_ctl" -D "$TMP/pg/data" -l "$TMP/pg/postgresql.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $TMP/pg/sock -c fsync=off -c log_min_duration_statement=${BENCH_PG_LOG_MS:--1}" start >/dev/null 2>&1 \
        || die "PostgreSQL did not start"
    PG_STARTED=1
    DB_LABEL="PostgreSQL 15 (local cluster, fsync=off, untuned)"
else
    DB_LABEL="SQLite (file in /tmp)"
fi

# ---------------------------------------------------------------------------------------------
# 3. Rounds: each on a fresh database
# ---------------------------------------------------------------------------------------------
declare -a TIMES=() LINES=() LOADS=()
VERDICT=PASS
for ((round = 1; round <= ROUNDS; round++)); do
    files="$TMP/files-$round"
    if [[ "$DB_KIND" == postgres ]]; then
        as_pg "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE campaign_bench_$round" >/dev/null
        connection="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=campaign_bench_$round"
        provider=postgresql
    else
        connection="Data Source=$TMP/campaign-$round.db;Pooling=False"
        provider=sqlite
    fi
    args=(--provider "$provider" --connection "$connection" --files "$files" --count "$COUNT" --excluded "$EXCLUDED" --open "$OPEN" --target "$TARGET")
    [[ "$WARMUP" == 1 ]] && args+=(--warmup)
    load="$(cut -d' ' -f1-3 /proc/loadavg)"
    LOADS+=("$load")
    log "round $round/$ROUNDS: load average before: $load"
    set +e
    dotnet "$TMP/bin/CampaignBench.dll" "${args[@]}" >"$TMP/round-$round.log" 2>&1
    rc=$?
    set -e
    sed 's/^/[campaign-bench]   /' "$TMP/round-$round.log" >&2
    result="$(grep '^RESULT ' "$TMP/round-$round.log" | tail -1 || true)"
    [[ -n "$result" ]] || die "round $round: the program did not finish (exit $rc); see the lines above"
    seconds="$(sed -n 's/.* elapsed_seconds=\([^ ]*\).*/\1/p' <<<"$result")"
    TIMES+=("$seconds")
    phases="$(sed -n 's/.* ms (\(claim .*\))$/\1/p' "$TMP/round-$round.log" | tail -1)"
    LINES+=("round $round: $result${phases:+ | $phases}")
    [[ "$rc" == 0 ]] || VERDICT=FAIL
    notice="$(sed -n 's/^notice: //p' "$TMP/round-$round.log")"
    if [[ -n "$notice" && -f "$notice" ]] && command -v pdfinfo >/dev/null 2>&1; then
        PAGES="$(pdfinfo "$notice" | sed -n 's/^Pages:[[:space:]]*//p')"
        SIZE_KB="$(( $(stat -c %s "$notice") / 1024 ))"
    fi
done

MEDIAN="$(printf '%s\n' "${TIMES[@]}" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }')"
MAX="$(printf '%s\n' "${TIMES[@]}" | sort -g | tail -1)"
awk -v m="$MAX" -v t="$TARGET" 'BEGIN { exit !(m <= t) }' || VERDICT=FAIL

# ---------------------------------------------------------------------------------------------
# 4. Report
# ---------------------------------------------------------------------------------------------
REPORT_NAME=campaign-latest
[[ "$DB_KIND" == postgres ]] && REPORT_NAME+=-postgres
[[ "$WARMUP" == 1 ]] && REPORT_NAME+=-warm
COMMIT="$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)"
git -C "$REPO" diff --quiet HEAD -- src bench/CampaignBench 2>/dev/null || COMMIT+=" (with uncommitted changes)"
CPU="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
{
    echo "# Campaign benchmark — $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "**$COUNT active PPK accounts ($EXCLUDED excluded, $OPEN with a request in progress): run median ${MEDIAN} s, slowest ${MAX} s — $VERDICT** (target ≤ $TARGET s, $([[ "$WARMUP" == 1 ]] && echo warm || echo cold) run)"
    echo
    echo "- Commit: $COMMIT; database: $DB_LABEL; notice PDF: ${PAGES:-?} pages, ${SIZE_KB:-?} KB"
    echo "- Machine: $(nproc) cores ($CPU); .NET SDK $(dotnet --version); load average (1/5/15 min) before each round: $(IFS=';'; echo "${LOADS[*]}")"
    echo
    echo '```'
    printf '%s\n' "${LINES[@]}"
    echo '```'
} >"$RESULTS/$REPORT_NAME.md"

echo
printf '%s\n' "${LINES[@]}"
echo "database: $DB_LABEL; notice PDF: ${PAGES:-?} pages, ${SIZE_KB:-?} KB"
echo "run of $COUNT accounts: median ${MEDIAN} s, slowest ${MAX} s over $ROUNDS round(s)  (target <= $TARGET s)  $VERDICT"
echo "written to ${RESULTS#"$REPO"/}/$REPORT_NAME.md"
[[ "$VERDICT" == PASS ]] || exit 1
