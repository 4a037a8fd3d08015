"""Render a summary deck to one PNG per slide with LibreOffice headless, to look at it.

Without a deck argument it builds the demo company in a temporary profile and renders
the deck of its last full quarter (whole company, or ``--department NAME``). Needs
LibreOffice Impress (Debian: ``apt-get install --no-install-recommends
libreoffice-impress``; ``fonts-crosextra-carlito`` for the template's Calibri metrics)
and ``pdftoppm`` (poppler-utils). Not part of the test run.

    python tools/render_deck.py [DECK.pptx] [--department NAME] [--template FILE]
                                [--out DIR] [--dpi 80]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSPHRASE = "render"


def demo_deck(folder: Path, department: str | None, template: Path | None = None) -> Path:
    """The deck of the demo company's last full quarter, written into ``folder``."""
    sys.path.insert(0, str(ROOT / "desktop"))
    from partnerdesk.core import clock
    from partnerdesk.core.demo import load_demo
    from partnerdesk.core.profile import open_store, unlock_key
    from partnerdesk.core.reports.export import export_summary
    from partnerdesk.core.reports.period import Period
    from partnerdesk.core.reports.scope import Scope
    from partnerdesk.paths import ProfilePaths

    paths = ProfilePaths(folder / "profile")
    store = open_store(paths, unlock_key(paths, PASSPHRASE, prefer_passphrase=True))
    load_demo(store, team=False)
    period = Period.containing(clock.today(), "quarter").previous()
    scope = Scope("department", department) if department else Scope()
    [deck] = export_summary(store, period, scope, "pptx", folder, template=template)
    store.close()
    return deck


def render(deck: Path, out: Path, dpi: int) -> list[Path]:
    """Convert ``deck`` to PDF with LibreOffice, then each page to ``out/slide-NN.png``."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None or shutil.which("pdftoppm") is None:
        raise SystemExit("Needs soffice (libreoffice-impress) and pdftoppm (poppler-utils).")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="render-deck-") as tmp:
        profile = Path(tmp) / "lo-profile"
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                tmp,
                str(deck),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        pdf = Path(tmp) / f"{deck.stem}.pdf"
        for old in out.glob("slide-*.png"):
            old.unlink()
        subprocess.run(
            ["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(out / "slide")], check=True
        )
    return sorted(out.glob("slide-*.png"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("deck", nargs="?", type=Path, help="a .pptx (default: the demo's deck)")
    parser.add_argument("--department", help="for the demo deck: one department's update")
    parser.add_argument("--template", type=Path, help="for the demo deck: a company template")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "deck-png")
    parser.add_argument("--dpi", type=int, default=80)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="demo-deck-") as tmp:
        deck = args.deck or demo_deck(Path(tmp), args.department, args.template)
        if args.deck is None:
            args.out.mkdir(parents=True, exist_ok=True)
            shutil.copy(deck, args.out / deck.name)
        for png in render(deck, args.out, args.dpi):
            print(png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
