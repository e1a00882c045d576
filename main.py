"""Start the Lantern kiosk: `python main.py` is `lantern kiosk`."""

import sys

from kiosk.cli import first_frame, main

if __name__ == "__main__":
    sys.argv[1:1] = ["kiosk"]
    first_frame()
    sys.exit(main(sys.argv[1:]))
