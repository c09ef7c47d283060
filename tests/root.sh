#!/bin/sh
# root.sh - --root DIR: certificate and key paths named in the
# configuration are looked up inside a package build root, links are
# followed as on the installed system, and nothing leads out of DIR.
#
# Usage: tests/root.sh POSTLINT_BINARY   (prints "ok ..." / "FAIL ...")
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$1
case "$bin" in /*) ;; *) bin="$(pwd)/$bin" ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/postlint-root.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
run() { ${POSTLINT_WRAPPER:-} "$bin" --no-exec --postfix-version 3.7.11 "$@"; }

r="$tmp/root"
mkdir -p "$r/etc/postfix" "$r/etc/ssl/certs" "$r/etc/ssl/private"
cp "$top/testdata/clean/mx.pem" "$r/etc/ssl/certs/mx.pem"
cp "$top/testdata/clean/mx.key" "$r/etc/ssl/private/real.key"
# An absolute link inside the root: on the installed system it points
# at /etc/ssl/private/real.key, so under --root it must too.
ln -s /etc/ssl/private/real.key "$r/etc/ssl/private/mx.key"
printf 'smtp      inet  n       -       y       -       -       smtpd\n' >"$r/etc/postfix/master.cf"
conf() {
    printf 'myhostname = mx.example.net\nsmtpd_tls_security_level = may\nsmtpd_tls_cert_file = %s\nsmtpd_tls_key_file = %s\n' "$1" "$2" >"$r/etc/postfix/main.cf"
}

conf /etc/ssl/certs/mx.pem /etc/ssl/private/mx.key
run --root "$r" -c "$r/etc/postfix" >"$tmp/out" 2>&1
if ! grep -q tls-certificate "$tmp/out"; then
    echo "ok   --root: certificate and key (an absolute link inside the root) are read there"
else
    echo "FAIL --root: certificate or key not found inside the root"; sed 's/^/     /' "$tmp/out"
fi
run -c "$r/etc/postfix" >"$tmp/out" 2>&1
if [ -e /etc/ssl/certs/mx.pem ] || grep -q 'tls-certificate' "$tmp/out"; then
    echo "ok   without --root the same paths are looked up on this machine"
else
    echo "FAIL without --root the paths were not looked up on this machine"
fi

# A link that climbs out of the root reads what is inside, never outside.
cp "$top/testdata/clean/mx.pem" "$tmp/outside.pem"
ln -s ../../../../../../../../../../"$tmp/outside.pem" "$r/etc/ssl/certs/escape.pem"
conf /etc/ssl/certs/escape.pem /etc/ssl/private/mx.key
run --root "$r" -c "$r/etc/postfix" >"$tmp/out" 2>&1
if grep -q "cannot read the certificate /etc/ssl/certs/escape.pem in smtpd_tls_cert_file under --root $r" "$tmp/out"; then
    echo "ok   --root: a link climbing out of the root does not reach the file outside"
else
    echo "FAIL --root: a link led out of the root"; sed 's/^/     /' "$tmp/out"
fi

# A link loop is a finding, at once.
ln -s loop.pem "$r/etc/ssl/certs/loop.pem"
conf /etc/ssl/certs/loop.pem /etc/ssl/private/mx.key
timeout 10 "$bin" --no-exec --postfix-version 3.7.11 --root "$r" -c "$r/etc/postfix" >"$tmp/out" 2>&1
status=$?
if [ $status = 1 ] && grep -q 'tls-certificate' "$tmp/out"; then
    echo "ok   --root: a symbolic link loop is reported, no hang (exit 1)"
else
    echo "FAIL --root: link loop (exit $status)"; sed 's/^/     /' "$tmp/out"
fi
