#!/usr/bin/env bash
# Benchmark (issue #11, section 4): generating the PDF of the longest SOP (the PermenPAN-RB 35/2012 document, SopDocumentPdf)
# against generating the one-page handover receipt (HandoverReceiptPdf), in the same process and run, alternating. Target: the
# SOP document's p95 under 200 ms after warm-up. Prints a Markdown table and PASS/FAIL; exit 0 on PASS.
#
#   bash bench/sop-document.sh                              # 30 warm-up + 200 timed generations of each
#   BENCH_ROUNDS=500 BENCH_WARMUP=50 bash bench/sop-document.sh
#   BENCH_TARGET_MS=200                                    # the target, in milliseconds
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
[[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]] || { echo "[sop-document-bench] ERROR: fonts-dejavu-core is needed (apt-get install -y fonts-dejavu-core)" >&2; exit 2; }
# Its own build folders (--artifacts-path), so it does not race other builds of the repository.
dotnet build "$REPO/bench/SopDocumentBench/SopDocumentBench.csproj" -c Release -o "$OUT/bin" --artifacts-path "$OUT/build" --nologo -v q >/dev/null
dotnet "$OUT/bin/SopDocumentBench.dll"
