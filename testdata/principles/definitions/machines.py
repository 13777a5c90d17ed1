# A keyword argument that gives a member its own address defines it.
import pulumi_aws as aws

master = aws.ec2.Instance("db-master-01", private_ip="10.0.0.120")
replica = aws.ec2.Instance(
    "db-slave-01",
    private_ip="10.0.0.121",
)
# A client's settings stay references.
app = aws.ec2.Instance("app-01", private_ip="10.0.0.30", user_data="PGHOST=10.0.0.122")
