CREATE TABLE apps (
    name        TEXT PRIMARY KEY,
    spec        TEXT NOT NULL,
    revision    INTEGER NOT NULL,
    deleting    INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE revisions (
    app         TEXT NOT NULL,
    number      INTEGER NOT NULL,
    hash        TEXT NOT NULL,
    spec        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (app, number)
);

CREATE TABLE instances (
    id            TEXT PRIMARY KEY,
    app           TEXT NOT NULL,
    revision      INTEGER NOT NULL,
    host          TEXT NOT NULL,
    port          INTEGER NOT NULL,
    pid           INTEGER NOT NULL,
    process_start TEXT,
    state         TEXT NOT NULL,
    health        TEXT NOT NULL,
    ready         INTEGER NOT NULL,
    started_at    TEXT NOT NULL,
    log_file      TEXT NOT NULL
);
CREATE INDEX instances_by_app ON instances (app);

CREATE TABLE routes (
    host        TEXT NOT NULL,
    path_prefix TEXT NOT NULL,
    app         TEXT NOT NULL,
    source      TEXT NOT NULL,
    PRIMARY KEY (host, path_prefix)
);

CREATE TABLE events (
    id    INTEGER PRIMARY KEY AUTOINCREMENT,
    time  TEXT NOT NULL,
    type  TEXT NOT NULL,
    app   TEXT,
    data  TEXT NOT NULL
);

CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT INTO counters (name, value) VALUES ('route_generation', 0);
