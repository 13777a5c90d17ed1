# In a Makefile: a variable expanded in a recipe's client command.
DB := 10.0.0.123
CACHE = db-slave-01
migrate:
	psql -h $(DB) -f schema.sql
	redis-cli -h $(CACHE) flushall
