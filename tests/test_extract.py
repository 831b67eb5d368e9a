"""Extraction on news pages we wrote: the body is whole, the junk is gone, metadata is right."""

from __future__ import annotations

import pickle
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest

from monitor.errors import ExtractionError
from monitor.extract import extract

PAGES = Path(__file__).parent / "fixtures" / "pages"


def page(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def assert_absent(text: str, *junk: str) -> None:
    for line in junk:
        assert line not in text, f"junk kept: {line!r}"


# ----------------------------------------------------------------- German, seed-shaped page


def test_german_page_with_neutral_markup_keeps_every_body_paragraph() -> None:
    article = extract(page("de_bahnstrecke.html"))
    paragraphs = article.text.split("\n")
    assert paragraphs[0].startswith("Für fünf Wochen fahren zwischen Kassel und Erfurt keine Züge.")
    assert paragraphs[-1].endswith("teilte die Bahn mit.")
    for sentence in (
        "Die Sperrung beginnt am Montag um 4 Uhr und soll bis zum 9. Dezember dauern.",
        "Im Regionalverkehr setzt die Bahn 60 Busse ein",
        "rund 40 besonders stark belastete Strecken grundlegend sanieren will.",
    ):
        assert sentence in article.text
    assert len(paragraphs) == 5


def test_german_page_loses_promos_teasers_badges_captions_and_repeated_headline() -> None:
    article = extract(page("de_bahnstrecke.html"))
    assert_absent(
        article.text,
        "mit Video",
        "Teilen",
        "WhatsApp",
        "(Archivbild)",
        "Quelle:",
        "Sie wollen auf dem Laufenden bleiben?",
        "Newsletter",
        "Mehr zu Bahn und Verkehr",
        "Neuer Fahrplan",
        "Deutschlandticket",
        "von Paul Scholz",
        "Anna Vogt",
        "PREV",
        "NEXT",
        "©",
        "Stand:",
        "09:15",
        "Diese Strecken saniert die Bahn",
        "Welche Rechte Fahrgäste haben",
        "Umfrage",
    )
    # the headline is the title, not a line of the body
    assert article.title == "Bahnstrecke Kassel–Erfurt: Vollsperrung ab Montag"
    assert article.title not in article.text


def test_source_lines_become_credits() -> None:
    article = extract(page("de_bahnstrecke.html"))
    assert article.credits == ["Quelle: ap", "Quelle: dpa, epd"]


def test_german_page_metadata_from_json_ld_and_canonical_link() -> None:
    article = extract(page("de_bahnstrecke.html"), url="https://www.mh-aktuell.example/x?utm=1")
    assert article.url == (
        "https://www.mh-aktuell.example/nachrichten/bahnstrecke-kassel-erfurt-vollsperrung-100.html"
    )
    assert article.published == datetime(2024, 11, 2, 8, 15, tzinfo=UTC)
    assert article.author == "Tobias Reinhardt"
    assert article.site == "Mittelhessen Aktuell"
    assert article.language == "de"


# ------------------------------------------------------------------- German, classic markup


def test_german_article_drops_cookie_banner_navigation_promo_related_and_comments() -> None:
    article = extract(page("de_rheinbruecke.html"))
    assert article.text.startswith("Die marode Rheinbrücke bei Feldheim wird schneller saniert")
    assert "Wir haben zwei Jahre lang gewartet" in article.text
    assert article.text.endswith("sagte ein Sprecher.")
    assert_absent(
        article.text,
        "Cookies",
        "Akzeptieren",
        "Politik",
        "Von Katrin Albers",
        "Teilen",
        "Sie wollen auf dem Laufenden bleiben?",
        "Newsletter",
        "Mehr zu Verkehr",
        "Baustelle auf der A61",
        "PREV",
        "NEXT",
        "Kommentare",
        "Typisch.",
        "Impressum",
        "Alle Rechte vorbehalten",
        "Quelle:",
    )
    assert "Quelle: dpa, SWR" in article.credits


def test_german_article_metadata() -> None:
    article = extract(page("de_rheinbruecke.html"), url="https://rheinkurier.example/amp/123")
    assert (
        article.url
        == "https://www.rheinkurier.example/politik/rheinbruecke-sanierung-millionen-100.html"
    )
    assert article.title == "Sanierung der Rheinbrücke: Land sagt zusätzliche Millionen zu"
    assert article.published == datetime(2024, 10, 24, 14, 5, tzinfo=UTC)
    assert article.published.tzinfo is UTC
    assert article.author == "Katrin Albers"
    assert article.site == "Rheinkurier"
    assert article.language == "de"
    assert (
        article.description
        == "Die marode Rheinbrücke bei Feldheim wird schneller saniert als geplant."
    )


def test_inline_read_also_teaser_and_whatsapp_promo_are_dropped() -> None:
    article = extract(page("de_hafenstreik.html"), url="https://www.nordblick.example/w/1.html")
    assert article.text.startswith("Im Hamburger Hafen ist der Containerumschlag am Freitag")
    assert article.text.endswith("schlossen weitere Streiks aber nicht aus.")
    assert_absent(
        article.text,
        "Lesen Sie auch",
        "Umschlag im Hafen sinkt",
        "WhatsApp",
        "Folgen Sie uns",
        "(Symbolbild)",
        "Mehr zum Thema",
        "Tarifstreit im Hafen",
        "Einwilligung",
        "Neueste Meldungen",
        "Elbtunnel",
    )
    assert article.text.count("Warnstreik legt Hamburger Hafen lahm") == 0
    assert article.credits == ["Quelle: dpa"]
    # the byline is no body line, but it names the author the metadata does not
    assert "Von Jana Petersen" not in article.text
    assert article.author == "Jana Petersen"


def test_page_without_canonical_or_language_uses_given_url_time_tag_and_identification() -> None:
    url = "https://www.nordblick.example/wirtschaft/warnstreik-hafen-100.html"
    article = extract(page("de_hafenstreik.html"), url=url)
    assert article.url == url
    # no JSON-LD, no meta date: the article's <time> tag gives the exact time, not the
    # times of the latest-news list before it
    assert article.published == datetime(2024, 6, 14, 5, 30, tzinfo=UTC)
    # the page declares no language: it is identified from the text
    assert article.language == "de"
    assert article.site == "nordblick.example"


# ------------------------------------------------------------------------------ English


def test_english_article_body_whole_and_junk_gone() -> None:
    article = extract(page("en_harbour_wind.html"))
    assert article.text.startswith("The town council of Port Ellery voted 7 to 2 on Thursday")
    assert '"This is not the deal anyone wanted at the start' in article.text
    assert "Construction to start in autumn" in article.text
    assert article.text.endswith("to ask for a judicial review of the decision.")
    assert_absent(
        article.text,
        "cookies",
        "Subscribe",
        "Sign in",
        "By Daniel Okafor",
        "Read more",
        "Saltmarsh wind farm delayed again",
        "Morning Briefing",
        "newsletter",
        "(Photo:",
        "Related stories",
        "Grid upgrade",
        "comments",
        "About time",
        "All rights reserved",
        "Reporting by",
    )
    assert article.credits == ["Reporting by Daniel Okafor; Editing by Sarah Whitfield"]


def test_english_article_metadata_and_language_identified() -> None:
    article = extract(page("en_harbour_wind.html").encode("utf-8"))
    assert article.url == "https://coastalledger.example/news/2024/03/harbour-wind-cable-approved"
    assert article.title == "Harbour town approves offshore wind cable after two-year dispute"
    assert article.published == datetime(2024, 3, 8, 14, 20, tzinfo=UTC)
    assert article.author == "Daniel Okafor"
    assert article.site == "The Coastal Ledger"
    # <html> has no lang attribute
    assert article.language == "en"


def test_a_language_tag_the_text_contradicts_clearly_is_overruled() -> None:
    """A site whose CMS tags every page 'de' (or 'en'): the text, clearly English (German),
    decides, so it is not read with the other language's words, names and lemmas."""
    english = page("en_harbour_wind.html").replace("<html>", '<html lang="de">', 1)
    assert extract(english.encode("utf-8")).language == "en"
    german = page("de_bahnstrecke.html").replace('<html lang="de-DE">', '<html lang="en">', 1)
    assert extract(german.encode("utf-8")).language == "de"
    # a tag the text agrees with, or cannot overrule, stays
    assert extract(page("de_bahnstrecke.html").encode("utf-8")).language == "de"


def test_page_rendered_by_javascript_is_read_from_its_json_ld_body() -> None:
    article = extract(page("en_js_rendered.html"))
    paragraphs = article.text.split("\n")
    assert len(paragraphs) == 4
    assert paragraphs[0].startswith("The central library in Millbrook reopened on Monday")
    assert '"People told us they could not get here before we closed," he said.' in paragraphs[2]
    assert_absent(article.text, "Loading", "JavaScript")
    assert article.author == "Priya Raman"
    assert article.published == datetime(2025, 1, 20, 12, 45, tzinfo=UTC)
    assert article.language == "en"


# ---------------------------------------------------------------------------- rejections


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("de_index_politik.html", "index page"),
        ("de_paywall_stub.html", "paywall"),
        ("en_paywall_teaser.html", "paywall"),
        ("en_cookie_wall.html", "cookie wall"),
        ("en_short_notice.html", "too short"),
    ],
)
def test_non_articles_are_rejected_with_a_reason(name: str, reason: str) -> None:
    with pytest.raises(ExtractionError) as caught:
        extract(page(name), url=f"https://example.org/{name}")
    assert caught.value.reason == reason
    assert caught.value.url == f"https://example.org/{name}"


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("", "empty page"),
        ("   ", "empty page"),
        (b"", "empty page"),
        (b"\x00\x01\x02\xff\xfe" * 200, "not html"),
        ("<html><body></body></html>", "too short"),
        ("<html><frameset><frame src='a.html'></frameset></html>", "too short"),
        ("plain words", "not html"),
    ],
)
def test_empty_or_bodiless_input_is_rejected(html: str | bytes, reason: str) -> None:
    with pytest.raises(ExtractionError) as caught:
        extract(html)
    assert caught.value.reason == reason


