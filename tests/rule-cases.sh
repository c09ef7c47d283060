#!/bin/sh
# rule-cases.sh - the rule test contract (as gixy has it): every rule that
# --list-rules shows has testdata/RULE/, a case where it fires, and
# testdata/RULE-ok/, a near miss where it must stay quiet, each with its
# golden output (tests/run.sh compares them). Both need only the project
# itself: nothing from ../shared.
#
# Usage: tests/rule-cases.sh POSTLINT_BINARY   (prints "ok ..." / "FAIL ...")
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$1
n=0 bad=0
for rule in $("$bin" --list-rules | awk '{print $1}'); do
    n=$((n + 1))
    for kind in fires quiet; do
        dir="$top/testdata/$rule"
        [ $kind = quiet ] && dir="$dir-ok"
        name=$(basename "$dir")
        why=""
        if [ ! -f "$dir/args" ] || [ ! -f "$dir/expected" ]; then
            why="no testdata/$name/ with args and expected"
        elif grep -rqs 'shared/' "$dir"; then
            why="testdata/$name/ uses ../shared"
        elif [ $kind = fires ] && ! cat "$dir/expected" "$dir/expected.stderr" 2>/dev/null | grep -q "\[$rule\]"; then
            why="testdata/$name/ does not fire $rule"
        elif [ $kind = quiet ] && cat "$dir/expected" "$dir/expected.stderr" 2>/dev/null | grep -q "\[$rule\]"; then
            why="testdata/$name/ (a near miss) fires $rule"
        fi
        if [ -n "$why" ]; then
            echo "FAIL rule cases: $why"
            bad=$((bad + 1))
        fi
    done
done
[ $bad = 0 ] && echo "ok   rule cases: all $n rules fire in testdata/RULE/ and stay quiet in testdata/RULE-ok/"
exit 0
