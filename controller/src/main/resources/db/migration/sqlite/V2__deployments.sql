CREATE TABLE deployments (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    app             TEXT NOT NULL,
    strategy        TEXT NOT NULL,
    from_revision   INTEGER NOT NULL,
    to_revision     INTEGER NOT NULL,
    old_at_start    INTEGER NOT NULL,
    status          TEXT NOT NULL,
    reason          TEXT NOT NULL,
    message         TEXT NOT NULL,
    failure         TEXT,
    progress        TEXT NOT NULL,
    launch_failures INTEGER NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    progress_at     TEXT NOT NULL,
    finished_at     TEXT
);
CREATE INDEX deployments_by_app ON deployments (app, status);
