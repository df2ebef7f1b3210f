"""Request plumbing around the views: page cache, rate limit, client addresses, sign-in
throttling, security headers, error answers, health and read replicas.

It may import models, `cableroom.read_route` and browse (the generation the page cache
is keyed by); never views or templatetags.
"""
