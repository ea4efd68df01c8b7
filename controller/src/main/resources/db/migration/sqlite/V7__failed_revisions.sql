CREATE TABLE failed_revisions (
    app         TEXT NOT NULL,
    hash        TEXT NOT NULL,
    deployment  INTEGER NOT NULL,
    failed_at   TEXT NOT NULL,
    reason      TEXT NOT NULL,
    PRIMARY KEY (app, hash)
);
