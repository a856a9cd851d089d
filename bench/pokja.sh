#!/usr/bin/env bash
# Benchmark (issue #9, section 4): SOP 1's bulk step — Admin Agency makes and sends the accounts of a 200-member Pokja in one
# move — through the real SopEngine and PokjaAccountsModule (Release build) on SQLite and PostgreSQL. Target: the 200-member
# move finishes in under 5 seconds on both databases, and an interrupted move leaves nothing half-done.
#
#   bash bench/pokja.sh                    # both databases (SQLite first, then PostgreSQL)
#   BENCH_DB=sqlite bash bench/pokja.sh    # one of them: sqlite | postgres | both
#
# Steps: build bench/PokjaBench (Release, with its own build folders under a temp dir, so it does not race other builds of
# the repository); for postgres, initdb + start a throwaway PostgreSQL 15 cluster on a free loopback port (fsync=off, as the
# other benches here); for each database, run the program on a fresh, empty database: it migrates it as the app does, seeds
# the office (SOP 1 in Badung's variant, Kepala UKPBJ, Admin Agency, Kepala LPSE) and a register of 5,000 SPSE accounts, then
# per round (1 warm-up + BENCH_ROUNDS) times the 200-member move, the same move for 1 member, the floor (200 plain account
# INSERTs in one SaveChanges) and the request page's data read, checks each outcome in the database, and finally interrupts
# a 200-member move twice (cancelled after the account INSERTs; failed on the outbox INSERT) and checks that nothing of it was
# saved. Prints the figures and PASS/FAIL; writes bench/results/pokja-<date>[-sqlite|-postgres].md (bench/results/ is
# git-ignored). Everything started is stopped on every exit. Exit status: 0 PASS, 1 FAIL, 2 setup error.
#
# Settings (environment):
#   BENCH_DB        sqlite | postgres | both (default both)
#   BENCH_ROUNDS    timed rounds per database, after 1 warm-up (5)
#   BENCH_MEMBERS   members of the big request (200)
#   BENCH_REGISTER  SPSE accounts of the office in the register before the rounds (5000)
#   BENCH_TARGET    seconds the big move must stay under, on every round (5)
#   BENCH_KEEP=1    keep the temp dir (databases, files, key ring, logs)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$REPO/bench"
RESULTS="$BENCH/results"
DB_CHOICE="${BENCH_DB:-both}"
ROUNDS="${BENCH_ROUNDS:-5}"
MEMBERS="${BENCH_MEMBERS:-200}"
REGISTER="${BENCH_REGISTER:-5000}"
TARGET="${BENCH_TARGET:-5}"
KEEP="${BENCH_KEEP:-0}"
PG_BIN=/usr/lib/postgresql/15/bin

log() { printf '[pokja-bench] %s\n' "$*" >&2; }
die() { printf '[pokja-bench] ERROR: %s\n' "$*" >&2; exit 2; }

case "$DB_CHOICE" in
    sqlite) DATABASES=(sqlite) ;;
    postgres|postgresql) DATABASES=(postgres) ;;
    both) DATABASES=(sqlite postgres) ;;
    *) die "BENCH_DB must be sqlite, postgres or both, not '$DB_CHOICE'" ;;
esac
command -v dotnet >/dev/null 2>&1 || die "the .NET 10 SDK (dotnet) is not on PATH"
if [[ " ${DATABASES[*]} " == *" postgres "* ]]; then
    [[ -x "$PG_BIN/initdb" ]] || die "PostgreSQL 15 is needed ($PG_BIN; apt-get install -y postgresql), or run with BENCH_DB=sqlite"
fi

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0

TMP="$(mktemp -d /tmp/aksesspse-pokja-bench.XXXXXX)"
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
log "building bench/PokjaBench (Release)"
dotnet build "$BENCH/PokjaBench/PokjaBench.csproj" -c Release -o "$TMP/bin" --artifacts-path "$TMP/build" --nologo -v q \
    >"$TMP/build.log" 2>&1 || { tail -30 "$TMP/build.log" >&2; die "building bench/PokjaBench failed"; }
log "built in $((SECONDS - START)) s"

