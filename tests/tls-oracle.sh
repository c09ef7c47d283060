#!/bin/bash
# tls-oracle.sh - postlint's computed TLS policy against real Postfix 3.7.
#
# For every testdata/tls-matrix-*-3.7.11 case: start a throw-away Postfix
# instance with that main.cf (shared/oracle/postfix-instance, private
# network namespace, self-signed RSA certificate, Debian's default
# master.cf), do real STARTTLS handshakes with openssl s_client forced to
# TLSv1.3, TLSv1.2, TLSv1.1 and TLSv1 (shared/oracle/handshake), and
# compare with what `postlint --print tls` predicts for smtp/inet: a
# protocol it lists as in use must succeed, any other must fail, and a
# TLS 1.2-or-older handshake must settle on a suite postlint lists.
#
# Usage: tests/tls-oracle.sh POSTLINT_BINARY
# Prints "ok ..." / "FAIL ..." lines and an agreement count; prints one
# "skip" line when not root, or postfix, openssl or the oracle is missing.
set -u

bin=$1
top=$(cd "$(dirname "$0")/.." && pwd)
oracle=${POSTLINT_ORACLE:-$top/../shared/oracle}
dist_master=/usr/share/postfix/master.cf.dist

if [ "$(id -u)" != 0 ] || ! command -v postconf >/dev/null 2>&1 ||
    ! command -v openssl >/dev/null 2>&1 || [ ! -x "$oracle/postfix-instance" ] ||
    [ ! -f "$dist_master" ]; then
    echo "skip TLS oracle: needs root, postfix, openssl, $oracle and $dist_master"
    exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/postlint-tlsoracle.XXXXXX")
instance=
cleanup() {
    [ -n "$instance" ] && "$oracle/postfix-instance" stop "$instance" >/dev/null 2>&1
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

agree=0
total=0

# predict DIR: "protocols" and "suites" lines of smtp/inet from postlint.
predict() {
    "$bin" --no-exec --postfix-version 3.7.11 --openssl-version 3.0 \
        -c "$1" --print tls | awk '
        /^[^ ]/ { in_smtp = ($1 == "smtp/inet:") }
        in_smtp && /^  protocols in use:/ { sub(/^  protocols in use: /, ""); print "protocols " $0 }
        in_smtp && /^  suites/ { sub(/^  suites \([0-9]+\):/, ""); print "suites" $0 }'
}

for case_dir in "$top"/testdata/tls-matrix-*-3.7.11; do
    name=$(basename "$case_dir")
    dir=$tmp/$name
    mkdir "$dir"
    # The instance makes its own certificate; smtpd needs relay rules.
    grep -v '_cert_file\|_key_file' "$case_dir/main.cf" >"$dir/main.cf"
    echo "compatibility_level = 3.6" >>"$dir/main.cf"
    cat "$dist_master" >"$dir/master.cf"
    touch -d '-2 min' "$dir/main.cf" "$dir/master.cf"
    prediction=$(predict "$dir")
    protocols=$(echo "$prediction" | sed -n 's/^protocols //p')
    suites=$(echo "$prediction" | sed -n 's/^suites//p')
    if ! out=$("$oracle/postfix-instance" start "$dir" --selfsigned 2>"$tmp/start.err"); then
        echo "FAIL TLS oracle $name: the instance did not start"
        sed 's/^/  /' "$tmp/start.err" | head -5
        continue
    fi
    eval "$out"
    instance=$PF_INSTANCE
    for proto in TLSv1.3 TLSv1.2 TLSv1.1 TLSv1; do
        case $proto in
        TLSv1.3) opts=(-tls1_3) ;;
        TLSv1.2) opts=(-tls1_2) ;;
        TLSv1.1) opts=(-tls1_1 -cipher 'DEFAULT:@SECLEVEL=0') ;;
        TLSv1) opts=(-tls1 -cipher 'DEFAULT:@SECLEVEL=0') ;;
        esac
        result=$("$oracle/handshake" --timeout 10 "$instance" "${opts[@]}" 2>&1 | tail -1)
        expect=fail
        case ", $protocols," in *", $proto,"*) expect=ok ;; esac
        got=${result%% *}
        total=$((total + 1))
        why=""
        if [ "$got" = "$expect" ] && [ "$got" = ok ] && [ "$proto" != TLSv1.3 ]; then
            cipher=$(echo "$result" | awk '{print $3}')
            case " $suites " in
            *" $cipher "*) ;;
            *) why="negotiated $cipher, which postlint does not list" ;;
            esac
        elif [ "$got" != "$expect" ]; then
            why="postlint expects $expect (protocols in use: $protocols)"
        fi
        if [ -z "$why" ]; then
            agree=$((agree + 1))
            echo "ok TLS oracle $name $proto: $result"
        else
            echo "FAIL TLS oracle $name $proto: $result; $why"
        fi
    done
    "$oracle/postfix-instance" stop "$instance" >/dev/null 2>&1
    instance=
done
echo "TLS oracle: $agree/$total handshakes agree with postlint's prediction"
