#!/bin/sh
# fuzz.sh - run libFuzzer harnesses one after the other (make fuzz).
#
# Usage: tools/fuzz.sh BUILD_DIR SECONDS|runs=N NAME...
# For each NAME: BUILD_DIR/fuzz_NAME runs for SECONDS (or for N inputs:
# make fuzz-long) with its corpus in
# BUILD_DIR/corpus/NAME (kept between runs), seeded from fuzz/seeds/NAME/
# and from the files matched by the globs in fuzz/NAME.seeds (one per
# line, relative to the top of the tree; ../shared/corpus is used when it
# exists). fuzz/NAME.dict is the dictionary when present. Crashes, leaks
# and timeouts go to BUILD_DIR/crashes/ as NAME-crash-*, and the exit
# status is 1 when any harness found one. FUZZ_FLAGS adds libFuzzer flags.
set -u

build=$1 seconds=$2
shift 2
case "$seconds" in
runs=*) limit="-runs=${seconds#runs=}" what="${seconds#runs=} inputs" ;;
*) limit="-max_total_time=$seconds" what="${seconds}s" ;;
esac
top=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$build/crashes"
failed=""

for name in "$@"; do
    bin="$build/fuzz_$name" corpus="$build/corpus/$name"
    mkdir -p "$corpus" "$build/seeds/$name"
    [ -d "$top/fuzz/seeds/$name" ] && cp "$top/fuzz/seeds/$name"/* "$corpus/" 2>/dev/null
    # Seeds from testdata and the shared corpus, copied into the build
    # tree only (never into the repository).
    if [ -f "$top/fuzz/$name.seeds" ]; then
        i=0
        while IFS= read -r glob; do
            case "$glob" in ''|'#'*) continue ;; esac
            for f in $(cd "$top" && eval "ls -d $glob" 2>/dev/null); do
                i=$((i + 1))
                [ -f "$top/$f" ] && head -c 65536 "$top/$f" >"$build/seeds/$name/s$i"
            done
        done <"$top/fuzz/$name.seeds"
    fi
    dict=""
    [ -f "$top/fuzz/$name.dict" ] && dict="-dict=$top/fuzz/$name.dict"
    maxlen=4096
    [ -f "$top/fuzz/$name.maxlen" ] && maxlen=$(cat "$top/fuzz/$name.maxlen")
    echo "== fuzz $name for $what"
    # shellcheck disable=SC2086
    "$bin" $limit -max_len="$maxlen" -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$build/crashes/$name-" $dict ${FUZZ_FLAGS:-} \
        "$corpus" "$build/seeds/$name" >"$build/$name.log" 2>&1
    status=$?
    grep -E '^(#[0-9]+.*(DONE|pulse)|stat::number_of_executed_units|stat::average_exec_per_sec|stat::new_units_added|==[0-9]+==ERROR|SUMMARY)' \
        "$build/$name.log" | tail -n 5
    if [ "$status" != 0 ]; then
        echo "fuzz $name: FAILED (exit $status); see $build/$name.log and $build/crashes/"
        failed="$failed $name"
    fi
done
if [ -n "$failed" ]; then
    echo "fuzz: crashes in:$failed"
    exit 1
fi
echo "fuzz: no crash in $*"
