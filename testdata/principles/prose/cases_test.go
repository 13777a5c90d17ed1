package leader

func TestRole(t *testing.T) {
	cases := []struct{ host, role string }{
		{"10.0.0.120", "primary"},
		{"10.0.0.121", "replica"},
	}
	_ = cases
	// The word first: the same table.
	roles := []struct{ role, host string }{
		{"primary", "10.0.0.120"},
		{"replica", "10.0.0.121"},
	}
	_ = roles
	// A struct literal of a named type is a value of its own.
	cfg := Config{"10.0.0.122", "app"}
	_ = cfg
	// A named type's struct literal is a value, whatever its order.
	app := Config{"app", "10.0.0.121"}
	_ = app
}
