"""Start the Lantern kiosk: `python main.py` is `lantern kiosk`."""

import sys

from kiosk.cli import main

if __name__ == "__main__":
    sys.exit(main(["kiosk", *sys.argv[1:]]))
