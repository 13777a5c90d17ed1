-- A Redis script or an OpenResty handler: `--` opens a comment, so the node
-- it once named is history: 10.0.0.123
--[[ and so is a block:
red:connect("10.0.0.124", 6379)
]]
local redis = require "resty.redis"
local red = redis:new()
-- Found: a connection to one node, whatever the comment beside it says.
local ok, err = red:connect("10.0.0.125", 6379) -- was 10.0.0.123
-- Not found: the load balancer.
local ok2, err2 = red:connect("10.0.0.10", 6379)
-- Found: `--` inside a string opens nothing.
local url = "redis://--@10.0.0.124:6379"
