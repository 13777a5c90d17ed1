<?php
// Laravel: an array entry inside brackets, and env() fallbacks.
return [
    'redis' => [
        'default' => ['host' => env('REDIS_HOST', 'redis-02'), 'port' => 6379],
        'lb' => ['host' => env('REDIS_HOST', '10.0.0.10'), 'port' => 6379],
    ],
    'pgsql' => ['driver' => 'pgsql', 'host' => 'db-slave-01', 'port' => 5432],
];
