#!/bin/sh
# layers.sh - no two modules of src/ depend on each other in a loop:
# neither through #include (a module's .c including another module's
# header) nor through calls (a function one object file defines and
# another uses, from nm). Data flows one way (docs/design.md): a loop is
# a module that should be split or knowledge in the wrong place.
#
# Usage: tests/layers.sh POSTLINT_BINARY   (its objects: BUILD/obj/src)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$1
case "$bin" in /*) ;; *) bin="$(pwd)/$bin" ;; esac
objs="$(dirname "$bin")/obj/src"
if ! command -v python3 >/dev/null 2>&1 || ! command -v nm >/dev/null 2>&1; then
    echo "skip module layering: needs python3 and nm"
    exit 0
fi
python3 - "$top/src" "$objs" <<'PY'
import collections, os, re, subprocess, sys

src, objs = sys.argv[1], sys.argv[2]

def modules(root, ext):
    out = {}
    for d, _, files in os.walk(root):
        for f in files:
            if f.endswith(ext):
                out[f[:-len(ext)]] = os.path.join(d, f)
    return out

sources = modules(src, '.c')
headers = modules(src, '.h')
include = collections.defaultdict(set)
for m, path in sources.items():
    for line in open(path, encoding='utf-8', errors='replace'):
        hit = re.match(r'\s*#\s*include\s+"([^"/]+)\.h"', line)
        if hit and hit.group(1) in sources and hit.group(1) != m:
            include[m].add(hit.group(1))

defined, used = {}, collections.defaultdict(set)
objects = modules(objs, '.o')
for m, path in objects.items():
    for line in subprocess.run(['nm', path], capture_output=True,
                               text=True).stdout.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in 'TDBRC':
            defined[parts[2]] = m
        elif len(parts) == 2 and parts[0] == 'U':
            used[m].add(parts[1])
calls = collections.defaultdict(set)
for m, names in used.items():
    for n in names:
        if n in defined and defined[n] != m:
            calls[m].add(defined[n])

def loops(graph):
    """Strongly connected components of more than one module."""
    index, low, stack, on, found = {}, {}, [], set(), []
    counter = [0]
    sys.setrecursionlimit(10000)

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(set(graph) | {w for s in graph.values() for w in s}):
        if v not in index:
            visit(v)
    return found

ok = True
for what, graph in (('#include', include), ('calls', calls)):
    if not graph:
        print(f"FAIL module layering: no {what} graph (objects in {objs}?)")
        ok = False
        continue
    for comp in loops(graph):
        print(f"FAIL module layering: a loop of {what} between " + ", ".join(comp))
        ok = False
if ok:
    print(f"ok   module layering: no loop of #include or calls among "
          f"{len(sources)} modules of src/")
PY
