"""The benchmark harness (tests/bench) still builds its store and judges its numbers."""

from __future__ import annotations

import csv
import random
from collections import Counter
from datetime import date

from sqlalchemy import func, select

from partnerdesk.core.store.models import Manager, Meeting, Note
from tests.bench import generate
from tests.bench.growth import growth_table
from tests.bench.harness import MISS, PASS, Result, p95


def test_generator_builds_the_sized_store_and_hris_file(store, tmp_path):
    company = generate.generate_store(store, generate.TINY)
    counts = generate.row_counts(store)
    size = generate.TINY
    assert counts["rep"] == size.reps
    assert counts["manager"] == counts["employee"] == size.managers
    assert counts["note"] == size.notes
    assert counts["followup"] == size.followups
    assert counts["signal"] == size.signals
    assert counts["agenda"] == size.months
    assert counts["meeting"] >= size.managers  # every manager met at least once
    with store.session() as session:
        orphans = session.scalar(
            select(func.count()).select_from(Note).where(Note.meeting_id.not_in(select(Meeting.id)))
        )
        bosses = session.scalar(
            select(func.count()).select_from(Manager).where(Manager.reports_to_id.is_not(None))
        )
    assert orphans == 0
    assert bosses == size.managers - 1  # everyone but the CEO reports to someone

    path = tmp_path / "hris.csv"
    generate.write_hris_csv(path, company)
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert len(rows) == size.employees
    emails = {row["Work Email"] for row in rows}
    assert all(row["Manager Email"] in emails for row in rows if row["Manager Email"])


def test_results_are_judged_on_p95_or_on_the_ratio_to_their_baseline():
    assert p95([float(n) for n in range(1, 101)]) == 95.0
    fast = Result("search", "ms", [5.0, 6.0, 30.0], limit=20).judge()
    assert fast.status == MISS  # the p95 (the slowest of three) decides
    ratio = Result(
        "startup_window", "s", [1.4, 1.5, 1.6], limit=1.5, baseline=[1.0, 1.0, 1.1], on="ratio"
    ).judge()
    assert ratio.status == PASS
    assert ratio.ratio == 1.5


def test_a_paired_ratio_is_the_median_of_each_pairs_ratio():
    # runs 3 and 4 did twice the work on both sides: that moves the medians, not the ratios
    encrypted = [1.1, 1.1, 2.2, 2.2, 1.3]
    plain = [1.0, 1.0, 2.0, 2.0, 1.0]
    unpaired = Result("x", "s", encrypted, limit=1.2, baseline=plain, on="ratio")
    paired = Result("x", "s", encrypted, limit=1.2, baseline=plain, on="ratio", paired=True)
    assert unpaired.ratio == 1.3 and unpaired.judge().status == MISS
    assert round(paired.ratio, 6) == 1.1 and paired.judge().status == PASS


def test_the_scaled_store_is_the_issues_ten_times_company():
    ten = generate.FULL.scaled(10)
    assert (ten.managers, ten.notes, ten.followups, ten.signals) == (4000, 600_000, 250_000, 30_000)
    assert ten.reps == 80 and ten.months == generate.FULL.months
    assert ten.name == "full-x10"  # its own cache folder, beside the 1x store's
    assert generate.FULL.scaled(1) is generate.FULL


def test_at_ten_times_each_rep_keeps_about_the_managers_of_one_times():
    size = generate.FULL.scaled(10)
    size = generate.Size("wide", size.reps, size.managers, 1, 0, 0, 0, size.managers)
    rng = random.Random(generate.SEED)
    builder = generate._Builder(size, generate.build_company(size, rng), date(2026, 12, 4), rng)
    builder.build()
    per_rep = Counter(row["rep_id"] for row in builder.rows[Manager])
    me = builder.reps[1]["id"]  # the profile's own rep ("me_rep_id")
    assert 25 <= per_rep[me] <= 100  # 1x: 400 managers over 8 reps
    assert max(per_rep.values()) <= 100


def test_the_growth_table_sets_each_rows_medians_side_by_side():
    def run(scale: int, search: list[float], noop: list[float]) -> dict:
        rows = [
            Result("search", "ms", search, limit=20).judge(),
            Result("sync_noop", "ms", noop, limit=100).judge(),
            Result("summary_pdf", "", status="SKIP"),
        ]
        return {"scale": scale, "results": [r.as_dict() for r in rows]}

    table = growth_table(run(1, [5.0, 6.0, 8.0], [10.0, 12.0]), run(10, [6.0, 9.0, 30.0], [25.0]))
    lines = table.splitlines()
    assert lines[0].startswith("| row | 1x median / p95 | 10x median / p95 | growth |")
    search = "| search | 6.0 ms / 8.0 ms | 9.0 ms / 30.0 ms | 1.50x | p95 < 20 ms | MISS |"
    assert lines[2] == search
    assert lines[3].startswith("| sync_noop | 11.0 ms / 12.0 ms | 25.0 ms / 25.0 ms | 2.27x |")
    assert len(lines) == 4  # a row without samples (SKIP) is left out
