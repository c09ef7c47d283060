#!/bin/sh
# log-robust.sh - `postlint log` on hostile input: garbage and binary lines,
# a truncated gzip file, non-UTF-8 bytes, a 1 MB line, other programs'
# lines, NUL bytes, empty input, unreadable files and directories; and
# --fix writing its cidr table atomically; and the same report on one
# thread, two threads, stdin and gzip. Nothing may crash; files that
# cannot be read give exit 2 and a message naming them; JSON stays valid.
#
# Usage: tests/log-robust.sh POSTLINT_BINARY
# Prints "ok ..." / "FAIL ..." per check.
set -u

bin=$1
wrapper=${POSTLINT_WRAPPER:-}
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/postlint-logrobust.XXXXXX")
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM
base="$top/testdata/log-traditional/maillog"

# run NAME ARGS...: postlint log ARGS; stdout, stderr and status kept.
run() {
    name=$1
    shift
    # shellcheck disable=SC2086
    $wrapper "$bin" log "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
    echo $? >"$tmp/$name.status"
}

# check NAME WHAT COMMAND...: ok when COMMAND succeeds.
check() {
    name=$1 what=$2
    shift 2
    if "$@"; then
        echo "ok log robustness: $what"
    else
        echo "FAIL log robustness: $what (exit $(cat "$tmp/$name.status"))"
        sed 's/^/  stderr: /' "$tmp/$name.err" | head -5
        cut -c1-160 "$tmp/$name.out" | sed 's/^/  stdout: /' | head -10
    fi
}

