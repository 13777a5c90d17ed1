// A Rust attribute is code, not a `#` comment.
#[derive(Parser)]
struct Args {
    #[arg(long, default_value = "10.0.0.121")]
    pg_host: String,
    #[arg(long, env = "PGHOST", default_value = "db-slave-02")]
    replica_host: String,
    // #[arg(long, default_value = "10.0.0.122")]
    #[arg(long)] # not Rust, but a comment after a blank all the same: 10.0.0.120
    label: String,
}
#![doc = "10.0.0.10"]
