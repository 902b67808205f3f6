"""工会办公室 (unionoffice): the office program of an enterprise union chapter."""

__version__ = "0.1.0"
APP_NAME = "unionoffice"
APP_TITLE = "工会办公室"
