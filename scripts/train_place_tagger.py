#!/usr/bin/env python3
"""Train the place tagger (``src/marsad/data/place_tagger.crfsuite``) on the ANERcorp train split.

    python scripts/train_place_tagger.py ../shared/eval/external/anercorp_train.txt
    python scripts/train_place_tagger.py PATH --folds 5 --no-write   # cross-validation only

The file is CoNLL-style: one ``token TAG`` pair a line (BIO tags; PERS, ORG, MISC are read as
``O``), blank lines between sentences. Each sentence is rebuilt from its normalized tokens joined by
spaces; its words get the features of :mod:`marsad.learn.place_features` (with the default
gazetteer's names) and the labels O / B-LOC / I-LOC.

Cross-validation: the sentences are cut into ``--folds`` contiguous blocks (ANERcorp keeps each
article's sentences together, so a block holds whole articles but for its two edges); a model trained
on the other blocks tags each block. Printed out of fold: the tagger's own LOC mention figures and
those of :func:`marsad.stages.places.find_places` deciding with that model (the shipped system).
Then the model is trained on every sentence with the same fixed parameters and written (the same
data gives the same bytes). A missing, empty or malformed file is reported in one line, exit 1, and
nothing is written.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
from pathlib import Path

import pycrfsuite

from marsad.learn.place_features import (
    bio_spans,
    gazetteer_spans,
    gazetteer_tags,
    sentence_features,
    words_and_gaps,
)
from marsad.learn.tagger import PlaceTagger
from marsad.resources.gazetteer import default_gazetteer
from marsad.stages.places import find_places
from marsad.text.normalize import normalize

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "src" / "marsad" / "data" / "place_tagger.crfsuite"
PARAMS: dict[str, object] = {
    "c1": 0.5,  # L1: most features get no weight, which keeps the file small
    "c2": 0.01,
    "max_iterations": 150,
    "feature.minfreq": 5,
    "feature.possible_transitions": True,
}
TAGS = {"O", "B-LOC", "I-LOC", "B-PERS", "I-PERS", "B-ORG", "I-ORG", "B-MISC", "I-MISC"}

Sentence = list[tuple[str, str]]


class DataError(Exception):
    pass


def read_conll(path: Path) -> list[Sentence]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise DataError(f"{path}: cannot read it ({e})") from None
    sents: list[Sentence] = []
    cur: Sentence = []
    for n, line in enumerate(text.splitlines(), 1):
        parts = line.split()
        if not parts:
            if cur:
                sents.append(cur)
                cur = []
            continue
        if len(parts) < 2 or parts[-1] not in TAGS:
            raise DataError(f"{path}:{n}: malformed line (expected 'token TAG' with a BIO tag)")
        cur.append((parts[0], parts[-1]))
    if cur:
        sents.append(cur)
    if not sents:
        raise DataError(f"{path}: empty (no tagged sentence)")
    if not any(t == "B-LOC" for s in sents for _, t in s):
        raise DataError(f"{path}: no LOC mention at all; not an ANERcorp-style file")
    return sents


def sentence_text(sent: Sentence) -> tuple[str, list[int]]:
    """The sentence as normalized text and the start offset of each token."""
    toks = [normalize(w) or "_" for w, _ in sent]
    starts, pos = [], 0
    for w in toks:
        starts.append(pos)
        pos += len(w) + 1
    return " ".join(toks), starts


def encode(sent: Sentence) -> tuple[list[list[str]], list[str], list[int]]:
    """Features and labels of a sentence's words, and the token each word is in."""
    text, tstarts = sentence_text(sent)
    spans, gaps = words_and_gaps(text)
    words = [text[a:b] for a, b in spans]
    starts = [a for a, _ in spans]
    ends = [b for _, b in spans]
    gaz = gazetteer_tags(starts, ends, gazetteer_spans(default_gazetteer(), text))
    xs = sentence_features(words, gaps, gaz)
    tok_of: list[int] = []
    ys: list[str] = []
    k = 0
    for a in starts:
        while k + 1 < len(tstarts) and tstarts[k + 1] <= a:
            k += 1
        tag = sent[k][1]
        first_word = not tok_of or tok_of[-1] != k
        tok_of.append(k)
        if tag.endswith("LOC"):
            ys.append("B-LOC" if tag == "B-LOC" and first_word else "I-LOC")
        else:
            ys.append("O")
    return xs, ys, tok_of


