#!/bin/bash
# catalogue-oracle.sh - rows of rules/postfix-diagnostics.tsv shown by the
# real Postfix 3.7 here, and reported by postlint at the right line.
#
# Each case is a directory testdata/catalogue-oracle/NAME with main.cf,
# optionally master.cf (else Debian's master.cf.dist) and table files,
# and a file "oracle":
#   source: DIR/FILE.c:LINE@v3.7.11   the catalogue row it shows
#   how: judge | start                postconf and postfix check on the
#                                     directory, or a throw-away instance
#                                     and one SMTP session up to RCPT TO
#                                     (client 203.0.113.7, XCLIENT)
#   postfix: REGEX                    what Postfix must log (grep -E)
#   postlint: RULE FILE:LINE          the finding postlint must make
#   client: ADDRESS, rcpt: ADDRESS    (start) the SMTP client (default
#                                     203.0.113.7) and RCPT TO address
#                                     (default user@remote.example)
# "@DIR@" in any file stands for the directory of the copy that both
# postlint and Postfix read. A case passes when Postfix logs the message
# AND postlint reports that rule at that line: the two agree that the
# configuration is broken there.
#
# The test also checks that each source named exists in the catalogue and
# that the catalogue gives that row the rule the case expects.
#
# Under AddressSanitizer (make asan: ASAN_OPTIONS set) the throw-away
# instances are not started again: postlint's side of every case is
# checked, Postfix's side of the "start" cases is left to make check.
#
# Usage: tests/catalogue-oracle.sh POSTLINT_BINARY [CASE...]
# Needs root, postfix and ../shared/oracle (skips otherwise).
set -u

bin=$1
shift
case "$bin" in /*) ;; *) bin="$(pwd)/$bin" ;; esac
top=$(cd "$(dirname "$0")/.." && pwd)
oracle=${POSTLINT_ORACLE:-$top/../shared/oracle}/postfix-instance
catalogue=$top/rules/postfix-diagnostics.tsv
cases=$top/testdata/catalogue-oracle

if [ "$(id -u)" != 0 ] || [ ! -x /usr/sbin/postfix ] || [ ! -x "$oracle" ]; then
    echo "skip catalogue oracle: needs root, postfix and $oracle"
    exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/postlint-catoracle.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
chmod 755 "$tmp"        # the daemons (user postfix) read the tables there

field() { sed -n "s/^$1: //p" "$2" | head -1; }

# run_case DIR: one case; its result line goes to $tmp/NAME.result.
run_case() {
    local c=$1 name meta src how want expect client rcpt rule at d row
    local problems="" out inst w=$tmp/work.$(basename "$1")
    name=$(basename "$c")
    meta=$c/oracle
    src=$(field source "$meta") how=$(field how "$meta")
    want=$(field postfix "$meta") expect=$(field postlint "$meta")
    client=$(field client "$meta") rcpt=$(field rcpt "$meta")
    rule=${expect%% *} at=${expect#* }
    d=$tmp/$name
    rm -rf "$d" "$w" && mkdir -p "$d" "$w"
    for f in "$c"/*; do
        [ "$(basename "$f")" = oracle ] && continue
        sed "s|@DIR@|$d|g" "$f" >"$d/$(basename "$f")"
    done
    [ -f "$d/master.cf" ] || cp /usr/share/postfix/master.cf.dist "$d/master.cf"
    chmod 644 "$d"/*
    touch -d '1 hour ago' "$d"/*

    # the catalogue row
    row=$(awk -F'\t' -v s="$src" '$1 == s' "$catalogue" | head -1)
    [ -n "$row" ] || problems="$problems; $src is not in the catalogue"
    [ -z "$row" ] || printf '%s\n' "$row" | cut -f7 | tr ',' '\n' | grep -qx "$rule" ||
        problems="$problems; the catalogue row $src does not name $rule"

    # postlint
    "$bin" --no-exec --postfix-version 3.7.11 --openssl-version 3.0 -c "$d" \
        >"$w/out" 2>&1
    grep -q "^$d/${at%%:*}:${at#*:}:[0-9]*: [a-z]*: .*\\[$rule\\]\$" "$w/out" ||
        problems="$problems; postlint does not report $rule at $at"

    # Postfix
    [ -n "${ASAN_OPTIONS:-}" ] && [ "$how" = start ] && how=postlint-only
    case "$how" in
    postlint-only)
        echo "(not started under ASan)" >"$w/pf"
        want="not started under ASan" ;;
    judge)
        timeout 60 "$oracle" judge "$d" >"$w/pf" 2>&1 ;;
    start)
        out=$(timeout 60 "$oracle" start "$d" --xclient 2>&1)
        inst=$(printf '%s\n' "$out" | sed -n 's/^PF_INSTANCE=//p' | tr -d "'\"")
        if [ -n "$inst" ]; then
            timeout 60 "$oracle" rcpt "$inst" "${client:-203.0.113.7}" \
                "${rcpt:-user@remote.example}" >"$w/reply" 2>&1
            sleep 1
            { cat "$w/reply"; timeout 30 "$oracle" log "$inst"; } >"$w/pf" 2>&1
            timeout 30 "$oracle" stop "$inst" >/dev/null 2>&1
        else
            printf '%s\n' "$out" >"$w/pf"
        fi ;;
    *) problems="$problems; unknown how: $how" ;;
    esac
    grep -Eq -- "$want" "$w/pf" ||
        problems="$problems; Postfix did not log /$want/ (got: $(grep -E 'fatal|warning|error' "$w/pf" | head -3 | tr '\n' '|'))"

    if [ -n "$problems" ]; then
        echo "FAIL catalogue oracle $name${problems}"
    elif [ "$how" = postlint-only ]; then
        echo "ok   catalogue oracle $name: postlint reports $rule at $at (Postfix not started under ASan)"
    else
        echo "ok   catalogue oracle $name: Postfix logs /$want/, postlint reports $rule at $at"
    fi >"$tmp/$name.result"
}

# Four cases at a time: each instance is a private copy on its own port
# (as tests/relay-oracle.sh runs them).
jobs_max=${CATALOGUE_ORACLE_JOBS:-4}
only=" $* "
for c in "$cases"/*/; do
    c=${c%/}
    [ "$only" = "  " ] || case "$only" in *" $(basename "$c") "*) ;; *) continue ;; esac
    while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do wait -n; done
    run_case "$c" &
done
wait
pass=0 fail=0
for r in "$tmp"/*.result; do
    [ -f "$r" ] || continue
    cat "$r"
    if grep -q '^ok' "$r"; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
echo "     catalogue oracle: $pass of $((pass + fail)) catalogue rows shown by real Postfix 3.7 and reported by postlint"
