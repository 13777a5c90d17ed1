def test_leader(cluster):
    # A list an assertion is given is interpreted, as a compared address is.
    assert leader_of(["10.0.0.120", "10.0.0.121"]) is not None
    # A list assigned outside an assertion is a partial node set: pins.
    replicas = ["10.0.0.121", "10.0.0.122"]
    assert cluster.replicas == replicas
