#!/bin/bash
# tables.sh - lookup tables built with the real postmap: fresh, stale,
# missing, of the wrong format; files Postfix cannot read; hostile
# tables (a FIFO, a directory, /dev/zero, a symbolic link loop, garbage,
# a 100 MB .cf) each get a finding naming the file, quickly, without a
# crash; and --no-files reads none of them.
#
# Usage: tests/tables.sh POSTLINT_BINARY   (prints "ok ..."/"FAIL ...";
# "skip" when postmap is not installed)
set -u
bin=$1
case "$bin" in /*) ;; *) bin="$(pwd)/$bin" ;; esac
wrapper=${POSTLINT_WRAPPER:-}

if ! command -v postmap >/dev/null 2>&1; then
    echo "skip tables: postmap is not installed"
    exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/postlint-tables.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# lint MAIN_LINES...: lint a main.cf of these lines (with a stock-like
# master.cf) for the Postfix installed here; output in $tmp/out.
lint() {
    printf 'compatibility_level = 3.6\n' >"$tmp/main.cf"
    printf '%s\n' "$@" >>"$tmp/main.cf"
    printf 'smtp inet n - y - - smtpd\namavis unix - - n - 2 smtp\n' >"$tmp/master.cf"
    # shellcheck disable=SC2086
    timeout 10 $wrapper "$bin" --postfix-version "$version" ${extra:-} -c "$tmp" >"$tmp/out0" 2>&1
    echo $? >"$tmp/status"
    # One line per finding: its note line (if any) before its [rule-id].
    awk '/^  note: / { if (match(line, / \[[a-z0-9-]+\]$/))
                           line = substr(line, 1, RSTART - 1) $0 substr(line, RSTART)
                       else line = line $0
                       next }
         { if (NR > 1) print line; line = $0 }
         END { if (NR) print line }' "$tmp/out0" >"$tmp/out"
}

# expect NAME PATTERN: the output matches PATTERN ("" = no table finding).
expect() {
    local name=$1 pattern=$2
    if [ -z "$pattern" ]; then
        if grep -qE '\[(table-|access-table|transport-unknown|proxy-table)' "$tmp/out"; then
            echo "FAIL tables $name: unexpected: $(grep -m1 -E '\[(table-|access)' "$tmp/out" | cut -c1-200)"
        else
            echo "ok   tables $name"
        fi
    elif grep -qE -- "$pattern" "$tmp/out"; then
        echo "ok   tables $name"
    else
        echo "FAIL tables $name: no /$pattern/ in: $(head -c 400 "$tmp/out")"
    fi
}

version=$(postconf -dh mail_version 2>/dev/null)
d=$tmp/t
mkdir "$d"

printf 'a@example.com b@example.com\n' >"$d/virtual"
postmap "hash:$d/virtual"
lint "virtual_alias_maps = hash:$d/virtual"
expect "fresh hash table: no finding" ""

touch -d '+5 sec' "$d/virtual"
lint "virtual_alias_maps = hash:$d/virtual"
expect "source newer than the .db: stale" "warning: hash:$d/virtual .*older than its source.*run \"postmap hash:$d/virtual\".*\[table-not-built\]"

postmap "hash:$d/virtual"
rm "$d/virtual.db"
lint "virtual_alias_maps = hash:$d/virtual"
expect "no .db: never built" "error: hash:$d/virtual .*never built.*No such file or directory.*\[table-not-built\]"

postmap "btree:$d/virtual"
lint "virtual_alias_maps = hash:$d/virtual"
expect "a btree .db read as hash:" "error: .*not a Berkeley DB hash file.*Invalid argument.*\[table-not-built\]"

postmap "hash:$d/virtual"
rm "$d/virtual" "$d/virtual.db"
lint "virtual_alias_maps = hash:$d/virtual"
expect "neither source nor .db" "error: .*neither $d/virtual.db nor its source.*\[table-missing\]"

lint "smtpd_client_restrictions = check_client_access cidr:$d/nope.cidr"
expect "a missing cidr: file" "error: cidr:$d/nope.cidr .*open $d/nope.cidr: No such file.*\[table-missing\]"

lint "virtual_alias_maps = hsh:$d/virtual"
expect "a misspelled type" "\"hsh\" .*not a table type.*\[table-type-unsupported\]"

# postconf -m: a plugin type whose package is not installed here.
if ! postconf -m | grep -qx cdb; then
    printf 'a b\n' >"$d/c"
    lint "virtual_alias_maps = cdb:$d/c"
    expect "cdb: without postfix-cdb" "not supported by the Postfix installed here.*postfix-cdb.*\[table-type-unsupported\]"
fi

# Hostile tables: a finding naming the file, and no hang (lint's timeout;
# the time is printed, not judged: speed is make bench's business).
mkfifo "$d/fifo"
mkdir "$d/dir"
ln -s "$d/loop1" "$d/loop2"
ln -s "$d/loop2" "$d/loop1"
head -c 300000 /dev/urandom >"$d/garbage"
for t in fifo dir loop1 garbage; do
    start=$(date +%s%N)
    extra=--no-exec lint "smtpd_client_restrictions = check_client_access texthash:$d/$t, check_client_access cidr:$d/$t"
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    if [ "$(cat "$tmp/status")" -ge 3 ] 2>/dev/null; then
        echo "FAIL tables hostile $t: exit $(cat "$tmp/status") after $ms ms"
    elif [ "$t" != garbage ] && ! grep -q "$d/$t" "$tmp/out"; then
        echo "FAIL tables hostile $t: no finding names the file"
    else
        echo "ok   tables hostile $t: handled in $ms ms"
    fi
done
lint "virtual_alias_maps = texthash:/dev/zero"
expect "/dev/zero is not read" "texthash:/dev/zero .*not a regular file.*\[table-missing\]"

# A 100 MB database client file: streamed (peak memory far below its
# size, when GNU time can tell and no sanitizer or wrapper inflates it),
# findings bounded.
yes 'bogus_key_of_a_very_long_configuration = value' | head -c 100000000 >"$d/big.cf"
printf 'compatibility_level = 3.6\nvirtual_alias_maps = mysql:%s\n' "$d/big.cf" >"$tmp/main.cf"
kb=0
if [ -x /usr/bin/time ] && [ -z "$wrapper" ] && ! nm "$bin" 2>/dev/null | grep -q __asan_init; then
    /usr/bin/time -f '%M' -o "$tmp/rss" timeout 10 "$bin" --postfix-version "$version" \
        --no-exec -c "$tmp" >"$tmp/out" 2>&1
    kb=$(tail -n 1 "$tmp/rss")
else
    extra=--no-exec lint "virtual_alias_maps = mysql:$d/big.cf"
fi
n=$(grep -c 'table-client-config' "$tmp/out")
if [ "$n" -gt 0 ] && [ "$n" -le 25 ] && [ "$kb" -lt 51200 ] 2>/dev/null; then
    if [ "$kb" = 0 ]; then peak="peak memory not measured here"; else peak="$kb KB peak"; fi
    echo "ok   tables a 100 MB .cf: $n findings, $peak"
else
    echo "FAIL tables a 100 MB .cf: $n findings, $kb KB peak"
fi

# --no-files: nothing is read, and the note says what was not checked.
extra=--no-files lint "virtual_alias_maps = hash:$d/nothing-here" "transport_maps = texthash:$d/none"
expect "--no-files reads no table" "lookup tables named by (transport_maps, virtual_alias_maps|virtual_alias_maps, transport_maps) were not read"
if grep -qE '\[(table-missing|table-not-built)\]' "$tmp/out"; then
    echo "FAIL tables --no-files: a table was read"
fi
exit 0
