ALTER TABLE deployments ADD COLUMN blue_green TEXT;
