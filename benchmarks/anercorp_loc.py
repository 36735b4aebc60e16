"""LOC mention F1 of :func:`marsad.stages.places.find_places` on an ANERcorp-style CoNLL file.

    python benchmarks/anercorp_loc.py PATH [--errors N]

The file has one ``token TAG`` pair a line and blank lines between sentences. Each sentence is
rebuilt from its tokens joined by spaces (each token normalized on its own, so token offsets are
exact), ``find_places`` runs on it, and every mention is mapped to the tokens it covers. A
predicted mention is right when it covers exactly the tokens of a gold LOC mention (B-LOC then
I-LOC). Countries and continents are places too.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from marsad.learn.place_features import bio_spans
from marsad.stages.places import find_places
from marsad.text.normalize import normalize


def read_conll(path: Path) -> list[list[tuple[str, str]]]:
    sents: list[list[tuple[str, str]]] = []
    cur: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) < 2:
            if cur:
                sents.append(cur)
                cur = []
            continue
        cur.append((parts[0], parts[-1]))
    if cur:
        sents.append(cur)
    return sents


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", type=Path)
    ap.add_argument("--errors", type=int, default=0, help="print the N most frequent misses and false alarms")
    a = ap.parse_args()
    sents = read_conll(a.path)
    find_places("تمهيد")  # load the gazetteer before timing
    tp = fp = fn = 0
    misses: Counter[str] = Counter()
    alarms: Counter[str] = Counter()
    t0 = time.perf_counter()
    for sent in sents:
        toks = [normalize(w) or "_" for w, _ in sent]
        starts, pos = [], 0
        for w in toks:
            starts.append(pos)
            pos += len(w) + 1
        text = " ".join(toks)
        gold = bio_spans([t for _, t in sent])
        pred: set[tuple[int, int]] = set()
        for m in find_places(text):
            if m.in_name:
                continue  # "سوق الرمادي": ANERcorp tags a landmark's whole name, not its town
            i = max(k for k, s in enumerate(starts) if s <= m.start)
            j = max(k for k, s in enumerate(starts) if s < m.end) + 1
            pred.add((i, j))
        tp += len(gold & pred)
        fp += len(pred - gold)
        fn += len(gold - pred)
        misses.update(" ".join(toks[i:j]) for i, j in gold - pred)
        alarms.update(" ".join(toks[i:j]) for i, j in pred - gold)
    dt = time.perf_counter() - t0
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    if a.errors:
        print("misses:", ", ".join(f"{k}×{v}" for k, v in misses.most_common(a.errors)), file=sys.stderr)
        print(
            "false alarms:", ", ".join(f"{k}×{v}" for k, v in alarms.most_common(a.errors)), file=sys.stderr
        )
    print(
        f"sentences={len(sents)} gold={tp + fn} predicted={tp + fp} tp={tp} "
        f"precision={p:.3f} recall={r:.3f} loc_f1={f:.3f} seconds={dt:.1f}"
    )


if __name__ == "__main__":
    main()
