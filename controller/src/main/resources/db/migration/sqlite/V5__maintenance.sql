CREATE TABLE maintenance (
    host        TEXT NOT NULL,
    path_prefix TEXT NOT NULL,
    spec        TEXT NOT NULL,
    since       TEXT NOT NULL,
    PRIMARY KEY (host, path_prefix)
);
