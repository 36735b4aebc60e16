"""Schemathesis against the API's own OpenAPI schema: the GET routes, with a few generated
requests each (valid and invalid parameters alike), must never answer with a server error."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis.errors import Unsatisfiable  # noqa: E402
from schemathesis import GenerationMode  # noqa: E402

from marsad import api  # noqa: E402
from marsad.web.app import create_app  # noqa: E402

ARTICLE = {"id": "s1", "title": "اشتباكات في مأرب", "published": "2024-06-02", "outlet": "Al Masirah",
           "text": "اندلعت أمس اشتباكات عنيفة بين قوات الحكومة اليمنية ومسلحي جماعة الحوثي في مديرية صرواح غربي "
                   "مدينة مأرب، وأسفرت عن مقتل سبعة مقاتلين."}  # fmt: skip


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder: Path = tmp_path_factory.mktemp("schema")
    corpus = folder / "corpus.jsonl"
    corpus.write_text(json.dumps(ARTICLE, ensure_ascii=False) + "\n", encoding="utf-8")
    api.ingest([str(corpus)], str(folder / "schema.db"))
    return create_app(str(folder / "schema.db"))


def test_no_server_errors(app: Any) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app).include(method="GET")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/api/events", "/api/events/{event_id}", "/api/articles/{doc_id}",
                                              "/api/stats", "/api/health"}  # fmt: skip
    for operation, mode in itertools.product(operations, (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)):

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case: Any) -> None:
            response = case.call()
            assert response.status_code < 500, f"{case.method} {case.formatted_path} {case.query}: {response.text}"

        try:
            check()
        except Unsatisfiable:  # no parameter to break (/api/health): nothing negative to send
            assert mode == GenerationMode.NEGATIVE
