#!/bin/bash
# table-postmap.sh - table_check.c's verdicts on regexp:, pcre: and cidr:
# table content against real postmap (Postfix 3.7).
#
# Cases: testdata/table-lines/{regexp,pcre,cidr}.cases. Each case starts
# with a line "--- DESCRIPTION", then directive lines ";; NAME VALUE",
# then the table's lines (up to the next "---"):
#   ;; key QUERY      the query for `postmap -q QUERY TYPE:FILE`
#   ;; escapes        the table (and query) are printf %b text: \t, \r,
#                     \0, \xHH
#   ;; nonl           no newline after the last line
#   ;; args ARGS      driver-only (a version, noregsub): not compared with
#                     postmap (3.7, default flags) but with the ";; expect"
#   ;; expect LINE: MESSAGE   (repeatable) the driver's expected output
#
# A postmap case agrees when the SET of postmap's warnings "TYPE map
# FILE, line N: MESSAGE" (and "FILE: logical line must not start with
# whitespace: ...", any line) equals the set of the driver's "N: MESSAGE"
# lines (postlint-unit table TYPE FILE, beside POSTLINT_BINARY). postmap's
# warnings without a map prefix that follow from the table (mac_parse's,
# the empty result of a lookup) are left out; any other line it prints
# on stderr is kept, and so disagrees.
#
# Usage: tests/table-postmap.sh POSTLINT_BINARY
# Prints "ok ..." / "FAIL ..." lines; "skip ..." when postmap (or its pcre
# support) is not installed.
set -u

