@echo off
rem A prompt's example address is text for whoever runs the script.
set /p HOST="Primary host (10.0.0.120): "
@SET /P "REDIS=Cache [redis-01]: "
rem What the script sets itself is configuration.
set PGHOST=10.0.0.121
if "%HOST%"=="" set HOST=10.0.0.122
psql -h %HOST% -c "select 1"
