package db

// OnQueued calls f as each change joins the queue of InGroupTx; false on
// PostgreSQL, which has none.
func OnQueued(d *DB, f func()) bool {
	if d.group == nil {
		return false
	}
	d.group.queued = f
	return true
}
