import sys

from unionoffice.cli import main

sys.exit(main())
