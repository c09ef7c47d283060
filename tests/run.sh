#!/bin/sh
# run.sh - run every postlint test; the last line is "N passed, N failed".
#
# Usage: tests/run.sh [POSTLINT_BINARY]   (default build/postlint)
#
# 1. Golden cases: every testdata/CASE/ with an `args` file. postlint runs
#    inside CASE with those arguments; stdout must equal `expected`, the
#    exit status must equal `status`, and stderr must equal
#    `expected.stderr` when that file exists (else it must be empty).
# 2. Postconf agreement on our own edge cases: every testdata/CASE/ with a
#    `postconf-views` file (a list of main, expand, fields, params) is also
#    compared with real postconf, when postconf is installed.
# 3. tests/bad-input.sh: files postlint must refuse cleanly (exit 2).
# 4. tests/story.sh: the founding case's findings, at their lines.
#    tests/log-story.sh: postlint log on the founding case's mail logs.
#    tests/log-robust.sh: postlint log on hostile input, --fix.
# 5. tests/tls-oracle.sh: the computed TLS policy against real STARTTLS
#    handshakes with a throw-away Postfix 3.7 (root, postfix installed).
#    tests/sim-oracle.sh: --simulate against real handshakes, 12 configs
#    x every sender profile the local OpenSSL can express.
# 6. tests/corpus-findings.sh: TLS findings on the corpus, each explained.
# 7. tests/differential.sh: the real-world corpus against real postconf
#    (-n, -n -x, -F, -P, and the unused/undefined warnings).
#
# POSTLINT_WRAPPER (e.g. "valgrind -q --error-exitcode=99") prefixes every
# postlint command.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-build/postlint}
case "$bin" in /*) ;; *) bin="$top/$bin" ;; esac
wrapper=${POSTLINT_WRAPPER:-}
export POSTLINT_BIN="$bin"

passed=0
failed=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/postlint-tests.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

pass() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && sed 's/^/     /' "$2" | head -40; }
# relay FILE: count a checker script's "ok ..." / "FAIL ..." lines; show the rest.
relay() {
    while IFS= read -r line; do
        case "$line" in
        "ok "*) pass "${line#ok }" ;;
        "FAIL "*) fail "${line#FAIL }" ;;
        *) echo "     $line" ;;
        esac
    done <"$1"
}

if [ ! -x "$bin" ]; then
    echo "tests/run.sh: no postlint binary at $bin (run make first)" >&2
    echo "0 passed, 1 failed"
    exit 1
fi

# ---- 1. golden cases ---------------------------------------------------
for dir in "$top"/testdata/*/; do
    case_name=$(basename "$dir")
    [ -f "$dir/args" ] || continue
    args=$(cat "$dir/args")
    want_status=$(cat "$dir/status" 2>/dev/null || echo 0)
    # shellcheck disable=SC2086
    (cd "$dir" && eval "$wrapper \"\$POSTLINT_BIN\" $args" \
        >"$tmp/out" 2>"$tmp/err" </dev/null)
    got_status=$?
    ok=yes
    : >"$tmp/why"
    if [ "$got_status" != "$want_status" ]; then
        echo "exit status $got_status, expected $want_status" >>"$tmp/why"
        ok=no
    fi
    if ! diff -u "$dir/expected" "$tmp/out" >>"$tmp/why" 2>&1; then
        ok=no
    fi
    if [ -f "$dir/expected.stderr" ]; then
        diff -u "$dir/expected.stderr" "$tmp/err" >>"$tmp/why" 2>&1 || ok=no
    elif [ -s "$tmp/err" ]; then
        { echo "unexpected stderr:"; cat "$tmp/err"; } >>"$tmp/why"
        ok=no
    fi
    if [ $ok = yes ]; then pass "golden $case_name"; else fail "golden $case_name" "$tmp/why"; fi
done

# ---- 2. our edge cases against real postconf ---------------------------
if command -v postconf >/dev/null 2>&1; then
    for dir in "$top"/testdata/*/; do
        [ -f "$dir/postconf-views" ] || continue
        case_name=$(basename "$dir")
        rm -rf "$tmp/pc" && mkdir "$tmp/pc"
        cp "$dir/main.cf" "$tmp/pc/main.cf" 2>/dev/null || : >"$tmp/pc/main.cf"
        cp "$dir/master.cf" "$tmp/pc/master.cf" 2>/dev/null || : >"$tmp/pc/master.cf"
        touch -d '-2 min' "$tmp/pc/main.cf" "$tmp/pc/master.cf"
        for view in $(cat "$dir/postconf-views"); do
            print="--print $view"
            case $view in
            main) flag=-n ;;
            expand) flag=-nx print="--print main --expand" ;;
            fields) flag=-F ;;
            params) flag=-P ;;
            *) fail "postconf $case_name: unknown view $view"; continue ;;
            esac
            postconf -c "$tmp/pc" $flag 2>/dev/null |
                grep -v "^config_directory = $tmp/pc\$" >"$tmp/want"
            # shellcheck disable=SC2086
            $wrapper "$bin" --no-exec --postfix-version 3.7.11 -c "$tmp/pc" \
                $print >"$tmp/got" 2>"$tmp/err"
            if diff -u "$tmp/want" "$tmp/got" >"$tmp/why" 2>&1; then
                pass "postconf $case_name --print $view"
            else
                fail "postconf $case_name --print $view" "$tmp/why"
            fi
        done
    done
else
    echo "skip postconf agreement on edge cases: postconf is not installed"
fi

# ---- 3. bad input --------------------------------------------------------
sh "$top/tests/bad-input.sh" "$bin" >"$tmp/bad" 2>&1
relay "$tmp/bad"

# ---- 4. the founding case (../shared/story) ----------------------------
sh "$top/tests/story.sh" "$bin" >"$tmp/story" 2>&1
relay "$tmp/story"

# ---- 4a. postlint log: the founding case's logs, hostile input ----------
sh "$top/tests/log-story.sh" "$bin" >"$tmp/logstory" 2>&1
relay "$tmp/logstory"
sh "$top/tests/log-robust.sh" "$bin" >"$tmp/logrobust" 2>&1
relay "$tmp/logrobust"

# ---- 5. TLS policy against real Postfix 3.7 handshakes ------------------
bash "$top/tests/tls-oracle.sh" "$bin" >"$tmp/tlsoracle" 2>&1
relay "$tmp/tlsoracle"

# ---- 5a. --simulate against real Postfix 3.7 handshakes -----------------
bash "$top/tests/sim-oracle.sh" "$bin" >"$tmp/simoracle" 2>&1
relay "$tmp/simoracle"

# ---- 5b. certificates and keys read with OpenSSL --------------------------
sh "$top/tests/tls-certs.sh" "$bin" >"$tmp/certs" 2>&1
relay "$tmp/certs"

# ---- 6. TLS findings on the corpus are known and explained --------------
bash "$top/tests/corpus-findings.sh" "$bin" >"$tmp/corpusfind" 2>&1
relay "$tmp/corpusfind"

# ---- 7. real-world corpus against real postconf -------------------------
if bash "$top/tests/differential.sh" "$bin" >"$tmp/diff" 2>&1; then
    grep '^differential' "$tmp/diff" | while IFS= read -r l; do echo "     $l"; done
    if grep -q 'skipped: ' "$tmp/diff" && ! grep -q 'agree' "$tmp/diff"; then
        echo "skip differential: $(head -1 "$tmp/diff")"
    else
        pass "differential corpus (main, fields, params)"
    fi
else
    fail "differential corpus" "$tmp/diff"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
