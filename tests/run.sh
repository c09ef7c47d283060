#!/bin/sh
# run.sh - run every postlint test; the last line is
# "N passed, N failed, N skipped", the skipped tests listed above it.
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
#    tests/sarif.sh: every golden case as SARIF, schema-validated.
#    tests/notes.sh: headlines at most 200 characters, JSON message =
#    headline + separator + note, gcc note lines (issue 19).
#    tests/unit.sh: the fix plan's corner cases; udiff against patch.
#    tests/fix.sh: --fix and --diff (round trips, bytes, races).
#    tests/docs.sh: rule pages, --explain, the man page, make install.
#    tests/hook.sh: contrib/ reload wrapper and systemd drop-ins gate reload.
#    tests/package.sh: make install/uninstall/dist, the .deb built, installed,
#    used and removed, bash completion, docs/packaging.md's commands.
#    tests/editors.sh: the Vim errorformat of docs/editors.md, headless.
#    tests/cli.sh: --color on a tty, baseline round trip, usage errors.
#    tests/discovery.sh: finding what to lint as a user would (PATH
#    without /usr/sbin, MAIL_CONFIG, a dying postconf, --master alone,
#    bad -c/--root/--postfix-version values, -v and -q).
#    tests/layers.sh: no loop of #include or calls between src/ modules.
#    tests/rule-cases.sh: every rule has testdata/RULE/ (fires) and
#    testdata/RULE-ok/ (a near miss, quiet), without ../shared.
#    tests/root.sh: --root finds certificates inside a build root, only.
#    tests/hostile-input.sh: crafted input (nesting, FIFOs, /dev/zero as
#    a key, BOM, line endings, unprivileged, --no-exec) ends in seconds.
#    tests/security.sh: the adversarial test's reproducers (links out of
#    the directory, other users' files, swapped directories, expansion
#    bombs, encrypted keys, log pipes, crafted logs, control bytes).
#    tests/fuzz-regress.sh: fuzz seeds and crash reproducers replayed
#    through the harnesses built beside the binary (BUILD/replay/).
# 4. tests/story.sh: the founding case's findings, at their lines.
#    tests/log-story.sh: postlint log on the founding case's mail logs.
#    tests/log-robust.sh: postlint log on hostile input, --fix.
# 5. tests/tls-oracle.sh: the computed TLS policy against real STARTTLS
#    handshakes with a throw-away Postfix 3.7 (root, postfix installed).
#    tests/sim-oracle.sh: --simulate against real handshakes, 12 configs
#    tests/relay-oracle.sh: the relay simulation against real smtpd's
#    RCPT replies (XCLIENT), 29 configs
#    x every sender profile the local OpenSSL can express.
#    tests/tables.sh: tables built with the real postmap (fresh, stale,
#    missing), hostile tables. tests/table-postmap.sh: regexp/pcre/cidr
#    lines against postmap's warnings. tests/corpus-tables.sh: the
#    corpus's 86 real tables, every finding with a verdict.
#    tests/catalogue.sh: rules/postfix-diagnostics.tsv names real rules and
#    cases. tests/catalogue-oracle.sh: catalogue rows that real Postfix 3.7
#    shows (postconf, postfix check, a throw-away instance), reported by
#    postlint at the same line.
# 6. tests/corpus-findings.sh: every finding on the corpus, with a verdict.
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
skipped=0
skip() {
    skipped=$((skipped + 1)); echo "skip $1"
    echo "$1" >>"$tmp/skipped"
}
fail() {
    failed=$((failed + 1)); echo "FAIL $1"; echo "$1" >>"$tmp/failed"
    [ -n "${2:-}" ] && sed 's/^/     /' "$2" | head -40
}
# relay FILE: count a checker script's "ok ..." / "FAIL ..." lines; show the rest.
relay() {
    while IFS= read -r line; do
        case "$line" in
        "ok "*) pass "${line#ok }" ;;
        "FAIL "*) fail "${line#FAIL }" ;;
        "skip "*) skip "${line#skip }" ;;
        *) echo "     $line" ;;
        esac
    done <"$1"
}

