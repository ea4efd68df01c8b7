-- Who an instance answers it is when a router asks before using a new connection (a pod's uid, and the
-- port of its identity container); both null for runtimes without an identity (local processes).
ALTER TABLE instances ADD COLUMN identity_port INTEGER;
ALTER TABLE instances ADD COLUMN identity TEXT;
