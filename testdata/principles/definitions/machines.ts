// An argument or entry that gives a member its own address (`privateIp`,
// `ip`) defines it, as an own-address key does in YAML or HCL.
import * as aws from "@pulumi/aws";
const master = new aws.ec2.Instance("db-master-01", {
    privateIp: "10.0.0.120",
    instanceType: "m6i.large",
});
const nodes = [
    { name: "redis-02", ip: "10.0.0.124", role: "replica" },
];
// A client's settings stay references.
const app = new aws.ec2.Instance("app-01", {
    privateIp: "10.0.0.30",
    userData: "DATABASE_URL=postgresql://app@10.0.0.121:5432/app",
});
const cache = { host: "10.0.0.125", port: 6379 };
