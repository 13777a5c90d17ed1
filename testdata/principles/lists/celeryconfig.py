# Kombu and Celery write one URL per Sentinel, joined by `;`: one list.
broker_url = 'sentinel://redis-01:26379;sentinel://redis-02:26379;sentinel://redis-03:26379'
result_backend = 'sentinel://:pw@redis-01:26379; sentinel://:pw@redis-02:26379'
broker_transport_options = {'master_name': 'mymaster'}
# Each URL may carry a database path before the `;`: still one list.
CELERY_RESULT_BACKEND = 'sentinel://:pw@10.0.0.123:26379/0;sentinel://:pw@10.0.0.124:26379/0;sentinel://:pw@10.0.0.125:26379/0'
CACHE_URL = 'sentinel://10.0.0.123:26379/1;sentinel://10.0.0.124:26379/1'
