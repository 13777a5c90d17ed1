# `when` patterns and `include?` tests interpret an address.
def role_of(ip)
  case ip
  when "10.0.0.120" then "primary"
  when "10.0.0.121", "10.0.0.122" then "replica"
  end
end

def redis?(ip)
  %w[10.0.0.123 10.0.0.124 10.0.0.125].include?(ip)
end

# A connection stays one.
REDIS = Redis.new(host: "10.0.0.125", port: 6379)

# A hash keyed by addresses looks an address up (not found); an address
# that is a value is read as it is (found).
ROLES = { "10.0.0.120" => "primary", '10.0.0.121' => :replica }
PRIMARY = { "primary" => "10.0.0.120" }