# --------------------------------------------------------------------------- for the pool


def test_extract_runs_in_a_process_pool_and_articles_pickle() -> None:
    html = page("de_rheinbruecke.html")
    with ProcessPoolExecutor(max_workers=1) as pool:
        remote = pool.submit(extract, html, "https://rheinkurier.example/a").result(timeout=60)
    local = extract(html, "https://rheinkurier.example/a")
    assert remote == local
    assert pickle.loads(pickle.dumps(local)) == local


def test_bytes_in_a_legacy_encoding_are_decoded() -> None:
    html = page("de_hafenstreik.html").replace('charset="utf-8"', 'charset="iso-8859-1"')
    article = extract(html.encode("iso-8859-1"), url="https://www.nordblick.example/w/2.html")
    assert "Die Arbeitgeber nannten den Streik unverhältnismäßig." in article.text
    assert article.title == "Warnstreik legt Hamburger Hafen lahm"


def test_monitor_extract_command_prints_what_extract_returns() -> None:
    import json

    from typer.testing import CliRunner

    from monitor.cli import app

    paths = [str(PAGES / "de_bahnstrecke.html"), str(PAGES / "de_paywall_stub.html")]
    result = CliRunner().invoke(app, ["extract", *paths])
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    article = extract(page("de_bahnstrecke.html"))
    assert lines[0]["path"] == paths[0]
    assert lines[0]["text"] == article.text
    assert lines[0]["title"] == article.title
    assert lines[0]["published"] == "2024-11-02T08:15:00+00:00"
    assert lines[0]["lang"] == "de"
    assert lines[0]["author"] == "Tobias Reinhardt"
    assert lines[0]["site"] == "Mittelhessen Aktuell"
    assert lines[1] == {"path": paths[1], "error": "paywall"}


