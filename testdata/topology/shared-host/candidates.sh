#!/bin/bash
# The node set, written as HOST:PORT, is right.
PG_CANDIDATE_IPS=("127.0.0.1:5433" "127.0.0.1:5434" "127.0.0.1:5435")
# The endpoint's port in a discovery list is no node.
FALLBACK_CANDIDATES="localhost:5000 localhost:5433 localhost:5434 localhost:5435"
