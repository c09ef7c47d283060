#!/bin/bash
# sim-oracle.sh - postlint --simulate against real STARTTLS handshakes.
#
# For each server config below (the testdata/tls-matrix-*-3.7.11 cases
# plus the extra ones in this file): start a throw-away Postfix 3.7
# (shared/oracle/postfix-instance --selfsigned), let postlint simulate the
# running instance's own configuration (its real certificate and key),
# then shake hands with every sender profile the local OpenSSL can
# express, using openssl s_client shaped like the profile (protocol range,
# suites in order, TLS 1.3 suites, groups, signature algorithms). Agreement: both succeed with
# the same protocol and suite, or both fail.
#
# Usage: tests/sim-oracle.sh POSTLINT_BINARY
# Prints one "ok ..." / "FAIL ..." line per config (with the differing
# handshakes under a FAIL) and the overall agreement count; one "skip"
# line when not root, or postfix, openssl, python3 or the oracle is missing.
set -u

bin=$1
top=$(cd "$(dirname "$0")/.." && pwd)
oracle=${POSTLINT_ORACLE:-$top/../shared/oracle}
dist_master=/usr/share/postfix/master.cf.dist

if [ "$(id -u)" != 0 ] || ! command -v postconf >/dev/null 2>&1 ||
    ! command -v openssl >/dev/null 2>&1 || ! command -v python3 >/dev/null 2>&1 ||
    [ ! -x "$oracle/postfix-instance" ] || [ ! -f "$dist_master" ]; then
    echo "skip simulation oracle: needs root, postfix, openssl, python3, $oracle and $dist_master"
    exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/postlint-simoracle.XXXXXX")
