"""The schema, one list of migrations per backend, in step.

Append only: a released migration is never edited. Tables that hold a workspace's data carry
(platform, workspace_id) so export and forget can find every row.
"""

from __future__ import annotations

SQLITE_MIGRATIONS: list[str] = [
    # 1: profiles, feedback, event ledger
    """
    CREATE TABLE profiles (
        platform TEXT NOT NULL,
        workspace_id TEXT NOT NULL,
        data TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (platform, workspace_id)
    );
    CREATE TABLE feedback (
        platform TEXT NOT NULL,
        workspace_id TEXT NOT NULL,
        answer_ref TEXT NOT NULL,
        user_id TEXT NOT NULL,
        entry_id TEXT NOT NULL,
        vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
        created_at TEXT NOT NULL,
        PRIMARY KEY (platform, workspace_id, answer_ref, user_id)
    );
    CREATE TABLE processed_events (
        platform TEXT NOT NULL,
        event_id TEXT NOT NULL,
        seen_at TEXT NOT NULL,
        PRIMARY KEY (platform, event_id)
    );
    CREATE INDEX processed_events_seen ON processed_events (seen_at);
    """,
    # 2: weekly reminders and what became of each scheduled occurrence (bot.reminders)
    """
    CREATE TABLE reminders (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        platform TEXT NOT NULL,
        workspace_id TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
        local_time TEXT NOT NULL,
        timezone TEXT NOT NULL,
        note TEXT,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active', 'paused')),
        pause_kind TEXT,
        pause_detail TEXT,
        next_run_utc TEXT NOT NULL,
        rotation INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX reminders_workspace ON reminders (platform, workspace_id);
    CREATE INDEX reminders_due ON reminders (next_run_utc) WHERE status = 'active';
    CREATE TABLE reminder_occurrences (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        reminder_id INTEGER NOT NULL REFERENCES reminders (id) ON DELETE CASCADE,
        platform TEXT NOT NULL,
        workspace_id TEXT NOT NULL,
        scheduled_utc TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'skipped', 'paused')),
        reason TEXT,
        rotation INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        retry_at TEXT,
        claimed_by TEXT,
        message_id TEXT,
        updated_at TEXT NOT NULL,
        UNIQUE (reminder_id, scheduled_utc)
    );
    CREATE INDEX reminder_occurrences_retry ON reminder_occurrences (retry_at)
        WHERE state = 'pending';
    CREATE INDEX reminder_occurrences_workspace ON reminder_occurrences (platform, workspace_id);
    """,
    # 3: one row that readiness rewrites, to prove the file still takes writes
    """
    CREATE TABLE write_probe (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        written_at TEXT NOT NULL
    );
    """,
    # 4: what each workspace asks (bot.insights): the entry matched, or a decline with the
    # question's text only while the workspace consents; no user ids. The consent itself.
    """
    CREATE TABLE questions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        platform TEXT NOT NULL,
        workspace_id TEXT NOT NULL,
        asked_at TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('answered', 'declined')),
        entry_id TEXT,
        question TEXT
    );
    CREATE INDEX questions_workspace ON questions (platform, workspace_id, asked_at);
    CREATE INDEX questions_asked ON questions (asked_at);
    CREATE TABLE insights_settings (
        platform TEXT NOT NULL,
        workspace_id TEXT NOT NULL,
        store_declined INTEGER NOT NULL CHECK (store_declined IN (0, 1)),
        updated_at TEXT NOT NULL,
        PRIMARY KEY (platform, workspace_id)
    );
    """,
    # 5: a workspace's own knowledge entries (bot.teamkb), one JSON document each
    """
    CREATE TABLE team_entries (
        platform TEXT NOT NULL,
        workspace_id TEXT NOT NULL,
        entry_id TEXT NOT NULL,
        data TEXT NOT NULL,
        created_by TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (platform, workspace_id, entry_id)
    );
    """,
]

