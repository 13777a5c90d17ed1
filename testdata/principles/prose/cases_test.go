package leader

func TestRole(t *testing.T) {
	cases := []struct{ host, role string }{
		{"10.0.0.120", "primary"},
		{"10.0.0.121", "replica"},
	}
	_ = cases
	// A name first binds that name to the address, as {"primary": "…"}
	// does: the address is what the name stands for, a reference.
	hosts := []struct{ role, host string }{
		{"primary", "10.0.0.120"},
	}
	_ = hosts
	// A struct literal of a named type is a value of its own.
	cfg := Config{"10.0.0.122", "app"}
	_ = cfg
}
