"""Pages of the reading room, one module per page family. Views stay thin."""
