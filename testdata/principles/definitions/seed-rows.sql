-- A row on the line of its statement is one record too: a field's own text
-- follows the bracket that opens in it (`VALUES ('redis-01'`).
INSERT INTO servers (name, ip, role) VALUES ('redis-01', '10.0.0.123', 'master');
INSERT INTO servers VALUES ("redis-02", "10.0.0.124", 6379);
-- Found: a row that names no member, and one whose name is another member's.
INSERT INTO servers VALUES ('cache', '10.0.0.125', 'replica');
INSERT INTO servers VALUES ('db-master-01', '10.0.0.122', 'primary');
-- Found: a call naming a member beside a setting is no record.
SELECT add_server('db-slave-01', host => '10.0.0.121');
