"""The decider: its features, its model file, its threshold, and the training script's refusals."""

from __future__ import annotations

import importlib.util
import json
import math
import sys
from pathlib import Path
from typing import Any

import pytest

import marsad
from marsad.cli import main
from marsad.learn.decider import FORMAT, Decider, ModelError, default_decider, from_dict, load_decider
from marsad.learn.features import article_features, cue_counts
from marsad.models import Article
from marsad.pipeline import default_pipeline, make_doc, run

ROOT = Path(__file__).resolve().parent.parent


def _model(**over: Any) -> dict[str, Any]:
    m: dict[str, Any] = {"format": FORMAT, "features": ["a", "b"], "mean": [0.0, 1.0], "scale": [1.0, 2.0],
                         "coef": [1.0, -1.0], "intercept": 0.5, "calibration": {"a": 1.0, "b": 0.0},
                         "threshold": 0.4}
    m.update(over)
    return m


def test_probability_is_the_calibrated_logistic_of_the_standardised_features() -> None:
    d = from_dict(_model())
    z = 0.5 + 1.0 * (2.0 - 0.0) / 1.0 - 1.0 * (3.0 - 1.0) / 2.0
    assert d.probability({"a": 2.0, "b": 3.0}) == pytest.approx(1 / (1 + math.exp(-z)))
    # a feature the row lacks counts as 0; extra keys are ignored
    assert d.probability({"c": 9.0}) == pytest.approx(d.probability({"a": 0.0, "b": 0.0}))


def test_an_event_type_may_have_its_own_threshold() -> None:
    d = from_dict(_model(thresholds_by_type={"Protests": 0.25}))
    assert d.threshold_for("Protests") == 0.25
    assert d.threshold_for("Battles") == 0.4


def test_calibration_moves_the_probability() -> None:
    flat = from_dict(_model(calibration={"a": 0.0, "b": 0.0}))
    assert flat.probability({"a": 5.0}) == pytest.approx(0.5)


@pytest.mark.parametrize(
    "broken",
    [{"format": "other"}, {"coef": [1.0]}, {"features": []}, {"calibration": {}}, {"threshold": "high"}],
)
def test_a_corrupt_model_is_a_one_line_error(broken: dict[str, Any]) -> None:
    with pytest.raises(ModelError) as err:
        from_dict(_model(**broken))
    assert "\n" not in str(err.value) and "corrupt" in str(err.value)