if [ ! -x "$bin" ]; then
    echo "tests/run.sh: no postlint binary at $bin (run make first)" >&2
    echo "0 passed, 1 failed, 0 skipped"
    exit 1
fi

# ---- 1. golden cases ---------------------------------------------------
for dir in "$top"/testdata/*/; do
    case_name=$(basename "$dir")
    [ -f "$dir/args" ] || continue
    args=$(cat "$dir/args")
    want_status=$(cat "$dir/status" 2>/dev/null || echo 0)
    rundir=$dir
    # A case with a `setup` script runs in a copy, prepared by it (file
    # modes and owners git cannot record).
    if [ -f "$dir/setup" ]; then
        rundir="$tmp/case" && rm -rf "$rundir" && cp -a "$dir" "$rundir"
        if ! (cd "$rundir" && sh ./setup) >"$tmp/setup.out" 2>&1; then
            if grep -q '^skip' "$tmp/setup.out"; then
                skip "golden $case_name: $(grep '^skip' "$tmp/setup.out" | head -1)"
            else
                fail "golden $case_name: setup failed" "$tmp/setup.out"
            fi
            continue
        fi
    fi
    # shellcheck disable=SC2086
    (cd "$rundir" && eval "$wrapper \"\$POSTLINT_BIN\" $args" \
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
            warnings)
                # postconf's "unused parameter" warnings against the names
                # postlint calls unknown or not in this version.
                postconf -c "$tmp/pc" 2>&1 >/dev/null |
                    sed -n 's/.*unused parameter: \([^=]*\)=.*/\1/p' | sort -u >"$tmp/want"
                $wrapper "$bin" --no-exec --postfix-version 3.7.11 --no-files \
                    -c "$tmp/pc" 2>/dev/null |
                    sed -n -E 's/^[^ ]*: (warning|info|error): (unknown parameter )?([a-z0-9_]+)[: ].*\[(unknown-parameter|parameter-not-in-version)\]$/\3/p' |
                    sort -u >"$tmp/got"
                if diff -u "$tmp/want" "$tmp/got" >"$tmp/why" 2>&1; then
                    pass "postconf $case_name: the same unused parameters"
                else
                    fail "postconf $case_name: unused parameters differ" "$tmp/why"
                fi
                continue ;;
            *) fail "postconf $case_name: unknown view $view"; continue ;;
            esac
            postconf -c "$tmp/pc" $flag 2>/dev/null |
                grep -a -v "^config_directory = $tmp/pc\$" >"$tmp/want"
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
    skip "postconf agreement on edge cases: postconf is not installed"
fi

# ---- 3. bad input --------------------------------------------------------
sh "$top/tests/bad-input.sh" "$bin" >"$tmp/bad" 2>&1
relay "$tmp/bad"

# ---- 3a. SARIF of every golden case against the official schema ----------
sh "$top/tests/sarif.sh" "$bin" >"$tmp/sarif" 2>&1
relay "$tmp/sarif"
sh "$top/tests/notes.sh" "$bin" >"$tmp/notes" 2>&1
relay "$tmp/notes"

# ---- 3a'. unit checks (fix plan, udiff) -----------------------------------
sh "$top/tests/unit.sh" "$(dirname "$bin")/postlint-unit" >"$tmp/unit" 2>&1
relay "$tmp/unit"

# ---- 3b. --fix and --diff ------------------------------------------------
bash "$top/tests/fix.sh" "$bin" >"$tmp/fix" 2>&1
relay "$tmp/fix"

# ---- 3c. documentation: rule pages, --explain, man page, install --------
sh "$top/tests/docs.sh" "$bin" >"$tmp/docs" 2>&1
relay "$tmp/docs"

