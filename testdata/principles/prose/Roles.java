class Roles {
    // Membership tests and `case` labels interpret an address.
    static String roleOf(String ip) {
        if (List.of("10.0.0.121", "10.0.0.122").contains(ip)) {
            return "replica";
        }
        switch (ip) {
            case "10.0.0.120":
                return "primary";
            default:
                return "unknown";
        }
    }

    // A partial list that is used: pins.
    static final List<String> REPLICAS = List.of("10.0.0.121", "10.0.0.122");
    static final String URL = "jdbc:postgresql://10.0.0.120:5432/app";
}