# Our own running text in languages close to German or English: none of them may pass for either.
NEIGHBOURS = {
    "nl": (
        "De regering in Den Haag heeft woensdag besloten om het budget voor de haven van "
        "Rotterdam te verhogen. Volgens de minister is de investering nodig omdat het verkeer "
        "op de rivier de laatste jaren sterk is gegroeid. Critici zeggen dat het geld beter "
        "aan scholen en ziekenhuizen kan worden besteed, maar de coalitie heeft een meerderheid "
        "in de Tweede Kamer en het plan zal waarschijnlijk worden aangenomen."
    ),
    "af": (
        "Die regering het Woensdag besluit om die begroting vir die hawe in Kaapstad te verhoog. "
        "Volgens die minister is die belegging nodig omdat die verkeer op die see die afgelope "
        "jare sterk gegroei het. Kritici sê dat die geld beter aan skole en hospitale bestee "
        "kan word, maar die koalisie het 'n meerderheid in die parlement en die plan sal "
        "waarskynlik aanvaar word."
    ),
    "lb": (
        "D'Regierung huet e Mëttwoch decidéiert, de Budget fir den Hafen ze erhéijen. No dem "
        "Minister ass d'Investitioun néideg, well de Verkéier um Floss an de leschte Joren "
        "staark gewuess ass. Kritiker soen, datt d'Suen besser an d'Schoulen an d'Spideeler "
        "investéiert gi wieren, mee d'Koalitioun huet eng Majoritéit an der Chamber an de Plang "
        "gëtt wahrscheinlech ugeholl."
    ),
    "sv": (
        "Regeringen i Stockholm beslutade i onsdags att höja budgeten för hamnen i Göteborg. "
        "Enligt ministern är investeringen nödvändig eftersom trafiken på älven har vuxit kraftigt "
        "under de senaste åren. Kritiker säger att pengarna hellre borde gå till skolor och "
        "sjukhus, men koalitionen har majoritet i riksdagen och planen kommer troligen att antas."
    ),
    "fr": (
        "Le gouvernement a décidé mercredi d'augmenter le budget du port de Marseille. Selon le "
        "ministre, l'investissement est nécessaire parce que le trafic sur le fleuve a fortement "
        "augmenté ces dernières années. Les critiques estiment que l'argent serait mieux dépensé "
        "pour les écoles et les hôpitaux, mais la coalition dispose d'une majorité au parlement "
        "et le projet sera probablement adopté."
    ),
}
PLAIN = {
    "en": (
        "The government decided on Wednesday to raise the budget for the port of Hamburg. "
        "According to the minister, the investment is needed because traffic on the river has "
        "grown strongly in recent years. Critics say the money would be better spent on schools "
        "and hospitals, but the coalition has a majority in parliament and the plan is likely "
        "to be approved before the summer."
    ),
    "de": (
        "Die Regierung hat am Mittwoch beschlossen, den Etat für den Hamburger Hafen zu erhöhen. "
        "Nach Angaben des Ministers ist die Investition nötig, weil der Verkehr auf dem Fluss in "
        "den vergangenen Jahren stark gewachsen ist. Kritiker sagen, das Geld wäre in Schulen "
        "und Krankenhäusern besser angelegt, doch die Koalition hat im Parlament eine Mehrheit, "
        "und der Plan wird wohl noch vor dem Sommer angenommen."
    ),
}