cleanup() {
    local f
    for f in "$tmp"/*.instance; do
        [ -f "$f" ] && "$oracle/postfix-instance" stop "$(cat "$f")" >/dev/null 2>&1
    done
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# Extra server configs: NAME|main.cf lines separated by ';'.
extra_configs=(
    "preempt-high|smtpd_tls_security_level = may;tls_preempt_cipherlist = yes;smtpd_tls_ciphers = high"
    "eecdh-none-ignored-by-3.7|smtpd_tls_security_level = may;smtpd_tls_eecdh_grade = none"
    "tls12-only|smtpd_tls_security_level = may;smtpd_tls_protocols = !SSLv2, !SSLv3, !TLSv1, !TLSv1.1, !TLSv1.3"
    "story-high-list|smtpd_tls_security_level = may;smtpd_tls_ciphers = high;tls_high_cipherlist = EDH+CAMELLIA:EDH+aRSA:EECDH+aRSA+AESGCM:EECDH+aRSA+SHA256:EECDH:+CAMELLIA128:+AES128:+SSLv3:!aNULL:!eNULL:!LOW:!3DES:!MD5:!EXP:!PSK:!DSS:!RC4:!SEED:!IDEA:!ECDSA:kEDH:CAMELLIA128-SHA:AES128-SHA"
    "exclude-aesgcm-tls1|smtpd_tls_security_level = may;smtpd_tls_exclude_ciphers = AESGCM, CHACHA20;smtpd_tls_protocols = <=TLSv1.2"
    "dhe-only|smtpd_tls_security_level = may;smtpd_tls_protocols = <=TLSv1.2;smtpd_tls_exclude_ciphers = aNULL, kECDHE, kRSA, CAMELLIA"
    "encrypt-mandatory|smtpd_tls_security_level = encrypt;smtpd_tls_mandatory_protocols = >=TLSv1.1;smtpd_tls_mandatory_ciphers = high"
)

# usable OPTION LIST: the items of LIST the local s_client accepts for
# OPTION (-groups, -sigalgs), probed one by one and remembered.
declare -A accepted
usable() {
    local opt=$1 out='' item
    local IFS=:
    for item in $2; do
        if [ -z "${accepted[$opt $item]+x}" ]; then
            if openssl s_client "$opt" "$item" -connect 127.0.0.1:9 </dev/null 2>&1 |
                grep -q 'Call to SSL_CONF_cmd\|Error setting\|error setting'; then
                accepted[$opt $item]=0
            else
                accepted[$opt $item]=1
            fi
        fi
        [ "${accepted[$opt $item]}" = 1 ] && out=${out:+$out:}$item
    done
    printf '%s' "$out"
}

# The sender profiles with groups and signature algorithms the local
# OpenSSL lacks left out, as postlint leaves them out; fields split on
# \x1f (IFS would merge the empty fields of tabs).
while IFS=$'\x1f' read -r prof role minp maxp ciphers tls13 groups sigalgs; do
    [ "$role" = sender ] || continue
    printf '%s\037%s\037%s\037%s\037%s\037%s\037%s\n' "$prof" "$minp" "$maxp" \
        "$ciphers" "$tls13" "$(usable -groups "$groups")" "$(usable -sigalgs "$sigalgs")"
done < <(tail -n +2 "$top/rules/tls-profiles.tsv" | cut -f1-8 | tr '\t' '\037') \
    >"$tmp/senders"

# compare NAME DIR: start DIR, simulate, shake hands with every profile;
# prints one ok/FAIL line per handshake.
compare() {
    local name=$1 dir=$2 out C prof minp maxp ciphers tls13 groups sigalgs instance
    touch -d '-2 min' "$dir/main.cf" "$dir/master.cf"
    if ! out=$("$oracle/postfix-instance" start "$dir" --selfsigned 2>"$tmp/start.err"); then
        echo "FAIL simulation oracle $name: the instance did not start"
        sed 's/^/  /' "$tmp/start.err" | head -5
        return
    fi
    eval "$out"
    instance=$PF_INSTANCE
    echo "$instance" >"$tmp/$name.instance"
    C=$instance/conf
    "$bin" --no-exec --postfix-version 3.7.11 -c "$C" --simulate --format json \
        >"$tmp/$name.json" 2>/dev/null
    # The instance binds smtp/inet to 127.0.0.1:$PF_PORT.
    python3 - "$tmp/$name.json" "127.0.0.1:$PF_PORT/inet" >"$tmp/$name.tsv" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1])).get("simulation", []):
    if r["service"] == sys.argv[2] and not r["analytic"]:
        print("\t".join([r["profile"], r["result"], r["protocol"] or "-",
                         r["cipher"] or "-"]))
PY
    while IFS=$'\x1f' read -r prof minp maxp ciphers tls13 groups sigalgs; do
        local want
        want=$(awk -F'\t' -v p="$prof" '$1 == p' "$tmp/$name.tsv")
        [ -n "$want" ] || continue  # not expressible: decided analytically
        case $minp in unknown | SSLv3 | SSLv2) minp=TLSv1 ;; esac
        [ "$maxp" = unknown ] && maxp=TLSv1.2
        local opts=(-min_protocol "$minp" -max_protocol "$maxp"
            -cipher "${ciphers:-DEFAULT}:@SECLEVEL=0")
        [ -n "$tls13" ] && opts+=(-ciphersuites "$tls13")
        [ -n "$groups" ] && opts+=(-groups "$groups")
        [ -n "$sigalgs" ] && opts+=(-sigalgs "$sigalgs")
        local result got expect
        result=$("$oracle/handshake" --timeout 10 "$instance" "${opts[@]}" \
            </dev/null 2>&1 | tail -1)
        got=$(echo "$result" | awk '{ if ($1 == "ok") print "ok", $2, $3; else print "fail" }')
        expect=$(echo "$want" | awk -F'\t' '{ if ($2 == "ok") print "ok", $3, $4; else print "fail" }')
        if [ "$got" = "$expect" ]; then
            echo "agree $prof: $got"
        else
            echo "differ $prof: real: $result; postlint: $expect"
        fi
    done <"$tmp/senders"
    "$oracle/postfix-instance" stop "$instance" >/dev/null 2>&1
    rm -f "$tmp/$name.instance"
}

for case_dir in "$top"/testdata/tls-matrix-*-3.7.11; do
    name=$(basename "$case_dir")
    dir=$tmp/$name
    mkdir "$dir"
    grep -v '_cert_file\|_key_file' "$case_dir/main.cf" >"$dir/main.cf"
    echo "compatibility_level = 3.6" >>"$dir/main.cf"
    cat "$dist_master" >"$dir/master.cf"
    compare "$name" "$dir" >"$tmp/$name.out" 2>&1 &
done
for spec in "${extra_configs[@]}"; do
    name=${spec%%|*}
    dir=$tmp/$name
    mkdir "$dir"
    echo "${spec#*|}" | tr ';' '\n' >"$dir/main.cf"
    echo "compatibility_level = 3.6" >>"$dir/main.cf"
    cat "$dist_master" >"$dir/master.cf"
    compare "$name" "$dir" >"$tmp/$name.out" 2>&1 &
done
# Each config runs in its own instance (own port and namespace), at once.
wait
agree=0
total=0
for out in "$tmp"/*.out; do
    name=$(basename "$out" .out)
    a=$(grep -c '^agree ' "$out")
    d=$(grep -c '^differ ' "$out")
    agree=$((agree + a))
    total=$((total + a + d))
    f=$(grep -c '^agree [^:]*: fail' "$out")
    if [ "$d" = 0 ] && [ "$a" -gt 0 ]; then
        echo "ok simulation oracle $name: $a/$a handshakes agree ($f of them fail)"
    else
        echo "FAIL simulation oracle $name: $a/$((a + d)) handshakes agree"
        grep -v '^agree ' "$out" | sed 's/^/  /'
    fi
done
echo "simulation oracle: $agree/$total handshakes agree with postlint --simulate"
