-- API tokens: only the SHA-256 of each token is kept, never the token itself.
CREATE TABLE tokens (
    name        TEXT PRIMARY KEY,
    role        TEXT NOT NULL,
    hash        TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL,
    expires_at  TEXT,
    created_by  TEXT NOT NULL
);
