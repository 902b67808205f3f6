"""Entry point of the bundled program (PyInstaller): the same command line as `unionoffice`."""

import sys

from unionoffice.cli import main

if __name__ == "__main__":
    sys.exit(main())
