"""DuckDB schema of the redline store (versioned through the ``meta`` table)."""

from __future__ import annotations

SCHEMA_VERSION = 4

#: Tables a caller may name in :meth:`redline.store.Store.count`.
TABLES = (
    "documents",
    "entities",
    "events",
    "quotes",
    "removals",
    "times",
    "places",
    "errors",
    "merged_events",
    "merged_reports",
    "alerts",
    "merge_state",
    "merged_keys",
    "merged_days",
    "merged_dyads",
    "watch_sources",
    "watch_urls",
    "watch_deliveries",
)

#: The tables of ``redline watch`` (schema version 4).
WATCH_DDL: tuple[str, ...] = (
    # redline watch: each source's validators, schedule and counts
    """CREATE TABLE IF NOT EXISTS watch_sources (
        id VARCHAR PRIMARY KEY,
        kind VARCHAR,
        every_seconds INTEGER,
        publisher VARCHAR,
        language VARCHAR,
        etag VARCHAR,
        last_modified VARCHAR,
        body_hash VARCHAR,
        last_fetch TIMESTAMP,
        last_status VARCHAR,
        last_error VARCHAR,
        failures INTEGER NOT NULL DEFAULT 0,
        next_due TIMESTAMP,
        fetches INTEGER NOT NULL DEFAULT 0,
        items INTEGER NOT NULL DEFAULT 0,
        stored INTEGER NOT NULL DEFAULT 0,
        errors INTEGER NOT NULL DEFAULT 0
    )""",
    # every article URL (or dropped file) seen: pending until its document is stored or it failed
    """CREATE TABLE IF NOT EXISTS watch_urls (
        url VARCHAR PRIMARY KEY,
        source VARCHAR NOT NULL,
        status VARCHAR NOT NULL,
        title VARCHAR,
        published VARCHAR,
        language VARCHAR,
        doc_id VARCHAR,
        body_hash VARCHAR,
        attempts INTEGER NOT NULL DEFAULT 0,
        error VARCHAR,
        first_seen TIMESTAMP NOT NULL,
        fetched_at TIMESTAMP
    )""",
    # delivery channels (alerts fired before a channel was first used are not sent to it)
    """CREATE TABLE IF NOT EXISTS watch_channels (
        name VARCHAR PRIMARY KEY,
        since TIMESTAMP NOT NULL
    )""",
    # the delivery log: each alert to each channel once
    """CREATE TABLE IF NOT EXISTS watch_deliveries (
        channel VARCHAR NOT NULL,
        rule_id VARCHAR NOT NULL,
        key VARCHAR NOT NULL,
        status VARCHAR NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        error VARCHAR,
        "at" TIMESTAMP NOT NULL,
        PRIMARY KEY (channel, rule_id, key)
    )""",
)

