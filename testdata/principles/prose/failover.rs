// Printing and logging macros are prose, as their functions are.
println!("connected to primary at 10.0.0.120");
eprintln!("replica 10.0.0.121 lags behind");
log::warn!("sentinel 10.0.0.123 unreachable, retrying");
anyhow::bail!("10.0.0.122:5432 refused the connection");

// A macro that is no human text builds a value.
let url = format!("postgresql://app@10.0.0.121:5432/{}", db);
let pool = connect("redis://10.0.0.124:6379").await?;
