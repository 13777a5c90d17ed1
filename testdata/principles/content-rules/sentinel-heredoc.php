<?php
// A PHP nowdoc that holds a Sentinel config covers its own body.
$sentinel = <<<'EOT'
sentinel monitor mymaster 10.0.0.123 6379 2
EOT;
$config = ['redis_host' => '10.0.0.124'];
