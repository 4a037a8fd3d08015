"""Property: any agenda written by ``render_agenda`` reads back the same."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from partnerdesk.core.agenda import AgendaDoc, ItemData, read_agenda_file, render_agenda

text = st.text(min_size=1, max_size=60).filter(lambda t: t.strip() == t and t)
names = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30)
audience = st.one_of(
    st.just(("all", "")),
    st.tuples(
        st.sampled_from(["department", "tier"]),
        st.text(
            alphabet=st.characters(whitelist_categories=("L", "N", "Zs")), min_size=1, max_size=20
        )
        .map(lambda t: " ".join(t.split()))
        .filter(bool),
    ),
)


@st.composite
def agendas(draw) -> AgendaDoc:
    sections = draw(
        st.lists(names.map(str.strip).filter(bool), min_size=1, max_size=4, unique=True)
    )
    doc = AgendaDoc(month=f"{draw(st.integers(2000, 2099))}-{draw(st.integers(1, 12)):02d}")
    doc.title = draw(st.text(max_size=40))
    doc.sections = [(name, draw(st.integers(0, 120))) for name in sections]
    for name in sections:
        for _ in range(draw(st.integers(0, 3))):
            kind, value = draw(audience)
            doc.items.append(
                ItemData(
                    section=name,
                    text=draw(text),
                    item_date=draw(st.one_of(st.none(), st.dates(date(2000, 1, 1)))),
                    audience_kind=kind,
                    audience_value=value,
                    prompts=draw(st.lists(text, max_size=3)),
                )
            )
    return doc


@settings(max_examples=60, deadline=None)
@given(agendas())
def test_render_then_read_gives_the_same_agenda(tmp_path_factory, doc):
    path = tmp_path_factory.mktemp("agenda") / "a.toml"
    path.write_text(render_agenda(doc), encoding="utf-8")
    back = read_agenda_file(path)
    assert (back.month, back.title, back.sections) == (doc.month, doc.title, doc.sections)
    fields = ("section", "text", "item_date", "audience_kind", "audience_value", "prompts")
    assert [tuple(getattr(i, f) for f in fields) for i in back.items] == [
        tuple(getattr(i, f) for f in fields) for i in doc.items
    ]
