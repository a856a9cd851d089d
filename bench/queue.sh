#!/usr/bin/env bash
# Benchmark: the Admin Agency inbox ("Tugas saya", GET /Tugas; /Antrian redirects there) against a minimal page of the same
# app (GET /Diagnostik/Minimal: same sign-in, same layout, 20 rows from the same table, no filtering or ordering), both on
# the same database holding BENCH_COUNT requests spread over SOP 4, SOP 2 and SOP 3, measured with wrk in one run.
# Target, both in the same run: the inbox reaches at least half the minimal page's throughput (requests per second)
# AND its p95 latency is at most twice the minimal page's.
#
#   bash bench/queue.sh
#
# Steps: publish the app (Release, into a temp dir, with its own build folders so it does not race
# other builds of the repository); start it on a free loopback port on a fresh database; seed the
# requests with bench/Seeder; sign in as Admin Agency with curl (antiforgery token + cookie); check both
# pages answer 200 with request numbers (RPW-/HAK-/RGS-...); warm both up; run wrk on each; print a table and
# both ratios inbox/minimal with PASS/FAIL; write bench/results/ (git-ignored). The app is stopped on
# every exit. Exit status: 0 PASS, 1 FAIL, 2 setup error.
#
# Settings (environment):
#   BENCH_DB           sqlite (default) or postgres (a throwaway PostgreSQL 15 cluster on a free port)
#   BENCH_COUNT        requests to seed (10000)
#   BENCH_DURATION     wrk duration per page and round (15s)
#   BENCH_THREADS      wrk threads (2)
#   BENCH_CONNECTIONS  wrk connections (16)
#   BENCH_ROUNDS       rounds, each measuring minimal then queue; the table shows the median (3)
#   BENCH_WARMUP       wrk warm-up per page before measuring (20s: on 2 cores the JIT's tier-1
#                      recompilation goes on for tens of seconds and would otherwise be measured)
#   BENCH_KEEP=1       keep the temp dir (published app, database, logs) for a look afterwards
#   BENCH_SEED_CACHE=1 keep the seeded database (pg_dump / SQLite backup) in /tmp/aksesspse-bench-seed, keyed by database,
#                      count and the seeder's source, and start later runs from it instead of seeding again (the app
#                      then applies any newer migration at start-up, as in production); the data are the same
#   BENCH_PREBUILT=DIR use DIR/app (dotnet publish of src/AksesSpse.Web) and DIR/seeder (bench/Seeder) instead of
#                      building them (e.g. a second database against the same build); the report says so
#   BENCH_APP_ENV="K=V ..." extra environment for the app (e.g. DOTNET_gcServer=0 to compare the workstation GC)
#   BENCH_PG_STATS=1   (postgres) load pg_stat_statements; its statistics are reset after the warm-up and written
#                      after the measured rounds to bench/results/pgstat-<report>.txt (calls, mean, max, stddev per
#                      statement, both pages together), with the server's JIT settings
#   BENCH_PG_SQL=FILE  (postgres) after the rounds, run this SQL file with psql on the bench database (e.g.
#                      bench/explain-inbox.sql: EXPLAIN (ANALYZE, BUFFERS) of the inbox's queries); output in
#                      bench/results/sql-<report>.txt
#   BENCH_MODE         queue (default: the inbox above) or dashboard (bench/dashboard.sh: the heads' dashboard and the
#                      monthly report over >= 2,000,000 step records, signed in as the Kepala LPSE, PostgreSQL only;
#                      bench/dashboard-history.sql adds 13 months of history and the deviation ledger after the seeder;
#                      BENCH_CONNECTIONS defaults to 4, BENCH_REPORT_CONNECTIONS (2) for the PDF and XLSX; PASS when
#                      every dashboard and report page's p95 < 1000 ms)
#   BENCH_PG_LOG_MS=N  (postgres) auto_explain: log the plan (ANALYZE, BUFFERS) of every statement slower than N ms
#                      to the cluster's log, copied to bench/results/postgresql-<report>.log
# Results: bench/results/latest.md (latest-postgres.md, latest-queue-index.md, ... for the variants),
# the raw wrk output in wrk-<same name>.txt and the app's console log in app.log.
set -euo pipefail

REPO="${BENCH_REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"  # BENCH_REPO: when run from a copy of this script
BENCH="$REPO/bench"
RESULTS="$BENCH/results"
DB_KIND="${BENCH_DB:-sqlite}"
COUNT="${BENCH_COUNT:-10000}"
DURATION="${BENCH_DURATION:-15s}"
THREADS="${BENCH_THREADS:-2}"
MODE="${BENCH_MODE:-queue}"
CONNECTIONS="${BENCH_CONNECTIONS:-$([[ "$MODE" == dashboard ]] && echo 4 || echo 16)}"
REPORT_CONNECTIONS="${BENCH_REPORT_CONNECTIONS:-2}"
ROUNDS="${BENCH_ROUNDS:-3}"
WARMUP="${BENCH_WARMUP:-20s}"
KEEP="${BENCH_KEEP:-0}"
PG_STATS="${BENCH_PG_STATS:-0}"
PG_LOG_MS="${BENCH_PG_LOG_MS:-}"
PG_SQL="${BENCH_PG_SQL:-}"
SEED_CACHE="${BENCH_SEED_CACHE:-0}"
read -r -a APP_ENV <<<"${BENCH_APP_ENV:-}"
SEED_CACHE_DIR=/tmp/aksesspse-bench-seed
WRK_TIMEOUT=10s
EMAIL="admin.agency@contoh.go.id"
[[ "$MODE" == dashboard ]] && EMAIL="kepala.lpse@contoh.go.id"
PASSWORD="Demo#Spse2026"
PG_BIN=/usr/lib/postgresql/15/bin
TARGET_RATIO=0.5
TARGET_P95_RATIO=2.0
TARGET_P95_MS=1000        # dashboard mode: every dashboard and report page

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] ERROR: %s\n' "$*" >&2; exit 2; }

