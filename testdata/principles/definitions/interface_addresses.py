# Pulumi: the same interface written as code.
import pulumi_aws as aws

eni = aws.ec2.NetworkInterface("redis-03", subnet_id=subnet.id, private_ips=["10.0.0.125"])
cache = {"hosts": ["10.0.0.124"]}
# A loop's variable named `ip` is given nothing: its list is used.
for ip in ["10.0.0.121"]:
    check(ip)