def test_a_missing_or_unreadable_model_file_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"decider\.json is missing"):
        load_decider(tmp_path / "decider.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError, match=r"bad\.json is corrupt"):
        load_decider(bad)


def test_the_cli_reports_a_missing_model_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    import marsad.learn.decider as mod

    def missing() -> Decider:
        return load_decider(tmp_path / "decider.json")

    monkeypatch.setattr(mod, "default_decider", missing)
    article = tmp_path / "a.txt"
    article.write_text("قصفت طائرات حربية مدينة حلب أمس.", encoding="utf-8")
    assert main(["extract", str(article), "--format", "jsonl"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "decider.json is missing" in err[0]


def test_the_shipped_model_loads_and_its_threshold_is_a_probability() -> None:
    d = default_decider()
    assert 0.0 < d.threshold < 1.0
    assert len(d.features) == len(d.coef) > 20


# --- features -------------------------------------------------------------------------------


def test_cue_counts_find_whole_words_with_a_leading_conjunction() -> None:
    c = cue_counts("وقال مصدر امني ان الهجوم وقع منذ اسبوعين وسوف تستمر العمليات")
    assert c["speech"] == 2  # وقال، مصدر
    assert c["background"] == 1  # منذ
    assert c["future"] == 1  # وسوف
    assert cue_counts("المنذر")["background"] == 0  # not inside a longer word


def _features(text: str, published: str = "2024-05-07", title: str | None = None) -> list[dict[str, float]]:
    import datetime as dt

    art = Article(id="t", text=text, title=title, published=dt.date.fromisoformat(published))
    stages = tuple(s for s in default_pipeline() if s.name not in ("decide", "records"))
    doc = run(make_doc(art), stages)
    return article_features(doc, doc.drafts)


def test_features_describe_the_trigger_date_and_place() -> None:
    (f,) = _features("قصفت طائرات حربية مدينة حلب أمس.")
    assert f["type=Explosions/Remote violence"] == 1.0
    assert f["trigger=verb"] == 1.0
    assert f["date_recent"] == 1.0 and f["date_old"] == 0.0
    assert f["place_coords"] == 1.0 and f["place_in_clause"] == 1.0


def test_features_mark_an_old_date_and_background_words() -> None:
    feats = _features("وكانت طائرات حربية قد قصفت مدينة حلب في 3 مارس 2019.")
    assert feats and feats[0]["date_old"] == 1.0
    assert feats[0]["sentence_background"] >= 1.0


def test_features_see_the_headline_agree() -> None:
    feats = _features("قتل ثلاثة مدنيين في قصف مدفعي على مدينة إدلب أمس.", title="قصف مدفعي على إدلب")
    body = [f for f in feats if f["is_title"] == 0.0]
    assert body and body[0]["headline_same_type"] == 1.0


# --- the threshold ------------------------------------------------------------------------


def test_min_confidence_zero_keeps_every_candidate_and_one_keeps_none() -> None:
    text = "قصفت طائرات حربية مدينة حلب أمس. وقال ناشطون إن اشتباكات اندلعت في حي الشعار."
    every = marsad.extract(text, published="2024-05-07", min_confidence=0)
    default = marsad.extract(text, published="2024-05-07")
    assert len(every) >= len(default)
    assert all(e.confidence >= default_decider().threshold_for(e.event_type) for e in default)
    assert marsad.extract(text, published="2024-05-07", min_confidence=1.0) == [
        e for e in every if e.confidence >= 1.0]
    assert all(0.0 <= e.confidence <= 1.0 for e in every)


@pytest.mark.parametrize("bad", ["2", "-0.1", "high"])
def test_the_cli_refuses_a_bad_min_confidence(bad: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "a.txt"
    article.write_text("قصفت طائرات حربية مدينة حلب أمس.", encoding="utf-8")
    assert main(["extract", str(article), "--min-confidence", bad]) == 2
    assert "min-confidence" in capsys.readouterr().err


# --- the training script's refusals ----------------------------------------------------------


def _trainer() -> Any:
    spec = importlib.util.spec_from_file_location("train_decider", ROOT / "scripts" / "train_decider.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["train_decider"] = mod  # its dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


def _shared(tmp_path: Path, gold: list[dict[str, Any]] | None) -> Path:
    shared = tmp_path / "shared"
    (shared / "eval" / "dev").mkdir(parents=True)
    (shared / "eval" / "score.py").write_text("def match(g, p):\n    return [], set(), set()\n", encoding="utf-8")
    row = {"id": "a1", "text": "قصفت طائرات حربية مدينة حلب أمس.", "published": "2024-05-07"}
    (shared / "eval" / "dev" / "x.jsonl").write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    if gold is not None:
        (shared / "eval" / "dev" / "x.gold.jsonl").write_text(
            "".join(json.dumps(g) + "\n" for g in gold), encoding="utf-8")
    return shared


@pytest.mark.parametrize(
    ("gold", "message"),
    [(None, "has no gold file"), ([{"doc_id": "zz", "event_type": "Battles"}], "articles the corpus lacks: zz")],
)
def test_training_refuses_data_without_usable_gold(tmp_path: Path, gold: list[dict[str, Any]] | None, message: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    shared = _shared(tmp_path, gold)
    out = tmp_path / "decider.json"
    assert _trainer().main(["--shared", str(shared), "--sets", "dev", "--out", str(out)]) == 1
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_counts_of_a_book_length_text_stay_within_what_training_saw() -> None:
    towns = ["حلب", "إدلب", "حماة", "حمص", "دوما", "درعا"]
    text = " ".join(f"قصفت طائرات حربية مدينة {towns[i % len(towns)]} أمس." for i in range(300))
    feats = _features(text)
    assert feats
    assert max(f["article_drafts"] for f in feats) <= math.log1p(40) + 1e-9
    assert max(f["article_sentences"] for f in feats) <= math.log1p(80) + 1e-9


def test_expected_calibration_error_weighs_each_bin_by_its_size() -> None:
    from marsad.learn.calibration import expected_calibration_error

    assert expected_calibration_error([], []) == 0.0
    # two records at 0.9, one right: |0.9 - 0.5| over the whole set
    assert expected_calibration_error([0.9, 0.9], [1, 0]) == pytest.approx(0.4)
    # a perfect 1.0 lands in the last, closed bin
    assert expected_calibration_error([1.0, 0.0], [1, 0]) == pytest.approx(0.0)


def test_a_region_named_with_its_place_noun_counts_as_introduced_by_one() -> None:
    from marsad.learn.features import _geo_head

    # "ريف ادلب", "جبال اللاذقيه": the name itself starts with the place noun
    assert _geo_head("ريف ادلب") and _geo_head("جبال اللاذقيه") and _geo_head("سهل الغاب")
    assert not _geo_head("ريف") and not _geo_head("ادلب") and not _geo_head("حلب الجديده")
