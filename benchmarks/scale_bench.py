"""Ingest on one core, on a local Dask cluster, and bare extraction: rates and peak memory.

    python benchmarks/scale_bench.py [--shared ../shared] [--articles 10000] [--workers 2]
                                     [--repeat K] [--skip NAME ...]

Builds a corpus of N articles by repeating ``../shared/eval/pool/*.jsonl`` (read at run time,
never copied into this repository) with new ids and URLs, each copy's text changed by one
sentence (``ingest_bench.build_corpus``), then runs each of these as its own ``marsad`` process,
as a user would (the times include starting Python, loading the gazetteer and, for Dask,
starting the cluster):

* ``extract``: ``marsad extract CORPUS --workers 1 -o FILE`` (bare extraction, one core);
* ``extract-N``: N such processes at once, each on 1/N of the corpus: what the machine's cores
  give at most when nothing is shared (two vCPUs that slow each other give far less than 2×);
* ``ingest``: ``marsad ingest CORPUS --db A.db`` (extraction and storage in one process);
* ``dask-1``: ``marsad ingest CORPUS --db B.db --dask local --workers 1``;
* ``dask-N``: ``marsad ingest CORPUS --db C.db --dask local --workers N``.

For each: wall seconds, articles per second, the share of the bare extraction rate (for the Dask
runs also the share of the plain ingest's rate: how the same work scales onto N workers), and peak
memory: the largest sum of resident memory over the process and all its descendants (the Dask
scheduler, nannies and workers included; psutil, sampled every 0.1 s); and CPU time, of the whole
process tree (``getrusage`` of the children) and of the main process alone (for an ingest: the
reading, the Dask scheduler and the one writer), which on a machine shared with other jobs says
more than the wall time does. With ``--repeat K`` every run is made K times, the rounds
interleaved (extract-N, dask-1, extract, ingest, dask-N, then again: the pairs the bars compare
run back to back), and each line gives the fastest round, the ratios between fastest rounds, the
same ratios round by round (runs of one round are minutes apart, so the VM's drift touches them
alike) with their median, and every round's wall time. Then checks that every ingest stored the
same records and events, and prints the SQLite database's size per article.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest_bench import build_corpus

RUNS = ("extract", "extract-N", "ingest", "dask-1", "dask-N")
#: The order of the runs within a round: the two pairs the bars compare (bare extraction and the
#: ingest, the ingest and the N-worker ingest) run back to back, so the VM's drift between minutes
#: touches each pair alike.
ROUND_ORDER = ("extract-N", "dask-1", "extract", "ingest", "dask-N")


def marsad() -> list[str]:
    exe = shutil.which("marsad", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "marsad"]


def tree_sample(pid: int, cpu: dict[int, float]) -> int:
    """Resident bytes of a process and all its descendants (0 when psutil is missing); records each
    one's CPU seconds so far in ``cpu``."""
    try:
        import psutil
    except ImportError:
        return 0
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for p in procs:
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
            times = p.cpu_times()
            cpu[p.pid] = times.user + times.system
    return total


@dataclass
class Measure:
    wall: float
    peak_mb: float
    cpu: float  # CPU seconds of the process and all its descendants
    main_cpu: float  # of the process itself (for an ingest: reading, the scheduler and the one writer)
    status: int


def measure(command: list[str]) -> Measure:
    """Run ``command``: wall time, peak memory of its process tree, CPU time, exit status."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = 0
    cpu: dict[int, float] = {}
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.1):
            peak = max(peak, tree_sample(proc.pid, cpu))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _out, err = proc.communicate()
    took = time.perf_counter() - start
    done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    if proc.returncode:
        print(f"  {' '.join(command[1:3])}... exited {proc.returncode}: {err.strip().splitlines()[-1:]}")
    elif err.strip():
        print(f"  {err.strip().splitlines()[-1][:200]}")
    return Measure(took, peak / 2**20, total, cpu.get(proc.pid, 0.0), proc.returncode)


def measure_together(commands: list[list[str]]) -> float:
    """Start every command at once; the wall time until the last one ends."""
    start = time.perf_counter()
    procs = [subprocess.Popen(c, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for c in commands]
    for p in procs:
        p.wait()
    return time.perf_counter() - start


def split(corpus: Path, parts: int) -> list[Path]:
    """The corpus cut into ``parts`` files of (nearly) equal numbers of lines."""
    lines = corpus.read_text(encoding="utf-8").splitlines(keepends=True)
    out = []
    for k in range(parts):
        path = corpus.with_name(f"part-{k}.jsonl")
        path.write_text("".join(lines[k::parts]), encoding="utf-8")
        out.append(path)
    return out


def contents(db: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """The stored records and events, comparable across runs."""
    with sqlite3.connect(db) as con:
        records = con.execute(
            "SELECT a.doc_id, r.record_id, r.counted, r.data FROM records r JOIN articles a ON a.id = r.article_id "
            "ORDER BY a.doc_id, r.record_id"
        ).fetchall()
        events = con.execute("SELECT event_id, reports, data FROM events ORDER BY event_id").fetchall()
    return records, events


def fresh(db: Path) -> None:
    """Remove a database left by an earlier round (an ingest into it would skip every article)."""
    for path in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        path.unlink(missing_ok=True)


def rounds(walls: list[float], *, with_median: bool = False) -> str:
    """Every round's wall time, for a run made more than once ("" for one round)."""
    if len(walls) < 2:
        return ""
    mid = f"; median {statistics.median(walls):.1f} s" if with_median else ""
    return f" (rounds: {', '.join(f'{w:.1f}' for w in walls)} s{mid})"


