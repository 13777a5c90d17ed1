import java.util.*;

// A collection built by a call is a list as a bracketed one is.
class Collections {
    // Every PostgreSQL node: a node set.
    static final List<String> ALL = List.of("10.0.0.120", "10.0.0.121", "10.0.0.122");
    // Two of three: a pin to each.
    static final List<String> SOME = Arrays.asList("10.0.0.120", "10.0.0.121");
    // A lookup's fallback is no collection: the value of PGHOST, a pin.
    static final String HOST = System.getenv().getOrDefault("PGHOST", "10.0.0.121");
    // A call with one argument is a call: the address is a pin.
    static final InetAddress ONE = InetAddress.getByName("10.0.0.122");
}
