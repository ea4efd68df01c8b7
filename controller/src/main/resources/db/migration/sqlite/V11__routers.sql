-- The routers that follow the leader: added when one joins (acknowledged its first table), removed when
-- it is lost. A new leader waits for them to reconnect before its steps count as confirmed (docs/ha.md).
CREATE TABLE routers (
    id          TEXT PRIMARY KEY,
    address     TEXT NOT NULL,
    token       TEXT,
    joined_at   TEXT NOT NULL
);
