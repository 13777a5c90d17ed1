-- A libpq string inside SQL gives its own context.
SELECT dblink_connect('reports', 'host=10.0.0.124 port=5432 dbname=reports user=ro');
