"""Full-text search over notes, agenda answers, follow-ups and signals (SQLite FTS5).

The index lives inside the encrypted store and is kept current by SQL triggers
(revision 0003), so every writer (the editor, sync imports, the CLI) keeps it in step.
Private notes are indexed too: the index never leaves this device. Results are ranked
with bm25 and carry a snippet whose matches are wrapped in :data:`HIT_START` /
:data:`HIT_END`; :func:`render_snippet` turns them into the caller's markup.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import text

from partnerdesk.core.store import fts_stats
from partnerdesk.core.store.engine import Store

SEARCH_KINDS = ("note", "answer", "followup", "signal")
KIND_LABELS = {
    "note": "Note",
    "answer": "Agenda answer",
    "followup": "Follow-up",
    "signal": "Signal",
}
#: How many of the newest matches search-as-you-type ranks (all, unless the word is common).
CANDIDATES = 120
#: The shortest last word searched as a prefix (FTS5's prefix index: 2 to 8 letters, 0012).
MIN_PREFIX = 2
#: How many of the newest records say how rare a word is (its weight in bm25, the IDF).
IDF_SAMPLE = 10_000
#: bm25's constants, as FTS5's ``bm25()`` has them.
BM25_K1 = 1.2
BM25_B = 0.75
HIT_START = "\x02"
HIT_END = "\x03"
# The words FTS5's tokenizer keeps: letters and digits ("_" separates, as it does there,
# so each query word is one phrase and lines up with its statistics).
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class SearchHit:
    """One search result: what it is, where it belongs and a marked-up snippet."""

    kind: str
    source: str
    ref_id: str
    target_id: str
    manager_id: str | None
    manager_name: str
    department: str
    meeting_id: str | None
    at: datetime | None
    visibility: str
    snippet: str
    score: float

    def snippet_text(self, start: str = "[", end: str = "]") -> str:
        """The snippet with matches wrapped in ``start``/``end`` (plain text)."""
        return render_snippet(self.snippet, start, end)

    def snippet_html(self) -> str:
        """The snippet as escaped HTML with matches in bold."""
        return render_snippet(self.snippet, "<b>", "</b>", escape=html.escape)


def render_snippet(
    snippet: str, start: str, end: str, escape: Callable[[str], str] | None = None
) -> str:
    """Replace the hit markers in ``snippet``, escaping the text between them first."""
    clean = " ".join(snippet.split())
    if escape is not None:
        clean = escape(clean)
    return clean.replace(HIT_START, start).replace(HIT_END, end)


def fts_query(query: str, *, prefix: bool = True) -> str:
    """A safe FTS5 query: every word must match; the last one may be a prefix (typing).

    A last word of one letter matches as a whole word ("plan b"): as a prefix it would
    merge the index entries of every word with that initial (90-180 ms at 10x the bench
    store, on each first keystroke of a word); from two letters on FTS5's prefix index
    answers at once.
    """
    words = _WORD.findall(query)
    if not words:
        return ""
    terms = [f'"{word}"' for word in words]
    if prefix and len(words[-1]) >= MIN_PREFIX:
        terms[-1] += "*"
    return " ".join(terms)


def scope_token(kind: str, value: str) -> str:
    """The ``scope`` column token of a manager id ("m"), department ("d") or kind ("k")."""
    if kind == "m":
        return "m" + value.replace("-", "")
    if kind == "d":
        return "d" + value.encode("utf-8").hex()
    return "k" + value


def search(
    store: Store,
    query: str,
    *,
    manager_id: str | None = None,
    department: str | None = None,
    since: date | None = None,
    until: date | None = None,
    kinds: Iterable[str] | None = None,
    limit: int = 50,
    prefix: bool = True,
    window: int = CANDIDATES,
) -> list[SearchHit]:
    """Best matches first (bm25), newest first among equals; filters narrow by manager,
    department, period and kind.

    Ranking looks at the ``window`` most recently written matches (all of them for any
    but the commonest words), so typing stays fast over a very large store. Each word
    weighs by how rare it is among the newest :data:`IDF_SAMPLE` records (bm25's IDF,
    exact on a store no larger than that; the word being typed counts as typed so far).
    """
    words = _WORD.findall(query)
    if not words:
        return []
    match = f"body : ({fts_query(query, prefix=prefix)})"
    if manager_id:
        match += f' AND scope : "{scope_token("m", manager_id)}"'
    if department:
        match += f' AND scope : "{scope_token("d", department)}"'
    kind_list = [k for k in (kinds or ()) if k in SEARCH_KINDS]
    if kind_list:
        match += " AND scope : (" + " OR ".join(f'"k{k}"' for k in kind_list) + ")"
    with store.engine.connect() as conn:
        newest = _newest(conn, match, since, until, window, stats=_use_stats(conn))
        if not newest:
            return []
        scores = _scores(conn, newest, words)
        order = sorted(range(len(newest)), key=scores.__getitem__)  # stable: newest first
        best = [(newest[at][0], scores[at], newest[at][2]) for at in order]
        best = best[: max(1, int(limit)) * 2]
        meta = {
            row[0]: row[1:]
            for row in conn.exec_driver_sql(
                "SELECT d.doc_id, d.kind, d.source, d.ref_id, d.target_id, d.manager_id, "
                "coalesce(m.name, ''), coalesce(m.department, ''), d.meeting_id, d.at, "
                "d.visibility FROM search_doc AS d LEFT JOIN manager AS m "
                f"ON m.id = d.manager_id WHERE d.doc_id IN ({_id_list(best)})"
            )
        }
        shown: list[tuple[int, float]] = []
        seen: set[tuple[str, str]] = set()
        for doc_id, score, _snippet in best:
            if doc_id not in meta:  # written over between the two reads (a sync running)
                continue
            key = (meta[doc_id][0], meta[doc_id][3])  # a signal and its timeline: one case
            if key not in seen and len(shown) < limit:
                seen.add(key)
                shown.append((doc_id, score))
    snippets = {row[0]: row[2] for row in best}
    hits: list[SearchHit] = []
    for doc_id, score in shown:
        kind, source, ref_id, target, manager, name, dept, meeting, at, visibility = meta[doc_id]
        hits.append(
            SearchHit(
                kind=kind,
                source=source,
                ref_id=ref_id,
                target_id=target,
                manager_id=manager,
                manager_name=name,
                department=dept,
                meeting_id=meeting,
                at=_as_datetime(at),
                visibility=visibility,
                snippet=snippets[doc_id] or "",
                score=float(score),
            )
        )
    return hits


def _id_list(rows) -> str:
    """Row ids for an SQL IN list (integers read from the index itself)."""
    return ", ".join(str(int(row[0])) for row in rows)


def _use_stats(conn) -> bool:
    """Rank from match statistics: on a store larger than the IDF sample, where FTS5's
    ``bm25()`` would first count every match of each word (a pass over the whole index
    per word). On a smaller one ``bm25()`` gives the same scores, in C and without
    holding the GIL per row; so it does where the statistics function is missing."""
    if not conn.connection.info.get(fts_stats.NAME):
        return False
    top = conn.exec_driver_sql("SELECT max(doc_id) FROM search_doc").scalar() or 0
    return top > IDF_SAMPLE


def _newest(
    conn, match: str, since: date | None, until: date | None, window: int, *, stats: bool
) -> list[tuple[int, str | float, str]]:
    """(row id, what ranks it, snippet) of the newest ``window`` matches, newest first.

    One FTS5 read downwards (it stops at the window; a prefix's terms are merged once).
    What ranks a row is :data:`~partnerdesk.core.store.fts_stats.NAME`'s text with
    ``stats``, else FTS5's own ``bm25()`` score.
    """
    join, period, params = "", "", []
    if since is not None or until is not None:
        join = " JOIN search_doc AS d ON d.doc_id = search_fts.rowid"
    if since is not None:
        period += " AND d.at >= ?"
        params.append(since.isoformat())
    if until is not None:
        period += " AND d.at < ?"
        params.append((until + timedelta(days=1)).isoformat())
    rank = f"{fts_stats.NAME}(search_fts)" if stats else "bm25(search_fts, 1.0, 0.0)"
    sql = (
        f"SELECT search_fts.rowid, {rank}, snippet(search_fts, 0, ?, ?, '…', 14) "
        f"FROM search_fts{join} WHERE search_fts MATCH ?{period} "
        "ORDER BY search_fts.rowid DESC LIMIT ?"
    )
    rows = conn.exec_driver_sql(sql, (HIT_START, HIT_END, match, *params, max(1, window)))
    return [tuple(row) for row in rows]


def _scores(conn, rows: list[tuple[int, str | float, str]], words: list[str]) -> list[float]:
    """bm25 of each row (lower is better), from its match statistics and the words' IDFs.

    The same formula as FTS5's ``bm25(search_fts, 1.0, 0.0)``: k1 = 1.2, b = 0.75, the
    row's length and the average over the whole table, each word's occurrences in the
    text. Rows ranked by ``bm25()`` itself (see :func:`_use_stats`) keep its score.
    """
    if not rows or not isinstance(rows[0][1], str):
        return [float(row[1]) for row in rows]
    idfs = _idfs(conn, words)
    scores = []
    for row in rows:
        count, tokens, length, *freqs = map(int, row[1].split())
        norm = BM25_K1 * (1 - BM25_B + BM25_B * length * count / max(1, tokens))
        score = 0.0
        for idf, freq in zip(idfs, freqs, strict=False):
            if freq:
                score += idf * freq * (BM25_K1 + 1) / (freq + norm)
        scores.append(-score)
    return scores


def _idfs(conn, words: list[str]) -> list[float]:
    """Each word's bm25 IDF among the newest :data:`IDF_SAMPLE` records (as a whole word).

    Counting every match of a common word costs a pass over its whole doclist (10-15 ms
    for "on" at 10x the bench store); the newest records' matches are read with a seek.
    One statement: the sample's size, then each distinct word's matches in it.
    """
    distinct = list(dict.fromkeys(words))
    matches = "".join(
        ", (SELECT count(*) FROM search_fts WHERE search_fts MATCH ? AND rowid > f.floor)"
        for _ in distinct
    )
    sample, *counts = conn.exec_driver_sql(
        "WITH f(floor) AS (SELECT max(0, coalesce(max(doc_id), 0) - ?) FROM search_doc) "
        f"SELECT (SELECT count(*) FROM search_doc WHERE doc_id > f.floor){matches} FROM f",
        (IDF_SAMPLE, *(f'body : "{word}"' for word in distinct)),
    ).one()
    counted = dict(zip(distinct, counts, strict=True))
    idfs = []
    for word in words:
        found = min(counted[word], sample)  # an index out of step may count more
        idf = math.log((sample - found + 0.5) / (found + 0.5))
        idfs.append(idf if idf > 0 else 1e-6)  # as FTS5: a word in most records weighs ~0
    return idfs


PERIODS = (
    ("any", "Any time"),
    ("month", "This month"),
    ("quarter", "This quarter"),
    ("year", "This year"),
    ("12m", "Last 12 months"),
)


def period_start(key: str, today: date) -> date | None:
    """First day of a named period ending today (None for "any")."""
    if key == "month":
        return today.replace(day=1)
    if key == "quarter":
        return date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    if key == "year":
        return date(today.year, 1, 1)
    if key == "12m":
        return today - timedelta(days=365)
    return None


def filter_choices(store: Store) -> tuple[list[tuple[str, str]], list[str]]:
    """Managers (id, name) and departments to offer as search filters."""
    with store.engine.connect() as conn:
        managers = conn.execute(
            text("SELECT id, name FROM manager WHERE deleted = 0 ORDER BY name")
        ).all()
        departments = conn.execute(
            text(
                "SELECT DISTINCT department FROM manager "
                "WHERE deleted = 0 AND department != '' ORDER BY department"
            )
        ).scalars()
        return [(row[0], row[1]) for row in managers], list(departments)


def _as_datetime(value: object) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def rebuild_index(store: Store) -> int:
    """Rebuild the whole index from the records (a repair tool); returns the document count."""
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM search_fts"))
        conn.execute(text("DELETE FROM search_doc"))
        # Touching a watched column fires the triggers that index each live row.
        for table, column in (
            ("note", "body"),
            ("followup", "text"),
            ("signal", "summary"),
            ("signal_update", "text"),
        ):
            conn.execute(text(f"UPDATE {table} SET {column} = {column}"))
        conn.execute(text("INSERT INTO search_fts(search_fts) VALUES ('optimize')"))
        return int(conn.execute(text("SELECT count(*) FROM search_doc")).scalar_one())
