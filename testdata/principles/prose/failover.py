import logging
import psycopg2

logger = logging.getLogger(__name__)


def failover():
    # A sentence given to a logging, printing or error call is text for people.
    logger.info("failing over from db-master-01 (10.0.0.120) to db-slave-01")
    print(f"new leader is 10.0.0.121, old was 10.0.0.120")
    logging.warning("redis-01 at 10.0.0.123 is down")
    raise RuntimeError("cannot reach 10.0.0.122 after 3 retries")


def connect():
    # The address alone is a value, wherever it is given.
    print("10.0.0.121")
    # A connection beside them pins, its log line does not.
    logger.debug("connecting to the replica 10.0.0.122")
    return psycopg2.connect(host="10.0.0.122", port=5432)


def wrapped(retries):
    # A call wrapped over lines is the same call: its sentence is prose,
    # its DSN connects.
    logger.info(
        "failover from db-master-01 (10.0.0.120) to 10.0.0.121 complete"
    )
    conn = psycopg2.connect(
        "host=10.0.0.122 port=5432 dbname=app"
    )
    raise RuntimeError(
        f"cannot reach 10.0.0.123 after {retries} retries"
    )


def formatted(lag):
    # A value formatted into the sentence beside it is part of that text.
    logger.info("leader is %s", "10.0.0.120")
    logger.warning("replica %s lags by %d bytes", "10.0.0.121", lag)
    # Beside no sentence, or given to a call inside the log call, it is a
    # value again.
    logger.info("%s", "10.0.0.122")
    print("10.0.0.121", "10.0.0.122")
    logger.info("connecting", psycopg2.connect(host="10.0.0.120"))
