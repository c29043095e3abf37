#!/usr/bin/python3
"""Which source file of the library calls which, from nm of its objects.

usage: calls.py SOURCE_DIR OBJECT...   (an OBJECT may be a folder of them)

A file calls another when one of its undefined symbols is defined there.
Fails (exit 1) listing every cycle of that graph, of any length, with the
symbols behind each step.  Reports, without failing, .c files over
MAX_C lines and private headers over MAX_H lines.
"""
import glob
import os
import subprocess
import sys

MAX_C = 1200
MAX_H = 400
MAX_LISTED = 500  # cycles printed; the count is always exact


def symbols(obj):
    """(defined, undefined) global symbol sets of one object file."""
    out = subprocess.run(["nm", "-P", obj], check=True, capture_output=True,
                         text=True).stdout
    defined, undefined = set(), set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) < 2:
            continue
        name, kind = parts[0], parts[1]
        if kind == "U":
            undefined.add(name)
        elif kind.isupper():
            defined.add(name)
    return defined, undefined


def source_name(obj):
    return os.path.basename(obj)[:-len(".o")]  # graph.c.o -> graph.c


def call_graph(args):
    """{file: {called file: sorted symbols}} over the objects named."""
    objs = []
    for arg in args:
        if os.path.isdir(arg):
            objs += glob.glob(os.path.join(arg, "**", "*.o"), recursive=True)
        else:
            objs.append(arg)
    objs = sorted(objs)
    if not objs:
        sys.exit("calls.py: no object files in %s" % " ".join(args))
    defs, undefs, owner = {}, {}, {}
    for obj in objs:
        name = source_name(obj)
        defs[name], undefs[name] = symbols(obj)
        for sym in defs[name]:
            owner[sym] = name
    graph = {}
    for name in undefs:
        edges = {}
        for sym in undefs[name]:
            callee = owner.get(sym)
            if callee and callee != name:
                edges.setdefault(callee, []).append(sym)
        graph[name] = {k: sorted(v) for k, v in edges.items()}
    return graph


def cycles(graph):
    """Every elementary cycle, each starting at its smallest file name."""
    found = []
    nodes = sorted(graph)
    for start in nodes:
        # Paths through files after start only: each cycle once.
        stack = [(start, [start])]
        while stack:
            node, path = stack.pop()
            for nxt in sorted(graph[node], reverse=True):
                if nxt == start:
                    found.append(path + [start])
                elif nxt > start and nxt not in path:
                    stack.append((nxt, path + [nxt]))
    return sorted(found, key=lambda c: (len(c), c))


def line_count(path):
    with open(path, "rb") as f:
        return sum(1 for _ in f)


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: calls.py SOURCE_DIR OBJECT...")
    srcdir = sys.argv[1]
    graph = call_graph(sys.argv[2:])

    big = []
    for path in sorted(glob.glob(os.path.join(srcdir, "*.c"))):
        n = line_count(path)
        if n > MAX_C:
            big.append("%s: %d lines (over %d)" % (os.path.basename(path), n, MAX_C))
    for path in sorted(glob.glob(os.path.join(srcdir, "*.h"))):
        if os.path.basename(path) == "ergraph.h":  # the public API
            continue
        n = line_count(path)
        if n > MAX_H:
            big.append("%s: %d lines (over %d)" % (os.path.basename(path), n, MAX_H))
    for line in big:
        print("size (reported, not failed): " + line)

    found = cycles(graph)
    edges = sum(len(v) for v in graph.values())
    print("%d files, %d calls between files, %d cycles" % (len(graph), edges, len(found)))
    for cyc in found[:MAX_LISTED]:
        steps = []
        for a, b in zip(cyc, cyc[1:]):
            syms = graph[a][b]
            more = " +%d" % (len(syms) - 2) if len(syms) > 2 else ""
            steps.append("%s -(%s%s)-> " % (a, ", ".join(syms[:2]), more))
        print("cycle: " + "".join(steps) + cyc[-1])
    if len(found) > MAX_LISTED:
        print("... and %d more cycles" % (len(found) - MAX_LISTED))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
