#!/bin/bash
# relay-oracle.sh - postlint's relay simulation against real smtpd.
#
# For each testdata/relay-oracle/NAME/ (a main.cf, maybe a master.cf and
# table files; Debian's master.cf.dist when there is none): start a
# throw-away Postfix 3.7 with XCLIENT allowed from loopback
# (shared/oracle/postfix-instance start --xclient), lint the running
# instance's own configuration with --simulate --format json, and play
# every "relay" row of the service smtp/inet (without SASL; the instance
# renames it 127.0.0.1:PORT/inet) against it:
# `postfix-instance rcpt INSTANCE CLIENT RECIPIENT` prints smtpd's reply
# to RCPT TO (or "none" when smtpd never answered). Agreement per row:
#   accept ~ 2xx, defer ~ 4xx, reject ~ 5xx, no-service ~ none,
# and the same three-digit code when postlint names one. "depends" rows
# are not played (DNS, DNS lists, policy servers): they are counted.
#
# Usage: tests/relay-oracle.sh POSTLINT_BINARY
# Prints one "ok ..."/"FAIL ..." line per configuration and a summary;
# one "skip" line when not root, or postfix, swaks, python3 or the
# oracle is missing.
set -u

bin=$1
case "$bin" in /*) ;; *) bin="$(pwd)/$bin" ;; esac
top=$(cd "$(dirname "$0")/.." && pwd)
oracle=${POSTLINT_ORACLE:-$top/../shared/oracle}
dist_master=/usr/share/postfix/master.cf.dist

if [ "$(id -u)" != 0 ] || ! command -v postconf >/dev/null 2>&1 ||
    ! command -v swaks >/dev/null 2>&1 || ! command -v python3 >/dev/null 2>&1 ||
    [ ! -x "$oracle/postfix-instance" ] || [ ! -f "$dist_master" ]; then
    echo "skip relay oracle: needs root, postfix, swaks, python3, $oracle and $dist_master"
    exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/postlint-relayoracle.XXXXXX")
cleanup() {
    local f
    for f in "$tmp"/*.instance; do
        [ -f "$f" ] && "$oracle/postfix-instance" stop "$(cat "$f")" >/dev/null 2>&1
    done
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# one_config DIR: play one configuration; writes $tmp/NAME.result (the
# ok/FAIL line) and $tmp/NAME.counts ("rows agree depends").
one_config() {
    local dir=$1 name conf out inst port bad="" rows=0 agree=0 depends=0
    local client rcpt result reply got class code
    name=$(basename "$dir")
    conf=$tmp/$name
    cp -r "$dir" "$conf"
    [ -f "$conf/master.cf" ] || cp "$dist_master" "$conf/master.cf"
    touch -d '-5 min' "$conf"/*
    out=$("$oracle/postfix-instance" start "$conf" --xclient 2>&1)
    inst=$(printf '%s\n' "$out" | sed -n 's/^PF_INSTANCE=//p')
    if [ -z "$inst" ]; then
        { echo "FAIL relay oracle $name: the instance did not start"
          printf '%s\n' "$out" | tail -n 5 | sed 's/^/     /'; } >"$tmp/$name.result"
        echo "0 0 0" >"$tmp/$name.counts"
        return
    fi
    echo "$inst" >"$tmp/$name.instance"
    # The instance's smtp service listens on 127.0.0.1:PORT now.
    port=$(printf '%s\n' "$out" | sed -n 's/^PF_PORT=//p')
    "$bin" --postfix-version 3.7.11 --no-exec --simulate --format json \
        -c "$inst/conf" >"$tmp/$name.json" 2>"$tmp/$name.err"
    python3 - "$tmp/$name.json" "127.0.0.1:$port/inet" >"$tmp/$name.rows" <<'EOF'
import json, sys
data = json.load(open(sys.argv[1]))
for r in data.get("relay", []):
    if r["service"] == sys.argv[2] and not r["sasl"]:
        print(r["client"], r["recipient"], r["result"], r["reply"] or "-")
EOF
    while read -r client rcpt result reply; do
        rows=$((rows + 1))
        if [ "$result" = depends ]; then
            depends=$((depends + 1))
            continue
        fi
        got=$("$oracle/postfix-instance" rcpt "$inst" "$client" "$rcpt" 2>/dev/null | tail -n 1)
        case "$got" in
        2*) class=accept ;;
        4*) class=defer ;;
        5*) class=reject ;;
        none) class=no-service ;;
        *) class="unknown($got)" ;;
        esac
        code=${got%% *}
        if [ "$class" = "$result" ] && { [ "$reply" = - ] || [ "${reply%% *}" = "$code" ]; }; then
            agree=$((agree + 1))
        else
            bad="$bad
     $client -> $rcpt: postlint $result $reply, smtpd: $got"
        fi
    done <"$tmp/$name.rows"
    "$oracle/postfix-instance" stop "$inst" >/dev/null 2>&1
    rm -f "$tmp/$name.instance"
    if [ "$rows" = 0 ]; then
        bad="
     no relay rows for 127.0.0.1:$port/inet"
    fi
    if [ -z "$bad" ]; then
        echo "ok   relay oracle $name: every decided row as real smtpd 3.7 answers" >"$tmp/$name.result"
    else
        echo "FAIL relay oracle $name:$bad" >"$tmp/$name.result"
    fi
    echo "$rows $agree $depends" >"$tmp/$name.counts"
}

# Instances run in parallel (each in its own network namespace).
jobs_max=${RELAY_ORACLE_JOBS:-6}
for dir in "$top"/testdata/relay-oracle/*/; do
    while [ "$(jobs -r | wc -l)" -ge "$jobs_max" ]; do
        wait -n
    done
    one_config "$dir" &
done
wait

configs=0 rows=0 agree=0 depends=0 failed=0
for dir in "$top"/testdata/relay-oracle/*/; do
    name=$(basename "$dir")
    cat "$tmp/$name.result"
    read -r r a d <"$tmp/$name.counts"
    configs=$((configs + 1))
    rows=$((rows + r)) agree=$((agree + a)) depends=$((depends + d))
    grep -q '^FAIL' "$tmp/$name.result" && failed=$((failed + 1))
done
echo "relay oracle: $configs configurations, $rows rows, $agree agree with real smtpd, $depends depends (not played), $failed configurations differ"
if [ "$configs" -lt 15 ]; then
    echo "FAIL relay oracle: only $configs configurations ran (at least 15 wanted)"
fi
exit 0
