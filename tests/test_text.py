"""Text features the story memory relies on: sentences, names across spellings, numbers, hashes."""

from __future__ import annotations

import pytest

from monitor.novelty.analysis import analyse
from monitor.novelty.facts import is_step
from monitor.text import (
    SentenceFeatures,
    clean_fact,
    compound_name,
    content_hash,
    date_like,
    detect_language,
    lemma,
    lexicon_names,
    minhash,
    name_key,
    names_a_day,
    normalize_number,
    sentence_features,
    shingles,
    signature_similarity,
    split_sentences,
    tokenize,
    told_before,
)


def test_german_ordinal_dates_and_abbreviations_do_not_end_sentences() -> None:
    text = "Der Vertrag wurde am 19. Juni unterzeichnet, z. B. von Dr. Meier. Danach reiste er ab."
    assert split_sentences(text, "de") == [
        "Der Vertrag wurde am 19. Juni unterzeichnet, z. B. von Dr. Meier.",
        "Danach reiste er ab.",
    ]


def test_a_german_ordinal_before_its_noun_does_not_end_a_sentence() -> None:
    text = "Mit Peru hat der 40. Staat unterzeichnet. Die Zahl stieg damit auf 40. Der Rest folgt."
    assert split_sentences(text, "de") == [
        "Mit Peru hat der 40. Staat unterzeichnet.",
        "Die Zahl stieg damit auf 40.",
        "Der Rest folgt.",
    ]
    assert split_sentences("Sie kam zum 5. Mal. Er wurde 3. Dann ging er.", "de") == [
        "Sie kam zum 5. Mal.",
        "Er wurde 3.",
        "Dann ging er.",
    ]
    # English has no such ordinals
    assert split_sentences("He finished 5. Then he left.", "en") == [
        "He finished 5.",
        "Then he left.",
    ]


def test_a_place_dateline_with_a_full_stop_opens_the_lead_not_a_sentence() -> None:
    """German regional papers open with the place and a full stop ('Kelbra. Die Brauerei ...'):
    the dateline belongs to the lead, which stays the article's first sentence, and a fact shown
    from it drops it; an abbreviation that opens a sentence is no dateline."""
    text = (
        "Kelbra/Nordhausen. Die Molkerei Hainleite ruft Joghurt zurück. Betroffen sind drei "
        "Sorten.\nDr. Anke Vogt vom Landratsamt warnt."
    )
    sentences = split_sentences(text, "de")
    assert sentences == [
        "Kelbra/Nordhausen. Die Molkerei Hainleite ruft Joghurt zurück.",
        "Betroffen sind drei Sorten.",
        "Dr. Anke Vogt vom Landratsamt warnt.",
    ]
    assert clean_fact(sentences[0], 240, "de") == "Die Molkerei Hainleite ruft Joghurt zurück."
    assert clean_fact("Bad Sülzhayn. Der Kurpark bleibt zu.") == "Der Kurpark bleibt zu."
    assert clean_fact("Prof. Lenz widerspricht.", 240, "de") == "Prof. Lenz widerspricht."
    assert split_sentences("Dr. Vogt warnt. Sie rät ab.", "de")[0] == "Dr. Vogt warnt."


def test_paragraphs_always_end_a_sentence() -> None:
    assert split_sentences("Erste Zeile ohne Punkt\nZweite Zeile.", "de") == [
        "Erste Zeile ohne Punkt",
        "Zweite Zeile.",
    ]


def test_content_hash_ignores_case_spacing_and_punctuation() -> None:
    assert content_hash("Die Duma stimmte zu.") == content_hash("die  Duma stimmte zu")
    assert content_hash("Die Duma stimmte zu.") != content_hash("Die Duma stimmte nicht zu.")


def test_transliterated_names_share_a_key() -> None:
    assert name_key("Schoigu") == name_key("Shoigu")
    assert name_key("Pjöngjang") == name_key("Pyongyang")
    assert name_key("Wladimir") == name_key("Vladimir")
    assert name_key("Putins") == name_key("Putin")
    assert name_key("Putin") != name_key("Peskow")


def test_numbers_are_normalised_across_languages() -> None:
    assert normalize_number("1.000") == normalize_number("1,000") == "1000"
    assert normalize_number("2,5") == normalize_number("2.5") == "2.5"


def test_german_and_english_sentences_share_concepts_and_names() -> None:
    de = sentence_features("Der Föderationsrat billigte den Vertrag mit Moskau am Mittwoch.", "de")
    en = sentence_features("The upper house approved the treaty with Moscow on Wednesday.", "en")
    assert {"approve", "treaty", name_key("Moscow")} <= de.keys & en.keys
    assert "approve" in de.events
    # the day of the week says when, not what: it is no key in either language
    assert not {"wednesday", "mittwoch"} & (de.keys | en.keys)


