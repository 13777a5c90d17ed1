// A lambda's message is the logging call's argument.
logger.warn { "Replica 10.0.0.121 lags behind" }
println("Connected to primary 10.0.0.120")
val url = "jdbc:postgresql://10.0.0.121:5432/app"
