"""packaging/build.sh builds where it is told (the bundle test passes a temporary folder): nothing is
left in the clone. Run with a stand-in Python that only notes what it is asked to do."""

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STUB = """#!/usr/bin/env bash
echo "$*" >> "$STUB_LOG"
if [ "$1 $2" = "-m venv" ]; then mkdir -p "$3/bin" && cp "$0" "$3/bin/python"; fi
if [ "$1 $2" = "-m PyInstaller" ]; then
    while [ $# -gt 0 ]; do [ "$1" = "--distpath" ] && mkdir -p "$2/unionoffice"; shift; done
fi
exit 0
"""


def _clone_state() -> dict:
    return {name: sorted(os.listdir(ROOT / name)) if (ROOT / name).is_dir() else None
            for name in ("build", "dist", "unionoffice.egg-info")}


def test_the_bundle_is_built_where_it_is_told_and_nowhere_in_the_clone(tmp_path):
    stub = tmp_path / "python"
    stub.write_text(STUB)
    stub.chmod(0o755)
    log = tmp_path / "log"
    before = _clone_state()
    result = subprocess.run(["bash", str(ROOT / "packaging" / "build.sh"), str(tmp_path / "dist")], cwd=ROOT,
                            env={**os.environ, "PYTHON": str(stub), "STUB_LOG": str(log),
                                 "BUNDLE_WORK": str(tmp_path / "build")},
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert _clone_state() == before
    calls = log.read_text()
    assert f"-m venv {tmp_path / 'build' / 'bundle-venv'}" in calls
    assert f"-m pip install -q {tmp_path / 'build' / 'src'} " in calls  # a copy: setuptools builds in there
    assert (tmp_path / "build" / "src" / "pyproject.toml").is_file()
    assert f"--distpath {tmp_path / 'dist'} --workpath {tmp_path / 'build' / 'pyinstaller'}" in calls
    assert result.stdout.startswith("bundle size:")