# The same schema in PostgreSQL's types: version N here is version N above, so `schema_version`
# means the same on both. Times are timestamptz, the profile document jsonb, ids identity
# columns.
POSTGRES_MIGRATIONS: list[str] = [
    # 1: profiles, feedback, event ledger
    """
    CREATE TABLE profiles (
        platform text NOT NULL,
        workspace_id text NOT NULL,
        data jsonb NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (platform, workspace_id)
    );
    CREATE TABLE feedback (
        platform text NOT NULL,
        workspace_id text NOT NULL,
        answer_ref text NOT NULL,
        user_id text NOT NULL,
        entry_id text NOT NULL,
        vote text NOT NULL CHECK (vote IN ('up', 'down')),
        created_at timestamptz NOT NULL,
        PRIMARY KEY (platform, workspace_id, answer_ref, user_id)
    );
    CREATE INDEX feedback_created ON feedback (created_at);
    CREATE TABLE processed_events (
        platform text NOT NULL,
        event_id text NOT NULL,
        seen_at timestamptz NOT NULL,
        PRIMARY KEY (platform, event_id)
    );
    CREATE INDEX processed_events_seen ON processed_events (seen_at);
    """,
    # 2: weekly reminders and what became of each scheduled occurrence (bot.reminders)
    """
    CREATE TABLE reminders (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        platform text NOT NULL,
        workspace_id text NOT NULL,
        channel_id text NOT NULL,
        weekday integer NOT NULL CHECK (weekday BETWEEN 0 AND 6),
        local_time text NOT NULL,
        timezone text NOT NULL,
        note text,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('active', 'paused')),
        pause_kind text,
        pause_detail text,
        next_run_utc timestamptz NOT NULL,
        rotation integer NOT NULL DEFAULT 0
    );
    CREATE INDEX reminders_workspace ON reminders (platform, workspace_id);
    CREATE INDEX reminders_due ON reminders (next_run_utc) WHERE status = 'active';
    CREATE TABLE reminder_occurrences (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        reminder_id bigint NOT NULL REFERENCES reminders (id) ON DELETE CASCADE,
        platform text NOT NULL,
        workspace_id text NOT NULL,
        scheduled_utc timestamptz NOT NULL,
        state text NOT NULL CHECK (state IN ('pending', 'sent', 'skipped', 'paused')),
        reason text,
        rotation integer NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        retry_at timestamptz,
        claimed_by text,
        message_id text,
        updated_at timestamptz NOT NULL,
        UNIQUE (reminder_id, scheduled_utc)
    );
    CREATE INDEX reminder_occurrences_retry ON reminder_occurrences (retry_at)
        WHERE state = 'pending';
    CREATE INDEX reminder_occurrences_workspace ON reminder_occurrences (platform, workspace_id);
    """,
    # 3: one row that readiness rewrites, to prove the database still takes writes
    """
    CREATE TABLE write_probe (
        id integer PRIMARY KEY CHECK (id = 1),
        written_at timestamptz NOT NULL
    );
    """,
    # 4: what each workspace asks (bot.insights), and its consent to keep declined questions
    """
    CREATE TABLE questions (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        platform text NOT NULL,
        workspace_id text NOT NULL,
        asked_at timestamptz NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('answered', 'declined')),
        entry_id text,
        question text
    );
    CREATE INDEX questions_workspace ON questions (platform, workspace_id, asked_at);
    CREATE INDEX questions_asked ON questions (asked_at);
    CREATE TABLE insights_settings (
        platform text NOT NULL,
        workspace_id text NOT NULL,
        store_declined boolean NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (platform, workspace_id)
    );
    """,
    # 5: a workspace's own knowledge entries (bot.teamkb), one JSON document each
    """
    CREATE TABLE team_entries (
        platform text NOT NULL,
        workspace_id text NOT NULL,
        entry_id text NOT NULL,
        data jsonb NOT NULL,
        created_by text NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (platform, workspace_id, entry_id)
    );
    """,
]

# Tables with (platform, workspace_id) columns, for export and forget. Later migrations that
# add such a table register it here.
# Occurrences before reminders: forget deletes in this order and reports every row it removed.
WORKSPACE_TABLES: list[str] = [
    "profiles",
    "feedback",
    "reminder_occurrences",
    "reminders",
    "questions",
    "insights_settings",
    "team_entries",
]
