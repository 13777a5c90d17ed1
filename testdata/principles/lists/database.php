<?php
// Laravel's config/database.php: arrays after `=>` are lists as arrays after
// `=` or `:` are, over any number of lines.
return [
    'redis' => [
        'client' => 'predis',
        'options' => ['replication' => 'sentinel', 'service' => 'mymaster'],
        // Every host on the Sentinel port: a Sentinel list, complete.
        'default' => [
            'tcp://10.0.0.123:26379',
            'tcp://10.0.0.124:26379',
            'tcp://10.0.0.125:26379',
        ],
        // Two of the three Sentinels.
        'cache' => [
            'tcp://10.0.0.123:26379',
            'tcp://10.0.0.124:26379',
        ],
    ],
    'pgsql' => [
        'driver' => 'pgsql',
        'host' => env('DB_HOST', '10.0.0.10'),
        // Read replicas by address: a connection, each a pin.
        'read' => [
            'host' => [
                '10.0.0.121',
                '10.0.0.122',
            ],
        ],
    ],
    // Every PostgreSQL node: a node set.
    'firewall' => [
        'allowed' => [
            '10.0.0.120',
            '10.0.0.121',
            '10.0.0.122',
        ],
    ],
    'PG_CANDIDATES' => [
        '10.0.0.120',
        '10.0.0.121',
    ],
];
