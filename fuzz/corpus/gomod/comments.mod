

// only comments
