#!/usr/bin/python3
"""GraphML and GEXF read back by NetworkX against the graph JSON of one build.

Usage: read_networkx.py ERGRAPH INPUT...

Each INPUT (a corpus folder or file) is built once to .json, .graphml and
.gexf; NetworkX (Debian's python3-networkx, run by /usr/bin/python3) reads
both XML files, and every entity and relation must be there with every
attribute of the graph JSON, of the type docs/output-formats.md gives.
Exit status 0 when all match; each mismatch is printed.
"""
import json
import os
import subprocess
import sys
import tempfile

import networkx as nx

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def typed(value, kind):
    """bool is an int in Python: tell them apart."""
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, kind)


def optional(data, name, expected, where):
    """Absent (null in the graph JSON) values are left out of the XML."""
    if expected is None:
        check(name not in data, f"{where}: {name} should be absent, is {data.get(name)!r}")
    else:
        check(typed(data.get(name), str) and data.get(name) == expected,
              f"{where}: {name} is {data.get(name)!r}, expected {expected!r}")


def json_attr(data, name, expected, where):
    text = data.get(name)
    check(typed(text, str), f"{where}: {name} is not a string: {text!r}")
    if typed(text, str):
        check(json.loads(text) == expected, f"{where}: {name} is {text}, expected {expected!r}")


def compare(fmt, G, graph):
    check(G.is_directed(), f"{fmt}: the graph is not directed")
    nodes = {n["id"]: n for n in graph["nodes"]}
    check(set(G.nodes) == set(nodes),
          f"{fmt}: nodes differ: {sorted(set(G.nodes) ^ set(nodes))[:5]}")
    for nid, n in nodes.items():
        if nid not in G.nodes:
            continue
        d, where = G.nodes[nid], f"{fmt}: node {nid}"
        keys = {"label", "type", "aliases", "documents", "mentions", "attributes"}
        keys |= {k for k in ("kb", "first_seen", "last_seen") if n[k] is not None}
        check(set(d) == keys, f"{where}: attributes {sorted(d)}, expected {sorted(keys)}")
        check(d.get("label") == n["name"], f"{where}: label {d.get('label')!r} != {n['name']!r}")
        check(d.get("type") == n["type"], f"{where}: type {d.get('type')!r}")
        json_attr(d, "aliases", n["aliases"], where)
        json_attr(d, "attributes", n["attributes"], where)
        for name in ("kb", "first_seen", "last_seen"):
            optional(d, name, n[name], where)
        check(typed(d.get("documents"), int) and d["documents"] == len(n["documents"]),
              f"{where}: documents {d.get('documents')!r}, expected {len(n['documents'])}")
        check(typed(d.get("mentions"), int) and d["mentions"] == n["mentions"],
              f"{where}: mentions {d.get('mentions')!r}")
    edges = {(e["source"], e["type"], e["target"]): e for e in graph["edges"]}
    seen = set()
    for u, v, d in G.edges(data=True):
        # NetworkX keeps the edge's XML id ("e12") as an attribute, except
        # as a multigraph's edge key.
        d = {k: x for k, x in d.items() if k != "id"}
        key = (u, d.get("type"), v)
        where = f"{fmt}: edge {key}"
        check(key not in seen, f"{where}: twice")
        seen.add(key)
        e = edges.get(key)
        check(e is not None, f"{where}: not in the graph JSON")
        if e is None:
            continue
        check(d.get("label") == e["type"], f"{where}: label {d.get('label')!r}")
        check(typed(d.get("symmetric"), bool) and d["symmetric"] == (not e["directed"]),
              f"{where}: symmetric {d.get('symmetric')!r}, directed {e['directed']}")
        # GEXF's weight is its own XML attribute, a double.
        wtype = float if fmt == "gexf" else int
        check(typed(d.get("weight"), wtype) and d["weight"] == e["weight"] == len(e["documents"]),
              f"{where}: weight {d.get('weight')!r}, expected {e['weight']}")
        json_attr(d, "dates", e["dates"], where)
        json_attr(d, "attributes", e["attributes"], where)
        for name in ("first_seen", "last_seen"):
            optional(d, name, e[name], where)
        keys = {"label", "weight", "type", "symmetric", "dates", "attributes"}
        keys |= {k for k in ("first_seen", "last_seen") if e[k] is not None}
        check(set(d) == keys, f"{where}: attributes {sorted(d)}, expected {sorted(keys)}")
    check(seen == set(edges), f"{fmt}: edges differ: {sorted(seen ^ set(edges))[:5]}")


def main():
    ergraph, inputs = sys.argv[1], sys.argv[2:]
    with tempfile.TemporaryDirectory() as tmp:
        for i, source in enumerate(inputs):
            out = os.path.join(tmp, str(i))
            subprocess.run([ergraph, "build", "-q", source, "-o", out + ".json",
                            "-o", out + ".graphml", "-o", out + ".gexf"], check=True)
            with open(out + ".json", encoding="utf-8") as f:
                graph = json.load(f)
            G = nx.read_graphml(out + ".graphml")
            compare("graphml", G, graph)
            corpus = graph["corpus"]
            want = {"ergraph": graph["ergraph"], "documents": corpus["documents"]}
            want.update({k: corpus[k] for k in ("first_published", "last_published")
                         if corpus[k] is not None})
            got = {k: v for k, v in G.graph.items() if k not in ("node_default", "edge_default")}
            check(got == want, f"graphml: graph data {got}, expected {want}")
            compare("gexf", nx.read_gexf(out + ".gexf"), graph)
            print(f"{source}: {len(graph['nodes'])} entities and {len(graph['edges'])} "
                  f"relations read back from GraphML and GEXF")
    for f in failures[:50]:
        print("FAIL", f)
    print(f"{len(failures)} mismatches")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
