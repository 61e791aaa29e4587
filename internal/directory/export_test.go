package directory

// SetChunk makes searches take n candidates at a time until the test ends.
func SetChunk(n int) (restore func()) {
	old := chunk
	chunk = n
	return func() { chunk = old }
}