def train(data: list[tuple[list[list[str]], list[str], list[int]]], path: Path) -> None:
    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    trainer.set_params(PARAMS)
    for xs, ys, _ in data:
        if xs:
            trainer.append(xs, ys)
    trainer.train(str(path))


def prf(tp: int, fp: int, fn: int) -> str:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"precision={p:.3f} recall={r:.3f} loc_f1={f:.3f} (tp={tp} fp={fp} fn={fn})"


def tagger_spans(labels: list[str], tok_of: list[int]) -> set[tuple[int, int]]:
    """Token spans of the tagger's LOC mentions."""
    tok_tags: dict[int, str] = {}
    for lab, k in zip(labels, tok_of, strict=True):
        tok_tags.setdefault(k, lab)
    n = max(tok_of) + 1 if tok_of else 0
    return bio_spans([tok_tags.get(k, "O") for k in range(n)])


def system_spans(sent: Sentence, tagger: PlaceTagger | None) -> set[tuple[int, int]]:
    """Token spans of the places :func:`find_places` finds (as ``benchmarks/anercorp_loc.py``)."""
    text, starts = sentence_text(sent)
    pred: set[tuple[int, int]] = set()
    for m in find_places(text, tagger=tagger):
        if m.in_name:
            continue
        i = max(k for k, s in enumerate(starts) if s <= m.start)
        j = max(k for k, s in enumerate(starts) if s < m.end) + 1
        pred.add((i, j))
    return pred


def cross_validate(sents: list[Sentence], data: list[tuple[list[list[str]], list[str], list[int]]], k: int) -> None:
    n = len(sents)
    bounds = [round(n * f / k) for f in range(k + 1)]
    counts = {"tagger": [0, 0, 0], "system": [0, 0, 0]}
    with tempfile.TemporaryDirectory() as tmp:
        for f in range(k):
            lo, hi = bounds[f], bounds[f + 1]
            model = Path(tmp) / f"fold{f}.crfsuite"
            train(data[:lo] + data[hi:], model)
            tagger = PlaceTagger.from_path(model)
            fc = {"tagger": [0, 0, 0], "system": [0, 0, 0]}
            for s, (xs, _, tok_of) in zip(sents[lo:hi], data[lo:hi], strict=True):
                gold = bio_spans([t for _, t in s])
                for name, pred in (
                    ("tagger", tagger_spans(tagger.tag(xs), tok_of)),
                    ("system", system_spans(s, tagger)),
                ):
                    c = fc[name]
                    c[0] += len(gold & pred)
                    c[1] += len(pred - gold)
                    c[2] += len(gold - pred)
            for name in fc:
                counts[name] = [a + b for a, b in zip(counts[name], fc[name], strict=True)]
            print(f"fold {f + 1}/{k} sentences {lo}-{hi}: system {prf(*fc['system'])}", flush=True)
    print(f"out-of-fold tagger alone:          {prf(*counts['tagger'])}")
    print(f"out-of-fold find_places + tagger:  {prf(*counts['system'])}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", type=Path, help="ANERcorp train split (CoNLL: token TAG)")
    ap.add_argument("--folds", type=int, default=5, help="cross-validation folds (0: none)")
    ap.add_argument("--out", type=Path, default=MODEL, help=f"model file to write (default {MODEL})")
    ap.add_argument("--no-write", action="store_true", help="cross-validate only")
    a = ap.parse_args(argv)
    try:
        sents = read_conll(a.path)
    except DataError as e:
        print(f"train_place_tagger: {e}", file=sys.stderr)
        return 1
    data = [encode(s) for s in sents]
    print(f"{len(sents)} sentences, {sum(len(d[1]) for d in data)} words, params {PARAMS}", flush=True)
    if a.folds > 1:
        cross_validate(sents, data, a.folds)
    if a.no_write:
        return 0
    a.out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".place_tagger-", suffix=".tmp", dir=a.out.parent)
    os.close(fd)
    try:
        train(data, Path(tmp))
        os.replace(tmp, a.out)
    finally:
        Path(tmp).unlink(missing_ok=True)
    digest = hashlib.sha256(a.out.read_bytes()).hexdigest()
    print(f"wrote {a.out} ({a.out.stat().st_size} bytes, sha256 {digest}, python-crfsuite {_version()})")
    return 0


def _version() -> str:
    from importlib import metadata

    return metadata.version("python-crfsuite")


if __name__ == "__main__":
    sys.exit(main())
