#!/bin/sh
# corpus-loop.sh - run one tool on every prepared corpus config dir, one
# after the other (used by bench.sh to time "lint the whole corpus").
# Usage: corpus-loop.sh postlint BINARY DIR... | corpus-loop.sh postconf DIR...
tool=$1
shift
if [ "$tool" = postlint ]; then
    bin=$1
    shift
    for dir in "$@"; do
        "$bin" --no-exec --postfix-version 3.7.11 -c "$dir" >/dev/null 2>&1
    done
else
    for dir in "$@"; do
        postconf -c "$dir" -n >/dev/null 2>&1
    done
fi
exit 0
