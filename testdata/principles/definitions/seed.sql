-- A row that names a member at its own address describes it, as an
-- inventory row does; a setting naming a node is a pin.
INSERT INTO servers (name, ip, role) VALUES
  ('db-master-01', '10.0.0.120', 'primary'),
  ('db-slave-02', '10.0.0.122', 'replica');
INSERT INTO settings (key, value) VALUES ('pg_host', '10.0.0.121');
-- Another member's address is an alias: what `db-slave-01` names here is node db-master-01.
INSERT INTO servers (name, ip) VALUES ('db-slave-01', '10.0.0.120');
