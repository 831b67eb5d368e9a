"""Cleaning rules line by line: junk of German and English news sites goes, news sentences stay."""

from __future__ import annotations

import pytest
from lxml import etree

from monitor.cleaning import (
    clean_body,
    furniture,
    is_caption,
    is_credit,
    is_dateline,
    is_promo,
    is_teaser,
)

# Sentences from news reports that mention the words our rules look for: all must stay.
NEWS_SENTENCES = [
    "Die Zahl der Abonnenten des Newsletters stieg nach Angaben des Verlags um 20 Prozent.",
    "Mehr als 4000 Beschäftigte beteiligten sich am Freitag an dem Warnstreik im Hafen.",
    "Der Konzern teilte mit, man werde die Preise für das Abonnement im Januar erhöhen.",
    "Quellen in der Regierung bestätigten, dass der Minister zurücktreten will.",
    "The company said 2 million users had signed up for its streaming service since March.",
    "Read the full report, the council said, before judging the decision.",
    "More than 300 people attended the meeting on Thursday evening.",
    "Next year the tournament will be held in Madrid for the first time.",
    "Video footage showed the moment the bridge collapsed into the river.",
    "Photos of the damage were shared widely on social media on Sunday.",
    "By 2030 the city wants to have replaced all of its diesel buses.",
    "Die Sanierung soll am 14.06.2025 abgeschlossen sein, sagte die Ministerin.",
    "Von Montag an gilt die neue Regel.",
    "By then the river had risen by two metres.",
    "Hintergrund: Die Brücke war 1968 für deutlich weniger Verkehr gebaut worden.",
]


@pytest.mark.parametrize("sentence", NEWS_SENTENCES)
def test_news_sentences_are_not_judged_junk(sentence: str) -> None:
    assert not is_promo(sentence)
    assert not is_teaser(sentence)
    assert not is_credit(sentence)
    assert not is_caption(sentence)
    assert not is_dateline(sentence)


@pytest.mark.parametrize(
    "line",
    [
        "Sie wollen auf dem Laufenden bleiben? Dann abonnieren Sie unseren Newsletter.",
        "Folgen Sie uns auf unserem WhatsApp-Kanal und verpassen Sie keine Nachricht mehr.",
        "Jetzt abonnieren",
        "Sign up for our daily newsletter to get the top stories delivered to your inbox.",
        "Follow us on Twitter for the latest updates from the newsroom.",
        "Support independent journalism: subscribe today from $1 a week.",
        "Alle Rechte vorbehalten",
    ],
)
def test_promos_are_recognised(line: str) -> None:
    assert is_promo(line)


@pytest.mark.parametrize(
    "line",
    [
        "mit Video",
        "Mit Video",
        "PREV Landtag streitet über den Haushalt",
        "NEXT Schulen warten auf schnelles Internet",
        "Lesen Sie auch: Umschlag im Hafen sinkt",
        "Mehr zum Thema: Tarifstreit im Hafen",
        "Read more: Wind farm delayed again",
        "Related: Council approves new budget",
        "Teilen | Facebook | WhatsApp",
        "Share this article",
        "Anzeige",
    ],
)
def test_teasers_and_badges_are_recognised(line: str) -> None:
    assert is_teaser(line)


@pytest.mark.parametrize(
    "line",
    [
        "Quelle: dpa",
        "Quelle: dpa, AFP",
        "Foto: Lena Martens",
        "Reporting by Daniel Okafor; Editing by Sarah Whitfield",
        "With Reuters wires",
        "Mit Material von dpa",
        "Jane Doe contributed to this report.",
    ],
)
def test_credit_lines_are_recognised(line: str) -> None:
    assert is_credit(line)


@pytest.mark.parametrize(
    "line",
    [
        "Ein Ersatzbus wartet am Bahnhof auf Fahrgäste. (Archivbild)",
        "Wladimir Putin bei einer Pressekonferenz in Moskau. (Symbolbild)",
        "The ferry slip where the cable will come ashore. (Photo: Maria Lindqvist/Ledger)",
        "Firefighters at the scene on Monday. Getty Images",
    ],
)
def test_captions_are_recognised(line: str) -> None:
    assert is_caption(line)


@pytest.mark.parametrize(
    "line",
    [
        "Stand: 02.11.2024, 09:15 Uhr",
        "Updated 2:20 PM GMT, March 8, 2024",
        "Von Katrin Albers",
        "Von Anna Beck und Jonas Keller, Hamburg",
        "By Daniel Okafor",
        "Gepostet um 7:47 Uhr.",
    ],
)
def test_bylines_and_datelines_are_recognised(line: str) -> None:
    assert is_dateline(line)


def body(*blocks: str) -> etree._Element:
    return etree.fromstring(f"<body>{''.join(blocks)}</body>")


PROSE = (
    "<p>Der Gemeinderat hat am Abend nach langer Debatte beschlossen, die Grundschule im Ortskern "
    "zu erweitern und dafür bis 2027 insgesamt acht Millionen Euro bereitzustellen.</p>"
)


def text_of(element: etree._Element) -> str:
    return "\n".join(" ".join(p.itertext()) for p in element)


