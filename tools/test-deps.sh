#!/bin/sh
# test-deps.sh - the Debian packages the test suite uses beyond the build:
#   python3-jsonschema  tests/sarif.sh validates SARIF against the schema
#   curl, ca-certificates  tools/fetch-sarif-schema.sh gets that schema
#   strace              tests/fix.sh holds an fsync to edit a file mid-fix
#   patch               tests/fix.sh applies --diff output
#   man-db, groff-base  the man page must render (man -l docs/postlint.1)
#   vim                 docs/editors.md's errorformat, run headless
#   postfix             the real postconf and smtpd the oracles compare with
#   swaks               tests/relay-oracle.sh plays RCPT TO against smtpd
#   postfix-pcre        postmap's own verdicts on pcre: tables
#   dpkg-dev, debhelper tests/package.sh builds the .deb (dpkg-buildpackage)
#   bash-completion     tests/package.sh loads the completion as bash does
#
# Usage: tools/test-deps.sh [--list]
# As root, missing ones are installed (apt-get); otherwise the exact
# apt-get line is printed and the tests that need them report FAIL.
# It never stops `make check`.
pkgs="python3-jsonschema curl ca-certificates strace patch man-db groff-base vim postfix swaks postfix-pcre dpkg-dev debhelper bash-completion"
if [ "${1:-}" = --list ]; then
    echo "$pkgs"
    exit 0
fi
sh "$(dirname "$0")/deps.sh" --install $pkgs >/dev/null 2>&1 || {
    missing=""
    for p in $pkgs; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
    [ -n "$missing" ] && echo "postlint: some tests need:$missing (apt-get install -y$missing)" >&2
}
exit 0
