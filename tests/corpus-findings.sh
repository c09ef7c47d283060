#!/bin/bash
# corpus-findings.sh - precision on real configurations: every finding
# postlint reports on ../shared/corpus is known, with a verdict.
#
# Each corpus main.cf is linted with its own master.cf: the one of the
# same path and commit, else one of the same path that no other main.cf
# pairs with (of about the same time), else the newest of the same path
# or repository (@HEAD), else Debian's stock one. A
# master.cf that no main.cf took is linted with Debian's stock main.cf
# (main.cf.debian and main.cf.tls, as the package installs it): its own
# main.cf is not in the corpus, and "all defaults" would invent findings
# (no certificate) that no real server has. The target is the Postfix of the oracle, 3.7.11 with OpenSSL
# 3.0, so that any finding can be checked against real Postfix; and
# --no-files, since the certificates and tables the files name are on
# other machines.
#
# Every finding becomes a row "corpus-file, rule, severity, location";
# a file postlint refuses (a template) becomes a row with rule
# "cannot-lint". tests/corpus-findings.tsv lists each row with a verdict
# and a one-line reason:
#   true   the finding is right, checked in the file (and with real
#          Postfix where that is possible);
#   noise  right, but nothing to block a reload for: only at info.
# The test fails when a finding appears that the table does not list,
# when a listed one disappears, when a row has no reason, and when a
# warning or an error is called noise (noise must be info). A change in
# precision then shows in review as a change of this table.
#
# Usage: tests/corpus-findings.sh POSTLINT_BINARY [--update | --counts]
#   --update   rewrite the table: keep the verdicts of known rows, add new
#              rows with verdict TODO (the test fails until they are filled)
#   --counts   print the findings per rule and severity, and the gate
#              result per configuration (for before/after reports)
set -u

bin=$1
mode=${2:-}
top=$(cd "$(dirname "$0")/.." && pwd)
corpus=${POSTLINT_CORPUS:-$top/../shared/corpus}
known=$top/tests/corpus-findings.tsv
dist=/usr/share/postfix
opts=${POSTLINT_CORPUS_OPTS:---no-exec --postfix-version 3.7.11 --openssl-version 3.0 --no-files}

if [ ! -d "$corpus" ]; then
    echo "skip corpus findings: $corpus not found"
    exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/postlint-corpus.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# pick_master MAIN: the master.cf that goes with MAIN (path), or "". The
