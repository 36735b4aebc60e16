"""The database schema as an ordered list of migrations, one SQL text for both back ends.

Each migration is ``(version, description, sql)``. The SQL is written once with a few
placeholders that :func:`render` fills per dialect (``{pk}``, ``{ref}``, ``{json}``, ``{blob}``,
``{bigint}``, ``{float}``, ``{bool}``, ``{date}``); statements are separated by ``;`` at the end of
a line. A store applies the migrations it has not applied yet, each in one transaction, and
records it in the ``schema_migrations`` table of the database (version, description, applied_at).
Never edit a migration that has shipped: append a new one.
"""

from __future__ import annotations

from typing import Literal

Dialect = Literal["sqlite", "postgresql"]

_TYPES: dict[Dialect, dict[str, str]] = {
    "sqlite": {
        "pk": "INTEGER PRIMARY KEY",
        "ref": "INTEGER",
        "json": "TEXT",
        "blob": "BLOB",
        "bigint": "INTEGER",
        "float": "REAL",
        "bool": "INTEGER",
        "date": "TEXT",
    },
    "postgresql": {
        "pk": "BIGSERIAL PRIMARY KEY",
        "ref": "BIGINT",
        "json": "JSON",
        "blob": "BYTEA",
        "bigint": "BIGINT",
        "float": "DOUBLE PRECISION",
        "bool": "BOOLEAN",
        "date": "DATE",
    },
}

MIGRATIONS_TABLE = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at TEXT NOT NULL
)
"""

_V1 = """
CREATE TABLE runs (
    id {pk},
    kind TEXT NOT NULL,
    started TEXT NOT NULL,
    finished TEXT,
    marsad_version TEXT NOT NULL,
    counts {json}
);
CREATE TABLE articles (
    id {pk},
    doc_id TEXT NOT NULL UNIQUE,
    url TEXT UNIQUE,
    outlet TEXT,
    title TEXT,
    published {date},
    text TEXT NOT NULL,
    sha256 TEXT NOT NULL UNIQUE,
    minhash {blob},
    near_duplicate_of {ref} REFERENCES articles (id),
    ingested_at TEXT NOT NULL,
    marsad_version TEXT NOT NULL,
    run_id {ref} REFERENCES runs (id)
);
CREATE INDEX articles_published ON articles (published);
CREATE INDEX articles_near_duplicate_of ON articles (near_duplicate_of);
CREATE INDEX articles_outlet ON articles (outlet);
CREATE TABLE article_bands (
    band_key {bigint} NOT NULL,
    article_id {ref} NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    PRIMARY KEY (band_key, article_id)
);
CREATE INDEX article_bands_article ON article_bands (article_id);
CREATE TABLE records (
    id {pk},
    article_id {ref} NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    record_id TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    event_date {date},
    country TEXT,
    event_type TEXT,
    sub_event_type TEXT,
    lat {float},
    lon {float},
    confidence {float},
    fatalities INTEGER,
    counted {bool} NOT NULL,
    marsad_version TEXT NOT NULL,
    run_id {ref} REFERENCES runs (id),
    superseded_by {ref} REFERENCES runs (id),
    data {json} NOT NULL
);
CREATE INDEX records_article ON records (article_id);
CREATE INDEX records_date ON records (event_date);
CREATE INDEX records_country_date ON records (country, event_date);
CREATE INDEX records_type_date ON records (event_type, event_date);
CREATE INDEX records_sub_type_date ON records (sub_event_type, event_date);
CREATE INDEX records_lat_lon ON records (lat, lon);
CREATE INDEX records_confidence ON records (confidence);
CREATE INDEX records_version ON records (marsad_version);
CREATE TABLE events (
    event_id TEXT PRIMARY KEY,
    event_date {date},
    country TEXT,
    event_type TEXT,
    sub_event_type TEXT,
    lat {float},
    lon {float},
    confidence {float},
    fatalities INTEGER,
    reports INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    data {json} NOT NULL
);
CREATE INDEX events_date ON events (event_date);
CREATE INDEX events_country_date ON events (country, event_date);
CREATE INDEX events_type_date ON events (event_type, event_date);
CREATE INDEX events_sub_type_date ON events (sub_event_type, event_date);
CREATE INDEX events_lat_lon ON events (lat, lon);
CREATE INDEX events_confidence ON events (confidence);
CREATE TABLE event_reports (
    event_id TEXT NOT NULL REFERENCES events (event_id) ON DELETE CASCADE,
    record_id {ref} NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    reason TEXT NOT NULL,
    added_at TEXT NOT NULL,
    PRIMARY KEY (event_id, record_id)
);
CREATE INDEX event_reports_record ON event_reports (record_id)
"""

# Records are read by article and by id only (events are what is queried, filtered and exported):
# their other seven indexes cost about a fifth of the writer's time and served no query.
_V2 = """
DROP INDEX IF EXISTS records_date;
DROP INDEX IF EXISTS records_country_date;
DROP INDEX IF EXISTS records_type_date;
DROP INDEX IF EXISTS records_sub_type_date;
DROP INDEX IF EXISTS records_lat_lon;
DROP INDEX IF EXISTS records_confidence;
DROP INDEX IF EXISTS records_version
"""

#: (version, description, SQL with dialect placeholders), in order.
MIGRATIONS: tuple[tuple[int, str, str], ...] = (
    (1, "articles, records, events, event reports, runs", _V1),
    (2, "records indexed by article only (the events table holds the queried indexes)", _V2),
)

#: The schema version this marsad writes.
LATEST = MIGRATIONS[-1][0]


def render(sql: str, dialect: Dialect) -> list[str]:
    """The statements of ``sql`` for ``dialect``, placeholders filled, one string each."""
    filled = sql.format(**_TYPES[dialect])
    return [s.strip() for s in filled.split(";\n") if s.strip()]
