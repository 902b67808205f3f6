"""Every ledger import and export gives the same workbook (cells and print settings) and the same
JSON as the snapshots in tests/data/golden/, made by the code before the ledger engine (issue 19).
A deliberate change of behaviour rewrites them with ``python tests/golden.py``."""

from __future__ import annotations

import json

import pytest

from tests import golden


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    folder = tmp_path_factory.mktemp("golden")
    data = folder / "data"
    data.mkdir()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("UNIONOFFICE_DATA_DIR", str(data))
        return golden.run_all(folder)


def test_every_snapshot_is_made(results):
    stored = {json.loads(p.read_text(encoding="utf-8"))["name"] for p in golden.GOLDEN.glob("*.json")}
    assert stored == set(results)


@pytest.mark.parametrize("path", sorted(golden.GOLDEN.glob("*.json")), ids=lambda p: p.stem)
def test_same_as_before(results, path):
    stored = json.loads(path.read_text(encoding="utf-8"))
    assert results[stored["name"]] == stored["snapshot"]