def test_state_changes_are_one_step_in_either_language() -> None:
    # (German sentence, English sentence, the step both report)
    pairs = [
        ("Der Rücktritt des Ministers wurde am Abend bekannt.", "The minister's resignation "
         "was made public in the evening.", "resign"),
        ("Die Waffenruhe gilt seit dem Morgen.", "The truce has held since the morning.",
         "ceasefire"),
        ("Der Konzern meldete Insolvenz an.", "The group filed for bankruptcy.", "insolvency"),
        ("Die Kette stellte einen Insolvenzantrag.", "The chain filed for insolvency.",
         "insolvency"),
        ("Die Behörden ordneten die Evakuierung der Stadt an.", "The authorities ordered the "
         "evacuation of the town.", "evacuate"),
        ("Die Ernennung der Richterin gilt als sicher.", "The judge's appointment is seen as "
         "certain.", "appoint"),
        ("Die Absage des Gipfels kam überraschend.", "The cancellation of the summit came as a "
         "surprise.", "cancel"),
        ("Der Truppenabzug beginnt am Montag.", "The withdrawal of the troops begins on "
         "Monday.", "withdrawal"),
        ("Die Unterzeichnung fand in Moskau statt.", "The signing took place in Moscow.",
         "sign"),
        ("Die Ablehnung des Antrags kam überraschend.", "The rejection of the motion came as a "
         "surprise.", "reject"),
        ("Die Soldaten sind in der Region eingetroffen.", "The soldiers have arrived in the "
         "region.", "arrive"),
        ("Das Öl hat die Küste erreicht.", "The oil has reached the coast.", "reach"),
        ("Das Urteil fiel am Montag.", "The verdict came on Monday.", "verdict"),
        ("Bei der Razzia wurden Waffen gefunden.", "Weapons were found in the raid.", "raid"),
        ("Die Abschiebung des Mannes wurde gestoppt.", "The man's deportation was halted.",
         "deport"),
        ("Die Gespräche wurden wiederaufgenommen.", "The talks were resumed.", "resume"),
        ("Elf Staaten haben eine Kontrollgruppe gegründet.", "Eleven countries have set up a "
         "monitoring group.", "launch"),
        ("Der Brand im Hafen ist unter Kontrolle.", "The fire at the port is under control.",
         "under_control"),
        ("Bei dem Unfall kamen zwei Arbeiter ums Leben.", "Two workers died in the accident.",
         "die"),
        ("Der Präsident hat das Parlament aufgelöst.", "The president dissolved parliament.",
         "dissolve"),
        ("Die Ministerin wurde abberufen.", "The minister was dismissed.", "dismiss"),
        ("Der Minister trat am Abend zurück.", "The minister quit in the evening.", "resign"),
        # a cabinet's decision is 'beschlossen' in German and 'approved' in English
        ("Das Kabinett hat den Entwurf beschlossen.", "The cabinet approved the draft.",
         "approve"),
        ("Das Kabinett hat den Entwurf angenommen.", "The cabinet adopted the draft.",
         "approve"),
        # the contract given to the winner of a tender ('Zuschlag') is the one it won
        ("Den Zuschlag erhielt ein Konsortium aus Hamburg.", "A consortium from Hamburg was "
         "awarded the site.", "win"),
        # an accident investigation's report is its final one
        ("Das geht aus dem Untersuchungsbericht der Behörde hervor.", "The investigators' "
         "report finds a faulty sensor.", "final_report"),
        # a bridge blown up ('gesprengt') is destroyed
        ("Die Brücke wurde am Sonntag gesprengt.", "The bridge was blown up on Sunday.",
         "destroy"),
        # ships sent around Skagen were diverted
        ("Die Reedereien leiten ihre Schiffe über Skagen um.", "Shipping lines divert their "
         "vessels via Skagen.", "divert"),
        ("Die Umleitung über Skagen kostet einen Tag.", "The diversion via Skagen costs a day.",
         "divert"),
        # jobs a brewery 'baut ab' (a separable verb) or its 'Personalabbau' are jobs cut
        ("Die Brauerei baut 17 Stellen ab.", "The brewery cuts 17 jobs.", "cut"),
        ("Der Konzern kündigt einen Personalabbau an.", "The group announces staff cuts.", "cut"),
        # money granted for a wall is its funding (not 'the finance minister', not a fund)
        ("Der Freistaat finanziert die Schutzwand.", "The state grants funding for the wall.",
         "funding"),
        # the operators' lawsuit is the operators suing
        ("Die Anbieter haben Klage gegen die Stadt eingereicht.", "The operators are suing the "
         "city.", "sue"),
    ]  # fmt: skip
    for german, english, step in pairs:
        de = sentence_features(german, "de")
        en = sentence_features(english, "en")
        assert step in de.keys & en.keys, (step, de.keys, en.keys)
        assert is_step(step)
        assert step in de.events and step in en.events


def test_german_court_steps_told_by_their_phrases() -> None:
    """A sentence to a penal colony or a fine is a court's sentence, not a condemnation; a
    complaint against a court's ruling is an appeal, not the suit again; a penalty someone must
    pay has been imposed, it is no forecast."""
    cases = {
        "Das Gericht hat den Unternehmer zu acht Jahren Straflager verurteilt.": "sentence",
        "Der Fahrer wurde zu einer Geldstrafe verurteilt.": "sentence",
        # ... and a court or judge who sentences, whatever the sentence
        "Das Landgericht verurteilte den Brandstifter am Freitag.": "sentence",
        "Die Richterin verurteilte den Mann wegen Betrugs.": "sentence",
        "Das Land hat Beschwerde gegen den Beschluss des Verwaltungsgerichts eingelegt.": "appeal",
    }
    _read_as_steps(cases, "de")
    condemned = sentence_features("Die Regierung verurteilte den Angriff scharf.", "de")
    assert "sentence" not in condemned.keys
    chamber = sentence_features("Die Ärztekammer verurteilte den Angriff scharf.", "de")
    assert "sentence" not in chamber.keys
    suit = sentence_features("Der Verband hat Klage gegen die Verordnung eingereicht.", "de")
    assert "appeal" not in suit.keys
    fined = sentence_features("Die Brauerei muss ein Bußgeld von 45.000 Euro zahlen.", "de")
    assert "#45000" in fined.numbers and not fined.modal_keys
    fined_en = sentence_features("The brewery must pay a fine of 45,000 euros.", "en")
    assert not fined_en.modal_keys
    # a price someone must pay is still a forecast of what it will cost
    dearer = sentence_features("Kunden müssen künftig 20 Euro mehr zahlen.", "de")
    assert "#20" in dearer.modal_keys


def _read_as_steps(cases: dict[str, str], language: str) -> list[SentenceFeatures]:
    """Each sentence of `cases` holds its step as a key and as an event; their features."""
    read = []
    for sentence, step in cases.items():
        features = sentence_features(sentence, language)
        assert step in features.keys and step in features.events, (sentence, features.keys)
        read.append(features)
    return read


def test_a_german_verb_told_apart_from_its_particle_is_the_whole_verb() -> None:
    cases = {
        "Verkehrsminister Hartmann tritt zurück.": "resign",
        "Die Regierung hebt die Sanktionen gegen das Land auf.": "lift",
        "Der Bundestag stimmt dem Abkommen zu.": "approve",
        "Die Polizei nimmt zwei Verdächtige fest.": "arrest",
        "Die ersten Soldaten treffen in der Region ein.": "arrive",
        "Der Minister trat am Montag zurück, nachdem der Bericht erschienen war.": "resign",
    }
    for features in _read_as_steps(cases, "de"):
        # neither the bare verb ('treten' reads as 'in force') nor the particle is a key
        assert not {"enter", "zurück", "auf", "fest"} & features.keys, features.keys
    # only a verb the word list knows whole: the particle of another verb changes nothing
    rose = sentence_features("Die Zahl der Toten stieg am Abend auf 20 an.", "de")
    assert "steigen" in rose.keys and rose.events == {"raise"}  # a count that rose to 20
    # the particle still ends the verb before 'und' ('bestellte ... ein und protestierte'); the
    # bare 'bestellen' orders goods and summons nobody
    summoned = sentence_features(
        "Südkorea bestellte den russischen Botschafter ein und protestierte scharf.", "de"
    )
    assert "summon" in summoned.events
    assert "summon" not in sentence_features("Die Bundeswehr bestellte 35 Kampfjets.", "de").keys
    # the strikers lay down their work; nobody resigns
    strike = sentence_features("Die Hafenarbeiter legen ab Mittwoch die Arbeit nieder.", "de")
    assert "resign" not in strike.keys


