"""How each row grows with the store: two ``--json`` results side by side.

``python -m tests.bench.growth 1x.json 10x.json`` prints a Markdown table: each row both
runs measured, its median and p95 at either scale, the growth factor (10x median over
1x median), and the result at the larger scale against the row's target.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any


def _fmt(value: float, unit: str) -> str:
    if unit == "ms":
        return f"{value:.1f} ms"
    if unit == "s":
        return f"{value:.2f} s"
    return f"{value:.0f} {unit}"


def _measured(run: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["name"]: r for r in run["results"] if r.get("samples")}


def growth_table(small: dict[str, Any], large: dict[str, Any]) -> str:
    """The rows measured in both runs, in the larger run's order."""
    before, after = _measured(small), _measured(large)
    head = f"{small.get('scale', 1)}x", f"{large.get('scale', 1)}x"
    lines = [
        f"| row | {head[0]} median / p95 | {head[1]} median / p95 | growth | "
        f"target | {head[1]} result |",
        "|---|---|---|---|---|---|",
    ]
    for name, row in after.items():
        if name not in before:
            continue
        old, unit = before[name], row["unit"]
        factor = row["median"] / old["median"] if old["median"] else float("inf")
        lines.append(
            f"| {name} | {_fmt(old['median'], unit)} / {_fmt(old['p95'], unit)} | "
            f"{_fmt(row['median'], unit)} / {_fmt(row['p95'], unit)} | {factor:.2f}x | "
            f"{row['target']} | {row['status'] or 'info'} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("small", type=Path, help="the --json file of the smaller scale")
    parser.add_argument("large", type=Path, help="the --json file of the larger scale")
    args = parser.parse_args()
    runs = [json.loads(path.read_text("utf-8")) for path in (args.small, args.large)]
    print(growth_table(*runs))


if __name__ == "__main__":
    main()
