#!/usr/bin/env python3
"""The quality gate: extract the seed and the dev corpora, score them, and compare with the floors.

    python scripts/quality_gate.py [--shared ../shared] [--floors quality/floors.toml] [--suggest]

The seed article, then each dev set (``eval/dev``: 54 articles, ``eval/dev2``: 100) and all of
them together are scored with ``score.py --corpus`` (articles that report no event count too);
``all.calibration_error`` is the expected calibration error of ``confidence`` over the emitted
records (10 bins). These figures are in-sample: the decider was fitted on these articles. The
``cv.*`` measures are the decider's out-of-fold figures (five folds split by article), which
``scripts/train_decider.py`` writes into ``data/decider.json``; the rules themselves were written
while reading the dev articles, so only the decider's part of them is cross-validated.

Floors live in ``quality/floors.toml`` (and ceilings, for errors); a measure below its floor
fails the gate (exit 1). Floors
only rise: raise them when the extractor improves (``--suggest`` prints the measured figures).
This script reads ``../shared`` (other people's text) only to measure; it copies nothing.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

from marsad.learn.calibration import expected_calibration_error

ROOT = Path(__file__).resolve().parent.parent
SEED_ID = "000_00960de12e54e937"
SEED_DATE = "2016-12-12"
DEV_SETS = ("dev", "dev2")  # eval/ folders scored with --corpus, each with its own floors, then together


def run_extract(corpus: Path, out: Path) -> None:
    cmd = [sys.executable, "-m", "marsad", "extract", str(corpus), "--format", "jsonl", "--output", str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"quality gate: marsad extract failed on {corpus.name} (exit {proc.returncode})")


def score(shared: Path, gold: list[Path], pred: Path, corpus: list[Path] | None = None) -> dict:
    """score.py's figures; with ``corpus``, articles without gold events count too (--corpus)."""
    cmd = [sys.executable, str(shared / "eval" / "score.py"), "--gold", *map(str, gold), "--pred", str(pred),
           "--json"]
    if corpus:
        cmd += ["--corpus", *map(str, corpus)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
    text = proc.stdout
    return json.loads(text[: text.rindex("}") + 1])


def calibration_error(shared: Path, gold: list[Path], pred: Path, bins: int = 10) -> float:
    """Expected calibration error of ``confidence`` over the emitted records: a record is right when
    score.py's matcher pairs it with a gold record (optional gold records are left out)."""
    spec = importlib.util.spec_from_file_location("score", shared / "eval" / "score.py")
    assert spec is not None and spec.loader is not None
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    by_doc: dict[str, list[dict]] = {}
    for path in gold:
        for line in path.open(encoding="utf-8"):
            if line.strip():
                g = json.loads(line)
                by_doc.setdefault(g["doc_id"], []).append(g)
    preds: dict[str, list[dict]] = {}
    for line in pred.open(encoding="utf-8"):
        if line.strip():
            r = json.loads(line)
            preds.setdefault(r["doc_id"], []).append(r)
    pairs: list[tuple[float, int]] = []
    for doc, recs in preds.items():
        matched, _, _ = scorer.match(by_doc.get(doc, []), recs)
        optional = {id(p) for g, p in matched if g.get("optional")}
        right = {id(p) for g, p in matched if not g.get("optional")}
        pairs += [(float(r["confidence"]), int(id(r) in right)) for r in recs if id(r) not in optional]
    return round(expected_calibration_error([c for c, _ in pairs], [y for _, y in pairs], bins), 3)


def extract_set(shared: Path, tmp: Path, name: str) -> tuple[list[Path], list[Path], Path]:
    """Extract every corpus of ``eval/NAME``: (corpora, their gold files, all predictions in one file)."""
    corpora = sorted(p for p in (shared / "eval" / name).glob("*.jsonl") if not p.name.endswith(".gold.jsonl"))
    preds = tmp / f"{name}.pred"
    with preds.open("w", encoding="utf-8") as fh:
        for corpus in corpora:
            out = tmp / f"{name}-{corpus.stem}.pred"
            run_extract(corpus, out)
            fh.write(out.read_text(encoding="utf-8"))
    return corpora, [p.with_name(p.stem + ".gold.jsonl") for p in corpora], preds


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
    m: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        seed = tmp / "seed.jsonl"
        text = (shared / "seed" / f"{SEED_ID}.txt").read_text(encoding="utf-8")
        seed.write_text(json.dumps({"id": SEED_ID, "text": text, "published": SEED_DATE}, ensure_ascii=False)
                        + "\n", encoding="utf-8")
        run_extract(seed, tmp / "seed.pred")
        s = score(shared, [shared / "seed" / f"{SEED_ID}.gold.jsonl"], tmp / "seed.pred")
        print(f"seed: {json.dumps(s)}")
        m["seed.event_f1"], m["seed.full"] = s["event_f1"], s["full_record"]
        every: tuple[list[Path], list[Path], list[Path]] = ([], [], [])
        for name in DEV_SETS:
            corpora, gold, preds = extract_set(shared, tmp, name)
            d = score(shared, gold, preds, corpora)
            print(f"{name}: {json.dumps(d)}")
            _put(m, name, d)
            every[0].extend(corpora)
            every[1].extend(gold)
            every[2].append(preds)
        allpred = tmp / "all.pred"
        allpred.write_text("".join(p.read_text(encoding="utf-8") for p in every[2]), encoding="utf-8")
        a = score(shared, every[1], allpred, every[0])
        print(f"all: {json.dumps(a)}")
        _put(m, "all", a)
        m["all.calibration_error"] = calibration_error(shared, every[1], allpred)  # in-sample: reported only
        pr = protest_f1(shared, tmp)
    m["protest.f1"] = pr["f1"]
    print(f"protest: {json.dumps(pr)}")
    # the decider's cross-validated figures, as scripts/train_decider.py computed them (CI rebuilds the
    # model with --check first, so they are what the data gives)
    model = json.loads((ROOT / "src" / "marsad" / "data" / "decider.json").read_text(encoding="utf-8"))
    for k, v in model.get("out_of_fold", {}).items():
        if isinstance(v, (int, float)):
            m[f"cv.{k}"] = v
    return m


def _put(m: dict[str, float], name: str, d: dict) -> None:
    m[f"{name}.event_f1"], m[f"{name}.precision"], m[f"{name}.full"] = d["event_f1"], d["precision"], d["full_record"]
    for k, v in d["fields"].items():
        m[f"{name}.{k}"] = v


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
    for k, ceiling in sorted(tomllib.loads(a.floors.read_text(encoding="utf-8")).get("ceilings", {}).items()):
        got = m.get(k)
        ok = got is not None and got <= ceiling + 1e-9
        failed += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {k:24s} {got!s:>7} (ceiling {ceiling})")
    print(f"quality gate: {'passed' if not failed else f'{failed} measure(s) below the floor'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
