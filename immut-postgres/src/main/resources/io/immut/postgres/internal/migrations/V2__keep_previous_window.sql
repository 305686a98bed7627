-- Version 2 of the immut fleet store: the blue/green keep-previous window.
-- A RETIRED generation whose instances a promotion keeps running, out of service, until kept_until
-- (keepPreviousFor); null for every other row, and for every row of a version 1 schema.
ALTER TABLE ${schema}.generation ADD COLUMN kept_until timestamptz;
ALTER TABLE ${schema}.generation ADD CONSTRAINT generation_kept_is_retired CHECK (kept_until IS NULL OR status = 'RETIRED');
