package db

import (
	"fmt"
	"log"
)

// A member's name given to a format is written where its placeholder
// stands: a host there, an identity anywhere else.
const leaderNode = "db-master-01"
const replicaNode = "db-slave-02"
const targetNode = "db-slave-01"

func leaderURL(user string) string {
	return fmt.Sprintf("postgres://%s@%s:5432/app", user, leaderNode)
}

func replicaDSN() string {
	return fmt.Sprintf("host=%s port=%d dbname=app", replicaNode, 5432)
}

func report() {
	log.Printf("promoting %s", targetNode)
	_ = fmt.Sprintf("/var/lib/backups/%s.tar", targetNode)
}
