#!/usr/bin/env python3
"""The quality gate: extract the seed and the dev corpora, score them, and compare with the floors.

    python scripts/quality_gate.py [--shared ../shared] [--floors quality/floors.toml] [--json OUT]

Floors live in ``quality/floors.toml``; a measure below its floor fails the gate (exit 1). Floors
only rise: raise them when the extractor improves (``--suggest`` prints the measured figures).
This script reads ``../shared`` (other people's text) only to measure; it copies nothing.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_ID = "000_00960de12e54e937"
SEED_DATE = "2016-12-12"


def run_extract(corpus: Path, out: Path) -> None:
    cmd = [sys.executable, "-m", "marsad", "extract", str(corpus), "--format", "jsonl", "--output", str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"quality gate: marsad extract failed on {corpus.name} (exit {proc.returncode})")


def score(shared: Path, gold: list[Path], pred: Path) -> dict:
    cmd = [sys.executable, str(shared / "eval" / "score.py"), "--gold", *map(str, gold), "--pred", str(pred),
           "--json"]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
    text = proc.stdout
    return json.loads(text[: text.rindex("}") + 1])


def protest_f1(shared: Path, tmp: Path) -> dict:
    """OEDA protest sentences: an article per sentence; a Protests or Riots record = predicted yes."""
    rows = list(csv.DictReader((shared / "eval/external/protest_dev.csv").open(encoding="utf-8")))
    corpus = tmp / "protest.jsonl"
    with corpus.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps({"id": r["id"], "text": r["text"]}, ensure_ascii=False) + "\n")
    out = tmp / "protest.pred.jsonl"
    run_extract(corpus, out)
    hit = {json.loads(line)["doc_id"] for line in out.open(encoding="utf-8")
           if json.loads(line)["event_type"] in ("Protests", "Riots")}
    tp = fp = fn = 0
    for r in rows:
        if r["label"] == "ambiguous":
            continue
        gold, pred = r["label"] == "yes", r["id"] in hit
        tp += gold and pred
        fp += pred and not gold
        fn += gold and not pred
    p = tp / (tp + fp) if tp + fp else 0.0
    rc = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * rc / (p + rc) if p + rc else 0.0
    return {"precision": round(p, 3), "recall": round(rc, 3), "f1": round(f1, 3), "tp": tp, "fp": fp, "fn": fn}


def measure(shared: Path) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        seed = tmp / "seed.jsonl"
        text = (shared / "seed" / f"{SEED_ID}.txt").read_text(encoding="utf-8")
        seed.write_text(json.dumps({"id": SEED_ID, "text": text, "published": SEED_DATE}, ensure_ascii=False)
                        + "\n", encoding="utf-8")
        run_extract(seed, tmp / "seed.pred")
        s = score(shared, [shared / "seed" / f"{SEED_ID}.gold.jsonl"], tmp / "seed.pred")
        dev = sorted(p for p in (shared / "eval/dev").glob("*.jsonl") if not p.name.endswith(".gold.jsonl"))
        preds = tmp / "dev.pred"
        with preds.open("w", encoding="utf-8") as fh:
            for corpus in dev:
                out = tmp / (corpus.stem + ".pred")
                run_extract(corpus, out)
                fh.write(out.read_text(encoding="utf-8"))
        d = score(shared, [p.with_name(p.stem + ".gold.jsonl") for p in dev], preds)
        pr = protest_f1(shared, tmp)
    m = {"seed.event_f1": s["event_f1"], "seed.full": s["full_record"],
         "dev.event_f1": d["event_f1"], "dev.full": d["full_record"], "protest.f1": pr["f1"]}
    for k, v in d["fields"].items():
        m[f"dev.{k}"] = v
    print(f"seed: {json.dumps(s)}")
    print(f"dev: {json.dumps(d)}")
    print(f"protest: {json.dumps(pr)}")
    return m


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--floors", type=Path, default=ROOT / "quality" / "floors.toml")
    ap.add_argument("--suggest", action="store_true", help="print the measured figures as a floors file")
    a = ap.parse_args()
    if not (a.shared / "eval" / "score.py").exists():
        print(f"quality gate: {a.shared} has no eval/score.py", file=sys.stderr)
        return 2
    m = measure(a.shared)
    if a.suggest:
        print("[floors]")
        for k, v in sorted(m.items()):
            print(f'"{k}" = {v}')
    floors = tomllib.loads(a.floors.read_text(encoding="utf-8"))["floors"]
    failed = 0
    for k, floor in sorted(floors.items()):
        got = m.get(k)
        ok = got is not None and got + 1e-9 >= floor
        failed += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {k:24s} {got!s:>7} (floor {floor})")
    print(f"quality gate: {'passed' if not failed else f'{failed} measure(s) below the floor'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
