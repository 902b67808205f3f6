#!/usr/bin/env bash
# Builds the one-folder bundle in dist/unionoffice (Linux). Usage: packaging/build.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
VENV=build/bundle-venv
if [ ! -x "$VENV/bin/python" ]; then
    $PYTHON -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null
"$VENV/bin/python" -m pip install -q . "pyinstaller>=6,<7"
QT_QPA_PLATFORM=offscreen "$VENV/bin/python" packaging/make_icons.py >/dev/null
"$VENV/bin/python" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/unionoffice.spec
du -sm dist/unionoffice | awk '{print "bundle size: " $1 " MB"}'