def test_teaser_section_takes_its_headlines_along_until_prose_resumes() -> None:
    element = body(
        PROSE,
        "<p>Mehr zu Schulen in der Region</p>",
        "<p>mit Video</p>",
        "<p><ref>Neue Turnhalle: Baubeginn im Frühjahr</ref></p>",
        "<p>von Paul Scholz</p>",
        "<p>Die Eltern hatten seit Jahren auf die Erweiterung gedrängt, weil die Klassen in "
        "Containern unterrichtet werden mussten, die im Sommer zu heiß werden.</p>",
    )
    result = clean_body(element)
    kept = text_of(element)
    assert "Mehr zu" not in kept
    assert "Turnhalle" not in kept
    assert "Paul Scholz" not in kept
    assert "Die Eltern hatten seit Jahren" in kept
    assert "Neue Turnhalle: Baubeginn im Frühjahr" in result.removed["teaser"]


def test_lists_of_links_go_but_lists_of_facts_stay() -> None:
    element = body(
        PROSE,
        "<list><item><ref>Kita-Gebühren sinken</ref></item><item><ref>Neue Buslinie</ref></item>"
        "<item><ref>Freibad öffnet</ref></item></list>",
        "<list><item>acht neue Klassenräume</item><item>eine Mensa für 200 Kinder</item>"
        "<item>ein barrierefreier Eingang</item></list>",
    )
    clean_body(element)
    kept = text_of(element)
    assert "Kita-Gebühren" not in kept
    assert "eine Mensa für 200 Kinder" in kept


def test_headline_repeated_in_the_body_goes_but_repeated_subheads_stay() -> None:
    element = body(
        "<head>Schule wird erweitert</head>",
        PROSE,
        "<head>Was die Eltern sagen</head>",
        PROSE.replace("Der Gemeinderat", "Die Elternvertretung"),
        "<head>Was die Eltern sagen</head>",
    )
    clean_body(element, title="Schule wird erweitert")
    kept = text_of(element)
    assert "Schule wird erweitert" not in kept
    assert kept.count("Was die Eltern sagen") == 2


def test_subheadings_about_subscriptions_or_privacy_stay() -> None:
    element = body(
        PROSE,
        "<head>Datenschutz bleibt umstritten</head>",
        PROSE.replace("Der Gemeinderat", "Die Landesregierung"),
        "<head>Newsletter</head>",
        "<p>Jetzt abonnieren</p>",
    )
    result = clean_body(element)
    kept = text_of(element)
    assert "Datenschutz bleibt umstritten" in kept
    assert "Jetzt abonnieren" in result.removed["promo"]
    assert "Newsletter" in result.removed["promo"]


@pytest.mark.parametrize(
    "line",
    [
        "Sign Up You agree to receive occasional updates and special offers from the Harbour Post.",
        "Image copyright Harbour Post Image caption The mayor opened the new quay on Tuesday",
        "Enlarge this image toggle caption Jana Oltmanns/Harbour Post",
        "1 of 12 Full Screen Autoplay Close Skip Ad × The new quay in pictures",
        "Photos: The new quay The mayor cut the ribbon in front of two hundred guests.",
        "FILE - In this March 2, 2026 file photo, the mayor speaks at the harbour.",
        "Advertisement Continue reading the main story",
        "Email us at tips@harbour-post.example or call 0400 123 456",
        "Follow Harbour Post reporter Jana Oltmanns on X: @joltmanns.",
        "Read or Share this story: https://harbour.example/s/quay",
        "Get the daily briefing in your inbox + Subscribe Thank you for subscribing!",
        "Media playback is unsupported on your device Media caption The quay opened",
        "Harbour authority approves second quay Read more",
    ],
)
def test_page_widgets_are_furniture_whatever_else_the_line_says(line: str) -> None:
    assert furniture(line) is not None


@pytest.mark.parametrize(
    "line",
    [
        "The mayor said she would sign up two more shipping lines before the summer.",
        "Photos taken by residents showed the quay flooded on Tuesday morning.",
        "Customers can follow the works on the port's website, the authority said.",
        "Die Hafenbehörde will den zweiten Kai im Herbst genehmigen.",
    ],
)
def test_news_sentences_near_widget_words_stay(line: str) -> None:
    assert furniture(line) is None


@pytest.mark.parametrize(
    "line",
    [
        "Teilen auf Facebook | Teilen auf X",
        "Teilen auf Facebook | Teilen auf X | Per E-Mail teilen",
        "Teilen auf Facebook",
        "Per E-Mail teilen",
        "Teilen auf Facebook | Teilen auf X | Per E-Mail versenden",
        "Teilen: Facebook | X | WhatsApp | E-Mail",
        "Share via WhatsApp",
    ],
)
def test_share_lines_are_furniture_with_or_without_a_print_link(line: str) -> None:
    assert furniture(line) is not None


@pytest.mark.parametrize(
    "line",
    [
        "Die Nutzer teilen bei Facebook Videos des Unfalls.",
        "Die Stadt will ihre Daten teilen, auf Anfrage auch per E-Mail.",
        "Users share via WhatsApp the clips of the flooded quay.",
    ],
)
def test_news_sentences_about_sharing_stay(line: str) -> None:
    assert furniture(line) is None
