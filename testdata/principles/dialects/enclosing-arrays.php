<?php
// A PHP array's key gives what it holds a service, as an object's key does.
return [
    'redis' => [
        'default' => [
            // Found: a PostgreSQL node in a Redis context.
            'host' => '10.0.0.120',
        ],
        // Found: an unknown private address where Redis is expected.
        'cache' => ['host' => '10.0.0.50', 'port' => 6379],
    ],
    'pgsql' => [
        'driver' => 'pgsql',
        // Not found: the load balancer.
        'host' => '10.0.0.10',
    ],
    // Not found: an index is no key, and `mail` names no service.
    'mail' => ['host' => $hosts[0], 'relay' => '10.0.0.51'],
];
