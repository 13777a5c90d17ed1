#!/bin/sh
# Quoted, templated userinfo keeps the URL whole: its scheme sets the context.
vault write database/config/cache plugin_name=redis-database-plugin \
  connection_url="postgresql://{{ .username }}:{{ .password }}@10.0.0.10:5432/app"
# Unquoted, the shell word ends at the template's blank: the plugin decides.
vault write database/config/sessions plugin_name=redis-database-plugin \
  connection_url=postgresql://{{ .username }}:{{ .password }}@10.0.0.10:5432/app
