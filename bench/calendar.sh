#!/usr/bin/env bash
# Benchmark (issue #10, section 5): a deadline counted in working time (WorkCalendar, docs/adr/0022) against the wall-clock
# deadline it replaced, in the same run, over the same 1,000,000 random starts in 2026 and standards (1–60 and 60–2,000
# menit, 1–5 hari). Prints nanoseconds per deadline, per elapsed-time reading and per reminder instant (median of the rounds)
# and checks that every working-time deadline lies inside working hours. Exit 0 when it does.
#
#   bash bench/calendar.sh                       # 1,000,000 starts, 5 rounds
#   BENCH_COUNT=200000 BENCH_ROUNDS=3 bash bench/calendar.sh
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
# Its own build folders (--artifacts-path), so it does not race other builds of the repository.
dotnet build "$REPO/bench/CalendarBench/CalendarBench.csproj" -c Release -o "$OUT/bin" --artifacts-path "$OUT/build" --nologo -v q >/dev/null
dotnet "$OUT/bin/CalendarBench.dll"
