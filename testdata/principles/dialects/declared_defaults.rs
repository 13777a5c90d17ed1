use clap::Parser;

/// A default declared beside the variable it stands for is named by it.
#[derive(Parser)]
struct Args {
    #[arg(long, env = "PGHOST", default_value = "db-slave-01")]
    pg_host: String,
    #[arg(long, default_value = "redis-02", env = "REDIS_HOST")]
    redis_host: String,
    // A variable that says nothing of a host.
    #[arg(long, env = "LABEL", default_value = "db-slave-02")]
    label: String,
}
