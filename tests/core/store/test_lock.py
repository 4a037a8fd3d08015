"""Lock means locked: no sessions after close, no engine, the key wiped, none in memory."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from partnerdesk.core.store.engine import StoreError
from partnerdesk.core.store.models import Rep
from partnerdesk.core.store.secret import KeyBuffer, wipe
from tests.conftest import TEST_PASSPHRASE

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "tools"))


def test_a_closed_store_refuses_sessions_and_holds_no_engine_or_key(store):
    with store.session() as s:
        s.scalars(select(Rep)).all()
    buffer = store.key
    engine = store.engine
    store.close()
    assert store.engine is None and store.key is None
    assert not any(buffer)  # the very buffer the engine connected with is zeroed
    with pytest.raises(StoreError, match="locked"):
        store.session()
    with pytest.raises(StoreError, match="locked"), store.transaction():
        pass
    with pytest.raises(Exception, match="not a database"), engine.connect():
        pass  # an engine someone kept cannot reconnect: its key is gone
    store.close()  # closing twice is harmless


def test_wipe_overwrites_buffers_and_immutable_copies():
    buffer = KeyBuffer(bytes(range(1, 33)))
    buffer.wipe()
    assert buffer.wiped
    owned = bytes(range(100, 132))
    wipe(owned)
    assert owned == bytes(32)
    text = "".join(["ab"] * 32)
    wipe(text)
    assert text == "0" * 64


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs /proc/PID/mem")
def test_no_copy_of_the_key_is_left_in_a_locked_process(profile_paths, data_key):
    from key_copies import count_copies

    assert count_copies(profile_paths.root, TEST_PASSPHRASE, data_key) == (0, 0)
