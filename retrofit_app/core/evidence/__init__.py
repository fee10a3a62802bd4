"""Evidence that can be checked later: the hash chain, report digests and signatures (issue 20)."""