def test_a_forecast_word_that_describes_a_noun_forecasts_nothing() -> None:
    approved = sentence_features(
        "The Commission approved 8 billion euros of aid for Arvion's planned factory.", "en"
    )
    assert "approve" in approved.events and not approved.modal_keys
    planned = sentence_features("The factory is planned for 2031.", "en")
    assert "factory" in planned.modal_keys
    # a plan dealt with is a noun; a plan to do something still forecasts it
    dealt = sentence_features("The cabinet approved the plan on Monday.", "en")
    assert "approve" in dealt.events and not dealt.modal_keys
    to_close = sentence_features("The cabinet approved its plans to close the plant.", "en")
    assert "close" in to_close.modal_keys


def test_an_acronym_is_no_modal_word() -> None:
    # 'OB' is the mayor (Oberbürgermeister), not 'ob' (whether): the challenge is reported
    challenged = sentence_features("Brenner ficht das Ergebnis der OB-Wahl an.", "de")
    assert "appeal" in challenged.events and "appeal" not in challenged.modal_keys
    asked = sentence_features("Offen ist, ob Brenner das Ergebnis anficht.", "de")
    assert "appeal" in asked.modal_keys


def test_a_count_and_its_scale_word_are_one_number() -> None:
    en = sentence_features("The hackers demand 4 million dollars from the four hospitals.", "en")
    assert {"#4000000", "#4"} <= en.numbers  # the four hospitals stay four
    de = sentence_features("Die Erpresser verlangen vier Millionen Dollar.", "de")
    assert "#4000000" in de.numbers and "#4" not in de.numbers
    # an English billion is a German Milliarde; decimals in either spelling
    assert "#2500000000" in sentence_features("Es kostet 2,5 Milliarden Euro.", "de").numbers
    assert "#2500000000" in sentence_features("It costs 2.5 billion euros.", "en").numbers
    assert "#2000000" in sentence_features("Sie stellten zwei Millionen Euro sicher.", "de").keys
    # money in millions written short is the German Millionen; a bare '5m' may be metres
    short = sentence_features("He took €1.43m in donations behind a 5m wall.", "en")
    assert "#1430000" in short.numbers and "#5" in short.numbers
    assert "#1430000" in sentence_features("Er nahm 1,43 Millionen Euro.", "de").numbers
    # a step the count makes is not a day of the month
    assert not date_like("#4000000")


def test_a_german_participle_the_lemmatiser_misses_is_its_verb() -> None:
    cases = {
        "Die neuen Minister wurden am Montag vereidigt.": "inaugurate",
        "Das Parlament hat den Vertrag ratifiziert.": "ratify",
        "Die Staaten haben die Zölle für fünf Jahre festgeschrieben.": "approve",
    }
    _read_as_steps(cases, "de")
    # only verbs the word list knows: another word in -t stays itself
    assert "markt" in sentence_features("Der Markt ist geöffnet.", "de").keys


def test_english_closed_compounds_read_as_their_head_like_german_ones() -> None:
    en = sentence_features("A cyberattack has paralysed the hospital group.", "en")
    de = sentence_features("Ein Cyberangriff hat den Klinikverbund lahmgelegt.", "de")
    assert "attack" in en.keys & de.keys


def test_an_english_verb_and_its_particle_are_one_step() -> None:
    # 'found' the past of 'find' is no founding
    assert "launch" not in sentence_features("They found that the report was false.", "en").keys
    cases = {
        "Transport minister Hartmann stepped down on Monday.": "resign",
        "The union called off the strike at the port.": "cancel",
        "Russian troops pulled out of the region.": "withdraw",
        "The court struck down the law.": "overturn",
    }
    _read_as_steps(cases, "en")
    # a forecast of the step is known as one
    assert "resign" in sentence_features("Hartmann will step down next week.", "en").modal_keys
    # a determiner makes the verb a noun
    assert "resign" not in sentence_features("He took a step down the ladder.", "en").keys


def test_a_country_is_one_name_whatever_the_word_or_language_that_names_it() -> None:
    de = sentence_features("Nordkoreanische Soldaten sind in Russland eingetroffen.", "de")
    en = sentence_features("North Korean soldiers have arrived in Russia.", "en")
    place = sentence_features("Pjöngjang schweigt, Nordkorea auch.", "de")
    # the demonym names the country, in one word or two, inflected or not
    assert "n:north_korea" in de.names & en.names & place.names
    # and an adjective is no name, nor does it make the noun beside it one
    assert "soldier" in de.keys & en.keys
    assert not {k for k in de.names | en.names if k not in ("n:north_korea", name_key("Russia"))}
    later = sentence_features("Die südkoreanischen Behörden bestätigten das.", "de")
    assert "n:south_korea" in later.names


@pytest.mark.parametrize(
    ("sentence", "language", "place"),
    [
        ("The sugar factory in Lower Saxony will close.", "en", "n:lower_saxony"),
        ("Die Zuckerfabrik in Niedersachsen schließt.", "de", "n:lower_saxony"),
        ("A town in Saxony-Anhalt voted to demolish its water tower.", "en", "n:saxony_anhalt"),
        ("Eine Stadt in Sachsen-Anhalt stimmt über den Abriss ab.", "de", "n:saxony_anhalt"),
        ("A mill in Baden-Württemberg closed.", "en", "n:baden_württemberg"),
    ],
)
def test_a_state_of_two_words_is_one_place_that_shares_no_word_with_another(
    sentence: str, language: str, place: str
) -> None:
    # 'Lower Saxony' and 'Saxony-Anhalt' are no 'Saxony': a story in one names no other
    names = sentence_features(sentence, language).names
    assert place in names
    assert name_key("Saxony") not in names and name_key("Anhalt") not in names


def test_a_dotted_acronym_is_one_token() -> None:
    assert tokenize("The U.S.-led talks at the U.N. on 1.000 and 2,5% ended.") == [
        "The", "US", "led", "talks", "at", "the", "UN", "on", "1.000", "and", "2,5%", "ended",
    ]  # fmt: skip
    # 'U.S.' was two letters and no key at all; it is the United States as 'US' and 'USA' are
    assert name_key("USA") in sentence_features("The U.S. said so.", "en").names


def test_a_body_is_one_key_in_full_or_by_its_acronym_in_either_language() -> None:
    en = sentence_features("The United States, the European Union and the United Nations", "en")
    de = sentence_features("Die Vereinigten Staaten, die Europäische Union und die UN", "de")
    short = sentence_features("The USA, the EU and the UN", "en")
    assert {name_key("USA"), "eu", "un"} <= en.keys & de.keys & short.keys
    # the end of Kim Jong Un is no United Nations
    assert "un" not in sentence_features("Kim Jong Un met Putin; Kim Jong-un left.", "en").keys


