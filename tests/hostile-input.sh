#!/bin/sh
# hostile-input.sh - input crafted to hurt postlint: every case ends
# within seconds (a hang is a FAIL, not a stuck suite) with a defined exit
# status, and a refusal names the file on stderr.
#
# Usage: tests/hostile-input.sh POSTLINT_BINARY
# Prints "ok NAME" or "FAIL NAME" per case (tests/run.sh counts them).
# Runs as root in CI: unprivileged cases drop to nobody with setpriv.
set -u

bin=$1
wrapper=${POSTLINT_WRAPPER:-}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/postlint-hostile.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
chmod 755 "$tmp"
top=$(cd "$(dirname "$0")/.." && pwd)
# Seconds a case may take. Generous for valgrind; the budget that
# matters (a second or two) is checked on the plain build by `time`.
limit=${HOSTILE_TIMEOUT:-30}

ok() { echo "ok hostile input: $1"; }
bad() {
    echo "FAIL hostile input: $1"
    sed 's/^/  stderr: /' "$tmp/err" | head -5
    sed 's/^/  stdout: /' "$tmp/out" | head -5
}

# run ARGS...: postlint with a time limit; $status, $tmp/out, $tmp/err.
run() {
    # shellcheck disable=SC2086
    timeout -k 2 "$limit" $wrapper "$bin" --no-exec --postfix-version 3.7.11 \
        "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
    status=$?
    # One line per finding: its note line (if any) before its [rule-id].
    awk '/^  note: / { if (match(line, / \[[a-z0-9-]+\]$/))
                           line = substr(line, 1, RSTART - 1) $0 substr(line, RSTART)
                       else line = line $0
                       next }
         { if (NR > 1) print line; line = $0 }
         END { if (NR) print line }' "$tmp/out" >"$tmp/out1"
}

# refused NAME PATTERN ARGS...: exit 2, one stderr line matching PATTERN.
refused() {
    name=$1 pattern=$2
    shift 2
    run "$@"
    if [ "$status" = 2 ] && [ "$(wc -l <"$tmp/err")" = 1 ] &&
        grep -q -- "$pattern" "$tmp/err" && [ ! -s "$tmp/out" ]; then
        ok "$name"
    else
        bad "$name (exit $status)"
    fi
}

# linted NAME PATTERN ARGS...: exit 0 or 1 (a lint ran), stdout matches.
linted() {
    name=$1 pattern=$2
    shift 2
    run "$@"
    if { [ "$status" = 0 ] || [ "$status" = 1 ]; } &&
        grep -q -- "$pattern" "$tmp/out1"; then
        ok "$name"
    else
        bad "$name (exit $status)"
    fi
}

printf 'myhostname = mail.example.com\n' >"$tmp/ok.cf"

# ---- $ and { } nesting ---------------------------------------------------
# 10,000-deep ${a?${b?...}}: refused at once, no deep recursion.
awk 'BEGIN { printf "a = 1\nb = "; for (i = 0; i < 10000; i++) printf "${a%d?", i;
             printf "x"; for (i = 0; i < 10000; i++) printf "}"; printf "\n" }' >"$tmp/deep.cf"
refused "10,000-deep \${a?\${b?...}}" "$tmp/deep.cf:2: \\$ expressions nested more than 1000 deep" --main "$tmp/deep.cf"
awk 'BEGIN { printf "b = "; for (i = 0; i < 10000; i++) printf "${{";
             printf "x"; for (i = 0; i < 10000; i++) printf "}}"; printf "\n" }' >"$tmp/deepc.cf"
refused "10,000-deep \${{...}}" "$tmp/deepc.cf:1: .* nested more than 1000 deep" --main "$tmp/deepc.cf"
awk 'BEGIN { printf "smtp inet n - n - - smtpd\n  -o x="; for (i = 0; i < 5000; i++) printf "{";
             for (i = 0; i < 5000; i++) printf "}"; printf "\n" }' >"$tmp/deep-master.cf"
refused "5,000-deep { } in master.cf" "$tmp/deep-master.cf:2: { } nested more than 1000 deep" --main "$tmp/ok.cf" --master "$tmp/deep-master.cf"
# 150 levels: parsed; Postfix's own limit (100 levels when expanded) is a finding.
awk 'BEGIN { printf "a = 1\nb = "; for (i = 0; i < 150; i++) printf "${a?";
             printf "x"; for (i = 0; i < 150; i++) printf "}"; printf "\n" }' >"$tmp/deep150.cf"
