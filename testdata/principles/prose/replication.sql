-- A filter names the rows it reads: `IN (…)` tests membership.
SELECT client_addr, state FROM pg_stat_replication
WHERE client_addr IN ('10.0.0.121', '10.0.0.122');
-- A connection written in SQL stays one.
SELECT dblink_connect('host=10.0.0.121 port=5432 dbname=app');
