#!/usr/bin/env bash
# bench/bench.sh - time postlint against real Postfix postconf on the same
# config dir:
#   postlint --no-exec --postfix-version 3.7.11 -c DIR --print main
#   postconf -c DIR -n
# Cases: (a) Postfix's default configuration (Debian's
# /usr/share/postfix/main.cf.dist + master.cf.dist, else /etc/postfix/main.cf +
# master.cf) and (b) a generated main.cf of 100,000 lines (bench/gen-main-cf.sh)
# with the same master.cf. File mtimes are moved 2 minutes into the past
# first: postconf re-reads a main.cf younger than ~1 s for about 2 s.
#
# Uses hyperfine (JSON export, mean) when installed, else a loop of N runs
# timed with `date +%s%N` after one warm-up run. Prints a table: case,
# postlint ms, postconf ms, ratio postlint/postconf; the target is ratio <= 0.5.
# A missing postconf or postlint binary leaves its column as "-".
#
# Usage: bench/bench.sh [--check] [POSTLINT_BINARY]
#   POSTLINT_BINARY  default: build/postlint in the repository
#   --check          exit 1 when a ratio is above the target
# Environment: BENCH_RUNS (runs per command: 30 for the default config, 10 for
#   the generated one), BENCH_LINES (100000), BENCH_NO_HYPERFINE=1 (use the
#   date loop even when hyperfine is installed).

set -u

usage() {
	echo "usage: $0 [--check] [POSTLINT_BINARY]"
}

check=0
postlint=
while [ $# -gt 0 ]; do
	case $1 in
	--check) check=1 ;;
	-h | --help)
		usage
		exit 0
		;;
	-*)
		echo "bench: unknown option: $1" >&2
		usage >&2
		exit 2
		;;
	*)
		if [ -n "$postlint" ]; then
			usage >&2
			exit 2
		fi
		postlint=$1
		;;
	esac
	shift
done

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(git -C "$script_dir" rev-parse --show-toplevel 2>/dev/null) ||
	root=$(cd "$script_dir/.." && pwd)
target=0.5
gen_lines=${BENCH_LINES:-100000}

case $postlint in
'') postlint=$root/build/postlint ;;
/*) ;;
*/*) postlint=$PWD/$postlint ;;
*) postlint=$(command -v "$postlint") || postlint=$PWD/$postlint ;;
esac
have_postlint=1
if [ ! -x "$postlint" ] || [ -d "$postlint" ]; then
	echo "bench: postlint binary not found: $postlint (timing postconf only)"
	have_postlint=0
fi
have_postconf=1
if ! command -v postconf >/dev/null 2>&1; then
	echo "bench: postconf not found on PATH (timing postlint only)"
	have_postconf=0
fi
use_hyperfine=0
if [ "${BENCH_NO_HYPERFINE:-0}" != 1 ] && command -v hyperfine >/dev/null 2>&1; then
	use_hyperfine=1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/postlint-bench.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
unset MAIL_CONFIG

# time_ms RUNS CMD...: prints the mean wall time of CMD in ms (3 decimals),
# or "-" when it cannot be measured.
time_ms() {
	local runs=$1 i start end json cmdline=
	shift
	if [ "$use_hyperfine" = 1 ]; then
		json=$work/hyperfine.json
		printf -v cmdline '%q ' "$@"
		if hyperfine -N --style none --warmup 3 --runs "$runs" --ignore-failure \
			--export-json "$json" -- "$cmdline" >/dev/null 2>&1; then
			awk -F: '/"mean"/ { gsub(/[ ,]/, "", $2); printf "%.3f\n", $2 * 1000; exit }' "$json"
			return
		fi
		echo "-"
		return
	fi
	"$@" >/dev/null 2>&1 </dev/null # warm-up
	start=$(date +%s%N)
	for ((i = 0; i < runs; i++)); do
		"$@" >/dev/null 2>&1 </dev/null
	done
	end=$(date +%s%N)
	awk -v t="$((end - start))" -v n="$runs" 'BEGIN { printf "%.3f\n", t / n / 1e6 }'
}

rows=()
over=0
# bench_case NAME DIR RUNS: times both tools on DIR and adds a table row.
bench_case() {
	local name=$1 dir=$2 runs=$3 pl=- pc=- ratio=- mark=
	touch -d '-2 min' "$dir"/*
	if [ "$have_postlint" = 1 ]; then
		pl=$(time_ms "$runs" "$postlint" --no-exec --postfix-version 3.7.11 -c "$dir" --print main)
	fi
	if [ "$have_postconf" = 1 ]; then
		pc=$(time_ms "$runs" postconf -c "$dir" -n)
	fi
	if [ "$pl" != - ] && [ "$pc" != - ]; then
		ratio=$(awk -v a="$pl" -v b="$pc" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
		if [ "$ratio" != - ]; then
			if awk -v r="$ratio" -v t="$target" 'BEGIN { exit !(r <= t) }'; then
				mark=ok
			else
				mark=OVER
				over=1
			fi
		fi
	fi
	rows+=("$(printf '%-28s %12s %12s %7s  %s' "$name" "$pl" "$pc" "$ratio" "$mark")")
}

# (a) Postfix's default configuration.
default_main='' default_master=''
if [ -f /usr/share/postfix/main.cf.dist ] && [ -f /usr/share/postfix/master.cf.dist ]; then
	default_main=/usr/share/postfix/main.cf.dist
	default_master=/usr/share/postfix/master.cf.dist
elif [ -f /etc/postfix/main.cf ] && [ -f /etc/postfix/master.cf ]; then
	default_main=/etc/postfix/main.cf
	default_master=/etc/postfix/master.cf
fi
if [ -n "$default_main" ]; then
	mkdir "$work/default"
	cat "$default_main" >"$work/default/main.cf"
	cat "$default_master" >"$work/default/master.cf"
	bench_case "default (${default_main##*/})" "$work/default" "${BENCH_RUNS:-30}"