run --main "$tmp/deep150.cf"
if [ "$status" = 1 ] && grep -q "more than 100 levels.*note: .*unreasonable macro call nesting" "$tmp/out1"; then
    ok "150-deep expansion: Postfix's nesting limit is a finding"
else
    bad "150-deep expansion: Postfix's nesting limit is a finding (exit $status)"
fi

# ---- counts and lengths ----------------------------------------------------
awk 'BEGIN { for (i = 0; i <= 100000; i++) printf "p%d = 1\n", i }' >"$tmp/many.cf"
refused "100,001 parameters" "$tmp/many.cf:100001: more than 100000 parameter settings" --main "$tmp/many.cf"
awk 'BEGIN { for (i = 0; i <= 10000; i++) printf "s%d unix - - n - - smtpd\n", i }' >"$tmp/many-master.cf"
refused "10,001 services" "$tmp/many-master.cf:10001: more than 10000 services" --main "$tmp/ok.cf" --master "$tmp/many-master.cf"
# 30 million comment lines (60 MB): refused, not 2.5 GB of comment records.
yes '#' | head -n 30000000 >"$tmp/comments.cf"
refused "30 million comment lines" "$tmp/comments.cf:1000001: more than 1000000 lines" --main "$tmp/comments.cf"
rm -f "$tmp/comments.cf"
# A service with 140,000 options (each "-vox=y" splits in three): refused
# at once, not 98 s of argument normalisation and findings.
awk 'BEGIN { printf "smtp inet n - n - - smtpd"; for (i = 0; i < 140000; i++) printf " -vox=y"; printf "\n" }' >"$tmp/wide-master.cf"
refused "140,000 options on one service" "$tmp/wide-master.cf:1: more than 1000 words in one entry" --main "$tmp/ok.cf" --master "$tmp/wide-master.cf"
awk 'BEGIN { printf "a = x\n"; for (i = 0; i < 1100; i++) { printf " "; for (j = 0; j < 1000; j++) printf "y"; printf "\n" } }' >"$tmp/logical.cf"
refused "1.1 MB logical line" "$tmp/logical.cf:[0-9]*: logical line (from line 1, with its continuation lines) is longer than" --main "$tmp/logical.cf"

# ---- bytes ---------------------------------------------------------------------
printf 'myhostname = a\000b\n' >"$tmp/nul.cf"
refused "NUL byte" "$tmp/nul.cf:1:15: NUL byte" --main "$tmp/nul.cf"
# Invalid UTF-8 is data to Postfix; JSON output must stay valid UTF-8.
printf 'smtpd_tls_session_cache_timeout = 1\377\300\355\240\200x\n' >"$tmp/utf8.cf"
run --format json --main "$tmp/utf8.cf"
if [ "$status" = 1 ] && python3 -c 'import json,sys; json.loads(sys.stdin.buffer.read().decode("utf-8"))' <"$tmp/out" 2>>"$tmp/err"; then
    ok "invalid UTF-8: --format json stays valid UTF-8 JSON"
else
    bad "invalid UTF-8: --format json stays valid UTF-8 JSON (exit $status)"
fi
printf '\357\273\277myhostname = a\n' >"$tmp/bom.cf"
linted "UTF-8 BOM: the first name is unknown, and the finding says why" "byte order mark (BOM)" --main "$tmp/bom.cf"
printf 'myhostname = a\rrelayhost = b\r' >"$tmp/cr.cf"
run --print main --main "$tmp/cr.cf"
if [ "$status" = 0 ] && [ "$(cat "$tmp/out")" = "myhostname = a relayhost = b" ]; then
    ok "CR-only line endings: one line, as Postfix reads it"
else
    bad "CR-only line endings: one line, as Postfix reads it (exit $status)"
fi
linted "CR-only line endings: the finding says so" "$tmp/cr.cf:1:15: warning: main.cf has a carriage return (CR) that does not end a line.*note: .*\"relayhost = b\"" --main "$tmp/cr.cf"
printf 'myhostname = a\r\nrelayhost = b\nmydomain = c\r\n' >"$tmp/mixed.cf"
run --print main --main "$tmp/mixed.cf"
if [ "$status" = 0 ] && [ "$(cat "$tmp/out")" = "$(printf 'mydomain = c\nmyhostname = a\nrelayhost = b')" ]; then
    ok "mixed line endings"
