"""Mail the blog sends: written to the outbox in a request, delivered by ``flask outbox send``."""
