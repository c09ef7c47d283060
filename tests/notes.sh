#!/bin/sh
# notes.sh - headlines and notes (issue 19): a message's first line says
# what is wrong and what Postfix does in a few words, the detail goes on a
# "  note:" line, and the machine formats lose nothing.
# - every golden case, in the gcc and the JSON format: each gcc headline
#   (the text between "SEVERITY: " and " [rule]") is at most 200
#   characters; each JSON diagnostic has "headline" and "note"; "message"
#   is headline, a separator (blanks and at most one ':', ';' or ','),
#   then note ("note" null: message is the headline); the gcc lines are
#   the JSON headline and note, in the same order, the note line before
#   the fix line;
# - every testdata/*/expected written in the gcc format keeps the bound;
# - a value quoted from a file that holds the marker's byte (0x1f) is
#   text: the note still begins where the rule said.
#
# Usage: tests/notes.sh POSTLINT_BINARY   (prints "ok ..." / "FAIL ...")
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$1
case "$bin" in /*) ;; *) bin="$(pwd)/$bin" ;; esac
wrapper=${POSTLINT_WRAPPER:-}
py=/usr/bin/python3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/postlint-notes.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

export POSTLINT_BIN="$bin"
for dir in "$top"/testdata/*/; do
    name=$(basename "$dir")
    [ -f "$dir/args" ] || continue
    [ -f "$dir/setup" ] && continue
    args=$(sed 's/--format [a-z]*//; s/--color[=a-z]*//' "$dir/args")
    case " $args " in
    *" --print "*|*--explain*|*--list-rules*|*--diff*|*--fix*|*--write-baseline*|*--version*|*--help*|*" log "*)
        continue ;;
    esac
    for fmt in gcc json; do
        (cd "$dir" && eval "$wrapper \"\$POSTLINT_BIN\" $args --format $fmt" \
            >"$tmp/$name.$fmt" 2>/dev/null </dev/null)
    done
done

# The marker's byte in a value: bad-value's note starts after "expected".
mkdir "$tmp/marker"
printf 'smtpd_tls_session_cache_timeout = 36\03700x\n' >"$tmp/marker/main.cf"
: >"$tmp/marker/master.cf"
(cd "$tmp/marker" && $wrapper "$bin" --no-exec --postfix-version 3.7.11 \
    -c . --format json >"$tmp/marker.json" 2>/dev/null </dev/null)

"$py" - "$tmp" "$top/testdata" <<'PY'
import json, os, re, sys
tmp, testdata = sys.argv[1], sys.argv[2]
BOUND = 200
head_re = re.compile(r'^(?:.*?:\d+:\d+|postlint): (?:error|warning|info): (.*) \[([a-z0-9-]+)\]$')
bad, cases, diags, notes = [], 0, 0, 0

def separator_ok(msg, head, note):
    if note is None:
        return msg == head
    if not msg.startswith(head) or not msg.endswith(note):
        return False
    sep = msg[len(head):len(msg) - len(note)]
    return len(head) + len(note) <= len(msg) and re.fullmatch(r' *[:;,]? *', sep) is not None

for f in sorted(os.listdir(tmp)):
    if not f.endswith('.json') or f == 'marker.json':
        continue
    name = f[:-5]
    try:
        doc = json.load(open(os.path.join(tmp, f)))
    except ValueError:
        continue                # not a lint run (e.g. a usage error)
    cases += 1
    gcc = open(os.path.join(tmp, name + '.gcc'), errors='replace').read().split('\n')
    heads = [(i, m) for i, l in enumerate(gcc) for m in [head_re.match(l)] if m]
    if len(heads) != len(doc['diagnostics']):
        bad.append('%s: %d gcc headlines, %d JSON diagnostics' % (name, len(heads), len(doc['diagnostics'])))
        continue
    for (i, m), d in zip(heads, doc['diagnostics']):
        diags += 1
        if 'headline' not in d or 'note' not in d:
            bad.append('%s: no "headline" or "note" in %s' % (name, d['rule']))
            continue
        if not separator_ok(d['message'], d['headline'], d['note']):
            bad.append('%s: %s: message is not headline + separator + note' % (name, d['rule']))
        if len(m.group(1)) > BOUND:
            bad.append('%s: %s: headline of %d characters' % (name, d['rule'], len(m.group(1))))
        # Printable text only: gcc shows control bytes escaped.
        if d['headline'].isascii() and d['headline'].isprintable() and m.group(1) != d['headline']:
            bad.append('%s: %s: the gcc headline is not the JSON headline' % (name, d['rule']))
        nxt = gcc[i + 1] if i + 1 < len(gcc) else ''
        if d['note'] is not None:
            notes += 1
            if not nxt.startswith('  note: '):
                bad.append('%s: %s: no note line after the headline' % (name, d['rule']))
            elif d['note'].isascii() and d['note'].isprintable() and nxt[8:] != d['note']:
                bad.append('%s: %s: the note line is not the JSON note' % (name, d['rule']))
        elif nxt.startswith('  note: '):
            bad.append('%s: %s: a note line without a JSON note' % (name, d['rule']))

# The goldens themselves, in the gcc format.
for case in sorted(os.listdir(testdata)):
    p = os.path.join(testdata, case, 'expected')
    if not os.path.isfile(p):
        continue
    for line in open(p, errors='replace'):
        m = head_re.match(line.rstrip('\n'))
        if m and len(m.group(1)) > BOUND and not case.startswith('explain'):
            bad.append('testdata/%s/expected: %s headline of %d characters' % (case, m.group(2), len(m.group(1))))

# The marker byte from a file is text.
try:
    d = json.load(open(os.path.join(tmp, 'marker.json')))['diagnostics']
    d = [x for x in d if x['rule'] == 'bad-value'][0]
    if not (d['headline'].endswith('or w') and d['note'].startswith('tlsmgr')):
        bad.append('a 0x1f byte in a value moved the note: %r / %r' % (d['headline'], d['note']))
except (ValueError, IndexError, KeyError, TypeError) as e:
    bad.append('the 0x1f case gave no bad-value finding (%s)' % e)

for b in bad[:40]:
    print('FAIL notes: ' + b)
if not bad:
    print('ok   notes: %d cases, %d findings (%d with a note): headlines <= %d characters, '
          'JSON message = headline + separator + note, gcc lines match' % (cases, diags, notes, BOUND))
PY
