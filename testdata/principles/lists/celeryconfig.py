# Kombu and Celery write one URL per Sentinel, joined by `;`: one list.
broker_url = 'sentinel://redis-01:26379;sentinel://redis-02:26379;sentinel://redis-03:26379'
result_backend = 'sentinel://:pw@redis-01:26379; sentinel://:pw@redis-02:26379'
broker_transport_options = {'master_name': 'mymaster'}