else
    bad "mixed line endings (exit $status)"
fi

# ---- files that are not plain files ----------------------------------------------
truncate -s 100M "$tmp/huge.cf"
refused "100 MB file" "$tmp/huge.cf: file is larger than" --main "$tmp/huge.cf"
mkfifo "$tmp/fifo.cf"
refused "FIFO as main.cf" "$tmp/fifo.cf: not a regular file" --main "$tmp/fifo.cf"
refused "FIFO as master.cf" "$tmp/fifo.cf: not a regular file" --main "$tmp/ok.cf" --master "$tmp/fifo.cf"
refused "/dev/zero as main.cf" "/dev/zero: not a regular file" --main /dev/zero
ln -s loop-b "$tmp/loop-a"
ln -s loop-a "$tmp/loop-b"
refused "symlink loop" "$tmp/loop-a: cannot open: too many levels of symbolic links" --main "$tmp/loop-a"
refused "directory as main.cf" "$tmp: is a directory" --main "$tmp"
# stdin that never ends (/dev/zero): bounded, refused.
timeout -k 2 "$limit" $wrapper "$bin" --no-exec --postfix-version 3.7.11 --main - \
    </dev/zero >"$tmp/out" 2>"$tmp/err"
status=$?
if [ "$status" = 2 ] && grep -q "<stdin>: file is larger than" "$tmp/err"; then
    ok "endless stdin (/dev/zero)"
else
    bad "endless stdin (/dev/zero) (exit $status)"
fi
# /proc files say size 0 and have content: the reader trusts read(), not
# st_size (the same path a file that shrinks or grows while read takes).
linted "size from read(), not st_size (/proc/self/status: size 0)" "/proc/self/status:1:1: error: missing '='" --main /proc/self/status
# A file rewritten (shrinking and growing) while postlint reads it, many
# times: each run ends with a defined status (0, 1 or 2), never a crash.
awk 'BEGIN { for (i = 0; i < 20000; i++) printf "p%d = $myhostname\n", i }' >"$tmp/big.cf"
( i=0; while [ $i -lt 400 ] && [ ! -f "$tmp/stop" ]; do
      : >"$tmp/shrink.cf"; cat "$tmp/big.cf" >"$tmp/shrink.cf"; head -c 100 "$tmp/big.cf" >"$tmp/shrink.cf"
      i=$((i + 1)); done ) &
writer=$!
statuses=""
for i in 1 2 3 4 5 6 7 8 9 10; do
    run --main "$tmp/shrink.cf"
    statuses="$statuses $status"
done
touch "$tmp/stop"
wait "$writer"
case "$statuses" in
*[!\ 012]*) bad "file rewritten while read (statuses:$statuses)" ;;
*) ok "file rewritten while read (statuses:$statuses)" ;;
esac

# ---- certificate and key files ---------------------------------------------------
tls_main() {
    printf 'smtpd_tls_security_level = may\nsmtpd_tls_cert_file = %s\nsmtpd_tls_key_file = %s\n' "$1" "$2" >"$tmp/tls.cf"
}
cert=""
if command -v openssl >/dev/null 2>&1 &&
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
        -keyout "$tmp/key.pem" -out "$tmp/cert.pem" -days 365 \
        -subj "/CN=hostile.example.net" >/dev/null 2>&1; then
    cert=$tmp/cert.pem
fi
tls_main "$tmp/fifo.cf" "$tmp/fifo.cf"
linted "FIFO as certificate and key: no hang" "cannot read .*$tmp/fifo.cf.*not a regular file" --main "$tmp/tls.cf"
tls_main /dev/zero /dev/zero
linted "/dev/zero as certificate: no hang" "cannot read .*/dev/zero.*not a regular file" --main "$tmp/tls.cf"
linted "/dev/zero as certificate with --simulate: no hang" "" --simulate --main "$tmp/tls.cf"
tls_main "$tmp/huge.cf" "$tmp/huge.cf"
linted "100 MB certificate: not read" "cannot read .*$tmp/huge.cf.*larger than 1 MiB" --main "$tmp/tls.cf"
tls_main "$tmp/loop-a" "$tmp/loop-a"
linted "symlink loop as certificate" "cannot read .*$tmp/loop-a.*symbolic links" --main "$tmp/tls.cf"
tls_main "$tmp" "$tmp"
linted "directory as certificate" "cannot read $tmp in smtpd_tls_cert_file on this machine (is a directory)" --main "$tmp/tls.cf"

