"""Pages of the reading room, one module per page family. Views stay thin: the work is in
browse, reading and search, which they may import, and never the other way round.
"""
