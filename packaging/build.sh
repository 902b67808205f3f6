#!/usr/bin/env bash
# Builds the one-folder bundle (Linux). Usage: packaging/build.sh [DIST_FOLDER]
# The bundle goes to DIST_FOLDER/unionoffice (default: dist/unionoffice). Its build venv, a copy of the
# sources and PyInstaller's work files go to BUNDLE_WORK (default: build/); the test passes a temporary
# folder for both and removes it after, so nothing is left in the clone.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
DIST=$(realpath -m "${1:-dist}")
WORK=$(realpath -m "${BUNDLE_WORK:-build}")
VENV=$WORK/bundle-venv
mkdir -p "$WORK" "$DIST"
if [ ! -x "$VENV/bin/python" ]; then
    $PYTHON -m venv "$VENV"
fi
# setuptools builds inside the folder it installs from: install from a copy, so no build/ or
# *.egg-info appears in the clone
rm -rf "$WORK/src"
mkdir -p "$WORK/src"
tar --exclude=./.venv --exclude=./.git --exclude=./build --exclude=./dist --exclude='*.egg-info' \
    --exclude=__pycache__ --exclude=./.pytest_cache --exclude=./.hypothesis -cf - . | tar -xf - -C "$WORK/src"
"$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null
"$VENV/bin/python" -m pip install -q "$WORK/src" "pyinstaller>=6,<7"
# the icons are in the clone; drawn again only when missing (another Qt draws other bytes: the clone
# would change with every build)
if [ ! -f unionoffice/resources/unionoffice.ico ] || [ ! -f unionoffice/resources/unionoffice.png ]; then
    QT_QPA_PLATFORM=offscreen "$VENV/bin/python" packaging/make_icons.py >/dev/null
fi
"$VENV/bin/python" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$DIST" --workpath "$WORK/pyinstaller" packaging/unionoffice.spec
du -sm "$DIST/unionoffice" | awk '{print "bundle size: " $1 " MB"}'