else
	echo "bench: no default Postfix configuration found; skipping that case"
fi

# (b) A generated main.cf of $gen_lines lines.
mkdir "$work/generated"
if "$script_dir/gen-main-cf.sh" "$gen_lines" >"$work/generated/main.cf"; then
	if [ -n "$default_master" ]; then
		cat "$default_master" >"$work/generated/master.cf"
	fi
	bench_case "generated $gen_lines lines" "$work/generated" "${BENCH_RUNS:-10}"
else
	echo "bench: gen-main-cf.sh failed; skipping the generated case"
fi

# (c) Lint every corpus config (all rules) against postconf -n on each,
# one file after the other; target: postlint faster than postconf.
# (d) below: the --simulate run, absolute target.
corpus=${POSTLINT_CORPUS:-$script_dir/../../shared/corpus}
if [ -d "$corpus" ] && [ "$have_postlint" = 1 ] && [ "$have_postconf" = 1 ]; then
	dirs=()
	n=0
	for f in "$corpus"/*/*main.cf*; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		d=$work/corpus$n
		mkdir "$d"
		cat "$f" >"$d/main.cf"
		m=${f%main.cf*}master.cf${f##*main.cf}
		if [ -f "$m" ]; then cat "$m" >"$d/master.cf"; else : >"$d/master.cf"; fi
		touch -d '-2 min' "$d"/*
		# postconf sleeps a second after a fatal error: leave those out.
		postconf -c "$d" -n >/dev/null 2>&1 && dirs+=("$d")
	done
	runs=${BENCH_RUNS:-5}
	pl=$(time_ms "$runs" "$script_dir/corpus-loop.sh" postlint "$postlint" "${dirs[@]}")
	pc=$(time_ms "$runs" "$script_dir/corpus-loop.sh" postconf "${dirs[@]}")
	ratio=$(awk -v a="$pl" -v b="$pc" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
	mark=ok
	awk -v r="$ratio" 'BEGIN { exit !(r < 1) }' || { mark=OVER; over=1; }
	rows+=("$(printf '%-28s %12s %12s %7s  %s' "lint corpus (${#dirs[@]} files)" "$pl" "$pc" "$ratio" "$mark (target < 1)")")
else
	echo "bench: no corpus (or no postconf): skipping the corpus case"
fi

# (d) The whole --simulate run (every TLS service x every profile) on the
# default configuration with TLS on for smtpd and smtp; target < 100 ms.
if [ -n "$default_main" ] && [ "$have_postlint" = 1 ]; then
	mkdir "$work/simulate"
	{
		cat "$default_main"
		echo "smtpd_tls_security_level = may"
		echo "smtp_tls_security_level = may"
	} >"$work/simulate/main.cf"
	cat "$default_master" >"$work/simulate/master.cf"
	touch -d '-2 min' "$work/simulate"/*
	pl=$(time_ms "${BENCH_RUNS:-10}" "$postlint" --no-exec --postfix-version 3.7.11 \
		-c "$work/simulate" --simulate)
	pc=-
	[ "$have_postconf" = 1 ] && pc=$(time_ms "${BENCH_RUNS:-10}" postconf -c "$work/simulate" -n)
	ratio=$(awk -v a="$pl" -v b="$pc" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
	mark=ok
	awk -v t="$pl" 'BEGIN { exit !(t < 100) }' || { mark=OVER; over=1; }
	rows+=("$(printf '%-28s %12s %12s %7s  %s' "simulate (default + TLS)" "$pl" "$pc" "$ratio" "$mark (target < 100 ms)")")
fi

if [ "$use_hyperfine" = 1 ]; then
	echo "timed with $(hyperfine --version 2>/dev/null) (mean of the runs, 3 warm-up runs)"
else
	echo "timed with a date +%s%N loop (mean of the runs, 1 warm-up run)"
fi
printf '%-28s %12s %12s %7s\n' case "postlint ms" "postconf ms" ratio
for row in "${rows[@]}"; do
	printf '%s\n' "$row"
done
echo "target: ratio <= $target"

if [ "$check" = 1 ] && [ "$over" = 1 ]; then
	exit 1
fi
exit 0
