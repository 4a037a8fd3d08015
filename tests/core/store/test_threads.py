"""The store is shared by the GUI thread and background tasks: many threads at once are safe."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from partnerdesk.core.store.models import Rep


def test_many_threads_share_one_store(store):
    with store.transaction() as session:
        session.add_all([Rep(name=f"Rep {i}", email=f"rep{i}@example.com") for i in range(300)])
    errors: list[BaseException] = []
    counts: list[int] = []

    def work() -> None:
        try:
            for _ in range(20):
                with store.session() as session:
                    counts.append(len(list(session.scalars(select(Rep)))))
                with store.transaction() as session:
                    session.scalar(select(func.count()).select_from(Rep))
        except BaseException as exc:  # collected and asserted on below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors[0]
    assert counts and set(counts) == {300}
