#!/usr/bin/env bash
# Measures custimport's dry run against a plain encoding/csv read of the
# same file, in the same script, and prints a table: wall time, rows/s,
# the ratio of throughputs, and peak RSS from /usr/bin/time. Each command
# runs RUNS times (default 3), alternating between the commands. The table
# shows each command's fastest run and largest peak RSS, because other
# work on a shared machine only ever slows a run down.
# Usage: [RUNS=N] bench/run.sh [ROWS]   (default 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-1000000}"
runs="${RUNS:-3}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
go build -o "$dir/custimport" ./cmd/custimport
go build -o "$dir/csvread" ./bench/csvread
go run ./bench/gen -rows "$rows" -format csv >"$dir/in.csv"
go run ./bench/gen -rows "$rows" -format ndjson >"$dir/in.ndjson"

# measure NAME CMD...: runs CMD once and appends "seconds peak_kib" to
# $dir/time.NAME.
measure() {
	local out="$dir/time.$1"
	shift
	/usr/bin/time -f "%e %M" -o "$out.last" "$@" >/dev/null 2>&1 || true
	tail -n 1 "$out.last" >>"$out"
}

# best NAME: prints the fastest time and the largest peak of NAME's runs.
best() {
	awk 'NR == 1 || $1 < s {s = $1} $2 > k {k = $2} END {print s, k}' "$dir/time.$1"
}

# dry_run FORMAT: runs the dry run of in.FORMAT once. The report of the
# run before is removed first, so that no run pays for freeing the blocks
# of an earlier run's 375 MB report when it truncates the file.
dry_run() {
	local f="$1"
	rm -f "$dir/report.$f.jsonl"
	measure "$f" "$dir/custimport" import --dry-run --progress none \
		--report "$dir/report.$f.jsonl" "$dir/in.$f"
}

for _ in $(seq "$runs"); do
	measure base "$dir/csvread" "$dir/in.csv"
	dry_run csv
	dry_run ndjson
done

printf "%-22s %10s %12s %8s %12s\n" run seconds rows/s ratio peak_MiB
read -r base_s base_k < <(best base)
base_rate=$(awk -v r="$rows" -v s="$base_s" 'BEGIN{printf "%.0f", r/s}')
printf "%-22s %10s %12s %8s %12.1f\n" "encoding/csv read" "$base_s" "$base_rate" "1.00" "$(awk -v k="$base_k" 'BEGIN{print k/1024}')"
for f in csv ndjson; do
	read -r s k < <(best "$f")
	rate=$(awk -v r="$rows" -v s="$s" 'BEGIN{printf "%.0f", r/s}')
	ratio=$(awk -v a="$base_s" -v b="$s" 'BEGIN{printf "%.2f", a/b}')
	printf "%-22s %10s %12s %8s %12.1f\n" "dry run, $f" "$s" "$rate" "$ratio" "$(awk -v k="$k" 'BEGIN{print k/1024}')"
done
