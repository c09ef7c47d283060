#!/bin/sh
# golden-update.sh - (re)write testdata/CASE/expected and status from the
# current build/postlint. Review every change with `git diff testdata/`
# before committing: a golden file is a claim that the output is right.
#
# Usage: tools/golden-update.sh [CASE...]   (default: every case)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
export POSTLINT_BIN="$top/build/postlint"
[ $# -gt 0 ] || set -- $(cd "$top/testdata" && ls)
for name in "$@"; do
    dir="$top/testdata/$name"
    [ -f "$dir/args" ] || continue
    args=$(cat "$dir/args")
    run=$dir
    if [ -f "$dir/setup" ]; then    # as tests/run.sh: in a prepared copy
        run=$(mktemp -d "${TMPDIR:-/tmp}/golden.XXXXXX")
        cp -a "$dir/." "$run/" && (cd "$run" && sh ./setup) >/dev/null 2>&1
    fi
    (cd "$run" && eval "\"\$POSTLINT_BIN\" $args" >"$dir/expected" \
         2>"$dir/expected.stderr" </dev/null
     echo $? >"$dir/status")
    [ "$run" = "$dir" ] || rm -rf "$run"
    [ -s "$dir/expected.stderr" ] || rm -f "$dir/expected.stderr"
done
