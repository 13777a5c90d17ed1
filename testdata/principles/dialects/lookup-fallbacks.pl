my $pg = $ENV{PGHOST} || "db-master-01";
my $cache = $ENV{'REDIS_HOST'} or 'redis-02';
my $role = $ENV{ROLE} || "db-slave-01";
