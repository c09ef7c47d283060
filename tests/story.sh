#!/bin/sh
# story.sh - the founding case (../shared/story/, Postfix 2.6.6): postlint
# must report what the story says a good tool would have said, at the
# right file and line. Each expectation is "STAGE FILE:LINE RULE".
#
# Usage: tests/story.sh POSTLINT_BINARY
# Prints "ok ..." / "FAIL ..." per expectation, or one "skip" line when
# ../shared/story is not there.
set -u

bin=$1
wrapper=${POSTLINT_WRAPPER:-}
top=$(cd "$(dirname "$0")/.." && pwd)
story=${POSTLINT_STORY:-$top/../shared/story}

if [ ! -d "$story/stage2" ]; then
    echo "skip founding case: $story not found"
    exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/postlint-story.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

for stage in stage1 stage2 stage3; do
    # shellcheck disable=SC2086
    $wrapper "$bin" --no-exec --postfix-version 2.6.6 -c "$story/$stage" \
        >"$tmp/$stage.out" 2>"$tmp/$stage.err"
done

# expect STAGE FILE:LINE RULE WHY
expect() {
    stage=$1 where=$2 rule=$3
    shift 3
    if grep -q "/$stage/$where:[0-9]*: [a-z]*: .*\[$rule\]\$" "$tmp/$stage.out"; then
        echo "ok founding case $stage $where [$rule]: $*"
    else
        echo "FAIL founding case $stage $where [$rule]: $*"
        sed 's/^/  got: /' "$tmp/$stage.out" | cut -c1-200 | head -20
    fi
}

# 3. -o smtp_tls_mandatory_protocols on the smtpd service is a no-op.
expect stage2 master.cf:7 override-not-used-by-daemon "wrong daemon for -o"
expect stage3 master.cf:7 override-not-used-by-daemon "wrong daemon for -o"
exit 0
