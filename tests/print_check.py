"""By-hand print check (``./dev print-check [folder]``, not run in CI): every export of a demo office
written to ``folder`` (a new temporary one by default), turned into PDF with LibreOffice headless and
rendered page by page to PNG, for a person to look at every page (issue 29)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.conftest import DATA  # noqa: E402


def exports(folder: Path) -> list[Path]:
    from unionoffice.domain import chapter, congress, demo, statistics
    from unionoffice.ledgers import activities as activities_io
    from unionoffice.ledgers import assistance as welfare_io
    from unionoffice.ledgers import motions as motions_io
    from unionoffice.ledgers import notices as notices_io
    from unionoffice.ledgers import roster_export, roster_import
    from unionoffice.ledgers import wages as dues_io
    from unionoffice.excel.annual_report import write_annual

    year = dt.date.today().year
    chapter.save(demo.DEMO_CHAPTER)
    demo.fill(120, seed=29)
    written = {
        "roster": lambda p: roster_export.export_roster(p, include_all=True),
        "roster-masked": lambda p: roster_export.export_roster(p, masked=True),
        "notices": lambda p: notices_io.export_ledger(p, year),
        "activities": lambda p: activities_io.export_ledger(p, year),
        "motions": lambda p: motions_io.export_session(p, congress.congresses()[0].id),
        "welfare": lambda p: welfare_io.export_workbook(p, year, full=True),
        "dues": lambda p: dues_io.export_month(p, dt.date.today().replace(day=1)),
        "rejections": lambda p: roster_import.write_rejections(
            roster_import.read_roster(DATA / "bad" / "hostile-cells.xlsx"), p),
    }
    paths = []
    for name, write in written.items():
        path = folder / f"{name}.xlsx"
        write(path)
        paths.append(path)
    report = statistics.annual(year)
    path = folder / "annual.xlsx"
    write_annual(path, report, statistics.checks(year), statistics.chart_figures(year, report.breakdowns))
    return paths + [path]


def main() -> int:
    soffice, pdftoppm = shutil.which("soffice") or shutil.which("libreoffice"), shutil.which("pdftoppm")
    if not soffice or not pdftoppm:
        print("需要 LibreOffice 和 poppler-utils："
              "apt-get install -y libreoffice-calc poppler-utils --no-install-recommends", file=sys.stderr)
        return 1
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="unionoffice-print-"))
    folder.mkdir(parents=True, exist_ok=True)
    from unionoffice.db.connection import close_database, open_database

    open_database(folder / "demo-office.sqlite3")
    try:
        paths = exports(folder)
    finally:
        close_database()
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), *map(str, paths)], check=True, stdout=subprocess.DEVNULL)
    shutil.rmtree(profile, ignore_errors=True)
    for path in paths:
        pdf = path.with_suffix(".pdf")
        subprocess.run([pdftoppm, "-png", "-r", "50", str(pdf), str(folder / path.stem)], check=True)
        pages = sorted(folder.glob(f"{path.stem}-*.png"))
        print(f"{path.name}: {len(pages)} 页 → {folder}/{path.stem}-*.png")
    print(f"请逐页查看：{folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
