#!/bin/bash
PG_CANDIDATE_IPS=(10.1.0.21)
