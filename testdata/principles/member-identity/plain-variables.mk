# A make variable whose name says nothing of what it holds: a reference
# where a recipe uses it as a host, not where it names a container.
DB = db-slave-01
CONTAINER = db-slave-02

psql:
	psql -h $(DB) -U app

logs:
	docker logs $(CONTAINER)
