ALTER TABLE deployments ADD COLUMN canary TEXT;