def test_a_body_named_in_two_english_words_meets_its_one_german_word() -> None:
    en = sentence_features("The Federation Council approved the treaty.", "en")
    de = sentence_features("Der Föderationsrat billigte den Vertrag über Beistand.", "de")
    assert {"approve", "treaty", "upper"} <= en.keys & de.keys
    assert "über" not in de.keys  # a preposition, not what the sentence is about
    duma = sentence_features("The State Duma ratified it.", "en").keys
    assert {"duma", "ratify"} <= duma & sentence_features("Die Staatsduma ratifizierte.", "de").keys
    lawmakers = sentence_features("Russian lawmakers approved it.", "en").keys
    assert "lawmaker" in lawmakers & sentence_features("Die Abgeordneten stimmten zu.", "de").keys


def test_a_known_place_is_a_name_also_where_it_opens_a_sentence() -> None:
    first = sentence_features("Pyongyang has not confirmed it.", "en")
    later = sentence_features("The deployment was not confirmed by Pyongyang.", "en")
    german = sentence_features("Das hat Pjöngjang nicht bestätigt.", "de")
    assert name_key("Pyongyang") in first.names & later.names & german.names
    # a place the lexicon also knows as a word (china, japan) is still the place
    assert name_key("Japan") in sentence_features("Japan protested on the same day.", "en").names


@pytest.mark.parametrize(
    ("german", "english", "place"),
    [
        (
            "Die Schweiz senkt die Preise für Insulin.",
            "Switzerland cuts insulin prices.",
            "Switzerland",
        ),
        ("Ruanda ratifiziert das Abkommen.", "Rwanda ratifies the treaty.", "Rwanda"),
        ("Rumäniens Regierung ist gestürzt.", "Romania's government has fallen.", "Romania"),
        ("Der Frachter lief in Antwerpen ein.", "The freighter docked in Antwerp.", "Antwerp"),
    ],
)
def test_a_country_or_city_german_spells_its_own_way_is_one_name_in_both(
    german: str, english: str, place: str
) -> None:
    key = name_key(place)
    assert key in sentence_features(german, "de").names
    assert key in sentence_features(english, "en").names


def test_forecasts_are_marked_modal() -> None:
    assert sentence_features("Nun muss noch das Oberhaus zustimmen.", "de").modal
    assert sentence_features("The upper house still has to approve the treaty.", "en").modal
    assert not sentence_features("The upper house approved the treaty.", "en").modal
    # a condition forecasts its own clause, not the report it is set to
    offer = sentence_features(
        "The state has offered an aid package worth 180 million euros if the carmaker keeps "
        "its plant open.",
        "en",
    )
    assert "#180000000" not in offer.modal_keys and "keep" in offer.modal_keys
    # ... and a threat is a forecast, with or without its condition
    threat = sentence_features("The hackers threaten to publish the data.", "en")
    assert "publish" in threat.modal_keys


def test_language_detection() -> None:
    assert (
        detect_language("Die Regierung hat am Montag den Vertrag mit dem Nachbarland gebilligt.")
        == "de"
    )
    assert (
        detect_language("The government approved the treaty with its neighbour on Monday.") == "en"
    )
    assert detect_language("12345") is None


def test_minhash_estimates_overlap() -> None:
    def word(prefix: str, i: int) -> str:
        return prefix + "".join("abcdefghij"[int(d)] for d in str(i))

    words = tokenize(" ".join(word("wort", i) for i in range(200)))
    same = minhash(shingles(words))
    half = minhash(shingles(words[:100] + [word("neu", i) for i in range(100)]))
    other = minhash(shingles([word("x", i) for i in range(200)]))
    assert signature_similarity(same, same) == 1.0
    assert 0.2 < signature_similarity(same, half) < 0.5
    assert signature_similarity(same, other) < 0.05


def test_clean_fact_is_short_and_balanced() -> None:
    fact = clean_fact('Er sagte: "Der Vertrag ist ' + "sehr " * 80 + "wichtig.", 120, "de")
    assert len(fact) <= 120 and " … " in fact and '"' not in fact
    # English tells its verb early: its end is cut
    fact = clean_fact('He said: "The treaty is ' + "very " * 80 + "important.", 120, "en")
    assert len(fact) <= 120 and fact.endswith("…") and '"' not in fact


def test_a_long_fact_keeps_its_subject_and_its_final_verb() -> None:
    """German tells the step at the sentence's end: a long sentence loses its middle, not it."""
    sentence = (
        "Knapp zwei Wochen nach dem Hundetod am Weidensee bei Untermoosach liegen die Ergebnisse "
        "vor: Das Landesamt für Umwelt, Gesundheit und Lebensmittelsicherheit hat im Wasser des "
        "Sees an drei Messstellen zwei verschiedene Algengifte nachgewiesen."
    )
    fact = clean_fact(sentence, 160, "de")
    assert len(fact) <= 160
    assert fact.startswith("Knapp zwei Wochen") and fact.endswith("Algengifte nachgewiesen.")


@pytest.mark.parametrize(
    ("sentence", "shown"),
    [
        (
            "Uelzen/Lüneburg (dpa/lni) - Die Staatsanwaltschaft hat ein Verfahren eingeleitet.",
            "Die Staatsanwaltschaft hat ein Verfahren eingeleitet.",
        ),
        (
            "HAMBURG - The port authority approved the berth.",
            "The port authority approved the berth.",
        ),
        # a name set off by a pair of dashes is the sentence's subject, no dateline
        (
            "Malte Iversen - Chef der Reederei - kündigte den Start an.",
            "Malte Iversen - Chef der Reederei - kündigte den Start an.",
        ),
    ],
)
def test_a_fact_is_shown_without_its_dateline(sentence: str, shown: str) -> None:
    assert clean_fact(sentence, 240, "de") == shown


def test_a_long_fact_keeps_its_step_when_a_dateline_opened_it() -> None:
    sentence = (
        "Kreuzheim/Altenau - Knapp drei Wochen nach dem Unglück auf dem Altenauer Frühjahrsmarkt "
        "hat die Staatsanwaltschaft Kreuzheim ein Ermittlungsverfahren gegen den Betreiber des "
        "Fahrgeschäfts und gegen den Sachverständigen eingeleitet, der es geprüft hatte."
    )
    fact = clean_fact(sentence, 240, "de")
    assert fact.startswith("Knapp drei Wochen") and "Ermittlungsverfahren" in fact


