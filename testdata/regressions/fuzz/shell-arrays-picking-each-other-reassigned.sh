A=(db-master-01 ${B[0]})
B=(db-slave-01 ${A[0]})
B=(db-slave-01 ${A[0]})
B=(db-slave-02 ${A[0]})
A=(db-master-01 ${B[0]})
psql -h "${A[1]}"