def paired(base: list[Measure], runs: list[Measure]) -> str:
    """The speed-up of ``runs`` over ``base`` round by round (the two ran minutes apart in each round,
    so a VM whose speed drifts over the quarter of an hour touches both alike), and its median ("" for
    one round)."""
    ratios = [b.wall / r.wall for b, r in zip(base, runs, strict=False)]
    if len(ratios) < 2:
        return ""
    return f" (round by round: {', '.join(f'{x:.2f}' for x in ratios)}; median {statistics.median(ratios):.2f})"


def report(name: str, label: str, measured: dict[str, list[Measure]], n: int, rates: dict[str, float]) -> None:
    """One line for a configuration: its fastest round, the ratios between fastest rounds (and, over
    several rounds, round by round), the spread."""
    runs = measured[name]
    fastest = min(runs, key=lambda m: m.wall)
    rate = n / fastest.wall
    share = ""
    if "extract" in rates and name != "extract":
        share = f" = {rate / rates['extract']:.2f}× bare extract{paired(measured['extract'], runs)}"
    if "ingest" in rates and name.startswith("dask"):
        share += f" = {rate / rates['ingest']:.2f}× ingest on one core{paired(measured['ingest'], runs)}"
    spread = rounds([m.wall for m in runs], with_median=True)
    cpu = min(m.cpu for m in runs)
    main_cpu = min(m.main_cpu for m in runs)
    print(f"{label:8} {fastest.wall:6.1f} s wall{spread}, {rate:6.1f} articles/s{share}; CPU {cpu:6.1f} s "
          f"({1000 * cpu / n:.1f} ms per article, {n / cpu:.0f} articles per CPU-second; main process "
          f"{1000 * main_cpu / n:.1f} ms per article); peak memory (all its processes) "
          f"{max(m.peak_mb for m in runs):.0f} MB")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2, help="Dask workers of the dask-N run (default 2)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="rounds of every run, interleaved; each line reports its fastest round and the "
                             "ratios between fastest rounds (a shared VM's speed drifts between minutes)")  # fmt: skip
    parser.add_argument("--skip", nargs="*", default=[], choices=RUNS)
    args = parser.parse_args()
    n = args.articles
    load = os.getloadavg()
    print(f"machine: {os.cpu_count()} CPUs, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpus = folder / "corpus.jsonl"
        pool = build_corpus(Path(args.shared), n, corpus)
        mb = corpus.stat().st_size / 2**20
        print(f"corpus: {n} articles ({pool} in the pool, repeated with new ids), {mb:.1f} MB")
        dbs = {name: folder / f"{name}.db" for name in ("ingest", "dask-1", "dask-N")}
        commands = {
            "extract": [*marsad(), "extract", str(corpus), "--workers", "1", "-o", str(folder / "out.jsonl")],
            "ingest": [*marsad(), "ingest", str(corpus), "--db", str(dbs["ingest"])],
            "dask-1": [*marsad(), "ingest", str(corpus), "--db", str(dbs["dask-1"]), "--dask", "local",
                       "--workers", "1"],
            "dask-N": [*marsad(), "ingest", str(corpus), "--db", str(dbs["dask-N"]), "--dask", "local",
                       "--workers", str(args.workers)],
        }  # fmt: skip
        parts = split(corpus, args.workers)
        together = [[*marsad(), "extract", str(p), "--workers", "1", "-o", str(p.with_suffix(".out"))] for p in parts]
        measured: dict[str, list[Measure]] = {name: [] for name in RUNS}
        walls_n: list[float] = []
        for _round in range(max(1, args.repeat)):
            for name in ROUND_ORDER:
                if name in args.skip:
                    continue
                if name == "extract-N":
                    # the machine's own ceiling: N plain extractions at once, each on 1/N of the corpus,
                    # with nothing shared between them (on cores that slow each other, far below N×)
                    walls_n.append(measure_together(together))
                    continue
                if name in dbs:
                    fresh(dbs[name])
                measured[name].append(measure(commands[name]))
        rates = {name: n / min(m.wall for m in runs) for name, runs in measured.items() if runs}
        for name in RUNS:
            if name == "extract-N" and walls_n:
                wall = min(walls_n)
                share = f" = {n / wall / rates['extract']:.2f}× bare extract" if "extract" in rates else ""
                spread = rounds(walls_n)
                print(f"extract-{args.workers} {wall:6.1f} s wall{spread}, {n / wall:6.1f} articles/s{share} (the most "
                      f"N workers can reach here): {args.workers} plain extract processes at once, each on "
                      f"1/{args.workers} of the corpus")  # fmt: skip
            elif measured.get(name):
                label = name if name != "dask-N" else f"dask-{args.workers}"
                report(name, label, measured, n, rates)
        stored = [db for db in dbs.values() if db.exists()]
        if stored:
            first = contents(stored[0])
            for db in stored[1:]:
                same = contents(db) == first
                print(f"{db.stem} stored the same records and events as {stored[0].stem}: {same}")
            with sqlite3.connect(stored[0]) as con:
                con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                tables = ("articles", "records", "events")
                counts = [con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables]
            size = stored[0].stat().st_size
            text = corpus.stat().st_size
            print(f"SQLite: {counts[0]} articles, {counts[1]} records, {counts[2]} events in {size / 2**20:.1f} MB "
                  f"= {size / counts[0] / 1024:.1f} KB per article, {size / counts[0] * 1e6 / 2**30:.2f} GB per "
                  f"million articles (the corpus itself: {text / n / 1024:.1f} KB per article)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
