#!/bin/sh
# fuzz-regress.sh - replay every fuzz seed and every crash reproducer.
#
# Usage: tests/fuzz-regress.sh REPLAY_DIR
# REPLAY_DIR holds fuzz_NAME programs (make all builds them in
# BUILD/replay/ from fuzz/fuzz_NAME.c + fuzz/replay.c, with the same
# compiler and sanitizers as postlint). Each is run over fuzz/seeds/NAME/
# and testdata/fuzz-regressions/NAME/ (inputs that once crashed a
# harness): one "ok"/"FAIL" line per harness and directory.
set -u

dir=$1
wrapper=${POSTLINT_WRAPPER:-}
top=$(cd "$(dirname "$0")/.." && pwd)
found=no

for src in "$top"/fuzz/fuzz_*.c; do
    name=$(basename "$src" .c)
    name=${name#fuzz_}
    prog="$dir/fuzz_$name"
    if [ ! -x "$prog" ]; then
        echo "FAIL fuzz replay $name: no $prog (run make)"
        continue
    fi
    found=yes
    for set in "fuzz/seeds/$name" "testdata/fuzz-regressions/$name"; do
        [ -d "$top/$set" ] || continue
        files=$(find "$top/$set" -type f | sort)
        [ -n "$files" ] || continue
        n=$(echo "$files" | wc -l)
        # shellcheck disable=SC2086
        if out=$(timeout 300 $wrapper "$prog" $files 2>&1); then
            echo "ok fuzz replay $name: $set ($n inputs)"
        else
            echo "FAIL fuzz replay $name: $set"
            echo "$out" | tail -n 20 | sed 's/^/  /'
        fi
    done
done
[ "$found" = yes ] || echo "FAIL fuzz replay: no harness found in $dir"
exit 0