# ---------------------------------------------------------------------------------------------
# 2. Each database: a fresh one, one run of the program (warm-up, rounds, interruption)
# ---------------------------------------------------------------------------------------------
declare -a RESULT_LINES=() LOADS=() LABELS=()
VERDICT=PASS
for kind in "${DATABASES[@]}"; do
    if [[ "$kind" == postgres ]]; then
        mkdir -p "$TMP/pg/sock"
        chmod 700 "$TMP/pg"
        [[ "$IS_ROOT" == 1 ]] && chown -R postgres:postgres "$TMP/pg"
        as_pg "$PG_BIN/initdb" -D "$TMP/pg/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$TMP/initdb.log" 2>&1 \
            || { cat "$TMP/initdb.log" >&2; die "initdb failed"; }
        PG_PORT="$(free_port 57532)"
        as_pg "$PG_BIN/pg_ctl" -D "$TMP/pg/data" -l "$TMP/pg/postgresql.log" -w -t 60 \
            -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $TMP/pg/sock -c fsync=off" start >/dev/null 2>&1 \
            || die "PostgreSQL did not start"
        PG_STARTED=1
        as_pg "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE pokja_bench" >/dev/null
        provider=postgresql
        connection="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=pokja_bench"
        LABELS+=("PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') (throwaway local cluster, fsync=off, otherwise untuned)")
    else
        provider=sqlite
        connection="Data Source=$TMP/sqlite/pokja.db"
        mkdir -p "$TMP/sqlite"
        LABELS+=("SQLite (a file on the local disk, the app's connection settings: default journal, pooling on)")
    fi

    load="$(cut -d' ' -f1-3 /proc/loadavg)"
    LOADS+=("$kind: $load")
    log "$kind: load average before: $load"
    fragment="$TMP/report-$kind.md"
    : >"$fragment"
    set +e
    dotnet "$TMP/bin/PokjaBench.dll" --provider "$provider" --connection "$connection" --work "$TMP/work-$kind" --report "$fragment" \
        --rounds "$ROUNDS" --members "$MEMBERS" --register "$REGISTER" --target "$TARGET" >"$TMP/run-$kind.log" 2>&1
    rc=$?
    set -e
    sed 's/^/[pokja-bench]   /' "$TMP/run-$kind.log" >&2
    result="$(grep '^RESULT ' "$TMP/run-$kind.log" | tail -1 || true)"
    [[ -n "$result" ]] || die "$kind: the program did not finish (exit $rc); see the lines above"
    RESULT_LINES+=("$result")
    [[ "$rc" == 0 ]] || VERDICT=FAIL

    if [[ "$kind" == postgres ]]; then
        as_pg "$PG_BIN/pg_ctl" -D "$TMP/pg/data" -m fast -w -t 30 stop >/dev/null 2>&1 || true
        PG_STARTED=0
    fi
done

# ---------------------------------------------------------------------------------------------
# 3. Report
# ---------------------------------------------------------------------------------------------
REPORT_NAME="pokja-$(date -u +%Y-%m-%d)"
[[ "$DB_CHOICE" == both ]] || REPORT_NAME+="-${DATABASES[0]}"
COMMIT="$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)"
git -C "$REPO" diff --quiet HEAD -- src bench/PokjaBench 2>/dev/null || COMMIT+=" (with uncommitted changes)"
CPU="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }
{
    echo "# SOP 1 benchmark: $MEMBERS accounts in one move — $(date -u '+%Y-%m-%d %H:%M UTC') — $VERDICT"
    echo
    echo "\`BENCH_DB=$DB_CHOICE BENCH_ROUNDS=$ROUNDS bash bench/pokja.sh\` (members $MEMBERS, register $REGISTER, target < $TARGET s)"
    echo
    echo "- Commit: $COMMIT; Release build; .NET SDK $(dotnet --version)"
    echo "- Machine: $(nproc) cores ($CPU); load average (1/5/15 min) before each database: $(IFS=';'; echo "${LOADS[*]}")"
    for label in "${LABELS[@]}"; do echo "- Database: $label"; done
    echo
    echo "| database | $MEMBERS-member move median · max (s) | its CPU in the app, median (ms) | 1-member move median (ms) | per member (ms) | floor: $MEMBERS INSERTs (ms) | page read at step 2 · after (ms) | interruption | verdict |"
    echo "|---|---|---:|---:|---:|---:|---|---|---|"
    for line in "${RESULT_LINES[@]}"; do
        printf '| %s | %.3f · %.3f | %s | %s | %s | %s | %s · %s | %s | %s |\n' "$(field db "$line")" \
            "$(awk -v v="$(field move_median_ms "$line")" 'BEGIN { print v / 1000 }')" "$(awk -v v="$(field move_max_ms "$line")" 'BEGIN { print v / 1000 }')" \
            "$(field move_cpu_median_ms "$line")" "$(field one_median_ms "$line")" "$(field per_member_ms "$line")" "$(field floor_median_ms "$line")" \
            "$(field read_median_ms "$line")" "$(field read_after_median_ms "$line")" "$(field interruption "$line")" "$(field verdict "$line")"
    done
    echo
    for kind in "${DATABASES[@]}"; do cat "$TMP/report-$kind.md"; done
} >"$RESULTS/$REPORT_NAME.md"

echo
printf '%s\n' "${RESULT_LINES[@]}"
sed -n '/^| database/,/^$/p' "$RESULTS/$REPORT_NAME.md"
echo "$MEMBERS-member move on ${DATABASES[*]}: $VERDICT (target < $TARGET s on every round; interrupted move leaves nothing)"
echo "written to ${RESULTS#"$REPO"/}/$REPORT_NAME.md"
[[ "$VERDICT" == PASS ]] || exit 1
