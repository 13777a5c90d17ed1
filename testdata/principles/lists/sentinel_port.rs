// A vector of Sentinel URLs handed to a variable, then to the client.
fn sentinel() -> SentinelClient {
    let nodes = vec!["redis://10.0.0.123:26379/", "redis://10.0.0.124:26379/", "redis://10.0.0.125:26379/"];
    SentinelClient::build(nodes, String::from("mymaster"), None, SentinelServerType::Master).unwrap()
}

fn partial() -> SentinelClient {
    let nodes = vec!["redis://10.0.0.123:26379/", "redis://10.0.0.124:26379/"];
    SentinelClient::build(nodes, String::from("mymaster"), None, SentinelServerType::Master).unwrap()
}

// The data port is no Sentinel: a pin.
fn direct() -> redis::Client {
    redis::Client::open("redis://10.0.0.125:6379/").unwrap()
}
