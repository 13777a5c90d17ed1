# A call without parentheses takes its sentence as one with them does.
puts "Connected to primary 10.0.0.120"
Rails.logger.info "Replica 10.0.0.121 lags behind"
raise "Sentinel 10.0.0.123 unreachable"

# An address alone is a value, and a setting is no call.
puts "10.0.0.122"
set :db_host, "10.0.0.121"
redis = Redis.new(host: "10.0.0.124", port: 6379)
