-- Certificates added through the API (cutover certs add), served by the routers' TLS listeners.
-- The private key is kept as given, as the store keeps secrets (docs/security.md).
CREATE TABLE certificates (
    name         TEXT PRIMARY KEY,
    certificate  TEXT NOT NULL,
    private_key  TEXT NOT NULL,
    hosts        TEXT NOT NULL,
    serial       TEXT NOT NULL,
    not_after    TEXT NOT NULL,
    added_at     TEXT NOT NULL,
    added_by     TEXT NOT NULL
);
