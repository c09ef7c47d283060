#!/bin/sh
# story.sh - the founding case (../shared/story/, Postfix 2.6.6): postlint
# must report what the story says a good tool would have said, at the
# right file and line. Each expectation is "STAGE FILE:LINE RULE".
#
# Usage: tests/story.sh POSTLINT_BINARY
# Prints "ok ..." / "FAIL ..." per expectation, or one "skip" line when
# ../shared/story is not there.
set -u

bin=$1
wrapper=${POSTLINT_WRAPPER:-}
top=$(cd "$(dirname "$0")/.." && pwd)
story=${POSTLINT_STORY:-$top/../shared/story}

if [ ! -d "$story/stage2" ]; then
    echo "skip founding case: $story not found"
    exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/postlint-story.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

for stage in stage1 stage2 stage3; do
    # shellcheck disable=SC2086
    $wrapper "$bin" --no-exec --postfix-version 2.6.6 --openssl-version 1.0.1 \
        -c "$story/$stage" \
        >"$tmp/$stage.out" 2>"$tmp/$stage.err"
done

# expect STAGE FILE:LINE RULE WHY: the finding, at that line, with a fix
# line right under it (after its note line, if any).
expect() {
    stage=$1 where=$2 rule=$3
    shift 3
    if awk -v pat="/$stage/$where:[0-9]*: [a-z]*: .*\\[$rule\\]\$" '
        $0 ~ pat { at = NR; next }
        at && NR == at + 1 && /^  note: / { at = NR; next }
        at && NR == at + 1 && /^  fix: / { found = 1 }
        { at = 0 }
        END { exit !found }' "$tmp/$stage.out"; then
        echo "ok founding case $stage $where [$rule]: $*"
    else
        echo "FAIL founding case $stage $where [$rule]: $*"
        sed 's/^/  got: /' "$tmp/$stage.out" | cut -c1-200 | head -20
    fi
}

# The seven points of ../shared/story/README.md ("What a good tool would
# have told them"), Postfix 2.6.6 with OpenSSL 1.0.1:
# 1. port 25 at level may uses smtpd_tls_ciphers, "export" on 2.6.
expect stage1 main.cf:27 tls-export-grade "at may the grade is export; mandatory settings do not apply"
# 2. no ECDHE on 2.6 + !RSA+AES leaves DHE only: Gmail shares nothing.
expect stage1 main.cf:33 tls-no-shared-cipher "DHE-only suites, drop RSA+AES or enable eecdh"
grep -q 'gmail-2018, gmail-2023' "$tmp/stage1.out" &&
    grep -q 'dropping RSA+AES' "$tmp/stage1.out" &&
    grep -q 'smtpd_tls_eecdh_grade = strong' "$tmp/stage1.out" &&
    echo "ok founding case stage1: names Gmail and both ways out" ||
    echo "FAIL founding case stage1: Gmail and both ways out not named"
# 3. -o smtp_tls_mandatory_protocols on the smtpd service is a no-op.
expect stage2 master.cf:7 override-not-used-by-daemon "wrong daemon for -o"
expect stage3 master.cf:7 override-not-used-by-daemon "wrong daemon for -o"
# 4. 2.6.6 rejects "TLSv1.2, TLSv1.1, ..." and disables TLS.
expect stage2 main.cf:28 tls-protocol-list "invalid list, TLS disabled"
grep -q 'write "!SSLv2, !SSLv3, !TLSv1"' "$tmp/stage2.out" &&
    echo "ok founding case stage2: a list 2.6.6 accepts" ||
    echo "FAIL founding case stage2: no valid replacement list"
# 5. refusing TLSv1 on an opportunistic public MX locks out old senders.
expect stage3 main.cf:28 tls-protocol-floor "TLSv1-only senders lose TLS"
# 6. the tls_high_cipherlist override.
expect stage2 main.cf:37 tls-cipherlist-override "hand-made high list"
expect stage3 main.cf:38 tls-cipherlist-override "hand-made high list"
# 7. per-peer relief: no STARTTLS for chosen clients.
grep -q 'smtpd_discard_ehlo_keyword_address_maps' "$tmp/stage3.out" &&
    echo "ok founding case stage3: per-peer STARTTLS relief named" ||
    echo "FAIL founding case stage3: smtpd_discard_ehlo_keyword_address_maps not named"

# The simulation (--simulate): who can still deliver over TLS.
# sim STAGE_DIR: "PROFILE RESULT DETAIL" for smtp/inet.
sim() {
    # shellcheck disable=SC2086
    $wrapper "$bin" --no-exec --postfix-version 2.6.6 --openssl-version 1.0.1 \
        -c "$1" --simulate 2>/dev/null |
        awk '/^[^ ]/ { in_smtp = ($1 == "smtp/inet") } in_smtp && /^  / {
            sub(/^  /, ""); p = $1; r = $2; $1 = ""; $2 = ""; sub(/^ +/, "")
            sub(/;.*/, ""); print p, r, $0 }'
}
# sim_expect FILE PROFILE "RESULT DETAIL" WHY
sim_expect() {
    got=$(awk -v p="$2" '$1 == p { $1 = ""; sub(/^ /, ""); print }' "$1")
    case "$got" in
    "$3"*) echo "ok founding case simulation $2: $got ($4)" ;;
    *) echo "FAIL founding case simulation $2: got \"$got\", want \"$3\" ($4)" ;;
    esac
}
sim "$story/stage1" >"$tmp/sim1"
sim_expect "$tmp/sim1" gmail-2018 "fail no shared cipher" "stage 1: Gmail offers no DHE"
sim_expect "$tmp/sim1" gmail-2023 "fail no shared cipher" "stage 1: Gmail offers no DHE"
# The log's fix: without RSA+AES among the exclusions, Gmail gets in.
mkdir "$tmp/stage1-fixed"
sed 's/RSA+AES, //' "$story/stage1/main.cf" >"$tmp/stage1-fixed/main.cf"
cp "$story/stage1/master.cf" "$tmp/stage1-fixed/master.cf"
sim "$tmp/stage1-fixed" >"$tmp/sim1f"
sim_expect "$tmp/sim1f" gmail-2018 "ok TLSv1.2 AES128-GCM-SHA256" "as the stage-1 log showed"
sim_expect "$tmp/sim1f" gmail-2023 "ok TLSv1.2 AES128-GCM-SHA256" "as the stage-1 log showed"
sim "$story/stage3" >"$tmp/sim3"
for p in exchange-2008r2 legacy-win2003-schannel legacy-openssl-0.9.8; do
    sim_expect "$tmp/sim3" "$p" "fail unknown protocol" "stage 3: TLSv1-only senders"
done
sim_expect "$tmp/sim3" exchange-2016 "ok TLSv1.2" "stage 3: TLS 1.2 senders still get in"
exit 0
