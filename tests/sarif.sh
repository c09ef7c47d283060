#!/bin/sh
# sarif.sh - every golden case's findings as SARIF, validated against the
# official SARIF 2.1.0 schema (tools/fetch-sarif-schema.sh) with Debian's
# python3-jsonschema; each SARIF log must also carry exactly the findings
# the JSON format reports, with the same rules, lines and fixes.
#
# Usage: tests/sarif.sh POSTLINT_BINARY   (prints "ok ..." / "FAIL ...")
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$1
case "$bin" in /*) ;; *) bin="$(pwd)/$bin" ;; esac
wrapper=${POSTLINT_WRAPPER:-}
schema="$top/build/sarif/sarif-2.1.0-rtm.5.json"
py=/usr/bin/python3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/postlint-sarif.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

if ! sh "$top/tools/fetch-sarif-schema.sh" "$schema" 2>"$tmp/fetch"; then
    echo "FAIL sarif: cannot get the SARIF 2.1.0 schema: $(cat "$tmp/fetch")"
    exit 0
fi
if ! "$py" -c 'import jsonschema' 2>/dev/null; then
    echo "FAIL sarif: python3-jsonschema is not installed (apt-get install python3-jsonschema)"
    exit 0
fi

export POSTLINT_BIN="$bin"
n=0
for dir in "$top"/testdata/*/; do
    name=$(basename "$dir")
    [ -f "$dir/args" ] || continue
    args=$(sed 's/--format [a-z]*//' "$dir/args")
    case " $args " in
    *" --print "*|*--explain*|*--list-rules*|*--diff*|*--fix*|*--write-baseline*|*--version*|*--help*)
        continue ;;
    esac
    for fmt in sarif json; do
        (cd "$dir" && eval "$wrapper \"\$POSTLINT_BIN\" $args --format $fmt" \
            >"$tmp/$name.$fmt" 2>/dev/null </dev/null)
        echo $? >"$tmp/$name.$fmt.status"
    done
    n=$((n + 1))
done

"$py" - "$schema" "$tmp" <<'PY'
import json, os, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
validator = jsonschema.Draft4Validator(schema)
tmp = sys.argv[2]
# The validator must be able to fail: a log with a level SARIF lacks.
bad = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}},
       "results": [{"ruleId": "r", "level": "fatal", "message": {"text": "m"}}]}]}
if not list(validator.iter_errors(bad)):
    print('FAIL sarif: the schema validator accepts an invalid SARIF log')
for f in sorted(os.listdir(tmp)):
    if not f.endswith('.sarif'):
        continue
    name = f[:-6]
    status = open(os.path.join(tmp, f + '.status')).read().strip()
    if status == '2':
        continue        # postlint could not lint: nothing to report
    try:
        log = json.load(open(os.path.join(tmp, f)))
    except ValueError as e:
        print('FAIL sarif %s: not JSON: %s' % (name, e)); continue
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    if errors:
        e = errors[0]
        print('FAIL sarif %s: %d schema error(s), first at %s: %s'
              % (name, len(errors), '/'.join(map(str, e.path)), e.message[:200]))
        continue
    plain = json.load(open(os.path.join(tmp, name + '.json')))
    results = log['runs'][0]['results']
    rules = log['runs'][0]['tool']['driver']['rules']
    want = [(d['rule'], d['line'], bool(d['fix'])) for d in plain['diagnostics']]
    got = []
    for r in results:
        line = r['locations'][0]['physicalLocation']['region']['startLine'] if 'locations' in r else 0
        if rules[r['ruleIndex']]['id'] != r['ruleId']:
            print('FAIL sarif %s: ruleIndex does not point at %s' % (name, r['ruleId']))
        got.append((r['ruleId'], line, 'fixes' in r))
    if got != want:
        print('FAIL sarif %s: results differ from --format json: %s vs %s' % (name, got, want))
        continue
    print('ok   sarif %s: valid SARIF 2.1.0, %d result(s)' % (name, len(results)))
PY

# Columns: postlint counts bytes, SARIF counts what columnKind says. The
# run says unicodeCodePoints, so a finding after "ÉSMTP ünïcode" (three
# two-byte characters) is at code point column 42, byte column 45 (the
# gcc and JSON formats), byte offset 44.
mkdir -p "$tmp/utf8"
printf 'smtpd_banner = $myhostname \303\211SMTP \303\274n\303\257code $ end\n' >"$tmp/utf8/main.cf"
: >"$tmp/utf8/master.cf"
$wrapper "$bin" --no-exec --postfix-version 3.7.11 -c "$tmp/utf8" --format sarif \
    >"$tmp/utf8.sarif" 2>/dev/null </dev/null
$wrapper "$bin" --no-exec --postfix-version 3.7.11 -c "$tmp/utf8" \
    >"$tmp/utf8.gcc" 2>/dev/null </dev/null
region='"region":{"startLine":1,"startColumn":42,"endLine":1,"endColumn":43,"byteOffset":44,"byteLength":1}'
if grep -q '"columnKind":"unicodeCodePoints"' "$tmp/utf8.sarif" \
    && grep -qF "$region" "$tmp/utf8.sarif" \
    && grep -qF '"deletedRegion":{"startLine":1,"startColumn":42,' "$tmp/utf8.sarif" \
    && grep -q 'main.cf:1:45: error: lone' "$tmp/utf8.gcc"; then
    echo "ok   sarif: columnKind unicodeCodePoints; columns after UTF-8 text count code points (byte offsets stay bytes)"
else
    echo "FAIL sarif: code point columns"
    grep -o '"columnKind":"[^"]*"\|"region":{[^}]*}' "$tmp/utf8.sarif" | sed 's/^/     /'
fi
