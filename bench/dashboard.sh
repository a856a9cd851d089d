#!/usr/bin/env bash
# Benchmark: the heads' dashboard (GET /Dasbor, this month and a year) and the monthly accountability report (PDF, XLSX)
# over at least 2,000,000 step records on PostgreSQL, against the minimal page in the same run, signed in as the Kepala
# LPSE (issue #10 §5). PASS when every dashboard and report page's p95 < 1000 ms.
#
#   BENCH_SEED_CACHE=1 bash bench/dashboard.sh
#
# It is bench/queue.sh with BENCH_MODE=dashboard (the same build, cluster, app start, sign-in, wrk rounds and report
# machinery): bench/Seeder seeds BENCH_COUNT requests (200000 here), then bench/dashboard-history.sql copies the archived
# ones 1..13 months back and fills the deviation ledger, and the run stops unless RequestSteps holds >= 2,000,000 rows.
# The settings of queue.sh apply (BENCH_CONNECTIONS defaults to 4 here; BENCH_REPORT_CONNECTIONS=2 for the PDF and XLSX).
set -euo pipefail
export BENCH_MODE=dashboard BENCH_DB=postgres BENCH_COUNT="${BENCH_COUNT:-200000}"
exec bash "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/queue.sh" "$@"
