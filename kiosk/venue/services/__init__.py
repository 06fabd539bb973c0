"""Application services: each public method is one unit of work (one tick, one commit)."""