status_is() { [ "$(cat "$tmp/$1.status")" = "$2" ]; }
out_has() { grep -q -- "$2" "$tmp/$1.out"; }
err_has() { grep -q -- "$2" "$tmp/$1.err"; }
json_ok() { python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/$1.out"; }

# Garbage: random bytes around real lines.
head -c 200000 /dev/urandom >"$tmp/garbage.log"
cat "$base" >>"$tmp/garbage.log"
head -c 50000 /dev/urandom >>"$tmp/garbage.log"
run garbage "$tmp/garbage.log"
check garbage "random bytes around real lines" \
    eval 'status_is garbage 1 && out_has garbage "no shared cipher (1 peer)"'
run garbage-json --format json "$tmp/garbage.log"
if command -v python3 >/dev/null 2>&1; then
    check garbage-json "JSON stays valid on binary input" json_ok garbage-json
fi

# Non-UTF-8 bytes and NUL bytes in the fields we keep.
printf 'Nov 29 10:00:00 mx1 postfix/smtpd[77]: SSL_accept error from h\377\376st.example[192.0.2.77]: -1\n' >"$tmp/utf.log"
printf 'Nov 29 10:00:00 mx1 postfix/smtpd[77]: warning: TLS library problem: error:0A0000C1:SSL routines::no\000 shared cipher:x.c:1:\n' >>"$tmp/utf.log"
run utf --format json "$tmp/utf.log"
check utf "non-UTF-8 and NUL bytes are replaced, JSON valid" \
    eval 'status_is utf 1 && out_has utf "h??st.example" && { ! command -v python3 >/dev/null || json_ok utf; }'

# A 1 MB line is skipped (counted), the next line still counts.
{ head -c 1048576 /dev/zero | tr '\0' 'A'; echo; cat "$base"; } >"$tmp/long.log"
run long "$tmp/long.log"
check long "a 1 MB line is skipped and counted" \
    eval 'status_is long 1 && out_has long "1 line over 64 KiB skipped" && out_has long "no shared cipher (1 peer)"'

# Truncated gzip: the log cannot be read whole, exit 2 naming the file
# (a partial report could be a false all-clear).
gzip -9n <"$base" | head -c 700 >"$tmp/maillog.1.gz"
run trunc "$tmp/maillog.1.gz"
check trunc "truncated gzip: exit 2, the message names the file" \
    eval 'status_is trunc 2 && err_has trunc "maillog.1.gz: truncated gzip data"'

# Lines of other programs only: no failures, exit 0.
grep -v postfix "$base" >"$tmp/other.log"
printf 'Nov 29 10:00:00 mx1 sshd[5]: SSL_accept error from x[192.0.2.1]: -1\n' >>"$tmp/other.log"
run other "$tmp/other.log"
check other "other programs' lines are not Postfix events" \
    eval 'status_is other 0 && out_has other "TLS failures: none"'

# Empty input.
: >"$tmp/empty.log"
run empty "$tmp/empty.log"
check empty "an empty log" eval 'status_is empty 0 && out_has empty "^0 lines in 1 file"'

# A directory, a missing file, stdin twice: exit 2 naming the file.
run dir "$tmp"
check dir "a directory: exit 2 naming it" eval 'status_is dir 2 && err_has dir "is a directory"'
run missing "$tmp/nope.log"
check missing "a missing file: exit 2 naming it" eval 'status_is missing 2 && err_has missing "nope.log: No such file"'
if [ -r /proc/self/mem ]; then
    run eio /proc/self/mem
    check eio "a read error: exit 2 naming the file" \
        eval 'status_is eio 2 && err_has eio "/proc/self/mem: "'
fi
run twice - - </dev/null
check twice "stdin twice is a usage error" status_is twice 2
if [ "$(id -u)" != 0 ]; then
    cp "$base" "$tmp/secret.log" && chmod 000 "$tmp/secret.log"
    run unreadable "$tmp/secret.log"
    check unreadable "an unreadable file: exit 2 naming it" \
        eval 'status_is unreadable 2 && err_has unreadable "secret.log: Permission denied"'
elif command -v setpriv >/dev/null 2>&1; then
    # As root: the same check as an unprivileged user (nobody).
    cp "$base" "$tmp/secret.log" && chmod 000 "$tmp/secret.log"
    chmod 755 "$tmp"
    setpriv --reuid=65534 --regid=65534 --clear-groups \
        "$bin" log "$tmp/secret.log" >"$tmp/unreadable.out" 2>"$tmp/unreadable.err"
    echo $? >"$tmp/unreadable.status"
    check unreadable "an unreadable file (as nobody): exit 2 naming it" \
        eval 'status_is unreadable 2 && err_has unreadable "secret.log: Permission denied"'
else
    echo "skip log robustness: unreadable file (root, and no setpriv)"
fi

# --fix writes the cidr table atomically into -c DIR, never main.cf.
mkdir "$tmp/conf"
cp "$top/testdata/log-tiein/main.cf" "$top/testdata/log-tiein/master.cf" "$tmp/conf/"
run fix --no-exec --postfix-version 3.7.11 -c "$tmp/conf" --fix "$base"
check fix "--fix writes starttls-relief.cidr and leaves main.cf alone" \
    eval 'grep -q "^209.85.128.41/32	starttls" "$tmp/conf/starttls-relief.cidr" && cmp -s "$tmp/conf/main.cf" "$top/testdata/log-tiein/main.cf" && [ "$(ls "$tmp/conf" | wc -l)" = 3 ]'
run nofix --no-exec --postfix-version 3.7.11 -c "$tmp/conf" "$base"
check nofix "without --fix nothing is written" \
    eval 'out_has nofix "postlint log --fix writes it" && [ "$(ls "$tmp/conf" | wc -l)" = 3 ]'

# The same report whichever way a log is read: mapped on two threads (the
# default with 2+ CPUs), mapped on one (POSTLINT_LOG_THREADS=1), through
# zlib from stdin, and gzip-compressed. 20 MB spans several batches and
# page releases; the last line has no newline.
if command -v python3 >/dev/null 2>&1; then
    python3 "$top/tools/gen-maillog" --seed 3 --peers 3000 20M "$tmp/gen.log"
    printf 'Nov  3 23:59:59 mx1 postfix/smtpd[9]: SSL_accept error from x.example[192.0.2.9]: -1' >>"$tmp/gen.log"
    gzip -c "$tmp/gen.log" >"$tmp/gen.log.gz"
    run gen2 "$tmp/gen.log"
    export POSTLINT_LOG_THREADS=1
    run gen1 "$tmp/gen.log"
    run genjson1 --format json "$tmp/gen.log"
    unset POSTLINT_LOG_THREADS
    run genstdin - <"$tmp/gen.log"
    run gengz "$tmp/gen.log.gz"
    run genjson2 --format json "$tmp/gen.log"
    check gen2 "two threads, one thread, stdin and gzip give the same report" \
        eval 'status_is gen2 1 && grep -q "\"192.0.2.9\"" "$tmp/genjson2.out" && cmp -s "$tmp/gen2.out" "$tmp/gen1.out" && cmp -s "$tmp/gen2.out" "$tmp/genstdin.out" && cmp -s "$tmp/gen2.out" "$tmp/gengz.out" && cmp -s "$tmp/genjson1.out" "$tmp/genjson2.out"'
fi

# A plain log truncated while it is read (copytruncate rotation): the
# third read of the file is held for a second (strace fault injection)
# while the test empties the file; postlint reports what it read before,
# with a warning naming the file. Not under a wrapper (strace would trace
# valgrind).
if command -v strace >/dev/null 2>&1 && command -v python3 >/dev/null 2>&1 \
    && [ -z "$wrapper" ]; then
    python3 "$top/tools/gen-maillog" --seed 5 --peers 500 4M "$tmp/rot.log"
    # LeakSanitizer cannot run under ptrace: leaks are checked elsewhere.
    ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" \
    strace -f -o /dev/null -P "$tmp/rot.log" \
        -e trace=read -e inject=read:delay_enter=1000000:when=3 \
        "$bin" log "$tmp/rot.log" >"$tmp/rot.out" 2>"$tmp/rot.err" &
    pid=$!
    sleep 0.4
    : >"$tmp/rot.log"
    wait $pid
    echo $? >"$tmp/rot.status"
    check rot "a log truncated while read: the lines before, and a warning naming it" \
        eval 'grep -q "rot.log: the file shrank while it was read" "$tmp/rot.err" && grep -q "^[1-9][0-9]* lines in 1 file" "$tmp/rot.out"'
fi
