"""The bundled program (PyInstaller, one folder) built and run headless on a demo database, as the
office PC would run it: no Python of its own needed. Slow (a few minutes): marked, and run by CI."""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bundle():
    """Built in a temporary folder (about 1 GB with its build venv) that is removed afterwards:
    nothing is left in the clone."""
    if sys.platform != "linux":
        pytest.skip("the Linux bundle is built on Linux")
    folder = Path(tempfile.mkdtemp(prefix="unionoffice-bundle-"))
    try:
        result = subprocess.run(["bash", str(ROOT / "packaging" / "build.sh"), str(folder / "dist")], cwd=ROOT,
                                env={**os.environ, "BUNDLE_WORK": str(folder / "build")}, capture_output=True,
                                text=True, timeout=1800)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        print(result.stdout.strip().splitlines()[-1])  # bundle size: N MB
        yield folder / "dist" / "unionoffice"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(bundle, *args, env=None, timeout=120):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    clean["PATH"] = "/usr/bin:/bin"  # no Python of the project's on the path
    return subprocess.run([str(bundle / "unionoffice-cli"), *map(str, args)], capture_output=True, text=True,
                          env={**clean, **(env or {})}, timeout=timeout)


def test_bundle_runs_headless_on_a_demo_office(bundle, tmp_path):
    size_mb = sum(f.stat().st_size for f in bundle.rglob("*") if f.is_file() and not f.is_symlink()) / 1024 / 1024
    print(f"bundle size: {size_mb:.0f} MB")
    assert size_mb <= 200  # issue 28's limit; 180 MB here (11 MB of it psycopg2's own libpq and OpenSSL)
    env = {"UNIONOFFICE_DATA_DIR": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen"}
    from unionoffice import __version__

    version = run(bundle, "--version", env=env)
    assert version.returncode == 0 and __version__ in version.stdout
    db = tmp_path / "office.sqlite3"
    assert run(bundle, "demo", "--db", db, "--members", 200, env=env).returncode == 0
    check = run(bundle, "check", "--db", db, env=env)
    assert check.returncode == 0 and check.stdout.strip() == "ok"
    report = run(bundle, "report", "annual", "--year", 2026, "--db", db, "-o", tmp_path / "annual.xlsx", env=env)
    assert report.returncode == 0, report.stderr
    from openpyxl import load_workbook

    assert len(load_workbook(tmp_path / "annual.xlsx")["图表"]._charts) == 5  # native Excel charts (issue 28)
    window = subprocess.run([str(bundle / "unionoffice"), "--db", str(db)], capture_output=True, text=True,
                            env={**env, "UNIONOFFICE_QUIT_WHEN_SHOWN": "1", "PATH": "/usr/bin:/bin"}, timeout=120)
    assert window.returncode == 0, window.stderr
    assert "shown" in window.stdout
    translations = list(bundle.rglob("qtbase_zh_CN.qm"))
    assert translations, "Qt's Chinese translations are not in the bundle"
    from tests.conftest import SERVER, _admin, _server_url

    if SERVER:  # the PostgreSQL run: the bundled driver moves the office to a server and back
        name = f"uo_bundle_{os.getpid()}"
        _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        _admin(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'")
        try:
            moved = run(bundle, "transfer", "--from", db, "--to", _server_url(name), env=env)
            assert moved.returncode == 0 and "核对行数一致" in moved.stdout, moved.stderr
            check = run(bundle, "check", "--db", _server_url(name), env=env)
            assert check.returncode == 0 and check.stdout.strip() == "ok", check.stdout + check.stderr
        finally:
            _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

