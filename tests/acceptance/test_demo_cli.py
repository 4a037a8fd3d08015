"""`partnerdesk demo` through the real CLI: the demo profile is healthy."""

from __future__ import annotations

from tests.helpers import run_cli


def test_demo_profile_passes_doctor(tmp_path):
    profile = tmp_path / "demo"
    made = run_cli("demo", profile=profile)
    assert made.returncode == 0, made.stderr
    assert "managers: 60" in made.stdout
    doctor = run_cli("doctor", profile=profile)
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    assert "Health:           ok" in doctor.stdout
    again = run_cli("demo", profile=profile)
    assert again.returncode == 1
    assert "already has managers" in again.stderr