case "$DB_KIND" in
    sqlite|postgres) ;;
    *) die "BENCH_DB must be sqlite or postgres, not '$DB_KIND'" ;;
esac
case "$MODE" in
    queue) ;;
    dashboard) [[ "$DB_KIND" == postgres ]] || die "BENCH_MODE=dashboard runs on PostgreSQL only (BENCH_DB=postgres)" ;;
    *) die "BENCH_MODE must be queue or dashboard, not '$MODE'" ;;
esac
for tool in dotnet wrk curl awk; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed (apt-get install -y wrk curl; .NET SDK 10)"
done
[[ "$DB_KIND" != postgres || -x "$PG_BIN/initdb" ]] || die "BENCH_DB=postgres needs PostgreSQL 15 ($PG_BIN)"

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0

TMP="$(mktemp -d /tmp/aksesspse-bench.XXXXXX)"
chmod 755 "$TMP"
APP_PID=""
PG_STARTED=0
IS_ROOT=0; [[ "$(id -u)" == 0 ]] && IS_ROOT=1

as_pg() { if [[ "$IS_ROOT" == 1 ]]; then (cd "$TMP" && runuser -u postgres -- "$@"); else "$@"; fi; }

stop_app() {
    if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then
        kill "$APP_PID" 2>/dev/null
        for _ in $(seq 100); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$APP_PID" 2>/dev/null || true
        wait "$APP_PID" 2>/dev/null || true # the app's exit status after SIGTERM is not the bench's
    fi
    APP_PID=""
}

