"""The place tagger and its use in the places stage, on sentences written for these tests."""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from marsad.errors import MarsadError
from marsad.learn.tagger import PlaceTagger, default_tagger
from marsad.stages.places import find_places
from marsad.text.normalize import normalize

ROOT = Path(__file__).resolve().parent.parent


def places(text: str) -> list[tuple[str, str | None, str | None]]:
    out = []
    for m in find_places(normalize(text)):
        c = m.candidates[0] if m.candidates else None
        out.append((m.name_ar, c.name if c else None, c.country if c else None))
    return out


def test_the_shipped_model_loads_once() -> None:
    t = default_tagger()
    assert t is default_tagger()
    assert t.loc_probs([]) == []


def test_a_corrupt_model_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "place_tagger.crfsuite"
    bad.write_bytes(b"not a model at all" * 4)
    with pytest.raises(MarsadError) as e:
        PlaceTagger.from_path(bad)
    assert str(bad) in str(e.value) and "\n" not in str(e.value)


def test_a_missing_model_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(MarsadError) as e:
        PlaceTagger.from_path(tmp_path / "none.crfsuite")
    assert "none.crfsuite" in str(e.value) and "\n" not in str(e.value)


@pytest.mark.parametrize(
    "text",
    [
        "ونشر ناشطون مقطعا بالصور يظهر حجم الدمار",
        "وبحسب الصور التي بثها الناشطون فإن القصف طال المنازل",
        "وقال مور إن الهجوم كان متوقعا منذ أيام",
    ],
)
def test_a_common_word_is_no_place_on_the_gazetteer_alone(text: str) -> None:
    assert places(text) == []


def test_a_place_word_keeps_the_town() -> None:
    got = places("قصفت الطائرات مدينة صور جنوب لبنان")
    assert ("صور", "Tyre", "LB") in got


def test_a_market_in_aden_is_not_in_iraq() -> None:
    got = places("اندلع حريق في سوق المدينة في عدن مساء أمس")
    assert all(country == "YE" for _, _, country in got)
    assert ("عدن", "Aden", "YE") in got


def test_a_quarter_of_a_yemeni_town_is_not_libyan() -> None:
    got = places("قتل ثلاثة مدنيين في حي القبة بمدينة تعز")
    assert [c for _, _, c in got] == ["YE", "YE"]


def test_towns_in_the_countries_of_the_text_stay() -> None:
    got = places("وقصفت قوات النظام حلب وادلب وحماة، وسقطت قذائف على دير الزور في شرق سوريا")
    assert {n for n, _, _ in got} >= {"حلب", "ادلب", "حماه", "دير الزور", "سوريا"}


def test_a_town_abroad_needs_more_than_the_gazetteer() -> None:
    # Busan and Ube are towns abroad whose names are also words of this sentence
    assert all(c == "YE" for _, _, c in places("نشر موقع أون لاين تقريرا عن المعارك في تعز ومأرب"))


def _train_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("train_place_tagger", ROOT / "scripts" / "train_place_tagger.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_TINY = """\
قصفت O
الطائرات O
مدينة O
حلب B-LOC
. O

وصل O
الوزير O
إلى O
بغداد B-LOC
أمس O

وقال O
محمد B-PERS
إن O
الوضع O
هادئ O
"""


def test_training_is_deterministic(tmp_path: Path) -> None:
    data = tmp_path / "tiny.txt"
    data.write_text(_TINY * 3, encoding="utf-8")
    train = _train_script()
    digests = []
    for name in ("a.crfsuite", "b.crfsuite"):
        out = tmp_path / name
        assert train.main([str(data), "--folds", "0", "--out", str(out)]) == 0
        digests.append(hashlib.sha256(out.read_bytes()).hexdigest())
    assert digests[0] == digests[1]
    PlaceTagger.from_path(tmp_path / "a.crfsuite")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (None, "no such file"),
        ("", "empty"),
        ("قصفت O\nحلب\n", "malformed"),
        ("قصفت O\nحلب B-PLACE\n", "malformed"),
        ("قال O\nمحمد B-PERS\n", "no LOC"),
    ],
)
def test_training_on_bad_data_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None, problem: str
) -> None:
    data = tmp_path / "data.txt"
    if content is not None:
        data.write_text(content, encoding="utf-8")
    out = tmp_path / "model.crfsuite"
    assert _train_script().main([str(data), "--out", str(out)]) == 1
    err = capsys.readouterr().err.strip()
    assert problem in err and "\n" not in err
    assert not out.exists() and list(tmp_path.iterdir()) == ([data] if content is not None else [])
