#!/bin/bash
# Mostly cluster main: a node of analytics does not belong, main-3 is missing.
PG_CANDIDATE_IPS=(10.1.0.11 10.1.0.12 10.1.0.21)
