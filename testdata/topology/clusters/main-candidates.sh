#!/bin/bash
# The candidates of cluster main: the delayed replica is allowed, not required.
PG_CANDIDATE_IPS=(10.1.0.11 10.1.0.12 10.1.0.13)
PG_CANDIDATES_WITH_DELAYED=(10.1.0.11 10.1.0.12 10.1.0.13 10.1.0.14)
