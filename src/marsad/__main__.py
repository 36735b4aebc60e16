"""``python -m marsad``: the same as the ``marsad`` command."""

import sys

from marsad.cli import main

if __name__ == "__main__":
    sys.exit(main())
