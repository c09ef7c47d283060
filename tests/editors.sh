#!/bin/sh
# editors.sh - the Vim recipe in docs/editors.md works: headless Vim reads
# postlint's real output with the documented 'errorformat', and its
# quickfix list holds every finding with the right file, line, column,
# type and text (compared with --format json of the same run: the text is
# the headline). The "note:" and "fix:" lines must not become entries of
# their own.
#
# Usage: tests/editors.sh POSTLINT_BINARY   (prints "ok ..." / "FAIL ...")
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$1
case "$bin" in /*) ;; *) bin="$(pwd)/$bin" ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/postlint-editors.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

if ! command -v vim >/dev/null 2>&1; then
    echo "FAIL editors: vim is not installed (apt-get install vim)"
    exit 0
fi
# The errorformat, exactly as docs/editors.md gives it.
efm=$(sed -n 's/^set errorformat=\(.*\)$/\1/p' "$top/docs/editors.md" | head -1)
if [ -z "$efm" ]; then
    echo "FAIL editors: docs/editors.md has no 'set errorformat=' line"
    exit 0
fi
printf 'set errorformat=%s\n' "$efm" >"$tmp/efm.vim"

cfg="$top/testdata/formats-config"
args="--no-exec --postfix-version 3.7.11 --openssl-version 3.0 -c $cfg"
# shellcheck disable=SC2086
"$bin" $args --color=never >"$tmp/out.txt" 2>/dev/null
# shellcheck disable=SC2086
"$bin" $args --format json >"$tmp/out.json" 2>/dev/null

vim -N -u NONE -i NONE -es \
    -c "source $tmp/efm.vim" \
    -c "cgetfile $tmp/out.txt" \
    -c "call writefile(map(filter(getqflist(), 'v:val.valid'), 'bufname(v:val.bufnr) . \"|\" . v:val.lnum . \"|\" . v:val.col . \"|\" . v:val.type . \"|\" . v:val.text'), '$tmp/qf.txt')" \
    -c 'qa!' </dev/null >/dev/null 2>&1

/usr/bin/python3 - "$tmp/out.json" "$tmp/qf.txt" <<'PY'
import json, sys
diags = json.load(open(sys.argv[1]))['diagnostics']
want = ['%s|%d|%d|%s|%s [%s]' % (d['file'], d['line'], d['column'],
        d['severity'][0], d['headline'], d['rule']) for d in diags]
got = open(sys.argv[2]).read().splitlines()
if got == want and want:
    print('ok   editors: Vim errorformat of docs/editors.md reads all %d findings (file, line, column, type, text)' % len(want))
else:
    print('FAIL editors: Vim quickfix differs from the findings')
    for w, g in zip(want + [''] * len(got), got + [''] * len(want)):
        if w != g:
            print('     want: ' + w[:150]); print('     got:  ' + g[:150]); break
PY
