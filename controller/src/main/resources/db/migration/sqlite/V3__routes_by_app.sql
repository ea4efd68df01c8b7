CREATE INDEX routes_by_app ON routes (app);