def test_a_long_fact_loses_the_time_it_is_reckoned_from_before_its_news() -> None:
    """A long German sentence opened by the story's known step as its time ('Gut zwei Wochen
    nach dem Diebstahl ...') drops that phrase, not the middle that tells the news."""
    sentence = (
        "Gut zwei Wochen nach dem Diebstahl der historischen Glocke aus der Dorfkirche von "
        "Oberwiesau haben Kirchgemeinde und Landeskirche eine Belohnung von 4000 Euro für "
        "Hinweise ausgesetzt, die zur Wiederbeschaffung der Glocke oder zur Ergreifung der Täter "
        "führen."
    )
    fact = clean_fact(sentence, 240, "de")
    assert len(fact) <= 240
    assert fact.startswith("… haben Kirchgemeinde") and "Belohnung von 4000 Euro" in fact
    # a short one keeps it
    assert clean_fact("Zwei Wochen nach dem Diebstahl ist die Glocke wieder da.", 240, "de") == (
        "Zwei Wochen nach dem Diebstahl ist die Glocke wieder da."
    )


def test_british_double_l_forms_share_the_american_lemma() -> None:
    """'cancelled', 'signalling', 'annulled' are the steps 'canceled', 'signaling', 'annuled' are
    ('cancell' would be no step); 'killed', 'filled', 'installed' keep their own lemma."""
    assert lemma("cancelled", "en") == lemma("canceled", "en") == "cancel"
    assert lemma("cancelling", "en") == "cancel"
    assert lemma("signalled", "en") == "signal"
    assert lemma("annulled", "en") == "annul"
    for word, own in (("killed", "kill"), ("filled", "fill"), ("installed", "install")):
        assert lemma(word, "en") == own
    assert "cancel" in sentence_features("All flights were cancelled on Friday.", "en").events


def test_an_article_declared_german_but_written_in_english_is_read_as_english() -> None:
    """A record or feed that calls an English text German (a mislabelled data set, a CMS
    default): the analysis reads it as English; a text too short to tell keeps its label."""
    text = (
        "The harbour authority said on Monday that the new ferry terminal will open in May, "
        "two years later than planned. The delay was caused by a dispute with the builder "
        "over the cost of the steel piles, which had risen by a third since the contract was "
        "signed. The town council has agreed to pay part of the extra cost, and the builder "
        "has promised that the work on the quay will be finished before the summer season. "
        "Passengers will be able to board the ferries from a covered hall with a cafe."
    )
    assert analyse("Ferry terminal to open in May", text, "de", None, "*").language == "en"
    assert analyse("Ferry terminal", "It opens in May.", "de", None, "*").language == "de"
    assert analyse("Ferry terminal to open in May", text, "en", None, "*").language == "en"


def test_a_court_or_ministry_is_no_name_the_town_beside_it_is() -> None:
    """German runs of capitalised words are names ('Kim Jong Un'), but a court, government or
    ministry compound is an institution: 'Verwaltungsgericht Stade' names the town Stade, and a
    headline's 'Verwaltungsgericht' is no new name that makes its article another story."""
    body = sentence_features("Das Verwaltungsgericht Stade hat die Genehmigung gestoppt.", "de")
    assert not any(k.startswith("n:vrvltng") for k in body.names)
    assert any(k.startswith("n:std") for k in body.names)
    for word in ("Oberverwaltungsgericht", "Landesregierung", "Innenministerium"):
        features = sentence_features(f"Das {word} Hannover widerspricht.", "de")
        assert name_key(word) not in features.names, (word, features.names)
        assert name_key("Hannover") in features.names or "n:hnvr" in features.names


def test_a_place_adjective_names_its_place_not_the_noun_after_it() -> None:
    """'beim Koblenzer Rosenmontagszug' names Koblenz; the parade stays the word it is in 'beim
    Rosenmontagszug in Koblenz', so a report that names it so meets the story's first report
    (it had been read as a name run, and the next day's step opened a story of its own)."""
    adjective = sentence_features(
        "Nach dem Unglück beim Koblenzer Rosenmontagszug ermittelt die Staatsanwaltschaft.", "de"
    )
    plain = sentence_features(
        "Beim Rosenmontagszug in Koblenz rollte ein Wagen in die Menge.", "de"
    )
    assert name_key("Koblenz") in adjective.names and name_key("Koblenz") in plain.names
    assert "rosenmontagszug" in adjective.keys and "rosenmontagszug" in plain.keys
    assert name_key("Rosenmontagszug") not in adjective.names
    # a name after the adjective stays one ('Münchner Oberbürgermeister Dieter Reiter')
    run = sentence_features("Der Koblenzer Oberbürgermeister Dieter Brandt sagte ab.", "de")
    assert name_key("Brandt") in run.names


def test_a_time_of_the_month_or_year_is_no_name_nor_the_noun_before_it() -> None:
    """'Anfang Juli', 'Mitte Mai', 'Ende 2027' place a time: neither they nor the noun before
    them ('eines Touristen Anfang Juli', a run of two capitalised words) are names, which made a
    colour piece's retold arrest a new fact. 'Ende' in a name run stays one."""
    features = sentence_features(
        "Seit der Festnahme eines Touristen Anfang Juli sind alle Fahrten ausgesetzt.", "de"
    )
    assert not features.names, features.names
    for when in ("Mitte Mai", "Ende 2027"):
        assert not sentence_features(f"Die Brücke soll {when} fertig sein.", "de").names
    run = sentence_features("Der Trainer Michael Ende kam aus Rostock.", "de")
    assert name_key("Ende") in run.names


def test_a_sum_is_no_name_nor_the_noun_it_pays_for() -> None:
    """'neun Millionen Euro Nothilfe', '40 Prozent Rabatt': a run of capitalised words after a
    number is a sum and what it counts, no name (which held a state's aid apart from the story
    it was for, as another story's). A name after a sum stays one."""
    for sentence in (
        "Das Land gibt neun Millionen Euro Nothilfe für die Waldbesitzer.",
        "Der Händler gewährt 40 Prozent Rabatt auf alle Karten.",
    ):
        features = sentence_features(sentence, "de")
        assert not features.names, features.names
    named = sentence_features("Das Land zahlt 900.000 Euro an die Klinik Staufenreuth.", "de")
    assert name_key("Staufenreuth") in named.names
    assert name_key("Euro") not in named.names


def test_a_sentence_begins_after_its_dateline() -> None:
    """'BAD SERRACH - Rund zwei Monate nach ...': the dateline's place is a name, the word after
    its dash opens the sentence and is none by standing beside it ('Rund', 'Knapp' made the
    known charge of a wire copy a new fact of new actors). A name after a dateline stays one."""
    features = sentence_features(
        "BAD SERRACH - Rund zwei Monate nach der Explosion hat die Staatsanwaltschaft Anklage "
        "erhoben.",
        "de",
    )
    assert name_key("Serrach") in features.names
    assert name_key("Rund") not in features.names, features.names
    dpa = sentence_features("Wien/Linz (APA) - Knapp vier Monate nach dem Brand ist Ruhe.", "de")
    assert name_key("Knapp") not in dpa.names, dpa.names
    named = sentence_features("LÜBECK - Kapitän Ole Brandt hat die Fähre verlassen.", "de")
    assert {name_key("Ole"), name_key("Brandt")} <= named.names


