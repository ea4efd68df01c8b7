-- The leader lease: one row. Its term is the fencing token every write transaction checks (docs/ha.md).
CREATE TABLE leader_lease (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    holder      TEXT NOT NULL,
    address     TEXT NOT NULL,
    term        INTEGER NOT NULL,
    expires_at  TEXT NOT NULL
);
INSERT INTO leader_lease (id, holder, address, term, expires_at) VALUES (1, '', '', 0, '1970-01-01T00:00:00Z');

-- The controllers that use this store, as each last renewed or claimed the lease.
CREATE TABLE controllers (
    id          TEXT PRIMARY KEY,
    address     TEXT NOT NULL,
    version     TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    seen_at     TEXT NOT NULL
);
