"""``make bench``: SetCall's hot paths, each reported as a ratio against a bare baseline measured in
the same run on the same machine (so the numbers mean something on a loaded CI box)."""
