@echo off
REM Comments are not configuration: a batch file's REM and :: lines.
REM The cache used to be pinned to 10.0.0.123 (redis-01).
rem before that: set REDIS_HOST=10.0.0.124
@REM redis-cli -h 10.0.0.125 ping
:: old node 10.0.0.125
set REDIS_HOST=10.0.0.10
set REDIS_PORT=6379
REM topolint: allow(node-address) the nightly report reads a replica
set REPORT_HOST=10.0.0.124
echo Pinned to 10.0.0.123 until the change window
redis-cli -h 10.0.0.123 ping
set REMOTE_CACHE=10.0.0.125
