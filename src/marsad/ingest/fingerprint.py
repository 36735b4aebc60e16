"""Fingerprints of an article's text: an exact hash and a MinHash signature with LSH band keys.

The text is normalized first (:func:`marsad.text.normalize.normalize`: diacritics, alef and ya
forms, digits; then punctuation dropped and whitespace collapsed), so that the same article
typed or encoded differently hashes the same. Near-duplicates are found by MinHash over
5-word shingles (``datasketch``): the signature's bands are hashed into 64-bit keys that a store
indexes; two articles sharing a key are compared on their full signatures, and an estimated
Jaccard similarity of at least :data:`THRESHOLD` makes the later one a near-duplicate.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from marsad.text.normalize import normalize

#: MinHash permutations (a 256-byte signature).
NUM_PERM = 64
#: Words per shingle.
SHINGLE = 5
#: Estimated Jaccard similarity from which an article is a near-duplicate of another.
THRESHOLD = 0.8

_NOT_WORD = re.compile(r"[^\w]+")


@dataclass(frozen=True)
class Fingerprint:
    sha256: str
    minhash: bytes
    band_keys: tuple[int, ...]


def normalized_text(text: str) -> str:
    """The text as compared: normalized, punctuation removed, one space between words."""
    return " ".join(_NOT_WORD.sub(" ", normalize(text)).split())


@functools.lru_cache(maxsize=1)
def _bands() -> tuple[int, int]:
    """(bands, rows per band) that datasketch chooses for :data:`THRESHOLD` and :data:`NUM_PERM`."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    return int(lsh.b), int(lsh.r)


@functools.lru_cache(maxsize=1)
def _template() -> object:
    """An empty MinHash whose permutations every signature reuses (making them is the slow part).

    Its hash function is the identity: :func:`shingle_hashes` hands it the shingles' 32-bit
    hashes, computed in one pass rather than one Python call per shingle."""
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, hashfunc=_identity)


def _identity(value: int) -> int:
    return value


def shingle_hashes(words: Sequence[str]) -> list[int]:
    """The 32-bit hash of each distinct run of :data:`SHINGLE` words, as datasketch's default
    hash (the first four bytes of SHA-1, little-endian) gives it for the run joined by spaces."""
    encoded = [w.encode("utf-8") for w in words]
    runs = {b" ".join(encoded[i : i + SHINGLE]) for i in range(max(1, len(encoded) - SHINGLE + 1))}
    sha1 = hashlib.sha1
    digests = b"".join([sha1(run).digest() for run in runs])
    if not digests:
        return []
    first = np.frombuffer(digests, dtype=np.uint8).reshape(-1, 20)[:, :4]
    return np.ascontiguousarray(first).view("<u4").ravel().tolist()


def fingerprint(text: str) -> Fingerprint:
    """The fingerprint of an article's text (the body; the title is left out)."""
    from datasketch import MinHash

    template: MinHash = _template()
    norm = normalized_text(text)
    scheme = getattr(template, "scheme", None)  # datasketch ≥ 2.0 names its hashing scheme
    extra = {"scheme": scheme} if scheme is not None else {}
    m = MinHash(num_perm=NUM_PERM, hashfunc=_identity, permutations=template.permutations, **extra)
    m.update_batch(shingle_hashes(norm.split()))
    values = np.asarray(m.hashvalues, dtype="<u4")
    bands, rows = _bands()
    keys = tuple(
        int.from_bytes(
            hashlib.blake2b(bytes([b]) + values[b * rows : (b + 1) * rows].tobytes(), digest_size=8).digest(),
            "big",
            signed=True,
        )
        for b in range(bands)
    )
    return Fingerprint(hashlib.sha256(norm.encode("utf-8")).hexdigest(), values.tobytes(), keys)


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures (the share of equal MinHash values)."""
    x = np.frombuffer(a, dtype="<u4")
    y = np.frombuffer(b, dtype="<u4")
    if len(x) != len(y) or not len(x):
        return 0.0
    return float(np.count_nonzero(x == y)) / len(x)