def test_a_compound_the_lexicon_does_not_hold_spells_the_name_it_may_be() -> None:
    # a German place made of words ('Rotheneck': Roth, Eck) reads as a compound word where no
    # name stands beside it; the key of the name it spells lets it meet its name elsewhere
    assert compound_name("rotheneck") == name_key("Rotheneck")
    assert compound_name("kirchweiler") == name_key("Kirchweiler")
    # a word of the lexicon and a word of no German parts spell no name
    assert compound_name("teile") is None
    assert compound_name("balloon") is None


def test_lexicon_names_are_the_capitalised_words_the_lexicon_knows() -> None:
    # a German headline's nouns and its opening adjective are words of the lexicon; the village
    # and an acronym are names by themselves, and so is a place the lexicon also knows
    headline = tokenize("Drohender Felssturz: Tiroler Bergdorf Obergantschen evakuiert")
    found = lexicon_names(headline, "de")
    assert name_key("Bergdorf") in found and name_key("Drohender") in found
    assert name_key("Obergantschen") not in found
    # a compound the lexicon does not hold is a name by itself, whatever its parts ('kalt', 'Bach')
    assert not lexicon_names(tokenize("Talbrücke Kaltenbach gesperrt"), "de") & {
        name_key("Kaltenbach")
    }
    assert not lexicon_names(tokenize("NATO und Russland: Gipfel in Moskau"), "de") & {
        name_key("NATO"),
        name_key("Russland"),
        name_key("Moskau"),
    }


def test_a_sensor_that_picked_something_up_chose_nothing() -> None:
    # 'pick' alone is choosing (a host, a site: elect); 'picked up' is detecting
    found = sentence_features("Acoustic sensors picked up 14 broken wires in the girders.", "en")
    assert "elect" not in found.keys and "elect" not in found.events
    chosen = sentence_features("The committee picked Hamburg as the host city.", "en")
    assert "elect" in chosen.events


def test_a_place_reads_the_same_in_the_genitive_and_as_its_peoples_word() -> None:
    # 'Nordkoreas' is North Korea's, as 'Nordkorea' and 'North Korea' are; 'russische' and
    # 'Russian' are Russia's, as 'Russland' and 'Russia' are
    korea = {name_key("North Korea"), "n:north_korea"}
    assert sentence_features("Nordkoreas Soldaten kämpfen.", "de").names & korea
    moscow = sentence_features("Moscow replied quickly.", "en").names
    assert moscow and moscow <= sentence_features("Die Antwort Moskaus kam schnell.", "de").names
    russia = sentence_features("Russland hilft.", "de").names
    assert russia == sentence_features("Russia helps.", "en").names
    assert russia <= sentence_features("Die russischen Ingenieure halfen.", "de").names
    assert russia <= sentence_features("Russian engineers helped.", "en").names


def test_a_ban_that_took_effect_is_in_force() -> None:
    # 'took effect' is 'in Kraft getreten'; 'will take effect' stays a forecast
    assert "in_force" in sentence_features("The city's ban took effect on Thursday.", "en").events
    assert "in_force" in sentence_features("Das Verbot ist in Kraft getreten.", "de").events
    future = sentence_features("The ban will take effect on July 1.", "en")
    assert "in_force" in future.modal_keys


@pytest.mark.parametrize(
    ("sentence", "before"),
    [
        ("Der 34-Jährige war beim Abstieg tödlich verunglückt.", True),
        ("Die Polizei hatte die beiden Männer schon am Montag festgenommen.", True),
        ("Die Bergsteiger waren am Sonntag vor einer Woche überrascht worden.", True),
        ("Vor zwei Monaten beschloss der Stadtrat einen neuen Busanschluss.", True),
        ("Die Erhöhung liegt auf dem Niveau des vergangenen Jahres.", True),
        ("The council voted for the plan three months ago.", True),
        ("Last year the court rejected the appeal.", True),
        # a week back may be news the story never told
        ("The name was chosen by the crew in a vote last week.", False),
        # the news itself, also beside a relative clause's pluperfect
        ("Das Gericht hat den Abschuss des Wolfs erlaubt.", False),
        ("Der Senat hob den Beschluss auf, der die Genehmigung gestoppt hatte.", False),
        ("Die Hafenbehörde genehmigte am Montag den Liegeplatz.", False),
        # a noun is no participle, though it looks like one ('Verkehrsunternehmen')
        ("Ende Mai waren es 14,2 Millionen, wie der Verband der Verkehrsunternehmen sagte.", False),
        # English past perfect is reported speech's tense for the news as often as history
        ("Police said the two men had been arrested on Monday.", False),
        ("Vor allem die Händler hoffen auf Kunden.", False),
    ],
)
def test_a_sentence_told_as_before_the_news(sentence: str, before: bool) -> None:
    """A pluperfect main clause or a time ago tells the story's history, not its news."""
    assert told_before(tokenize(sentence)) is before


def test_an_age_or_a_clock_time_is_no_count_of_the_story() -> None:
    """A colour piece's people and hours ('Renate Göbel, 71', 'um 5.50 Uhr') move no story;
    the same number as a count does."""
    aged = sentence_features("said Renate Göbel, 71, who lives alone in the old town", "en")
    assert "#71:age" in aged.keys and not is_step("#71:age")
    # one age reads alike however it is written, in both languages
    for sentence, language in [
        ("A 34-year-old electrician from Kahl was hurt.", "en"),
        ("Der 34-Jährige wurde verletzt.", "de"),
        ("Eine 34 Jahre alte Frau wurde verletzt.", "de"),
        ("Anna Keller (34) wurde verletzt.", "de"),
        ("A woman aged 34 was hurt.", "en"),
        # the other of a pair of ages too
        ("A couple aged 67 and 34 was found.", "en"),
        ("Ein Ehepaar, 34 und 67 Jahre alt, wurde gefunden.", "de"),
    ]:
        assert "#34:age" in sentence_features(sentence, language).keys, sentence
    clock = sentence_features("Um 5.50 Uhr ist die Welt in Kahl noch in Ordnung.", "de")
    assert "#5:50" in clock.keys and not is_step("#5:50")
    count = sentence_features("Die Zahl der Toten stieg auf 71, sagte Keller.", "de")
    assert "#71" in count.keys and is_step("#71")
    # nor is a place's population
    for sentence, language in [
        ("The village of 4,200 people lies three kilometres from the runway.", "en"),
        ("Kahl hat knapp 4.200 Einwohner.", "de"),
    ]:
        keys = sentence_features(sentence, language).keys
        assert "#4200:people" in keys and not is_step("#4200:people"), sentence
    # and a cutting passed around a bakery passes no bill
    passed = sentence_features("Customers passed around a newspaper cutting.", "en")
    assert "pass" not in passed.events
    # a size spelled out is no count ('fünf Meter hoch'); the dead spelled out are
    assert not sentence_features("Daneben steht ein Ring, fünf Meter hoch.", "de").counts
    assert not sentence_features("The slick is now three kilometres long.", "en").counts
    assert sentence_features("Bei dem Unglück starben fünf Menschen.", "de").counts == {"#5"}


