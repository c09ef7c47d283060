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
run fix --no-exec --postfix-version 3.7.11 -c "$tmp/conf" --min-failures 1 --fix "$base"
check fix "--fix writes starttls-relief.cidr and leaves main.cf alone" \
    eval 'grep -q "^209.85.128.41/32	starttls" "$tmp/conf/starttls-relief.cidr" && cmp -s "$tmp/conf/main.cf" "$top/testdata/log-tiein/main.cf" && [ "$(ls "$tmp/conf" | wc -l)" = 3 ]'
rm "$tmp/conf/starttls-relief.cidr"
run nofix --no-exec --postfix-version 3.7.11 -c "$tmp/conf" --min-failures 1 "$base"
check nofix "without --fix nothing is written" \
    eval 'out_has nofix "postlint log --fix writes it" && [ "$(ls "$tmp/conf" | wc -l)" = 2 ]'

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

# ---- issue 19: the relief table at 3 a.m. ---------------------------------
# A log where 127.0.0.1 and 10.1.2.3 (in mynetworks) fail 4 times each,
# 192.0.2.7 fails 4 times with "no shared cipher" and once more with only
# "lost connection after STARTTLS", and 198.51.100.9 fails once.
r19="$tmp/r19" && mkdir -p "$r19/conf"
printf 'mynetworks = 127.0.0.0/8, [::1]/128, 10.1.0.0/16\nsmtpd_tls_security_level = may\n' >"$r19/conf/main.cf"
printf 'smtp      inet  n       -       y       -       -       smtpd\n' >"$r19/conf/master.cf"
n19=100
fail19() {  # fail19 NAME ADDR SECOND [lost-only]
    n19=$((n19 + 1))
    t=$(printf 'Dec  1 00:%02d:%02d mx postfix/smtpd[%d]:' $(($3 / 60)) $(($3 % 60)) $n19)
    echo "$t connect from $1[$2]"
    if [ -z "${4:-}" ]; then
        echo "$t SSL_accept error from $1[$2]: -1"
        echo "$t warning: TLS library problem: error:1408A0C1:SSL routines:ssl3_get_client_hello:no shared cipher:s3_srvr.c:1387:"
    fi
    echo "$t lost connection after STARTTLS from $1[$2]"
    echo "$t disconnect from $1[$2]"
}
{
    s=0
    for _ in 1 2 3 4; do
        fail19 localhost 127.0.0.1 $s; fail19 lan 10.1.2.3 $((s + 1)); fail19 old.example 192.0.2.7 $((s + 2))
        s=$((s + 3))
    done
    fail19 once.example 198.51.100.9 20
    fail19 old.example 192.0.2.7 21 lost-only
} >"$r19/log1"
{ for s in 30 31 32; do fail19 new.example 203.0.113.5 $s; done; } >"$r19/log2"
{ for s in 40 41 42; do fail19 third.example 203.0.113.77 $s; done; } >"$r19/log3"
o19="--no-exec --postfix-version 3.7.11"

# shellcheck disable=SC2086
run r19a $o19 -c "$r19/conf" "$r19/log1"
check r19a "relief: loopback and mynetworks left out, and peers under --min-failures (default 3)" \
    eval 'out_has r19a "^192.0.2.7/32	starttls" && ! out_has r19a "^127.0.0.1/" && ! out_has r19a "^10.1.2.3/" && ! out_has r19a "^198.51.100.9/" && out_has r19a "^Left out: 2 peers on loopback or in mynetworks" && out_has r19a "^Left out: 1 peer that failed fewer than 3 times"'
# shellcheck disable=SC2086
run r19m $o19 -c "$r19/conf" --min-failures 1 "$r19/log1"
check r19m "relief: --min-failures 1 lists the peer that failed once" \
    eval 'out_has r19m "^198.51.100.9/32	starttls" && ! out_has r19m "^127.0.0.1/"'
# shellcheck disable=SC2086
run r19bad $o19 -c "$r19/conf" --min-failures 0 "$r19/log1"
check r19bad "relief: --min-failures 0 is a usage error" \
    eval 'status_is r19bad 2 && err_has r19bad "min-failures takes a number"'
check r19a "counts agree: a reason logged once for a peer counts that peer (no \"(0 peers)\")" \
    eval 'out_has r19a "1  inbound  postfix/smtpd: lost connection after STARTTLS (1 peer)" && ! out_has r19a "(0 peers)"'
check r19a "loglevel 0 (the default): the report says successful sessions are not logged and which setting shows them" \
    eval 'out_has r19a "none logged: smtpd logs successful sessions only at smtpd_tls_loglevel = 1" && out_has r19a "^smtpd_tls_loglevel = \"0\" (the default: set in neither main.cf nor master.cf) on smtp/inet: .*set smtpd_tls_loglevel = 1"'
check r19a "a default is said to be one and cites no line (no master.cf:N for a setting not there)" \
    eval '! grep -q "master.cf:[0-9]*:[0-9]*: " "$tmp/r19a.out" && out_has r19a "smtpd_tls_ciphers = \"medium\" (the default: set in neither"'

# --fix: one clear line, no table dump; then only new peers are added.
# shellcheck disable=SC2086
run r19f $o19 -c "$r19/conf" --fix "$r19/log1"
check r19f "relief --fix: says what was written where, does not print the table" \
    eval 'out_has r19f "^Per-peer relief: wrote $r19/conf/starttls-relief.cidr with 1 new entry (1 in all): smtpd will stop offering STARTTLS" && ! out_has r19f "starttls$" && grep -q "^192.0.2.7/32	starttls$" "$r19/conf/starttls-relief.cidr"'
cp "$r19/conf/starttls-relief.cidr" "$r19/first"
# shellcheck disable=SC2086
run r19g $o19 -c "$r19/conf" --fix "$r19/log2" "$r19/log1"
check r19g "relief --fix again: adds only the new peer, keeps the lines there" \
    eval 'out_has r19g "with 1 new entry (2 in all)" && [ "$(grep -c "^192.0.2.7/32" "$r19/conf/starttls-relief.cidr")" = 1 ] && grep -q "^203.0.113.5/32	starttls$" "$r19/conf/starttls-relief.cidr" && [ "$(head -4 "$r19/conf/starttls-relief.cidr")" = "$(head -4 "$r19/first")" ]'
# shellcheck disable=SC2086
run r19h $o19 -c "$r19/conf" --fix "$r19/log2"
check r19h "relief --fix with nothing new: nothing written, said so" \
    eval 'out_has r19h "no new peer for $r19/conf/starttls-relief.cidr; nothing written" && status_is r19h 1'
# A hand edit (a line removed: offer STARTTLS to 192.0.2.7 again) is kept:
# postlint refuses to add the next peer, exit 2, the file is unchanged.
grep -v '^192.0.2.7/' "$r19/conf/starttls-relief.cidr" >"$r19/edited"
cat "$r19/edited" >"$r19/conf/starttls-relief.cidr"
# shellcheck disable=SC2086
run r19e $o19 -c "$r19/conf" --fix "$r19/log3" "$r19/log1"
check r19e "relief --fix on a table changed by hand: refused (exit 2), the file untouched, the new peer shown" \
    eval 'status_is r19e 2 && err_has r19e "changed by hand" && cmp -s "$r19/edited" "$r19/conf/starttls-relief.cidr" && err_has r19e "^203.0.113.77/32	starttls" && [ "$(ls -A "$r19/conf" | wc -l)" = 3 ]'