# ---- 3d. pre-reload hooks (contrib/) and editor integration ---------------
bash "$top/tests/hook.sh" "$bin" >"$tmp/hook" 2>&1
relay "$tmp/hook"
bash "$top/tests/package.sh" "$bin" >"$tmp/package" 2>&1
relay "$tmp/package"
sh "$top/tests/editors.sh" "$bin" >"$tmp/editors" 2>&1
relay "$tmp/editors"
sh "$top/tests/cli.sh" "$bin" >"$tmp/cli" 2>&1
relay "$tmp/cli"
sh "$top/tests/discovery.sh" "$bin" >"$tmp/discovery" 2>&1
relay "$tmp/discovery"
sh "$top/tests/layers.sh" "$bin" >"$tmp/layers" 2>&1
relay "$tmp/layers"
sh "$top/tests/rule-cases.sh" "$bin" >"$tmp/rulecases" 2>&1
relay "$tmp/rulecases"
sh "$top/tests/root.sh" "$bin" >"$tmp/root" 2>&1
relay "$tmp/root"
sh "$top/tests/hostile-input.sh" "$bin" >"$tmp/hostile" 2>&1
relay "$tmp/hostile"
bash "$top/tests/security.sh" "$bin" >"$tmp/security" 2>&1
relay "$tmp/security"

sh "$top/tests/fuzz-regress.sh" "$(dirname "$bin")/replay" >"$tmp/fuzzreg" 2>&1
relay "$tmp/fuzzreg"

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

# ---- 5a'. the relay simulation against real smtpd at RCPT TO --------------
bash "$top/tests/relay-oracle.sh" "$bin" >"$tmp/relayoracle" 2>&1
relay "$tmp/relayoracle"

# ---- 5a''. lookup tables built with the real postmap, hostile tables -----
bash "$top/tests/tables.sh" "$bin" >"$tmp/tables" 2>&1
relay "$tmp/tables"
# table lines against postmap's warnings; the corpus's real tables
bash "$top/tests/table-postmap.sh" "$bin" >"$tmp/tablepostmap" 2>&1
relay "$tmp/tablepostmap"
bash "$top/tests/corpus-tables.sh" "$bin" >"$tmp/corpustables" 2>&1
relay "$tmp/corpustables"

# ---- 5a'''. Postfix's own diagnostics: the catalogue, real Postfix --------
bash "$top/tests/catalogue.sh" "$bin" >"$tmp/catalogue" 2>&1
relay "$tmp/catalogue"
bash "$top/tests/catalogue-oracle.sh" "$bin" >"$tmp/catoracle" 2>&1
relay "$tmp/catoracle"

# ---- 5b. certificates and keys read with OpenSSL --------------------------
sh "$top/tests/tls-certs.sh" "$bin" >"$tmp/certs" 2>&1
relay "$tmp/certs"

# ---- 6. every finding on the corpus is known, with a verdict -----------
bash "$top/tests/corpus-findings.sh" "$bin" >"$tmp/corpusfind" 2>&1
relay "$tmp/corpusfind"

# ---- 7. real-world corpus against real postconf -------------------------
if bash "$top/tests/differential.sh" "$bin" >"$tmp/diff" 2>&1; then
    grep '^differential' "$tmp/diff" | while IFS= read -r l; do echo "     $l"; done
    if grep -q 'skipped: ' "$tmp/diff" && ! grep -q 'agree' "$tmp/diff"; then
        skip "differential: $(head -1 "$tmp/diff")"
    else
        pass "differential corpus (main, fields, params)"
    fi
else
    fail "differential corpus" "$tmp/diff"
fi

# The failures again, next to the summary: a CI report often shows only a tail.
if [ -s "$tmp/failed" ]; then
    echo "failed:"
    sed 's/^/  - /' "$tmp/failed"
fi
if [ -s "$tmp/skipped" ]; then
    echo "skipped:"
    sed 's/^/  - /' "$tmp/skipped"
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
