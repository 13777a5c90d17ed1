-- SQL comments are not configuration: the primary was 10.0.0.120.
SELECT dblink_connect('host=10.0.0.10 port=5432'); -- not 10.0.0.121
/* an old one:
SELECT dblink_connect('host=10.0.0.122');
*/
-- Found: a `--` inside a string is text, not a comment (a pin on 10.0.0.121).
SELECT 'a--b', dblink_connect('host=10.0.0.121 port=5432');
