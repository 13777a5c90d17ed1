-- A filter names the rows it reads: `IN (…)` tests membership.
SELECT client_addr, state FROM pg_stat_replication
WHERE client_addr IN ('10.0.0.121', '10.0.0.122');
-- A connection written in SQL stays one.
SELECT dblink_connect('host=10.0.0.121 port=5432 dbname=app');
-- A condition compares: `=`, `<>` and `LIKE` pick the rows of a node.
SELECT client_addr, replay_lag FROM pg_stat_replication WHERE client_addr = '10.0.0.121';
SELECT slot_name FROM pg_replication_slots
  WHERE active AND slot_name LIKE '%10.0.0.122%';
SELECT CASE WHEN inet_server_addr() <> '10.0.0.120' THEN 'replica' END;
-- A value written is configuration, whatever condition picks its row.
UPDATE app_settings SET value = '10.0.0.120' WHERE name = 'db_host';
INSERT INTO app_settings (name, value) VALUES ('cache_host', '10.0.0.123');
-- An assignment in PL/pgSQL is no condition.
DO $$ BEGIN target := '10.0.0.124'; END $$;
