# A list naming some nodes pins each; its item read alone as a host is the
# same pin: one finding per item, not two.
REPLICAS = ["10.0.0.121", "10.0.0.122"]
conn = connect(host=REPLICAS[0])
