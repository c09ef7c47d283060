#!/bin/sh
# unit.sh - run the unit checks (tests/unit/unit.c, built by make as
# $BUILD/postlint-unit): the fix plan's corner cases, and udiff against
# patch on random edits (200 pairs, fixed seed: patch must turn each old
# text into the new one exactly, with and without a final newline), and
# the mail-log reader against a plain split on newlines (random files of
# several blocks, lines of every length around the block and line limits,
# plain and gzip, in blocks and line by line).
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
${POSTLINT_WRAPPER:-} "$unit" distance

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

# The mail-log reader (log_read.c) against Python's split: every line,
# in order, lines over 64 KiB skipped and counted, the last line kept
# without its newline. Line lengths cluster around the limits (64 KiB,
# the 1 MiB block, the block plus the carried line).
/usr/bin/python3 - "$unit" "$tmp" "${POSTLINT_WRAPPER:-}" <<'PY'
import gzip, os, random, shlex, subprocess, sys
unit, d, wrapper = sys.argv[1], sys.argv[2], shlex.split(sys.argv[3])
LINE_MAX, BLOCK = 64 * 1024, 1024 * 1024
random.seed(11)
special = [0, 1, LINE_MAX - 1, LINE_MAX, LINE_MAX + 1, 100000,
           BLOCK - 1, BLOCK, BLOCK + LINE_MAX, 3 * BLOCK]
def filler(size):
    # size bytes of short lines, ending in a newline (size > 0)
    out = b""
    while size - len(out) > 100:
        out += b"f" * 99 + b"\n"
    return out + b"g" * (size - len(out) - 1) + b"\n"
def random_log(i):
    lines, size = [], 0
    while size < 3 * BLOCK:
        n = random.choice(special) if random.random() < 0.02 else random.randint(0, 300)
        lines.append(bytes(random.choice(b"abcxyz[]: ") for _ in range(min(n, 64))) * (n // 64) +
                     bytes(random.choice(b"abcxyz[]: ") for _ in range(n % 64)))
        size += n + 1
    return b"\n".join(lines) + (b"\n" if i % 3 else b"")
# A line of length n whose first tail bytes fill the end of the first
# block (BLOCK + LINE_MAX bytes), the rest in the next block.
cases = [random_log(i) for i in range(12)]
for tail in (1, 100, LINE_MAX - 1, LINE_MAX, LINE_MAX + 1, 200000):
    for n in (tail - 1, tail, LINE_MAX, LINE_MAX + 1, 500000):
        if n >= 0:
            cases.append(filler(BLOCK + LINE_MAX - tail) + b"L" * n + b"\nafter\n")
if wrapper:     # under valgrind: a sample, the full set runs without
    cases = cases[:2] + cases[12::4]
bad = []
for i, data in enumerate(cases):
    pieces = data.split(b"\n")
    if pieces and pieces[-1] == b"":
        pieces.pop()
    kept = [p for p in pieces if len(p) <= LINE_MAX]
    want = b"".join(p + b"\n" for p in kept) + b"#long %d\n" % (len(pieces) - len(kept))
    plain = os.path.join(d, "log%d" % i)
    open(plain, "wb").write(data)
    with gzip.open(plain + ".gz", "wb") as f:
        f.write(data)
    runs = [(plain, "blocks"), (plain, "lines"), (plain + ".gz", "blocks"),
            (plain + ".gz", "lines")]
    for path, mode in runs[i % 2::2] if wrapper else runs:
        got = subprocess.run(wrapper + [unit, "logread", mode, path],
                             stdout=subprocess.PIPE)
        if got.stdout != want or got.returncode != 0:
            bad.append("%s %s" % (os.path.basename(path), mode))
if bad:
    print("FAIL log_read: lines differ from a plain split in: " + ", ".join(bad[:6]))
else:
    print("ok   log_read: %d logs (random, and lines cut at the first block's end; plain and gzip, in blocks and line by line) give the lines of a plain split" % len(cases))
PY