def test_a_victim_who_succumbed_died_and_an_investigation_is_a_step() -> None:
    for sentence, language in [
        ("Eine Frau ist in der Nacht ihren Verletzungen erlegen.", "de"),
        ("A woman succumbed to her injuries on Friday.", "en"),
    ]:
        assert "die" in sentence_features(sentence, language).events, sentence
    for sentence, language in [
        ("Die Staatsanwaltschaft ermittelt gegen den Geschäftsführer.", "de"),
        ("Prosecutors opened an investigation into the operator.", "en"),
    ]:
        events = sentence_features(sentence, language).events
        assert "investigate" in events and is_step("investigate"), sentence


@pytest.mark.parametrize(
    ("sentence", "language", "denied"),
    [
        ("Moscow has still neither confirmed nor denied the reports.", "en", {"confirm", "deny"}),
        ("Moscow didn't confirm the training.", "en", {"confirm"}),
        ("Die Bank hat die Ursache bislang nicht bestätigt.", "de", {"confirm"}),
        # what is denied is a noun, or nothing at all: the event happened
        ("The budget passed without a vote.", "en", set()),
        ("Russland hat nicht nur unterzeichnet, sondern auch ratifiziert.", "de", set()),
        ("The cub, weighing not much more than an apple, arrived on Sunday.", "en", set()),
    ],
)
def test_a_denied_event_is_no_fact(sentence: str, language: str, denied: set[str]) -> None:
    """What did not happen ('neither confirmed nor denied') is held like a forecast, so the
    confirmation a later report brings is news."""
    features = sentence_features(sentence, language)
    steps = {"confirm", "deny", "pass", "sign", "ratify", "arrive"} & features.events
    assert steps, sentence
    assert steps & features.modal_keys == denied


@pytest.mark.parametrize(
    ("sentence", "language", "headline"),
    [
        ("Nach Listerien-Ausbruch: Sennerei Hubmann darf wieder öffnen", "de", True),
        ("Das Museum ist seit Sonntag wieder für Besucher geöffnet.", "de", False),
        ("Das Freibad öffnet am Samstag wieder.", "de", False),
        # permission given is the step, not a forecast ('Stellantis to close plant')
        ("Allgäu dairy linked to listeria outbreak allowed to reopen", "en", True),
    ],
)
def test_opened_again_is_reopened_in_both_languages(
    sentence: str, language: str, headline: bool
) -> None:
    features = sentence_features(sentence, language, headline=headline)
    assert "reopen" in features.events and "begin" not in features.events
    assert "reopen" not in features.modal_keys


@pytest.mark.parametrize(
    ("sentence", "language", "rose"),
    [
        ("Zugunglück: Zahl der Todesopfer steigt auf drei", "de", True),
        ("Die Zahl der Todesopfer ist auf mindestens drei gestiegen.", "de", True),
        ("Death toll in train crash rises to three", "en", True),
        ("Er stieg in Linz in den Zug nach Wels.", "de", False),
        ("Prices rose sharply after the storm.", "en", False),
    ],
)
def test_a_count_that_rose_to_a_number_is_a_step(sentence: str, language: str, rose: bool) -> None:
    """'steigt auf drei' is news even where three was said of something else (three injured)."""
    assert ("raise" in sentence_features(sentence, language).events) == rose


@pytest.mark.parametrize(
    ("sentence", "language", "step"),
    [
        ("Ein russischer Kampfjet ist in Nordkorea abgestürzt.", "de", "crash"),
        ("A Russian-built fighter jet crashed near the air base.", "en", "crash"),
        ("Das Landesamt hat im Wasser zwei Algengifte nachgewiesen.", "de", "confirm"),
        ("Die Ermittler haben den Startplatz der Drohnen identifiziert.", "de", "identify"),
        ("Police have identified the launch site of the drones.", "en", "identify"),
        ("Russische Bautrupps haben erstmals die Grenze überquert.", "de", "cross"),
        ("The first grain train crossed the border on Friday.", "en", "cross"),
        ("The firm has been allowed to restart production in three halls.", "en", "resume"),
        # an inquiry's first report is its interim one
        ("Die Untersuchungskommission hat ihren ersten Bericht veröffentlicht.", "de",
         "interim_report"),
        ("The inquiry published its first report on Tuesday.", "en", "interim_report"),
        # something missing or hidden found: a wreck, a fragment, traces of an accelerant
        ("Drei Wochen nach dem Untergang ist das Wrack gefunden worden.", "de", "find"),
        ("Ein zweites Bruchstück des Meteoriten wurde entdeckt.", "de", "find"),
        ("Das Vermessungsschiff hat den Kutter in 51 Metern Tiefe geortet.", "de", "find"),
        ("A survey vessel located the trawler on the Dogger Bank.", "en", "find"),
        ("A second fragment of the meteorite has been found.", "en", "find"),
        # a permit changed is amended, a harvest that shrank cut, in both languages
        ("Das Regierungspräsidium hat die Genehmigung geändert.", "de", "amend"),
        ("The regional authority has amended the permit.", "en", "amend"),
        ("Die Weinernte ist um ein Fünftel geschrumpft.", "de", "cut"),
        ("The Palatinate's wine harvest shrank by a fifth.", "en", "cut"),
        # a suspect extradited, a licence revoked, a bank wound up, fees paid back
        ("Zypern liefert den Finanzmanager an die USA aus.", "de", "extradite"),
        ("Zypern hat den Finanzmanager an die USA ausgeliefert.", "de", "extradite"),
        ("Die Aufsicht hat der Bank die Bewilligung entzogen.", "de", "revoke"),
        ("The regulator revoked the bank's licence on Wednesday.", "en", "revoke"),
        ("Die Bank wird liquidiert.", "de", "liquidate"),
        ("The liquidation of the bank began on Monday.", "en", "liquidate"),
        ("Die Mainufer Bank zahlt die Kontogebühren zurück.", "de", "refund"),
        ("Mainufer Bank has begun refunding the fees.", "en", "refund"),
        ("The bank will reimburse customers in full.", "en", "refund"),
    ],
)  # fmt: skip
def test_a_crash_a_finding_and_a_restart_are_steps(sentence: str, language: str, step: str) -> None:
    events = sentence_features(sentence, language).events
    assert step in events and is_step(step), sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "Double-decker coach scores top marks in new rollover crash test",
        "The newspaper published its first report on the case in May.",
    ],
)
def test_a_crash_test_and_a_papers_first_report_are_no_steps(sentence: str) -> None:
    events = sentence_features(sentence, "en").events
    assert not {"crash", "interim_report"} & events, sentence


