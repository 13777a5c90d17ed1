"""Failover checks: db-master-01 (10.0.0.120) leads, 10.0.0.121 follows."""
import logging


def check(leader):
    assert leader == "10.0.0.120"
    if leader != "10.0.0.121":
        logging.info("leader ok", extra={"msg": "db-slave-01 (10.0.0.121) follows"})
    return {"pghost": "10.0.0.122"}
