"""The frozen (PyInstaller) app starts offscreen with ``--smoke`` and opens its store.

Not part of the default run: it builds the app (a few minutes). Run it with
``pytest -m packaging tests/packaging`` (``.ci/run`` does when it stays fast enough), or
point ``PARTNERDESK_FROZEN`` at an already built ``dist/partnerdesk/partnerdesk``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILT = ROOT / "dist" / "partnerdesk" / ("partnerdesk.exe" if os.name == "nt" else "partnerdesk")

pytestmark = pytest.mark.packaging


@pytest.fixture(scope="module")
def frozen_app(request) -> Path:
    """The frozen executable: given, or built now with packaging/build."""
    given = os.environ.get("PARTNERDESK_FROZEN")
    if given:
        return Path(given)
    if "packaging" not in (request.config.option.markexpr or ""):
        pytest.skip("builds the frozen app; run with -m packaging or set PARTNERDESK_FROZEN")
    env = {**os.environ, "VENV": sys.prefix}
    subprocess.run(["bash", str(ROOT / "packaging" / "build")], env=env, check=True, timeout=1800)
    return BUILT


def run_frozen(app: Path, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARTNERDESK_")}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        PARTNERDESK_PASSPHRASE="frozen passphrase",
    )
    return subprocess.run(
        [str(app), "--profile", str(profile), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


def test_frozen_app_opens_its_store(frozen_app, tmp_path):
    profile = tmp_path / "profile"
    smoke = run_frozen(frozen_app, profile, "--smoke")
    assert smoke.returncode == 0, smoke.stdout + smoke.stderr
    assert f"opened {profile / 'partnerdesk.db'}" in smoke.stdout
    assert (profile / "partnerdesk.db").stat().st_size > 0

    demo = run_frozen(frozen_app, profile, "demo")
    assert demo.returncode == 0, demo.stderr
    doctor = run_frozen(frozen_app, profile, "doctor")
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    assert "Health:           ok" in doctor.stdout
    assert "SQLCipher:" in doctor.stdout
