package cluster

// Test assertions interpret addresses: testify's require/assert, a list
// an assertion is given.
func TestLeader(t *testing.T) {
	require.Equal(t, "10.0.0.121", replica())
	assert.Equal(t, "10.0.0.122", replica())
	assert.ElementsMatch(t, []string{"10.0.0.120", "10.0.0.121"}, members())
	// What the test connects to is still a pin.
	db := connect("host=10.0.0.120 port=5432")
	require.NoError(t, db.Ping())
}