DDL: tuple[str, ...] = (
    "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    "CREATE SEQUENCE IF NOT EXISTS doc_key_seq START 1",
    """CREATE TABLE IF NOT EXISTS documents (
        doc_key BIGINT PRIMARY KEY,
        id VARCHAR NOT NULL,
        path VARCHAR,
        title VARCHAR,
        published VARCHAR,
        section VARCHAR,
        publisher VARCHAR,
        original_publisher VARCHAR,
        author VARCHAR,
        site VARCHAR,
        url VARCHAR,
        dateline VARCHAR,
        text VARCHAR,
        content_hash VARCHAR NOT NULL,
        duplicate_of VARCHAR,
        error VARCHAR,
        ingested_at TIMESTAMP NOT NULL,
        record JSON,
        story_id VARCHAR,
        duplicate_kind VARCHAR
    )""",
    "CREATE INDEX IF NOT EXISTS documents_hash ON documents (content_hash)",
    """CREATE TABLE IF NOT EXISTS entities (
        doc_key BIGINT NOT NULL,
        doc_id VARCHAR NOT NULL,
        idx INTEGER NOT NULL,
        text VARCHAR,
        start_offset INTEGER,
        end_offset INTEGER,
        label VARCHAR,
        code VARCHAR,
        sector VARCHAR,
        attrs JSON
    )""",
    """CREATE TABLE IF NOT EXISTS events (
        doc_key BIGINT NOT NULL,
        doc_id VARCHAR NOT NULL,
        idx INTEGER NOT NULL,
        event VARCHAR NOT NULL,
        mode VARCHAR[],
        context VARCHAR[],
        actor_codes VARCHAR[],
        actor_sectors VARCHAR[],
        actor_texts VARCHAR[],
        recipient_codes VARCHAR[],
        recipient_sectors VARCHAR[],
        recipient_texts VARCHAR[],
        date VARCHAR,
        date_start DATE,
        date_end DATE,
        date_source VARCHAR,
        date_text VARCHAR,
        event_text VARCHAR,
        evidence_start INTEGER,
        evidence_end INTEGER,
        place VARCHAR,
        place_country VARCHAR,
        claimed_by VARCHAR,
        score DOUBLE,
        confidence DOUBLE,
        trigger VARCHAR,
        record JSON
    )""",
    """CREATE TABLE IF NOT EXISTS quotes (
        doc_key BIGINT NOT NULL,
        doc_id VARCHAR NOT NULL,
        idx INTEGER NOT NULL,
        text VARCHAR,
        start_offset INTEGER,
        end_offset INTEGER,
        speaker VARCHAR,
        speaker_code VARCHAR,
        speaker_sector VARCHAR
    )""",
    """CREATE TABLE IF NOT EXISTS removals (
        doc_key BIGINT NOT NULL,
        doc_id VARCHAR NOT NULL,
        idx INTEGER NOT NULL,
        text VARCHAR,
        reason VARCHAR
    )""",
    """CREATE TABLE IF NOT EXISTS times (
        doc_key BIGINT NOT NULL,
        doc_id VARCHAR NOT NULL,
        idx INTEGER NOT NULL,
        text VARCHAR,
        start_offset INTEGER,
        end_offset INTEGER,
        value VARCHAR,
        type VARCHAR,
        granularity VARCHAR
    )""",
    """CREATE TABLE IF NOT EXISTS places (
        doc_key BIGINT NOT NULL,
        doc_id VARCHAR NOT NULL,
        idx INTEGER NOT NULL,
        text VARCHAR,
        start_offset INTEGER,
        end_offset INTEGER,
        name VARCHAR,
        country VARCHAR,
        admin1 VARCHAR,
        lat DOUBLE,
        lon DOUBLE,
        geonameid BIGINT,
        feature VARCHAR
    )""",
    """CREATE TABLE IF NOT EXISTS errors (
        input VARCHAR,
        reason VARCHAR NOT NULL,
        "at" TIMESTAMP NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS events_doc ON events (doc_key)",
    # the near-duplicate index (redline.corroborate.DedupIndex.to_state), saved between runs
    """CREATE TABLE IF NOT EXISTS dedup_state (
        documents INTEGER NOT NULL,
        state BLOB NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS merged_events (
        id VARCHAR PRIMARY KEY,
        event VARCHAR NOT NULL,
        mode VARCHAR[],
        context VARCHAR[],
        actor_codes VARCHAR[],
        recipient_codes VARCHAR[],
        date VARCHAR,
        date_start DATE,
        date_end DATE,
        date_granularity VARCHAR,
        place VARCHAR,
        place_country VARCHAR,
        sources INTEGER NOT NULL,
        reports INTEGER NOT NULL,
        first_reported VARCHAR,
        best_evidence VARCHAR,
        score DOUBLE,
        confidence DOUBLE,
        record JSON,
        lat DOUBLE,
        lon DOUBLE,
        search VARCHAR
    )""",
    """CREATE TABLE IF NOT EXISTS merged_reports (
        merged_id VARCHAR NOT NULL,
        doc_id VARCHAR NOT NULL,
        idx INTEGER NOT NULL,
        source VARCHAR,
        published VARCHAR,
        evidence VARCHAR,
        confidence DOUBLE
    )""",
    """CREATE TABLE IF NOT EXISTS alerts (
        rule_id VARCHAR NOT NULL,
        key VARCHAR NOT NULL,
        day VARCHAR,
        description VARCHAR,
        merged_ids VARCHAR[],
        fired_at TIMESTAMP NOT NULL,
        reports VARCHAR[],
        PRIMARY KEY (rule_id, key)
    )""",
    # Merge state for the incremental merge (redline.ingestion.refresh); derivable from the
    # tables above (a missing or outdated state, see meta 'merge_state', means one full merge).
    # One row per merged event report: its place in the merge order, source and merged event.
    """CREATE TABLE IF NOT EXISTS merge_state (
        doc_key BIGINT NOT NULL,
        doc_id VARCHAR NOT NULL,
        idx INTEGER NOT NULL,
        start VARCHAR NOT NULL,
        published VARCHAR,
        source VARCHAR,
        publisher VARCHAR,
        merged_id VARCHAR NOT NULL,
        record JSON
    )""",
    # one row per (merged event, block key), with the first and last day of its first report's
    # date: finds the events a new report may join
    """CREATE TABLE IF NOT EXISTS merged_keys (
        key VARCHAR NOT NULL,
        merged_id VARCHAR NOT NULL,
        first_start VARCHAR NOT NULL,
        first_end VARCHAR NOT NULL
    )""",
    # one row per (day-dated merged event, dyad): the escalation index the alert rules read
    """CREATE TABLE IF NOT EXISTS merged_days (
        dyad VARCHAR NOT NULL,
        day DATE NOT NULL,
        merged_id VARCHAR NOT NULL,
        score DOUBLE NOT NULL,
        sources INTEGER NOT NULL
    )""",
    # one row per dyad of merged_days: the first day of its escalation index (kept with the
    # rows above; a state without it, meta 'merge_state' before "state": 2, is merged again)
    """CREATE TABLE IF NOT EXISTS merged_dyads (
        dyad VARCHAR NOT NULL,
        first_day DATE NOT NULL
    )""",
    # documents whose story source changed and whose merged events are not rebuilt yet
    "CREATE TABLE IF NOT EXISTS merge_pending (doc_id VARCHAR NOT NULL)",
    *WATCH_DDL,
)

#: Statements that bring a version-1 database to version 2 (before DDL runs): documents
#: lose the unique content hash (copies of a story are stored, with ``duplicate_of``) and
#: gain their story and duplicate kind.
MIGRATE_1_TO_2: tuple[str, ...] = (
    "ALTER TABLE documents RENAME TO documents_v1",
    DDL[2],
    "INSERT INTO documents SELECT *, NULL, NULL FROM documents_v1",
    "DROP TABLE documents_v1",
)


#: Statements that bring a version-2 database to version 3: merged events gain the
#: coordinates of their place (for maps; filled from the stored records) and their lower-cased
#: best evidence (``search``, for text search).
MIGRATE_2_TO_3: tuple[str, ...] = (
    "ALTER TABLE merged_events ADD COLUMN IF NOT EXISTS lat DOUBLE",
    "ALTER TABLE merged_events ADD COLUMN IF NOT EXISTS lon DOUBLE",
    "ALTER TABLE merged_events ADD COLUMN IF NOT EXISTS search VARCHAR",
    "UPDATE merged_events SET search = lower(best_evidence)",
    "UPDATE merged_events SET lat = TRY_CAST(json_extract_string(record, '$.place.lat') AS DOUBLE), "
    "lon = TRY_CAST(json_extract_string(record, '$.place.lon') AS DOUBLE)",
)

#: Version 3 to 4 adds the tables of ``redline watch`` (created by :data:`DDL`); nothing else changes.
MIGRATE_3_TO_4: tuple[str, ...] = WATCH_DDL
