"""db/, the domain layer and excel/ never import PySide6 (style.md §1)."""

import pkgutil
import subprocess
import sys

import unionoffice


def test_lower_layers_do_not_import_qt():
    names = []
    for package in ("db", "domain", "excel", "ledgers"):
        path = [f"{unionoffice.__path__[0]}/{package}"]
        names += [f"unionoffice.{package}.{m.name}" for m in pkgutil.iter_modules(path)]
    names += ["unionoffice.cli", "unionoffice.paths"]
    code = ("import importlib, sys\n"
            f"for n in {names!r}: importlib.import_module(n)\n"
            "bad = [m for m in sys.modules if m.startswith('PySide6')]\n"
            "print(bad); sys.exit(1 if bad else 0)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(names) > 10


def test_openpyxl_parses_with_defusedxml():
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML


def test_excel_only_reads_and_writes_sheets():
    """excel/ never imports db/ (nor the ledgers above it): the writing side of an import lives in
    ledgers/ (issue 19)."""
    import ast
    from pathlib import Path

    found = []
    for path in sorted(Path(unionoffice.__path__[0], "excel").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            found += [f"{path.name}: {n}" for n in names
                      if n.startswith(("unionoffice.db", "unionoffice.ledgers"))]
    assert found == []
