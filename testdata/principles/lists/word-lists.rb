# Ruby's word lists are lists: one list, judged as a whole.
CANDIDATE_IPS = %w[10.0.0.120 10.0.0.121 10.0.0.123]

PG_CANDIDATES = %w[
  10.0.0.120
  10.0.0.123
]

# Right: every Redis node, and every PostgreSQL node.
REDIS_CANDIDATES = %w(10.0.0.123 10.0.0.124 10.0.0.125)
DB_CANDIDATES = %W{10.0.0.120 10.0.0.121 10.0.0.122}
