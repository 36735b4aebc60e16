"""The decider: a logistic model, trained on annotated articles, that says how likely a candidate is a
real event record, calibrated so that a confidence of 0.7 is right about 70 % of the time.

The weights are plain JSON (``data/decider.json``, written by ``scripts/train_decider.py``): the
feature names, their standardisation, the coefficients, a Platt calibration and the thresholds
that maximised F1 out of fold (one for protests and riots, one for the rest). Nothing is
unpickled; the file is read once per process.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from marsad.errors import MarsadError

MODEL_FILE = "decider.json"
FORMAT = "marsad-decider/1"


class ModelError(MarsadError):
    """A shipped model file is missing or unreadable."""


@dataclass(frozen=True)
class Decider:
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    calib_a: float
    calib_b: float
    threshold: float
    by_type: tuple[tuple[str, float], ...] = ()  # event types with a threshold of their own

    def threshold_for(self, event_type: str) -> float:
        """The threshold a record of this event type must reach (out-of-fold F1's choice)."""
        return next((t for k, t in self.by_type if k == event_type), self.threshold)

    def logit(self, row: Mapping[str, float]) -> float:
        z = self.intercept
        for name, m, s, w in zip(self.features, self.mean, self.scale, self.coef, strict=True):
            z += w * (row.get(name, 0.0) - m) / s
        return z

    def probability(self, row: Mapping[str, float]) -> float:
        """The calibrated probability that the candidate described by ``row`` is a true record."""
        return _sigmoid(self.calib_a * self.logit(row) + self.calib_b)

    def probabilities(self, rows: Sequence[Mapping[str, float]]) -> list[float]:
        return [self.probability(r) for r in rows]


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def from_dict(data: Mapping[str, Any], where: str = MODEL_FILE) -> Decider:
    """A decider from the JSON object ``scripts/train_decider.py`` writes."""
    try:
        if data.get("format") != FORMAT:
            raise ValueError(f"format is {data.get('format')!r}, expected {FORMAT!r}")
        feats = tuple(str(x) for x in data["features"])
        mean = tuple(float(x) for x in data["mean"])
        scale = tuple(float(x) or 1.0 for x in data["scale"])
        coef = tuple(float(x) for x in data["coef"])
        if not (len(feats) == len(mean) == len(scale) == len(coef)) or not feats:
            raise ValueError("features, mean, scale and coef differ in length")
        cal = data["calibration"]
        by_type = tuple(sorted((str(k), float(v)) for k, v in data.get("thresholds_by_type", {}).items()))
        return Decider(feats, mean, scale, coef, float(data["intercept"]), float(cal["a"]), float(cal["b"]),
                       float(data["threshold"]), by_type)
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelError(f"model file {where} is corrupt: {exc}") from exc


def load_decider(path: Traversable | Path) -> Decider:
    """A decider from its JSON file; a missing or corrupt file is a one-line :class:`ModelError`."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ModelError(f"model file {path} is missing: reinstall marsad or run scripts/train_decider.py") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"model file {path} is corrupt: {exc}") from exc
    if not isinstance(data, dict):
        raise ModelError(f"model file {path} is corrupt: not a JSON object")
    return from_dict(data, str(path))


@lru_cache(maxsize=1)
def default_decider() -> Decider:
    """The shipped decider, read once."""
    return load_decider(resources.files("marsad.data").joinpath(MODEL_FILE))
