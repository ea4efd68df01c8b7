-- The store's identity: one row, a UUID the first controller to open the store inserts. Route-table
-- generations are numbered by one store and compare only within it; a router that meets another store's
-- identity takes that store's snapshot (docs/ha.md). cutover store migrate copies it with the rest.
CREATE TABLE store_identity (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    store  TEXT NOT NULL
);
