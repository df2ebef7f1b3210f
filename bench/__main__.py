"""`python -m bench [--scale 10000,50000,250000,1000000] [--skip-datasette]`."""

import sys

from bench.cli import main

sys.exit(main())
