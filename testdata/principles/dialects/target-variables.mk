# A target-specific variable is the variable's, not the target's: a constant
# name between `:` and `=` is no type.
deploy: PGHOST = db-slave-01
deploy: REDIS_HOST = redis-01
# Right: the load balancer.
migrate: PGHOST = 10.0.0.10

deploy migrate:
	./run.sh $@
