#!/bin/sh
# log-story.sh - `postlint log` on the founding case's logs
# (../shared/story/maillog-stage1.txt, maillog-stage3.txt): the report must
# show Gmail's "no shared cipher" failures, the "unknown protocol" bulk
# senders and the one TLSv1.2 AES128-GCM-SHA256 session, and with the stage
# configuration the tie-in must name the lines that cause them.
#
# Usage: tests/log-story.sh POSTLINT_BINARY
# Prints "ok ..." / "FAIL ..." per expectation, or one "skip" line when
# ../shared/story is not there.
set -u

bin=$1
wrapper=${POSTLINT_WRAPPER:-}
top=$(cd "$(dirname "$0")/.." && pwd)
story=${POSTLINT_STORY:-$top/../shared/story}

if [ ! -f "$story/maillog-stage1.txt" ]; then
    echo "skip postlint log on the founding case: $story not found"
    exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/postlint-logstory.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
opts="--no-exec --postfix-version 2.6.6 --openssl-version 1.0.1"

$wrapper "$bin" log "$story/maillog-stage1.txt" "$story/maillog-stage3.txt" \
    >"$tmp/both" 2>&1
# shellcheck disable=SC2086
$wrapper "$bin" log $opts -c "$story/stage1" "$story/maillog-stage1.txt" \
    >"$tmp/stage1" 2>&1
# shellcheck disable=SC2086
$wrapper "$bin" log $opts -c "$story/stage3" "$story/maillog-stage3.txt" \
    >"$tmp/stage3" 2>&1
# The bulk senders failed once each: listed only with --min-failures 1.
# shellcheck disable=SC2086
$wrapper "$bin" log $opts --min-failures 1 -c "$story/stage3" \
    "$story/maillog-stage3.txt" >"$tmp/stage3-min1" 2>&1

# expect FILE PATTERN WHAT
expect() {
    if grep -q -- "$2" "$tmp/$1"; then
        echo "ok log founding case: $3"
    else
        echo "FAIL log founding case: $3"
        cut -c1-200 "$tmp/$1" | sed 's/^/  got: /' | head -30
    fi
}

expect both '^ *2  inbound  postfix/smtpd: no shared cipher (2 peers)' \
    "Gmail's two no-shared-cipher failures"
expect both 'mail-lf1-f44.google.com\[209.85.167.44\]: no shared cipher' \
    "the failing Gmail host by name and address"
expect both '^ *2  inbound  postfix/smtpd: unknown protocol (2 peers)' \
    "two unknown-protocol senders"
expect both 'mta.email.bbc.com\[198.245.84.99\]: unknown protocol' \
    "the bulk sender 198.245.84.99"
expect both 'mta3.email.secretescapes.com\[198.245.84.110\]: unknown protocol' \
    "the bulk sender 198.245.84.110"
expect both '^ *1  TLSv1.2  AES128-GCM-SHA256$' \
    "the one established TLSv1.2 AES128-GCM-SHA256 session"
expect stage1 '/stage1/main.cf:33:29: postfix/smtpd: "no shared cipher" (2 times): smtpd_tls_exclude_ciphers' \
    "stage 1: no shared cipher tied to smtpd_tls_exclude_ciphers (main.cf:33)"
expect stage1 'smtpd_tls_eecdh_grade = strong' \
    "stage 1: the ECDHE way out named"
expect stage3 '/stage3/main.cf:28:23: postfix/smtpd: "unknown protocol" (2 times): smtpd_tls_protocols = "!TLSv1, !SSLv2, !SSLv3" leaves smtp/inet only TLSv1.1, TLSv1.2' \
    "stage 3: unknown protocol tied to smtpd_tls_protocols (main.cf:28)"
expect stage3-min1 '^198.245.84.99/32	starttls$' \
    "stage 3 (--min-failures 1): the cidr relief table lists the bulk sender"
expect stage3-min1 'smtpd_discard_ehlo_keyword_address_maps = cidr:\$config_directory/starttls-relief.cidr' \
    "stage 3 (--min-failures 1): the main.cf line that enables the table"
expect stage3 '^Left out: 3 peers that failed fewer than 3 times (--min-failures)' \
    "stage 3: peers that failed once are left out of the table by default, and said so"
if grep -q '^198.245.84.99/32' "$tmp/stage3"; then
    echo "FAIL log founding case: stage 3: a peer that failed once is in the default table"
else
    echo "ok log founding case: stage 3: no peer that failed once in the default table"
fi
# Every FILE:LINE:COL the tie-in cites holds the setting it names (a
# default is said to be one, and cites no line).
bad_cites=0
for f in stage1 stage3; do
    sed -n 's/^\([^ ]*\.cf\):\([0-9]*\):[0-9]*: [^ ]*: .*: \([a-z_]*\) = ".*/\1 \2 \3/p' "$tmp/$f" |
    while read -r file line name; do
        sed -n "${line}p" "$file" | grep -q "$name" || echo "$file:$line does not hold $name"
    done
done >"$tmp/cites"
if [ -s "$tmp/cites" ]; then
    echo "FAIL log founding case: the tie-in cites lines that do not hold the setting"
    sed 's/^/  /' "$tmp/cites"
else
    echo "ok log founding case: every line the tie-in cites holds the setting it names"
fi
