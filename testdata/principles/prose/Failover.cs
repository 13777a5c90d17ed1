// Console output and structured logging are prose.
Console.WriteLine("Connecting to primary at 10.0.0.120");
Console.Error.WriteLine($"Replica 10.0.0.121 lag too high");
_logger.LogInformation("Leader moved to 10.0.0.122");
_logger.LogWarning("Sentinel 10.0.0.123 did not answer");
Debug.WriteLine("probing 10.0.0.121 before switchover");

// A call that is no human text connects.
var builder = new NpgsqlConnectionStringBuilder("Host=10.0.0.121;Port=5432;Database=app");
var redis = ConnectionMultiplexer.Connect("10.0.0.124:6379");
// A sentence-less argument of a logging call is still a value.
_logger.LogInformation("10.0.0.122");
