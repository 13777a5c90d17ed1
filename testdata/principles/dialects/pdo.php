<?php
// A PDO DSN: the driver prefix, then libpq-like pairs joined by `;`.
$replica = new PDO("pgsql:host=db-slave-01;port=5432;dbname=app", $user, $password);
$wrong = new PDO("pgsql:host=10.0.0.10;port=6379;dbname=app", $user, $password);
$right = new PDO("pgsql:host=10.0.0.10;port=5432;dbname=app", $user, $password);
