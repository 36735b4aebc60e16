"""How well a confidence matches how often it is right: the expected calibration error.

Shared by the decider's training script (out of fold) and the quality gate (in-sample), so the
two figures are computed the same way.
"""

from __future__ import annotations

from collections.abc import Sequence


def expected_calibration_error(confidence: Sequence[float], right: Sequence[int | bool], bins: int = 10) -> float:
    """The average, over ``bins`` equal-width bins of confidence (the last one closed), of the gap
    between a bin's mean confidence and its share of right answers, weighted by the bin's size."""
    n = len(confidence)
    if n == 0:
        return 0.0
    total = 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        got = [(float(c), float(y)) for c, y in zip(confidence, right, strict=True)
               if lo <= c < hi or (b == bins - 1 and c == hi)]
        if got:
            mean_c = sum(c for c, _ in got) / len(got)
            mean_y = sum(y for _, y in got) / len(got)
            total += len(got) / n * abs(mean_c - mean_y)
    return total
