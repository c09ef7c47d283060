#!/bin/sh
# docs.sh - the documentation is there and works:
# - every rule has docs/rules/RULE.md with a Bad and a Good section, a row
#   in docs/rules/README.md, and --explain RULE prints exactly that page;
# - the man page renders without a warning (man -l, groff -ww), and names
#   every option --help lists;
# - make install puts the binary, the man page and the rule pages in place.
#
# Usage: tests/docs.sh POSTLINT_BINARY   (prints "ok ..." / "FAIL ...")
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$1
case "$bin" in /*) ;; *) bin="$(pwd)/$bin" ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/postlint-docs.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

"$bin" --list-rules | awk '{print $1}' >"$tmp/rules"
n=0 bad=0
while read -r rule; do
    n=$((n + 1))
    page="$top/docs/rules/$rule.md"
    why=""
    if [ ! -f "$page" ]; then
        why="no page"
    elif ! grep -q '^## Bad' "$page" || ! grep -q '^## Good' "$page"; then
        why="no Bad or no Good section"
    elif ! grep -q '^## Suppressing' "$page" || grep -q 'Not possible yet' "$page"; then
        why="no true Suppressing section"
    elif ! grep -q "^| \[$rule\]($rule.md) |" "$top/docs/rules/README.md"; then
        why="no row in docs/rules/README.md"
    elif ! "$bin" --explain "$rule" >"$tmp/explain" 2>&1 </dev/null; then
        why="--explain failed"
    elif ! cmp -s "$tmp/explain" "$page"; then
        why="--explain does not print the page"
    fi
    if [ -n "$why" ]; then
        echo "FAIL docs $rule: $why"
        bad=$((bad + 1))
    fi
done <"$tmp/rules"
[ $bad = 0 ] && echo "ok   docs: all $n rules have a page (Bad, Good), a README row, and --explain prints it"

# The severity model (docs/severity.md) and the rule list agree with the
# binary: each rule's row starts with the severity --list-rules prints.
bad=0
"$bin" --list-rules | awk '{print $1, $2}' >"$tmp/sevs"
while read -r rule range; do
    # A range "warning..error": the row starts with one end and names
    # the other; a single severity: the row starts with it.
    lo=${range%%..*} hi=${range##*..}
    for doc in "docs/rules/README.md:^| \\[$rule\\]($rule.md) | " "docs/severity.md:^| $rule | "; do
        file=${doc%%:*} pat=${doc#*:}
        row=$(grep "$pat" "$top/$file")
        case $row in
        "") ok=no ;;
        *) ok=no
           printf '%s\n' "$row" | grep -q "${pat}$lo" && ok=yes
           printf '%s\n' "$row" | grep -q "${pat}$hi" && ok=yes
           printf '%s\n' "$row" | grep -qw "$lo" && printf '%s\n' "$row" | grep -qw "$hi" || ok=no ;;
        esac
        [ $ok = yes ] || { echo "FAIL $file: $rule is not listed as $range"; bad=$((bad + 1)); }
    done
done <"$tmp/sevs"
[ $bad = 0 ] && echo "ok   docs: docs/severity.md and the rule list give every rule the severity range --list-rules prints"

if command -v man >/dev/null 2>&1 && command -v groff >/dev/null 2>&1; then
    MANWIDTH=80 man -l "$top/docs/postlint.1" >"$tmp/man" 2>"$tmp/man.err" </dev/null
    groff -man -ww -z "$top/docs/postlint.1" 2>>"$tmp/man.err"
    if [ -s "$tmp/man.err" ] || ! grep -q 'SUPPRESSIONS' "$tmp/man"; then
        echo "FAIL man page does not render cleanly"; sed 's/^/     /' "$tmp/man.err"
    else
        echo "ok   man -l docs/postlint.1 renders without a warning"
    fi
    missing=""
    for opt in $("$bin" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
        grep -q -- "$opt" "$tmp/man" || missing="$missing $opt"
    done
    if [ -z "$missing" ]; then
        echo "ok   the man page documents every option of --help"
    else
        echo "FAIL the man page lacks:$missing"
    fi
else
    echo "FAIL man page check needs man-db and groff-base"
fi

if make -s -C "$top" install DESTDIR="$tmp/root" PREFIX=/usr BUILD="$(dirname "$bin")" \
        >"$tmp/install" 2>&1 && [ -x "$tmp/root/usr/bin/postlint" ] \
        && [ -f "$tmp/root/usr/share/man/man1/postlint.1" ] \
        && [ -f "$tmp/root/usr/share/doc/postlint/rules/tls-protocol-list.md" ]; then
    echo "ok   make install DESTDIR=... PREFIX=/usr installs binary, man page, rule pages"
else
    echo "FAIL make install"; sed 's/^/     /' "$tmp/install" | head
fi

# Written for a postmaster: none of the project's internal words (the
# founding case's "stage N", "founding case") in the user-facing docs, the
# man page or --help.
internal=$( { grep -rniE 'founding case|\bstage [0-9]' "$top/README.md" "$top/docs" \
                  --include='*.md' --include='*.1' 2>/dev/null
              "$bin" --help 2>&1 | grep -niE 'founding case|\bstage [0-9]' | sed 's/^/--help:/'; } | head -5)
if [ -z "$internal" ]; then
    echo "ok   user-facing docs and --help use no internal words (founding case, stage N)"
else
    echo "FAIL internal words in user-facing docs:"
    printf '%s\n' "$internal" | sed 's/^/     /'
fi
