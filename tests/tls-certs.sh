#!/bin/sh
# tls-certs.sh - tls-certificate against real certificate and key files.
#
# Makes certificates with the openssl command (a good one, one that
# expires in 10 days, a 1024-bit one, a key that belongs to another
# certificate), lints configurations that use them, and checks each
# finding (or its absence). POSTLINT_NOW moves the clock for the expiry
# case. Prints "ok ..." / "FAIL ..."; "skip" without openssl.
#
# Usage: tests/tls-certs.sh POSTLINT_BINARY
set -u

bin=$1
wrapper=${POSTLINT_WRAPPER:-}
if ! command -v openssl >/dev/null 2>&1; then
    echo "skip tls-certificate: openssl not installed"
    exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/postlint-certs.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

mk() {  # mk NAME BITS DAYS
    openssl req -x509 -newkey "rsa:$2" -nodes -keyout "$tmp/$1.key" \
        -out "$tmp/$1.pem" -days "$3" -subj "/CN=$1.example.net" >/dev/null 2>&1
}
mk good 2048 365
mk soon 2048 10
mk weak 1024 365
mk other 2048 365

# lint MAIN_CERT MAIN_KEY [SUBMISSION_CERT SUBMISSION_KEY]
lint() {
    printf 'smtpd_tls_security_level = may\nsmtpd_tls_cert_file = %s\nsmtpd_tls_key_file = %s\n' \
        "$1" "$2" >"$tmp/main.cf"
    printf 'smtp inet n - y - - smtpd\n' >"$tmp/master.cf"
    if [ $# -ge 4 ]; then
        printf 'submission inet n - y - - smtpd\n  -o smtpd_tls_security_level=encrypt\n  -o smtpd_tls_cert_file=%s\n  -o smtpd_tls_key_file=%s\n' \
            "$3" "$4" >>"$tmp/master.cf"
    fi
    # shellcheck disable=SC2086
    # One line per finding: its note line (if any) before its [rule-id].
    $wrapper "$bin" --no-exec --postfix-version 3.7.11 -c "$tmp" 2>&1 |
        awk '/^  note: / { if (match(line, / \[[a-z0-9-]+\]$/))
                               line = substr(line, 1, RSTART - 1) $0 substr(line, RSTART)
                           else line = line $0
                           next }
             { if (NR > 1) print line; line = $0 }
             END { if (NR) print line }' |
        grep '\[tls-certificate\]$' >"$tmp/out"
}

# check NAME PATTERN: the findings match PATTERN ("" = no finding).
check() {
    if [ -z "$2" ]; then
        if [ ! -s "$tmp/out" ]; then echo "ok tls-certificate $1"
        else echo "FAIL tls-certificate $1: unexpected: $(head -1 "$tmp/out")"; fi
    elif grep -q -- "$2" "$tmp/out"; then
        echo "ok tls-certificate $1"
    else
        echo "FAIL tls-certificate $1: no \"$2\" in: $(head -3 "$tmp/out")"
    fi
}

lint "$tmp/good.pem" "$tmp/good.key"
check "good certificate and key: no finding" ""
lint "$tmp/good.pem" "$tmp/other.key"
check "key of another certificate" "main.cf:3:.*error: .*does not belong to the certificate"
lint "$tmp/missing.pem" "$tmp/good.key"
check "missing certificate file" "main.cf:2:.*error: .*cannot read the certificate .*No such file"
lint "$tmp/good.pem" "$tmp/missing.key"
check "missing key file" "main.cf:3:.*error: .*cannot read the private key"
lint "$tmp/soon.pem" "$tmp/soon.key"
check "expires in 10 days" "warning: .*expires in [0-9]* days"
POSTLINT_NOW=$(( $(date +%s) + 20 * 86400 )) lint "$tmp/soon.pem" "$tmp/soon.key"
check "expired on port 25: a warning (only verifying senders defer)" "main.cf:2:.*warning: .*has expired.*senders that verify"
POSTLINT_NOW=$(( $(date +%s) + 20 * 86400 )) lint "$tmp/good.pem" "$tmp/good.key" "$tmp/soon.pem" "$tmp/soon.key"
check "expired on submission: an error (mail clients verify)" "master.cf:4:.*error: .*has expired.*cannot submit"
lint "$tmp/weak.pem" "$tmp/weak.key"
check "1024-bit RSA key" "warning: .*in smtpd_tls_cert_file has an RSA key of 1024 bits"
lint "$tmp/good.pem" "$tmp/good.key" "$tmp/good.pem" "$tmp/good.key"
check "self-signed on submission: a note" "master.cf:4:.*info: .*self-signed"
lint "$tmp/good.pem" "$tmp/good.key"
check "self-signed on port 25: nothing" ""
# smtpd_tls_chain_files (3.4+): key first, then its certificate.
cat "$tmp/good.key" "$tmp/good.pem" >"$tmp/right.pem"
cat "$tmp/good.pem" "$tmp/good.key" >"$tmp/wrong.pem"
cat "$tmp/other.key" "$tmp/good.pem" >"$tmp/mismatch.pem"
chain() {
    printf 'smtpd_tls_security_level = may\nsmtpd_tls_chain_files = %s\n' "$1" >"$tmp/main.cf"
    printf 'smtp inet n - y - - smtpd\n' >"$tmp/master.cf"
    "$bin" --no-exec --postfix-version 3.7.11 -c "$tmp" 2>&1 |
        grep '\[tls-certificate\]$' >"$tmp/out"
}
chain "$tmp/right.pem"
check "chain files in the right order: no finding" ""
chain "$tmp/wrong.pem"
check "chain files: certificate before the key" "certificate before its private key"
chain "$tmp/mismatch.pem"
check "chain files: leaf of another key" "do not belong together"

key_text=$(sed -n 2p "$tmp/good.key")
lint "$tmp/good.pem" "$tmp/other.key"
if "$bin" --no-exec --postfix-version 3.7.11 -c "$tmp" --format json 2>&1 |
    grep -qF -- "$key_text"; then
    echo "FAIL tls-certificate: key material in the output"
else
    echo "ok tls-certificate: no key material in the output"
fi
exit 0
