"""The real CLI in a subprocess: version, doctor on a fresh profile, wrong passphrase."""

from partnerdesk import __version__
from tests.helpers import run_cli


def test_version():
    result = run_cli("--version", passphrase=None)
    assert result.returncode == 0
    assert "Partner Desk" in result.stdout


def test_doctor_creates_healthy_profile(tmp_path):
    profile = tmp_path / "fresh"
    result = run_cli("doctor", profile=profile)
    assert result.returncode == 0, result.stderr
    assert "Health:           ok" in result.stdout
    assert "Key storage:      passphrase" in result.stdout
    assert (profile / "partnerdesk.db").exists()


def test_wrong_passphrase_is_refused(tmp_path):
    profile = tmp_path / "p"
    assert run_cli("doctor", profile=profile).returncode == 0
    before = (profile / "partnerdesk.db").read_bytes()
    result = run_cli("doctor", profile=profile, passphrase="not it")
    assert result.returncode != 0
    assert "passphrase is wrong" in result.stderr
    assert "sqlcipher" not in result.stderr.lower()
    assert (profile / "partnerdesk.db").read_bytes() == before


def smoke_lines(profile) -> list[str]:
    """``partnerdesk --smoke``: what it printed, without the CPU times."""
    started = run_cli("--smoke", profile=profile, env={"QT_QPA_PLATFORM": "offscreen"})
    assert started.returncode == 0, started.stderr
    return [line.split(" cpu=")[0] for line in started.stdout.splitlines()]


def test_the_app_paints_first_then_opens_the_profile(tmp_path):
    """``partnerdesk`` with no verb: the window paints, then Today shows the opened store."""
    profile = tmp_path / "profile"
    assert run_cli("doctor", profile=profile).returncode == 0
    lines = smoke_lines(profile)
    assert lines.index("smoke painted") < lines.index("smoke today painted from=store")
    assert "smoke today painted from=snapshot" not in lines  # nothing was closed before
    assert lines[-1] == f"smoke ok: Partner Desk {__version__} opened {profile / 'partnerdesk.db'}"


def test_the_next_start_shows_today_as_it_was_closed_until_the_store_is_open(tmp_path):
    profile = tmp_path / "profile"
    assert run_cli("demo", profile=profile).returncode == 0
    smoke_lines(profile)  # closing leaves the snapshot
    assert (profile / "today.snapshot").exists()
    lines = smoke_lines(profile)
    shown = [line for line in lines if line.startswith("smoke today painted")]
    assert shown == ["smoke today painted from=snapshot", "smoke today painted from=store"]
    assert lines.index("smoke painted") < lines.index(shown[0])
    # A change made from the command line: the next start reads the store first.
    assert (
        run_cli("rep", "add", "Zoe Quill", "zoe.quill@example.com", profile=profile).returncode == 0
    )
    shown = [line for line in smoke_lines(profile) if line.startswith("smoke today painted")]
    assert shown == ["smoke today painted from=store"]


def test_an_unreadable_passphrase_file_is_one_clear_line(tmp_path):
    profile = tmp_path / "profile"
    assert run_cli("doctor", profile=profile).returncode == 0
    missing = tmp_path / "nowhere.txt"
    for args, code in (
        (("--passphrase-file", str(missing), "doctor"), 2),  # a verb: a bad file exits 2
        (("--passphrase-file", str(missing)), 1),
    ):
        result = run_cli(*args, profile=profile, env={"QT_QPA_PLATFORM": "offscreen"})
        assert result.returncode == code
        assert result.stderr.startswith("partnerdesk: Cannot read the passphrase file")
        assert "Traceback" not in result.stderr


def test_the_app_without_a_display_says_so_in_one_line(tmp_path):
    profile = tmp_path / "profile"
    assert run_cli("doctor", profile=profile).returncode == 0
    no_screen = {"DISPLAY": "", "WAYLAND_DISPLAY": "", "QT_QPA_PLATFORM": ""}
    result = run_cli(profile=profile, env=no_screen)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "no display" in result.stderr
    assert "xcb" not in result.stderr and "Traceback" not in result.stderr