cleanup() {
    local rc=$?
    set +e
    stop_app
    if [[ "$PG_STARTED" == 1 ]]; then
        [[ -n "$PG_LOG_MS" && -f "$TMP/pg/postgresql.log" ]] && cp -f "$TMP/pg/postgresql.log" "$RESULTS/postgresql-${REPORT_NAME:-latest}.log"
        as_pg "$PG_BIN/pg_ctl" -D "$TMP/pg/data" -m fast -w -t 30 stop >/dev/null 2>&1
        PG_STARTED=0
    fi
    mkdir -p "$RESULTS"
    [[ -f "$TMP/app.log" ]] && cp -f "$TMP/app.log" "$RESULTS/app.log"
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
# 1. Build: the published app and the seeder, each with its own build folders under $TMP
# ---------------------------------------------------------------------------------------------
mkdir -p "$RESULTS"
START=$SECONDS
if [[ -n "${BENCH_PREBUILT:-}" ]]; then
    [[ -f "$BENCH_PREBUILT/app/AksesSpse.Web.dll" && -f "$BENCH_PREBUILT/seeder/Seeder.dll" ]] || die "BENCH_PREBUILT=$BENCH_PREBUILT has no app/ and seeder/"
    log "using the app and the seeder built in $BENCH_PREBUILT"
    cp -r "$BENCH_PREBUILT/app" "$TMP/app"
    cp -r "$BENCH_PREBUILT/seeder" "$TMP/seeder"
else
    log "publishing src/AksesSpse.Web (Release) into $TMP/app"
    dotnet publish "$REPO/src/AksesSpse.Web" -c Release -o "$TMP/app" --artifacts-path "$TMP/build-app" --nologo -v q \
        >"$TMP/publish.log" 2>&1 || { tail -30 "$TMP/publish.log" >&2; die "dotnet publish failed"; }
    log "building bench/Seeder"
    dotnet build "$BENCH/Seeder/Seeder.csproj" -c Release -o "$TMP/seeder" --artifacts-path "$TMP/build-seeder" --nologo -v q \
        >"$TMP/seeder-build.log" 2>&1 || { tail -30 "$TMP/seeder-build.log" >&2; die "building the seeder failed"; }
fi
log "built in $((SECONDS - START)) s"

# ---------------------------------------------------------------------------------------------
# 2. Database and app
# ---------------------------------------------------------------------------------------------
declare -a DB_ENV
if [[ "$DB_KIND" == postgres ]]; then
    mkdir -p "$TMP/pg/sock"
    chmod 700 "$TMP/pg"
    [[ "$IS_ROOT" == 1 ]] && chown -R postgres:postgres "$TMP/pg"
    as_pg "$PG_BIN/initdb" -D "$TMP/pg/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$TMP/initdb.log" 2>&1 \
        || { cat "$TMP/initdb.log" >&2; die "initdb failed"; }
    PG_PORT="$(free_port 56432)"
    PG_OPTS="-c listen_addresses=127.0.0.1 -p $PG_PORT -k $TMP/pg/sock -c fsync=off"
    PRELOAD=""
    [[ "$PG_STATS" == 1 ]] && PRELOAD+="pg_stat_statements" && PG_OPTS+=" -c pg_stat_statements.track=all -c pg_stat_statements.max=1000"
    if [[ -n "$PG_LOG_MS" ]]; then
        PRELOAD+="${PRELOAD:+,}auto_explain"
        PG_OPTS+=" -c auto_explain.log_min_duration=${PG_LOG_MS}ms -c auto_explain.log_analyze=on -c auto_explain.log_buffers=on"
        PG_OPTS+=" -c auto_explain.log_timing=off -c auto_explain.log_nested_statements=on -c log_min_duration_statement=$PG_LOG_MS"
    fi
    [[ -n "$PRELOAD" ]] && PG_OPTS+=" -c shared_preload_libraries=$PRELOAD"
    # The dashboard bench holds ~1 GB of steps: a province's server gets more than the 128 MB default of shared buffers.
    [[ "$MODE" == dashboard ]] && PG_OPTS+=" -c shared_buffers=${BENCH_PG_SHARED_BUFFERS:-1GB}"
    as_pg "$PG_BIN/pg_ctl" -D "$TMP/pg/data" -l "$TMP/pg/postgresql.log" -w -t 60 -o "$PG_OPTS" start >/dev/null 2>&1 \
        || die "PostgreSQL did not start"
    PG_STARTED=1
    as_pg "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc 'CREATE DATABASE aksesspse_bench' >/dev/null
    CONNECTION="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=aksesspse_bench"
    DB_ENV=("Database__Provider=PostgreSQL" "ConnectionStrings__PostgreSQL=$CONNECTION")
    # Dashboard mode: the start-up migrations and backfills over ~1 M restored steps take longer than Npgsql's 30 s on a busy
    # 2-core machine.
    [[ "$MODE" == dashboard ]] && DB_ENV=("Database__Provider=PostgreSQL" "ConnectionStrings__PostgreSQL=$CONNECTION;Command Timeout=600")
    SEED_PROVIDER=postgresql
    DB_LABEL="PostgreSQL 15 (local cluster, fsync=off)"
else
    CONNECTION="Data Source=$TMP/bench.db"
    DB_ENV=("Database__Provider=Sqlite" "ConnectionStrings__Sqlite=$CONNECTION")
    SEED_PROVIDER=sqlite
    DB_LABEL="SQLite (file in /tmp)"
fi

pg_sql() { as_pg "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d aksesspse_bench -X -v ON_ERROR_STOP=1 "$@"; }
db_query() {              # db_query SQL -> rows as "a b" lines, on either database
    if [[ "$DB_KIND" == postgres ]]; then pg_sql -tA -F ' ' -c "$1"; else sqlite3 -separator ' ' "$TMP/bench.db" "$1"; fi
}

# A seeded database kept by an earlier run (BENCH_SEED_CACHE=1): restored before the app starts.
SEED_KEY="$DB_KIND-$COUNT-$(sha256sum "$BENCH/Seeder/Program.cs" | cut -c1-12)"
SEED_FILE="$SEED_CACHE_DIR/$SEED_KEY.$([[ "$DB_KIND" == postgres ]] && echo dump || echo db)"
RESTORED=0
if [[ "$SEED_CACHE" == 1 && -f "$SEED_FILE" && -f "$SEED_CACHE_DIR/$SEED_KEY.txt" ]]; then
    log "restoring the seeded database from $SEED_FILE"
    if [[ "$DB_KIND" == postgres ]]; then
        chmod 644 "$SEED_FILE"
        as_pg "$PG_BIN/pg_restore" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d aksesspse_bench -j 2 --no-owner "$SEED_FILE" \
            >"$TMP/restore.log" 2>&1 || { tail -20 "$TMP/restore.log" >&2; die "pg_restore failed"; }
        pg_sql -qc 'ANALYZE' >/dev/null
    else
        cp "$SEED_FILE" "$TMP/bench.db"
    fi
    RESTORED=1
fi
[[ "$DB_KIND" == postgres && "$PG_STATS" == 1 ]] && pg_sql -qc 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements' >/dev/null

# Production refuses to start without a data-protection certificate (docs/adr/0013): a throwaway one.
openssl req -x509 -newkey rsa:2048 -sha256 -days 30 -nodes -subj /CN=aksesspse-bench \
    -keyout "$TMP/dp-key.pem" -out "$TMP/dp-cert.pem" >/dev/null 2>&1 || die "openssl could not make the certificate"
cat "$TMP/dp-cert.pem" "$TMP/dp-key.pem" >"$TMP/dataprotection.pem"

PORT="$(free_port 5180)"
BASE="http://127.0.0.1:$PORT"
start_app() {             # start_app: the published app in the background ($APP_PID), logging to $TMP/app.log
    # Request logging is at Information in appsettings.json; it is turned down with everything else
    # so that neither page pays for a log line per request. Staging: like Production, but the demo office
    # (Production never seeds it) is seeded for the sign-in below.
    (
        cd "$TMP/app"
        exec env "${DB_ENV[@]}" ${APP_ENV[@]+"${APP_ENV[@]}"} \
            "Storage__Root=$TMP/files" \
            "DataProtection__CertificatePath=$TMP/dataprotection.pem" \
            "Email__PickupFolder=$TMP/mail" \
            "Email__WorkerEnabled=false" \
            "Scheduler__RollupIntervalSeconds=${ROLLUP_INTERVAL:-900}" \
            "Diagnostics__Enabled=true" \
            "Seed__Demo=true" \
            "Seed__PrintLogins=false" \
            "App__BaseUrl=$BASE" \
            "Serilog__MinimumLevel__Default=Warning" \
            "Serilog__MinimumLevel__Override__Serilog.AspNetCore.RequestLoggingMiddleware=Warning" \
            "Serilog__MinimumLevel__Override__Microsoft.Hosting.Lifetime=Warning" \
            "Serilog__WriteTo__1__Args__path=$TMP/logs/app-.log" \
            "ASPNETCORE_ENVIRONMENT=Staging" \
            dotnet AksesSpse.Web.dll --urls "$BASE"
    ) >"$TMP/app.log" 2>&1 </dev/null &
    APP_PID=$!
}
log "starting the app on $BASE ($DB_LABEL)"
start_app

wait_healthy() {
    local i
    for ((i = 0; i < 1200; i++)); do
        [[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/health" 2>/dev/null)" == 200 ]] && return 0
        kill -0 "$APP_PID" 2>/dev/null || { tail -30 "$TMP/app.log" >&2; die "the app exited during start-up"; }
        sleep 0.1
    done
    tail -30 "$TMP/app.log" >&2
    die "the app did not answer /health within 120 s"
}
wait_healthy
log "app up (pid $APP_PID) after $((SECONDS - START)) s"

# ---------------------------------------------------------------------------------------------
# 3. Seed
# ---------------------------------------------------------------------------------------------
declare -a SEED_ARGS=(--provider "$SEED_PROVIDER" --connection "$CONNECTION" --count "$COUNT" --batch 1000)
REPORT_NAME=latest
[[ "$MODE" == dashboard ]] && REPORT_NAME+=-dashboard
[[ "$DB_KIND" == postgres ]] && REPORT_NAME+=-postgres
VARIANT="the app's schema as migrated"
if [[ "$RESTORED" == 1 ]]; then
    SEED_SUMMARY="$(cat "$SEED_CACHE_DIR/$SEED_KEY.txt") (restored from the seed cache)"
else
    log "seeding $COUNT requests"
    dotnet "$TMP/seeder/Seeder.dll" "${SEED_ARGS[@]}" | tee "$TMP/seed.log" | sed 's/^/[bench]   /' >&2
    SEED_SUMMARY="$(grep '^seeder: done' "$TMP/seed.log" | sed 's/^seeder: //')"
    [[ -n "$SEED_SUMMARY" ]] || die "the seeder did not finish"
    if [[ "$SEED_CACHE" == 1 ]]; then
        mkdir -p "$SEED_CACHE_DIR"
        chmod 777 "$SEED_CACHE_DIR"
        if [[ "$DB_KIND" == postgres ]]; then
            as_pg "$PG_BIN/pg_dump" -h 127.0.0.1 -p "$PG_PORT" -U postgres -Fc -f "$SEED_FILE.tmp" aksesspse_bench || die "pg_dump failed"
        else
            sqlite3 "$TMP/bench.db" ".backup '$SEED_FILE.tmp'" || die "sqlite3 .backup failed"
        fi
        mv -f "$SEED_FILE.tmp" "$SEED_FILE"
        printf '%s\n' "$SEED_SUMMARY" >"$SEED_CACHE_DIR/$SEED_KEY.txt"
        log "kept the seeded database as $SEED_FILE"
    fi
fi

STEP_ROWS=""
if [[ "$MODE" == dashboard ]]; then
    # Years of history on the server (copies of the archived requests, months back) and the deviation ledger; then count.
    log "adding 13 months of history and the deviation ledger (bench/dashboard-history.sql)"
    HSTART=$SECONDS
    pg_sql -f "$BENCH/dashboard-history.sql" >"$TMP/history.log" 2>&1 || { tail -30 "$TMP/history.log" >&2; die "dashboard-history.sql failed"; }
    sed 's/^/[bench]   /' "$TMP/history.log" | grep -v '^\[bench\]   *$' | tail -25 >&2
    STEP_ROWS="$(pg_sql -tAc 'SELECT count(*) FROM "RequestSteps"')"
    LEDGER_ROWS="$(pg_sql -tAc 'SELECT count(*) FROM "StepDeviations"')"
    REQUEST_ROWS="$(pg_sql -tAc 'SELECT count(*) FROM "AccessRequests"')"
    SPAN="$(pg_sql -tAc "SELECT to_char(min(\"CompletedAt\"), 'YYYY-MM-DD') || ' .. ' || to_char(max(\"CompletedAt\"), 'YYYY-MM-DD') FROM \"RequestSteps\"")"
    log "history added in $((SECONDS - HSTART)) s: RequestSteps $STEP_ROWS rows, AccessRequests $REQUEST_ROWS, StepDeviations $LEDGER_ROWS; steps completed $SPAN"
    [[ "$STEP_ROWS" -ge 2000000 ]] || die "only $STEP_ROWS RequestSteps rows; the dashboard bench needs at least 2,000,000 (raise BENCH_COUNT)"

    # The daily roll-ups (docs/adr/0026) as a running province has them: the app rolls up the closed days when it starts
    # and then every 15 minutes. The history above was written behind the app's back, into days it may have rolled up
    # already, so: stop the app, drop the roll-ups, start it again and wait for its first run to cover every day. The
    # roll-up time is reported; the first run over years of history is a one-off when a province upgrades.
    log "restarting the app for the roll-ups of the history"
    stop_app
    pg_sql -qc 'TRUNCATE "StepDayFigures", "StepDayRollups"' >/dev/null
    RSTART=$SECONDS
    start_app
    wait_healthy
    # Every office, from the day of its first completed step or ledger record to yesterday (both in WIB: the demo offices).
    ROLLUP_DAYS="$(pg_sql -tAc "SELECT count(*) * ((now() AT TIME ZONE 'Asia/Jakarta' - interval '30 minutes')::date - 1
        - (SELECT least(min(\"CompletedAt\"), (SELECT min(\"OccurredAt\") FROM \"StepDeviations\")) AT TIME ZONE 'UTC' AT TIME ZONE 'Asia/Jakarta' FROM \"RequestSteps\")::date + 1)
        FROM \"Offices\"")"
    for ((i = 0; i < 2400; i++)); do
        ROLLED="$(pg_sql -tAc 'SELECT count(*) FROM "StepDayRollups"')"
        [[ "$ROLLED" -ge "$ROLLUP_DAYS" ]] && break
        kill -0 "$APP_PID" 2>/dev/null || { tail -30 "$TMP/app.log" >&2; die "the app exited during the roll-ups"; }
        sleep 0.5
    done
    [[ "$ROLLED" -ge "$ROLLUP_DAYS" ]] || die "the roll-ups covered $ROLLED of $ROLLUP_DAYS office-days in 20 minutes"
    ROLLUP_ROWS="$(pg_sql -tAc 'SELECT count(*) FROM "StepDayFigures"')"
    ROLLUP_SUM="$(pg_sql -tAc 'SELECT coalesce(sum("Completed"), 0) FROM "StepDayFigures"')"
    ROLLUP_STEPS="$(pg_sql -tAc "SELECT count(*) FROM \"RequestSteps\" WHERE \"CompletedAt\" < (SELECT max(\"EndUtc\") FROM \"StepDayRollups\")")"
    ROLLUP_SUMMARY="$ROLLED office-days rolled up in $((SECONDS - RSTART)) s (app restart included) into $ROLLUP_ROWS rows; they count $ROLLUP_SUM completed steps, the step log $ROLLUP_STEPS before the last rolled-up day's end"
    log "$ROLLUP_SUMMARY"
    [[ "$ROLLUP_SUM" == "$ROLLUP_STEPS" ]] || die "the roll-ups count $ROLLUP_SUM completed steps, the step log $ROLLUP_STEPS"
fi

# ---------------------------------------------------------------------------------------------
# 4. Sign in as Admin Agency (antiforgery token from the form, antiforgery cookie, then the auth cookie)
# ---------------------------------------------------------------------------------------------
JAR="$TMP/cookies.txt"
curl -sS -c "$JAR" -b "$JAR" -o "$TMP/login.html" "$BASE/Akun/Masuk"
TOKEN="$(grep -o '<input[^>]*name="__RequestVerificationToken"[^>]*>' "$TMP/login.html" | head -1 | sed -n 's/.*value="\([^"]*\)".*/\1/p')"
[[ -n "$TOKEN" ]] || die "no __RequestVerificationToken on /Akun/Masuk"
SIGNIN="$(curl -sS -c "$JAR" -b "$JAR" -o "$TMP/signin.html" -w '%{http_code} %{redirect_url}' \
    --data-urlencode "Email=$EMAIL" --data-urlencode "Password=$PASSWORD" \
    --data-urlencode "__RequestVerificationToken=$TOKEN" --data-urlencode "ReturnUrl=" "$BASE/Akun/Masuk")"
[[ "$SIGNIN" == 302* ]] || die "sign-in as $EMAIL failed (HTTP $SIGNIN)"
# Every cookie in the jar (Netscape format; HttpOnly ones are prefixed #HttpOnly_) as one Cookie header.
COOKIE="$(awk 'BEGIN { n = 0 } /^#HttpOnly_/ { sub(/^#HttpOnly_/, "") } /^#/ || NF < 7 { next } { printf "%s%s=%s", (n++ ? "; " : ""), $6, $7 }' "$JAR")"
grep -q 'AksesSpse.Auth' <<<"$COOKIE" || die "no auth cookie after sign-in"
log "signed in as $EMAIL"

declare -A URL CONN SIZE
if [[ "$MODE" == dashboard ]]; then
    THIS_MONTH="$(TZ=Asia/Jakarta date +%Y-%m)"
    YEAR_AGO="$(TZ=Asia/Jakarta date -d "$(TZ=Asia/Jakarta date +%Y-%m-15) -11 months" +%Y-%m)"
    PAGES=(minimal dasbor dasbor_year report_pdf report_xlsx)
    URL=([minimal]="$BASE/Diagnostik/Minimal" [dasbor]="$BASE/Dasbor" [dasbor_year]="$BASE/Dasbor?dari=$YEAR_AGO&sampai=$THIS_MONTH"
        [report_pdf]="$BASE/Dasbor/Laporan/Pdf" [report_xlsx]="$BASE/Dasbor/Laporan/Xlsx")
    CONN=([minimal]=$CONNECTIONS [dasbor]=$CONNECTIONS [dasbor_year]=$CONNECTIONS [report_pdf]=$REPORT_CONNECTIONS [report_xlsx]=$REPORT_CONNECTIONS)
else
    PAGES=(minimal queue)
    URL=([minimal]="$BASE/Diagnostik/Minimal" [queue]="$BASE/Tugas")
    CONN=([minimal]=$CONNECTIONS [queue]=$CONNECTIONS)
fi

check_page() {            # check_page NAME: 200, not the sign-in page, with request numbers in it (the report pages: the file)
    local name=$1 out="$TMP/$1.html" got code size rows
    got="$(curl -sS -o "$out" -w '%{http_code} %{size_download}' -H "Cookie: $COOKIE" "${URL[$name]}")"
    code=${got% *}; size=${got#* }
    case "$name" in
        report_pdf) rows="$(head -c 5 "$out" | grep -c '%PDF-' || true)"; what="a PDF" ;;
        report_xlsx) rows="$(head -c 2 "$out" | grep -c 'PK' || true)"; what="an XLSX (zip)" ;;
        dasbor*) rows="$(grep -o 'tepat waktu\|Tepat waktu' "$out" | wc -l)"; what="the dashboard's on-time figures" ;;
        *) rows="$(grep -o '\(RPW\|HAK\|RGS\)-[0-9]\{4\}-[0-9]\{6,7\}' "$out" | sort -u | wc -l)"; what="distinct request numbers (RPW-/HAK-/RGS-...)" ;;
    esac
    if [[ "$code" != 200 || "$rows" -lt 1 ]] || grep -aq 'action="/Akun/Masuk"' "$out"; then
        die "$name page ${URL[$name]}: HTTP $code, $rows x $what; not the signed-in page"
    fi
    SIZE[$name]=$size
    log "$name page: HTTP $code, $size bytes, $rows x $what"
}
for page in "${PAGES[@]}"; do check_page "$page"; done

# The inbox as Admin Agency sees it: its tabs' counts against the database (the requests of the demo office whose open
# step is Admin Agency's, per SOP), and the SOPs of the rows on page 1.
command -v sqlite3 >/dev/null 2>&1 || [[ "$DB_KIND" == postgres ]] || die "sqlite3 is not installed (apt-get install -y sqlite3)"
TAB_CHECK=""
INBOX_OK=1
if [[ "$MODE" == queue ]]; then
declare -A EXPECTED=()
while read -r kind n; do [[ -n "$kind" ]] && EXPECTED[$kind]=$n; done < <(db_query "SELECT r.\"Kind\", COUNT(*) FROM \"AccessRequests\" r
    JOIN \"Offices\" o ON o.\"Id\" = r.\"OfficeId\" WHERE o.\"Code\" = 'DEMO' AND r.\"CurrentActorRole\" = 'AdminAgency' GROUP BY r.\"Kind\"")
while read -r kind n; do
    want=${EXPECTED[$kind]:-0}
    rows_of_kind="$(grep -c '<tr class="[^"]*" data-sop="'"$kind"'"' "$TMP/queue.html" || true)" # 0 matches is an answer
    TAB_CHECK+="${TAB_CHECK:+; }SOP $kind tab $n (database $want), $rows_of_kind of the rows on page 1"
    [[ "$n" == "$want" ]] || INBOX_OK=0
done < <(grep -o 'data-sop="[0-9]*">[^<]*<span class="tab-count">[0-9]*' "$TMP/queue.html" | sed 's/data-sop="\([0-9]*\)".*tab-count">\([0-9]*\)/\1 \2/')
[[ -n "$TAB_CHECK" ]] || die "no SOP tabs with counts on /Tugas"
[[ "$INBOX_OK" == 1 ]] || die "the inbox's tab counts differ from the database: $TAB_CHECK"
log "inbox as $EMAIL: $TAB_CHECK"
fi

# ---------------------------------------------------------------------------------------------
# 5. Measure
# ---------------------------------------------------------------------------------------------
run_wrk() {               # run_wrk NAME DURATION THREADS CONNECTIONS -> prints the BENCH line
    local name=$1 duration=$2 threads=$3 connections=$4 out
    out="$(wrk -t"$threads" -c"$connections" -d"$duration" --timeout "$WRK_TIMEOUT" --latency -s "$BENCH/report.lua" \
        -H "Cookie: $COOKIE" "${URL[$name]}")" || die "wrk failed on ${URL[$name]}"
    printf '%s\n' "$out" >>"$TMP/wrk-$name.txt"
    grep '^BENCH ' <<<"$out" | tail -1
}
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"; }

for page in "${PAGES[@]}"; do
    log "warming up $page ($WARMUP)"
    run_wrk "$page" "$WARMUP" 1 "$(( CONN[$page] < 4 ? CONN[$page] : 4 ))" >/dev/null
done

[[ "$DB_KIND" == postgres && "$PG_STATS" == 1 ]] && pg_sql -qc 'SELECT pg_stat_statements_reset()' >/dev/null

declare -A RPS P95 P50 P99 TIMEOUTS LINES
LOADS=""
for ((round = 1; round <= ROUNDS; round++)); do
    for page in "${PAGES[@]}"; do
        load="$(cut -d' ' -f1-3 /proc/loadavg)"
        LOADS+="${LOADS:+; }$load"
        threads=$THREADS; ((threads > CONN[$page])) && threads=${CONN[$page]}
        log "round $round/$ROUNDS: $page, wrk -t$threads -c${CONN[$page]} -d$DURATION (load average before: $load)"
        line="$(run_wrk "$page" "$DURATION" "$threads" "${CONN[$page]}")"
        [[ -n "$line" ]] || die "no BENCH line from wrk for $page"
        log "  $line"
        bytes="$(field "$line" bytes_per_req)"
        # HTTP errors (>= 400) mean the run did not measure the page; timeouts and socket errors are
        # what an overloaded page does, and are reported.
        [[ "$(field "$line" status_errors)" == 0 ]] || die "$page: HTTP error responses during the run: $line"
        # A redirect to the sign-in page would be a few hundred bytes, not the page.
        # (A page that answered nothing within wrk's timeout has no bytes: it is reported as it is, a FAIL.)
        awk -v b="$bytes" -v s="${SIZE[$page]}" -v r="$(field "$line" requests)" 'BEGIN { exit !(r == 0 || b >= s * 0.5) }' \
            || die "$page: $bytes bytes per response during the run, the page is ${SIZE[$page]}: not the page"
        RPS[$page]+="$(field "$line" rps) "
        P50[$page]+="$(field "$line" p50_ms) "
        P95[$page]+="$(field "$line" p95_ms) "
        P99[$page]+="$(field "$line" p99_ms) "
        TIMEOUTS[$page]=$(( ${TIMEOUTS[$page]:-0} + $(field "$line" timeouts) + $(field "$line" socket_errors) ))
        LINES[$page]+="$line"$'\n'
    done
done

if [[ "$DB_KIND" == postgres && "$PG_STATS" == 1 ]]; then
    {
        pg_sql -c "SELECT name, setting FROM pg_settings WHERE name IN ('jit', 'jit_above_cost', 'jit_inline_above_cost', 'jit_optimize_above_cost', 'max_connections', 'shared_buffers', 'work_mem', 'plan_cache_mode') ORDER BY name"
        pg_sql -c "SELECT state, count(*) AS app_connections FROM pg_stat_activity WHERE datname = 'aksesspse_bench' AND pid <> pg_backend_pid() GROUP BY state"
        pg_sql -c "SELECT calls, round(total_exec_time::numeric, 1) AS total_ms, round(mean_exec_time::numeric, 3) AS mean_ms,
                          round(max_exec_time::numeric, 1) AS max_ms, round(stddev_exec_time::numeric, 3) AS stddev_ms,
                          round(mean_plan_time::numeric, 3) AS mean_plan_ms, plans, rows, shared_blks_hit, shared_blks_read,
                          jit_functions, round((jit_generation_time + jit_inlining_time + jit_optimization_time + jit_emission_time)::numeric, 1) AS jit_ms,
                          regexp_replace(query, '\s+', ' ', 'g') AS query
                   FROM pg_stat_statements WHERE calls > 10 ORDER BY total_exec_time DESC LIMIT 25"
    } >"$RESULTS/pgstat-$REPORT_NAME.txt" 2>&1
    log "pg_stat_statements written to ${RESULTS#"$REPO"/}/pgstat-$REPORT_NAME.txt"
fi
if [[ "$DB_KIND" == postgres && -n "$PG_SQL" ]]; then
    OFFICE_ID="$(pg_sql -tAc "SELECT \"Id\" FROM \"Offices\" WHERE \"Code\" = 'DEMO'" || true)"
    pg_sql -v office="${OFFICE_ID:-1}" -f "$PG_SQL" >"$RESULTS/sql-$REPORT_NAME.txt" 2>&1 || log "the SQL file had errors (see sql-$REPORT_NAME.txt)"
    log "SQL output written to ${RESULTS#"$REPO"/}/sql-$REPORT_NAME.txt"
fi

# Still signed in and still the real pages after the load.
for page in "${PAGES[@]}"; do check_page "$page"; done

median() { tr ' ' '\n' <<<"$1" | awk 'NF' | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

declare -A M_RPS M_P50 M_P95 M_P99
for page in "${PAGES[@]}"; do
    M_RPS[$page]="$(median "${RPS[$page]}")"
    M_P50[$page]="$(median "${P50[$page]}")"
    M_P95[$page]="$(median "${P95[$page]}")"
    M_P99[$page]="$(median "${P99[$page]}")"
done
if [[ "$MODE" == dashboard ]]; then
    # Every dashboard and report page's p95 under TARGET_P95_MS; each page's p95 against the minimal page's, same run.
    COMMIT="$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    git -C "$REPO" diff --quiet HEAD -- src 2>/dev/null || COMMIT+=" (src/ with uncommitted changes)"
    CPU="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
    MEM="$(awk '/^MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)"
    VERDICT=PASS
    TABLE="$(
        printf '| page | URL | connections | req/s | p50 ms | p95 ms | p99 ms | p95 ratio to minimal | timeouts + socket errors | p95 < %s ms |\n' "$TARGET_P95_MS"
        printf '|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n'
        for page in "${PAGES[@]}"; do
            ratio="$(awk -v q="${M_P95[$page]}" -v m="${M_P95[minimal]}" 'BEGIN { printf "%.2f", q / m }')"
            if [[ "$page" == minimal ]]; then ok="(baseline)"
            elif [[ "${TIMEOUTS[$page]:-0}" -gt 0 || "$(median "${RPS[$page]}")" == 0* ]]; then ok=FAIL # timed out: slower than wrk waited
            elif awk -v p="${M_P95[$page]}" -v t="$TARGET_P95_MS" 'BEGIN { exit !(p < t) }'; then ok=PASS
            else ok=FAIL; fi
            printf '| %s | `%s` | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$page" "${URL[$page]#"$BASE"}" "${CONN[$page]}" "${M_RPS[$page]}" \
                "${M_P50[$page]}" "${M_P95[$page]}" "${M_P99[$page]}" "$ratio" "${TIMEOUTS[$page]}" "$ok"
        done
    )"
    grep -q '| FAIL |$' <<<"$TABLE" && VERDICT=FAIL
    {
        echo "# Dashboard and monthly report benchmark — $(date -u '+%Y-%m-%d %H:%M UTC')"
        echo
        echo "$TABLE"
        echo
        echo "**$VERDICT** (every dashboard and report page's p95 < $TARGET_P95_MS ms)"
        echo
        echo "- Commit: $COMMIT; database: $DB_LABEL; schema: $VARIANT"
        echo "- Data: RequestSteps **$STEP_ROWS rows**, AccessRequests $REQUEST_ROWS, StepDeviations $LEDGER_ROWS; steps completed $SPAN"
        echo "- Seeder: $SEED_SUMMARY; then bench/dashboard-history.sql"
        echo "- Roll-ups: $ROLLUP_SUMMARY"
        echo "- Load: wrk --timeout $WRK_TIMEOUT --latency -d$DURATION, $ROUNDS round(s) (median shown), after a $WARMUP warm-up per page; signed in as $EMAIL"
        [[ -n "${BENCH_APP_ENV:-}" ]] && echo "- App environment added: $BENCH_APP_ENV"
        [[ -n "${BENCH_PREBUILT:-}" ]] && echo "- App and seeder built in advance (BENCH_PREBUILT=$BENCH_PREBUILT)"
        echo "- Machine: $(nproc) cores ($CPU), $MEM; wrk, the app and PostgreSQL share these cores"
        echo "- Load average (1/5/15 min) before each run: $LOADS"
        echo "- .NET SDK $(dotnet --version), $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
        echo
        echo "Raw wrk lines (bench/report.lua):"
        echo
        echo '```'
        for page in "${PAGES[@]}"; do printf '%s' "${LINES[$page]}" | sed "s/^/$page: /"; done
        echo '```'
    } >"$RESULTS/$REPORT_NAME.md"
    cat "$TMP"/wrk-*.txt >"$RESULTS/wrk-$REPORT_NAME.txt"
    echo
    echo "$TABLE"
    echo
    echo "RequestSteps rows: $STEP_ROWS (StepDeviations $LEDGER_ROWS); machine: $(nproc) cores"
    echo "$VERDICT (every dashboard and report page's p95 < $TARGET_P95_MS ms)"
    echo "written to ${RESULTS#"$REPO"/}/$REPORT_NAME.md"
    [[ "$VERDICT" == PASS ]] || exit 1
    exit 0
fi

RATIO="$(awk -v q="${M_RPS[queue]}" -v m="${M_RPS[minimal]}" 'BEGIN { printf "%.2f", q / m }')"
P95_RATIO="$(awk -v q="${M_P95[queue]}" -v m="${M_P95[minimal]}" 'BEGIN { printf "%.2f", q / m }')"
if awk -v r="$RATIO" -v t="$TARGET_RATIO" 'BEGIN { exit !(r >= t) }'; then RPS_VERDICT=PASS; else RPS_VERDICT=FAIL; fi
if awk -v r="$P95_RATIO" -v t="$TARGET_P95_RATIO" 'BEGIN { exit !(r <= t) }'; then P95_VERDICT=PASS; else P95_VERDICT=FAIL; fi
if [[ "$RPS_VERDICT" == PASS && "$P95_VERDICT" == PASS ]]; then VERDICT=PASS; else VERDICT=FAIL; fi

# ---------------------------------------------------------------------------------------------
# 6. Report
# ---------------------------------------------------------------------------------------------
COMMIT="$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)"
git -C "$REPO" diff --quiet HEAD -- src 2>/dev/null || COMMIT+=" (src/ with uncommitted changes)"
CPU="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
MEM="$(awk '/^MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)"
TABLE="$(
    printf '| page | URL | req/s | p50 ms | p95 ms | p99 ms | timeouts + socket errors |\n|---|---|---:|---:|---:|---:|---:|\n'
    for page in "${PAGES[@]}"; do
        printf '| %s | `%s` | %s | %s | %s | %s | %s |\n' "$page" "${URL[$page]#"$BASE"}" "${M_RPS[$page]}" "${M_P50[$page]}" "${M_P95[$page]}" "${M_P99[$page]}" "${TIMEOUTS[$page]}"
    done
)"

{
    echo "# Queue benchmark — $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "$TABLE"
    echo
    echo "| ratio inbox/minimal | value | target | |"
    echo "|---|---:|---:|---|"
    echo "| throughput (req/s) | $RATIO | ≥ $TARGET_RATIO | $RPS_VERDICT |"
    echo "| p95 latency | $P95_RATIO | ≤ $TARGET_P95_RATIO | $P95_VERDICT |"
    echo
    echo "**$VERDICT** (both ratios must hold in the same run)"
    echo
    echo "- Commit: $COMMIT; database: $DB_LABEL; schema: $VARIANT"
    echo "- Data: $SEED_SUMMARY"
    echo "- Inbox of $EMAIL checked before the load: $TAB_CHECK"
    echo "- Load: wrk -t$THREADS -c$CONNECTIONS -d$DURATION --timeout $WRK_TIMEOUT --latency, $ROUNDS round(s) (median shown), after a $WARMUP warm-up per page; signed in as $EMAIL"
    [[ -n "${BENCH_APP_ENV:-}" ]] && echo "- App environment added: $BENCH_APP_ENV"
    [[ -n "${BENCH_PREBUILT:-}" ]] && echo "- App and seeder built in advance (BENCH_PREBUILT=$BENCH_PREBUILT)"
    echo "- Machine: $(nproc) cores ($CPU), $MEM; wrk and the app share these cores"
    echo "- Load average (1/5/15 min) before each run: $LOADS"
    echo "- .NET SDK $(dotnet --version), $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
    echo
    echo "Raw wrk lines (bench/report.lua):"
    echo
    echo '```'
    for page in "${PAGES[@]}"; do printf '%s' "${LINES[$page]}" | sed "s/^/$page: /"; done
    echo '```'
} >"$RESULTS/$REPORT_NAME.md"
cat "$TMP"/wrk-*.txt >"$RESULTS/wrk-$REPORT_NAME.txt"

echo
echo "$TABLE"
echo
echo "throughput ratio inbox/minimal = $RATIO  (target >= $TARGET_RATIO)  $RPS_VERDICT"
echo "p95 ratio inbox/minimal        = $P95_RATIO  (target <= $TARGET_P95_RATIO)  $P95_VERDICT"
echo "$VERDICT (both must hold)"
echo "written to ${RESULTS#"$REPO"/}/$REPORT_NAME.md"
[[ "$VERDICT" == PASS ]] || exit 1
