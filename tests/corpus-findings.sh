#!/bin/bash
# corpus-findings.sh - TLS findings on the real-world corpus must be known.
#
# Lints every corpus main.cf (with the master.cf beside it, else Debian's
# default) for Postfix 3.7.11 and lists its TLS findings as
# "corpus-file<TAB>rule<TAB>file:line". Each must appear in
# tests/corpus-tls-findings.tsv, whose last column says why the finding is
# true (tls-certificate is left out: the corpus names certificate files
# of other machines); a finding not listed (a new rule, or a false positive) fails, and
# so does a listed one that no longer appears. Postfix's own default
# configuration must give no TLS finding at all.
#
# Usage: tests/corpus-findings.sh POSTLINT_BINARY [--update]
set -u

bin=$1
update=${2:-}
top=$(cd "$(dirname "$0")/.." && pwd)
corpus=${POSTLINT_CORPUS:-$top/../shared/corpus}
known=$top/tests/corpus-tls-findings.tsv
dist=/usr/share/postfix

if [ ! -d "$corpus" ]; then
    echo "skip corpus TLS findings: $corpus not found"
    exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/postlint-corpus.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

for f in "$corpus"/*/*main.cf*; do
    rel=${f#"$corpus"/}
    d=$tmp/cfg
    rm -rf "$d" && mkdir "$d"
    cat "$f" >"$d/main.cf"
    m=${f%main.cf*}master.cf${f##*main.cf}
    if [ -f "$m" ]; then cat "$m" >"$d/master.cf"
    elif [ -f "$dist/master.cf.dist" ]; then cat "$dist/master.cf.dist" >"$d/master.cf"
    else : >"$d/master.cf"; fi
    "$bin" --no-exec --postfix-version 3.7.11 --openssl-version 3.0 -c "$d" 2>/dev/null |
        grep -v '\[tls-certificate\]$' |
        sed -n -E "s|^$d/([a-z]+\\.cf):([0-9]+):[0-9]+: [a-z]+: .*\\[(tls-[a-z-]+)\\]\$|$rel\t\\3\t\\1:\\2|p"
done | sort -u >"$tmp/found"

if [ "$update" = --update ]; then
    # Keep existing explanations; new rows get a placeholder to fill in.
    awk -F'\t' 'NR == FNR { why[$1 "\t" $2 "\t" $3] = $4; next }
        { k = $0; print k "\t" (k in why ? why[k] : "TODO: explain why this is true") }' \
        "$known" "$tmp/found" >"$tmp/new"
    { echo -e "corpus_file\trule\tlocation\twhy_it_is_true"; cat "$tmp/new"; } >"$known"
    echo "updated $known"
    exit 0
fi

tail -n +2 "$known" | cut -f1-3 | sort -u >"$tmp/listed"
status=0
while IFS= read -r row; do
    echo "FAIL corpus TLS finding not documented (a false positive?): $row"
    status=1
done < <(comm -23 "$tmp/found" "$tmp/listed")
while IFS= read -r row; do
    echo "FAIL corpus TLS finding documented but gone: $row"
    status=1
done < <(comm -13 "$tmp/found" "$tmp/listed")
if grep -q 'TODO' "$known"; then
    echo "FAIL corpus TLS findings: $known has unexplained rows"
    status=1
fi
n=$(wc -l <"$tmp/found")
[ "$status" = 0 ] && echo "ok corpus TLS findings: all $n known and explained"

# Postfix's own default configuration: no TLS finding.
if [ -f "$dist/main.cf.dist" ] && [ -f "$dist/master.cf.dist" ]; then
    d=$tmp/default
    mkdir "$d"
    cat "$dist/main.cf.dist" >"$d/main.cf"
    cat "$dist/master.cf.dist" >"$d/master.cf"
    if "$bin" --no-exec --postfix-version 3.7.11 -c "$d" | grep -q '\[tls-'; then
        echo "FAIL Postfix default configuration: TLS findings"
        status=1
    else
        echo "ok Postfix default configuration: no TLS finding"
    fi
fi
exit 0
