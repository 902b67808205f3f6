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


def db_imports() -> dict[str, set[str]]:
    """Each unionoffice.db module and the unionoffice.db modules it imports, anywhere in it (inside
    functions too)."""
    import ast
    from pathlib import Path

    folder = Path(unionoffice.__path__[0]) / "db"
    modules = {p.stem for p in folder.glob("*.py") if p.stem != "__init__"}
    graph = {}
    for name in modules:
        found = set()
        for node in ast.walk(ast.parse((folder / f"{name}.py").read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.ImportFrom):  # relative: from . import x, from .x import y
                base = "unionoffice.db" + (f".{node.module}" if node.module else "")
                targets = [base] + [f"{base}.{a.name}" for a in node.names]
            else:
                continue
            for target in targets:
                parts = target.split(".")
                if parts[:2] == ["unionoffice", "db"] and len(parts) > 2 and parts[2] in modules:
                    found.add(parts[2])
        graph[name] = found - {name}
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every import circle, as the path that closes it."""
    found, done = [], set()

    def visit(name, path):
        if name in path:
            found.append(path[path.index(name):] + [name])
            return
        if name in done:
            return
        for other in sorted(graph[name]):
            visit(other, path + [name])
        done.add(name)

    for name in sorted(graph):
        visit(name, [])
    return found


def test_the_database_modules_depend_one_way():
    graph = db_imports()
    assert {"backup", "migrations", "transfer", "check", "connection"} <= set(graph)
    assert not circles(graph), " ; ".join(" → ".join(c) for c in circles(graph))


def test_the_circle_finder_sees_a_circle():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
    assert circles({"a": {"b"}, "b": set()}) == []


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
