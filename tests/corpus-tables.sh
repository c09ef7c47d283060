#!/bin/bash
# corpus-tables.sh - precision on real lookup tables: every finding the
# table rules make on ../shared/corpus/tables/ is listed with a verdict.
#
# Each table of the corpus's MANIFEST.tsv is named by a one-line main.cf
# in a scratch configuration directory, under the parameter the table
# was written for (its "used_as"; check_*_access tables inside the
# restriction list of that name). hash: sources are built with the real
# postmap when it is installed (else read as texthash:, which needs no
# build); database client .cf files are named with the type their
# manifest note gives. The table is copied in, so the findings point at
# the copy: rows are reported as "TABLE  rule  severity  FILE:LINE", with
# FILE the copy's base name.
#
# Besides the verdicts, the count of regexp:/pcre:/cidr: warnings is
# compared with what postmap said of each table (the manifest's
# postmap_warnings column), so a table rule that goes quiet fails too.
#
# tests/corpus-tables.tsv lists each row with a verdict (true, noise:
# info only, or false: must be zero). New or vanished rows fail.
#
# Usage: tests/corpus-tables.sh POSTLINT_BINARY [--update]
set -u

bin=$1
mode=${2:-}
case "$bin" in /*) ;; *) bin="$(pwd)/$bin" ;; esac
top=$(cd "$(dirname "$0")/.." && pwd)
tables=${POSTLINT_CORPUS:-$top/../shared/corpus}/tables
known=$top/tests/corpus-tables.tsv
postmap=/usr/sbin/postmap
opts="--no-exec --postfix-version 3.7.11 --openssl-version 3.0"

if [ ! -f "$tables/MANIFEST.tsv" ]; then
    echo "skip corpus tables: $tables/MANIFEST.tsv not found"
    exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/postlint-ctables.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
master=/usr/share/postfix/master.cf.dist
[ -f "$master" ] || master=$top/testdata/story-2.6.6/master.cf
[ -f "$master" ] || master=/dev/null

# type_of KIND NOTES: the lookup type a table of this kind is named with
type_of() {
    case "$1" in
    regexp | pcre | cidr | texthash) echo "$1" ;;
    dbms-cf)
        case "$2" in
        *pgsql*) echo pgsql ;; *ldap*) echo ldap ;; *sqlite*) echo sqlite ;;
        *memcache*) echo memcache ;; *) echo mysql ;;
        esac ;;
    *) echo hash ;;
    esac
}

# setting_for USED_AS KIND REF: the main.cf line that names REF
setting_for() {
    local p=${1%%[ ,;(]*}
    [ -n "$p" ] || case "$2" in
        transport | hash-source) p=transport_maps ;; dbms-cf) p=virtual_alias_maps ;;
        *) p=header_checks ;;
        esac
    case "$p" in
    check_*_access)
        printf 'smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination, %s %s\n' "$p" "$3" ;;
    smtpd_*_restrictions)
        printf '%s = check_sender_access %s\n' "$p" "$3" ;;
    relay_domains) printf 'transport_maps = %s\n' "$3" ;;
    *) printf '%s = %s\n' "$p" "$3" ;;
    esac
}

: >"$tmp/rows"
counted=0 count_fail=0
# (tabs become \037: read would merge the empty fields between tabs)
while IFS=$'\037' read -r file _repo _path _commit kind used notes pmw; do
    [ "$file" = file ] && continue
    [ "$kind" = other ] && continue          # not lookup tables (see notes)
    d=$tmp/cfg
    rm -rf "$d" && mkdir "$d"
    base=$(basename "$file")
    cp "$tables/$file" "$d/$base"
    chmod 640 "$d/$base"           # the corpus keeps no modes: as deployed with care
    type=$(type_of "$kind" "$notes")
    if [ "$type" = hash ]; then
        if [ -x "$postmap" ]; then
            "$postmap" -c /etc/postfix "hash:$d/$base" 2>/dev/null || type=texthash
        else
            type=texthash
        fi
    fi
    { echo "compatibility_level = 3.6"
      setting_for "$used" "$kind" "$type:$d/$base"; } >"$d/main.cf"
    cp "$master" "$d/master.cf"
    # shellcheck disable=SC2086
    "$bin" $opts -c "$d" >"$tmp/out" 2>&1
    rc=$?
    if [ "$rc" -ge 2 ]; then
        printf '%s\tcannot-lint\texit-%s\t-\n' "$file" "$rc" >>"$tmp/rows"
        continue
    fi
    sed -n -E "s|^$d/([^:]+):([0-9]+):[0-9]+: ([a-z]+): .*\\[([a-z-]+)\\]\$|$file\t\\4\t\\3\t\\1:\\2|p" \
        "$tmp/out" | sed "s|\t$base:|\tTABLE:|" >>"$tmp/rows"
    # the table checker's warnings against postmap's count
    case "$kind" in regexp | pcre | cidr)
        n=$(grep -c "\\[table-syntax\\]\$" "$tmp/out")
        counted=$((counted + 1))
        if [ "$n" != "$pmw" ]; then
            count_fail=$((count_fail + 1))
            echo "FAIL corpus tables: $file: $n table-syntax findings, postmap said $pmw warnings"
        fi ;;
    esac
done < <(tr '\t' '\037' <"$tables/MANIFEST.tsv")
sort -u "$tmp/rows" >"$tmp/found"

if [ "$mode" = --update ]; then
    awk -F'\t' 'FILENAME == ARGV[1] { v[$1 "\t" $2 "\t" $3 "\t" $4] = $5 "\t" $6; next }
        { k = $0; print k "\t" (k in v ? v[k] : "TODO\tTODO") }' \
        "$known" "$tmp/found" >"$tmp/new" 2>/dev/null
    { printf 'table\trule\tseverity\tlocation\tverdict\treason\n'
      cat "$tmp/new"; } >"$known"
    echo "updated $known: $(wc -l <"$tmp/found") rows"
    exit 0
fi

fail=$count_fail
tail -n +2 "$known" | cut -f1-4 | sort -u >"$tmp/listed"
comm -23 "$tmp/found" "$tmp/listed" | while IFS= read -r row; do
    echo "FAIL corpus table finding not in tests/corpus-tables.tsv (new, or false?): $row"
done
comm -13 "$tmp/found" "$tmp/listed" | while IFS= read -r row; do
    echo "FAIL corpus table finding listed in tests/corpus-tables.tsv but gone: $row"
done
diffs=$(comm -3 "$tmp/found" "$tmp/listed" | wc -l)
fail=$((fail + diffs))
bad=$(awk -F'\t' 'NR > 1 && ($5 == "false" || $5 == "TODO" || $6 == "" ||
        ($5 == "noise" && $3 != "info"))' "$known")
if [ -n "$bad" ]; then
    echo "FAIL tests/corpus-tables.tsv: false findings, rows without a verdict, or noise above info:"
    printf '%s\n' "$bad" | sed 's/^/     /'
    fail=$((fail + 1))
fi
if [ "$fail" -eq 0 ]; then
    echo "ok   corpus tables: $(wc -l <"$tmp/found") findings on $(tail -n +2 "$tables/MANIFEST.tsv" | wc -l) tables, each with a verdict; $counted regexp/pcre/cidr tables give postmap's warning count"
fi