bin=$1
case "$bin" in /*) ;; *) bin="$(pwd)/$bin" ;; esac
top=$(cd "$(dirname "$0")/.." && pwd)
unit="$(dirname "$bin")/postlint-unit"
cases="$top/testdata/table-lines"
postmap=${POSTMAP:-/usr/sbin/postmap}

if [ ! -x "$unit" ]; then
    echo "FAIL table content: no $unit (make test-bins builds it)"
    exit 0
fi
have_postmap=yes
if [ ! -x "$postmap" ]; then
    have_postmap=no
    echo "skip table content: postmap is not installed (driver-only cases still run)"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/postlint-tablepostmap.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# postmap's stderr as "N: MESSAGE" lines (W: for the indented first line)
postmap_warnings() {
    awk -v map="postmap: warning: $1 map $2, line " -v file="postmap: warning: $2: " \
        -v table="postmap: warning: table $1:$2" '
    function starts(s, p) { return substr(s, 1, length(p)) == p }
    starts($0, map) {
        rest = substr($0, length(map) + 1)
        n = index(rest, ": ")
        print substr(rest, 1, n - 1) ": " substr(rest, n + 2); next
    }
    starts($0, file "logical line must not start with whitespace: ") {
        print "W: " substr($0, length(file) + 1); next
    }
    starts($0, "postmap: warning: truncated macro reference: ") { next }
    starts($0, "postmap: warning: empty macro name: ") { next }
    starts($0, table ": key ") && / empty string result is not allowed$/ { next }
    $0 == table " should return NO RESULT in case of NOT FOUND" { next }
    { print "other: " $0 }' | LC_ALL=C sort -u
}

# the driver's output in the same form
driver_warnings() {
    sed -e 's/^[0-9-]*: \(logical line must not start with whitespace: \)/W: \1/' |
        LC_ALL=C sort -u
}

agreed=0 expected_ok=0 failed=0 total=0
pcre_ok=yes
if [ "$have_postmap" = yes ]; then
    printf '/x/ y\n' >"$tmp/probe"
    "$postmap" -q x "pcre:$tmp/probe" >/dev/null 2>&1 || pcre_ok=no
fi

# run_case KIND: the case gathered in $tmp/case.* by read_cases
run_case() {
    local kind=$1 file="$tmp/t.$kind" key args strip
    total=$((total + 1))
    key=$(cat "$tmp/case.key")
    args=$(cat "$tmp/case.args")
    strip=0
    if [ -s "$tmp/case.escapes" ]; then
        # (the guard x keeps the final newlines from $(...))
        printf '%b' "$(cat "$tmp/case.text"; printf x)" >"$file.x"
        key=$(printf '%b' "$key")
        strip=1
    else
        cp "$tmp/case.text" "$file.x"
    fi
    [ -s "$tmp/case.nonl" ] && strip=$((strip + 1))
    head -c "-$strip" "$file.x" >"$file"
    # shellcheck disable=SC2086
    ${POSTLINT_WRAPPER:-} "$unit" table "$kind" "$file" $args 2>&1 | driver_warnings >"$tmp/got"
    if [ -n "$args" ] || [ -s "$tmp/case.expect" ]; then
        LC_ALL=C sort -u "$tmp/case.expect" >"$tmp/want"
        if diff "$tmp/want" "$tmp/got" >"$tmp/diff"; then
            expected_ok=$((expected_ok + 1))
        else
            failed=$((failed + 1))
            echo "FAIL table content ($kind, driver only): $(cat "$tmp/case.desc")"
            sed 's/^/     /' "$tmp/diff"
        fi
        return
    fi
    [ "$have_postmap" = yes ] || return
    if [ "$kind" = pcre ] && [ "$pcre_ok" = no ]; then return; fi
    "$postmap" -q "$key" "$kind:$file" >/dev/null 2>"$tmp/stderr"
    postmap_warnings "$kind" "$file" <"$tmp/stderr" >"$tmp/want"
    if diff "$tmp/want" "$tmp/got" >"$tmp/diff"; then
        agreed=$((agreed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL table content ($kind): $(cat "$tmp/case.desc") (< postmap, > postlint)"
        sed 's/^/     /' "$tmp/diff"
    fi
}

new_case() {
    : >"$tmp/case.text"; : >"$tmp/case.key"; : >"$tmp/case.args"
    : >"$tmp/case.expect"; : >"$tmp/case.escapes"; : >"$tmp/case.nonl"
    printf '%s' "$1" >"$tmp/case.desc"
}

# read_cases KIND FILE
read_cases() {
    local kind=$1 in_case=no directives=no line
    while IFS= read -r line || [ -n "$line" ]; do
        case "$line" in
        "--- "*)
            [ "$in_case" = yes ] && run_case "$kind"
            new_case "${line#--- }"
            in_case=yes directives=yes
            continue ;;
        esac
        [ "$in_case" = yes ] || continue
        if [ "$directives" = yes ]; then
            case "$line" in
            ";; key "*) printf '%s' "${line#;; key }" >"$tmp/case.key"; continue ;;
            ";; args "*) printf '%s' "${line#;; args }" >"$tmp/case.args"; continue ;;
            ";; expect "*) printf '%s\n' "${line#;; expect }" >>"$tmp/case.expect"; continue ;;
            ";; escapes") echo yes >"$tmp/case.escapes"; continue ;;
            ";; nonl") echo yes >"$tmp/case.nonl"; continue ;;
            *) directives=no ;;
            esac
        fi
        printf '%s\n' "$line" >>"$tmp/case.text"
    done <"$2"
    [ "$in_case" = yes ] && run_case "$kind"
}

for kind in regexp pcre cidr; do
    [ -f "$cases/$kind.cases" ] || {
        echo "FAIL table content: no $cases/$kind.cases"
        failed=$((failed + 1))
        continue
    }
    read_cases "$kind" "$cases/$kind.cases"
done

# ---- hostile files: bounded time and memory, no crash -------------------
# a 1 GiB file of NUL bytes (sparse), 8 MiB of seeded random bytes, an IF
# line over the line limit (not checked, still an IF), and a FIFO.
robust_fail() { failed=$((failed + 1)); echo "FAIL table content (hostile files): $1"; }
rss_ok() {      # rss_ok KIND FILE: runs in 120 s and (when measurable) 200 MB
    local rss
    if [ -x /usr/bin/time ] && [ -z "${POSTLINT_WRAPPER:-}" ]; then
        timeout 120 /usr/bin/time -f '%M' -o "$tmp/rss" "$unit" table "$1" "$2" >/dev/null 2>&1 || return 1
        rss=$(tail -1 "$tmp/rss")
        [ "$rss" -lt 204800 ] || { echo "     $1 $(basename "$2"): $rss KB"; return 1; }
    else
        timeout 600 ${POSTLINT_WRAPPER:-} "$unit" table "$1" "$2" >/dev/null 2>&1 || return 1
    fi
}
truncate -s 1G "$tmp/zeros"
printf 'if /' >"$tmp/long" && head -c 1100000 /dev/zero | tr '\0' a >>"$tmp/long" &&
    printf '/\n/x/ y\nendif\n' >>"$tmp/long"
python3 -c 'import random, sys; random.seed(5); sys.stdout.buffer.write(random.randbytes(8 << 20))' \
    >"$tmp/garbage" 2>/dev/null || : >"$tmp/garbage"
mkfifo "$tmp/fifo"
for kind in regexp pcre cidr; do
    rss_ok "$kind" "$tmp/zeros" || robust_fail "$kind: 1 GiB of NUL bytes"
    rss_ok "$kind" "$tmp/garbage" || robust_fail "$kind: 8 MiB of random bytes"
    out=$(timeout 10 "$unit" table "$kind" "$tmp/fifo" 2>&1)
    [ $? = 1 ] && [ "$out" = "postlint-unit: $tmp/fifo: not a regular file (a FIFO, socket or device)" ] ||
        robust_fail "$kind: a FIFO is not refused: $out"
done
out=$(${POSTLINT_WRAPPER:-} "$unit" table regexp "$tmp/long")
[ "$out" = "1: logical line longer than 1048576 bytes: not checked" ] ||
    robust_fail "a 1.1 MB IF line: $out"
[ "$failed" -eq 0 ] && echo "ok   table content: hostile files (1 GiB of NULs, random bytes, a 1.1 MB line, a FIFO) in bounded time and memory"

[ "$pcre_ok" = no ] && echo "skip table content: postmap has no pcre support (pcre cases compared with nothing)"
if [ "$failed" -eq 0 ]; then
    if [ "$have_postmap" = yes ]; then
        echo "ok   table content: $agreed cases agree with postmap"
    fi
    echo "ok   table content: $expected_ok driver-only cases (other versions, flags) give the expected messages"
else
    echo "FAIL table content: $failed of $total cases differ ($agreed agree with postmap, $expected_ok driver-only as expected)"
fi
