import os

# The fallback of a lookup is the list's value, as a shell default is.
PG_CANDIDATES = os.getenv("PG_CANDIDATES", "10.0.0.120,10.0.0.123")
# Code and text under a list's name hold no address: no list.
candidates = {m.name for m in members}
print(f"Sentinels: {info.get('num-other-sentinels', 'N/A')}")
