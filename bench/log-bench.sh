#!/usr/bin/env bash
# bench/log-bench.sh - `postlint log` against the founding pipeline of
# ../shared/story/README.md on the same synthetic mail log, in the same run:
#
#   egrep "TLS connection established from.*with cipher" LOG |
#       awk '{print $(NF-5), $(NF-2)}' | sort | uniq -c
#   postlint log LOG
#
# The pipeline prints one table (sessions by protocol and cipher); postlint
# prints that table too (checked equal here) plus failures by reason and by
# peer, the settings logged, and what each failing peer did afterwards.
# The log (tools/gen-maillog, fixed seed) is made once and cached in
# build/bench-cache/. Both commands run once untimed (page cache warm),
# then are timed BENCH_LOG_RUNS times (default 3, alternating); the table
# shows the mean wall time and CPU time (user + system, summed over the
# pipeline's stages) of each, the speed-up in wall time (pipeline /
# postlint; target >= 5), the load average (the machine may be shared)
# and postlint's peak resident memory from GNU time (target < 64 MB).
# Two reference rows put the figures in proportion: postlint on one
# thread (POSTLINT_LOG_THREADS=1), and `wc -l` - reading the file and
# counting its lines, nothing else, the least any line-by-line reader
# does.
#
# Usage: bench/log-bench.sh [POSTLINT_BINARY]   (default build/postlint)
# Environment: BENCH_LOG_SIZE (default 1G), BENCH_LOG_RUNS (3),
#   BENCH_LOG_CACHE (default build/bench-cache).
set -u

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
postlint=${1:-$root/build/postlint}
size=${BENCH_LOG_SIZE:-1G}
runs=${BENCH_LOG_RUNS:-3}
cache=${BENCH_LOG_CACHE:-$root/build/bench-cache}
log=$cache/maillog-$size.log

if [ ! -x "$postlint" ]; then
	echo "log-bench: no postlint binary at $postlint" >&2
	exit 2
fi
if ! command -v python3 >/dev/null 2>&1; then
	echo "log-bench: python3 is needed for tools/gen-maillog; skipping"
	exit 0
fi
mkdir -p "$cache"
if [ ! -s "$log" ] || [ "$root/tools/gen-maillog" -nt "$log" ]; then
	echo "log-bench: generating a $size mail log (once; cached in $cache)"
	python3 "$root/tools/gen-maillog" "$size" "$log.tmp" && mv "$log.tmp" "$log" || exit 2
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/postlint-logbench.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT

pipeline() {
	egrep "TLS connection established from.*with cipher" "$log" |
		awk '{print $(NF-5), $(NF-2)}' | sort | uniq -c
}

now() { date +%s%N; }

# CPU seconds (user + system, summed over a pipeline's stages) of the
# command, added to the file $1; GNU time when there is one.
cpu() {
	local sum=$1
	shift
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f '%U %S' -o "$work/cpu" "$@"
		tail -1 "$work/cpu" | awk '{print $1 + $2}' >>"$sum"
	else
		"$@"
	fi
}

cat "$log" >/dev/null # warm the page cache
pipeline >/dev/null 2>&1 # and run each once untimed
"$postlint" log "$log" >/dev/null 2>&1
pipe_ns=0 pl_ns=0 one_ns=0 wc_ns=0
: >"$work/pipe.cpu"
: >"$work/pl.cpu"
: >"$work/one.cpu"
: >"$work/wc.cpu"
for ((i = 0; i < runs; i++)); do
	t0=$(now)
	cpu "$work/pipe.cpu" bash -c "$(declare -f pipeline); log='$log'; pipeline" >"$work/pipeline.out" 2>/dev/null
	t1=$(now)
	cpu "$work/pl.cpu" "$postlint" log "$log" >"$work/postlint.out" 2>/dev/null
	t2=$(now)
	POSTLINT_LOG_THREADS=1 cpu "$work/one.cpu" "$postlint" log "$log" >/dev/null 2>&1
	t3=$(now)
	cpu "$work/wc.cpu" wc -l "$log" >/dev/null 2>&1
	t4=$(now)
	pipe_ns=$((pipe_ns + t1 - t0))
	pl_ns=$((pl_ns + t2 - t1))
	one_ns=$((one_ns + t3 - t2))
	wc_ns=$((wc_ns + t4 - t3))
done
load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo -)
mean() { awk '{s += $1} END {if (NR) printf "%.2f s CPU", s / NR; else print "CPU -"}' "$1"; }
pipe_cpu=$(mean "$work/pipe.cpu")
pl_cpu=$(mean "$work/pl.cpu")
one_cpu=$(mean "$work/one.cpu")
wc_cpu=$(mean "$work/wc.cpu")
rss_kb=-
if [ -x /usr/bin/time ]; then
	/usr/bin/time -f '%M' -o "$work/rss" "$postlint" log "$log" >/dev/null 2>&1
	rss_kb=$(tail -1 "$work/rss")
fi

# Same sessions table? (pipeline: "N proto cipher"; postlint: inbound rows)
awk '{print $1, $2, $3}' "$work/pipeline.out" | sort >"$work/a"
awk '/^TLS sessions inbound/ {on = 1; next} /^TLS sessions outbound/ {on = 0}
     on && $1 ~ /^[0-9]+$/ {print $1, $2, $3}' "$work/postlint.out" | sort >"$work/b"
same="same sessions table"
cmp -s "$work/a" "$work/b" || same="SESSIONS TABLES DIFFER"

awk -v p="$pipe_ns" -v l="$pl_ns" -v n="$runs" -v rss="$rss_kb" \
	-v size="$(stat -c %s "$log")" -v lines="$(head -1 "$work/postlint.out" | cut -d' ' -f1)" \
	-v rows_p="$(wc -l <"$work/pipeline.out")" -v rows_l="$(wc -l <"$work/postlint.out")" \
	-v same="$same" -v load="$load" -v pcpu="$pipe_cpu" -v lcpu="$pl_cpu" \
	-v o="$one_ns" -v ocpu="$one_cpu" -v w="$wc_ns" -v wcpu="$wc_cpu" 'BEGIN {
	ps = p / n / 1e9; ls = l / n / 1e9; ratio = ls > 0 ? ps / ls : 0
	os = o / n / 1e9; ws = w / n / 1e9
	printf "postlint log on a %.0f MB synthetic log (%s lines), mean of %d runs:\n", size / 1048576, lines, n
	printf "  %-32s %8.3f s wall, %s  (%d lines of output)\n", "founding egrep|awk|sort|uniq -c", ps, pcpu, rows_p
	printf "  %-32s %8.3f s wall, %s  (%d lines of output; %s)\n", "postlint log", ls, lcpu, rows_l, same
	printf "  speed-up %.2fx (target >= 5): %s\n", ratio, (ratio >= 5 ? "ok" : "UNDER TARGET")
	printf "  for reference:\n"
	printf "  %-32s %8.3f s wall, %s  (%.2fx the pipeline)\n", "postlint log on one thread", os, ocpu, (os > 0 ? ps / os : 0)
	printf "  %-32s %8.3f s wall, %s  (%.2fx the pipeline)\n", "wc -l (read, count lines)", ws, wcpu, (ws > 0 ? ps / ws : 0)
	printf "  load average %s (1, 5, 15 min) after the runs\n", load
	if (rss != "-")
		printf "  postlint peak RSS %.1f MB (target < 64): %s\n", rss / 1024, (rss / 1024 < 64 ? "ok" : "OVER")
}'
