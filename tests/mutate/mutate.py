#!/usr/bin/python3
"""Mutation run over the real ergraph command (not part of the test suite).

Takes seed inputs (the bundled corpus, the test fixtures and the saved fuzz
inputs), mutates them (bytes, tokens, hostile strings, splices) and runs
`build`, `diff`, `merge` and `import` on each mutant with a time limit.
A run fails the sweep when it ends on a signal, with an exit status the
exit contract does not allow, or takes longer than the limit. The failing
inputs are copied to OUT/failures/ with the command line, so that each can
become a regression test.

    tests/mutate/mutate.py build/ergraph OUT [--runs N] [--seed S] [--jobs J]

Prints a table of counts per command and exit status, the slowest runs,
and exits 1 when anything failed.
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# What a mutation may put in: the texts that broke parsers, escapers and
# Graphviz before, and the shapes of the formats themselves.
TOKENS = [
    b'"', b'\\', b'{', b'}', b'[', b']', b',', b':', b'null', b'true', b'-0',
    b'1e308', b'-1e308', b'1e30', b'NaN', b'9999-99-99', b'2024-02-30',
    b'\\u0000', b'\\ud800', b'\\"', b'<script>alert(1)</script>',
    b'javascript:alert(1)', b'x\\"onmouseover=\\"alert(1)', b'&nbsp;', b'&#0;',
    b'&e;', b']]>', b'-->', b'\\\\N\\\\G\\\\L', b'\\u202e', b'{' * 64,
    b'record', b'"shape":"record"', b'pos="1e30,1e30"', b'->', b'--',
    b'digraph{', b'"nodes":[]', b'"edges":[]', b'"documents":[]',
    b'"type":"person"', b'"type":"leader"', b'"kb":" wikipedia:X "',
    b'\xc3', b'\xe4\xba\xba', b'\x00', b'\n', b' ' * 40,
]


def seeds():
    out = []
    dirs = ['input', 'tests/data/small', 'tests/data/formats', 'tests/data/diff',
            'tests/golden', 'tests/fuzz/corpus']
    for d in dirs:
        for base, _, files in os.walk(os.path.join(ROOT, d)):
            for f in sorted(files):
                path = os.path.join(base, f)
                if os.path.getsize(path) > 200_000:
                    continue
                ext = os.path.splitext(f)[1]
                if ext in ('.json', '.jsonl', '.dot', '.gv'):
                    with open(path, 'rb') as fh:
                        out.append((ext, fh.read()))
    return out


def mutate(rng, data, pool):
    if rng.random() < 0.6:
        out = structured(rng, data)
        if out is not None:
            return out
    data = bytearray(data)
    for _ in range(rng.choice([1, 1, 1, 2, 3, 6])):
        op = rng.randrange(6)
        pos = rng.randrange(len(data) + 1)
        if op == 0 and data:                      # flip a byte
            data[min(pos, len(data) - 1)] = rng.randrange(256)
        elif op == 1:                             # insert a token
            data[pos:pos] = rng.choice(TOKENS)
        elif op == 2 and data:                    # delete a range
            del data[pos:pos + rng.randint(1, 64)]
        elif op == 3 and data:                    # repeat a range
            piece = data[pos:pos + rng.randint(1, 256)]
            data[pos:pos] = piece * rng.randint(1, 40)
        elif op == 4:                             # splice another seed in
            other = rng.choice(pool)[1]
            at = rng.randrange(len(other) + 1)
            data[pos:] = other[at:] + data[pos:pos + 16]
        else:                                     # replace a string's value
            q = data.find(b'"', pos)
            if q >= 0:
                data[q + 1:q + 1] = rng.choice(TOKENS)
    return bytes(data)


# Hostile values for a structured mutation: the input stays valid JSON, so
# the mutant reaches the checks past the parser.
VALUES = [
    '', ' ', 'x"onmouseover="alert(1)', '<script>alert(1)</script>', '&nbsp;',
    '&#0;', '&e;', 'a\u0000x', '\\N\\G\\L\\E', '{' * 1006, '\u202eevil',
    'javascript:alert(1)', 'wikipedia:FIFA ', 'https://en.wikipedia.org/wiki/FIFA',
    '9999-99-99', '2024-02-30', 'person', 'leader', 'country', 'organization',
    '人物', 'РОССИЯ', 'e\u0301', 'x' * 2000, 'ㅤ', '\\', '"', ']]>',
    1e308, -1e308, -1, 0, 2**63, 1.5, None, True, [], {},
]


def structured(rng, data):
    """Parse a JSON seed and replace, drop or repeat a few of its values."""
    if data.count(b'\n') > 1 and not data.lstrip().startswith((b'[', b'{\n')):
        # JSON Lines: mutate one line, keep the others
        lines = data.split(b'\n')
        i = rng.randrange(len(lines))
        one_line = structured(rng, lines[i]) if lines[i].strip() else None
        if one_line is None:
            return None
        lines[i] = one_line
        return b'\n'.join(lines)
    try:
        tree = json.loads(data)
    except (ValueError, RecursionError):
        return None
    spots = []

    def walk(node):
        if isinstance(node, dict):
            for k in list(node):
                spots.append((node, k))
                walk(node[k])
        elif isinstance(node, list):
            for i in range(len(node)):
                spots.append((node, i))
                walk(node[i])
    walk(tree)
    if not spots:
        return None
    # Half the time only strings change, into hostile strings: the
    # document stays valid and reaches merging, drawing and writing.
    gentle = rng.random() < 0.5
    strings = [s for s in spots if isinstance(s[0][s[1]], str)]
    if gentle and strings:
        parent, key = rng.choice(strings)
        parent[key] = rng.choice([v for v in VALUES if isinstance(v, str)])
        return json.dumps(tree, ensure_ascii=rng.random() < 0.5).encode()
    for _ in range(rng.randint(1, 3)):
        parent, key = rng.choice(spots)
        try:
            op = rng.randrange(4)
            if op == 0 and isinstance(parent, dict):
                del parent[key]
            elif op == 1 and isinstance(parent, list):
                parent.extend([parent[key]] * rng.randint(1, 50))
            else:
                parent[key] = rng.choice(VALUES)
        except (KeyError, IndexError):
            pass
    return json.dumps(tree, ensure_ascii=rng.random() < 0.5).encode()


# Exit statuses the contract in docs/cli.md allows, per command.
ALLOWED = {'build': {0, 1, 2}, 'merge': {0, 1, 2}, 'import': {0, 1, 2},
           'diff': {0, 1, 2}}


def one(args, rng_seed, pool):
    rng = random.Random(rng_seed)
    cmd_name = ['build', 'diff', 'merge', 'import'][rng_seed % 4]
    ext, data = rng.choice(pool[cmd_name])
    work = tempfile.mkdtemp(prefix='ergmut', dir=args.tmp)
    try:
        # the seeds' text_file references resolve beside the mutant
        os.symlink(args.texts, os.path.join(work, 'texts'))
        a = os.path.join(work, 'a' + ext)
        with open(a, 'wb') as fh:
            fh.write(mutate(rng, data, pool['all']))
        if cmd_name == 'build':
            out_ext = rng.choice(['.json', '.dot', '.svg'])
            cmd = [args.ergraph, 'build', '-q', a, '-o', os.path.join(work, 'g' + out_ext)]
        elif cmd_name == 'diff':
            ext2, data2 = rng.choice(pool['diff'])
            b = os.path.join(work, 'b' + ext2)
            with open(b, 'wb') as fh:
                fh.write(mutate(rng, data2, pool['all']) if rng.random() < 0.5 else data2)
            cmd = [args.ergraph, 'diff', a, b, '-o', os.path.join(work, 'd.json')]
        elif cmd_name == 'merge':
            ext2, data2 = rng.choice(pool['merge'])
            b = os.path.join(work, 'b' + ext2)
            with open(b, 'wb') as fh:
                fh.write(data2)
            cmd = [args.ergraph, 'merge', '-q', a, b, '-o', os.path.join(work, 'm.json')]
        else:
            cmd = [args.ergraph, 'import', a, '-o', os.path.join(work, 'out')]
        start = time.monotonic()
        try:
            p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               timeout=args.limit, cwd=work)
            rc, err = p.returncode, p.stderr
        except subprocess.TimeoutExpired:
            rc, err = 'timeout', b''
        took = time.monotonic() - start
        bad = rc == 'timeout' or rc < 0 or rc not in ALLOWED[cmd_name] \
            or len(err) > 1_000_000
        if bad:
            keep = os.path.join(args.out, 'failures', f'{rng_seed}')
            shutil.copytree(work, keep, dirs_exist_ok=True, symlinks=True)
            with open(os.path.join(keep, 'command'), 'w') as fh:
                fh.write(' '.join(cmd) + f'\n# status {rc}\n')
        return cmd_name, rc, took, bad
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('ergraph')
    ap.add_argument('out')
    ap.add_argument('--runs', type=int, default=20000)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--jobs', type=int, default=2)
    ap.add_argument('--limit', type=float, default=10.0, help='seconds a run may take')
    args = ap.parse_args()
    args.ergraph = os.path.abspath(args.ergraph)
    os.makedirs(args.out, exist_ok=True)
    args.tmp = tempfile.mkdtemp(prefix='ergmut-')
    args.texts = os.path.join(args.tmp, 'texts')
    os.makedirs(args.texts)
    for d in ('input/texts', 'tests/data/small/texts'):
        for f in os.listdir(os.path.join(ROOT, d)):
            shutil.copy(os.path.join(ROOT, d, f), args.texts)
    every = seeds()
    graphs = [s for s in every if s[0] in ('.dot', '.gv') or b'"nodes"' in s[1]]
    foreign = [s for s in every if b'"annotations"' in s[1] or b'"vertexSet"' in s[1]
               or (s[0] == '.jsonl' and b'"label"' in s[1])]
    native = [s for s in every if b'"ergraph"' in s[1]]
    pool = {'all': every, 'build': every, 'diff': graphs + native, 'merge': graphs,
            'import': foreign}
    counts, slow, failed = {}, [], 0
    start = time.monotonic()
    with ThreadPoolExecutor(args.jobs) as ex:
        for cmd_name, rc, took, bad in ex.map(
                lambda i: one(args, args.seed * 1_000_003 + i, pool), range(args.runs)):
            counts[(cmd_name, rc)] = counts.get((cmd_name, rc), 0) + 1
            slow.append((took, cmd_name))
            failed += bad
    shutil.rmtree(args.tmp, ignore_errors=True)
    print(f'{args.runs} runs from {len(every)} seeds ({len(graphs)} graphs, '
          f'{len(foreign)} foreign) in {time.monotonic() - start:.0f} s')
    print('| command | status | runs |\n|---|---|---:|')
    for (cmd_name, rc), n in sorted(counts.items(), key=lambda kv: (kv[0][0], str(kv[0][1]))):
        print(f'| {cmd_name} | {rc} | {n} |')
    slow.sort(reverse=True)
    print('slowest: ' + ', '.join(f'{c} {t:.2f} s' for t, c in slow[:5]))
    print(f'{failed} failed' + (f' (inputs in {args.out}/failures)' if failed else ''))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
