#!/bin/sh
# cli.sh - command-line behaviour that golden files cannot show:
# - --color=auto colours only on a terminal and honours NO_COLOR;
# - --write-baseline then --baseline: the recorded findings disappear, a
#   new one is still reported, and edits above a recorded line do not
#   make it new; the baseline is written atomically (no temp file left);
# - option combinations that make no sense are usage errors (exit 2).
#
# Usage: tests/cli.sh POSTLINT_BINARY   (prints "ok ..." / "FAIL ...")
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$1
case "$bin" in /*) ;; *) bin="$(pwd)/$bin" ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/postlint-cli.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
cfg="$top/testdata/formats-config"
args="--no-exec --postfix-version 3.7.11 --openssl-version 3.0 -c $cfg"
esc=$(printf '\033')

# ---- colour ---------------------------------------------------------------
if command -v script >/dev/null 2>&1; then
    # shellcheck disable=SC2086
    script -qec "$bin $args" /dev/null </dev/null >"$tmp/tty" 2>&1
    # shellcheck disable=SC2086
    NO_COLOR=1 script -qec "$bin $args" /dev/null </dev/null >"$tmp/tty-nc" 2>&1
    # shellcheck disable=SC2086
    "$bin" $args >"$tmp/pipe" 2>&1
    if grep -q "$esc\[" "$tmp/tty" && ! grep -q "$esc\[" "$tmp/tty-nc" \
        && ! grep -q "$esc\[" "$tmp/pipe"; then
        echo "ok   --color=auto: colour on a terminal, none with NO_COLOR or into a pipe"
    else
        echo "FAIL --color=auto: tty $(grep -c "$esc\[" "$tmp/tty"), NO_COLOR $(grep -c "$esc\[" "$tmp/tty-nc"), pipe $(grep -c "$esc\[" "$tmp/pipe")"
    fi
else
    echo "FAIL --color=auto test needs script (util-linux)"
fi

# ---- baseline round trip ------------------------------------------------
d="$tmp/b" && mkdir -p "$d"
printf 'smtpd_tls_loglevl = 1\nmydestination = $myhostname, $nowhere\n' >"$d/main.cf"
"$bin" --no-exec --postfix-version 3.7.11 -c "$d" --write-baseline "$d/base" >/dev/null 2>"$tmp/err"
s1=$?
"$bin" --no-exec --postfix-version 3.7.11 -c "$d" --baseline "$d/base" >"$tmp/o1" 2>&1
s2=$?
printf '# a comment added above\nsmtpd_tls_loglevl = 1\nmydestination = $myhostname, $nowhere\nrelay_domainz = x\n' >"$d/main.cf"
"$bin" --no-exec --postfix-version 3.7.11 -c "$d" --baseline "$d/base" >"$tmp/o2" 2>&1
s3=$?
if [ $s1 = 0 ] && [ $s2 = 0 ] && [ ! -s "$tmp/o1" ] && [ $s3 = 1 ] \
    && [ "$(grep -c 'warning' "$tmp/o2")" = 1 ] && grep -q relay_domainz "$tmp/o2" \
    && [ "$(ls -A "$d" | wc -l)" = 2 ]; then
    echo "ok   --write-baseline then --baseline: only the new finding is reported"
else
    { echo "exit $s1 $s2 $s3"; cat "$tmp/err" "$tmp/o1" "$tmp/o2"; ls -A "$d"; } | sed 's/^/     /'
    echo "FAIL baseline round trip"
fi
mkfifo "$tmp/fifo"
for what in none:"a missing baseline file" dir:"a directory as baseline" \
    fifo:"a FIFO as baseline (must not block)"; do
    name=${what%%:*}
    [ "$name" = dir ] && mkdir -p "$tmp/dir"
    path="$d/none"; [ "$name" = none ] || path="$tmp/$name"
    timeout 10 "$bin" --no-exec -c "$d" --baseline "$path" >/dev/null 2>"$tmp/err"
    if [ $? = 2 ] && grep -q "$path" "$tmp/err"; then
        echo "ok   ${what#*:}: exit 2, named"
    else
        echo "FAIL ${what#*:}"; sed 's/^/     /' "$tmp/err"
    fi
done

# ---- usage errors -----------------------------------------------------------
for combo in "--fix --diff" "--fix --print main" "--diff --postfix-version 3.7.11,3.10.0" \
    "--baseline a --write-baseline b" "--config a --no-config" "--color=sometimes" \
    "--format xml" "--compare-to x --print main"; do
    # shellcheck disable=SC2086
    "$bin" --no-exec -c "$cfg" $combo >/dev/null 2>"$tmp/err"
    status=$?
    if [ $status = 2 ] && [ "$(wc -l <"$tmp/err")" = 1 ]; then
        echo "ok   usage error: $combo"
    else
        echo "FAIL usage error: $combo (exit $status)"
    fi
done

# ---- one pipeline: the lint and postlint log -c refuse the same input ------
d="$tmp/limits" && mkdir -p "$d/many" "$d/long"
awk 'BEGIN { for (i = 0; i <= 100000; i++) printf "p%d = %d\n", i, i }' >"$d/many/main.cf"
i=0; while [ $i -le 10000 ]; do echo "s$i unix - - n - - smtp"; i=$((i + 1)); done >"$d/long/master.cf"
: >"$d/long/main.cf"
printf 'Dec  1 00:00:00 mx postfix/smtpd[1]: connect from unknown[192.0.2.1]\n' >"$d/maillog"
same=yes
for c in many long; do
    "$bin" --no-exec --postfix-version 3.7.11 -c "$d/$c" >/dev/null 2>"$d/$c.lint"
    s1=$?
    "$bin" log --no-exec --postfix-version 3.7.11 -c "$d/$c" "$d/maillog" >/dev/null 2>"$d/$c.log"
    s2=$?
    if [ $s1 != 2 ] || [ $s2 != 2 ] || ! cmp -s "$d/$c.lint" "$d/$c.log"; then
        same=no
        { echo "$c: lint exit $s1, log exit $s2"; cat "$d/$c.lint" "$d/$c.log"; }
    fi
done >"$d/why"
if [ $same = yes ]; then
    echo "ok   postlint -c and postlint log -c refuse 100,001 settings and 10,001 services alike (exit 2, one message)"
else
    echo "FAIL postlint -c and postlint log -c differ on over-limit input"; sed 's/^/     /' "$d/why"
fi