# ---- privileges and programs -------------------------------------------------------
as_nobody=""
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
    as_nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
    cp "$bin" "$tmp/postlint" && chmod 755 "$tmp/postlint"
fi
if [ -n "$as_nobody" ] && [ -n "$cert" ]; then
    chmod 644 "$tmp/cert.pem"
    chmod 600 "$tmp/key.pem"
    tls_main "$tmp/cert.pem" "$tmp/key.pem"
    chmod 644 "$tmp/tls.cf"
    saved=$bin; bin="$tmp/postlint"; saved_w=$wrapper; wrapper="$as_nobody $wrapper"
    linted "unreadable key file (as nobody): a note, not a failure" "cannot check the private key $tmp/key.pem in smtpd_tls_key_file (Permission denied) .*note: .*run postlint as root" --main "$tmp/tls.cf"
    chmod 644 "$tmp/ok.cf"
    printf 'smtp inet n - n - - smtpd\n' >"$tmp/master.cf" && chmod 644 "$tmp/master.cf"
    run --main "$tmp/ok.cf" --master "$tmp/master.cf"
    if [ "$status" = 0 ] || [ "$status" = 1 ]; then ok "runs unprivileged (as nobody)"; else bad "runs unprivileged (as nobody) (exit $status)"; fi
    bin=$saved; wrapper=$saved_w
else
    echo "skip unprivileged cases: not root, setpriv or a test certificate missing"
fi

# --no-exec: a postconf first in PATH that leaves a mark when run.
mkdir "$tmp/fakebin"
printf '#!/bin/sh\ntouch %s/ran\necho 3.7.11\n' "$tmp" >"$tmp/fakebin/postconf"
chmod 755 "$tmp/fakebin/postconf"
PATH="$tmp/fakebin:$PATH" timeout -k 2 "$limit" $wrapper "$bin" --main "$tmp/ok.cf" >/dev/null 2>&1
if [ -f "$tmp/ran" ]; then
    rm -f "$tmp/ran"
    PATH="$tmp/fakebin:$PATH" timeout -k 2 "$limit" $wrapper "$bin" --no-exec -c "$tmp/nowhere" >/dev/null 2>&1
    PATH="$tmp/fakebin:$PATH" timeout -k 2 "$limit" $wrapper "$bin" --no-exec --simulate --main "$tmp/tls.cf" >/dev/null 2>&1
    if [ -f "$tmp/ran" ]; then
        echo "FAIL hostile input: --no-exec runs no program (postconf ran)"
    else
        ok "--no-exec runs no program (a fake postconf in PATH stays unrun)"
    fi
else
    echo "FAIL hostile input: without --no-exec the fake postconf should run (test is broken)"
fi
# Nothing from the configuration is executed: exec.c is the only place
# that starts a program, and it runs only postconf.
if grep -n -E '\b(popen|system|execv|execvp|execl|execlp|execle|posix_spawn|fork)\s*\(' \
        "$top"/src/*.c "$top"/src/log/*.c "$top"/rules/*.c | grep -v "^$top/src/exec.c:" >"$tmp/err"; then
    echo "FAIL hostile input: only src/exec.c starts programs"
    sed 's/^/  /' "$tmp/err"
else
    ok "only src/exec.c starts programs"
fi
# No unbounded string copy anywhere (util.h: strbufs, or snprintf into a
# fixed buffer).
if grep -n -E '\b(strcpy|strcat|sprintf|vsprintf|gets)\s*\(' \
        "$top"/src/*.c "$top"/src/log/*.c "$top"/rules/*.c >"$tmp/err"; then
    echo "FAIL hostile input: strcpy, strcat, sprintf or gets is used"
    sed 's/^/  /' "$tmp/err"
else
    ok "no strcpy, strcat, sprintf or gets in the sources"
fi
exit 0
