"""Fingerprints: the fast shingle hashing gives datasketch's own signature, bit for bit."""

from __future__ import annotations

import hashlib

import numpy as np
from datasketch import MinHash

from marsad.ingest.fingerprint import NUM_PERM, SHINGLE, fingerprint, normalized_text, shingle_hashes, similarity

TEXT = (
    "قالت مصادر محلية إن قصفا مدفعيا استهدف أحياء سكنية في المدينة صباح اليوم، "
    "ما أدى إلى مقتل ثلاثة مدنيين وإصابة آخرين، فيما أعلنت فرق الإسعاف نقل الجرحى إلى المستشفى."
)


def _reference(text: str) -> bytes:
    """The signature as datasketch builds it with its default hash, one shingle string at a time."""
    words = normalized_text(text).split()
    shingles = {" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    m = MinHash(num_perm=NUM_PERM)
    for s in shingles:
        m.update(s.encode("utf-8"))
    return np.asarray(m.hashvalues, dtype="<u4").tobytes()


def test_signature_is_datasketch_default_hashing() -> None:
    for text in (TEXT, TEXT + " وأضافت المصادر أن الاشتباكات استمرت.", "كلمة", "خبر من ثلاث كلمات", ""):
        assert fingerprint(text).minhash == _reference(text)


def test_shingle_hashes_are_sha1_prefixes_of_distinct_runs() -> None:
    words = "أ ب ج د ه و أ ب ج د ه".split()
    expected = {
        int.from_bytes(hashlib.sha1(" ".join(words[i : i + SHINGLE]).encode()).digest()[:4], "little")
        for i in range(len(words) - SHINGLE + 1)
    }
    got = shingle_hashes(words)
    assert sorted(got) == sorted(expected)
    assert len(got) == len(expected)  # a repeated run is hashed once


def test_near_copy_is_similar_and_other_text_is_not() -> None:
    a = fingerprint(TEXT * 3)
    b = fingerprint(TEXT * 3 + " نسخة معدلة قليلا.")
    c = fingerprint("أعلنت وزارة الصحة افتتاح مركز جديد لعلاج الأطفال في العاصمة بحضور عدد من المسؤولين.")
    assert similarity(a.minhash, b.minhash) >= 0.8
    assert similarity(a.minhash, c.minhash) < 0.2
    assert a.sha256 != b.sha256
