-- What an instance speaks on its port (its revision's run.protocol): 'http1' or 'h2c'. Rows written before
-- the column existed are null, read as 'http1'.
ALTER TABLE instances ADD COLUMN protocol TEXT;
