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
    (cd "$dir" && eval "\"\$POSTLINT_BIN\" $args" >expected 2>expected.stderr </dev/null
     echo $? >status)
    [ -s "$dir/expected.stderr" ] || rm -f "$dir/expected.stderr"
done