@pytest.mark.parametrize(
    ("sentence", "language", "event"),
    [
        # a plan, however many words describe it, is a noun: the rejection is reported
        ("The regional authority has rejected the city's emergency budget plan.", "en", "reject"),
        # ships going by pass no bill
        ("A loudspeaker greets passing ships with their anthem.", "en", None),
        ("The Senate is passing the bill today.", "en", "pass"),
        # an impostor passes as a doctor, a storm through a town: neither passes a bill
        ("How a paramedic passed as a senior anaesthetist for 14 months", "en", None),
        ("He passed himself off as a surgeon for two years.", "en", None),
        ("The storm passed through the valley overnight.", "en", None),
        ("The law was passed by the Bundestag on Friday.", "en", "pass"),
    ],
)
def test_a_plans_noun_and_a_passing_ship(sentence: str, language: str, event: str | None) -> None:
    features = sentence_features(sentence, language)
    said = features.events - features.modal_keys
    if event is None:
        assert not {"pass", "reject"} & features.events, sentence
    else:
        assert event in said, sentence


@pytest.mark.parametrize(
    ("sentence", "language", "counts"),
    [
        ("Helga Brinkmann ist um sieben Uhr zur Sparkasse gekommen.", "de", set()),
        ("She was at the bank at seven o'clock.", "en", set()),
        ("Sieben Tote bei dem Unglück am Pass.", "de", {"#7"}),
        # ... nor one told without its 'Uhr', as a colour piece opens ('um halb elf')
        ("Um halb elf ist der Badesteg sonst voll.", "de", set()),
        ("Es ist kurz nach sechs, vor dem Werkstor brennt ein Feuer.", "de", set()),
        ("It is just before ten and the queue reaches the road.", "en", set()),
        ("By half past nine four buses had left.", "en", {"#4"}),
        ("Kurz nach der Explosion wurden sechs Verletzte geborgen.", "de", {"#6"}),
    ],
)
def test_an_hour_of_the_clock_is_no_count(sentence: str, language: str, counts: set[str]) -> None:
    assert sentence_features(sentence, language).counts == counts, sentence


@pytest.mark.parametrize(
    ("sentence", "language", "step"),
    [
        ("Russland hat die Hochspannungsleitung nach Nordkorea in Betrieb genommen.", "de",
         "first_run"),
        ("Das neue Umspannwerk ist am Montag ans Netz gegangen.", "de", "first_run"),
        ("The LNG terminal went into operation on Monday.", "en", "first_run"),
        ("The new power line came online on Thursday.", "en", "first_run"),
        ("Das Kraftwerk ist am Abend wieder in Betrieb gegangen.", "de", "resume"),
        ("The ferry was put back into service after repairs.", "en", "resume"),
    ],
)  # fmt: skip
def test_a_line_in_service_is_a_first_run_and_back_in_service_resumed(
    sentence: str, language: str, step: str
) -> None:
    events = sentence_features(sentence, language).events
    assert step in events and {"first_run", "resume"} - {step} - events, sentence


@pytest.mark.parametrize(
    ("sentence", "language", "ready"),
    [
        ("Das neue Funknetz auf der Insel ist in Betrieb.", "de", True),
        ("Die neue Flugabwehr der Küstenwache ist einsatzbereit.", "de", True),
        ("The radar site appears to have become operational.", "en", True),
        ("The ferry terminal was declared operational on Friday.", "en", True),
        # ... not a state since when, that lasts, that is not, or again (resumed)
        ("Das Funknetz ist seit 1998 in Betrieb.", "de", False),
        ("Die Flugabwehr bleibt einsatzbereit.", "de", False),
        ("Die Flugabwehr ist nicht einsatzbereit.", "de", False),
        ("The terminal remains operational.", "en", False),
        ("The operational costs of the terminal rose.", "en", False),
    ],
)
def test_a_network_ready_for_service_is_a_first_run(
    sentence: str, language: str, ready: bool
) -> None:
    assert ("first_run" in sentence_features(sentence, language).events) is ready, sentence


def test_wages_paid_out_are_money_paid() -> None:
    """'Heuern ausgezahlt': money paid out to whom it is owed, as money paid back is."""
    paid = sentence_features("Die Reederei hat die Heuern der Seeleute ausgezahlt.", "de")
    assert "refund" in paid.events and is_step("refund")


@pytest.mark.parametrize(
    ("sentence", "again"),
    [
        ("Die Rettungsleitstelle arbeitet wieder mit ihrem alten Einsatzleitsystem.", True),
        ("Seit Montag läuft die Produktion in Werk 2 wieder.", True),
        # ... not the work or the run itself, without 'wieder'
        ("Die Rettungsleitstelle arbeitet mit einem neuen Einsatzleitsystem.", False),
    ],
)
def test_a_system_that_works_again_has_resumed(sentence: str, again: bool) -> None:
    assert ("resume" in sentence_features(sentence, "de").events) is again, sentence


def test_a_guilty_plea_is_a_confession() -> None:
    """'pleaded guilty' is the step German tells as 'gestanden'; 'pleaded not guilty' is none."""
    plea = sentence_features("The founder pleaded guilty to fraud on Tuesday.", "en")
    assert "confess" in plea.keys and is_step("confess")
    assert "confess" in sentence_features("Der Gründer hat den Betrug gestanden.", "de").keys
    assert "confess" not in sentence_features("The founder pleaded not guilty.", "en").keys


@pytest.mark.parametrize(
    ("sentence", "day"),
    [
        ("The ECB said on Thursday that banks face rising risks.", True),
        ("Der Kreistag hat am Mittwochabend mit 34 zu 14 Stimmen beschlossen.", True),
        ("Gestern rollten die ersten Züge wieder.", True),
        ("Under a silent dome, the night assistant checks the weather station.", False),
        ("Im Dorf ist es still geworden, seit die Bank geschlossen hat.", False),
        # a day a scene is set on, by a demonstrative
        ("Die Anzeigetafel kennt an diesem Samstagvormittag nur ein Wort.", False),
        ("This Sunday morning the quay is empty.", False),
        ("An diesem Morgen warten sie, am Montag hatte die Reederei gekündigt.", True),
        # a day's name that begins another noun names no day
        ("Der Wanderverein hat seine Sonntagstouren auf befestigte Wege verlegt.", False),
        ("Zwei Rumpfsegmente liegen vor der großen Montagehalle.", False),
    ],
)
def test_a_lead_names_the_day_news_happened_a_scene_does_not(sentence: str, day: bool) -> None:
    assert names_a_day(sentence) is day, sentence
