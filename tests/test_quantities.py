"""Other counted things an event record carries: detained, displaced, surrendered."""

from __future__ import annotations

import pytest

import marsad


@pytest.mark.parametrize(
    ("text", "what", "best"),
    [
        ("اعتقلت قوات الاحتلال 15 فلسطينيا في حملة دهم بمدينة نابلس.", "detained", 15),
        ("ألقت الشرطة القبض على سبعة أشخاص في مدينة البصرة.", "detained", 7),
        ("قصفت الطائرات مدينة حلب ما أدى إلى نزوح أكثر من 13 ألف مدني.", "displaced", 13000),
        ("وقال الجيش إن 700 من المسلحين سلموا أسلحتهم في حلب بعد معارك عنيفة.", "surrendered", 700),
    ],
)
def test_quantity_is_attached(text: str, what: str, best: int) -> None:
    events = marsad.extract(text, published="2024-05-07")
    assert events
    got = [(q.what, q.best) for e in events for q in e.quantities]
    assert (what, best) in got


def test_quantity_text_is_as_written() -> None:
    e = marsad.extract("قصفت الطائرات مدينة حلب ما أدى إلى نزوح أكثر من 13 ألف مدني.", published="2024-05-07")[0]
    q = e.quantities[0]
    assert q.text == "أكثر من 13 ألف"
    assert q.approximate


def test_no_quantity_without_a_number() -> None:
    e = marsad.extract("اعتقلت قوات الأمن عددا من الشبان في مدينة الموصل.", published="2024-05-07")[0]
    assert all(q.best is not None for q in e.quantities)
    assert not [q for q in e.quantities if q.what == "detained" and q.best == 0]
