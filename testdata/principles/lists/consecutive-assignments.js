// Consecutive assignments are separate variables, not one list: naming
// every node between them makes no node set, each is a pin.
const primary = "10.0.0.120";
const standby = "10.0.0.121";
const reporting = "10.0.0.122";
// One array is one list: every node, a node set.
const members = ["10.0.0.120", "10.0.0.121", "10.0.0.122"];
