"""Entry script of the frozen build: the same main() as `python -m retrofit_app`."""

import sys

from retrofit_app.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
