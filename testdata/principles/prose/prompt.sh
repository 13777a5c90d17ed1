#!/bin/bash
# A prompt is text for people: the address in it is an example.
read -r -p "Primary host [10.0.0.120]: " PRIMARY
read -p "Redis node to drain (e.g. 10.0.0.123): " NODE
# What is read in is data: a here-string sets the variable.
read -r REPLICA <<< "10.0.0.121"
psql -h "$REPLICA" -c "select 1"
# The default a prompt falls back to is configuration.
PRIMARY="${PRIMARY:-10.0.0.120}"
