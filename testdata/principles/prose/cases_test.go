package leader

func TestRole(t *testing.T) {
	cases := []struct{ host, role string }{
		{"10.0.0.120", "primary"},
		{"10.0.0.121", "replica"},
	}
	_ = cases
	// A struct literal of a named type is a value of its own.
	cfg := Config{"10.0.0.122", "app"}
	_ = cfg
}
