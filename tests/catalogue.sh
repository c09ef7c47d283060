#!/bin/bash
# catalogue.sh - rules/postfix-diagnostics.tsv, the catalogue of Postfix's
# configuration-dependent diagnostics, against postlint's rules and cases.
#
# Checks: every row has the eight columns and a level and decidable value
# from the allowed sets; every rule id a row names is one of postlint's
# rules (--list-rules); every case a row names is a directory of testdata/
# whose expected output shows at least one of the row's rules. Prints the
# coverage: decidable rows, rows with a rule, rows with a case, per
# source directory with --coverage; --uncovered lists the decidable rows
# no rule checks yet (source, level, condition).
#
# Usage: tests/catalogue.sh POSTLINT_BINARY [--coverage | --uncovered]
set -u

bin=$1
mode=${2:-}
top=$(cd "$(dirname "$0")/.." && pwd)
cat=$top/rules/postfix-diagnostics.tsv
tmp=$(mktemp -d "${TMPDIR:-/tmp}/postlint-catalogue.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

"$bin" --list-rules | awk '{print $1}' >"$tmp/rules"
grep -v '^#' "$cat" | tail -n +2 >"$tmp/rows"
fail=0

bad=$(awk -F'\t' 'NF != 8 || $3 !~ /^(fatal|error|warning|info|panic)$/ ||
        $6 !~ /^(yes|partly|no)$/ || $1 !~ /^[a-z0-9_\/.-]+\.c:[0-9]+@v3\.7\.11$/ {
        print NR ": " $1 }' "$tmp/rows")
if [ -n "$bad" ]; then
    echo "FAIL catalogue: malformed rows:"
    printf '%s\n' "$bad" | head -20 | sed 's/^/     /'
    fail=$((fail + 1))
fi

# rule ids and cases
cut -f7 "$tmp/rows" | tr ',' '\n' | sed '/^$/d' | sort -u >"$tmp/named"
unknown=$(comm -23 "$tmp/named" <(sort -u "$tmp/rules"))
if [ -n "$unknown" ]; then
    echo "FAIL catalogue: rule ids that postlint does not have: $(echo $unknown)"
    fail=$((fail + 1))
fi
checked=0
while IFS=$'\t' read -r rules case; do
    [ -n "$case" ] || continue
    checked=$((checked + 1))
    d=$top/testdata/$case
    if [ ! -f "$d/expected" ] && [ ! -f "$d/oracle" ]; then
        echo "FAIL catalogue: case $case (rules $rules) is not a testdata case"
        fail=$((fail + 1))
        continue
    fi
    hit=no
    for r in ${rules//,/ }; do
        if grep -q "\\[$r\\]\$" "$d/expected" 2>/dev/null ||
           grep -q "^postlint: $r " "$d/oracle" 2>/dev/null; then
            hit=yes
        fi
    done
    if [ "$hit" = no ]; then
        echo "FAIL catalogue: case $case does not show any of $rules"
        fail=$((fail + 1))
    fi
done < <(cut -f7,8 "$tmp/rows" | sort -u)

total=$(wc -l <"$tmp/rows")
counts=$(awk -F'\t' '
    { n[$6]++ }
    $6 == "yes" && $7 != "" { r++ }
    $6 == "yes" && $8 != "" { c++ }
    $6 == "partly" && $7 != "" { pr++ }
    END { printf "%d %d %d %d %d %d", n["yes"], r, c, n["partly"], pr, n["no"] }' "$tmp/rows")
set -- $counts
yes=$1 with_rule=$2 with_case=$3 partly=$4 partly_rule=$5 no=$6
pct=$((with_rule * 100 / (yes > 0 ? yes : 1)))
if [ "$mode" = --uncovered ]; then
    awk -F'\t' '$6 == "yes" && $7 == "" { printf "%s\t%s\t%s\n", $1, $3, $5 }' "$tmp/rows"
    exit 0
fi
if [ "$mode" = --coverage ]; then
    echo "catalogue: $total rows ($yes decidable, $partly partly, $no not before reload)"
    echo "decidable rows with a rule: $with_rule ($pct%), with a case: $with_case"
    echo "partly decidable rows with a rule: $partly_rule"
    echo "by source directory (decidable rows: with a rule / all):"
    awk -F'\t' '$6 == "yes" { split($1, p, "/"); all[p[1]]++; if ($7 != "") r[p[1]]++ }
        END { for (d in all) printf "  %-16s %3d / %3d\n", d, r[d], all[d] }' "$tmp/rows" | sort
    exit 0
fi
if [ "$fail" -eq 0 ]; then
    echo "ok   catalogue: $total rows, rule ids exist, $checked rule/case pairs show their rule"
fi
echo "     catalogue coverage: $with_rule of $yes decidable rows ($pct%) have a rule, $with_case a case; $partly_rule of $partly partly decidable rows"