# same path and commit; else one of the same path that no main.cf of its
# own commit takes (an older main.cf with the older master.cf); else the
# newest of the same path, else of the repository.
pick_master() {
    local main=$1 dir base prefix m
    dir=$(dirname "$main")
    base=$(basename "$main")
    m=$dir/${base/main.cf/master.cf}
    if [ -f "$m" ]; then echo "$m"; return; fi
    prefix=${base%%main.cf*}
    for m in "$dir/${prefix}master.cf"*; do
        [ -f "$m" ] || continue
        [ -f "$dir/$(basename "${m/master.cf/main.cf}")" ] && continue
        echo "$m"
        return
    done
    for m in "$dir/${prefix}master.cf@HEAD" "$dir/${prefix}master.cf"* \
             "$dir"/*master.cf@HEAD "$dir"/*master.cf*; do
        if [ -f "$m" ]; then echo "$m"; return; fi
    done
}

# lint REL MAIN MASTER: the rows of one configuration.
lint() {
    local rel=$1 d=$tmp/cfg rc
    rm -rf "$d" && mkdir "$d"
    cat "$2" >"$d/main.cf"
    cat "$3" >"$d/master.cf"
    # shellcheck disable=SC2086
    "$bin" $opts -c "$d" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ "$rc" -ge 2 ]; then
        printf '%s\tcannot-lint\texit-%s\t-\n' "$rel" "$rc"
        return
    fi
    sed -n -E "s|^$d/([a-z]+\\.cf):([0-9]+):[0-9]+: ([a-z]+): .*\\[([a-z-]+)\\]\$|$rel\t\\4\t\\3\t\\1:\\2|p
s|^postlint: ([a-z]+): .*\\[([a-z-]+)\\]\$|$rel\t\\2\t\\1\t-|p" "$tmp/out" "$tmp/err"
}

: >"$tmp/used"
: >"$tmp/pairs"
for f in "$corpus"/*/*main.cf*; do
    rel=${f#"$corpus"/}
    m=$(pick_master "$f")
    if [ -n "$m" ]; then
        echo "$m" >>"$tmp/used"
        echo "$rel + ${m#"$corpus"/}" >>"$tmp/pairs"
    else
        m=$dist/master.cf.dist
        [ -f "$m" ] || m=/dev/null
        echo "$rel + Debian's master.cf" >>"$tmp/pairs"
    fi
    lint "$rel" "$f" "$m"
done >"$tmp/rows"
cat "$dist/main.cf.debian" "$dist/main.cf.tls" >"$tmp/debian-main.cf" 2>/dev/null
for f in "$corpus"/*/*master.cf*; do
    grep -qxF "$f" "$tmp/used" && continue
    rel=${f#"$corpus"/}
    echo "$rel + Debian's main.cf" >>"$tmp/pairs"
    lint "$rel" "$tmp/debian-main.cf" "$f"
done >>"$tmp/rows"
sort -u "$tmp/rows" >"$tmp/found"

if [ "$mode" = --counts ]; then
    echo "configurations: $(wc -l <"$tmp/pairs")"
    echo "findings per rule (severity: count):"
    cut -f2,3 "$tmp/found" | sort | uniq -c | sort -k2 |
        awk '{printf "  %-30s %-8s %d\n", $2, $3, $1}'
    echo "configurations failing the default gate (a warning or an error): $(
        awk -F'\t' '$3 == "warning" || $3 == "error" {print $1}' "$tmp/found" | sort -u | wc -l)"
    exit 0
fi

if [ "$mode" = --update ]; then
    awk -F'\t' 'FILENAME == ARGV[1] { v[$1 "\t" $2 "\t" $3 "\t" $4] = $5 "\t" $6; next }
        { k = $0; print k "\t" (k in v ? v[k] : "TODO\tTODO") }' \
        "$known" "$tmp/found" >"$tmp/new"
    { printf 'corpus_file\trule\tseverity\tlocation\tverdict\treason\n'
      cat "$tmp/new"; } >"$known"
    echo "updated $known ($(wc -l <"$tmp/new") rows)"
    exit 0
fi

status=0
tail -n +2 "$known" | cut -f1-4 | sort -u >"$tmp/listed"
while IFS= read -r row; do
    echo "FAIL corpus finding not in tests/corpus-findings.tsv (new, or false?): $row"
    status=1
done < <(comm -23 "$tmp/found" "$tmp/listed")
while IFS= read -r row; do
    echo "FAIL corpus finding listed in tests/corpus-findings.tsv but gone: $row"
    status=1
done < <(comm -13 "$tmp/found" "$tmp/listed")
bad=$(tail -n +2 "$known" | awk -F'\t' '
    ($5 != "true" && $5 != "noise") || $6 == "" || $6 == "TODO" ||
    ($5 == "noise" && $3 != "info" && $2 != "cannot-lint")' | head -5)
if [ -n "$bad" ]; then
    echo "FAIL tests/corpus-findings.tsv: rows without a verdict and reason, or noise above info:"
    echo "$bad" | sed 's/^/     /'
    status=1
fi
n=$(wc -l <"$tmp/found")
gate=$(awk -F'\t' '$3 == "warning" || $3 == "error" {print $1}' "$tmp/found" | sort -u | wc -l)
[ "$status" = 0 ] && echo "ok   corpus findings: all $n known, each with a verdict ($(wc -l <"$tmp/pairs") configurations, $gate fail the default gate, every one on a true finding)"

# Postfix's own default configuration and Debian's: not a single
# warning or error.
for stock in "Postfix's default:main.cf.dist" "Debian's:debian-main.cf"; do
    name=${stock%%:*} file=${stock#*:}
    main=$dist/$file
    [ "$file" = debian-main.cf ] && main=$tmp/debian-main.cf
    [ -s "$main" ] && [ -f "$dist/master.cf.dist" ] || continue
    d=$tmp/stock
    rm -rf "$d" && mkdir "$d"
    # main.cf.dist leaves the install-time paths empty (sendmail_path,
    # setgid_group ...): postfix-install fills them in, and real Postfix
    # refuses them empty ("fatal: bad string length 0 < 1: setgid_group
    # = "), so they are dropped here as the installer replaces them.
    grep -vE '^(sendmail_path|newaliases_path|mailq_path|setgid_group|html_directory|manpage_directory|sample_directory|readme_directory) *= *$' \
        "$main" >"$d/main.cf"
    cat "$dist/master.cf.dist" >"$d/master.cf"
    # shellcheck disable=SC2086
    if "$bin" $opts -c "$d" | grep -qE ': (warning|error): '; then
        echo "FAIL $name configuration: warnings or errors"
    else
        echo "ok   $name configuration: no warning, no error"
    fi
done
exit 0
