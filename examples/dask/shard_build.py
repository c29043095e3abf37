#!/usr/bin/python3
"""Build one ergraph graph from a large corpus on a Dask cluster.

    shard_build.py [--scheduler ADDRESS | --workers N] [--shards K]
                   [--fan-in F] [--ergraph PATH] [--work DIR]
                   CORPUS... -o OUT [-o OUT]...

The annotation files under CORPUS (folders are read recursively for
.json and .jsonl) are split into K shards of about equal size, a file
in exactly one.  Each shard is built to graph JSON by `ergraph build`
on a Dask worker; the partial graphs are merged in a tree, F at a time,
by `ergraph merge` on the workers; the last merge writes the OUT files
(any format `ergraph build` writes).  Merging is associative and
commutative, so the result is byte for byte one build of the whole
corpus (docs/scaling.md).

Without --scheduler the job starts a distributed.LocalCluster of N
worker processes talking TCP on 127.0.0.1, exactly as workers on other
machines would.  With --scheduler tcp://HOST:8786 it uses a running
`dask-scheduler` and its workers instead; then the corpus, --work and
the OUT files must be paths every worker sees (a shared file system),
and `ergraph` must be installed on each worker.

Run it with Debian's Python and python3-distributed: /usr/bin/python3.
Exit status 0 done, 1 a build or merge failed (its message is printed),
2 usage error.
"""
import argparse
import logging
import os
import subprocess
import sys
import tempfile
import time

from distributed import Client, LocalCluster


def corpus_files(paths):
    """Every annotation file under the given files and folders, sorted."""
    files = []
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, names in os.walk(p):
                dirs.sort()
                files += [os.path.join(root, n) for n in sorted(names)
                          if n.endswith((".json", ".jsonl"))]
        else:
            files.append(p)
    return [os.path.abspath(f) for f in files]


def split(files, k):
    """k shards of about equal bytes (largest file first onto the lightest)."""
    shards = [[] for _ in range(min(k, len(files)))]
    sizes = [0] * len(shards)
    for f in sorted(files, key=lambda f: (-os.path.getsize(f), f)):
        i = sizes.index(min(sizes))
        shards[i].append(f)
        sizes[i] += os.path.getsize(f)
    return [sorted(s) for s in shards]


def run(argv):
    """Run ergraph on a worker; its stderr becomes the error on failure."""
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[:2])} failed ({done.returncode}): {done.stderr.strip()}")
    return argv[argv.index("-o") + 1]


def build(ergraph, files, out):
    return run([ergraph, "build", "-q", *files, "-o", out])


def merge(ergraph, outs, *parts):
    """Merge partial graphs (the results of other tasks) into outs."""
    argv = [ergraph, "merge", "-q", *parts]
    for o in outs:
        argv += ["-o", o]
    return run(argv)


def plan(client, ergraph, shards, fan_in, work, outputs):
    """Submit the builds and the merge tree; the future of the last merge."""
    level = [client.submit(build, ergraph, s, os.path.join(work, f"shard-{i}.json"), pure=False)
             for i, s in enumerate(shards)]
    depth = 0
    while True:
        depth += 1
        groups = [level[i:i + fan_in] for i in range(0, len(level), fan_in)]
        if len(groups) == 1:
            return client.submit(merge, ergraph, outputs, *groups[0], pure=False)
        level = [client.submit(merge, ergraph, [os.path.join(work, f"merge-{depth}-{i}.json")],
                               *g, pure=False)
                 for i, g in enumerate(groups)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="+", help="annotation files or folders")
    ap.add_argument("-o", dest="outputs", action="append", required=True,
                    help="an output of the merged graph (repeatable)")
    ap.add_argument("--scheduler", help="a running dask-scheduler, tcp://HOST:PORT")
    ap.add_argument("--workers", type=int, default=os.cpu_count(),
                    help="worker processes of the local cluster (default: the cores)")
    ap.add_argument("--shards", type=int, default=0, help="shards (default: 2 per worker)")
    ap.add_argument("--fan-in", type=int, default=4, help="partial graphs per merge (default 4)")
    ap.add_argument("--ergraph", default="ergraph", help="the ergraph command on the workers")
    ap.add_argument("--work", help="folder for the partial graphs (default: a temporary one)")
    args = ap.parse_args()
    if args.workers < 1 or args.shards < 0 or args.fan_in < 2:
        ap.error("--workers and --shards take a positive number, --fan-in 2 or more")
    files = corpus_files(args.corpus)
    if not files:
        ap.error("no .json or .jsonl file in " + " ".join(args.corpus))
    outputs = [os.path.abspath(o) for o in args.outputs]
    ergraph = os.path.abspath(args.ergraph) if os.sep in args.ergraph else args.ergraph
    tmp = None if args.work else tempfile.TemporaryDirectory(prefix="ergraph-dask-")
    work = os.path.abspath(args.work or tmp.name)
    os.makedirs(work, exist_ok=True)

    started = time.monotonic()
    if args.scheduler:
        cluster, client = None, Client(args.scheduler)
    else:
        # Worker processes, one task at a time each (ergraph uses a second
        # core for itself), over TCP on the loopback as across machines.
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                               protocol="tcp", host="127.0.0.1", dashboard_address=None,
                               silence_logs=logging.ERROR)
        client = Client(cluster)
    try:
        nworkers = len(client.scheduler_info()["workers"])
        shards = split(files, args.shards or 2 * max(nworkers, 1))
        result = plan(client, ergraph, shards, args.fan_in, work, outputs)
        result.result()
    except RuntimeError as e:
        print(f"shard_build: {e}", file=sys.stderr)
        return 1
    finally:
        client.close()
        if cluster:
            cluster.close()
        if tmp:
            tmp.cleanup()
    print(f"shard_build: {len(files)} files in {len(shards)} shards on {nworkers} workers, "
          f"merged {args.fan_in} at a time, in {time.monotonic() - started:.1f} s",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
