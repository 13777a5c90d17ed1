// C# implicitly typed and typed arrays.
var Sentinels = new[] { "redis-01:26379", "redis-02:26379", "redis-03:26379" };
var SentinelHosts = new string[] { "redis-01", "redis-02" };
