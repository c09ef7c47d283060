#!/bin/sh
# unit.sh - run the unit checks (tests/unit/unit.c, built by make as
# $BUILD/postlint-unit): the fix plan's corner cases, and udiff against
# patch on random edits (200 pairs, fixed seed: patch must turn each old
# text into the new one exactly, with and without a final newline).
#
# Usage: tests/unit.sh UNIT_BINARY   (prints "ok ..." / "FAIL ...")
set -u
unit=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/postlint-unit.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
if [ ! -x "$unit" ]; then
    echo "FAIL unit: no $unit (make builds it)"
    exit 0
fi
${POSTLINT_WRAPPER:-} "$unit" fixes

/usr/bin/python3 - "$tmp" <<'PY'
import random, sys, os
random.seed(7)
d = sys.argv[1]
words = ['a = 1', 'b = $a', '  continued', '# comment', '', 'smtpd_tls_protocols = >=TLSv1', 'x\r']
for i in range(200):
    old = [random.choice(words) for _ in range(random.randint(0, 30))]
    new = list(old)
    for _ in range(random.randint(1, 4)):
        op = random.random()
        pos = random.randint(0, len(new))
        if op < 0.4 and new:
            del new[min(pos, len(new) - 1)]
        elif op < 0.7:
            new.insert(pos, random.choice(words))
        elif new:
            new[min(pos, len(new) - 1)] = random.choice(words)
    def text(lines):
        t = '\n'.join(lines)
        return t + ('\n' if lines and random.random() < 0.8 else '')
    open(os.path.join(d, 'old%d' % i), 'w', newline='').write(text(old))
    open(os.path.join(d, 'new%d' % i), 'w', newline='').write(text(new))
PY
bad=0
i=0
while [ $i -lt 200 ]; do
    cp "$tmp/old$i" "$tmp/work"
    ${POSTLINT_WRAPPER:-} "$unit" udiff "$tmp/old$i" "$tmp/new$i" >"$tmp/patch"
    if [ -s "$tmp/patch" ]; then
        patch -s "$tmp/work" "$tmp/patch" >"$tmp/out" 2>&1 || bad=$((bad + 1))
    fi
    cmp -s "$tmp/work" "$tmp/new$i" || { bad=$((bad + 1)); [ $bad = 1 ] && cp "$tmp/patch" "$tmp/first-bad"; }
    i=$((i + 1))
done
if [ $bad = 0 ]; then
    echo "ok   udiff: patch turns old into new on 200 random edits"
else
    echo "FAIL udiff: $bad of 200 random edits do not patch back"
    sed 's/^/     /' "$tmp/first-bad" | head -20
fi