def test_plain_german_and_english_are_told_by_stopwords_and_neighbours_are_not() -> None:
    from monitor.languages import clearly_german_or_english

    for language, text in PLAIN.items():
        assert clearly_german_or_english(text) == language
    for language, text in NEIGHBOURS.items():
        assert clearly_german_or_english(text) is None, language
    assert clearly_german_or_english("The minister said so.") is None  # too short to be sure


def _undeclared_page(text: str) -> str:
    paragraphs = "".join(f"<p>{s}.</p>" for s in text.split(". ") if s)
    return (
        "<html><head><title>Port budget</title></head><body><article><h1>Port budget</h1>"
        f"{paragraphs}{paragraphs.replace('budget', 'plan')}</article></body></html>"
    )


# Running text in two languages the function-word vote leaves to the model: Norwegian (too close
# to Danish to tell by function words) and Lithuanian (not in the vote's table).
MODEL_ONLY = {
    "no": (
        "Regjeringen besluttet onsdag å øke budsjettet for havnen i Bergen. Ifølge ministeren er "
        "investeringen nødvendig fordi trafikken på elven har vokst kraftig de siste årene. "
        "Kritikere mener pengene heller burde gå til skoler og sykehus, men koalisjonen har "
        "flertall i Stortinget, og planen blir trolig vedtatt før sommeren."
    ),
    "lt": (
        "Vyriausybė trečiadienį nusprendė padidinti Klaipėdos uosto biudžetą. Pasak ministro, "
        "investicijos būtinos, nes eismas upėje pastaraisiais metais labai išaugo. Kritikai "
        "mano, kad pinigus geriau skirti mokykloms ir ligoninėms, tačiau koalicija turi daugumą "
        "Seime, ir planas greičiausiai bus priimtas iki vasaros."
    ),
}


def test_other_running_text_is_named_by_its_function_words_or_left_to_the_model() -> None:
    from monitor.languages import language_by_function_words

    for language, text in {**PLAIN, **NEIGHBOURS}.items():
        assert language_by_function_words(text) == language
    for language, text in MODEL_ONLY.items():
        assert language_by_function_words(text) is None, language
    assert language_by_function_words("Der Plan.") is None  # too few words to tell


def test_undeclared_pages_get_their_language_without_the_model_unless_unclear() -> None:
    import json
    import subprocess
    import sys

    script = (
        "import json, sys\n"
        "import py3langid.langid\n"
        "from monitor.extract import extract\n"
        "pages = json.loads(sys.stdin.read())\n"
        "seen = {}\n"
        "for name, html in pages.items():\n"
        "    seen[name] = [extract(html, 'https://port.example/a').language,\n"
        "                  py3langid.langid.IDENTIFIER is not None]  # model loaded?\n"
        "print(json.dumps(seen))\n"
    )
    pages = {"en": _undeclared_page(PLAIN["en"]), "de": _undeclared_page(PLAIN["de"])}
    pages["nl"] = _undeclared_page(NEIGHBOURS["nl"])
    pages["fr"] = _undeclared_page(NEIGHBOURS["fr"])
    pages["lt"] = _undeclared_page(MODEL_ONLY["lt"])  # last: it needs the model
    out = subprocess.run(
        [sys.executable, "-c", script],
        input=json.dumps(pages),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["en"] == ["en", False]
    assert seen["de"] == ["de", False]
    assert seen["nl"] == ["nl", False]
    assert seen["fr"] == ["fr", False]
    assert seen["lt"] == ["lt", True]
