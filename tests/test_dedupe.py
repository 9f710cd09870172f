"""Unit tests of deduplication: text cleaning, fingerprints and keys, guid/URL trust, polarity,
the `decide` rules for every kind, and the candidate look-up against a real store (SQLite file
in tmp_path). The end-to-end figures on the labelled pairs are in test_dedupe_eval.py."""

from __future__ import annotations

import itertools
import json
import marshal
import os
import random
import sqlite3
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from monitor import dedupe, opposites, paraphrase, places
from monitor.dedupe import Candidate, Decision
from monitor.models import (
    AlertDraft,
    DedupeDecision,
    DedupeKind,
    Feed,
    Story,
    StoryRecord,
    TopicMatch,
)
from monitor.normalize import canonical_url
from monitor.store import Store
from monitor.store import dedupe as store_dedupe
from monitor.store.dedupe import MIN_SHARED_KEYS

FIXTURES = Path(__file__).parent / "fixtures" / "dedupe"
T0 = datetime(2025, 10, 17, 20, 0, tzinfo=UTC)
FEED_A, FEED_B, FEED_C = (f"http://127.0.0.1/{name}.xml" for name in ("a", "b", "c"))


def table(name: str) -> list[list[str]]:
    rows = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    return [row.split("\t") for row in rows if row.strip() and not row.startswith("#")]


def headline_rows(name: str) -> list:
    """The rows of a fixture table that starts with (language, headline), named by both."""
    return [pytest.param(*row, id=f"{row[0]}-{row[1][:30]}") for row in table(name)]


def story(title: str, summary: str = "", *, feed: str = FEED_A, key: str | None = None,
          at: datetime = T0, lang: str | None = "en", url: str | None = None,
          guid: str | None = None, outlet: str = "Outlet") -> Story:
    return Story(feed_url=feed, outlet=outlet, key=key or guid or url or title, title=title,
                 summary=summary, published=at, url=url, guid=guid, language=lang)


def candidate(s: Story, *, story_id: int = 7, cluster_id: int = 70,
              topics: tuple[str, ...] = ()) -> Candidate:
    fp = dedupe.fingerprint(s)
    return Candidate(story_id=story_id, cluster_id=cluster_id, feed_url=s.feed_url,
                     outlet=s.outlet, key=s.key, guid=s.guid, url=s.url, title=s.title,
                     summary=s.summary, language=s.language, content_hash=fp.content_hash,
                     first_seen=s.published, published=s.published, topics=topics)


def decide(new: Story, *stored: Candidate, topics: frozenset[str] = frozenset()
           ) -> DedupeDecision:
    return dedupe.decide(new, dedupe.fingerprint(new), list(stored), topics=topics)


# --- cleaning ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "outlet", "expected"), table("titles.tsv"),
                         ids=[row[0][:40] for row in table("titles.tsv")])
def test_publisher_decoration_is_stripped_from_headlines(raw, outlet, expected):
    assert dedupe.clean_title(raw, None if outlet == "-" else outlet) == expected


@pytest.mark.parametrize(("raw", "expected", "truncated"), [
    ("PARIS (AFP) - Thieves broke into the Louvre.", "Thieves broke into the Louvre.", False),
    ("BRUSSELS, Oct 23 (Reuters) - The EU adopted sanctions.", "The EU adopted sanctions.",
     False),
    ("Berlin (dpa) - Der Bundestag debattiert.", "Der Bundestag debattiert.", False),
    ("Trump zeigt sich enttäuscht. Der Beitrag USA verhängen Sanktionen erschien zuerst auf "
     "Handelsblatt.", "Trump zeigt sich enttäuscht.", False),
    ("Kyiv was hit overnight. The post Kyiv hit appeared first on Example News.",
     "Kyiv was hit overnight.", False),
    ("Ukraine's president said. <a href='https://x.example/'>Read more</a>",
     "Ukraine's president said.", False),
    ("starting a 72-hour window for the rel…", "starting a 72-hour window for the", True),
    ("Officials said [...]", "Officials", True),
    ("Plain summary without decoration.", "Plain summary without decoration.", False),
    ("МОСКВА, 3 дек — РИА Новости. Госдума приняла закон.", "Госдума приняла закон.", False),
    ("МОСКВА, 3 декабря. /ТАСС/. Госдума приняла закон.", "Госдума приняла закон.", False),
    ("Москва. 3 декабря. INTERFAX.RU - Госдума приняла закон.", "Госдума приняла закон.",
     False),
    ("КИЇВ. 3 грудня. УНІАН. Рада ухвалила закон.", "Рада ухвалила закон.", False),
    ("МОСКВА, 3 дек — РИА Новости. МОСКВА, 2 дек - ТАСС. Госдума приняла закон.",
     "Госдума приняла закон.", False),
    ("LONDON (AP) - PARIS (AFP) - Thieves broke into the Louvre.",
     "Thieves broke into the Louvre.", False),
    ("Kyiv, 12 May - Ukraine said it downed 12 drones overnight.",
     "Kyiv, 12 May - Ukraine said it downed 12 drones overnight.", False),
    ("In Kyiv. 3 people died - officials said.", "In Kyiv. 3 people died - officials said.",
     False),
    ("Der Meister steht vorzeitig fest. (SID)", "Der Meister steht vorzeitig fest.", False),
    ("Die Kurse stiegen am Mittag. (dpa-AFX)", "Die Kurse stiegen am Mittag.", False),
    ("Die A1 bleibt bis Montag gesperrt. (dpa/lnw)", "Die A1 bleibt bis Montag gesperrt.",
     False),
    ("Госдума приняла закон. (ТАСС)", "Госдума приняла закон.", False),
    ("Das sagte Kanzler Friedrich Merz (CDU)", "Das sagte Kanzler Friedrich Merz (CDU)", False),
    ("Das Spiel endete 2:2 (1:1)", "Das Spiel endete 2:2 (1:1)", False),
], ids=["afp-dateline", "reuters-dateline", "dpa-dateline", "erschien-zuerst",
        "appeared-first", "read-more-link", "cut-off-word", "bracket-ellipsis", "plain",
        "ria-dateline", "tass-dateline", "interfax-dateline", "unian-dateline",
        "an-outlets-dateline-before-the-wires", "two-wires-datelines",
        "a-date-then-a-sentence", "a-number-then-a-sentence", "closing-wire-credit",
        "closing-wire-credit-with-desk", "closing-wire-credit-with-region",
        "closing-cyrillic-wire-credit", "a-party-in-brackets-stays",
        "a-half-time-score-stays"])
def test_summary_boilerplate_is_stripped(raw, expected, truncated):
    assert dedupe.clean_summary(raw) == (expected, truncated)


# --- fingerprints -----------------------------------------------------------------------------

SAME_TEXT = [
    ("suffix", "Trump says US needs its Tomahawks - Reuters", "Trump says US needs its Tomahawks"),
    ("prefix", "UPDATE 1-Trump says US needs its Tomahawks", "Trump says US needs its Tomahawks"),
    ("case", "TRUMP SAYS US NEEDS ITS TOMAHAWKS", "Trump says US needs its Tomahawks"),
    ("german-quotes", "Trump kündigt „Gipfel in Budapest“ an",
     'Trump kündigt "Gipfel in Budapest" an'),
    ("guillemets", "США ввели санкции против «Роснефти»", 'США ввели санкции против "Роснефти"'),
    ("curly-apostrophe", "Ukraine’s president visits Washington",
     "Ukraine's president visits Washington"),
    ("diacritics", "Selenskyj trifft Trump im Weißen Haus",
     "Selenskyj trifft Trump im Weissen Haus"),
    ("dashes", "Trump-Putin summit on hold – official", "Trump–Putin summit on hold - official"),
    ("html-entity", "Russia&#39;s oil giants sanctioned", "Russia's oil giants sanctioned"),
    ("whitespace", "Louvre  closed after\u00a0robbery", "Louvre closed after robbery"),
    ("number-words", "Russian strike kills three in Kharkiv", "Russian strike kills 3 in Kharkiv"),
]


@pytest.mark.parametrize(("first", "second"), [(a, b) for _, a, b in SAME_TEXT],
                         ids=[name for name, _, _ in SAME_TEXT])
def test_normalised_text_has_one_content_hash(first, second):
    a = dedupe.fingerprint(story(first, "Officials confirmed it on Friday.", lang=None))
    b = dedupe.fingerprint(story(second, "Officials confirmed it on Friday.", lang=None))
    assert a.content_hash == b.content_hash


@pytest.mark.parametrize(("first", "second"), [
    ("Russian strike on Kharkiv kills 3", "Russian strike on Kharkiv kills 5"),
    ("Trump rules out Tomahawks", "Trump does not rule out Tomahawks"),
    ("Inflation steigt auf 2,4 Prozent", "Inflation steigt auf 2,2 Prozent"),
], ids=["number", "negation", "decimal"])
def test_real_changes_change_the_content_hash(first, second):
    assert dedupe.fingerprint(story(first)).content_hash != \
        dedupe.fingerprint(story(second)).content_hash


# A feed that puts the whole article in its description: the opening of the report, then
# background paragraphs that differ between two outlets' versions of it.
_OPENING = ("Ukrainian President Volodymyr Zelensky met Donald Trump at the White House on "
            "Friday and asked for long-range Tomahawk missiles; Trump said he would rather "
            "not give them away for now, because the United States needs them too. ")


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("", "", id="empty"),
    pytest.param("one two three", "one two three", id="shorter"),
    pytest.param("one  two\nthree four", "one  two\nthree four", id="exactly-the-limit"),
    pytest.param("one two\tthree four five", "one two three four", id="cut-after-the-limit"),
])
def test_opening_words_keep_at_most_the_limit(text, expected):
    assert dedupe._opening_words(text, 4) == expected


def test_a_long_summary_is_read_up_to_its_opening_words():
    opening = (_OPENING * 4).split()[:dedupe.SUMMARY_WORDS]
    body_a = " ".join(opening) + " Background: the Kremlin warned about Tomahawks in Moscow."
    body_b = " ".join(opening) + " Earlier, Hungary offered Budapest for a summit."
    a, b = (dedupe.fingerprint(story("Zelensky asks Trump for Tomahawks", body))
            for body in (body_a, body_b))
    assert a.content_hash == b.content_hash
    assert "budap" not in b.features.stems and "kreml" not in a.features.stems
    alone = dedupe.fingerprint(story("Zelensky asks Trump for Tomahawks", " ".join(opening)))
    assert a.features.summary == alone.features.summary
    shorter = dedupe.fingerprint(story("Zelensky asks Trump for Tomahawks", _OPENING))
    assert "tomah" in shorter.features.summary_set  # (a summary under the limit is read whole)


def test_keys_fit_the_index_and_are_unique():
    fp = dedupe.fingerprint(story(
        "Trump tells Zelenskiy he would rather not give away Tomahawks",
        "U.S. President Donald Trump said on Friday he hoped the war could end without Tomahawk "
        "missiles after hosting Ukraine's Volodymyr Zelenskiy at the White House."))
    assert 10 <= len(fp.keys) <= 64
    assert len(set(fp.keys)) == len(fp.keys)
    assert all(len(key) <= 64 for key in fp.keys)
    assert {key.split(":")[0][0] for key in fp.keys} == {"t", "s", "p", "w"}


def test_keys_are_stable_across_processes():
    """Stored keys must match the keys a later process computes (no `hash()` randomisation)."""
    code = ("from monitor import dedupe; from monitor.models import Story; "
            "from datetime import datetime, UTC; import json; "
            "s = Story('f', 'o', 'k', 'Putin agrees to Budapest summit with Trump', "
            "'The Kremlin confirmed the meeting in Hungary.', datetime(2025, 10, 1, tzinfo=UTC)); "
            "print(json.dumps(dedupe.fingerprint(s).keys))")
    runs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                             text=True, check=True).stdout
        runs.append(json.loads(out))
    assert runs[0] == runs[1]
    here = dedupe.fingerprint(story("Putin agrees to Budapest summit with Trump",
                                    "The Kremlin confirmed the meeting in Hungary.", lang=None))
    assert list(here.keys) == runs[0]


def test_copies_share_many_keys_and_unrelated_stories_few():
    base = story("Russian drone hits kindergarten in Kharkiv, one killed",
                 "A Russian drone struck a kindergarten in Kharkiv on Wednesday, killing one "
                 "person, Mayor Ihor Terekhov said. Children were taken to a shelter.")
    copy = replace(base, title=base.title + " - Reuters", feed_url=FEED_B)
    other = story("EU adopts 19th sanctions package against Russia, bans LNG imports",
                  "The European Union adopted its 19th package of sanctions on Thursday.")
    keys = set(dedupe.fingerprint(base).keys)
    assert len(keys & set(dedupe.fingerprint(copy).keys)) >= len(keys) - 2
    assert len(keys & set(dedupe.fingerprint(other).keys)) < MIN_SHARED_KEYS


SUMMARY = ("A Russian drone struck a kindergarten in the Kholodnohirskyi district of Kharkiv on "
           "Wednesday morning, killing one man and injuring six people, Mayor Ihor Terekhov "
           "said. The children were taken to a shelter and none was hurt, he added.")


@pytest.mark.parametrize(("edited", "least"), [
    (SUMMARY.replace("Wednesday morning", "Wednesday"), 0.6),
    (SUMMARY.replace("killing one man", "killing a man"), 0.6),
    (SUMMARY.rsplit(".", 2)[0] + ".", 0.5),
], ids=["word-dropped", "word-changed", "cut-short"])
def test_summary_keys_survive_small_edits(edited, least):
    title = "Kindergarten hit in Kharkiv"
    keys = {k for k in dedupe.fingerprint(story(title, SUMMARY)).keys if k[0] == "s"}
    other = {k for k in dedupe.fingerprint(story(title, edited)).keys if k[0] == "s"}
    assert len(keys) >= 3
    assert len(keys & other) >= least * len(keys)


@pytest.mark.parametrize(("text", "declared", "expected"), [
    ("Trump says he will meet Putin in Budapest", None, "en"),
    ("Trump will Putin in Budapest treffen, sagt das Weiße Haus", None, "de"),
    ("Трамп і Путін зустрінуться в Будапешті", None, "uk"),
    ("Трамп и Путин встретятся в Будапеште, объявил Белый дом", None, "ru"),
    ("anything", "de-DE", "de"),
    ("anything", "EN_us", "en"),
], ids=["en", "de", "uk", "ru", "declared-region", "declared-underscore"])
def test_language_is_declared_or_guessed(text, declared, expected):
    assert dedupe.language_of(text, declared) == expected


def test_features_mark_names_and_numbers_not_calendar_or_titles():
    feats = dedupe.features(
        "Zelenskiy meets Trump at the White House",
        "On Friday, President Donald Trump said the talks with three advisers were good, "
        "and inflation was 2.4 percent in October.", "en")
    assert {"trump", "white", "house", "donal", "3", "2d4"} <= feats.strong
    assert not {"frida", "octob", "presi"} & feats.strong
    assert feats.title_numbers == frozenset()


# --- polarity and direction -------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "headline", "negative"), headline_rows("polarity.tsv"))
def test_negation_cues_in_four_languages(lang, headline, negative):
    assert dedupe.is_negative(headline, lang) is (negative == "1")


@pytest.mark.parametrize(("headline", "lang", "expected"), [
    ("Oil rises 2% on Middle East supply worries", "en", 1),
    ("Oil falls 2% on Gaza ceasefire hopes", "en", -1),
    ("Inflation in Deutschland steigt auf 2,4 Prozent", "de", 1),
    ("Inflation in Deutschland sinkt auf 2,1 Prozent", "de", -1),
    ("ВВП России вырос на 1%", "ru", 1),
    ("Poland shoots down drones", "en", 0),
    ("Germany cuts military aid to Ukraine", "en", -1),
    ("Deutschland kürzt Militärhilfe für die Ukraine", "de", -1),
    ("Fed cuts rates as inflation rises", "en", -1),
    ("Gold hits record as investors seek safety", "en", 1),
    ("Yen slides to record low against the dollar", "en", -1),
    ("Bitcoin auf Rekordhoch", "de", 1),
    ("Цены на дизельное топливо обновили исторический максимум", "ru", 1),
    ("Гривня оновила історичний мінімум", "uk", -1),
    ("Как минимум трое погибли при обстреле", "ru", 0),
    ("Record number of migrants cross Channel in one day", "en", 0),
    ("Siemens hebt Prognose erneut an", "de", 1),
    ("Siemens hebt Lieferstopp auf", "de", 0),
], ids=["en-up", "en-down", "de-up", "de-down", "ru-up", "neither", "en-a-cut", "de-a-cut",
        "not-the-side-clause", "en-a-record", "en-a-record-low", "de-a-record-high",
        "ru-a-record-renewed", "uk-a-historic-low", "ru-at-least-is-no-low",
        "en-a-record-count-is-no-rise", "de-raises-with-a-particle", "de-lifts-is-no-rise"])
def test_direction_of_change(headline, lang, expected):
    assert dedupe.direction(headline, lang) == expected


@pytest.mark.parametrize(("lang", "headline", "expected"), headline_rows("opening.tsv"))
def test_opening_and_closing_in_four_languages(lang, headline, expected):
    assert dedupe.opening(headline, lang) == int(expected)


@pytest.mark.parametrize(("lang", "headline", "expected"), headline_rows("state.tsv"))
def test_lifting_and_keeping_a_measure_in_four_languages(lang, headline, expected):
    assert dedupe.state_change(headline, lang) == int(expected)


@pytest.mark.parametrize(("lang", "headline", "expected"), headline_rows("amount.tsv"))
def test_keeping_and_changing_an_amount_in_four_languages(lang, headline, expected):
    assert dedupe.amount_change(headline, lang) == int(expected)


@pytest.mark.parametrize(("lang", "first", "second"), headline_rows("opposites.tsv"))
def test_opposite_outcomes_are_two_stories_even_in_one_wording(lang, first, second):
    stored = story(first, lang=lang)
    new = story(second, feed=FEED_B, at=T0 + timedelta(hours=1), lang=lang)
    decision = decide(new, candidate(stored))
    assert decision.kind is DedupeKind.NEW, decision.reason


@pytest.mark.parametrize(("lang", "first", "second", "apart"), [
    ("en", "Zelensky to visit Washington on Friday", "Zelensky to visit Washington on Monday",
     True),
    ("de", "Selenskyj reist am Freitag nach Washington",
     "Selenskyj reist am Montag nach Washington", True),
    ("ru", "Трамп встретится с Путиным в пятницу", "Трамп встретится с Путиным в понедельник",
     True),
    ("uk", "Трамп зустрінеться з Путіним у п'ятницю", "Трамп зустрінеться з Путіним у понеділок",
     True),
    ("en", "Russia hands over 1,000 bodies to Ukraine", "Ukraine hands over 1,000 bodies to Russia",
     True),
    ("de", "Ukraine greift Raffinerie in Russland an",
     "Russland greift Raffinerie in der Ukraine an", True),
    ("uk", "Україна атакувала НПЗ у Росії", "Росія атакувала НПЗ в Україні", True),
    ("en", "Trump meets Putin in Alaska on Friday", "Putin meets Trump in Alaska on Friday", False),
    ("en", "Russia and Ukraine swap 84 prisoners of war", "Ukraine and Russia swap 84 prisoners "
     "of war", False),
    ("en", "Drone sightings halt flights at Munich airport",
     "Munich airport halts flights after drone sightings", False),
    ("en", "Fed cuts rates as inflation rises", "Fed cuts interest rates", False),
    ("en", "Germany increases military aid to Ukraine", "Germany cuts military aid to Ukraine",
     True),
    ("en", "Trump meets Zelensky a day after phone call with Putin",
     "Trump meets Zelensky at the White House", False),
], ids=["en-other-day", "de-other-day", "ru-other-day", "uk-other-day", "en-parties-exchanged",
        "de-parties-exchanged", "uk-parties-exchanged", "meeting-either-way-round",
        "swap-either-way-round", "phrases-moved-around", "a-side-clause-has-no-say",
        "raising-and-cutting", "a-call-in-a-side-clause"])
def test_another_date_direction_or_the_parties_exchanged_is_another_story(lang, first, second,
                                                                       apart):
    conflict = dedupe.contradiction(dedupe.features(first, "", lang),
                                    dedupe.features(second, "", lang))
    assert (conflict is not None) is apart, conflict
    if apart:
        stored = story(first, lang=lang)
        new = story(second, feed=FEED_B, at=T0 + timedelta(hours=1), lang=lang)
        assert decide(new, candidate(stored)).kind is DedupeKind.NEW


@pytest.mark.parametrize(("lang", "first", "second"), [
    ("en", "Lufthansa pilots begin strike over pensions",
     "Lufthansa pilots begin strike over pensions - Reuters"),
    ("en", "Talks begin to end Lufthansa pilots' strike",
     "Lufthansa talks to end pilots' strike begin"),
    ("en", "Mamdani wins New York mayoral race after rival loses appeal",
     "Mamdani wins New York mayoral race"),
    ("ru", "Забастовка в аэропорту закончилась", "Забастовка в аэропорту закончилась — ТАСС"),
    ("en", "Russia pounds Kyiv with drones on Monday night",
     "Russia pounds Kyiv with drones overnight into Tuesday"),
    ("ru", "ЦБ сохранил ключевую ставку на уровне 17%",
     "ЦБ оставил ключевую ставку без изменений на уровне 17%"),
    ("uk", "НБУ зберіг облікову ставку на рівні 15,5%",
     "НБУ залишив облікову ставку без змін на рівні 15,5%"),
    ("en", "ECB keeps rates unchanged", "ECB leaves rates unchanged"),
    ("en", "Trump speaks with Putin by phone, says he will meet him in Budapest",
     "Trump says he will meet Putin in Budapest after phone call"),
    ("de", "Trump und Putin telefonieren – neuer Gipfel in Budapest geplant",
     "Nach Telefonat mit Putin: Trump will Gipfel in Budapest"),
], ids=["copy-with-a-suffix", "both-sides-in-one-headline", "the-other-side-in-a-side-clause",
        "ru-copy", "a-night-has-two-days", "ru-kept-said-twice", "uk-kept-said-twice",
        "en-kept-said-twice", "a-meeting-planned-on-a-call", "de-a-meeting-planned-on-a-call"])
def test_an_outcome_word_alone_keeps_nothing_apart(lang, first, second):
    stored = story(first, lang=lang)
    new = story(second, feed=FEED_B, at=T0 + timedelta(hours=1), lang=lang)
    decision = decide(new, candidate(stored))
    assert decision.kind is not DedupeKind.NEW, decision.reason


CALL_DE = ("Trump telefoniert vor Treffen mit Selenskyj mit Putin",
           "Kurz vor dem Treffen mit dem ukrainischen Präsidenten hat US-Präsident Trump ein "
           "Telefonat mit Kremlchef Putin geführt. Der Kreml bestätigte das Gespräch.")
CALL_EN = ("Trump phones Putin ahead of Zelensky visit",
           "US President Donald Trump said he had a productive phone call with Russian President "
           "Vladimir Putin, a day before hosting Ukraine's Volodymyr Zelensky.")
CALL_RU = ("Путин провел телефонный разговор с Эрдоганом",
           "Президент России Владимир Путин обсудил с президентом Турции Реджепом Тайипом "
           "Эрдоганом ситуацию на Украине и обмен пленными.")


@pytest.mark.parametrize(("lang", "call", "other", "apart"), [
    ("de", CALL_DE, ("Trump nach Treffen mit Selenskyj: Einigung näher als je zuvor",
                     "US-Präsident Trump und der ukrainische Präsident Selenskyj haben über den "
                     "Friedensplan beraten. Offene Fragen gebe es beim Donbass, sagte Trump."),
     True),
    ("en", CALL_EN, ("Zelensky lands in Washington ahead of White House talks with Trump",
                     "Ukraine's Volodymyr Zelensky arrived in Washington, where US President "
                     "Donald Trump will host him on Friday to discuss air defence."), True),
    ("ru", CALL_RU, ("Эрдоган: Турция готова принять новый раунд переговоров по Украине",
                     "Президент Турции Реджеп Тайип Эрдоган заявил, что Стамбул готов принять "
                     "делегации России и Украины, и предложил обмен пленными."), True),
    ("uk", ("Зеленський провів телефонну розмову з Трампом",
            "Президент України Володимир Зеленський поговорив з президентом США Дональдом "
            "Трампом про посилення ППО та мирний план."),
     ("Зеленський після зустрічі з Трампом: мирний план майже узгоджено",
      "Президент України Володимир Зеленський заявив після зустрічі з президентом США "
      "Дональдом Трампом, що сторони погодили більшість пунктів мирного плану."), True),
    ("de", CALL_DE, ("Gespräch vor Selenskyj-Besuch: Trump spricht mit Putin",
                     "US-Präsident Trump hat vor dem Treffen mit dem ukrainischen Präsidenten "
                     "mit Kremlchef Putin gesprochen, bestätigte der Kreml."), False),
    ("en", CALL_EN, ("Trump and Putin hold call a day before Zelensky visit",
                     "US President Donald Trump and Russian President Vladimir Putin talked for "
                     "two hours, a day before Trump hosts Ukraine's Volodymyr Zelensky."), False),
    ("ru", CALL_RU, ("Ушаков рассказал о беседе Путина и Эрдогана",
                     "Президенты России и Турции Владимир Путин и Реджеп Тайип Эрдоган обсудили "
                     "ситуацию на Украине и обмен пленными, сообщил Юрий Ушаков."), False),
], ids=["de-the-meeting-after-the-call", "en-the-visit-after-the-call",
        "ru-a-statement-after-the-call", "uk-the-meeting-after-the-call",
        "de-the-call-as-a-conversation",
        "en-the-call-as-a-call", "ru-the-call-as-a-conversation"])
def test_a_phone_call_and_a_report_telling_of_none_are_two_events(lang, call, other, apart):
    """A report that mentions neither a call nor a conversation nor the party called is another
    event of the same people (their meeting, one side's statement), in German too, where
    capitals do not mark names (in English the names each headline has alone tell it too);
    one telling of the call as a conversation or a "call" is not."""
    stored = story(*call, lang=lang)
    new = story(*other, feed=FEED_B, at=T0 + timedelta(hours=2), lang=lang)
    decision = decide(new, candidate(stored))
    assert (decision.kind is DedupeKind.NEW) is apart, decision.reason


@pytest.mark.parametrize(("lang", "first", "second", "merged"), [
    ("en", ("Poland shoots down drones over its territory during Russian attack",
            "Polish and allied jets were scrambled overnight and several drones were downed, "
            "the military said."),
     ("Poland says it downed Russian drones in 'act of aggression'",
      "Polish forces shot down drones that crossed the border overnight, the prime minister "
      "said."), True),
    ("en", ("Finland scrambles jets after Russian aircraft violates its airspace",
            "Finnish fighter jets were sent up on Tuesday after a Russian military plane flew "
            "into Finnish airspace for two minutes, the defence ministry said."),
     ("Finland says Russian military plane breached its airspace",
      "A Russian aircraft entered Finnish airspace off the southern coast on Tuesday, the "
      "Finnish defence ministry said."), True),
    ("en", ("Germany to buy more Patriot systems for Ukraine",
            "The defence ministry said it would fund two more systems for Kyiv."),
     ("Germany to reintroduce military service for young men",
      "The cabinet approved a draft law that would require all 18-year-old men to fill in a "
      "questionnaire."), False),
    ("en", ("Drones hit Kyiv overnight, damaging apartment blocks",
            "Several apartment blocks were damaged in the capital after an overnight attack."),
     ("Drones hit Odesa port, damaging grain terminal",
      "A grain terminal was damaged in the port city after an overnight attack."), False),
], ids=["poland-and-polish", "finland-and-finnish", "germany-does-two-things",
        "drones-in-two-cities"])
def test_a_country_that_opens_both_headlines_is_more_than_a_nationality(lang, first, second,
                                                                        merged):
    """Two English reports whose names in common are nationalities only ("Russian drones" /
    "Ukrainian drones") are two stories, unless both headlines open with one capitalised word
    neither text writes in lower case: the country that acted ("Poland ..."), though a
    headline's first word is no name by its capital alone. Two things one country did, or one
    kind of news in two places, stay apart on the other checks."""
    stored = story(*first, lang=lang)
    new = story(*second, feed=FEED_B, at=T0 + timedelta(hours=1), lang=lang)
    decision = decide(new, candidate(stored))
    assert (decision.kind is not DedupeKind.NEW) is merged, decision.reason


AIRPORT_HAMBURG = (
    "Drohne gesichtet: Flughafen Hamburg unterbricht Flugbetrieb für eine Stunde",
    "Wegen einer Drohne über dem Vorfeld ist der Flugbetrieb am Abend eingestellt worden. "
    "Mehrere Maschinen wurden umgeleitet.")


@pytest.mark.parametrize(("second", "merged"), [
    (("Drohne über Flughafen Hannover – Flugbetrieb unterbrochen",
      "Auch in Hannover musste der Flugbetrieb am Abend wegen einer Drohne über dem Gelände für "
      "eine Stunde unterbrochen werden, teilte die Bundespolizei mit."), False),
    (("Auch Flughafen Hannover wegen Drohne gesperrt",
      "Nach Hamburg musste am Abend auch der Flughafen Hannover den Flugbetrieb wegen einer "
      "Drohne für eine Stunde unterbrechen, teilte die Bundespolizei mit."), False),
    (("Drohne über Flughafen Hamburg – Flugbetrieb unterbrochen",
      "In Hamburg musste der Flugbetrieb am Abend wegen einer Drohne über dem Gelände für eine "
      "Stunde unterbrochen werden, teilte die Bundespolizei mit."), True),
], ids=["two-airports", "also-the-next-airport", "one-airport"])
def test_german_headlines_naming_two_of_one_kind_are_two_events(second, merged):
    """German capitals do not tell names from nouns, so the check that each headline names a
    place the other never mentions is for en/ru/uk; but a name right after a noun of a kind of
    place or office ("Flughafen Hamburg" / "Flughafen Hannover") is one, and two of them are
    two events of one kind on one evening. A report that the next one is closed too ("Auch
    Flughafen Hannover ...") names the first in its summary, and is still another event."""
    stored = story(*AIRPORT_HAMBURG, lang="de")
    new = story(*second, feed=FEED_B, at=T0 + timedelta(hours=1), lang="de")
    decision = decide(new, candidate(stored))
    assert (decision.kind is not DedupeKind.NEW) is merged, decision.reason


@pytest.mark.parametrize(("second", "merged"), [
    (("Liège airport shuts down after drone sighting",
      "Belgium's cargo hub closed its airspace late on Tuesday, hours after Brussels Airport "
      "halted flights, the defence minister said."), False),
    (("Drones force Brussels Airport to suspend flights",
      "Flights at Brussels Airport were halted on Tuesday evening after drones were seen near "
      "the runways, air traffic control said."), True),
], ids=["the-next-airport", "the-same-airport"])
def test_english_headlines_naming_two_of_one_kind_are_two_events(second, merged):
    """"Brussels Airport" / "Liège airport": two airports closed one evening, though the second
    report names the first as what came before (so each headline's own name is not enough)."""
    stored = story("Brussels Airport halts flights after drone sightings",
                   "All flights were suspended on Tuesday evening after drones were spotted near "
                   "the airport, Belgian air traffic control said.")
    new = story(*second, feed=FEED_B, at=T0 + timedelta(hours=1))
    decision = decide(new, candidate(stored))
    assert (decision.kind is not DedupeKind.NEW) is merged, decision.reason


def test_restrictions_imposed_and_lifted_are_two_stories():
    """"ввели ограничения" / "ограничения сняты" (`monitor.opposites`, "impose")."""
    stored = story("В аэропортах Казани и Нижнекамска ввели временные ограничения",
                   "Ограничения на прием и выпуск воздушных судов введены для обеспечения "
                   "безопасности полетов, сообщили в Росавиации.", lang="ru")
    new = story("Росавиация: ограничения в аэропортах Казани и Нижнекамска сняты",
                "Аэропорты возобновили работу в обычном режиме, часть рейсов задержана.",
                feed=FEED_B, at=T0 + timedelta(hours=2), lang="ru")
    assert decide(new, candidate(stored)).kind is DedupeKind.NEW


@pytest.mark.parametrize(("lang", "first", "second", "merged"), [
    ("en", ("Peru's president declares state of emergency in Lima after wave of killings",
            "President Jose Jeri declared a 30-day state of emergency in Lima and neighbouring "
            "Callao on Wednesday, deploying soldiers to patrol the streets."),
     ("Peru lifts state of emergency in Lima after wave of killings",
      "President Jose Jeri lifted the state of emergency in Lima and neighbouring Callao on "
      "Wednesday, withdrawing the soldiers who patrolled the streets."), False),
    ("de", ("Perus Präsident ruft Ausnahmezustand in Lima aus",
            "Präsident José Jerí hat nach einer Serie von Morden einen 30-tägigen Ausnahmezustand "
            "für Lima und die Nachbarstadt Callao verhängt, Soldaten patrouillieren."),
     ("Ausnahmezustand in Lima aufgehoben",
      "Präsident José Jerí hat den Ausnahmezustand für Lima und die Nachbarstadt Callao nach "
      "einer Serie von Morden beendet, die Soldaten ziehen ab."), False),
    ("en", ("Peru's president declares state of emergency in Lima after wave of killings",
            "President Jose Jeri declared a 30-day state of emergency in Lima and neighbouring "
            "Callao on Wednesday, deploying soldiers to patrol the streets."),
     ("Peru imposes 30-day state of emergency in Lima after killings",
      "President Jose Jeri imposed a 30-day state of emergency in Lima and neighbouring Callao "
      "on Wednesday, deploying soldiers to patrol the streets."), True),
], ids=["en-declared-and-lifted", "de-ausgerufen-and-aufgehoben", "en-declared-and-imposed"])
def test_a_measure_declared_and_one_lifted_are_two_stories(lang, first, second, merged):
    """"declares martial law" / "lifts martial law" (`monitor.opposites`, "impose")."""
    stored = story(*first, lang=lang)
    new = story(*second, feed=FEED_B, at=T0 + timedelta(hours=2), lang=lang)
    decision = decide(new, candidate(stored))
    assert (decision.kind is not DedupeKind.NEW) is merged, decision.reason


KHARKIV_DE = ("Nach Drohnenangriff: Tote und Verletzte in Charkiw",
              "Bei einem nächtlichen Drohnenangriff sind zwei Menschen getötet worden, zwölf "
              "wurden verletzt.")
MANNHEIM_DE = ("Schüsse in Mannheimer Innenstadt – ein Toter",
               "Ein Mann wurde am Abend erschossen, der Täter ist flüchtig.")


@pytest.mark.parametrize(("first", "second", "merged"), [
    (KHARKIV_DE, ("Saporischschja unter Beschuss – Tote nach Drohnenangriff",
                  "Bei dem nächtlichen Drohnenangriff wurden Menschen getötet, teilte der "
                  "Gouverneur mit."), False),
    (("Explosionen in Odessa nach Drohnenangriff",
      "Nach einem nächtlichen Angriff mit Drohnen brennt es im Hafen."),
     ("Drohnenangriff: Explosionen auch in Dnipro",
      "In der Nacht griffen russische Drohnen die Stadt an, es brennt in einem "
      "Industriegebiet."), False),
    (MANNHEIM_DE, ("Ein Toter nach Schüssen in Dortmund",
                   "Am Abend ist ein Mann erschossen worden, die Polizei sucht den Täter."), False),
    (KHARKIV_DE, ("Charkiw unter Beschuss – Tote nach Drohnenangriff",
                  "Bei dem nächtlichen Drohnenangriff auf die Stadt wurden Menschen getötet, "
                  "teilte der Gouverneur mit."), True),
    (MANNHEIM_DE, ("Ein Toter nach Schüssen in Mannheim",
                   "Am Abend ist ein Mann in der Innenstadt erschossen worden, die Polizei sucht "
                   "den Täter."), True),
], ids=["kharkiv-and-zaporizhzhia", "odesa-and-dnipro", "mannheim-and-dortmund",
        "kharkiv-twice", "mannheimer-and-mannheim"])
def test_german_reports_placed_in_two_cities_are_two_events(first, second, merged):
    """A German headline that says where ("in Charkiw", "nahe Dresden") and another report that
    never mentions the place but names its own ("Saporischschja unter Beschuss", "in Dnipro")
    are two events of one kind, as two English headlines naming each its own place are; a
    place written as its adjective ("Mannheimer" / "Mannheim") is the same place."""
    stored = story(*first, lang="de")
    new = story(*second, feed=FEED_B, at=T0 + timedelta(hours=1), lang="de")
    decision = decide(new, candidate(stored))
    assert (decision.kind is not DedupeKind.NEW) is merged, decision.reason


@pytest.mark.parametrize(("headline", "places"), [
    ("Nach Drohnenangriff: Tote und Verletzte in Charkiw", ["chark"]),
    ("Festnahme nahe Dresden nach Anschlag", ["dresd"]),
    ("Waffenruhe im Gazastreifen tritt in Kraft", []),
    ("Koalition einigt sich auf Abschaffung des Bürgergelds", []),
    ("Brandanschlag auf Strommasten in Berlin", ["berli"]),
], ids=["in-a-city", "near-a-city", "in-kraft-is-no-place", "auf-a-noun-is-no-place",
        "auf-a-noun-in-a-city"])
def test_german_places_are_read_after_in_aus_nahe(headline, places):
    assert dedupe._places(dedupe.features(headline, "", "de")) == places


@pytest.mark.parametrize(("stem", "text", "mentioned"), [
    ("genf", "Genfer Gespräche über den Friedensplan", True),
    ("hongk", "Brand in Hongkonger Wohnanlage", True),
    ("mannh", "Ein Mann wurde am Abend erschossen", False),
    ("ber", "Der Flugbetrieb wurde vorübergehend eingestellt", False),
], ids=["a-city-and-its-adjective", "two-forms-of-a-name", "not-a-shorter-word",
        "not-inside-a-compound"])
def test_a_place_is_mentioned_in_another_form_of_its_name(stem, text, mentioned):
    assert dedupe._mentions_stem(stem, dedupe.features(text, "", "de")) is mentioned


@pytest.mark.parametrize(("lang", "first", "second"), [
    ("de", ("Brandanschlag auf Kabelschacht: Tausende Haushalte in Leipzig ohne Strom",
            "Unbekannte haben in der Nacht Kabel an einem Umspannwerk in Brand gesetzt. Betroffen "
            "sind mehrere Stadtteile im Leipziger Westen."),
     ("Stromausfall in Leipzig nach Brandanschlag auf Umspannwerk",
      "Nach einem Brandanschlag in der Nacht sind Tausende Haushalte im Leipziger Westen "
      "betroffen. Die Polizei ermittelt.")),
    ("en", ("Storm leaves 300,000 homes in Ontario without power",
            "An ice storm brought down lines across southern Ontario overnight, the utility said."),
     ("Ice storm causes widespread power outage in Ontario",
      "Hundreds of thousands of homes in southern Ontario lost power as ice brought down lines "
      "overnight, the utility said.")),
    ("uk", ("Після атаки по Харкову тисячі абонентів без світла",
            "Російські дрони вдарили по енергетичному об'єкту в Харкові вночі, повідомив мер Ігор "
            "Терехов."),
     ("Знеструмлення в Харкові після нічної атаки дронів",
      "Російські дрони вночі пошкодили енергетичний об'єкт у Харкові, тисячі абонентів "
      "знеструмлені, повідомив Терехов.")),
], ids=["de-ohne-strom", "en-without-power", "uk-bez-svitla"])
def test_people_without_power_is_an_outage_not_a_denial(lang, first, second):
    """"Without power" ("ohne Strom", "без світла") tells of an outage, as "power outage"
    ("Stromausfall", "знеструмлення") does: no negation that would make the two opposites."""
    stored = story(*first, lang=lang)
    new = story(*second, feed=FEED_B, at=T0 + timedelta(hours=1), lang=lang)
    decision = decide(new, candidate(stored))
    assert decision.kind is DedupeKind.CLUSTER, decision.reason


@pytest.mark.parametrize(("lang", "first", "second", "merged"), [
    ("en", ("Gaza ceasefire holds despite sporadic fire",
            "The truce between Israel and Hamas in Gaza held on Sunday despite several exchanges "
            "of fire, mediators said."),
     ("Gaza ceasefire collapses amid heavy fire",
      "Fighting resumed across Gaza on Sunday as the truce between Israel and Hamas broke down, "
      "mediators said."), False),
    ("de", ("Gaza: Waffenruhe hält trotz Schüssen",
            "Die Feuerpause zwischen Israel und der Hamas im Gazastreifen hielt am Sonntag trotz "
            "vereinzelter Schüsse, teilten Vermittler mit."),
     ("Gaza: Waffenruhe nach Schüssen zusammengebrochen",
      "Die Feuerpause zwischen Israel und der Hamas im Gazastreifen ist nach neuen Schüssen am "
      "Sonntag am Ende, teilten Vermittler mit."), False),
    ("en", ("Gaza ceasefire holds despite sporadic fire",
            "The truce between Israel and Hamas in Gaza held on Sunday despite several exchanges "
            "of fire, mediators said."),
     ("Gaza truce holds as mediators report calm",
      "The ceasefire between Israel and Hamas in Gaza held on Sunday after sporadic exchanges "
      "of fire, mediators said."), True),
    ("en", ("Gaza ceasefire on the brink as Israel strikes Khan Younis",
            "The truce between Israel and Hamas in Gaza came close to collapse on Sunday after "
            "Israeli strikes, mediators said."),
     ("Gaza ceasefire back in force after a day of strikes, Israel says",
      "The truce between Israel and Hamas in Gaza was restored on Sunday evening after a day of "
      "strikes, mediators said."), False),
    ("en", ("Gaza ceasefire in tatters as Israel launches wave of strikes",
            "Israel struck targets across Gaza on Sunday after accusing Hamas of attacking its "
            "troops in Rafah, mediators said."),
     ("Israel says it has resumed enforcing the Gaza ceasefire",
      "The Israeli military said on Sunday evening that the truce in Gaza was back in effect "
      "after a day of strikes, mediators said."), False),
    ("en", ("Israel strikes Gaza, says Hamas violated ceasefire",
            "Israel struck targets across Gaza on Sunday after accusing Hamas of attacking its "
            "troops in Rafah, mediators said."),
     ("Israel hits Gaza after saying Hamas violated truce in Rafah",
      "Israeli jets struck targets across Gaza on Sunday after the army accused Hamas of an "
      "attack on its troops in Rafah, mediators said."), True),
    ("en", ("Trump announces ceasefire between Armenia and Azerbaijan",
            "Donald Trump said Armenia and Azerbaijan had agreed to stop fighting along their "
            "border from midnight, after talks with both leaders."),
     ("Azerbaijan shells Armenian villages, accusing Armenia of breaching ceasefire",
      "Azerbaijani forces shelled villages along the border on Tuesday morning, hours after "
      "the truce between Armenia and Azerbaijan announced by Donald Trump."), False),
    ("en", ("Trump announces ceasefire between Armenia and Azerbaijan",
            "Donald Trump said Armenia and Azerbaijan had agreed to stop fighting along their "
            "border from midnight, after talks with both leaders."),
     ("Armenia and Azerbaijan agree to ceasefire, Trump announces",
      "Armenia and Azerbaijan will stop fighting along their border from midnight, Donald "
      "Trump said after talks with both leaders."), True),
], ids=["en-holds-and-collapses", "de-haelt-and-zusammengebrochen", "en-holds-twice",
        "en-on-the-brink-and-back-in-force", "en-in-tatters-and-enforced-again",
        "en-violated-twice", "en-announced-and-breached", "en-announced-twice"])
def test_a_ceasefire_that_holds_and_one_that_collapses_are_two_stories(lang, first, second,
                                                                       merged):
    """With the place and the parties in both summaries, only the outcome tells them apart
    (`monitor.opposites`, "survive"); two reports that it holds are one."""
    stored = story(*first, lang=lang)
    new = story(*second, feed=FEED_B, at=T0 + timedelta(hours=1), lang=lang)
    decision = decide(new, candidate(stored))
    assert (decision.kind is not DedupeKind.NEW) is merged, decision.reason


@pytest.mark.parametrize(("lang", "first", "second", "merged"), [
    ("ru", ("Ушаков: переговоры Путина и Си начнутся в формате один на один",
            "Переговоры Владимира Путина и Си Цзиньпина в Пекине начнутся в формате один на "
            "один, затем продолжатся с участием делегаций, сообщил Юрий Ушаков."),
     ("Переговоры Путина и Си пройдут в расширенном составе вместо встречи один на один",
      "Переговоры Владимира Путина и Си Цзиньпина в Пекине пройдут сразу в расширенном "
      "составе, сообщил Юрий Ушаков."), False),
    ("en", ("Leaders' summit to be held in Vienna, officials say",
            "The summit of the two leaders will take place in Vienna next month, officials "
            "from both governments said on Monday."),
     ("Leaders' summit moved to Geneva instead of Vienna",
      "The summit of the two leaders will take place in Geneva next month, officials from "
      "both governments said on Monday evening."), False),
    ("en", ("Leaders' summit to be held in Geneva, officials say",
            "The summit of the two leaders will take place in Geneva next month, officials "
            "from both governments said on Monday."),
     ("Leaders' summit moved to Geneva instead of Vienna",
      "The summit of the two leaders will take place in Geneva next month, officials from "
      "both governments said on Monday evening."), True),
], ids=["ru-instead-of-what-the-other-reports", "en-instead-of-the-place-reported",
        "en-instead-of-what-neither-reported"])
def test_a_headline_saying_instead_of_what_the_other_reports_contradicts_it(
        lang, first, second, merged):
    """"X instead of Y" after a report of Y reverses it; after a report of X it is the same
    news."""
    stored = story(*first, lang=lang)
    new = story(*second, feed=FEED_B, at=T0 + timedelta(hours=3), lang=lang)
    decision = decide(new, candidate(stored))
    assert (decision.kind is not DedupeKind.NEW) is merged, decision.reason


@pytest.mark.parametrize(("lang", "first", "second", "opposite"), [
    ("de", "Merz verfehlt im ersten Wahlgang die Kanzlermehrheit",
     "Merz erreicht im zweiten Wahlgang die Kanzlermehrheit", True),
    ("en", "Team misses World Cup final", "Team reaches World Cup final", True),
    ("de", "Merz verfehlt die Kanzlermehrheit", "Merz scheitert im ersten Wahlgang", False),
], ids=["de-verfehlt-erreicht", "en-misses-reaches", "de-two-failures"])
def test_a_goal_reached_and_one_missed_are_opposite_outcomes(lang, first, second, opposite):
    """Read as opposite outcomes (`monitor/opposites.py`), or, where the miss is said with a
    word for failing ("verfehlt", as "scheitert"), as opposite polarity."""
    a, b = dedupe.features(first, "", lang), dedupe.features(second, "", lang)
    reason = dedupe.contradiction(a, b) or ""
    assert ("reach" in reason or reason == "opposite polarity") is opposite, reason


@pytest.mark.parametrize(("lang", "first", "second", "opposite"), [
    ("en", "Bukayo Saka signs new four-year Arsenal contract",
     "Bukayo Saka to leave Arsenal at end of season", True),
    ("de", "Thomas Müller verlängert Vertrag beim FC Bayern",
     "Thomas Müller verlässt den FC Bayern im Sommer", True),
    ("en", "Bukayo Saka signs new four-year Arsenal contract",
     "Arsenal confirm Bukayo Saka has signed new deal", False),
], ids=["en-signs-new-to-leave", "de-verlaengert-verlaesst", "en-two-reports-of-the-signing"])
def test_a_player_staying_and_leaving_are_opposite_outcomes(lang, first, second, opposite):
    a, b = dedupe.features(first, "", lang), dedupe.features(second, "", lang)
    reason = dedupe.contradiction(a, b) or ""
    assert ("stay" in reason) is opposite, reason


@pytest.mark.parametrize(("lang", "first", "second", "opposite"), [
    ("en", "Poll: Cuomo closes gap on Mamdani in final week",
     "Poll: Mamdani extends lead over Cuomo in final week", True),
    ("ru", "Опрос: Симион сократил отрыв от Дана", "Опрос: Дан увеличил отрыв от Симиона", True),
    ("en", "Poll: Cuomo closes gap on Mamdani in final week",
     "Cuomo narrows gap with Mamdani, new poll shows", False),
], ids=["en-closes-gap-extends-lead", "ru-gap-cut-and-grown", "en-two-reports-of-one-poll"])
def test_a_lead_growing_and_a_gap_closing_are_two_polls(lang, first, second, opposite):
    """Read as opposite outcomes ("lead" in `monitor/opposites.py`), or, where the words for
    the gap are words for a rise and a fall ("сократил" / "увеличил"), as opposite directions."""
    a, b = dedupe.features(first, "", lang), dedupe.features(second, "", lang)
    reason = dedupe.contradiction(a, b)
    assert (reason is not None) is opposite, reason


@pytest.mark.parametrize(("lang", "headline"), [
    ("ru", "Умеров прибыл в Женеву на переговоры"),
    ("uk", "Умєров: у Женеві досягли значного прогресу"),
], ids=["ru-umerov", "uk-umerov"])
def test_a_surname_is_no_word_for_dying(lang, headline):
    """"умер" is listed as written only: its stem is the surname's ("Умеров" without "-ов")."""
    assert "~died" not in dedupe.features(headline, "", lang).title_set


# Shared names whose spellings are words for what happened, by design: a trip, a cancellation,
# an arrest warrant; and Kyiv, a concept of its own spellings.
_ENTITIES_OF_EVENT_WORDS = {"travel", "called_off", "icc", "kyiv"}


def test_no_name_of_the_shared_entities_reads_as_a_word_of_the_paraphrase_table():
    """A person's or place's name that the paraphrase table claims through a short word's stem
    ("Умеров" as "умер") would read as what happened: `rules/entities.yaml` names every
    spelling the topics know, in the forms a headline uses."""
    entities = yaml.safe_load((Path(__file__).resolve().parent.parent / "rules" /
                               "entities.yaml").read_text(encoding="utf-8"))
    claimed = []
    for entity, value in entities.items():
        if entity in _ENTITIES_OF_EVENT_WORDS:
            continue
        for name in value["names"] if isinstance(value, dict) else value:
            for token in dedupe._WORD.findall(name):
                cyrillic = bool(dedupe._CYRILLIC.search(token))
                forms = (token, token + "а", token + "у") if cyrillic else (token, token + "s")
                for lang in ("ru", "uk") if cyrillic else ("en", "de"):
                    for form in forms:
                        folded = dedupe._fold_token(form, lang)
                        if folded and dedupe._comparable(folded, lang).startswith("~"):
                            claimed.append(f"{entity}: {form} ({lang})")
    assert not claimed, claimed


def test_the_opposites_table_reads_both_sides_and_continuations():
    table = "# comment\nwin: wins won\n  gewinnt | loses\n    verliert\n"
    assert opposites.pairs(table) == [("win", ("wins", "won", "gewinnt"), ("loses", "verliert"))]


@pytest.mark.parametrize("table", ["  wins | loses\n", "win wins | loses\n", "win: wins loses\n",
                                   "win: | loses\n", "two words: wins | loses\n"],
                         ids=["words-before-a-concept", "no-colon", "no-bar", "one-side-empty",
                              "name-with-a-space"])
def test_a_malformed_opposites_table_is_refused(table):
    with pytest.raises(ValueError, match="opposites table"):
        opposites.pairs(table)


def test_no_word_of_the_opposites_table_is_on_both_sides_of_a_concept():
    for concept, positive, negative in opposites.pairs():
        both = set(map(str.lower, positive)) & set(map(str.lower, negative))
        assert not both, f"{concept}: {sorted(both)}"


@pytest.mark.parametrize(("words", "stem"), [
    ("kills killed killing kill", "kill"), ("hits hit hitting", "hit"),
    ("rates rate rated", "rate"), ("cuts cut cutting", "cut"), ("wins win winning", "win"),
    ("closes closed closing close", "close"), ("denies denied deny", "deny"),
    ("agrees agreed agree", "agree"), ("frees freed free", "free"), ("stole stolen", "stole"),
    ("drones drone", "drone"), ("taxes tax", "tax"), ("stopped stop stops", "stop"),
])
def test_english_forms_of_a_word_share_a_stem_whatever_their_length(words, stem):
    assert {dedupe._stem(word, "en") for word in words.split()} == {stem[:dedupe.STEM_LEN]}


@pytest.mark.parametrize(("words", "stem"), [
    ("Київ Києва Києві Києвом", "kyiv"), ("Львів Львова Львові", "lviv"),
    ("дім дому", "dim"), ("рік року", "rik"), ("Харків Харкова Харкові", "khark"),
    ("Зеленський Зеленського", "zelen"),  # (a long word is cut before the alternating syllable)
    ("Росія Росії Росію Росією", "ris"), ("Італія Італії Італією", "ital"),
], ids=["kyiv", "lviv", "dim", "rik", "kharkiv", "zelensky", "russia", "italy"])
def test_ukrainian_cases_of_a_word_share_a_stem(words, stem):
    assert {dedupe._token(word, "uk")[1] for word in words.split()} == {stem}


@pytest.mark.parametrize(("words", "stem"), [
    ("Россия России Россию Россией", "ross"), ("Сирия Сирии Сирию", "sir"),
    ("армия армии армию", "arm"), ("Украина Украины Украине", "ukrai"),
], ids=["russia", "syria", "army", "ukraine"])
def test_russian_cases_of_a_word_share_a_stem(words, stem):
    assert {dedupe._token(word, "ru")[1] for word in words.split()} == {stem}


@pytest.mark.parametrize(("lang", "words", "stem"), [
    ("de", "Bundestag Bundestages Bundestagswahl", "bundestag"),
    ("de", "Bundesrat Bundesrats", "bundesrat"),
    ("ru", "Бундестаг Бундестага", "bundestag"),
    ("de", "Staatsanwaltschaft Staatsanwalt", "staatsanw"),
], ids=["bundestag", "bundesrat", "ru-bundestag", "staatsanwalt"])
def test_compounds_of_a_wide_prefix_keep_their_next_letters(lang, words, stem):
    # (with the prefix's first five letters alone, Bundestag and Bundesrat would be one word)
    assert {dedupe._token(word, lang)[1] for word in words.split()} == {stem}


def test_the_paraphrase_table_reads_concepts_continuations_and_comments():
    table = "# a comment\ncut: cuts trims  # why: ...\n    slashes\n\nwin: wins\n"
    assert paraphrase.concepts(table) == [("cut", ("cuts", "trims", "slashes")),
                                          ("win", ("wins",))]


@pytest.mark.parametrize("table", ["    cuts trims\n", "cut cuts trims\n", "two words: x\n"],
                         ids=["words-before-a-concept", "no-colon", "name-with-a-space"])
def test_a_malformed_paraphrase_table_is_refused(table):
    with pytest.raises(ValueError, match="paraphrase table"):
        paraphrase.concepts(table)


def test_no_word_of_the_paraphrase_table_stands_for_two_concepts():
    *_, clashes = dedupe._concept_table()
    assert not clashes, "\n".join(clashes)
    assert all(len(name) <= dedupe.CONCEPT_NAME for name, _ in paraphrase.concepts())


@pytest.mark.parametrize(("lang", "first", "second"), [
    ("en", "Fed cuts rates", "Federal Reserve trims rates"),
    ("en", "Suspect apprehended", "Suspect arrested"),
    ("de", "Verdächtiger festgenommen", "Verdächtiger verhaftet"),
    ("ru", "Банк снизил ставку", "Банк понизил ставку"),
    ("uk", "Нацбанк знизив ставку", "Нацбанк понизив ставку"),
    ("de", "Flughafen München stoppt Flugbetrieb", "Münchner Airport stoppt Flugbetrieb"),
    ("uk", "Ракетний удар по Тернополю", "Росіяни вдарили ракетами по Тернополю"),
    ("de", "Orkantief legt Bahnverkehr lahm", "Sturmtief legt Bahnverkehr lahm"),
    ("ru", "В Новосибирске обрушилась крыша", "В Новосибирске рухнула кровля"),
    ("de", "Großbrand in Hamburg-Billbrook", "Lagerhalle in Hamburg brennt"),
    ("en", "Blaze at Oldham mill", "Fire at Oldham mill"),
    ("uk", "Рада звільнила міністра юстиції", "Депутати звільнили міністра юстиції"),
    ("de", "Parlament stimmt für Rentenreform", "Abgeordnete stimmen für Rentenreform"),
    ("en", "Thieves hit Louvre gallery", "Louvre gallery heist"),
    ("ru", "ЦБ смягчил денежную политику", "ЦБ снизил ключевую ставку"),
], ids=["en-cut-trim", "en-apprehend-arrest", "de-festnehmen-verhaften", "ru-snizit-ponizit",
        "uk-znyzyty-ponyzyty", "de-flughafen-airport", "uk-udar-vdaryty",
        "de-orkantief-sturmtief", "ru-roof-collapsed", "de-grossbrand-brennt", "en-blaze-fire",
        "uk-rada-deputies", "de-parlament-abgeordnete", "en-thieves-heist",
        "ru-easing-a-cut"])
def test_words_the_paraphrase_table_joins_count_as_shared(lang, first, second):
    a, b = dedupe.features(first, "", lang), dedupe.features(second, "", lang)
    shared = a.title_set & b.title_set
    assert len(shared) >= 2 and any(stem.startswith("~") for stem in shared), shared


@pytest.mark.parametrize(("lang", "first", "second"), [
    ("en", "Prices rise", "Prices fall"), ("en", "Trump wins", "Trump loses"),
    ("en", "Talks postponed", "Talks cancelled"), ("en", "Two injured", "Two killed"),
    ("de", "Waffenruhe verlängert", "Waffen geliefert"),
    ("en", "Coach fired", "Fire at stadium"), ("de", "Brandenburg wählt", "Brand in Cottbus"),
    ("de", "Feuerwehr im Einsatz", "Feuer in Cottbus"),
], ids=["rise-fall", "win-lose", "postpone-cancel", "injured-killed", "waffenruhe-waffen",
        "fired-is-no-fire", "brandenburg-is-no-brand", "feuerwehr-is-no-feuer"])
def test_the_paraphrase_table_keeps_different_meanings_apart(lang, first, second):
    a, b = dedupe.features(first, "", lang), dedupe.features(second, "", lang)
    assert len(a.title_set & b.title_set) <= 1


@pytest.mark.parametrize(("text", "lang", "concept"), [
    ("Alexei Navalny was poisoned, European governments say", "en", "~navy"),
], ids=["navalny-is-no-navy"])
def test_a_name_whose_stem_a_short_word_lends_is_no_concept(text, lang, concept):
    assert concept not in dedupe.features(text, "", lang).stems


@pytest.mark.parametrize(("text", "lang", "numbers"), [
    ("Strike on one of the largest plants kills one", "en", {"1"}),
    ("Один из крупнейших заводов остановлен", "ru", set()),
    ("Three jets violate Estonian airspace", "en", {"3"}),
])
def test_one_of_a_group_is_no_number(text, lang, numbers):
    assert set(dedupe.features(text, "", lang).title_numbers) == numbers


@pytest.mark.parametrize(("headline", "lang"), [
    ("Louvre robbery: Priceless jewels stolen in seven-minute heist", "en"),
    ("Louvre-Einbruch: Zwei Verdächtige festgenommen", "de"),
    ("Chipmangel: Volkswagen droht Stillstand der Produktion", "de"),
])
def test_a_label_before_a_colon_is_no_speaker(headline, lang):
    assert dedupe.features(headline, "", lang).speaker == frozenset()


@pytest.mark.parametrize(("lang", "headline", "expected"), headline_rows("speakers.tsv"))
def test_the_headline_names_who_it_quotes(lang, headline, expected):
    speaker = dedupe.features(headline, "", lang).speaker
    assert speaker == (frozenset() if expected == "-" else frozenset(expected.split()))


@pytest.mark.parametrize(("first", "second", "differ"), [
    ("Russian strike on Kharkiv kills 3", "Russian strike on Kharkiv kills 5", True),
    ("Inflation steigt auf 2,4 Prozent", "Inflation steigt auf 2,2 Prozent", True),
    ("Air force downs 58 of 64 drones", "Air force downs 71 of 86 drones", True),
    ("Russia fires 50 missiles and 500 drones at Ukraine", "Russian strikes on Ukraine kill 5",
     False),
    ("Three jets violate Estonian airspace", "MiG-31s spend 12 minutes in Estonian airspace",
     False),
    ("Hamas hands over first seven hostages", "Hamas releases all 20 living Israeli hostages",
     True),
    ("Fighter jets violate Estonian airspace for 12 minutes",
     "Estonia summons diplomat after MiG-31s enter its airspace", False),
    ("Unemployment tops three million for the first time since 2015",
     "Unemployment tops three million for the first time in 10 years", False),
    ("Unemployment tops three million, the most since 2015",
     "Unemployment tops three million, the most since 2016", True),
    ("Transit pass will cost 63 euros from January", "Transit pass price rises by 5 euros",
     False),
    ("EZB lässt Leitzins unverändert bei 2,0 Prozent", "EZB lässt Leitzins unverändert bei 2 "
     "Prozent", False),
    ("EZB lässt Leitzins unverändert bei 2,0 Prozent", "EZB lässt Leitzins unverändert bei 2,5 "
     "Prozent", True),
], ids=["same-count", "same-percentage", "same-ratio", "different-things", "jets-and-minutes",
        "count-after-an-adjective", "a-model-is-no-count", "a-year-and-a-span-of-years",
        "two-years", "a-change-beside-a-price", "zeros-of-decimals", "another-decimal"])
def test_numbers_differ_only_next_to_the_same_word(first, second, differ):
    a, b = dedupe.features(first, "", "en"), dedupe.features(second, "", "en")
    reason = dedupe.contradiction(a, b)
    assert (reason == "different numbers") is differ, reason


def test_a_copy_writing_a_number_with_the_zeros_of_its_decimals_joins_its_original():
    summary = ("Nvidia forecast fourth-quarter revenue above Wall Street estimates on Wednesday "
               "and reported third-quarter revenue of ${} billion, up 62% from a year earlier.")
    title = "Nvidia forecasts fourth-quarter revenue above estimates on AI chip demand"
    original = story(title, summary.format("57"), key="o")
    copy = story(title, summary.format("57.0"), feed=FEED_B, key="c",
                 at=T0 + timedelta(minutes=15))
    # (exact since stop 24: "$57 billion" and "$57.0 billion" both read as 57000000000)
    assert decide(copy, candidate(original)).kind in {DedupeKind.EXACT, DedupeKind.NEAR}
    other = story(title, summary.format("57.5"), feed=FEED_B, key="d",
                  at=T0 + timedelta(minutes=15))
    assert decide(other, candidate(original)).kind is DedupeKind.NEW


@pytest.mark.parametrize(("lang", "first", "second", "differ"), [
    ("uk", "Китай п'ятий місяць поспіль зберіг базові ставки",
     "Китай шостий місяць поспіль зберіг базові ставки", True),
    ("ru", "ЦБ в пятый раз подряд сохранил ключевую ставку",
     "ЦБ в шестой раз подряд сохранил ключевую ставку", True),
    ("de", "Arbeitslosigkeit steigt zum fünften Mal in Folge",
     "Arbeitslosigkeit steigt zum sechsten Mal in Folge", True),
    ("en", "Inflation falls for the fifth month in a row",
     "Inflation falls for the sixth month in a row", True),
    ("uk", "НБУ втретє поспіль зберіг облікову ставку на рівні 15,5%",
     "НБУ вчетверте поспіль зберіг облікову ставку на рівні 15,5%", True),
    ("en", "Runoff looms as first round results come in",
     "Runoff looms as second round results come in", True),
    ("uk", "Китай п'ятий місяць поспіль зберіг базові ставки",
     "Китай 5-й місяць поспіль зберіг базові ставки", False),
    ("de", "Arbeitslosigkeit steigt zum fünften Mal in Folge",
     "Arbeitslosigkeit steigt zum 5. Mal in Folge", False),
    ("en", "Inflation falls for the fifth month in a row",
     "Inflation falls for the 5th month in a row", False),
], ids=["uk-fifth-and-sixth-month", "ru-fifth-and-sixth-time", "de-fifth-and-sixth-time",
        "en-fifth-and-sixth-month", "uk-third-and-fourth-time-adverbs",
        "en-first-and-second-round", "uk-fifth-in-words-and-digits",
        "de-fifth-in-words-and-digits", "en-fifth-in-words-and-digits"])
def test_an_ordinal_in_words_reads_as_its_number(lang, first, second, differ):
    """A monthly figure's headline counts the months in words ("п'ятий" / "шостий місяць
    поспіль"): two months, two stories; the same count in words and digits is one."""
    a, b = dedupe.features(first, "", lang), dedupe.features(second, "", lang)
    assert (dedupe.contradiction(a, b) is not None) is differ


@pytest.mark.parametrize(("lang", "title", "numbers"), [
    ("en", "Alcaraz reaches US Open semi-final", set()),
    ("en", "Some shops closed as storm hits Cornwall", set()),
    ("ru", "Семи участникам акции назначили штрафы", {"7"}),
    ("uk", "Сім людей загинули внаслідок удару", {"7"}),
    ("en", "Seven killed in blast", {"7"}),
], ids=["en-semi-is-no-seven", "en-some-is-no-seventh", "ru-seven-in-an-oblique-case",
        "uk-seven", "en-seven"])
def test_a_number_word_is_read_in_its_own_script_only(lang, title, numbers):
    """Russian "семи" and Ukrainian "сьоме", romanised, spell English "semi" and "some":
    neither makes an English headline count seven."""
    assert set(dedupe.features(title, "", lang).title_numbers) == numbers


@pytest.mark.parametrize(("first", "second", "lang"), [
    ("Tram hits pedestrian in Salford at around 7.30am",
     "Tram hits pedestrian in Salford at about 7:30 a.m.", "en"),
    ("Bombe in Köln wird um 19.30 Uhr entschärft", "Bombe in Köln wird um 19:30 Uhr entschärft",
     "de"),
], ids=["en-british-and-american-times", "de-dot-and-colon-times"])
def test_a_time_of_day_written_two_ways_is_one_time(first, second, lang):
    """"7.30am" and "7:30 a.m.", "19.30 Uhr" and "19:30 Uhr" are one time, no new fact."""
    a, b = dedupe.features(first, "", lang), dedupe.features(second, "", lang)
    assert dedupe.contradiction(a, b) is None
    assert dedupe.features("Inflation at 7.30 percent", "", "en").title_numbers
    assert "am" not in dedupe._prepare("Anpfiff 20.30 am Samstag").split()[1]  # no a.m. at 20


@pytest.mark.parametrize(("first", "second", "apart"), [
    ("seit Anfang Juli", "seit 1. Juli", False),
    ("bis Ende März", "bis 31. März", False),
    ("seit 3. Juli", "seit 1. Juli", True),
], ids=["de-early-in-the-month", "de-end-of-the-month", "de-another-day"])
def test_a_day_of_the_month_for_its_part_of_the_month_is_no_new_fact(first, second, apart):
    """A copy that dates "Anfang Juli" as "1. Juli" tells the same date more precisely; two
    days of the month are two dates."""
    summary = ("Der Ministerpräsident ist zu Gesprächen mit dem Kanzler in Berlin eingetroffen. "
               "Sein Land hat {} den Vorsitz im Rat der Europäischen Union inne.")
    a = dedupe.features("Ministerpräsident zu Besuch in Berlin", summary.format(first), "de")
    b = dedupe.features("Ministerpräsident zu Besuch in Berlin", summary.format(second), "de")
    assert (dedupe.contradiction(a, b) is not None) is apart


@pytest.mark.parametrize(("first", "second", "lang"), [
    ("Water supply restored to homes in Sheffield after burst main",
     "Thousands in Sheffield still without water after burst main", "en"),
    ("Stromversorgung in Dresden wiederhergestellt",
     "Tausende in Dresden weiterhin ohne Strom", "de"),
    ("У Харкові відновили електропостачання", "Харків досі без світла після удару", "uk"),
], ids=["en-water", "de-power", "uk-power"])
def test_a_supply_restored_and_still_cut_are_two_stories(first, second, lang):
    """A supply back and a supply still cut are two steps of one outage."""
    a, b = dedupe.features(first, "", lang), dedupe.features(second, "", lang)
    assert dedupe.contradiction(a, b) is not None


@pytest.mark.parametrize(("lang", "first", "second", "joins"), [
    ("uk", "На Сумщині через обстріл загинули двоє людей",
     "У Сумській області через обстріл загинули двоє людей", True),
    ("uk", "На Одещині знеструмлено понад 100 тисяч абонентів",
     "В Одеській області знеструмлено понад 100 тисяч абонентів", True),
    ("ru", "В Подмосковье сбили беспилотник", "В Московской области сбили беспилотник", True),
    ("ru", "В Приамурье нашли обломки Ан-24", "В Амурской области нашли обломки Ан-24", True),
    ("uk", "Дрон упав на Курщині", "Дрон упав у Курській області", True),
    ("uk", "На Сумщині через обстріл загинули двоє людей",
     "У Сумах через обстріл загинули двоє людей", False),
    ("uk", "Дрон упав у Курській області", "Дрон упав у Курську", False),
    ("ru", "Беспилотник атаковал Подмосковье", "Беспилотник атаковал Брянскую область", False),
    ("uk", "Ворог атакував Сумщину дронами", "Ворог атакував Полтавщину дронами", False),
], ids=["uk-sumshchyna", "uk-odeshchyna", "ru-podmoskovye", "ru-priamurye", "uk-kurshchyna",
        "uk-region-is-not-its-city", "uk-kursk-region-is-not-the-city",
        "ru-another-region", "uk-another-region"])
def test_a_region_named_by_its_other_name_is_one_region(lang, first, second, joins):
    """"На Сумщині" is "у Сумській області", "Подмосковье" "Московская область"; the city of
    the same name, or another region, is another place."""
    assert another_feeds_copy_joins((first, ""), (second, ""), lang, timedelta(minutes=30)) \
        is joins


def another_feeds_copy_joins(original: tuple[str, str], copy: tuple[str, str], lang: str,
                             after: timedelta) -> bool:
    """Whether `copy` (headline, summary), listed by another feed `after` the `original`, joins
    the original's story."""
    first = story(*original, lang=lang, key="o")
    second = story(*copy, lang=lang, feed=FEED_B, key="c", at=T0 + after)
    return decide(second, candidate(first)).kind is not DedupeKind.NEW


_WIRE = {
    "uk": ("Повітряні сили: за ніч збито 47 з 60 ворожих дронів",
           "Уночі Росія запустила по Україні 60 ударних БпЛА типу {}, сили ППО знешкодили 47 "
           "з них, влучання зафіксовано на {} локаціях."),
    "ru": ("Трамп допустил передачу Украине дальнобойных ракет",
           "Президент США заявил, что может передать Киеву ракеты {}, если Москва не "
           "согласится на перемирие, сообщили в {} регионах."),
    "en-sudan": ("Sudan's {} says it has seized El Fasher, the army's last Darfur stronghold",
                 "Sudan's paramilitary {} said on Sunday it had taken control of El Fasher after "
                 "an 18-month siege, a claim that would leave the army without a foothold."),
    "ru-rkn": ("Звонки в Telegram и WhatsApp частично ограничены",
               "В среду {} ввел частичные ограничения на голосовые звонки в мессенджерах "
               "Telegram и WhatsApp, объяснив меры борьбой с мошенниками, сообщили {}."),
    "ru-league": ("«Краснодар» впервые стал чемпионом России по футболу",
                  "«Краснодар» в заключительном туре обыграл московское «Динамо» со счетом 3:0 "
                  "и впервые завоевал золото. «{}» финишировал вторым, отстав на {} очко."),
    "ru-title": ("«Краснодар» впервые в истории стал чемпионом России по футболу",
                 "«Краснодар» в заключительном{} обыграл московское «Динамо» со счетом 3:0 и "
                 "впервые завоевал золотые медали, сообщила пресс-служба {}."),
    "ru-tennis": ("Медведев вышел в полуфинал турнира ATP",
                  "Даниил Медведев обыграл француза Артура Рэндеркнеша на турнире в {} и "
                  "вышел в полуфинал, где сыграет с победителем пары {}."),
    "en-rates": ("Central bank holds rates at 4% in knife-edge 5-4 vote, signals cuts ahead",
                 "The {} kept interest rates at 4% on Thursday after a 5-4 vote, with Governor "
                 "Andrew Bailey casting the deciding vote, a week after the {} cut."),
    "en-apple": ("Apple to invest additional $100 billion in US manufacturing",
                 "Apple will invest an additional $100 billion in the United States, bringing "
                 "its total to $600 billion, {} Tim Cook said at the White House as the "
                 "company seeks to avoid {} tariffs on its iPhones."),
    "uk-rada": ("Рада ухвалила закон про множинне громадянство",
                "{} отримав право визначати перелік держав, громадянство яких можна мати, "
                "після того як {} ухвалила законопроєкт у цілому та запровадила іспит."),
    "uk-states": ("Зеленський: Москва поспішила відновити діалог після новин про Tomahawk",
                  "Президент заявив, що Росія поспішила відновити діалог {}, щойно почула про "
                  "можливе постачання ракет {}."),
    "ru-visit": ("Спецпосланник США посетит Москву на следующей неделе",
                 "Спецпосланник президента США Стив {} приедет в Москву на следующей неделе "
                 "для встречи с руководством {}, сообщил помощник президента."),
    "en-strike": ("Russian glide bombs strike Kharkiv, injuring at least 30",
                  "Russian glide bombs hit a residential neighbourhood in {} on Sunday, injuring "
                  "at least 30 people including three children, regional {} said."),
    "en-oil": ("Oil jumps after US sanctions Russia's two largest oil companies",
               "Oil prices rose about {} on Thursday after the United States imposed sanctions "
               "on Rosneft and Lukoil, with Brent crude futures climbing to {} a barrel."),
    "de-jobs": ("Zahl der Arbeitslosen steigt erstmals seit 2015 über drei Millionen",
                "Die Zahl der Arbeitslosen ist im August über die Marke von drei Millionen "
                "gestiegen. Die Bundesagentur für Arbeit zählte {} Menschen ohne Job, {} mehr "
                "als im Juli."),
    "en-inflation": ("UK inflation unexpectedly holds steady in September",
                     "UK inflation unexpectedly held at {} in September, official figures show, "
                     "defying forecasts that it would rise to 4%. The {} said rising air fares "
                     "were offset by lower food and petrol prices."),
    "ru-plant": ("АвтоВАЗ переходит на четырехдневку с 29 сентября",
                 "«АвтоВАЗ» с 29 сентября переведет сотрудников на четырехдневную рабочую "
                 "неделю, сообщил президент компании {} Соколов. Под режим попадут около {} "
                 "тыс. человек."),
    "uk-prize": ("Премію з хімії отримали троє вчених за металоорганічні каркаси",
                 "Шведська академія наук присудила премію Сусуму Кітагаві, Річарду Робсону та "
                 "{} за дослідження металоорганічних каркасів, повідомив {}."),
    "uk-bank": ("НБУ підвищив облікову ставку до 14,5%",
                "Правління {} ухвалило рішення підвищити облікову ставку на 1 процентний пункт "
                "— до 14,5%. Регулятор пояснив це прискоренням {} та потребою втримати "
                "ситуацію на валютному ринку, а наступне засідання відбудеться в березні."),
}


@pytest.mark.parametrize(("template", "original", "copy", "joins"), [
    ("uk", ("Shahed", "8"), ("«Шахед»", "восьми"), True),
    ("uk", ("Shahed", "8"), ("Shahed", "восьми"), True),
    ("ru", ("Tomahawk", "5"), ("«Томагавк»", "5"), True),
    ("ru", ("Tomahawk", "5"), ("Tomahawk", "пяти"), True),
    ("uk", ("Shahed", "8"), ("«Гербера»", "8"), False),
    ("uk", ("Shahed", "8"), ("Shahed", "дев'яти"), False),
    ("ru", ("Tomahawk", "5"), ("Taurus", "5"), False),
    ("ru-visit", ("Уиткофф", "России"), ("Виткофф", "РФ"), True),
    ("ru-visit", ("Уиткофф", "России"), ("Уиткофф", "Белоруссии"), False),
    ("uk", ("Shahed", "12"), ("Shahed", "дванадцяти"), True),
    ("uk", ("Shahed", "12"), ("Shahed", "тринадцяти"), False),
    ("en-sudan", ("RSF", "RSF"), ("Rapid Support Forces", "Rapid Support Forces"), True),
    ("en-sudan", ("SAF", "SAF"), ("Rapid Support Forces", "Rapid Support Forces"), False),
    ("ru-rkn", ("Роскомнадзор", "в ведомстве"), ("РКН", "в ведомстве"), True),
    ("ru-rkn", ("Роскомнадзор", "в ведомстве"), ("Минцифры", "в ведомстве"), False),
    ("ru-league", ("Зенит", "одно"), ("Зенит", "1"), True),
    ("ru-league", ("Зенит", "одно"), ("Зенит", "2"), False),
    ("en-apple", ("Chief Executive", "U.S."), ("CEO", "US"), True),
    ("uk-rada", ("Кабмін", "Верховна Рада"), ("Кабінет міністрів", "Рада"), True),
    ("uk-states", ("зі США", "Tomahawk"), ("зі Сполученими Штатами", "Tomahawk"), True),
    ("uk-states", ("зі США", "Tomahawk"), ("з Японією", "Tomahawk"), False),
    ("ru-title", (" туре Российской премьер-лиги", "клуба"), (", 30-м туре РПЛ", "клуба"), True),
    ("ru-title", (" туре Российской премьер-лиги", "клуба"), (", 30-м туре ФНЛ", "клуба"),
     False),
    ("ru-tennis", ("Алма-Ате", "Бублик – Хачанов"), ("Алматы", "Бублик – Хачанов"), True),
    ("ru-tennis", ("Алма-Ате", "Бублик – Хачанов"), ("Астане", "Бублик – Хачанов"), False),
    ("en-rates", ("Bank of England", "Fed"), ("BoE", "Federal Reserve"), True),
    ("en-rates", ("Bank of England", "Fed"), ("BoJ", "Fed"), False),
    ("en-rates", ("Bank of England", "Fed"), ("Bank of England", "ECB"), False),
    ("en-strike", ("Kharkiv", "Gov. Oleh Syniehubov"), ("Kharkov", "Governor Oleh Synehubov"),
     True),
    ("en-strike", ("Kharkiv", "Gov. Oleh Syniehubov"), ("Kharkiv", "Mayor Ihor Terekhov"),
     False),
    ("en-oil", ("5%", "$65.90"), ("5pc", "$65.9"), True),
    ("en-oil", ("5%", "$65.90"), ("7pc", "$65.90"), False),
    ("uk-bank", ("Національного банку України", "інфляції"), ("Нацбанку", "інфляції"), True),
    ("uk-bank", ("Нацбанку", "інфляції"), ("Мінфіну", "інфляції"), False),
    ("de-jobs", ("3,025 Millionen", "46.000"), ("3,03 Mio.", "46.000"), True),
    ("de-jobs", ("3,025 Millionen", "46.000"), ("3,04 Mio.", "46.000"), False),
    ("de-jobs", ("3,025 Millionen", "46.000"), ("3,025 Millionen", "50.000"), False),
    ("de-jobs", ("3,025 Millionen", "1.245"), ("3,025 Millionen", "1.250"), False),
    ("en-inflation", ("3.8%", "Office for National Statistics"), ("3.8%", "ONS"), True),
    ("en-inflation", ("3.8%", "Office for National Statistics"), ("3.8%", "IFS"), False),
    ("en-inflation", ("3.8 per cent", "ONS"), ("3.9%", "ONS"), False),
    ("ru-plant", ("Максим", "40"), ("М.", "40"), True),
    ("ru-plant", ("Максим", "40"), ("Олег", "40"), False),
    ("uk-prize", ("Омару Ягі", "комітет"), ("Омару Ягхі", "комітет"), True),
    ("uk-prize", ("Омару Ягі", "комітет"), ("Омару Ямі", "комітет"), False),
], ids=["uk-name-in-two-scripts-and-a-number-word", "uk-number-word-in-an-oblique-case",
        "ru-name-in-two-scripts", "ru-number-word-in-an-oblique-case", "uk-another-drone",
        "uk-another-number", "ru-another-missile", "ru-two-transliterations-and-an-abbreviation",
        "ru-another-country", "uk-a-teen-in-words", "uk-another-teen",
        "en-an-acronym-spelled-out", "en-another-acronym", "ru-an-agency-abbreviated",
        "ru-another-agency", "ru-one-in-the-neuter", "ru-another-margin",
        "en-ceo-spelled-out", "uk-cabinet-abbreviated", "uk-the-united-states-spelled-out",
        "uk-another-country-written-out", "ru-league-abbreviated",
        "ru-another-league", "ru-city-by-its-two-names", "ru-another-city",
        "en-a-bank-of-and-the-fed-abbreviated", "en-another-bank-of", "en-another-central-bank",
        "en-a-title-abbreviated-and-a-name-transliterated", "en-another-official",
        "en-percent-as-pc-and-a-price-without-its-zero", "en-another-percentage",
        "uk-a-bank-contracted", "uk-another-ministry",
        "de-a-figure-rounded-to-its-last-digit-and-millions-abbreviated",
        "de-a-figure-rounded-otherwise", "de-a-figure-of-two-significant-digits",
        "de-a-figure-rounded-to-tens",
        "en-an-acronym-whose-words-are-written-in-lower-case-too", "en-another-acronym",
        "en-another-figure-in-per-cent", "ru-a-first-name-as-its-initial",
        "ru-another-first-name", "uk-a-name-with-a-letter-doubled",
        "uk-another-name"])
def test_a_wire_copy_spelling_a_name_or_number_otherwise_joins_its_original(
        template, original, copy, joins):
    title, summary = _WIRE[template]
    assert another_feeds_copy_joins((title, summary.format(*original)),
                                    (title, summary.format(*copy)), template[:2],
                                    timedelta(minutes=10)) is joins


@pytest.mark.parametrize(("copy", "joins"), [
    (("Ли Джэ Мён победил на выборах президента Южной Кореи",
      "Кандидат от Демократической партии Ли Джэ Мён набрал 49,4% голосов и стал новым "
      "президентом Южной Кореи."), True),
    (("Ким Мун Су победил на выборах президента Южной Кореи",
      "Кандидат от Демократической партии Ким Мун Су набрал 49,4% голосов и стал новым "
      "президентом Южной Кореи."), False),
], ids=["the-winner-transliterated-otherwise", "another-winner"])
def test_a_korean_name_transliterated_with_dzh_or_chzh_is_one_name(copy, joins):
    """Russian outlets write Lee Jae-myung as "Ли Чжэ Мён" (the Kontsevich system's чж) and as
    "Ли Джэ Мён": a copy spelling him the other way is the same report."""
    original = ("Ли Чжэ Мён победил на выборах президента Южной Кореи",
                "Кандидат от Демократической партии Ли Чжэ Мён набрал 49,4% голосов и стал "
                "новым президентом Южной Кореи.")
    assert another_feeds_copy_joins(original, copy, "ru", timedelta(minutes=20)) is joins


@pytest.mark.parametrize(("lang", "original", "copy", "joins"), [
    ("en", "who was not vaccinated", "who was unvaccinated", True),
    ("en", "who was not vaccinated", "who was vaccinated", False),
    ("de", "das nicht geimpft war", "das ungeimpft war", True),
    ("de", "das nicht geimpft war", "das geimpft war", False),
    ("ru", "который не был привит", "который был непривит", True),
], ids=["en-not-and-un", "en-negation-dropped", "de-nicht-and-un", "de-negation-dropped",
        "ru-ne-apart-and-joined"])
def test_a_copy_negating_a_word_by_its_prefix_joins_its_original(lang, original, copy, joins):
    """"not vaccinated" and "unvaccinated" deny one thing: the copy says what its original says;
    the same summary without the negation says the opposite."""
    title, summary = {
        "en": ("Child dies of measles in Texas, first US death in a decade",
               "A school-aged child {} has died of measles in West Texas, where an outbreak "
               "has sickened more than 120 people, the first US measles death since 2015."),
        "de": ("Kind in Texas an Masern gestorben",
               "Ein Schulkind, {}, ist in Texas an Masern gestorben. Bei dem Ausbruch haben "
               "sich mehr als 120 Menschen angesteckt, es ist der erste Todesfall seit 2015."),
        "ru": ("В Техасе ребенок умер от кори",
               "Ребенок школьного возраста, {}, умер от кори в Техасе, где вспышка охватила "
               "более 120 человек, это первая смерть от кори в США с 2015 года."),
    }[lang]
    assert another_feeds_copy_joins((title, summary.format(original)),
                                    (title, summary.format(copy)), lang,
                                    timedelta(minutes=30)) is joins


@pytest.mark.parametrize(("envoy", "named", "joins"), [
    ("Виткоффом", "Стив Виткофф", True),
    ("Рубио", "Марко Рубио", False),
], ids=["ru-one-envoy-in-two-transliterations", "ru-another-envoy"])
def test_a_report_writing_a_name_in_another_transliteration_names_no_other_party(
        envoy, named, joins):
    """Уиткофф and Виткофф are one envoy: a reworded report of the same talks names no party
    the other never mentions."""
    original = ("Дмитриев назвал конструктивными переговоры с Уиткоффом в Майами",
                "Спецпредставитель президента России Кирилл Дмитриев назвал конструктивными "
                "переговоры с американской делегацией во главе со Стивом Уиткоффом. Обсуждения "
                "продолжатся, сообщил он журналистам.")
    reworded = (f"Дмитриев: переговоры с {envoy} в Майами прошли конструктивно",
                f"Кирилл Дмитриев оценил как конструктивную встречу с американцами, которых "
                f"возглавлял {named}. Встреча прошла в Майами.")
    assert another_feeds_copy_joins(original, reworded, "ru", timedelta(hours=2)) is joins


@pytest.mark.parametrize(("copy_summary", "joins"), [
    ("Der angeschlagene Batteriehersteller Northvolt hat in Schweden Insolvenz angemeldet. Das "
     "geplante Werk in Heide ist laut Unternehmen nicht direkt betroffen.", True),
    ("Der angeschlagene Batteriehersteller Northvolt hat in Schweden Insolvenz angemeldet. Das "
     "geplante Werk in Heide ist laut Unternehmen direkt betroffen.", False),
], ids=["de-one-negation-after-a-phrase-shortened", "de-the-negation-dropped"])
def test_a_copy_that_shortens_a_phrase_before_a_negation_keeps_its_polarity(copy_summary,
                                                                            joins):
    """A copy that writes "laut Unternehmen" for "nach Angaben des Unternehmens" reaches the
    shared "nicht" earlier: the two summaries are compared as far as their words match, not as
    far as the shorter one's characters reach."""
    original = ("Batteriehersteller Northvolt meldet in Schweden Insolvenz an",
                "STOCKHOLM (dpa) - Der angeschlagene Batteriehersteller Northvolt hat in Schweden "
                "Insolvenz angemeldet. Das geplante Werk in Heide ist nach Angaben des "
                "Unternehmens nicht direkt betroffen, da es zu einer eigenständigen deutschen "
                "Gesellschaft gehört.")
    copy = ("Northvolt meldet in Schweden Insolvenz an - Werk in Heide nicht betroffen",
            copy_summary)
    assert another_feeds_copy_joins(original, copy, "de", timedelta(minutes=20)) is joins


@pytest.mark.parametrize(("lang", "original", "copy", "joins"), [
    ("ru", "Банк России снизил ключевую ставку на 50 б.п., до 16,5% годовых.",
     "Банк России снизил ключевую ставку на 0,5 п.п., до 16,5% годовых.", True),
    ("ru", "Банк России снизил ключевую ставку на 50 б.п., до 16,5% годовых.",
     "Банк России снизил ключевую ставку на 0,25 п.п., до 16,5% годовых.", False),
    ("ru", "Экономисты ждут, что Банк России снизит ключевую ставку на 50 базисных пунктов. "
     "Часть аналитиков допускает сохранение ставки.",
     "Экономисты ждут, что Банк России снизит ключевую ставку на 50 базисных...", True),
    ("en", "The Fed cut rates by 25 basis points to a range of 3.75% to 4%.",
     "The Fed cut rates by 0.25 percentage points to a range of 3.75% to 4%.", True),
    ("de", "Die EZB senkt den Leitzins um 25 Basispunkte auf 2,0 Prozent.",
     "Die EZB senkt den Leitzins um 0,25 Prozentpunkte auf 2,0 Prozent.", True),
], ids=["ru-basis-points-as-percentage-points", "ru-other-percentage-points",
        "ru-cut-after-the-basis-points", "en-basis-points-as-percentage-points",
        "de-basis-points-as-percentage-points"])
def test_a_copy_giving_basis_points_as_percentage_points_joins(lang, original, copy, joins):
    """"50 б.п." is "0,5 п.п.", and a copy cut short after the figure keeps it."""
    title = {"ru": "Банк России снизил ключевую ставку", "en": "Fed cuts interest rates again",
             "de": "EZB senkt erneut den Leitzins"}[lang]
    assert another_feeds_copy_joins((title, original), (title, copy), lang,
                                    timedelta(minutes=15)) is joins


@pytest.mark.parametrize(("first", "second", "joins"), [
    ("Joseph Smith named new head of the central bank", "J. Smith named new head of the central "
     "bank", True),
    ("Grand Theft Auto V release notes for PC players", "Grand Theft Auto VI release notes for "
     "PC players", False),
], ids=["en-a-first-name-as-its-initial", "en-a-letter-that-is-no-initial"])
def test_a_letter_is_a_first_names_initial_only_before_the_same_name(first, second, joins):
    """A copy may shorten a first name to its initial; a letter that no shared name follows is
    something else (a sequel's number: "Grand Theft Auto V" / "VI")."""
    assert another_feeds_copy_joins((first, ""), (second, ""), "en",
                                    timedelta(minutes=30)) is joins


# Wire copies edited as desks edit them (stop 37): texts of our own.
_BRIDGE = ("Brücke in Dresden teilweise eingestürzt",
           "Dresden (dpa) - In Dresden ist in der Nacht ein Teil einer Brücke über die Elbe "
           "eingestürzt. Verletzt wurde nach ersten Erkenntnissen niemand, wie die Feuerwehr "
           "mitteilte. Ein etwa 100 Meter langes Teilstück stürzte in den Fluss.")
_VERDICT = ("Суд в Екатеринбурге приговорил Петра Иванова к 12 годам",
            "Екатеринбург. 3 июня. INTERFAX.RU - Свердловский областной суд приговорил "
            "журналиста The Wall Street Journal Петра Иванова к 12 годам колонии строгого режима "
            "по делу о шпионаже.")


@pytest.mark.parametrize(("lang", "original", "copy", "joins"), [
    ("uk", ("Умєров очолить делегацію України на переговорах зі США",
            "Секретар РНБО Рустем Умєров очолить українську делегацію на переговорах зі США у "
            "Женеві, повідомив президент."),
     ("Коротко: Умєров очолив делегацію України на переговорах зі США",
      "Умєров очолить делегацію на переговорах у Женеві, заявив Зеленський."), True),
    ("uk", ("США запровадили санкції проти «Роснефти» та «Лукойла»",
            "Міністерство фінансів США оголосило про санкції проти двох найбільших нафтових "
            "компаній Росії."),
     ("США запровадили санкції проти \"Роснєфті\" і \"Лукойлу\"",
      "Мінфін США оголосив про санкції проти двох найбільших нафтових компаній Росії."), True),
    ("ru", _VERDICT,
     ("Журналист WSJ Петр Иванов приговорен к 12 годам строгого режима",
      "Свердловский областной суд признал журналиста The Wall Street Journal Петра Иванова "
      "виновным в шпионаже и приговорил его к 12 годам колонии строгого режима."), True),
    ("ru", _VERDICT,
     ("Журналист NYT Петр Иванов приговорен к 12 годам строгого режима",
      "Свердловский областной суд признал журналиста The New York Times Петра Иванова "
      "виновным в шпионаже и приговорил его к 12 годам колонии строгого режима."), False),
    ("de", ("Angriff in Park: Zwei Tote, darunter ein Kind",
            "Bei einem Angriff in einem Park sind ein zweijähriger Junge und ein 41 Jahre alter "
            "Mann getötet worden. Ein Verdächtiger wurde festgenommen, wie die Polizei mitteilte."),
     ("Angriff in Park – zwei Tote, darunter Kleinkind",
      "Bei einem Angriff in einem Park sind ein zwei Jahre alter Junge und ein 41-jähriger Mann "
      "getötet worden. Die Polizei nahm einen Verdächtigen fest."), True),
    ("de", ("Gegenangriff bei Kupjansk: Ukraine meldet Erfolge",
            "Die ukrainische Armee meldet nach einem Gegenangriff nahe Kupjansk die "
            "Rückeroberung mehrerer Dörfer."),
     ("Angriff bei Kupjansk: Ukraine meldet Erfolge",
      "Die ukrainische Armee meldet nach einem Angriff nahe Kupjansk die Einnahme mehrerer "
      "Dörfer."), False),
    ("de", ("Ganz Niederösterreich zum Katastrophengebiet erklärt",
            "Wegen der anhaltenden Regenfälle ist ganz Niederösterreich zum Katastrophengebiet "
            "erklärt worden. Die Landesregierung sprach von einer dramatischen Lage, mehrere "
            "Dämme seien gebrochen."),
     ("Hochwasser: Niederösterreich gesamt zum Katastrophengebiet erklärt",
      "St. Pölten (APA) - Das gesamte Bundesland Niederösterreich ist wegen der Unwetter zum "
      "Katastrophengebiet erklärt worden. Die Landesregierung sprach von einer dramatischen "
      "Situation, mehrere Dämme seien gebrochen."), True),
    ("en", ("House votes 427-1 to release the files",
            "The House voted nearly unanimously on Tuesday to force the Justice Department to "
            "release its files. Only one Republican lawmaker from Louisiana voted no."),
     ("House votes 427-1 to release the files",
      "The House voted almost unanimously on Tuesday to force the Justice Department to "
      "release its files. Only one Republican lawmaker voted against."), True),
    ("de", _BRIDGE,
     ("Dresden: Brücke teilweise eingestürzt – niemand verletzt",
      "In Dresden ist in der Nacht ein Teil einer Brücke eingestürzt. Nach ersten Erkenntnissen "
      "der Feuerwehr wurde niemand verletzt. Ein rund 100 Meter langes Stück fiel in den Fluss."),
     True),
], ids=["uk-a-kicker-saying-in-brief", "uk-a-name-in-its-russian-and-ukrainian-spelling",
        "ru-an-acronym-the-other-summary-spells-out", "ru-another-acronym",
        "de-a-compound-and-its-head", "de-a-compound-naming-another-thing",
        "de-a-word-written-in-lower-case-elsewhere", "en-voted-no-is-voted-against",
        "de-a-denial-both-summaries-make-in-other-words"])
def test_a_wire_copy_edited_as_desks_edit_it_joins_its_original(lang, original, copy, joins):
    assert another_feeds_copy_joins(original, copy, lang, timedelta(minutes=40)) is joins


@pytest.mark.parametrize(("after", "joins"), [(timedelta(hours=5), True),
                                              (timedelta(days=57), False)],
                         ids=["the-same-day", "two-months-later"])
def test_one_summary_under_a_rewritten_headline_is_a_copy_within_a_week(after, joins):
    """The same opening sentence under another headline is a copy when published within
    NEAR_TITLE_MAX_HOURS; two months later it is the template of a recurring report."""
    first = ("Дмитриев прибыл в США по приглашению американской стороны",
             "Спецпредставитель президента РФ по инвестиционно-экономическому сотрудничеству "
             "Кирилл Дмитриев прибыл в США по приглашению американской стороны.")
    second = ("Кирилл Дмитриев прилетел в Майами",
              "Спецпредставитель президента РФ по инвестиционно-экономическому сотрудничеству "
              "Кирилл Дмитриев прилетел в Майами.")
    assert another_feeds_copy_joins(first, second, "ru", after) is joins


@pytest.mark.parametrize(("age", "joins"), [(98, True), (97, False)],
                         ids=["ru-died-in-other-words-and-the-age-from-the-year-of-life",
                              "ru-another-age"])
def test_an_obituary_copy_saying_died_and_the_age_otherwise_joins(age, joins):
    """Russian obituaries write "умер" or "скончался", and the age as the year of life it fell
    in ("на 99-м году жизни": 98 years old)."""
    original = ("Умер хореограф Юрий Григорович",
                "МОСКВА, 19 мая. /ТАСС/. Хореограф, народный артист СССР Юрий Григорович "
                "скончался на 99-м году жизни, сообщили в Большом театре.")
    copy = ("Скончался хореограф Юрий Григорович",
            f"Хореограф, народный артист СССР Юрий Григорович умер в возрасте {age} лет, "
            f"сообщили в Большом театре.")
    assert another_feeds_copy_joins(original, copy, "ru", timedelta(minutes=40)) is joins


@pytest.mark.parametrize(("first", "second", "kind"), [
    ("КИЇВ. 11 вересня. УКРІНФОРМ - ", "КИЇВ. 23 жовтня. УКРІНФОРМ - ", DedupeKind.NEW),
    ("КИЇВ. 11 вересня. УКРІНФОРМ - ", "КИЇВ. 11 вересня. УКРІНФОРМ - ", DedupeKind.EXACT),
    ("КИЇВ. 11 вересня. УКРІНФОРМ - ", "", DedupeKind.EXACT),
    ("КИЇВ, 11 вер — РИА Новости. ", "КИЇВ. 11 вересня. УКРІНФОРМ - ", DedupeKind.EXACT),
    ("КИЇВ, 11 вересня. УКРІНФОРМ - ", "КИЇВ, 3 грудня. УНІАН. КИЇВ, 11 вересня. УКРІНФОРМ - ",
     DedupeKind.EXACT),
], ids=["uk-two-days-datelines", "uk-one-days-dateline", "uk-one-dateline-dropped",
        "uk-one-day-with-its-month-abbreviated", "uk-an-outlets-dateline-before-the-wires"])
def test_one_text_under_the_datelines_of_two_days_is_a_recurring_report(first, second, kind):
    """A central bank that holds its rate is reported in the same words each time; the wire's
    dateline is what tells the decisions apart. A copy that drops the dateline is the same text."""
    text = ("Правління Національного банку України ухвалило рішення зберегти облікову ставку на "
            "рівні 15,5% річних.")
    title = "НБУ зберіг облікову ставку на рівні 15,5%"
    earlier = story(title, first + text, lang="uk", key="a")
    later = story(title, second + text, lang="uk", feed=FEED_B, key="b",
                  at=T0 + timedelta(days=42 if first != second else 0))
    assert decide(later, candidate(earlier)).kind is kind


_FAILED_VOTE = ("Merz fällt bei Kanzlerwahl durch",
                "Friedrich Merz hat bei der Kanzlerwahl im Bundestag die nötige Mehrheit "
                "verfehlt. Er erhielt 310 Stimmen.")


@pytest.mark.parametrize(("other", "hours", "joins"), [
    (("Merz scheitert bei Kanzlerwahl im Bundestag",
      "Friedrich Merz hat im ersten Wahlgang die Mehrheit verfehlt, ihm fehlten sechs Stimmen."),
     1, True),
    (("Kanzlerkandidat verfehlt Mehrheit im Bundestag",
      "Friedrich Merz ist im ersten Wahlgang der Kanzlerwahl gescheitert, er erhielt 310 "
      "Stimmen."), 1, True),
    (("Bundestag wählt Merz zum Kanzler",
      "Friedrich Merz ist vom Bundestag zum Bundeskanzler gewählt worden. Er erhielt 325 "
      "Stimmen."), 6, False),
], ids=["de-fails-and-founders", "de-fails-and-misses-the-majority", "de-fails-and-elected"])
def test_a_vote_failed_in_other_words_joins_and_a_vote_won_does_not(other, hours, joins):
    """"fällt ... durch", "scheitert" and "verfehlt die Mehrheit" tell one failed vote; the
    election hours later is another story, however many words it shares."""
    assert another_feeds_copy_joins(_FAILED_VOTE, other, "de",
                                    timedelta(hours=hours)) is joins


@pytest.mark.parametrize(("copy_title", "joins"), [
    ("Ворог атакував Нікопольщину: поранено жінку", True),
    ("Окупанти атакували Нікопольщину: поранено жінку", True),
    ("Білорусь атакувала Нікопольщину: поранено жінку", False),
], ids=["uk-the-enemy-for-the-russians", "uk-the-occupiers-for-the-russians",
        "uk-another-country"])
def test_a_ukrainian_copy_calling_russia_the_enemy_joins_its_original(copy_title, joins):
    """Ukrainian outlets name Russia's side "the enemy" or "the occupiers" as often as "the
    Russians": one party, not another."""
    summary = "{} атакували Нікопольський район з артилерії, поранено 57-річну жінку."
    assert another_feeds_copy_joins(("Росіяни атакували Нікопольщину: поранено жінку",
                                     summary.format("Російські війська")),
                                    (copy_title, summary.format("Окупанти")), "uk",
                                    timedelta(minutes=10)) is joins


@pytest.mark.parametrize(("original", "copy", "joins"), [
    ("Die Ursache ist noch unklar.", "Ein Erdrutsch soll den Unfall ausgelöst haben.", True),
    ("Der Zug war auf dem Weg nach Aulendorf.", "Der Zug war auf dem Weg nach Tübingen.", False),
    ("Der Zug kam aus der Schweiz.", "Der Zug kam aus der Slowakei.", False),
    ("Der Bundestag will den Unfall prüfen.", "Der Bundesrat will den Unfall prüfen.", False),
    ("Die 12000 Fahrgäste des Tages sind betroffen.",
     "Die 15000 Fahrgäste des Tages sind betroffen.", False),
], ids=["de-last-sentence-rewritten", "de-another-town", "de-another-country-with-its-article",
        "de-another-chamber-with-its-article", "de-another-number-after-an-article"])
def test_a_german_copy_rewording_a_sentence_of_nouns_joins_its_original(original, copy, joins):
    """German capitalises its nouns: a copy whose edit swaps nouns after an article ("die
    Ursache" / "ein Erdrutsch") swaps no names; a town, a country or a chamber named with its
    article ("die Schweiz", "der Bundesrat") still is one, and so is a number after one."""
    title = "Regionalzug bei Riedlingen entgleist – mehrere Tote"
    summary = ("Bei Riedlingen im Landkreis Biberach ist am Sonntagabend ein Regionalzug "
               "entgleist. Nach Angaben der Polizei kamen mindestens drei Menschen ums Leben, "
               "zahlreiche weitere wurden verletzt. {}")
    assert another_feeds_copy_joins((title, summary.format(original)),
                                    (title, summary.format(copy)), "de",
                                    timedelta(minutes=10)) is joins


@pytest.mark.parametrize(("lang", "vague", "precise", "joins"), [
    ("de", "Tausende", "rund 3000", True),
    ("ru", "тысячи", "около 3000", True),
    ("de", "3000", "rund 4000", False),
], ids=["de-thousands-made-precise", "ru-thousands-made-precise", "de-another-count"])
def test_a_copy_giving_the_count_a_summary_left_vague_joins_its_original(
        lang, vague, precise, joins):
    title = {"de": "Flughafen Köln/Bonn stellt Betrieb nach Drohnensichtungen ein",
             "ru": "Аэропорт Пулково приостановил работу из-за беспилотников"}[lang]
    summary = {"de": "Nach mehreren Drohnensichtungen ist der Flugbetrieb am späten Abend "
                     "eingestellt worden, Maschinen wurden nach Düsseldorf umgeleitet, {} "
                     "Passagiere sind betroffen.",
               "ru": "Аэропорт Пулково вечером приостановил прием и отправку рейсов из-за "
                     "атаки беспилотников, самолеты уходят на запасные аэродромы. Пострадали "
                     "{} пассажиров."}[lang]
    assert another_feeds_copy_joins((title, summary.format(vague)),
                                    (title, summary.format(precise)), lang,
                                    timedelta(minutes=30)) is joins


@pytest.mark.parametrize(("days", "joins"), [(2, True), (120, False)],
                         ids=["a copy two days later", "the same headline four months later"])
def test_a_headline_led_copy_is_close_in_time(days, joins):
    first = story("US envoy Witkoff arrives in Moscow for talks with Putin",
                  "Steve Witkoff, the US president's special envoy, landed in Moscow on "
                  "Wednesday and is expected to meet Vladimir Putin, the Kremlin said.", key="o")
    second = story("US envoy Witkoff arrives in Moscow for talks with Putin - Reuters",
                   "Steve Witkoff, the special envoy of the US president, arrived in Moscow for "
                   "a meeting with Vladimir Putin, according to the Kremlin.", feed=FEED_B,
                   key="c", at=T0 + timedelta(days=days))
    assert (decide(second, candidate(first)).kind is DedupeKind.NEAR) is joins


@pytest.mark.parametrize(("lang", "exact", "rounded", "joins"), [
    ("en", "at least 114", "more than 110", True),
    ("en", "at least 114", "at least 100", False),
    ("en", "at least 114", "more than 150", False),
    ("ru", "48", "почти 50", True),
    ("ru", "48", "более 60", False),
], ids=["en-rounded-down", "en-two-bounds-are-two-tolls", "en-too-far", "ru-rounded-up",
        "ru-too-far"])
def test_a_copy_rounding_a_figure_joins_its_original(lang, exact, rounded, joins):
    title, summary = {
        "en": ("Typhoon kills {} in central Philippines",
               "{} people were killed and dozens more are missing after the typhoon unleashed "
               "flash floods across Cebu, disaster officials said on Wednesday."),
        "ru": ("Самолет с {} людьми на борту разбился в Амурской области",
               "Обломки пропавшего пассажирского самолета с {} людьми на борту обнаружены на "
               "склоне сопки в 15 километрах от Тынды, сообщили в МЧС."),
    }[lang]
    assert another_feeds_copy_joins(
        (title.format(exact), summary.format(exact).capitalize()),
        (title.format(rounded), summary.format(rounded).capitalize()), lang,
        timedelta(hours=1)) is joins


_TERMS = {
    "ru-tariffs": ("Тарифы ЖКХ с 1 июля вырастут в среднем на 11,9%",
                   "Коммунальные тарифы в России с 1 июля будут проиндексированы в среднем на "
                   "11,9%, следует из распоряжения правительства.",
                   "С 1 июля коммунальные платежи вырастут {}",
                   "Тарифы на коммунальные услуги с 1 июля проиндексируют в среднем на 11,9 "
                   "процента, говорится в распоряжении правительства."),
    "en-sentence": ("Combs sentenced to more than four years in prison",
                    "A federal judge in New York sentenced Sean Combs on Friday on two "
                    "prostitution-related counts, citing the need for deterrence.",
                    "Combs sentenced to {} in prison",
                    "A federal judge in New York sentenced Sean Combs on Friday on two "
                    "prostitution-related counts, citing the need for deterrence."),
    "en-value": ("Nvidia becomes first company to hit $4 trillion market value",
                 "Nvidia shares rose as much as 2.4% on Wednesday, making the chipmaker the "
                 "first company ever to be worth $4 trillion.",
                 "Nvidia becomes first company to hit {} market value",
                 "Nvidia shares rose as much as 2.4% on Wednesday, making the chipmaker the "
                 "first company ever to be worth {}."),
}


@pytest.mark.parametrize(("template", "copy", "joins"), [
    ("ru-tariffs", "почти на 12%", True),
    ("ru-tariffs", "почти на 15%", False),
    ("en-sentence", "50 months", True),
    ("en-sentence", "70 months", False),
    ("en-value", "$4 trln", True),
    ("en-value", "$5 trln", False),
], ids=["ru-a-decimal-percentage-rounded", "ru-another-percentage", "en-a-term-in-months",
        "en-a-longer-term", "en-trillions-abbreviated", "en-other-trillions"])
def test_a_copy_rounding_a_percentage_or_telling_a_figure_otherwise_joins_its_original(
        template, copy, joins):
    """A headline's percentage rounded ("почти на 12%" for 11,9%), a prison term in months
    for one in years (50 months / "more than four years"), "trln" for "trillion"."""
    title, summary, copy_title, copy_summary = _TERMS[template]
    assert another_feeds_copy_joins((title, summary), (copy_title.format(copy),
                                                        copy_summary.format(copy)),
                                    template[:2], timedelta(hours=1)) is joins


@pytest.mark.parametrize(("lang", "written", "number"), [
    ("de", "Zahl der Arbeitslosen steigt auf 3,025 Millionen", "3025000"),
    ("de", "Zahl der Arbeitslosen steigt auf drei Millionen", "3000000"),
    ("uk", "Пожежа на складі площею 2 тисячі квадратних метрів", "2000"),
    ("ru", "Бюджет получит 5,5 млн рублей", "5500000"),
    ("en", "Novo Nordisk to save $1.25bn a year", "1250000000"),
    ("en", "Alphabet raises forecast to $91 bln", "91000000000"),
    ("en", "Council sells 1,500 million shares", "1500000000"),
    ("en", "Kerr wins the 100m final", "100m"),
], ids=["de-decimal-comma-before-millions", "de-number-word-and-millions",
        "uk-thousands-in-a-case-form", "ru-abbreviated-millions", "en-glued-bn",
        "en-bln", "en-thousands-comma-before-million", "en-metres-are-no-millions"])
def test_a_number_with_a_word_for_its_scale_reads_as_its_value(lang, written, number):
    assert dedupe.features(written, "", lang).title_numbers == {number}


@pytest.mark.parametrize(("lang", "written", "digits", "same"), [
    ("en", "winds of 185mph (295km/h)", "winds of 185 mph (295 km/h)", True),
    ("ru", "ветер до 20м/с и 100км", "ветер до 20м/с и 100 км", True),
    ("en", "pitched 2⅔ innings", "pitched 2 2/3 innings", True),
    ("ru", "длился почти два с половиной часа", "длился почти 2,5 часа", True),
    ("ru", "длился почти два с половиной часа", "длился почти 3,5 часа", False),
    ("uk", "за півтора року", "за 1,5 року", True),
    ("de", "nach zweieinhalb Stunden", "nach 2,5 Stunden", True),
    ("de", "nach eineinhalb Stunden", "nach 1,5 Stunden", True),
    ("en", "talks lasted two and a half hours", "talks lasted 2.5 hours", True),
    ("en", "a year and a half", "a year and 0.5", False),
    ("en", "Kerr wins the 100m final", "Kerr wins the 100 m final", False),
    ("en", "prices rose 3.8 per cent", "prices rose 3.8%", True),
    ("ru", "скончался на 99-м году жизни", "скончался в возрасте 98 лет", True),
    ("ru", "скончался на 99-м году жизни", "скончался в возрасте 99 лет", False),
    ("uk", "помер на 90-му році життя", "помер у віці 89 років", True),
], ids=["en-units-glued-to-numbers", "ru-a-unit-glued-to-a-number", "en-a-vulgar-fraction",
        "ru-a-half-in-words", "ru-another-number-and-a-half", "uk-one-and-a-half",
        "de-a-half-in-one-word", "de-one-and-a-half", "en-and-a-half",
        "en-a-word-and-a-half-is-no-number", "en-metres-glued-are-not-split",
        "en-per-cent", "ru-a-year-of-life-is-an-age", "ru-the-year-of-life-is-not-the-age",
        "uk-a-year-of-life-is-an-age"])
def test_a_number_written_with_its_unit_fraction_or_half_in_words_reads_as_digits(
        lang, written, digits, same):
    """A copy writes a figure as another outlet does ("185mph" / "185 mph", "2⅔" / "2 2/3",
    "два с половиной" / "2,5"); a glued "100m" stays one token (it may be 100 million)."""
    assert (dedupe.features("Titel", written, lang).summary_stems == dedupe.features(
        "Titel", digits, lang).summary_stems) is same


@pytest.mark.parametrize(("lang", "numbers", "words"), [
    ("de", "Die Züge fahren vom 20.12. bis zum 10.01.", "Die Züge fahren vom 20. Dezember bis zum "
     "10. Januar"),
    ("de", "Der Streik endet am 1.05.2026.", "Der Streik endet am 1. Mai 2026."),
    ("uk", "Рейси курсуватимуть з 20.12 до 10.01", "Рейси курсуватимуть з 20 грудня до 10 січня"),
    ("ru", "Скидки действуют до 31.12.2025.", "Скидки действуют до 31 декабря 2025."),
], ids=["de-dates-with-dots", "de-a-one-digit-day-and-a-year", "uk-dates-without-a-dot",
        "ru-a-date-with-a-year"])
def test_a_day_and_month_written_as_numbers_read_as_in_words(lang, numbers, words):
    assert dedupe.features("Titel", numbers, lang).summary_stems == dedupe.features(
        "Titel", words, lang).summary_stems


@pytest.mark.parametrize(("lang", "text", "number"), [
    ("de", "Der Euro kostet 1.05 Dollar", "1d05"),
    ("de", "Die Inflation liegt bei 2,12 Prozent", "2d12"),
    ("uk", "Курс на міжбанку 41.20 гривні", "41d20"),
    ("en", "Shares closed at 20.12 dollars", "20d12"),
], ids=["de-a-price-with-a-one-digit-unit", "de-a-decimal-comma", "uk-a-rate-beyond-twelve",
        "en-english-is-not-read-so"])
def test_a_decimal_number_is_no_date(lang, text, number):
    assert number in dedupe.features("Titel", text, lang).summary_stems


@pytest.mark.parametrize(("lang", "original", "copy", "joins"), [
    ("de", "38 Grad", "38 °C", True),
    ("de", "38 Grad", "36 °C", False),
    ("ru", "+35 градусов", "+35 °С", True),
], ids=["de-degrees-as-a-sign", "de-other-degrees", "ru-degrees-with-a-cyrillic-c"])
def test_a_copy_writing_degrees_as_a_sign_joins_its_original(lang, original, copy, joins):
    title, summary = {
        "de": ("DWD warnt vor Hitze bis zu {}",
               "Der Deutsche Wetterdienst hat für weite Teile Deutschlands Hitzewarnungen "
               "herausgegeben, am Mittwoch werden im Südwesten bis zu {} erwartet."),
        "ru": ("В Москве ожидается жара до {}",
               "Синоптики прогнозируют в столице в среду жару до {}, в Подмосковье возможны "
               "грозы с градом и шквалистым ветром."),
    }[lang]
    assert another_feeds_copy_joins((title.format(original), summary.format(original)),
                                    (title.format(copy), summary.format(copy)), lang,
                                    timedelta(minutes=40)) is joins


@pytest.mark.parametrize(("lang", "original", "copy", "joins"), [
    ("uk", "2000", "2 тисячі", True),
    ("uk", "2000", "3 тисячі", False),
    ("de", "3,025 Millionen", "rund drei Millionen", True),
    ("de", "3,025 Millionen", "3,5 Millionen", False),
    ("en", "$5 billion", "$5bn", True),
    ("en", "$5 billion", "$6bn", False),
], ids=["uk-thousands-in-words", "uk-other-thousands", "de-millions-rounded",
        "de-other-millions", "en-billion-abbreviated", "en-other-billions"])
def test_a_copy_writing_a_figure_with_its_scale_word_joins_its_original(
        lang, original, copy, joins):
    title, summary = {
        "uk": ("У Києві гасять пожежу на складі площею {} квадратних метрів",
               "У Дарницькому районі столиці горить складське приміщення площею {} квадратних "
               "метрів, до гасіння залучено понад 80 рятувальників, повідомили в ДСНС."),
        "de": ("Zahl der Arbeitslosen steigt auf {}",
               "Die Zahl der Arbeitslosen in Deutschland ist im August auf {} gestiegen, teilte "
               "die Bundesagentur für Arbeit in Nürnberg mit."),
        "en": ("Nvidia to invest {} in Intel, jointly develop chips",
               "Nvidia will buy {} worth of Intel common stock and the two chipmakers will "
               "co-develop products for personal computers, the companies said on Thursday."),
    }[lang]
    assert another_feeds_copy_joins((title.format(original), summary.format(original)),
                                    (title.format(copy), summary.format(copy)), lang,
                                    timedelta(minutes=20)) is joins


@pytest.mark.parametrize(("first", "second", "lang"), [
    ("Zahl der Arbeitslosen übersteigt erstmals seit 2015 drei Millionen",
     "Zahl der Arbeitslosen übersteigt erstmals seit zehn Jahren drei Millionen", "de"),
    ("Безработица впервые с 2015 года превысила 3 миллиона",
     "Безработица впервые за 10 лет превысила 3 миллиона", "ru"),
], ids=["de-seit-2015-seit-zehn-jahren", "ru-s-2015-za-10-let"])
def test_a_year_told_as_a_span_of_years_is_no_other_fact(first, second, lang):
    a, b = dedupe.features(first, "", lang), dedupe.features(second, "", lang)
    assert dedupe.contradiction(a, b) is None


@pytest.mark.parametrize(("lang", "first", "second", "contradict"), [
    ("en", "ECB cuts rates by 25 basis points", "ECB cuts deposit rate to 2%", False),
    ("de", "EZB senkt Leitzins um 0,25 Prozentpunkte", "EZB senkt Leitzins auf 2,0 Prozent",
     False),
    ("ru", "ЦБ снизил ключевую ставку до 16,5%", "Банк России опустил ставку на 50 б.п.", False),
    ("en", "Fed cuts rates by 25 basis points", "Fed cuts rates by 50 basis points", True),
    ("de", "Leitzins sinkt auf 2,0 Prozent", "Leitzins sinkt auf 2,25 Prozent", True),
    ("ru", "ЦБ снизил ставку на 50 б.п.", "ЦБ снизил ставку на 100 б.п.", True),
], ids=["en-change-and-level", "de-change-and-level", "ru-change-and-level", "en-two-changes",
        "de-two-levels", "ru-two-changes"])
def test_a_change_and_a_level_are_two_quantities_not_two_values(lang, first, second,
                                                                 contradict):
    a, b = dedupe.features(first, "", lang), dedupe.features(second, "", lang)
    assert bool(dedupe.contradiction(a, b)) is contradict


@pytest.mark.parametrize(("headline", "percents"), [
    ("Oil jumps 5% after sanctions", {"5"}),
    ("Inflation in Deutschland steigt auf 2,4 Prozent", {"2d4"}),
    ("Инфляция в России замедлилась до 7,7 процента", {"7d7"}),
    ("Strike kills 3 in Kharkiv", set()),
], ids=["percent-sign", "prozent-decimal", "процент", "count"])
def test_headline_percentages(headline, percents):
    assert dedupe.features(headline, "").title_percents == percents


# --- identity ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("guid", "trusted"), [
    ("https://www.reuters.com/world/europe/trump-zelenskiy-2025-10-17/", True),
    ("tag:blogger.com,1999:blog-7150356758405597400.post-3333226701218878245", True),
    ("urn:uuid:1d88b6fd-2894-4945-9f6e-f91bcebe9993", True),
    ("1d88b6fd-2894-4945-9f6e-f91bcebe9993", True),
    ("WP-WSJ-0002354638", True),
    ("yt:video:z35j2WC1uLI", True),
    ("12345", False),
    ("130251191", False),
    ("post-17", False),
    ("/blog/ffmpeg-the-ultimate-guide/", False),
    ("https://example.com/", False),
    ("", False),
    (None, False),
], ids=["url", "tag-uri", "urn", "uuid", "long-id", "youtube", "small-int", "cms-int",
        "short", "relative-path", "home-page", "empty", "none"])
def test_only_globally_unique_guids_are_trusted(guid, trusted):
    assert dedupe.trusted_guid(guid) is trusted


@pytest.mark.parametrize(("url", "specific"), [
    ("https://www.dw.com/en/peru-ousts-interim-president/a-76013641", True),
    ("https://www.mrspeaker.net/?p=5100", True),
    ("https://example.com/article-123456", True),
    ("https://example.com/", False),
    ("https://example.com/news/", False),
    ("https://example.com/world", False),
    ("ftp://example.com/a/b", False),
], ids=["article", "query-id", "slug-with-id", "home", "section", "short-section", "not-http"])
def test_only_article_urls_identify_a_story(url, specific):
    assert dedupe.specific_url(url) is specific


@pytest.mark.parametrize(("first", "second", "same"), [
    ("https://www.bbc.com/news/articles/cx2e8k4v1zpo", "http://www.bbc.com/news/articles/cx2e8k4v1zpo/",
     True),
    ("https://www.pravda.com.ua/news/2025/11/19/7556412/",
     "https://www.pravda.com.ua/news/2025/11/19/7556412", True),
    ("https://www.rbc.ru/politics/02/12/2025/692ef1a39a79", "https://www.rbc.ru/politics/02/12/2025/"
     "692ef1a39a79?from=rss", True),
    ("https://e.org/news/2025/11/19/7556412", "https://e.org/news/2025/11/19/7556413", False),
    ("https://e.org/a-123?id=4", "https://e.org/a-123?id=5", False),
    ("https://www.e.org/news/2025/1", "https://e.org/news/2025/1", False),
    ("https://example.com/news/", "https://example.com/news", False),
], ids=["http-and-https", "slash-ending-the-path", "from-rss", "another-id", "another-query",
        "another-host", "section-page"])
def test_one_article_under_its_links_variants_is_the_same_url(first, second, same):
    """One article's link with http or https, with or without a slash ending its path, or with
    a parameter naming the feed it came from; not another article or a section page."""
    assert dedupe._same_url(first, second) is same
    assert dedupe._same_url(second, first) is same


# --- decide -----------------------------------------------------------------------------------

WIRE = story("Trump says US needs its Tomahawks, hopes war can end without them",
             "U.S. President Donald Trump said on Friday that the United States needs its "
             "Tomahawk missiles and he hoped the war in Ukraine could be ended without them.",
             feed=FEED_A, key="wire-1")


def test_no_candidates_is_new():
    decision = decide(WIRE)
    assert decision.kind is DedupeKind.NEW
    assert decision.cluster_id is None and decision.duplicate_of is None


# a long summary naming its details, carried word for word (see dedupe.SAME_TEXT_WORDS), and a
# publisher's blurb of the same length that says nothing of any headline
QUALIFIER = ("Die Nationalmannschaft hat am Montagabend in Leipzig mit einem Kantersieg die "
             "direkte Qualifikation für die WM 2026 geschafft. Woltemade, Gnabry, Sané mit zwei "
             "Treffern, Baku und Ouédraogo erzielten die Tore vor ausverkauftem Haus.")
BLURB = ("Lesen Sie alle aktuellen Nachrichten, Analysen und Hintergründe unserer Redaktion, rund "
         "um die Uhr aktualisiert von unseren Korrespondenten im In- und Ausland, und abonnieren "
         "Sie unseren Newsletter.")
AIRPORT = ("Nach mehreren Drohnensichtungen hat der Flughafen {} am Abend den Flugbetrieb "
           "eingestellt. Zahlreiche Maschinen wurden umgeleitet, Passagiere mussten in den "
           "Terminals warten, teilte eine Sprecherin der Bundespolizei mit.")
QUALIFIED = "Deutschland sichert sich WM-Ticket mit 6:0 gegen die Slowakei"
QUALIFIED_ALIAS = "DFB-Elf sichert sich WM-Ticket mit 6:0 gegen die Slowakei"

KIND_CASES = [
    ("same-feed-same-key-edited",
     replace(WIRE, title="Trump: US needs Tomahawks itself"), WIRE, DedupeKind.SAME_ITEM),
    ("same-trusted-guid-other-feed",
     replace(WIRE, feed_url=FEED_B, key="g", guid="urn:uuid:1d88b6fd-2894-4945-9f6e-f91bcebe9993",
             title="Completely rewritten headline about something"),
     replace(WIRE, guid="urn:uuid:1d88b6fd-2894-4945-9f6e-f91bcebe9993"), DedupeKind.EXACT),
    ("same-article-url-with-tracking",
     replace(WIRE, feed_url=FEED_B, key="u", title="Headline changed by the publisher",
             url="https://www.reuters.com/world/trump-tomahawks-2025-10-17/?utm_source=rss"),
     replace(WIRE, url="https://www.reuters.com/world/trump-tomahawks-2025-10-17/"),
     DedupeKind.EXACT),
    ("same-normalised-text",
     replace(WIRE, feed_url=FEED_B, key="t", title=WIRE.title.upper() + " - Reuters"), WIRE,
     DedupeKind.EXACT),
    ("syndicated-word-changed",
     replace(WIRE, feed_url=FEED_B, key="n",
             title="Trump says U.S. needs its Tomahawks, hopes war can end without them"), WIRE,
     DedupeKind.EXACT),
    ("near-copy-edited-headline",
     replace(WIRE, feed_url=FEED_B, key="n",
             title="Trump says US needs the Tomahawks, hopes the war can end without them"),
     WIRE, DedupeKind.NEAR),
    ("near-copy-rewritten-headline-same-wire-summary",
     replace(WIRE, feed_url=FEED_B, key="n2",
             title="Trump hopes war ends without Tomahawks as US needs them"),
     WIRE, DedupeKind.NEAR),
    ("alias-in-headline-same-long-summary-other-feed",
     story(QUALIFIED_ALIAS, QUALIFIER, feed=FEED_B, key="q2", lang="de"),
     story(QUALIFIED, QUALIFIER, key="q1", lang="de"), DedupeKind.NEAR),
    ("alias-in-headline-long-summary-edited-other-feed",
     story(QUALIFIED_ALIAS, QUALIFIER.replace("am Montagabend", "am Abend")
           + " Der Bundestrainer lobte die Mannschaft.", feed=FEED_B, key="q2", lang="de"),
     story(QUALIFIED, QUALIFIER, key="q1", lang="de"), DedupeKind.NEAR),
    ("other-outlet-same-event",
     story("Trump tells Zelenskiy he would rather not give away Tomahawk missiles",
           "U.S. President Donald Trump said the United States needs the Tomahawks itself "
           "after hosting Zelenskiy at the White House on Friday.", feed=FEED_B, key="c"),
     story("Zelenskiy leaves White House without Trump commitment on Tomahawks",
           "Ukrainian President Volodymyr Zelenskiy failed to win a pledge of Tomahawk missiles "
           "from President Donald Trump at the White House on Friday.", feed=FEED_A, key="o"),
     DedupeKind.CLUSTER),
]


@pytest.mark.parametrize(("new", "stored", "kind"), [c[1:] for c in KIND_CASES],
                         ids=[c[0] for c in KIND_CASES])
def test_each_kind_names_the_story_and_cluster(new, stored, kind):
    decision = decide(new, candidate(stored, story_id=3, cluster_id=30))
    assert decision.kind is kind, decision.reason
    assert (decision.duplicate_of, decision.cluster_id) == (3, 30)
    assert decision.score > 0 and decision.reason


REPORT = story("Zelenskiy leaves White House without Trump commitment on Tomahawks",
               "Ukrainian President Volodymyr Zelenskiy failed to win a pledge of Tomahawk "
               "missiles from President Donald Trump at the White House on Friday.",
               feed=FEED_A, key="o")
OTHER_REPORT = story("Trump tells Zelenskiy he will not give away Tomahawk missiles",
                     "U.S. President Donald Trump said the United States needs the Tomahawks "
                     "itself after hosting Zelenskiy at the White House on Friday.",
                     feed=FEED_B, key="c")

NOT_MERGED = [
    ("each-headline-names-a-place-the-other-never-mentions",
     story("Kindergarten hit in Russian drone attack on Kharkiv",
           "Children were evacuated to a shelter after the Russian drone attack, officials said.",
           feed=FEED_B),
     story("Poland shoots down drones in its airspace during Russian attack on Ukraine",
           "Poland said it shot down drones during a Russian drone attack on western Ukraine.")),
    ("lifts-versus-keeps",
     story("Slovakia lifts veto on EU's 19th Russia sanctions package",
           "Slovak Prime Minister Robert Fico said Bratislava would allow adoption of the 19th "
           "sanctions package against Russia.", feed=FEED_B),
     story("Slovakia keeps veto on EU's 19th Russia sanctions package",
           "Slovak Prime Minister Robert Fico said Bratislava would continue to hold up the 19th "
           "sanctions package against Russia.")),
    ("a-denial-by-someone-the-other-never-mentions",
     story("Кремль опроверг подготовку саммита в Будапеште",
           "Песков заявил, что подготовка к встрече Путина и Трампа пока не начиналась.",
           feed=FEED_B, lang="ru"),
     story("CNN: встреча Трампа и Путина в Будапеште отложена",
           "По данным телеканала, подготовку саммита приостановили.", lang="ru")),
    ("only-nationalities-in-common",
     story("Ukrainian drones hit Russian oil refinery in Kirishi, governor says",
           "A fire broke out at the refinery after a Ukrainian drone attack, the regional "
           "governor said.", feed=FEED_B),
     story("Russian missiles and drones hit Ukraine's power grid, killing at least 5",
           "Russian missiles and drones struck energy facilities across Ukraine overnight, "
           "killing at least five people.")),
    ("opposite-polarity",
     story("Trump says he may send Tomahawks to Ukraine",
           "U.S. President Donald Trump said on Sunday he might send Tomahawk missiles.",
           feed=FEED_B),
     story("Trump rules out Tomahawks for Ukraine for now",
           "U.S. President Donald Trump said on Sunday he would not send Tomahawk missiles.")),
    ("same-template-other-city-and-toll",
     story("Russian strike on Odesa kills 5, regional governor says",
           "A Russian drone strike on the city of Odesa killed five people overnight, the "
           "regional governor said.", feed=FEED_B),
     story("Russian strike on Kharkiv kills 3, regional governor says",
           "A Russian missile strike on the city of Kharkiv killed three people overnight, the "
           "regional governor said.")),
    ("same-template-other-place-identical-summary",
     story("Drone sightings: Bremen airport suspends flights",
           "Flights were suspended overnight after several drones were seen, police said.",
           feed=FEED_B),
     story("Drone sightings: Munich airport suspends flights",
           "Flights were suspended overnight after several drones were seen, police said.")),
    ("alias-in-headline-same-long-summary-one-feed",
     # (one feed may repeat a series' introduction as every summary)
     story(QUALIFIED_ALIAS, QUALIFIER, key="q2", lang="de"),
     story(QUALIFIED, QUALIFIER, key="q1", lang="de")),
    ("other-place-long-summary-edited-naming-it-other-feed",
     story("Drohnensichtungen: Flughafen Bremen stellt Betrieb ein", AIRPORT.format("Bremen"),
           feed=FEED_B, lang="de"),
     story("Drohnensichtungen: Flughafen München stellt Betrieb ein",
           AIRPORT.format("München") + " Weitere Informationen folgen.", lang="de")),
    ("other-place-as-an-adjective-same-long-summary-other-feed",
     story("Verdi ruft Bodenpersonal am Bremer Flughafen zum Warnstreik auf",
           "Die Gewerkschaft Verdi hat die Beschäftigten der Bodenverkehrsdienste am Bremer "
           "Flughafen für Dienstag zu einem ganztägigen Warnstreik aufgerufen, zahlreiche Flüge "
           "fallen aus.", feed=FEED_B, lang="de"),
     story("Verdi ruft Bodenpersonal am Düsseldorfer Flughafen zum Warnstreik auf",
           "Die Gewerkschaft Verdi hat die Beschäftigten der Bodenverkehrsdienste am "
           "Düsseldorfer Flughafen für Dienstag zu einem ganztägigen Warnstreik aufgerufen, "
           "zahlreiche Flüge fallen aus.", lang="de")),
    ("other-place-same-long-blurb-other-feed",
     story("Drohnensichtungen: Flughafen Bremen stellt Betrieb ein", BLURB, feed=FEED_B,
           lang="de"),
     story("Drohnensichtungen: Flughafen München stellt Betrieb ein", BLURB, lang="de")),
    ("holds-versus-cuts",
     story("Bank of England cuts rates to 4%",
           "The Monetary Policy Committee voted on Thursday, the central bank said.",
           feed=FEED_B),
     story("Bank of England holds rates at 4%",
           "The Monetary Policy Committee voted on Thursday, the central bank said.")),
    ("kept-versus-cut-ru",
     story("ЦБ снизил ключевую ставку до 17%", "Решение принял совет директоров в пятницу.",
           feed=FEED_B, lang="ru"),
     story("ЦБ сохранил ключевую ставку на уровне 17%",
           "Решение принял совет директоров в пятницу.", lang="ru")),
    ("rise-versus-fall",
     story("Oil rises 2% on Middle East supply worries",
           "Oil prices moved about 2% on Friday as traders weighed supply from the region.",
           feed=FEED_B),
     story("Oil falls 2% on Middle East supply worries",
           "Oil prices moved about 2% on Friday as traders weighed supply from the region.")),
    ("summary-says-the-opposite",
     story("Slovakia on the sanctions package",
           "The government in Bratislava approves the EU's 19th sanctions package against "
           "Russia, officials said on Thursday.", feed=FEED_B),
     story("Slovakia and the sanctions package",
           "The government in Bratislava does not approve the EU's 19th sanctions package "
           "against Russia, officials said on Thursday.")),
    ("other-language",
     replace(OTHER_REPORT, title="Trump sagt Selenskyj keine Tomahawk-Raketen zu",
             summary="US-Präsident Donald Trump sagte nach dem Treffen mit Selenskyj im Weißen "
                     "Haus, die USA bräuchten die Tomahawks selbst.", language="de"),
     REPORT),
    ("too-far-apart-in-time",
     replace(OTHER_REPORT, published=T0 + dedupe.CLUSTER_SPAN + timedelta(hours=1)), REPORT),
    ("one-feed-two-items",
     replace(OTHER_REPORT, feed_url=FEED_A), REPORT),
    ("blurb-repeated-as-every-summary-in-one-feed",
     story("TIL: styling in Svelte", "What I learned today, one small thing at a time.",
           key="x2"),
     story("TIL: forms in Svelte", "What I learned today, one small thing at a time.",
           key="x1")),
    ("short-generic-headline",
     story("Live updates", "Russian strikes hit the energy grid overnight.", feed=FEED_B),
     story("Live updates", "The EU agreed on its 19th sanctions package.")),
    ("untrusted-small-int-guid",
     replace(WIRE, feed_url=FEED_B, key="1", guid="1", title="Oil falls on supply hopes",
             summary="Prices fell."),
     replace(WIRE, key="1", guid="1")),
    ("home-page-url-every-entry-links-to",
     replace(WIRE, feed_url=FEED_B, key="h", url="https://example.com/",
             title="Oil falls on supply hopes", summary="Prices fell."),
     replace(WIRE, url="https://example.com/")),
]


@pytest.mark.parametrize(("new", "stored"), [c[1:] for c in NOT_MERGED],
                         ids=[c[0] for c in NOT_MERGED])
def test_contradictions_and_weak_evidence_start_a_new_story(new, stored):
    decision = decide(new, candidate(stored))
    assert decision.kind is DedupeKind.NEW, decision.reason


def test_same_event_merges_within_the_span_and_the_language():
    decision = decide(OTHER_REPORT, candidate(REPORT))
    assert decision.kind is DedupeKind.CLUSTER, decision.reason


KINDERGARTEN = story("Drone strike hits kindergarten in Kharkiv, one killed",
                     "A Russian drone hit a kindergarten in Kharkiv on Wednesday, killing one "
                     "man; the children were taken to a shelter.")
KINDERGARTEN_SUMMARY = ("A drone struck a kindergarten in Kharkiv on Wednesday morning, killing "
                        "a man.")


@pytest.mark.parametrize(("headline", "kind"), [
    ("Kindergarten in Kharkiv hit by drone, one man killed", DedupeKind.CLUSTER),
    ("Kindergarten in Kharkiv hit by drone, one man killed, Zelensky says", DedupeKind.NEW),
], ids=["unquoted", "quotes-someone-the-other-never-mentions"])
def test_a_statement_by_someone_the_other_report_never_mentions_is_another_story(headline,
                                                                                 kind):
    new = story(headline, KINDERGARTEN_SUMMARY, feed=FEED_B, at=T0 + timedelta(minutes=40))
    assert decide(new, candidate(KINDERGARTEN)).kind is kind


@pytest.mark.parametrize(("lang", "headline", "commentary"), [
    ("en", "Why does the Black Sea corridor matter so much?", True),
    ("en", "Can the ceasefire in Gaza hold?", True),
    ("en", "Why Trump keeps changing his mind on Tomahawks", True),
    ("en", "How to watch the Budapest summit", True),
    ("en", "The Budapest summit, explained", True),
    ("en", "Analysis: Trump's Tomahawk gamble", True),
    ("en", "Trump's Tomahawk gamble - analysis", True),
    ("en", "Kyiv after the night of strikes, in pictures", True),
    ("en", "Zelensky asks \"Why are you waiting?\" at EU summit", False),
    ("en", "EU leaders debate how to fund Ukraine", False),
    ("en", "Opinion poll puts Orban's party behind", False),
    ("en", "Trump rules out Tomahawks for now", False),
    ("en", "How the Budapest summit fell apart", True),
    ("en", "Howard Lutnick says tariffs stay", False),
    ("de", "Warum der Gipfel in Budapest platzte", True),
    ("de", "Wie Trump die Ukraine unter Druck setzt", True),
    ("de", "Wie erwartet: EZB senkt den Leitzins", False),
    ("ru", "Как Путин полетит в Будапешт", True),
    ("ru", "Как и ожидалось, ЦБ снизил ставку", False),
    ("uk", "Як повідомили у Повітряних силах, збито 50 дронів", False),
    ("de", "Tomahawks für die Ukraine: Fragen und Antworten", True),
    ("de", "Kommentar: Ein Gipfel ohne Plan", True),
    ("de", "Merz erklärt den Verzicht auf Taurus", False),
    ("ru", "Почему саммит в Будапеште отменили", True),
    ("ru", "Что будет с саммитом в Будапеште?", True),
    ("ru", "Трамп отменил саммит в Будапеште", False),
    ("uk", "Фоторепортаж: Харків після атаки", True),
    ("uk", "Чому Трамп не дав Томагавки", True),
    ("uk", "Трамп не дав Україні Томагавки", False),
    ("en", "Russia-Ukraine war: List of key events, day 1,370", True),
    ("en", "Live: Trump and Putin meet in Anchorage", True),
    ("en", "Live updates: Fed cuts rates by a quarter point", True),
    ("de", "Ukraine-Krieg im Liveticker: Selenskyj in Washington", True),
    ("ru", "Война в Украине: главное за день", True),
    ("uk", "Війна в Україні: головне за день 24 листопада", True),
    ("uk", "Уряд дозволив чоловікам 18-22 років виїжджати за кордон", False),
    ("en", "Actor who lives in Berlin wins award", False),
    ("en", "2026 Winter Olympics: What you need to know", True),
    # a news report under "what we know" (TIME, "що відомо") is still a report
    ("en", "Suspect identified in Canada's deadliest school shooting: What we know", False),
    ("uk", "Трамп і Путін зустрінуться в Будапешті: що відомо", False),
])
def test_questions_explainers_galleries_and_live_pages_are_commentary(lang, headline,
                                                                    commentary):
    assert dedupe.features(headline, "", lang).commentary is commentary


HORMUZ = story("Iran closes Strait of Hormuz for naval drills",
               "Iran's navy closed the Strait of Hormuz to shipping on Tuesday for live-fire "
               "drills, state media said.")
QUESTION, QUESTION_SUMMARY = ("Why is the Strait of Hormuz so important?",
                              "Iran closed the Strait of Hormuz for drills on Tuesday. A fifth "
                              "of the world's oil passes through it.")


@pytest.mark.parametrize(("headline", "summary", "stored", "kind"), [
    ("Tankers kept out of Hormuz as Iran's navy holds drills",
     "Shipping through the Strait of Hormuz was halted on Tuesday while the Iranian navy "
     "exercised, according to state television.", HORMUZ, DedupeKind.CLUSTER),
    (QUESTION, QUESTION_SUMMARY, HORMUZ, DedupeKind.NEW),
    ("Iran closes Strait of Hormuz for naval drills: what it means, explained",
     "Iran's navy closed the Strait of Hormuz to shipping on Tuesday for drills; why it "
     "matters for oil.", HORMUZ, DedupeKind.NEW),
    (f"{QUESTION} - Reuters", QUESTION_SUMMARY,
     story(QUESTION, QUESTION_SUMMARY, feed=FEED_C, key="q"), DedupeKind.EXACT),
], ids=["report-joins", "question-about-it-stays-apart", "explainer-stays-apart",
        "copy-of-the-question-joins-the-question"])
def test_a_question_or_explainer_is_not_a_report_of_the_event(headline, summary, stored, kind):
    new = story(headline, summary, feed=FEED_B, at=T0 + timedelta(minutes=30))
    assert decide(new, candidate(stored)).kind is kind


@pytest.mark.parametrize(("first", "second", "hours", "kind"), [
    (("Charting China’s Winter Olympics Rise",
      "How Beijing turned sports into soft power, from Lake Placid to Milan Cortina."),
     ("Nordic combined: the Winter Olympics sport that shuts out women",
      "Women are kept out of the double-discipline events at Milano-Cortina."), 6,
     DedupeKind.NEW),
    (("Lindsey Vonn crashes in Winter Olympics downhill in Cortina",
      "The American sports star crashed in the women's downhill at the Milan Cortina Games on "
      "Sunday and was airlifted to hospital."),
     ("Vonn airlifted to hospital after crash in Olympic downhill",
      "Lindsey Vonn crashed during the downhill race at the Winter Olympics in Cortina on "
      "Sunday, organisers said."), 1, DedupeKind.CLUSTER),
], ids=["two-features-on-one-games", "one-crash-at-the-games"])
def test_a_sport_or_an_event_is_no_word_for_what_happened(first, second, hours, kind):
    # (two pieces on the Winter Olympics shared its name and "sport" in the real feeds)
    new = story(*second, feed=FEED_B, at=T0 + timedelta(hours=hours))
    assert decide(new, candidate(story(*first))).kind is kind


CHAMBER_CASES = [
    ("en-house-then-senate", "en",
     ("House votes 427-1 to release the Epstein files",
      "The House of Representatives passed the bill on Tuesday with one vote against."),
     ("Senate approves Epstein files bill, sending it to Trump",
      "The Senate passed the bill by unanimous consent hours after the House vote."), True),
    ("de-bundestag-then-bundesrat", "de",
     ("Bundestag beschließt Heizungsgesetz",
      "Nach langem Streit hat das Parlament das Gesetz mit den Stimmen der Koalition beschlossen."),
     ("Bundesrat billigt Heizungsgesetz",
      "Die Länderkammer ließ das Gesetz passieren, das der Bundestag im Juli beschlossen hatte."),
     True),
    ("ru-duma-then-federation-council", "ru",
     ("Госдума приняла закон о повышении НДС",
      "Депутаты приняли закон в третьем чтении, ставка налога вырастет до 22 процентов."),
     ("Совфед одобрил закон о повышении НДС",
      "Сенаторы одобрили закон, который Госдума приняла на прошлой неделе."), True),
    ("en-white-house-is-no-chamber", "en",
     ("White House welcomes vote on Epstein files bill",
      "The president's spokeswoman said he would sign the bill."),
     ("Senate approves Epstein files bill",
      "The Senate passed the bill by unanimous consent."), False),
    ("en-both-tell-both-votes", "en",
     ("House passes Epstein files bill, Senate to follow",
      "The House of Representatives passed the bill; the Senate is expected to vote tonight."),
     ("Senate approves Epstein files bill after House vote",
      "The Senate passed the bill by unanimous consent hours after the House vote."), False),
]


@pytest.mark.parametrize(("lang", "first", "second", "apart"),
                         [c[1:] for c in CHAMBER_CASES], ids=[c[0] for c in CHAMBER_CASES])
def test_votes_of_two_chambers_are_two_stories(lang, first, second, apart):
    a, b = dedupe.features(*first, lang), dedupe.features(*second, lang)
    assert dedupe._two_chambers(a, b) is apart


DAYTON_SHOOTING = ("Gunman kills three at shopping mall in Dayton, Ohio",
                   "A gunman opened fire at a shopping mall in Dayton, Ohio, on Saturday, "
                   "killing three people and wounding five, police said.")
BOLIVIA_LEAD = ("Opposition candidate ahead in early count in Bolivia's presidential runoff",
                "Rodrigo Paz led Jorge Quiroga with 54% of the vote after a quarter of ballots "
                "in Bolivia's presidential runoff were counted on Sunday, the electoral tribunal "
                "said.")
META_RULING = ("Judge rules Meta illegally monopolised social media market",
               "A federal judge in Washington ruled on Tuesday that Meta illegally maintained a "
               "monopoly in social networking through its purchases of Instagram and WhatsApp.")
META_APPEAL = ("Meta to appeal after judge rules it is a social media monopolist",
               "Meta said it would appeal the ruling by the federal judge in Washington that it "
               "illegally maintained a monopoly through its purchases of Instagram and WhatsApp.")
RHEINMETALL_ORDER = ("Rheinmetall wins 8 billion euro ammunition order from Bundeswehr",
                     "Rheinmetall has won an order worth 8 billion euros from the Bundeswehr for "
                     "155mm artillery ammunition, the largest in the company's history.")
RHEINMETALL_SHARES = ("Rheinmetall shares surge after record Bundeswehr ammunition order",
                      "Rheinmetall won its largest order ever, 8 billion euros for 155mm "
                      "artillery ammunition for the Bundeswehr, the company said on Tuesday.")
STAGE_CASES = [
    ("ru-arrest-after-killing", "ru",
     ("В Подмосковье при взрыве автомобиля погиб полковник Генштаба Андрей Соколов",
      "Заместитель начальника управления Генштаба Андрей Соколов погиб при взрыве автомобиля у "
      "жилого дома в Химках. Следственный комитет возбудил дело о теракте."),
     ("Задержан подозреваемый в убийстве полковника Соколова",
      "ФСБ задержала предполагаемого исполнителя взрыва автомобиля в Химках, при котором погиб "
      "полковник Андрей Соколов. Бомба была приведена в действие дистанционно."),
     6, DedupeKind.NEW),
    ("en-charge-after-shooting", "en", DAYTON_SHOOTING,
     ("Suspect in Dayton mall shooting charged with murder",
      "Prosecutors in Ohio charged a 24-year-old man with three counts of murder over "
      "Saturday's shooting at a Dayton shopping mall that killed three people."),
     6, DedupeKind.NEW),
    ("de-resignation-after-search", "de",
     ("Ermittler durchsuchen Wohnung von Verkehrsminister Becker",
      "Wegen des Verdachts der Vorteilsnahme haben Ermittler am Morgen die Wohnung von "
      "Verkehrsminister Klaus Becker in Potsdam durchsucht."),
     ("Verkehrsminister Becker tritt zurück",
      "Nach der Durchsuchung seiner Wohnung wegen des Verdachts der Vorteilsnahme hat "
      "Verkehrsminister Klaus Becker seinen Rücktritt erklärt."),
     6, DedupeKind.NEW),
    ("en-both-tell-the-arrest", "en",
     ("Police arrest suspect in Dayton mall shooting",
      "Police in Dayton, Ohio, arrested a 24-year-old man on Sunday over the shooting at a "
      "shopping mall that killed three people."),
     ("Suspect held over Dayton mall shooting that killed three",
      "A 24-year-old man was taken into custody in Dayton, Ohio, on Sunday over the shooting "
      "at a shopping mall in which three people were killed."),
     1, DedupeKind.CLUSTER),
    ("en-arrest-in-a-trailing-clause", "en",
     ("Three killed in Dayton mall shooting, suspect in custody",
      "A gunman opened fire at a shopping mall in Dayton, Ohio, on Saturday, killing three "
      "people; police detained a suspect nearby."),
     DAYTON_SHOOTING, 1, DedupeKind.CLUSTER),
    ("uk-resignation-reworded", "uk",
     ("Міністр енергетики Коваленко подав у відставку",
      "Міністр енергетики Олег Коваленко подав заяву про відставку на тлі розслідування НАБУ, "
      "повідомив спікер Верховної Ради."),
     ("Коваленко залишає посаду міністра енергетики",
      "Міністр енергетики Олег Коваленко подав у відставку після обшуків НАБУ, заявив спікер "
      "Верховної Ради."),
     1, DedupeKind.CLUSTER),
    ("en-envoy-summoned-after-strike", "en",
     ("Russian drone strike on Odesa port kills four, damages Moldovan consulate",
      "A massive overnight Russian drone attack on Odesa killed four people and damaged the "
      "building housing Moldova's consulate, regional officials said."),
     ("Moldova summons Russian ambassador after Odesa strike damages its consulate",
      "Chisinau called in Russia's ambassador after the overnight drone attack on Odesa "
      "damaged the Moldovan consulate and killed four people, the foreign ministry said."),
     5, DedupeKind.NEW),
    ("ru-envoy-summoned-after-strike", "ru",
     ("Удар по Одессе: погибли четыре человека, повреждено консульство Молдавии",
      "В результате ночной атаки беспилотников на Одессу погибли четыре человека, повреждено "
      "здание консульства Молдавии, сообщили местные власти."),
     ("МИД Молдавии вызвал посла России после удара по консульству в Одессе",
      "Кишинев вызвал российского посла после ночной атаки беспилотников на Одессу, при "
      "которой погибли четыре человека и было повреждено консульство Молдавии."),
     5, DedupeKind.NEW),
    ("en-both-tell-the-summons", "en",
     ("Moldova summons Russian ambassador over strike on Odesa consulate",
      "Chisinau called in Russia's ambassador after a drone attack on Odesa damaged the "
      "Moldovan consulate, the foreign ministry said."),
     ("Russian envoy called in after Odesa attack hits Moldovan consulate",
      "Moldova's foreign ministry summoned the Russian ambassador after an overnight drone "
      "attack on Odesa damaged its consulate."),
     1, DedupeKind.CLUSTER),
    ("en-a-deal-approved-then-taking-effect", "en",
     ("Colombian cabinet approves truce with ELN rebels",
      "Colombia's government approved the truce agreed with the ELN late on Thursday, opening "
      "the way for a halt to fighting in Catatumbo."),
     ("Colombia truce with ELN takes effect as troops pull back",
      "The truce between Colombia and the ELN came into force at noon on Friday after army "
      "units withdrew from Catatumbo, the defence ministry said."),
     10, DedupeKind.NEW),
    ("en-both-tell-the-start", "en",
     ("Colombia truce with ELN rebels begins at noon",
      "The truce between Colombia and the ELN begins at noon on Friday in Catatumbo, the "
      "government said."),
     ("Colombia truce with ELN takes effect as troops pull back",
      "The truce between Colombia and the ELN came into force at noon on Friday after army "
      "units withdrew from Catatumbo, the defence ministry said."),
     1, DedupeKind.CLUSTER),
    ("en-a-result-then-a-disqualification", "en",
     ("Hamilton wins Brazilian Grand Prix as Russell finishes second",
      "Lewis Hamilton won the Brazilian Grand Prix in Sao Paulo on Sunday, with George Russell "
      "second and Lando Norris third."),
     ("Russell disqualified from Brazilian Grand Prix over underweight car",
      "George Russell was disqualified from the Brazilian Grand Prix in Sao Paulo after "
      "stewards found his car underweight; Lewis Hamilton keeps the win."),
     4, DedupeKind.NEW),
    ("en-a-bill-passed-then-signed", "en",
     ("Senate passes bill to end rail strike",
      "The Senate approved a measure by 80-15 on Thursday to impose a labour deal on the rail "
      "unions, sending it to President Joe Biden."),
     ("Biden signs bill to end rail strike",
      "President Joe Biden signed the measure imposing a labour deal on the rail unions on "
      "Thursday night, averting a strike that threatened freight."),
     3, DedupeKind.NEW),
    ("en-both-tell-the-signing", "en",
     ("Senate passes bill to end rail strike, Biden to sign it",
      "The Senate approved a measure by 80-15 on Thursday to impose a labour deal on the rail "
      "unions; President Joe Biden said he would sign it at once."),
     ("Biden signs bill to end rail strike",
      "President Joe Biden signed the measure imposing a labour deal on the rail unions on "
      "Thursday night, averting a strike that threatened freight."),
     3, DedupeKind.CLUSTER),
    ("uk-head-of-office-dismissed-after-searches", "uk",
     ("НАБУ проводить обшуки у голови митної служби Коваля",
      "Детективи НАБУ проводять слідчі дії у голови митної служби Олега Коваля, він заявив, "
      "що співпрацює зі слідством."),
     ("Уряд звільнив голову митної служби після обшуків НАБУ",
      "Кабмін ухвалив рішення про звільнення голови митної служби Олега Коваля, у якого вранці "
      "проводили слідчі дії детективи НАБУ."),
     6, DedupeKind.NEW),
    # a step proposed, then taken: the proposal's report mentions the dismissal only as
    # proposed ("з пропозицією звільнити", "calls for the resignation")
    ("uk-dismissal-proposed-then-a-resignation", "uk",
     ("Зеленський запропонував звільнити міністра енергетики Гринчук",
      "Президент Володимир Зеленський звернувся до уряду з пропозицією звільнити міністерку "
      "енергетики Світлану Гринчук у зв'язку з розслідуванням НАБУ щодо «Енергоатому»."),
     ("Гринчук подала у відставку з посади міністерки енергетики",
      "Міністерка енергетики Світлана Гринчук написала заяву про відставку через "
      "розслідування НАБУ щодо «Енергоатому»."),
     4, DedupeKind.NEW),
    ("en-resignation-demanded-then-given", "en",
     ("Dutch parliament calls for resignation of health minister Fleur Agema",
      "The Dutch parliament called for the resignation of health minister Fleur Agema on "
      "Tuesday over the hospital funding row."),
     ("Dutch health minister Fleur Agema resigns over hospital funding row",
      "Fleur Agema stepped aside on Tuesday evening, hours after the Dutch parliament turned "
      "against her over the hospital funding row."),
     6, DedupeKind.NEW),
    ("en-a-bid-accepted-then-the-move-completed", "en",
     ("Newcastle accept Liverpool's British-record bid for Alexander Isak",
      "Newcastle have agreed to sell striker Alexander Isak to Liverpool for a British record "
      "fee of about £125m; he will travel to Merseyside for a medical."),
     ("Alexander Isak completes British-record £125m move to Liverpool",
      "Alexander Isak has joined Liverpool after passing a medical, hours before the transfer "
      "window closed, for a British record fee of £125m."),
     11, DedupeKind.NEW),
    ("ru-dismissed-then-found-dead", "ru",
     ("Путин освободил Старовойта от должности министра транспорта",
      "Президент подписал указ об освобождении Романа Старовойта от должности министра "
      "транспорта, исполняющим обязанности назначен Андрей Никитин."),
     ("Освобожденный от должности министра транспорта Старовойт найден мертвым",
      "Бывшего министра транспорта Романа Старовойта нашли с огнестрельным ранением в "
      "Одинцове, сообщил СК; утром Путин освободил его от должности."),
     7, DedupeKind.NEW),
    ("ru-a-plane-missing-then-its-wreckage-found", "ru",
     ("В Амурской области пропал с радаров самолет Ан-24",
      "Пассажирский самолет Ан-24 авиакомпании «Ангара», следовавший из Благовещенска в Тынду, "
      "перестал выходить на связь, на борту около 50 человек."),
     ("Обнаружены обломки пропавшего в Амурской области Ан-24",
      "Вертолет МЧС обнаружил фюзеляж самолета Ан-24 «Ангары» на склоне сопки в 15 км от "
      "Тынды, летевшего из Благовещенска с 48 людьми на борту."),
     2, DedupeKind.NEW),
    ("de-a-coach-about-to-go-then-sacked", "de",
     ("Bericht: Leverkusen vor Trennung von Erik ten Hag",
      "Nach nur drei Pflichtspielen steht Erik ten Hag bei Bayer Leverkusen offenbar vor dem "
      "Aus, eine Entscheidung wird für Montag erwartet."),
     ("Bayer Leverkusen entlässt Trainer Erik ten Hag",
      "Bayer Leverkusen hat sich nach nur drei Pflichtspielen von Trainer Erik ten Hag "
      "getrennt, teilte der Verein am Montag mit."),
     4, DedupeKind.NEW),
    ("uk-a-rate-decision-announced-then-taken", "uk",
     ("НБУ у четвер ухвалить рішення щодо облікової ставки",
      "Правління Національного банку в четвер оголосить рішення щодо облікової ставки, яка "
      "зараз становить 15,5%, банкіри очікують, що її збережуть."),
     ("НБУ ухвалив рішення зберегти облікову ставку на рівні 15,5%",
      "Національний банк залишив облікову ставку 15,5% без змін через інфляційні ризики, "
      "наступне засідання правління відбудеться в грудні."),
     20, DedupeKind.NEW),
    ("en-two-previews-of-one-decision", "en",
     ("Bank of England to decide on interest rates as inflation stays high",
      "The Bank of England's Monetary Policy Committee will announce its interest rate "
      "decision on Thursday, with inflation still well above its 2% target."),
     ("Bank of England will decide on interest rates on Thursday",
      "The Monetary Policy Committee of the Bank of England announces its interest rate "
      "decision on Thursday; inflation remains well above the 2% target."),
     1, DedupeKind.CLUSTER),
    ("en-a-bid-made-then-accepted", "en",
     ("Liverpool make British record £125m bid for Newcastle's Alexander Isak",
      "Liverpool have submitted an offer worth £125m for Alexander Isak ahead of Monday's "
      "transfer deadline, Newcastle are considering it."),
     ("Newcastle accept Liverpool's £125m offer for Alexander Isak",
      "Newcastle have agreed to sell Alexander Isak to Liverpool for a British record fee of "
      "£125m, clearing the way for a medical before the deadline."),
     20, DedupeKind.NEW),
    # (a bid withdrawn after what made it fail)
    ("ru-a-statement-then-the-offer-withdrawn", "ru",
     ("Минфин США назвал Norvik «марионеткой Кремля» из-за сделки с «Балтойлом»",
      "Министерство финансов США заявило, что трейдер Norvik, желающий купить зарубежные "
      "активы «Балтойла», действует в интересах Кремля."),
     ("Norvik отозвал предложение о покупке зарубежных активов «Балтойла»",
      "Трейдер Norvik отозвал свое предложение о покупке зарубежных активов «Балтойла» после "
      "заявления Минфина США."),
     11, DedupeKind.NEW),
    ("en-two-reports-of-the-offer-withdrawn", "en",
     ("Norvik withdraws offer for Baltoil's foreign assets",
      "The trader Norvik withdrew its offer for Baltoil's foreign assets after the US "
      "Treasury refused to license the deal."),
     ("Norvik pulls its bid for Baltoil's foreign assets after US Treasury rebuff",
      "Norvik has pulled its offer for the foreign assets of Baltoil, saying the US Treasury "
      "had refused to license the deal."),
     1, DedupeKind.CLUSTER),
    ("ru-two-reports-of-an-offer-accepted", "ru",
     ("«Лукойл» принял предложение Gunvor о покупке зарубежных активов",
      "Компания сообщила, что приняла оферту трейдера Gunvor о приобретении Lukoil "
      "International; сделка требует одобрения Минфина США."),
     ("Gunvor договорился о покупке зарубежных активов «Лукойла»",
      "Швейцарский трейдер Gunvor договорился с «Лукойлом» о покупке Lukoil International; "
      "сделку должен одобрить Минфин США."),
     2, DedupeKind.CLUSTER),
    ("ru-a-plane-missing-then-an-investigation", "ru",
     ("В Амурской области пропал с радаров самолет Ан-24",
      "Пассажирский самолет Ан-24 авиакомпании «Ангара», следовавший в Тынду, перестал "
      "выходить на связь при заходе на посадку в Амурской области."),
     ("МАК начал расследование катастрофы Ан-24 в Амурской области",
      "Межгосударственный авиационный комитет сформировал комиссию по самолету Ан-24 "
      "«Ангары», летевшему в Тынду, сообщили в Амурской области."),
     8, DedupeKind.NEW),
    ("de-election-day-then-the-result", "de",
     ("Hamburg wählt neue Bürgerschaft",
      "Rund 1,3 Millionen Hamburgerinnen und Hamburger sind am Sonntag aufgerufen, eine neue "
      "Bürgerschaft zu wählen. Bürgermeister Peter Tschentscher will mit der SPD stärkste "
      "Kraft bleiben, Umfragen sehen Grüne und CDU dahinter."),
     ("SPD gewinnt Bürgerschaftswahl in Hamburg klar",
      "Die SPD von Bürgermeister Peter Tschentscher hat die Hamburger Bürgerschaftswahl "
      "deutlich gewonnen und bleibt stärkste Kraft, die CDU überholte die Grünen."),
     9, DedupeKind.NEW),
    # (one report says the decision is still to come, the other's headline reports it taken)
    ("en-a-committee-recommends-then-the-senate-approves", "en",
     ("Senate committee recommends approval of $12bn Ukraine aid package",
      "The Senate foreign relations committee voted 15-6 to recommend the $12bn aid package "
      "for Ukraine, sending it to the full Senate for a final vote next week."),
     ("US Senate approves $12bn Ukraine aid package",
      "The Senate approved the $12bn aid package for Ukraine by 68 votes to 31, and the "
      "package now goes to the president."),
     5, DedupeKind.NEW),
    # (a step before the decision: a procedural vote, a second reading)
    ("en-a-procedural-vote-then-the-bill-passed", "en",
     ("Senate advances $90bn farm bill after six Republicans join Democrats",
      "Senators voted 58-41 on Tuesday to move ahead with the $90bn farm bill after six "
      "Republicans joined Democrats."),
     ("Senate passes $90bn farm bill, sending it to the House",
      "The Senate voted 58-41 on Wednesday to pass the $90bn farm bill after six Republicans "
      "joined Democrats; the House takes it up next week."),
     24, DedupeKind.NEW),
    ("ru-a-second-reading-then-the-law-passed", "ru",
     ("Госдума одобрила во втором чтении закон о туристическом сборе",
      "Депутаты поддержали поправки о туристическом сборе в 3% с 2026 года, окончательное "
      "голосование назначено на пятницу."),
     ("Госдума приняла закон о туристическом сборе в 3%",
      "Депутаты приняли в третьем чтении закон о туристическом сборе в 3% с 2026 года."),
     24, DedupeKind.NEW),
    ("en-two-reports-of-one-passage", "en",
     ("Senate passes $90bn farm bill, sending it to the House",
      "The Senate voted 58-41 on Wednesday to pass the $90bn farm bill after six Republicans "
      "joined Democrats; the House takes it up next week."),
     ("US Senate approves $90bn farm bill in 58-41 vote",
      "The Senate on Wednesday approved the $90bn farm bill 58-41, with six Republicans "
      "joining Democrats, and sent it to the House."),
     1, DedupeKind.CLUSTER),
    # (forecasters expecting a decision preview it)
    ("de-economists-expect-then-the-decision", "de",
     ("Ökonomen erwarten Zinssenkung der EZB auf 1,75 Prozent",
      "Die meisten Volkswirte rechnen damit, dass die Europäische Zentralbank den Leitzins am "
      "Donnerstag auf 1,75 Prozent senkt."),
     ("EZB senkt Leitzins auf 1,75 Prozent",
      "Die Europäische Zentralbank senkt den Leitzins auf 1,75 Prozent, wie die meisten "
      "Volkswirte erwartet hatten."),
     20, DedupeKind.NEW),
    ("de-ambassadors-agree-then-the-council-adopts", "de",
     ("EU-Botschafter einigen sich auf höhere Zölle für russischen Dünger",
      "Die Botschafter der EU-Staaten haben sich auf höhere Zölle für Dünger aus Russland und "
      "Belarus verständigt. Die formelle Annahme durch den Rat soll kommende Woche folgen."),
     ("EU beschließt höhere Zölle auf russischen Dünger",
      "Der Rat der EU hat die höheren Zölle auf Düngemittel aus Russland und Belarus förmlich "
      "angenommen, sie gelten ab Juli."),
     6, DedupeKind.NEW),
    ("uk-a-committee-recommends-then-the-rada-passes", "uk",
     ("Комітет Ради рекомендував ухвалити законопроєкт про військовий облік",
      "Профільний комітет Верховної Ради рекомендував ухвалити законопроєкт про електронний "
      "військовий облік у другому читанні; парламент ще має ухвалити його в цілому."),
     ("Рада ухвалила закон про електронний військовий облік",
      "Верховна Рада ухвалила в цілому законопроєкт про електронний військовий облік, за "
      "проголосували 283 депутати."),
     6, DedupeKind.NEW),
    ("en-two-reports-awaiting-the-vote", "en",
     ("Senate committee recommends approval of $12bn Ukraine aid package",
      "The Senate foreign relations committee voted 15-6 to recommend the $12bn aid package "
      "for Ukraine, sending it to the full Senate for a final vote next week."),
     ("Senate committee backs $12bn aid package for Ukraine",
      "Senators on the foreign relations committee backed the $12bn aid package for Ukraine by "
      "15 votes to 6; it still needs approval by the full Senate next week."),
     1, DedupeKind.CLUSTER),
    # (a verdict the defence intends to appeal is a verdict told)
    ("ru-a-verdict-to-be-appealed-is-told", "ru",
     ("Суд приговорил экс-замминистра обороны Тимура Иванова к 13 годам колонии",
      "Мосгорсуд признал бывшего заместителя министра обороны Тимура Иванова виновным в "
      "растрате и легализации денежных средств при закупке паромов."),
     ("Экс-замминистра обороны Тимур Иванов получил 13 лет колонии",
      "Тимура Иванова, курировавшего строительство в Минобороны, осудили по делу о растрате "
      "при закупке паромов. Защита намерена обжаловать приговор."),
     2, DedupeKind.CLUSTER),
    # (an appeal filed or announced after a ruling is the story's next stage)
    ("en-a-ruling-then-the-appeal", "en",
     META_RULING,
     META_APPEAL,
     3, DedupeKind.NEW),
    ("de-a-verdict-then-the-revision", "de",
     ("Landgericht verurteilt Ex-Bürgermeister von Kassel zu drei Jahren Haft",
      "Das Landgericht Kassel hat den früheren Oberbürgermeister wegen Bestechlichkeit zu drei "
      "Jahren Haft verurteilt."),
     ("Kasseler Ex-Bürgermeister: Verteidigung legt Revision gegen Urteil ein",
      "Nach dem Urteil des Landgerichts Kassel wegen Bestechlichkeit hat die Verteidigung des "
      "früheren Oberbürgermeisters Revision eingelegt."),
     5, DedupeKind.NEW),
    ("ru-a-sentence-then-the-appeal", "ru",
     ("Суд приговорил бывшего губернатора Курской области к 14 годам колонии",
      "Мещанский суд Москвы признал бывшего губернатора Курской области виновным в получении "
      "взятки и приговорил к 14 годам колонии строгого режима."),
     ("Защита бывшего курского губернатора обжалует приговор",
      "Адвокаты бывшего губернатора Курской области обжалуют приговор Мещанского суда Москвы, "
      "которым он осужден на 14 лет колонии за взятку."),
     4, DedupeKind.NEW),
    ("en-a-ruling-that-tells-of-the-appeal", "en",
     (META_RULING[0], META_RULING[1][:-1] + "; the company said it would appeal."),
     META_APPEAL,
     3, DedupeKind.CLUSTER),
    # (who leads the count, and then who won: the race and its result)
    ("en-ahead-in-the-count-then-the-winner", "en",
     BOLIVIA_LEAD,
     ("Rodrigo Paz wins Bolivia's presidential runoff",
      "Rodrigo Paz won Bolivia's presidential runoff against Jorge Quiroga with 54% of the "
      "vote, the electoral tribunal said on Sunday after the count."),
     3, DedupeKind.NEW),
    ("uk-lidyruie-then-peremih", "uk",
     ("На виборах президента Болівії після підрахунку чверті бюлетенів лідирує Родріго Пас",
      "У другому турі виборів у Болівії Родріго Пас набирає 54% голосів, Хорхе Кірога — 46%, "
      "повідомив виборчий трибунал."),
     ("Родріго Пас переміг на виборах президента Болівії",
      "У другому турі виборів у Болівії Родріго Пас набрав 54% голосів, Хорхе Кірога — 46%, "
      "повідомив виборчий трибунал."),
     3, DedupeKind.NEW),
    ("en-two-reports-of-the-lead", "en",
     BOLIVIA_LEAD,
     ("Rodrigo Paz leads early results in Bolivia's presidential runoff",
      "With a quarter of ballots counted, Rodrigo Paz had 54% of the vote against Jorge Quiroga "
      "in Bolivia's presidential runoff, the electoral tribunal said."),
     1, DedupeKind.CLUSTER),
    # (a move of shares is the market's answer to an event: it joins only a report that
    # tells of the market too)
    ("en-an-order-then-the-shares-surge", "en",
     RHEINMETALL_ORDER,
     RHEINMETALL_SHARES,
     2, DedupeKind.NEW),
    ("de-a-contract-then-the-stock-jumps", "de",
     ("Siemens Energy erhält Großauftrag für Netzanbindung in der Nordsee",
      "Siemens Energy soll für Tennet drei Konverterstationen für Windparks in der Nordsee "
      "liefern, der Auftrag hat einen Wert von rund 4 Milliarden Euro."),
     ("Siemens-Energy-Aktie springt nach Großauftrag von Tennet",
      "Der Kurs legte am Vormittag in Frankfurt zeitweise um 7 Prozent zu. Tennet hatte bei "
      "Siemens Energy Konverterstationen für Windparks in der Nordsee im Wert von 4 Milliarden "
      "Euro bestellt."),
     2, DedupeKind.NEW),
    ("ru-flights-cancelled-then-the-shares-fall", "ru",
     ("«Аэрофлот» отменил рейсы в Стамбул до конца месяца",
      "Авиакомпания «Аэрофлот» отменила все рейсы из Москвы в Стамбул до 31 октября из-за "
      "ограничений турецкой стороны."),
     ("Акции «Аэрофлота» подешевели после отмены рейсов в Стамбул",
      "«Аэрофлот» отменил рейсы из Москвы в Стамбул до 31 октября из-за ограничений турецкой "
      "стороны."),
     2, DedupeKind.NEW),
    ("en-two-reports-of-the-shares", "en",
     RHEINMETALL_SHARES,
     ("Rheinmetall stock jumps on record 8 billion euro Bundeswehr order",
      "Shares in Rheinmetall rose 6% after the company won its largest order ever, 8 billion "
      "euros for 155mm ammunition for the Bundeswehr."),
     1, DedupeKind.CLUSTER),
    ("en-a-report-of-the-order-that-gives-the-shares", "en",
     (RHEINMETALL_ORDER[0], RHEINMETALL_ORDER[1][:-1] + "; its shares rose 6% in Frankfurt."),
     RHEINMETALL_SHARES,
     2, DedupeKind.CLUSTER),
]


@pytest.mark.parametrize(("lang", "headline", "stages"), [
    ("uk", "Уряд звільнив голову митної служби", {"office"}),
    ("uk", "Зеленський запропонував звільнити голову митної служби", set()),
    ("en", "Health minister resigns over funding row", {"office"}),
    ("en", "Parliament calls for the resignation of the health minister", set()),
    ("de", "Opposition fordert Rücktritt der Gesundheitsministerin", set()),
    ("de", "Gesundheitsministerin tritt zurück", {"office"}),
    ("uk", "Уряд підтримує звільнення голови митної служби", set()),
    ("uk", "Рада підтримала звільнення голови митної служби", {"office"}),
    ("de", "Bayer Leverkusen entlässt Trainer Erik ten Hag", {"office"}),
    ("de", "Häftling aus der Haft entlassen", set()),
    ("en", "Isak completes British-record £125m move to Liverpool", {"completion"}),
    ("de", "Wechsel von Wirtz zu Liverpool ist perfekt", {"completion"}),
    ("ru", "Бывший министр найден мертвым в своем автомобиле", {"death"}),
    ("de", "Vermisster Wanderer tot aufgefunden", {"death"}),
    ("ru", "Обнаружены обломки пропавшего самолета Ан-24", {"wreckage"}),
    ("uk", "Рятувальники знайшли уламки зниклого літака", {"wreckage"}),
    ("en", "Newcastle accept Liverpool's £125m offer for Alexander Isak", {"acceptance"}),
    ("de", "Aufsichtsrat nimmt Übernahmeangebot von Unicredit an", {"acceptance"}),
    ("ru", "«Лукойл» принял предложение Gunvor о покупке активов", {"acceptance"}),
    ("en", "Police open investigation into Louvre jewel theft", {"investigation"}),
    ("de", "Staatsanwaltschaft leitet Ermittlungen gegen Fahrer ein", {"investigation"}),
    ("uk", "Поліція відкрила кримінальне провадження через ДТП", {"investigation"}),
    ("en", "Google to appeal after judge rules it is a monopolist", {"appeal"}),
    ("en", "Sarkozy to go to jail despite appeal, Paris court rules", set()),
    ("en", "Appeals court lets Trump remove Fed governor", set()),
    ("de", "Solingen-Urteil: Verteidigung legt Revision ein", {"appeal"}),
    ("uk", "Порошенко оскаржить санкції РНБО в суді", {"appeal"}),
    ("uk", "Голова митниці іде з посади", {"office"}),
    ("uk", "Керівник Офісу президента залишає посаду", {"office"}),
    ("ru", "Глава Росавиации уходит с поста", {"office"}),
    ("uk", "Президент іде з візитом до Польщі", set()),
], ids=["uk-dismissed", "uk-dismissal-proposed", "en-resigns", "en-resignation-demanded",
        "de-ruecktritt-gefordert", "de-tritt-zurueck", "uk-government-supports-a-dismissal",
        "uk-rada-voted-for-it", "de-entlaesst-trainer", "de-released-from-prison",
        "en-completes-move", "de-wechsel-perfekt", "ru-found-dead", "de-tot-aufgefunden",
        "ru-wreckage-found", "uk-wreckage-found", "en-bid-accepted", "de-angebot-angenommen",
        "ru-predlozhenie-prinyato", "en-investigation-opened", "de-ermittlungen-eingeleitet",
        "uk-provadzhennia-vidkryto", "en-to-appeal", "en-despite-appeal-is-no-appeal",
        "en-an-appeals-court-is-no-appeal", "de-revision-eingelegt", "uk-oskarzhyt",
        "uk-ide-z-posady", "uk-zalyshaie-posadu", "ru-ukhodit-s-posta", "uk-ide-z-vizytom"])
def test_the_later_stages_a_headline_reports_not_those_only_proposed(lang, headline, stages):
    assert dedupe.features(headline, "", lang).stages == stages


@pytest.mark.parametrize(("lang", "headline", "moves"), [
    ("en", "Seven & i shares plunge after Couche-Tard drops takeover bid", True),
    ("en", "Shares in Rheinmetall jump 6% on record order", True),
    ("de", "Commerzbank-Aktie springt nach Unicredit-Einstieg", True),
    ("ru", "Акции «Аэрофлота» подешевели после отмены рейсов", True),
    ("en", "Tesla misses on earnings, shares slip after hours", False),
    ("en", "EU gas stocks fall below 50% for first time since 2022", False),
    ("en", "Rheinmetall wins record ammunition order", False),
], ids=["en-shares-plunge", "en-shares-in-x-jump", "de-aktie-springt", "ru-aktsii-podesheveli",
        "en-shares-not-the-subject", "en-gas-stocks-are-reserves", "en-no-shares"])
def test_a_move_of_shares_is_read_only_as_the_headlines_subject(lang, headline, moves):
    feats = dedupe.features(headline, "", lang)
    assert bool(dedupe._MARKET_MOVE.search(feats.title)) is moves


@pytest.mark.parametrize(("lang", "first", "second", "hours", "kind"),
                         [c[1:] for c in STAGE_CASES], ids=[c[0] for c in STAGE_CASES])
def test_a_later_stage_the_other_never_mentions_is_a_new_story(
        lang, first, second, hours, kind):
    stored = story(*first, lang=lang)
    new = story(*second, feed=FEED_B, at=T0 + timedelta(hours=hours), lang=lang)
    assert decide(new, candidate(stored)).kind is kind


@pytest.mark.parametrize(("lang", "headline", "again"), [
    ("de", "Bundestag wählt Merz im zweiten Anlauf zum Kanzler", True),
    ("en", "Starship reaches orbit on second attempt", True),
    ("ru", "Парламент со второй попытки избрал спикера", True),
    ("uk", "Рада з другої спроби ухвалила закон про мобілізацію", True),
    ("de", "Merz im zweiten Wahlgang zum Kanzler gewählt", False),
    ("en", "Takaichi wins party leadership in run-off", False),
], ids=["de-zweiter-anlauf", "en-second-attempt", "ru-vtoroi-popytki", "uk-druhoi-sproby",
        "de-a-ballot-is-no-attempt", "en-no-attempt"])
def test_a_second_attempt_says_it_happened_again(lang, headline, again):
    """A second attempt succeeding tells that the first failed, a story of its own; a second
    ballot or a run-off is how one election goes."""
    assert dedupe.features(headline, "", lang).again is again


@pytest.mark.parametrize(("lang", "headline", "summary", "stem", "conditional"), [
    ("en", "Trump won't be happy if Putin doesn't agree to a ceasefire",
     "Speaking aboard Air Force One, the president warned of severe consequences for Russia.",
     "~deal", True),
    ("en", "Trump won't be happy if Putin doesn't agree to a ceasefire",
     "The president said he wanted Putin to agree to a ceasefire at the summit.", "~deal",
     False),
    ("de", "Merz droht mit Sanktionen, falls Moskau nicht einlenkt",
     "Der Kanzler sprach in Berlin.", "einle", True),
    ("de", "Merz droht mit Sanktionen, falls Moskau nicht einlenkt",
     "Der Kanzler sprach in Berlin.", "sankt", False),
    ("en", "Trump and Putin end summit without a deal", "", "~deal", False),
], ids=["en-only-in-the-condition", "en-also-in-the-summary", "de-falls",
        "de-the-main-clause", "no-condition"])
def test_the_stems_a_text_has_only_in_its_headlines_condition(lang, headline, summary, stem,
                                                             conditional):
    assert (stem in dedupe.features(headline, summary, lang).conditional) is conditional


def test_a_word_only_in_a_condition_is_no_shared_word_for_what_happened():
    """"Won't be happy if Putin doesn't agree" tells of no agreement: the report that the
    summit ended without one shares no word for what happened with it."""
    stored = story("Trump and Putin end Alaska summit without a deal",
                   "Donald Trump and Vladimir Putin wrapped up their summit in Anchorage without "
                   "an agreement on the war in Ukraine.", lang="en")
    new = story("Trump won't be happy if Putin doesn't agree to a ceasefire",
                "Speaking aboard Air Force One on his way to Alaska, the president warned of "
                "severe consequences for Russia.", feed=FEED_B, lang="en",
                at=T0 + timedelta(minutes=30))
    decision = decide(new, candidate(stored))
    assert decision.reason.endswith("no shared word for what happened)"), decision.reason


@pytest.mark.parametrize(("headline", "summary", "kind"), [
    ("Zelensky and European leaders meet Trump at White House",
     "Donald Trump hosted Volodymyr Zelensky and European leaders for talks on Monday.",
     DedupeKind.CLUSTER),
    ("Trump phones Putin from White House meeting with Zelensky and European leaders",
     "Donald Trump called Vladimir Putin during his White House meeting with Volodymyr "
     "Zelensky and European leaders on Monday.", DedupeKind.NEW),
], ids=["shares-what-happened", "shares-only-who"])
def test_sharing_only_the_actors_is_not_the_same_event(headline, summary, kind):
    stored = story("Trump hosts Zelensky and European leaders at White House",
                   "Donald Trump hosted Volodymyr Zelensky and European leaders at the White "
                   "House on Monday for talks on security guarantees.")
    new = story(headline, summary, feed=FEED_B, at=T0 + timedelta(hours=1))
    assert decide(new, candidate(stored)).kind is kind


# Two reports that share only who acted (a body, role, group or company named by common nouns:
# "the city council", "the special envoy", "rebels", "the carmaker"), where ("eastern"), or that
# someone spoke ("urges", "a study"): what happened must be shared too. Texts of our own.
_COUNCIL = ("Kyiv city council approves 2026 budget",
            "The Kyiv city council approved the budget for next year on Thursday.")
_BRIGADE = ("Hamburg fire brigade rescues 20 from burning ferry",
            "The Hamburg fire brigade rescued 20 people from a burning ferry on the Elbe on "
            "Monday.")
_HARBOUR = ("Harbour authority in Varnholm closes port after chemical tanker fire",
            "The port of Varnholm was closed on Tuesday after a fire broke out on a chemical "
            "tanker, the harbour authority said.")
_RADA = ("Київська міська рада ухвалила бюджет на 2026 рік",
         "Депутати Київської міської ради в четвер ухвалили бюджет столиці на наступний рік.")
_ENVOY = ("US envoy Witkoff meets Putin in Moscow",
          "US special envoy Steve Witkoff met Vladimir Putin in Moscow on Thursday for talks on "
          "Ukraine.")
_REBELS = ("Rebels seize second city in eastern Congo",
           "M23 rebels seized the city of Uvira in eastern Congo on Wednesday, residents said.")
_STUDENTS = ("Students protest in Belgrade over station collapse",
             "Thousands of students protested in Belgrade on Saturday over the deadly collapse of "
             "a railway station canopy.")
_URGES = ("Zelensky urges allies to send more air defence systems",
          "Volodymyr Zelensky on Tuesday urged Ukraine's allies to send more air defence systems "
          "after a night of Russian strikes.")
_CARMAKER = ("Volkswagen to cut 35,000 jobs, carmaker says",
             "Volkswagen will cut 35,000 jobs in Germany by 2030, the carmaker said on Friday.")
_STUDY = ("Study finds microplastics in Berlin drinking water",
          "A study published on Monday found microplastics in drinking water samples from "
          "Berlin.")
_OBYAVIL = ("Трамп объявил о новых пошлинах на сталь",
            "Дональд Трамп в понедельник объявил о новых пошлинах на импорт стали.")
_POSLANNIK = ("Спецпосланник Уиткофф прилетел в Москву",
              "Специальный посланник президента США Стив Уиткофф прилетел в Москву в четверг.")


@pytest.mark.parametrize(("lang", "stored", "headline", "summary", "kind"), [
    ("en", _COUNCIL, "Kyiv city council member detained on bribery charges",
     "A member of the Kyiv city council was detained on Thursday on suspicion of bribery.",
     DedupeKind.NEW),
    ("en", _COUNCIL, "Kyiv city council passes budget for 2026",
     "Kyiv's city council passed the 2026 budget on Thursday after a long debate.",
     DedupeKind.CLUSTER),
    ("en", _BRIGADE, "Hamburg fire brigade warns of heat risk",
     "The Hamburg fire brigade warned residents of heat risks on Monday.", DedupeKind.NEW),
    ("en", _BRIGADE, "Twenty rescued from burning ferry in Hamburg, fire brigade says",
     "Firefighters in Hamburg rescued 20 passengers from a ferry that caught fire on the Elbe "
     "on Monday, the fire brigade said.", DedupeKind.CLUSTER),
    ("en", _HARBOUR, "Varnholm harbour authority names new director",
     "The Varnholm harbour authority appointed Lene Dahl as its director on Tuesday.",
     DedupeKind.NEW),
    ("uk", _RADA, "Київська міська рада звільнила секретаря",
     "Депутати Київської міської ради в четвер звільнили секретаря ради.", DedupeKind.NEW),
    ("uk", _RADA, "Київрада затвердила бюджет на 2026 рік",
     "Київська міська рада в четвер затвердила бюджет міста на 2026 рік.", DedupeKind.CLUSTER),
    ("en", _ENVOY, "US envoy Witkoff criticised over leaked call",
     "US special envoy Steve Witkoff faced criticism on Thursday after a recording of his call "
     "with a Kremlin aide leaked.", DedupeKind.NEW),
    ("en", _ENVOY, "Putin holds talks with US envoy Witkoff in Moscow",
     "Vladimir Putin met US special envoy Steve Witkoff at the Kremlin in Moscow on Thursday "
     "for talks on the war in Ukraine.", DedupeKind.CLUSTER),
    ("ru", _POSLANNIK, "Спецпосланник Уиткофф подвергся критике из-за утечки разговора",
     "Специальный посланник президента США Стив Уиткофф подвергся критике в четверг после "
     "утечки записи разговора.", DedupeKind.NEW),
    # a group named by its noun, somewhere named by a compass word: neither is what happened
    ("en", _REBELS, "Congo rebels free 40 hostages",
     "M23 rebels in eastern Congo released 40 hostages on Wednesday, the Red Cross said.",
     DedupeKind.NEW),
    ("en", _REBELS, "M23 rebels take Uvira in eastern Congo",
     "Rebels of the M23 group took control of Uvira in eastern Congo on Wednesday, residents "
     "said.", DedupeKind.CLUSTER),
    ("en", _STUDENTS, "Belgrade students end occupation of university",
     "Students in Belgrade ended their occupation of the university on Saturday.",
     DedupeKind.NEW),
    ("en", _STUDENTS, "Tens of thousands march in Belgrade over deadly canopy collapse",
     "Students led tens of thousands of people through Belgrade on Saturday in protest over the "
     "collapse of a railway station canopy that killed 16.", DedupeKind.CLUSTER),
    # a body that is where it happened is no actor: the storming of a parliament is one event
    ("en", ("Protesters storm parliament in Belgrade",
            "Protesters stormed the parliament building in Belgrade on Saturday."),
     "Belgrade protesters break into parliament",
     "Hundreds of protesters broke into the Serbian parliament in Belgrade on Saturday.",
     DedupeKind.CLUSTER),
    ("en", _CARMAKER, "Volkswagen carmaker posts quarterly loss",
     "The carmaker Volkswagen posted a quarterly loss on Friday, hit by US tariffs.",
     DedupeKind.NEW),
    ("en", _CARMAKER, "Carmaker Volkswagen plans to shed 35,000 jobs in Germany",
     "The carmaker Volkswagen plans to cut 35,000 jobs at its German plants by 2030, it said on "
     "Friday.", DedupeKind.CLUSTER),
    # a verb of asking says that someone spoke, not what about
    ("en", _URGES, "Zelensky urges EU to approve loan backed by Russian assets",
     "Volodymyr Zelensky on Tuesday urged the European Union to approve a loan backed by "
     "frozen Russian assets.", DedupeKind.NEW),
    # ... unless the two also share what it is about
    ("en", ("Putin warns US against sending Tomahawks to Ukraine",
            "Vladimir Putin warned the United States on Sunday against supplying Tomahawk "
            "missiles to Ukraine."), "Putin warns Washington over Tomahawk deliveries to Kyiv",
     "Russian President Vladimir Putin on Sunday warned Washington that delivering Tomahawks to "
     "Ukraine would damage relations.", DedupeKind.CLUSTER),
    ("en", _URGES, "Zelensky asks partners for more air defence after Russian strikes",
     "Ukraine needs more air defence systems from its partners after a night of Russian strikes "
     "on its cities, Volodymyr Zelensky said on Tuesday.", DedupeKind.CLUSTER),
    ("en", _STUDY, "Berlin study links air pollution to dementia",
     "A study of Berlin residents published on Monday linked air pollution to dementia.",
     DedupeKind.NEW),
    ("en", _STUDY, "Microplastics detected in Berlin tap water, study says",
     "Researchers detected microplastics in samples of Berlin's drinking water, according to a "
     "study published on Monday.", DedupeKind.CLUSTER),
    ("ru", _OBYAVIL, "Трамп объявил о встрече с Путиным в Будапеште",
     "Дональд Трамп в понедельник объявил о встрече с Владимиром Путиным в Будапеште.",
     DedupeKind.NEW),
    ("ru", _OBYAVIL, "Трамп ввел новые пошлины на импорт стали",
     "Президент США Дональд Трамп в понедельник ввел новые пошлины на сталь из всех стран.",
     DedupeKind.CLUSTER),
], ids=["council-other-business", "council-same-budget", "brigade-other-warning",
        "brigade-same-rescue", "harbour-authority-other-business", "rada-other-business",
        "rada-same-budget", "envoy-other-business", "envoy-same-talks",
        "poslannik-other-business", "rebels-other-deed", "rebels-same-capture",
        "students-other-deed", "students-same-march", "protesters-storm-parliament",
        "carmaker-other-news",
        "carmaker-same-cuts", "urges-another-thing", "urges-the-same-thing",
        "warns-about-the-same-thing", "study-another-finding", "study-the-same-finding",
        "obyavil-another-thing", "obyavil-the-same-thing"])
def test_a_body_or_role_named_by_common_nouns_is_who_acted_not_what_happened(
        lang, stored, headline, summary, kind):
    new = story(headline, summary, feed=FEED_B, at=T0 + timedelta(minutes=90), lang=lang)
    assert decide(new, candidate(story(*stored, lang=lang))).kind is kind


@pytest.mark.parametrize(("text", "actors"), [
    ("Hamburg fire brigade warns of heat risk", {"~fire", "briga"}),  # "fire": a concept
    ("Blaze at the port: brigade called", {"briga"}),  # "port:" ends a clause
    ("Police say the fire is out", {"polic"}),  # a body named by its noun alone
])
def test_the_words_naming_a_body_are_read_as_its_name(text, actors):
    assert dedupe.features(text, "", "en").actors == frozenset(actors)


@pytest.mark.parametrize(("lang", "word"), [
    ("en", "Wednesday"), ("de", "Mittwoch"), ("ru", "среду"), ("ru", "субботу"),
    ("uk", "середу"), ("uk", "суботу"), ("uk", "листопада"), ("ru", "ноября"),
])
def test_weekdays_and_months_are_generic_words_in_each_language(lang, word):
    """A day or month says when, never what happened, in the stems of its own language
    (Ukrainian "середу" stems as "serid", not as Russian "среду")."""
    stem = dedupe._comparable(dedupe._fold_token(word, lang), lang)
    assert stem in dedupe._generic(lang)


@pytest.mark.parametrize(("hours", "kind"), [(1, DedupeKind.CLUSTER), (10, DedupeKind.CLUSTER),
                                              (16, DedupeKind.NEW), (30, DedupeKind.NEW)])
def test_the_further_apart_two_reports_the_more_they_must_share(hours, kind):
    new = replace(OTHER_REPORT, published=T0 + timedelta(hours=hours))
    assert decide(new, candidate(REPORT)).kind is kind


NIGHT_ONE = story("Russian drone attack on Kyiv kills two, damages apartment blocks",
                  "Russian drones struck residential buildings in several districts of Kyiv "
                  "overnight, killing two people, Mayor Vitali Klitschko said.", key="n1")


@pytest.mark.parametrize(("hours", "title", "summary", "kind"), [
    (23.5, "Russian drones hit Kyiv apartment blocks, mayor says",
     "Russian drones struck high-rise buildings in Kyiv overnight, Mayor Vitali Klitschko said, "
     "with several people injured.", DedupeKind.NEW),
    (14, "Drone attack on Kyiv apartment blocks killed two, mayor says",
     "Two people died when Russian drones struck residential buildings in Kyiv overnight, "
     "Mayor Vitali Klitschko said.", DedupeKind.CLUSTER),
    (6, "Russian drones hit Kyiv apartment blocks for second night",
     "Russian drones struck high-rise buildings in Kyiv overnight again, Mayor Vitali "
     "Klitschko said, killing two people.", DedupeKind.NEW),
    (1, "Russian drones hit Kyiv apartment blocks again, killing two",
     "Russian drones struck residential buildings in Kyiv overnight, killing two people, "
     "Mayor Vitali Klitschko said.", DedupeKind.CLUSTER),
], ids=["next-day-no-shared-figure", "next-day-same-toll", "again-hours-later", "again-at-once"])
def test_the_same_kind_of_news_hours_later_is_the_next_occurrence(hours, title, summary, kind):
    """Half a day apart, a report joins only when a figure ties it to the first; a headline
    saying "again" hours after one that does not tells of the next occurrence."""
    new = story(title, summary, feed=FEED_B, key="n2", at=T0 + timedelta(hours=hours))
    assert decide(new, candidate(NIGHT_ONE)).kind is kind


def test_a_number_only_the_summaries_share_ties_nothing():
    """A day apart, "the two leaders" and "the two sides" are no figure tying two reports (a
    toll in a headline is: see above)."""
    call = story("Trump, Putin talk by phone ahead of Zelensky's White House visit",
                 "The call came as the US president weighed sending Tomahawk missiles to "
                 "Ukraine. Trump said the two leaders would meet again soon.", key="call")
    meeting = story("Trump meets Zelensky at White House, says he wants the war to end",
                    "Meeting the Ukrainian leader a day after his call with Putin, Trump said "
                    "the two sides should make a deal.", feed=FEED_B, key="meeting",
                    at=T0 + timedelta(hours=23.8))
    assert decide(meeting, candidate(call)).kind is DedupeKind.NEW


RAYNER = ("Angela Rayner resigns as deputy prime minister",
          "Rayner has quit after the prime minister's independent adviser on standards found "
          "she had failed to pay the correct stamp duty on her flat in Hove.")
RAYNER_EXTENDED = ("Angela Rayner resigns as deputy prime minister and housing secretary",
                   "Rayner has quit both roles, and as deputy Labour leader, after the prime "
                   "minister's independent adviser on standards found she had failed to pay the "
                   "correct stamp duty on her flat in Hove.")


@pytest.mark.parametrize(("lang", "first", "second", "hours", "kind"), [
    ("en", RAYNER, RAYNER_EXTENDED, 0.8, DedupeKind.NEAR),
    ("en", RAYNER, ("Angela Rayner resigns as deputy prime minister and housing secretary", ""),
     0.8, DedupeKind.NEAR),
    ("uk", ("Зеленський поговорив з Венсом і Дрісколлом",
            "Президент повідомив про майже годинну розмову з віцепрезидентом США та міністром "
            "армії щодо деталей американського мирного плану."),
     ("Зеленський поговорив з Венсом і Дрісколлом: обговорили мирний план",
      "Президент повідомив про майже годинну розмову з віцепрезидентом США та міністром армії "
      "щодо деталей мирного плану. Радники продовжать роботу в Женеві."), 0.8, DedupeKind.NEAR),
    ("de", ("Friedensnobelpreis geht an Venezuelas Oppositionsführerin",
            "Das Nobelkomitee würdigt ihren Einsatz für die Demokratie in Venezuela. "
            "US-Präsident Trump, der sich Hoffnungen gemacht hatte, ging leer aus."),
     ("Friedensnobelpreis geht an Venezuelas Oppositionsführerin Machado",
      "Das Nobelkomitee würdigt María Corina Machados Einsatz für die Demokratie in Venezuela. "
      "US-Präsident Trump, der sich Hoffnungen gemacht hatte, ging leer aus."), 0.8,
     DedupeKind.NEAR),
    ("de", ("Sturzfluten in Texas: Mindestens 24 Tote",
            "Nach heftigen Regenfällen ist der Fluss binnen Minuten über die Ufer getreten. Aus "
            "einem Sommercamp werden mehr als 20 Kinder vermisst."),
     ("Sturzfluten in Texas: Mindestens 24 Tote, Mädchen aus Sommercamp vermisst",
      "Nach heftigen Regenfällen ist der Fluss binnen Minuten um mehrere Meter gestiegen. Aus "
      "einem Sommercamp werden mehr als 20 Kinder vermisst."), 1.2, DedupeKind.NEAR),
    ("en", RAYNER, RAYNER_EXTENDED, 30, DedupeKind.NEW),
    ("en", ("Unit Testing Cloud Deployments with Pulumi in F#",
            "How to write unit tests for cloud deployments defined in code, with examples."),
     ("Unit Testing Cloud Deployments with Pulumi in C#",
      "How to write unit tests for cloud deployments defined in code, with examples."), 0.8,
     DedupeKind.NEW),
    ("en", ("Counter-Strike 2 (ChallengerMode)",
            'Counter-Strike 2 (ChallengerMode) was newly added to the list and is "Broken"'),
     ("Counter-Strike 2 (Esportal)",
      'Counter-Strike 2 (Esportal) was newly added to the list and is "Broken"'), 0.8,
     DedupeKind.NEW),
    ("en", RAYNER, ("Angela Rayner resigns as deputy prime minister and housing secretary",
                    "The prime minister thanked her for her service and said a reshuffle of the "
                    "cabinet would follow later on Friday afternoon."), 0.8, DedupeKind.NEW),
    ("en", ("UK inflation rises to 3.8%",
            "Consumer prices rose by 3.8% in the year to July, the Office for National "
            "Statistics said, above what economists had expected."),
     ("UK inflation rises to 3.8%, highest in 18 months, as airfares jump",
      "Inflation reached its highest rate in 18 months in July: consumer prices rose by 3.8% "
      "in the year, driven by a jump in airfares, the Office for National Statistics said."),
     0.8, DedupeKind.NEAR),
    ("en", ("EA Sports FC 25 anti-cheat status",
            "Notes: (Nothing) => Unreleased, Speculative"),
     ("EA Sports FC 25 anti-cheat status",
      "Notes: Unreleased, Speculative => (Nothing)"), 0.5, DedupeKind.NEW),
], ids=["headline-and-summary-extended", "headline-extended-summary-dropped",
        "uk-extended", "de-name-added", "de-a-phrase-of-the-summary-reworded", "a-day-later",
        "one-headline-word-replaced", "a-name-replaced-in-the-summary", "another-summary",
        "headline-extended-summary-rewritten-around-the-detail",
        "same-headline-a-change-reversed"])
def test_a_feed_re_listing_its_entry_with_words_added_is_a_copy(lang, first, second, hours,
                                                                kind):
    """One feed's entry listed again within hours, its headline extended and its summary with
    words inserted (or rewritten around the detail the headline adds, keeping half its terms),
    is the same entry; a replaced word or name, another summary, a day between them, or under
    the same headline a summary that keeps less than NEAR_SAME_FEED_SAME_HEADLINE_KEPT (a
    database feed's change reversed) is not."""
    stored = story(*first, key="first", lang=lang)
    new = story(*second, key="second", lang=lang, at=T0 + timedelta(hours=hours))
    assert decide(new, candidate(stored)).kind is kind


def decide_relisted(lang: str, first: tuple[str, str], second: tuple[str, str],
                    hours: float | None):
    """The decision on one feed's entry (headline, summary) listed `hours` after its first
    listing (None: the feed gives dates only, both read as midnight)."""
    first_at = T0 if hours is not None else T0.replace(hour=0, minute=0)
    second_at = T0 + timedelta(hours=hours) if hours is not None else first_at
    stored = story(*first, key="first", lang=lang, at=first_at)
    return decide(story(*second, key="second", lang=lang, at=second_at), candidate(stored))


LEDE = ("Heavy rain flooded the old town of Valencia overnight, and the regional "
        "government closed schools and main roads across the province.")
LEDE_THEN = LEDE + " Emergency services said two people were missing."
LEDE_LATER = (LEDE + " By the afternoon rescuers had found both missing people alive and the "
              "water was receding.")
BACKGROUND = ("Cyclone Kirra, the strongest storm to hit Australia's east coast in a decade, "
              "brought winds of up to 200 km/h to Queensland and is expected to reach Sydney "
              "by the weekend.")
LEDE_DE = ("Nach tagelangen Verhandlungen haben sich Union und SPD im Bundestag auf einen "
           "gemeinsamen Entwurf für die Reform des Wehrdienstes verständigt.")


@pytest.mark.parametrize(("lang", "first", "second", "hours", "kind"), [
    ("en", ("Floods hit Valencia as schools and roads close", LEDE_THEN),
     ("Valencia floods: missing people found alive as water recedes", LEDE_LATER), 2.5,
     DedupeKind.NEAR),
    ("de", ("Union und SPD einigen sich auf Wehrdienstreform", LEDE_DE
            + " Die Abstimmung ist für Freitag geplant."),
     ("Wehrdienstreform: Union und SPD legen Streit bei, Abstimmung am Freitag",
      LEDE_DE + " Zuvor hatten beide Seiten sich gegenseitig Blockade vorgeworfen."), 1.0,
     DedupeKind.NEAR),
    ("en", ("Floods hit Valencia as schools and roads close", LEDE_THEN),
     ("Valencia floods: missing people found alive as water recedes", LEDE_LATER), 7.0,
     DedupeKind.NEW),
    ("en", ("Floods hit Valencia as schools and roads close", LEDE_THEN),
     ("Valencia floods: missing people found alive as water recedes", LEDE_LATER), None,
     DedupeKind.NEW),
    ("en", ("Floods hit Valencia as schools and roads close", LEDE),
     ("Valencia floods: missing people found alive as water recedes", LEDE_LATER), 2.5,
     DedupeKind.NEW),
    ("en", ("Valencia floods", LEDE_THEN), ("Floods in Valencia", LEDE_LATER), 2.5,
     DedupeKind.NEW),
    ("en", ("Floods in Valencia leave 2 people missing", LEDE_THEN),
     ("Floods in Valencia leave 5 people missing", LEDE_LATER), 2.5, DedupeKind.NEW),
    ("en", ("Cyclone Kirra makes landfall on the Queensland coast",
            BACKGROUND + " Tens of thousands of homes lost power overnight."),
     ("Sydney braces as Kirra heads south",
      BACKGROUND + " Schools in the city will close on Friday and ferries will stop."), 2.5,
     DedupeKind.NEW),
], ids=["en-a-development-same-lede", "de-a-development-same-lede", "hours-apart",
        "dates-without-a-time", "one-summary-the-beginning-of-the-other", "short-headlines",
        "another-figure", "the-next-story-on-the-subject"])
def test_a_feed_re_listing_its_entry_under_a_new_headline_with_the_same_lede_is_a_copy(
        lang, first, second, hours, kind):
    """One feed's entry listed again within hours under a new headline, its summary opening
    with the same lede and going on with news, is the same story when the two pass the checks
    of another outlet's report of the event; not when they are further apart, when the feed
    gives dates only (a series of posts with one introduction), when one summary merely
    repeats the other's beginning, when the headlines are too short to tell or share only the
    subject (the outlet's next story on it under one background lede), or when a figure
    differs."""
    decision = decide_relisted(lang, first, second, hours)
    assert decision.kind is kind, decision.reason


TRAIN = ("A regional train came off the tracks near Brescia in northern Italy on Monday "
         "morning, the fire service said.")
TRAIN_THEN = TRAIN + " At least 2 people were killed and dozens injured."
TRAIN_LATER = TRAIN + " The death toll rose to 6 by the afternoon, with 40 injured."
BUS_DE = ("Ein Reisebus ist in den Tiroler Alpen von der Straße abgekommen und einen Hang "
          "hinabgestürzt, teilte die Polizei mit.")
TOWER_RU = ("В Нижнем Тагиле обрушился подъезд пятиэтажного жилого дома после взрыва газа, "
            "сообщили в МЧС.")
ODESA_UK = ("Уночі російські дрони атакували Одесу, пошкоджено житлові будинки та "
            "енергетичну інфраструктуру, повідомила ОВА.")
DRONES = ("Russia launched more than 100 drones at Ukrainian cities overnight, the air force "
          "said on Sunday.")
KYIV = ("Rescuers pulled more bodies overnight from an apartment block in the Darnytskyi district "
        "that a Russian missile destroyed.")
ODESA_UK_LATER = ("Уночі російські дрони атакували Одесу, пошкоджено житлові будинки, "
                  "рятувальники розбирають завали, повідомили в ДСНС.")
QUAKE = ("A strong earthquake struck off the coast of Sumatra in Indonesia on Tuesday, the "
         "geophysics agency said.")


@pytest.mark.parametrize(("lang", "first", "second", "hours", "kind"), [
    ("en", ("Train derails in northern Italy, killing at least 2", TRAIN_THEN),
     ("Train derails in northern Italy, killing at least 6", TRAIN_LATER), 3.0,
     DedupeKind.NEAR),
    ("en", ("Explosion at chemical plant in Ludwigshafen injures 12", TRAIN_THEN),
     ("Explosion at chemical plant in Ludwigshafen injures 30", TRAIN_LATER), 2.0,
     DedupeKind.NEAR),
    ("de", ("Busunglück in Tirol: mindestens 4 Tote", BUS_DE + " Vier Menschen starben."),
     ("Busunglück in Tirol: mindestens 9 Tote", BUS_DE + " Neun Menschen starben, mehr als 20 "
      "wurden verletzt."), 3.5, DedupeKind.NEAR),
    ("ru", ("Обрушение дома в Нижнем Тагиле: погибли 3 человека", TOWER_RU),
     ("Обрушение дома в Нижнем Тагиле: погибли 7 человек", TOWER_RU
      + " Спасатели продолжают разбирать завалы."), 5.0, DedupeKind.NEAR),
    ("uk", ("Атака на Одесу: 2 загиблих", ODESA_UK),
     ("Атака на Одесу: 5 загиблих", ODESA_UK_LATER), 2.5, DedupeKind.NEAR),
    ("en", ("Train derails in northern Italy, killing at least 6", TRAIN_LATER),
     ("Train derails in northern Italy, killing at least 2", TRAIN_THEN), 3.0, DedupeKind.NEW),
    ("en", ("Magnitude 6.1 earthquake strikes off Sumatra, killing 3", QUAKE),
     ("Magnitude 6.4 earthquake strikes off Sumatra, killing 8", QUAKE), 2.0, DedupeKind.NEW),
    ("en", ("Drone strike on Kharkiv kills 3", DRONES), ("Drone strike on Odesa kills 5", DRONES),
     1.0, DedupeKind.NEW),
    ("en", ("Train derails in northern Italy, killing at least 2", TRAIN_THEN),
     ("Train derails in northern Italy, killing at least 6", TRAIN_LATER), 8.0, DedupeKind.NEW),
    ("en", ("Train derails in northern Italy, killing at least 2", TRAIN_THEN),
     ("Train derails in northern Italy, killing at least 6", TRAIN_LATER), None,
     DedupeKind.NEW),
    ("uk", ("Атака на Одесу: 2 загиблих", ODESA_UK),
     ("Атака на Одесу: 5 загиблих", "Уночі російські ракети вдарили по Одесі, зруйновано "
      "склад і пошкоджено порт, повідомила ОВА."), 2.5, DedupeKind.NEW),
    ("en", ("Kyiv strike: death toll rises to 23", KYIV),
     ("Kyiv strike: death toll rises to 25", KYIV), 5.0, DedupeKind.NEW),
    ("de", ("Busunglück in Tirol: mindestens 4 Tote", BUS_DE + " Vier Menschen starben."),
     ("Busunglück in Tirol: Zahl der Toten steigt auf 9", BUS_DE + " Neun Menschen starben."),
     3.5, DedupeKind.NEW),
], ids=["en-killed", "en-injured", "de-tote", "ru-pogibli", "uk-zagyblykh", "the-toll-fell",
        "another-figure-changed-too", "another-place", "hours-apart", "dates-without-a-time",
        "another-lede", "en-the-headline-reports-the-toll", "de-the-headline-reports-the-rise"])
def test_a_feed_re_listing_its_entry_with_a_higher_toll_is_the_same_story(lang, first, second,
                                                                          hours, kind):
    """One feed's entry listed again within hours with a higher count of the dead or injured,
    its summary opening with the same lede, is the report edited; not when the count fell,
    another figure or a place changed too, the two are further apart or undated, the
    summaries open differently (the next attack on the city), or the headline reports the toll
    or its rise (news of the change)."""
    decision = decide_relisted(lang, first, second, hours)
    assert decision.kind is kind, decision.reason


def test_a_short_guid_identifies_an_entry_within_its_feed_only():
    first = story("Nvidia becomes first company worth $5 trillion", "Shares of the chipmaker "
                  "rose as much as 5% on Wednesday.", guid="T4VQ2KGPQQJH00", key="e1")
    edited = replace(first, key="e2", title="Nvidia tops $5 trillion in value as AI rally "
                     "rolls on", summary="Nvidia became the first company to surpass $5 "
                     "trillion in market value on Wednesday.", published=T0 + timedelta(hours=1))
    assert not dedupe.trusted_guid(first.guid)
    assert decide(edited, candidate(first)).kind is DedupeKind.EXACT
    elsewhere = replace(edited, feed_url=FEED_C)
    assert decide(elsewhere, candidate(first)).reason != "same guid in the same feed"


@pytest.mark.parametrize(("first", "second", "own_first", "own_second"), [
    (("Alcaraz beats Sinner to win US Open", ""),
     ("Carlos Alcaraz overpowers Jannik Sinner in four sets", ""), ["open"], []),
    (("BoE keeps Bank Rate unchanged as Bailey signals cuts", ""),
     ("Bank of England holds rates at 4% after 5-4 vote", "Governor Andrew Bailey spoke."),
     [], []),
    (("Macron reappoints Lecornu as prime minister", ""),
     ("Sébastien Lecornu named French PM again", ""), ["macro"], []),
    (("Kindergarten hit in Russian drone attack on Kharkiv", ""),
     ("Poland shoots down drones during Russian attack on Ukraine", ""), ["khark", "kinde"],
     ["polan", "ukrai"]),
], ids=["a-first-name", "an-acronym", "an-acronym-and-a-nationality", "two-places"])
def test_names_only_one_headline_has(first, second, own_first, own_second):
    """(Two headlines that each have one are two events.)"""
    a, b = dedupe.features(*first, "en"), dedupe.features(*second, "en")
    assert sorted(dedupe._own_names(a, b)) == own_first
    assert sorted(dedupe._own_names(b, a)) == own_second


@pytest.mark.parametrize(("lang", "first", "second", "own_first", "own_second"), [
    ("en", "Trump and Putin leave Alaska without a ceasefire deal",
     "Anchorage summit: Trump and Putin part with no agreement", [], []),
    ("ru", "В Абу-Даби прошел второй раунд переговоров России, США и Украины",
     "Делегации России, США и Украины снова встретились в ОАЭ", [], []),
    ("uk", "Делегації України та США зустрілися в Женеві",
     "У Швейцарії завершилася зустріч делегацій України та США", [], []),
    ("en", "US and Ukrainian officials meet in Jeddah",
     "US and Russian officials meet in Riyadh", ["jedda"], ["riyad"]),
    ("en", "Drones attack Moscow overnight, mayor says",
     "Drones hit oil depot in Russia's Bryansk region", ["mosco"], ["bryan", "russi"]),
    ("uk", "Заява Білого дому: зустрічі Трампа і Путіна не буде",
     "Зустріч Трампа і Путіна ще можлива, кажуть у Вашингтоні", ["bil"], ["vashy"]),
], ids=["en-a-venue-and-its-state", "ru-a-city-and-its-country", "uk-a-city-and-its-country",
        "en-two-cities-of-one-country", "en-a-capital-is-no-name-for-its-country",
        "uk-a-seat-of-power-is-no-name-for-its-city"])
def test_a_place_named_at_another_scale_is_mentioned(lang, first, second, own_first,
                                                     own_second):
    """A venue and the state or country around it (`monitor.places`) are one place to the
    check for names only one report has; two places in one country, a capital and its
    country, and a seat of power and its city stay two."""
    a, b = dedupe.features(first, "", lang), dedupe.features(second, "", lang)
    assert sorted(dedupe._own_names(a, b)) == own_first
    assert sorted(dedupe._own_names(b, a)) == own_second


@pytest.mark.parametrize(("lang", "first", "second"), [
    ("en", "Trump and Putin leave Alaska without a ceasefire deal",
     "Anchorage summit: Trump and Putin part with no agreement"),
    ("de", "Gipfel von Trump und Putin in Ungarn geplatzt",
     "Trump sagt Gipfel mit Putin in Budapest ab"),
], ids=["en-alaska-anchorage", "de-ungarn-budapest"])
def test_a_place_named_at_another_scale_counts_as_shared(lang, first, second):
    a, b = dedupe.features(first, "", lang), dedupe.features(second, "", lang)
    unlinked = dedupe.event_score(a, b)
    saved, dedupe._PLACE_STEMS = dedupe._PLACE_STEMS, {}
    try:
        assert dedupe.event_score(a, b) < unlinked
    finally:
        dedupe._PLACE_STEMS = saved
    assert dedupe.event_score(a, b) == dedupe.event_score(b, a)


def test_a_german_place_at_another_scale_is_mentioned():
    assert dedupe._mentions_stem("budap", dedupe.features("Gipfel in Ungarn", "", "de"))
    assert not dedupe._mentions_stem("budap", dedupe.features("Gipfel in Wien", "", "de"))


def test_the_places_table_reads_both_sides_and_continuations():
    table = "# comment\nanchorage: Anchorage\n  Анкоридж | Alaska\n    Аляска\n"
    assert places.links(table) == [("anchorage", ("Anchorage", "Анкоридж"), ("Alaska", "Аляска"))]


@pytest.mark.parametrize("table", ["  Anchorage | Alaska\n", "anchorage Anchorage | Alaska\n",
                                   "anchorage: Anchorage Alaska\n", "anchorage: | Alaska\n"],
                         ids=["words-before-a-place", "no-colon", "no-bar", "one-side-empty"])
def test_a_malformed_places_table_is_refused(table):
    with pytest.raises(ValueError, match="places table"):
        places.links(table)


def test_every_word_of_the_places_table_is_read_as_a_place():
    """Each word reaches a stem in its script's languages (none is a stop word or folded away),
    and no place is on both sides of one entry."""
    for name, inner, outer in places.links():
        for word in (*inner, *outer):
            lang = "ru" if dedupe._CYRILLIC.search(word) else "en"
            stem = dedupe._comparable(dedupe._fold_token(word, lang), lang)
            assert (lang, stem) in dedupe._PLACE_LINKS, f"{name}: {word}"
        assert not set(inner) & set(outer), name


@pytest.mark.parametrize(("lang", "first", "second", "own_second"), [
    ("uk", "Росія вдарила по Одесі: загинули двоє людей", "Масована атака на Запоріжжя: двоє "
     "загиблих", ["zapor"]),
    ("en", "Russian drones hit Odesa, 2 killed", "Drones pound Zaporizhzhia: 2 killed",
     ["zapor"]),
    ("en", "Alcaraz beats Sinner to win US Open", "Carlos Alcaraz wins US Open", []),
    ("ru", "Пожар на НПЗ в Волгограде после атаки беспилотников",
     "Беспилотники атаковали Сызранский НПЗ", ["syzra"]),
], ids=["uk-a-city-before-a-toll", "en-a-city-before-a-toll", "en-a-first-name",
        "ru-a-city-adjective-before-a-shared-acronym"])
def test_a_name_before_a_shared_number_is_still_a_name(lang, first, second, own_second):
    """A first name before a name the other headline has is part of that name; a name before a
    number both give (a toll) is not."""
    a, b = dedupe.features(first, "", lang), dedupe.features(second, "", lang)
    assert sorted(dedupe._own_names(b, a)) == own_second


@pytest.mark.parametrize(("lang", "first", "second", "own_second"), [
    ("ru", "Путин и Моди провели переговоры в Тяньцзине",
     "Путин встретился с Эрдоганом в Тяньцзине", ["erdog"]),
    ("en", "Macron reappoints Lecornu as prime minister",
     "Sébastien Lecornu named French PM again", []),
], ids=["ru-a-name-a-word-before-a-shared-place", "en-a-first-name-right-before-a-shared-name"])
def test_a_first_name_stands_right_before_the_name_it_completes(lang, first, second,
                                                                 own_second):
    """One leader's two meetings in one city are two events: the other party, a word before
    the city both name, is a name of its own, not the city's first name."""
    a, b = dedupe.features(first, "", lang), dedupe.features(second, "", lang)
    assert sorted(dedupe._own_names(b, a)) == own_second


def test_a_negation_in_a_side_clause_is_no_opposite():
    stored = story("US government shuts down as Congress deadlocks over funding bill",
                   "The US federal government shut down at midnight after the Senate in "
                   "Congress failed to pass a funding bill, furloughing hundreds of thousands of "
                   "workers.")
    new = story("US government shuts down after Senate fails to pass funding bill",
                "The US government shut down after the Senate failed to pass a funding bill, "
                "leaving hundreds of thousands of federal workers furloughed.", feed=FEED_B,
                at=T0 + timedelta(minutes=30))
    assert decide(new, candidate(stored)).kind is DedupeKind.CLUSTER


@pytest.mark.parametrize(("lang", "headline", "negative", "side_negative"), [
    ("en", "Fed cuts rates again, but Powell warns a December cut is not certain", False, True),
    ("de", "Koalition einigt sich beim Wehrdienst, aber ohne Losverfahren", False, True),
    ("uk", "Нацбанк знизив ставку, але не виключає паузи", False, True),
    ("ru", "Банк снизил ставку, однако не исключает паузы", False, True),
    # (no comma: the contrast may be the news itself; English "no" is not Russian "но")
    ("en", "Fed cuts rates but Powell warns a December cut is not certain", True, False),
    ("en", "Thailand says fighting will continue, no ceasefire agreed", True, False),
], ids=["en-but", "de-aber", "uk-ale", "ru-odnako", "en-but-without-comma", "en-comma-no"])
def test_a_contrast_after_a_comma_is_a_side_clause(lang, headline, negative, side_negative):
    feats = dedupe.features(headline, "", lang)
    assert (feats.negative, feats.side_negative) == (negative, side_negative)


def test_a_copy_keeping_the_wire_credit_joins_one_that_adds_a_sentence():
    """One outlet keeps the wire's closing "(SID)", another replaces it with a sentence of its
    own: the credit is no name swapped for the new sentence's names."""
    lede = ("Der FC Varnholm ist vorzeitig Meister. Nach dem 1:1 des Verfolgers beim SC Kessel "
            "ist der Klub zwei Spieltage vor Schluss nicht mehr einzuholen.")
    stored = story("FC Varnholm ist zum fünften Mal Meister", f"{lede} (SID)", lang="de")
    new = story("Liga: FC Varnholm ist zum fünften Mal Meister",
                f"{lede} Für Ada Brun ist es der erste Titel ihrer Karriere.", feed=FEED_B,
                at=T0 + timedelta(minutes=6), lang="de")
    assert decide(new, candidate(stored)).kind is DedupeKind.NEAR


@pytest.mark.parametrize(("summary", "cleaned"), [
    ("Країни готові розгорнути контингент, заявив президент Франції, передає Укрінформ.",
     "Країни готові розгорнути контингент, заявив президент Франції."),
    ("Россия готова прямо сейчас, сообщает ТАСС.", "Россия готова прямо сейчас."),
    ("Die Lage bleibt angespannt, berichtet die dpa.", "Die Lage bleibt angespannt."),
    ("Talks will continue on Friday, Reuters reported.", "Talks will continue on Friday."),
    ("Фонд оцінюється в 5 млрд, повідомляє Інтерфакс-Україна", "Фонд оцінюється в 5 млрд."),
    # anyone but a wire stays: an outlet's own reporter, a newspaper
    ("Talks will continue, reports the BBC's correspondent.",
     "Talks will continue, reports the BBC's correspondent."),
    ("Die Lage bleibt angespannt, berichtet der Spiegel.",
     "Die Lage bleibt angespannt, berichtet der Spiegel."),
], ids=["uk-peredaie", "ru-soobshchaet", "de-berichtet-die", "en-reported", "uk-povidomliaie",
        "en-not-a-wire", "de-not-a-wire"])
def test_a_closing_clause_crediting_a_wire_is_cleaned_off(summary, cleaned):
    assert dedupe.clean_summary(summary) == (cleaned, False)


def test_a_copy_crediting_the_wire_in_a_closing_clause_joins_the_wires_own():
    """The wire's own copy ends with where it was said ("... після зустрічі в Варнгольмі"),
    the outlet passing it on with whom it has it from ("..., передає Укрінформ"): the credit is
    no name swapped for the place."""
    lede = ("Країни коаліції готові розгорнути контингент в Україні, на морі чи в повітрі після "
            "припинення вогню, заявив президент Франції")
    stored = story("Макрон: 26 країн долучаться до сил підтримки України",
                   f"{lede} після зустрічі в Варнгольмі.", lang="uk")
    new = story("26 країн долучаться до сил підтримки України, — Макрон",
                f"{lede}, передає Укрінформ.", feed=FEED_B, at=T0 + timedelta(minutes=50),
                lang="uk")
    assert decide(new, candidate(stored)).kind is DedupeKind.NEAR


# A copy whose headline was rewritten without the negation is no opposite of the original when
# its summary, the same as the original's, denies what the original headline denies.
_DENIED = ("Россия не собирается воевать с Варнгольмом, но если тот начнет, Россия готова прямо "
           "сейчас, заявил президент журналистам на полях форума.")
DENIED_CASES = [
    ("ru-the-copy-denies-it-too", "ru",
     ("Президент: Россия не собирается воевать с Варнгольмом, но готова", _DENIED),
     ("Президент: если Варнгольм начнет, Россия готова прямо сейчас", _DENIED), None),
    ("ru-another-summary-stays-opposite", "ru",
     ("Президент: Россия не собирается воевать с Варнгольмом, но готова", _DENIED),
     ("Президент: Россия готова воевать с Варнгольмом",
      "Россия готова начать войну против Варнгольма, заявил президент журналистам."),
     "opposite polarity"),
    ("ru-the-summary-denies-something-else", "ru",
     ("Президент: Россия не собирается воевать с Варнгольмом, но готова", _DENIED),
     ("Президент: Россия будет воевать с Варнгольмом",
      "Россия не собирается вести переговоры с Варнгольмом, но если тот начнет, Россия "
      "готова прямо сейчас, заявил президент журналистам на полях форума."),
     "opposite polarity"),
    # (a wire copy edited as copies are: a sentence dropped, a ministry and the drones named
    # otherwise)
    ("ru-an-edited-copy-denies-it-too", "ru",
     ("Мэр сообщил об отражении атаки трех БПЛА на Варнгольм",
      "Силы ПВО Министерства обороны отразили атаку трех БПЛА, летевших на Варнгольм, "
      "сообщил мэр Иван Петров."),
     ("Мэр: ПВО сбила три беспилотника, летевших на Варнгольм",
      "Силы ПВО Минобороны отразили атаку трех беспилотников, летевших на Варнгольм, сообщил "
      "мэр города Иван Петров. На месте падения обломков работают экстренные службы."), None),
    # (what "niemand" denies stands before it)
    ("de-no-injuries-said-by-both", "de",
     ("Varnholm: Teil der Rheinbrücke eingestürzt – keine Verletzten",
      "In Varnholm ist in der Nacht ein Teil der Rheinbrücke in den Fluss gestürzt. Verletzt "
      "wurde nach Angaben der Feuerwehr niemand. Betroffen ist ein rund 100 Meter langer "
      "Abschnitt."),
     ("Teil der Rheinbrücke in Varnholm eingestürzt",
      "In Varnholm ist in der Nacht ein Teil der Rheinbrücke in den Fluss gestürzt. Verletzt "
      "wurde nach Angaben der Feuerwehr niemand. Betroffen ist der etwa 100 Meter lange "
      "Brückenzug."), None),
    ("de-injuries-in-the-other-summary", "de",
     ("Varnholm: Teil der Rheinbrücke eingestürzt – keine Verletzten",
      "In Varnholm ist in der Nacht ein Teil der Rheinbrücke in den Fluss gestürzt. Verletzt "
      "wurde nach Angaben der Feuerwehr niemand. Betroffen ist ein rund 100 Meter langer "
      "Abschnitt."),
     ("Teil der Rheinbrücke in Varnholm eingestürzt",
      "In Varnholm ist in der Nacht ein Teil der Rheinbrücke in den Fluss gestürzt. Verletzt "
      "wurden nach Angaben der Feuerwehr drei Menschen. Betroffen ist der etwa 100 Meter lange "
      "Brückenzug."), "opposite polarity"),
]


@pytest.mark.parametrize(("lang", "negative", "other", "reason"), [c[1:] for c in DENIED_CASES],
                         ids=[c[0] for c in DENIED_CASES])
def test_a_copy_denying_in_its_summary_what_the_other_headline_denies_is_no_opposite(
        lang, negative, other, reason):
    a, b = dedupe.features(*negative, lang), dedupe.features(*other, lang)
    assert a.negative and not b.negative
    assert dedupe.contradiction(a, b) == reason
    assert dedupe.contradiction(b, a) == reason


# A headline that leaves "without" something is the opposite of a report only when that report
# mentions the thing (a deal, a ceasefire, missiles); any other cue stays an opposite.
WITHOUT_CASES = [
    ("en-without-what-the-other-never-says", "en",
     ("Envoys leave Kremlin without breakthrough after five-hour talks",
      "The two US envoys left late at night."),
     ("Putin hosts US envoys for five hours of talks on Ukraine",
      "The meeting at the Kremlin lasted about five hours, an aide said."), None),
    ("en-without-what-the-other-reports", "en",
     ("Envoys leave Kremlin without a deal", "The two US envoys left late at night."),
     ("Putin and US envoys reach deal on prisoner exchange",
      "The meeting at the Kremlin lasted about five hours."), "opposite polarity"),
    ("de-ohne-what-the-other-never-says", "de",
     ("Gipfel in Varnholm endet ohne Abschlusserklärung",
      "Die Staats- und Regierungschefs reisten am Abend ab."),
     ("Staats- und Regierungschefs beraten in Varnholm über Migration",
      "Der Gipfel dauerte bis in den Abend."), None),
    ("de-ohne-what-the-other-reports", "de",
     ("Koalition bleibt ohne Einigung beim Haushalt", "Die Gespräche gehen am Montag weiter."),
     ("Koalition einigt sich auf Haushalt", "Union und SPD legten den Streit bei."),
     "opposite polarity"),
    ("ru-bez-what-the-other-never-says", "ru",
     ("Делегации разъехались из Стамбула без договорённостей",
      "Следующий раунд пока не назначен."),
     ("В Стамбуле прошли переговоры делегаций", "Встреча продолжалась около двух часов."),
     None),
    ("ru-bez-what-the-other-reports", "ru",
     ("Переговоры в Стамбуле завершились без перемирия", "Следующий раунд пока не назначен."),
     ("Стороны договорились о перемирии в Стамбуле", "Встреча продолжалась около двух часов."),
     "opposite polarity"),
    ("uk-bez-what-the-other-never-says", "uk",
     ("Зеленський повернувся з Вашингтона без ракет", "Переговори тривали дві години."),
     ("Трамп прийняв Зеленського у Білому домі", "Переговори тривали дві години."), None),
    ("uk-bez-what-the-other-reports", "uk",
     ("Зеленський повернувся з Вашингтона без ракет", "Переговори тривали дві години."),
     ("Трамп пообіцяв Зеленському ракети", "Переговори тривали дві години."),
     "opposite polarity"),
    ("en-another-cue-stays-opposite", "en",
     ("Trump will not send Tomahawks to Kyiv", "He said the US needs them."),
     ("Trump weighs long-range missiles for Kyiv", "A decision is expected soon."),
     "opposite polarity"),
]


@pytest.mark.parametrize(("lang", "negative", "other", "reason"),
                         [c[1:] for c in WITHOUT_CASES], ids=[c[0] for c in WITHOUT_CASES])
def test_a_headline_without_what_the_other_never_mentions_is_no_opposite(lang, negative, other,
                                                                         reason):
    a, b = dedupe.features(*negative, lang), dedupe.features(*other, lang)
    assert a.negative and not b.negative
    assert dedupe.contradiction(a, b) == reason
    assert dedupe.contradiction(b, a) == reason


# Texts of our own; each later report fails one check, which the decision names.
_WHY_STORED = ("Harbour authority in Varnholm closes port after Kessel Line tanker fire",
               "The port of Varnholm was closed on Tuesday after a fire broke out on a chemical "
               "tanker of the Kessel Line, the harbour authority said.")
_WHY_DELAYS = ("Emergency crews battled flames overnight while dozens of vessels waited offshore "
               "and shipping companies warned customers about delays to deliveries across "
               "northern Europe.")


@pytest.mark.parametrize(("headline", "summary", "minutes", "why"), [
    ("Tanker fire closes Varnholm port", _WHY_DELAYS, 30, None),
    ("Tanker fire closes Varnholm port", _WHY_DELAYS, 10 * 60,
     "too little in common: score 0.234, needs 0.250"),
    ("Varnholm port shut after tanker explosion", "Ships were turned away from Varnholm.", 30,
     "a headline mostly unmentioned by the other report: covered 0.33"),
    ("Varnholm port to stay closed for days, Ada Brun says",
     "The port of Varnholm will stay closed for days after the tanker fire, transport minister "
     "Ada Brun said.", 30, "quotes someone the other report never mentions"),
    ("Kessel Line chief meets Varnholm mayor",
     "Kessel Line chief executive Ada Brun met the mayor of Varnholm on Tuesday.", 30,
     "no shared word for what happened"),
    ("Cyclists race through the old town in annual festival",
     "Hundreds of riders took part in the festival, organisers said.", 30,
     "no word of either headline in the other"),
    ("Varnholm port closes again after second Kessel Line tanker fire",
     "The port of Varnholm was closed again on Wednesday after another fire on a Kessel Line "
     "tanker, the harbour authority said.", 20 * 60, "one says it happened again"),
    ("Ostergaard closes port after Kessel Line tanker fire",
     "The port of Ostergaard was closed on Tuesday after a fire broke out on a Kessel Line "
     "chemical tanker.", 30, "different name, place or number in the headline"),
    ("Harbour authority in Varnholm reopens port after Kessel Line tanker fire",
     "The port of Varnholm reopened on Wednesday after a fire on a chemical tanker of the Kessel "
     "Line had closed it, the harbour authority said.", 30, "opposite state (opens / closes)"),
    ("Varnholm port: two more Kessel Line tankers catch fire",
     "Fire broke out on two more chemical tankers of the Kessel Line in the port of Varnholm on "
     "Tuesday, the harbour authority said.", 5 * 60, "one says it happened again"),
], ids=["the-same-event", "the-same-words-ten-hours-later", "headline-unmentioned",
        "another-speaker", "only-the-actors", "nothing-in-common", "again-the-next-day",
        "another-place", "reopened", "two-more-the-next-day"])
def test_a_new_story_says_what_kept_it_from_the_closest_stored_one(headline, summary, minutes,
                                                                    why):
    stored = candidate(story(*_WHY_STORED), story_id=7)
    new = story(headline, summary, feed=FEED_B, at=T0 + timedelta(minutes=minutes))
    decision = decide(new, stored)
    if why is None:
        assert decision.kind is DedupeKind.CLUSTER
    else:
        assert decision.kind is DedupeKind.NEW
        assert decision.reason == f"no stored story matches (closest, story 7: {why})"


def test_a_new_story_without_candidates_says_so():
    assert decide(story(*_WHY_STORED)).reason == (
        "no stored story matches (none shares enough index keys to be compared)")


@pytest.mark.parametrize(("pair_id", "merged"), [
    ("b20rew-07", True),  # "Fed cuts rates for third time ..." / "Divided Fed lowers ...": 0.179
    ("b5rew-18", True),  # "OpenAI releases GPT-5 ..." / "OpenAI launches GPT-5 ...": 0.177
    ("b16rew-19", True),  # Merz elected in the second round, two German reports: 0.171
    ("b11rew-09", False),  # Nvidia at $5 trillion: 0.179, but fewer names in common
], ids=["en-fed-three-names", "en-openai-three-names", "de-merz-three-names",
        "en-nvidia-two-names"])
def test_reports_sharing_three_names_need_a_little_less_in_common(monkeypatch, pair_id,
                                                                  merged):
    from test_dedupe_eval import load_pairs

    from monitor import replay
    pair = next(p for p in load_pairs() if p["pair"] == pair_id)
    first = replay.story_from_item(pair["a"], index=0)
    second = replay.story_from_item(pair["b"], index=1)

    def decided() -> DedupeKind:
        return decide(second, candidate(first)).kind

    assert (decided() is DedupeKind.CLUSTER) is merged
    monkeypatch.setattr(dedupe, "CLUSTER_SCORE_NAMED", dedupe.CLUSTER_SCORE)
    assert decided() is DedupeKind.NEW  # the lower bar is what merges them


def test_ruling_out_by_headline_changes_no_comparison(monkeypatch):
    """`compare` skips a candidate's summary when the headlines alone decide: it must come to
    the same comparison as the full path, on every labelled pair both ways at 1, 20 and 40
    hours apart, and on pairs of two languages, with the candidate's headline read from its
    title or from its stored features (which know the language of a story that declared
    none). (Only its reason may differ: it names a check the two fail, which need not be the
    first one the full path tries.)"""
    from test_dedupe_eval import load_pairs

    from monitor import replay
    pairs = load_pairs()
    stories = [(replay.story_from_item(pair["a"]), replay.story_from_item(pair["b"]))
               for pair in pairs]
    cases = []
    for a, b in stories:
        for hours in (1, 20, 40):
            later = replace(b, published=a.published + timedelta(hours=hours))
            cases += [(a, later), (later, a)]
    # each story with the next pair's second story in another language (and another feed)
    cases += [(a, replace(b, published=a.published + timedelta(hours=hours), feed_url=FEED_C))
              for (a, _), (_, b) in itertools.pairwise(stories)
              if dedupe.story_features(a).lang != dedupe.story_features(b).lang
              for hours in (1, 40)]

    def outcomes(stored: bool):
        dedupe.clear_caches()
        return [replace(fresh_compare(new, as_stored(old) if stored else candidate(old)),
                        reason="") for old, new in cases]

    quick, quick_stored = outcomes(stored=False), outcomes(stored=True)
    monkeypatch.setattr(dedupe, "_ruled_out_by_headline", lambda *args: None)
    assert quick == quick_stored == outcomes(stored=False)
    dedupe.clear_caches()


def fresh_compare(new: Story, old: Candidate) -> dedupe.Comparison:
    """`compare` with the candidate's features not yet cached (as when first found)."""
    dedupe._BY_STORY.clear()
    return dedupe.compare(new, dedupe.fingerprint(new), old)


def as_stored(s: Story) -> Candidate:
    """`candidate(s)` as the store returns it: with its features as stored."""
    return replace(candidate(s), packed=dedupe.pack_features(dedupe.story_features(s)))


MINERALS = ("US and Ukraine sign long-awaited minerals agreement",
            "Washington and Kyiv signed a deal giving the United States a share of revenue from "
            "Ukraine's natural resources, Treasury Secretary Scott Bessent said.")
INFLATION = ("Inflationsrate sinkt im Oktober auf 2,3 Prozent",
             "Die Teuerung ließ damit etwas nach, meldet das Statistische Bundesamt in Wiesbaden.")
UNDER_OTHER_HEADLINES_CASES = [
    ("en-summaries-share-four-names", "en", MINERALS,
     ("Svyrydenko inks resource fund deal with Bessent in Washington",
      "Ukraine's economy minister Yulia Svyrydenko signed the agreement with Scott Bessent, "
      "setting up a joint US-Ukrainian investment fund for the country's minerals."), True),
    ("de-summaries-share-figure-and-office", "de", INFLATION,
     ("Teuerung schwächt sich leicht ab",
      "Laut Statistischem Bundesamt lag die Inflationsrate im Oktober bei 2,3 Prozent, nach 2,4 "
      "Prozent im September."), True),
    # the same summary under a headline the first report never mentions: another story
    ("de-headline-the-other-never-mentions", "de", INFLATION,
     ("Ökonomen erwarten Zinssenkung der EZB",
      "Laut Statistischem Bundesamt lag die Teuerung im Oktober bei 2,3 Prozent, nach 2,4 "
      "Prozent im September."), False),
    ("en-two-names-only", "en",
     ("Trump hosts Zelensky for lunch", "Trump and Zelensky began their talks at noon."),
     ("Talks end early", "Trump and Zelensky ended the talks after an hour over lunch."), False),
]


@pytest.mark.parametrize(("lang", "first", "second", "one_event"),
                         [c[1:] for c in UNDER_OTHER_HEADLINES_CASES],
                         ids=[c[0] for c in UNDER_OTHER_HEADLINES_CASES])
def test_headlines_sharing_no_term_join_when_the_summaries_tell_one_event(lang, first, second,
                                                                          one_event):
    a, b = dedupe.features(*first, lang), dedupe.features(*second, lang)
    assert not a.title_set & b.title_set
    shared_names = a.stems & b.stems & (a.strong | b.strong)
    named = dedupe._beyond_nationalities(shared_names, a, b)
    assert dedupe._told_by_summaries(a, b, named) is one_event
    new = story(*second, lang=lang, key="b", feed=FEED_B, at=T0 + timedelta(hours=1))
    decision = decide(new, candidate(story(*first, lang=lang, key="a")))
    assert (decision.kind is DedupeKind.CLUSTER) is one_event, decision.reason


def test_an_undated_report_has_no_time_gap():
    new = replace(OTHER_REPORT, published=T0 + timedelta(hours=30), dated=False)
    assert decide(new, candidate(REPORT)).kind is DedupeKind.CLUSTER


UNRELATED = [
    story("Trump says tariffs on Chinese goods will stay", "Donald Trump said on Friday the "
          "tariffs would remain until a trade deal is signed.", key="u1"),
    story("Trump meets Zelenskiy's chief of staff", "Andriy Yermak met Donald Trump at the "
          "White House on Friday to discuss air defence.", key="u2"),
]


def test_a_report_joins_a_story_only_when_most_of_its_members_agree():
    one_close = [candidate(REPORT, story_id=1, cluster_id=50),
                 *(candidate(s, story_id=2 + i, cluster_id=50) for i, s in enumerate(UNRELATED))]
    decision = decide(OTHER_REPORT, *one_close)
    assert decision.kind is DedupeKind.NEW, decision.reason
    two_close = [candidate(REPORT, story_id=1, cluster_id=50),
                 candidate(replace(REPORT, feed_url=FEED_C, key="r2",
                                   title=REPORT.title + " - Reuters"), story_id=2, cluster_id=50),
                 candidate(UNRELATED[0], story_id=3, cluster_id=50)]
    assert decide(OTHER_REPORT, *two_close).kind is DedupeKind.CLUSTER


def test_a_story_in_two_clusters_merges_them_into_the_latest():
    copy_of = candidate(replace(WIRE, feed_url=FEED_C, key="c"), story_id=1, cluster_id=10)
    report = story("Trump says the US needs its Tomahawk missiles and will not give them away",
                   "U.S. President Donald Trump said the United States needs its Tomahawk "
                   "missiles and hoped the war in Ukraine could end without them.",
                   feed=FEED_A, key="r", at=T0 + timedelta(minutes=30))
    later = replace(candidate(report, story_id=2, cluster_id=20),
                    first_seen=T0 + timedelta(minutes=30))
    decision = decide(replace(WIRE, feed_url=FEED_B, key="w2", published=T0 + timedelta(hours=1)),
                      copy_of, later)
    assert (decision.kind, decision.duplicate_of) == (DedupeKind.EXACT, 1)
    assert (decision.cluster_id, decision.merge) == (20, (10,))


DAY = timedelta(days=1)
# one blog's blurb, the summary of every post
LEARNING_BLURB = ("Notes from my month of learning front-end development, one small topic at a "
                  "time, with the examples I wrote along the way.")


@pytest.mark.parametrize(("hours", "kind"), [(1, DedupeKind.NEAR), (24, DedupeKind.NEW)],
                         ids=["re-listed-an-hour-later", "next-post-a-day-later"])
def test_a_feeds_entry_under_its_headline_words_rearranged_is_a_copy_only_within_hours(hours,
                                                                                      kind):
    # three of four headline terms kept and the feed's one blurb: the entry re-listed an hour
    # later, or the blog's next post on the subject a day later
    first = story("Learning log: styling a page in Svelte", LEARNING_BLURB, key="first")
    later = story("Learning log: routing between the pages", LEARNING_BLURB, key="later",
                  at=T0 + timedelta(hours=hours))
    assert decide(later, candidate(first)).kind is kind


def test_a_copy_does_not_make_one_story_of_a_feeds_entries_that_share_its_blurb():
    # one blog's posts, each under the blog's one summary: kept apart as the feed's entries,
    # they stay apart when an aggregator's copy of one of them (blurb and all) arrives
    posts = [candidate(story(f"Learning log: {topic}", LEARNING_BLURB, key=topic, at=T0 + i * DAY),
                       story_id=i, cluster_id=10 * i)
             for i, topic in enumerate(("styling with Svelte", "a first look at forms",
                                        "routing between views"), start=1)]
    for earlier, later in ((posts[0], posts[1]), (posts[1], posts[2]), (posts[0], posts[2])):
        assert decide(story(later.title, LEARNING_BLURB, key=later.key, at=later.published),
                      earlier).kind is DedupeKind.NEW  # (so the three are three stories)
    copy = story("Learning log: a first look at forms", LEARNING_BLURB, feed=FEED_B, key="copy",
                 at=T0 + 3 * DAY)
    decision = decide(copy, *posts)
    assert (decision.kind, decision.duplicate_of, decision.cluster_id, decision.merge) == (
        DedupeKind.EXACT, 2, 20, ())


def test_clusters_are_not_merged_when_their_members_contradict():
    strike = story("Russian strike on Kyiv damages EU mission building",
                   "A Russian missile strike on Kyiv overnight damaged the building of the EU "
                   "delegation, officials said on Thursday.", feed=FEED_B, key="n",
                   at=T0 + timedelta(hours=2))
    toll = "Death toll from Russian strike on Kyiv rises to {}"
    toll_summary = ("The number of people killed in the Russian strike on Kyiv has risen to {}, "
                    "officials said on Thursday.")
    members = [
        candidate(replace(strike, feed_url=FEED_C, key="x1"), story_id=1, cluster_id=10),
        candidate(story(toll.format(23), toll_summary.format(23), key="x2"), story_id=2,
                  cluster_id=10),
        replace(candidate(story("Russian strike on Kyiv damages building of EU delegation",
                                "The EU delegation's building in Kyiv was damaged in an "
                                "overnight Russian missile strike, officials said on Thursday.",
                                key="y1"), story_id=3, cluster_id=20),
                first_seen=T0 + timedelta(hours=1)),
        candidate(story(toll.format(25), toll_summary.format(25), feed=FEED_C, key="y2"),
                  story_id=4, cluster_id=20),
    ]
    assert dedupe.contradiction(dedupe.candidate_features(members[1]),
                                dedupe.candidate_features(members[3])) == "different numbers"
    decision = decide(strike, *members)
    assert decision.kind is DedupeKind.EXACT and decision.merge == ()
    assert decide(strike, *members[:1], *members[2:3]).merge != ()  # without the two tolls


def test_disjoint_topics_keep_reports_apart_and_shared_topics_do_not():
    stored = candidate(REPORT, topics=("tomahawk-decision",))
    assert decide(OTHER_REPORT, stored,
                  topics=frozenset({"budapest-summit"})).kind is DedupeKind.NEW
    assert decide(OTHER_REPORT, stored,
                  topics=frozenset({"tomahawk-decision"})).kind is DedupeKind.CLUSTER
    assert decide(OTHER_REPORT, stored).kind is DedupeKind.CLUSTER  # unmatched story


def test_the_strongest_relation_wins():
    near = candidate(replace(WIRE, feed_url=FEED_B, key="n",
                             title="Trump says US needs the Tomahawks, hopes the war can end "
                                   "without them"), story_id=1, cluster_id=10)
    exact = candidate(replace(WIRE, feed_url=FEED_C, key="e"), story_id=2, cluster_id=20)
    same = candidate(WIRE, story_id=3, cluster_id=30)
    decision = decide(WIRE, near, exact)
    assert (decision.kind, decision.duplicate_of) == (DedupeKind.EXACT, 2)
    decision = decide(WIRE, near, exact, same)
    assert (decision.kind, decision.duplicate_of) == (DedupeKind.SAME_ITEM, 3)



# Copies as feeds make them of stories whose language the feed does not declare: the stored
# story's summary tells its language, the copy's headline alone does not.
UNDECLARED_COPIES = [
    ("en-base-forms-differ", "Ageing farmers threaten Europe’s food supply",
     "Across the continent, farmers are getting older and fewer young people want to work "
     "the land, a study by the agriculture ministries found.", None, DedupeKind.NEAR),
    ("en-title-case", "Why Investors Fear Rising Yields",
     "Bond yields have climbed for six weeks in a row, and fund managers say the rise could "
     "hurt the shares of companies that borrow heavily.", None, DedupeKind.NEAR),
    ("declared-by-the-stored-feed", "Ageing farmers threaten Europe’s food supply", "", "en",
     DedupeKind.EXACT),
]


@pytest.mark.parametrize(("headline", "summary", "stored_lang", "kind"),
                         [c[1:] for c in UNDECLARED_COPIES], ids=[c[0] for c in UNDECLARED_COPIES])
def test_a_headline_alone_is_read_in_the_language_of_the_story_it_copies(headline, summary,
                                                                        stored_lang, kind):
    copy = story(headline, feed=FEED_B, key="copy", lang=None, at=T0 + timedelta(minutes=40))
    assert dedupe.fingerprint(copy).features.lang is None  # (too few words to tell)
    decision = decide(copy, candidate(story(headline, summary, lang=stored_lang)))
    assert decision.kind is kind, decision.reason


def test_a_headline_alone_in_another_script_is_not_read_in_the_stored_language():
    stored = candidate(story("Путин встретился с посланниками Трампа в Кремле",
                             "Президент России Владимир Путин во вторник принял посланников.",
                             lang=None))
    new = story("Putin Witkoff Kushner Kremlin", feed=FEED_B, lang=None)
    mine, theirs = dedupe._in_one_language(new, dedupe.fingerprint(new).features, stored,
                                           dedupe.candidate_features(stored))
    assert (mine.lang, theirs.lang) == (None, "ru")


LONG_SUMMARY = " ".join(
    ["The regional council met on Monday to discuss the new budget for schools and roads."] * 4
    + ["Opposition members said the plan would not be enough for the rural districts."] * 4)


def test_a_copy_with_its_summary_cut_short_keeps_no_negation_from_beyond_the_cut():
    original = story("Regional council debates budget for schools and roads", LONG_SUMMARY,
                     lang=None)
    words = dedupe.fingerprint(original).features.summary_words
    cut = " ".join(LONG_SUMMARY.split()[:70]) + " …"
    assert words == dedupe.SUMMARY_WORDS  # the stored summary is cut too, not by its feed
    assert "not" in LONG_SUMMARY.split()[70:dedupe.SUMMARY_WORDS]  # beyond the cut
    copy = story(original.title + " - Reuters", cut, feed=FEED_B, key="copy", lang=None,
                 at=T0 + timedelta(minutes=40))
    decision = decide(copy, candidate(original))
    assert decision.kind is DedupeKind.NEAR, decision.reason


def test_a_copy_whose_summary_is_cut_inside_a_number_joins_its_original():
    summary = ("Генштаб ЗСУ оновив дані про втрати російської армії. Загалом з початку "
               "вторгнення близько 1 150 000 осіб, за минулу добу знищено 2 танки і 310 БпЛА.")
    original = story("Втрати ворога за добу: ще 950 окупантів і 28 артсистем", summary, lang="uk")
    cut = summary[:summary.index(" 000")] + " …"  # ("близько 1 150 …")
    copy = story(original.title + " | Укрінформ", cut, feed=FEED_B, key="copy", lang="uk",
                 at=T0 + timedelta(minutes=40))
    decision = decide(copy, candidate(original))
    assert decision.kind is DedupeKind.NEAR, decision.reason


@pytest.mark.parametrize(("lang", "headline", "summary", "cut"), [
    ("de", "Arbeitslosenzahl steigt erstmals seit Jahren über drei Millionen",
     "Die Zahl der Arbeitslosen ist im August über die Marke von drei Millionen gestiegen. Die "
     "Bundesagentur für Arbeit zählte 3,025 Millionen Menschen ohne Job, die Quote stieg auf "
     "6,4 Prozent.",
     "Die Zahl der Arbeitslosen ist im August über die Marke von drei Millionen gestiegen. Die "
     "Bundesagentur für Arbeit zählte 3.025.000 Menschen ohne Job..."),
    ("en", "Thousands left without power as storm hits northern coast",
     "Strong winds brought down power lines across the region overnight, and the utility said "
     "more than 40,000 homes were without electricity on Tuesday morning.",
     "Strong winds brought down power lines across the region overnight, and the utility said "
     "more than 40,000 homes were without electri..."),
], ids=["de-ohne-the-figure-written-otherwise", "en-without"])
def test_a_copy_cut_off_right_after_a_negation_joins_its_original(lang, headline, summary, cut):
    """A summary cut off by its feed just after "ohne" or "without" lost what they negate (the
    cut word is dropped): the copy is no opposite of the original, also when it writes a figure
    otherwise, so that the two texts do not end at one place."""
    original = story(headline, summary, lang=lang)
    copy = story(headline, cut, feed=FEED_B, key="copy", lang=lang,
                 at=T0 + timedelta(minutes=20))
    decision = decide(copy, candidate(original))
    assert decision.kind is DedupeKind.NEAR, decision.reason


PORT_STRIKE = "Strike at Hamburg port halts container traffic for a second day"
PORT_TEASERS = ("Dock workers walked out on Monday over pay, leaving dozens of ships waiting at "
                "anchor in the Elbe estuary.",
                "The union says the stoppage will last until Wednesday unless the employers "
                "improve their offer.")
SAME_HEADLINE_CASES = [
    ("other-feed-own-teaser", PORT_STRIKE, FEED_B, 1, DedupeKind.NEAR),
    ("other-feed-half-a-day-later", PORT_STRIKE, FEED_B, 13, None),
    ("same-feed-own-teaser", PORT_STRIKE, FEED_A, 1, DedupeKind.NEW),
    ("four-terms-only", "Hamburg port strike continues", FEED_B, 1, None),
]


@pytest.mark.parametrize(("headline", "feed", "hours", "kind"),
                         [c[1:] for c in SAME_HEADLINE_CASES],
                         ids=[c[0] for c in SAME_HEADLINE_CASES])
def test_two_outlets_headlines_the_same_word_for_word_are_one_story(headline, feed, hours,
                                                                    kind):
    stored = candidate(story(headline, PORT_TEASERS[0], key="first"))
    new = story(headline, PORT_TEASERS[1], feed=feed, key="second",
                at=T0 + timedelta(hours=hours))
    comparison = dedupe.compare(new, dedupe.fingerprint(new), stored)
    same_headline = "the same headline word for word" in comparison.reason
    assert same_headline == (kind is DedupeKind.NEAR), comparison.reason
    if kind is not None:
        assert comparison.kind is kind, comparison.reason


def test_a_copy_under_the_wire_headline_joins_its_story_whatever_the_other_reports_say():
    # the wire's report with two other outlets' reworded reports: a teaser of its own under the
    # wire's headline relates to the wire's report only, and still joins the story
    members = [candidate(story(PORT_STRIKE, PORT_TEASERS[0], key="wire"), story_id=1,
                         cluster_id=10),
               candidate(story("Ships queue off Hamburg as dock workers stay out",
                               "Dozens of vessels wait in the Elbe estuary while the walkout "
                               "over pay continues at Germany's largest port.", feed=FEED_C,
                               key="c1"), story_id=2, cluster_id=10),
               candidate(story("Hamburg dockers' walkout over pay enters second day",
                               "Container terminals in Hamburg stood still again on Tuesday as "
                               "dock workers kept up their walkout over pay.", feed=FEED_C,
                               key="c2"), story_id=3, cluster_id=10)]
    copy = story(PORT_STRIKE, PORT_TEASERS[1], feed=FEED_B, key="copy",
                 at=T0 + timedelta(hours=1))
    decision = decide(copy, *members)
    assert (decision.kind, decision.cluster_id, decision.duplicate_of) == (
        DedupeKind.NEAR, 10, 1), decision.reason


def test_of_two_entries_under_one_headline_a_copy_joins_the_one_whose_summary_it_carries():
    entries = [candidate(story(PORT_STRIKE, teaser, feed=FEED_C, key=f"e{i}"), story_id=i,
                         cluster_id=10 * i) for i, teaser in enumerate(PORT_TEASERS, start=1)]
    copy = story(PORT_STRIKE + " - Reuters", PORT_TEASERS[1], feed=FEED_B, key="copy",
                 at=T0 + timedelta(minutes=30))
    decision = decide(copy, *entries)
    assert (decision.duplicate_of, decision.cluster_id) == (2, 20), decision.reason


@pytest.mark.parametrize(("first", "second", "swapped"), [
    ("Am Hauptbahnhof hat eine Frau mehrere Menschen mit einem Messer verletzt. Die 39-Jährige "
     "wurde von der Polizei festgenommen, vier Opfer schweben in Lebensgefahr.",
     "Am Hauptbahnhof hat eine Frau mehrere Menschen mit einem Messer verletzt. Die 39-jährige "
     "Tatverdächtige wurde festgenommen, vier Opfer schweben in Lebensgefahr.", False),
    ("Der Kanzler nimmt am Gipfel in Brasilien teil und will dort für den Regenwaldfonds "
     "werben, teilte ein Sprecher mit.",
     "Der Kanzler nimmt am Gipfel in Brasilien teil und will dort für den Tropenwaldfonds "
     "werben, teilte ein Sprecher mit.", False),
    ("Am Hauptbahnhof in Bremen hat eine Frau mehrere Menschen mit einem Messer verletzt, "
     "teilte die Polizei mit.",
     "Am Hauptbahnhof in Berlin hat eine Frau mehrere Menschen mit einem Messer verletzt, "
     "teilte die Polizei mit.", True),
], ids=["de-polizei-tatverdaechtige", "de-regenwaldfonds-tropenwaldfonds", "de-two-cities"])
def test_a_german_summary_edited_around_a_compound_swaps_no_name(first, second, swapped):
    a = dedupe.features("Messerangriff am Hauptbahnhof", first, "de")
    b = dedupe.features("Messerangriff am Hauptbahnhof", second, "de")
    assert dedupe._slot_swapped(a.summary_stems, b.summary_stems, a, b, summary=True) is swapped


SUMMARY_NEGATION_CASES = [
    ("en-approval-denied", "en", "Senate panel votes on the pension reform",
     "The finance committee approved the pension reform bill on Friday after a long debate, its "
     "chairwoman told reporters in the capital.",
     "The finance committee did not approve the pension reform bill on Friday after a long "
     "debate, its chairwoman told reporters in the capital.", "opposite polarity in the summary"),
    ("de-zugestimmt", "de", "Bundesrat entscheidet über das Heizungsgesetz",
     "Die Länderkammer hat dem umstrittenen Heizungsgesetz am Freitag in Berlin zugestimmt, "
     "teilte eine Sprecherin des Gremiums mit.",
     "Die Länderkammer hat dem umstrittenen Heizungsgesetz am Freitag in Berlin nicht "
     "zugestimmt, teilte eine Sprecherin des Gremiums mit.", "opposite polarity in the summary"),
    ("de-clause-reworded", "de", "Vorstandschef der Bahn muss gehen",
     "Der Verkehrsminister hat sich vom Vorstandschef der Bahn getrennt. Der Aufsichtsrat soll "
     "die Abberufung zeitnah beschließen, ein Nachfolger ist noch nicht benannt.",
     "Der Verkehrsminister hat sich vom Vorstandschef der Bahn getrennt. Der Aufsichtsrat soll "
     "die Abberufung zeitnah beschließen, die Nachfolge ist noch offen.", None),
    ("en-clause-reworded", "en", "Mayor calls off the city marathon",
     "The mayor called off Sunday's city marathon because of the storm warning, saying it "
     "would not be safe for runners.",
     "The mayor called off Sunday's city marathon because of the storm warning, saying it "
     "would be held again in the spring.", None),
    # a participle that only describes a noun ("of the cancelled flights") denies nothing; a
    # predicate ("отменены") still does
    ("ru-attributive-participle-dropped", "ru", "«Аэрофлот» отменил рейсы из-за сбоя",
     "Авиакомпания отменила ряд рейсов из Москвы. Пассажиры отмененных рейсов могут вернуть "
     "деньги за билеты или переоформить их.",
     "Авиакомпания отменила ряд рейсов из Москвы. Пассажиры рейсов могут вернуть деньги за "
     "билеты или переоформить их.", None),
    ("uk-attributive-participle-dropped", "uk", "Укрзалізниця скасувала рейси через атаку",
     "Укрзалізниця скасувала низку рейсів на сході. Пасажири скасованих поїздів можуть "
     "повернути кошти за квитки або переоформити їх.",
     "Укрзалізниця скасувала низку рейсів на сході. Пасажири поїздів можуть повернути кошти "
     "за квитки або переоформити їх.", None),
    # a copy that drops the clause a negation stood in, while another of its words sits
    # elsewhere in the copy ("agreed on Friday"), flips nothing; nor does a last word "нет"
    # whose noun the copy dropped with it
    ("en-negated-clause-dropped", "en", "Russia and Ukraine agree to prisoner swap",
     "Russia and Ukraine agreed on Friday to exchange 1,000 prisoners of war each, the largest "
     "swap so far, after their first direct talks in three years ended in Istanbul within two "
     "hours without agreement on a ceasefire.",
     "Russia and Ukraine agreed on Friday to exchange 1,000 prisoners of war each, the largest "
     "swap so far, after their first direct talks in three years ended within two hours, "
     "officials in Istanbul said.", None),
    ("ru-last-word-negation-dropped", "ru", "Обломки Ан-24 найдены в Амурской области",
     "Обломки самолета Ан-24, выполнявшего рейс из Благовещенска в Тынду, обнаружены на склоне "
     "сопки в 15 км от Тынды. На борту находились 48 человек, выживших нет.",
     "Обломки самолета Ан-24, выполнявшего рейс из Благовещенска в Тынду, обнаружены на склоне "
     "сопки в 15 километрах от Тынды. На борту находились 48 человек.", None),
    ("ru-last-word-negation-flips", "ru", "Обломки Ан-24 найдены в Амурской области",
     "Обломки самолета Ан-24, выполнявшего рейс из Благовещенска в Тынду, обнаружены на склоне "
     "сопки. На борту находились 48 человек, выжившие есть.",
     "Обломки самолета Ан-24, выполнявшего рейс из Благовещенска в Тынду, обнаружены на склоне "
     "сопки. На борту находились 48 человек, выживших нет.", "opposite polarity in the summary"),
    ("ru-predicate-participle", "ru", "Сбой в работе «Аэрофлота»",
     "Утренние рейсы «Аэрофлота» из Москвы в Сочи отменены из-за сбоя информационных систем, "
     "сообщила авиакомпания в понедельник.",
     "Утренние рейсы «Аэрофлота» из Москвы в Сочи задержаны из-за сбоя информационных систем, "
     "сообщила авиакомпания в понедельник.", "opposite polarity in the summary"),
]


@pytest.mark.parametrize(("lang", "headline", "first", "second", "reason"),
                         [c[1:] for c in SUMMARY_NEGATION_CASES],
                         ids=[c[0] for c in SUMMARY_NEGATION_CASES])
def test_a_negation_in_one_of_two_summaries_flips_only_what_both_say(lang, headline, first,
                                                                     second, reason):
    a, b = dedupe.features(headline, first, lang), dedupe.features(headline, second, lang)
    assert dedupe._similar_text(a.summary, b.summary) >= dedupe.SAME_SUMMARY
    assert dedupe.contradiction(a, b) == reason


def test_a_copy_with_only_the_first_sentence_of_the_summary_keeps_no_later_negation():
    summary = ("Delegations of both countries met for two days of talks in Geneva on the draft "
               "peace plan, officials said on Sunday evening. No deal yet.")
    original = story("Geneva talks on the peace plan end after two days", summary)
    first = summary.split(". ")[0] + "."
    assert len(first) >= 0.8 * len(summary)  # (so the check would otherwise read all of both)
    copy = story(original.title + " - Reuters", first, feed=FEED_B, key="copy",
                 at=T0 + timedelta(minutes=40))
    decision = decide(copy, candidate(original))
    assert decision.kind is DedupeKind.NEAR, decision.reason


def test_a_copy_of_a_member_joins_its_story_though_another_member_contradicts_it():
    # the copy keeps only the first sentence of its original's summary, which now reads like
    # the sibling report's with another toll: the original stands beside that report already
    full = ("At least 24 people have died in flash floods in central Texas, officials said. "
            "Dozens of girls from a summer camp on the river are still missing, and rescuers "
            "search the banks with helicopters and boats.")
    original = story("Flash floods in Texas: at least 24 dead, dozens of girls missing", full)
    sibling = story("Flash floods in Texas: dozens dead, girls missing", full.replace("24", "27"),
                    feed=FEED_C, key="sibling", at=T0 - timedelta(minutes=20))
    members = [candidate(sibling, story_id=1, cluster_id=10),
               candidate(original, story_id=2, cluster_id=10)]
    copy = story(original.title, full.split(". ")[0] + ".", feed=FEED_B, key="copy",
                 at=T0 + timedelta(minutes=40))
    assert dedupe.compare(copy, dedupe.fingerprint(copy), members[0]).contradicts
    decision = decide(copy, *members)
    assert (decision.kind, decision.duplicate_of, decision.cluster_id) == (DedupeKind.NEAR, 2, 10)


def test_a_copy_by_its_headline_alone_merges_no_clusters_and_joins_the_closest_headline():
    # one conference feed's talks: headlines the cleaning makes one ("- Ben Okafor" reads like
    # an outlet's name), kept apart by their summaries
    talks = [candidate(story(f"Design Week 2019 - {speaker}",
                             f"{speaker} on {subject}: a talk recorded at Design Week 2019 in "
                             f"Leeds, with slides and a transcript.", key=speaker),
                       story_id=i, cluster_id=10 * i)
             for i, (speaker, subject) in enumerate(
                 [("Ana Lopez", "type scales"), ("Ben Okafor", "colour in dark mode"),
                  ("Cleo Park", "forms that forgive")], start=1)]
    copy = story("Design Week 2019 - Ben Okafor", feed=FEED_B, key="copy",
                 at=T0 + timedelta(minutes=40))
    decision = decide(copy, *talks)
    assert (decision.kind, decision.duplicate_of, decision.cluster_id, decision.merge) == (
        DedupeKind.NEAR, 2, 20, ())
# --- the store's candidate look-up ------------------------------------------------------------


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "dedupe.sqlite", clock=lambda: T0) as store:
        store.sync_feeds([Feed(url=FEED_A, name="Outlet A"), Feed(url=FEED_B, name="Outlet B"),
                          Feed(url=FEED_C, name="Outlet C")])
        yield store


def record(store: Store, s: Story, *, at: datetime = T0, topics: tuple[str, ...] = ()):
    fp = dedupe.fingerprint(s)
    decision = dedupe.decide(s, fp, store.dedupe_candidates(s, fp, now=at))
    matches = tuple(TopicMatch(topic=t, score=1.0) for t in topics)
    return store.record_story(s.feed_url, StoryRecord(
        s, fp.content_hash, decision, matches, fp.keys, (), dedupe.pack_features(fp.features),
    ), now=at), decision


def lookup(store: Store, s: Story, *, now: datetime = T0) -> list[Candidate]:
    return store.dedupe_candidates(s, dedupe.fingerprint(s), now=now, window=dedupe.WINDOW)


def test_candidates_carry_what_decide_needs(store):
    recorded, _ = record(store, REPORT, topics=("tomahawk-decision",))
    (found,) = lookup(store, OTHER_REPORT)
    assert (found.story_id, found.cluster_id, found.feed_url, found.outlet) == (
        recorded.story_id, recorded.cluster_id, FEED_A, "Outlet A")
    assert (found.title, found.summary, found.language) == (
        REPORT.title, REPORT.summary, "en")
    assert found.topics == ("tomahawk-decision",)
    assert found.content_hash == dedupe.fingerprint(REPORT).content_hash
    assert found.published == REPORT.published and found.shared_keys >= MIN_SHARED_KEYS
    # its features come back as stored, equal to deriving them again
    assert dedupe.unpack_features(found.packed) == dedupe.story_features(REPORT)


def test_stored_features_are_used_instead_of_deriving_them(store, monkeypatch):
    record(store, REPORT)
    (found,) = lookup(store, OTHER_REPORT)
    dedupe.clear_caches()
    derived = []
    monkeypatch.setattr(dedupe, "features", lambda *args: derived.append(args))
    assert dedupe.candidate_features(found) == dedupe.unpack_features(found.packed)
    assert derived == []


# (each headline shares a name with REPORT's, in another feed, and is too unlike it for a copy)
RULED_OUT_BY_HEADLINE_CASES = [
    ("two-languages", story("Kreml warnt vor Tomahawks für Kiew", lang="de", feed=FEED_B,
                            at=T0 + timedelta(hours=1)), "not one language"),
    ("too-far-apart", story("Pokrovsk defenders get medals from Zelenskiy", feed=FEED_B,
                            at=T0 + timedelta(hours=40)), "too far apart in time"),
    ("again-hours-later", story("Kharkiv hit by drones again, Zelenskiy says", feed=FEED_B,
                                at=T0 + timedelta(hours=5)), "one says it happened again"),
]


@pytest.mark.parametrize(("new", "reason"), [c[1:] for c in RULED_OUT_BY_HEADLINE_CASES],
                         ids=[c[0] for c in RULED_OUT_BY_HEADLINE_CASES])
def test_a_stored_story_ruled_out_by_its_headline_is_not_read_whole(monkeypatch, new, reason):
    """Headlines that share a name but are no copy, in two languages, 40 hours apart, or one
    of them a recurrence: `compare` reads only the stored headline half (`unpack_headline`),
    not the whole of the candidate's features."""
    stored = as_stored(REPORT)
    read_whole = []
    monkeypatch.setattr(dedupe, "unpack_features",
                        lambda data: read_whole.append(data) or None)
    dedupe.clear_caches()
    comparison = dedupe.compare(new, dedupe.fingerprint(new), stored)
    assert (comparison.kind, comparison.reason, read_whole) == (DedupeKind.NEW, reason, [])


def test_a_stored_headline_half_is_what_the_headline_gives():
    feats = dedupe.story_features(REPORT)
    head = dedupe.unpack_headline(dedupe.pack_features(feats))
    assert head == dedupe._headline_of(feats)
    assert (head.lang, head.title, set(head.terms)) == ("en", feats.title, feats.title_set)
    dedupe.clear_caches()
    assert dedupe.candidate_headline(candidate(REPORT)) == head  # as read from the title


def test_a_schema_6_database_with_text_features_is_upgraded_and_still_dedupes(tmp_path):
    """A database of schema 6 kept its features as JSON text; opened by this version it is
    brought to schema 7 (the column made again, empty), its stories' features are derived
    again, and a copy of a stored story is still found and merged."""
    db = tmp_path / "v6.sqlite"
    with Store.open(db, clock=lambda: T0) as store:
        store.sync_feeds([Feed(url=FEED_A, name="Outlet A"), Feed(url=FEED_B, name="Outlet B")])
        record(store, REPORT)
    conn = sqlite3.connect(db)
    conn.executescript("""
        ALTER TABLE stories DROP COLUMN features;
        ALTER TABLE stories ADD COLUMN features TEXT;
        UPDATE stories SET features = '["0123456789ab","en","t","s",[],[[],[]],[],[]]';
        UPDATE schema_version SET version = 6;""")
    conn.close()
    with Store.open(db, clock=lambda: T0) as store:
        assert store.schema_version() == 7
        (found,) = lookup(store, OTHER_REPORT)
        assert found.packed is None
        dedupe.clear_caches()
        copy = replace(REPORT, feed_url=FEED_B, key="copy", title=REPORT.title + " - Reuters",
                       url=None, guid=None)
        _, decision = record(store, copy, at=T0 + timedelta(minutes=5))
        assert decision.kind in (DedupeKind.EXACT, DedupeKind.NEAR)
    conn = sqlite3.connect(db)
    declared = {row[1]: row[2] for row in conn.execute("PRAGMA table_info(stories)")}
    stored = conn.execute("SELECT typeof(features) FROM stories ORDER BY id").fetchall()
    conn.close()
    assert declared["features"] == "BLOB" and stored == [("null",), ("blob",)]


@pytest.mark.parametrize("packed", [
    pytest.param(None, id="none-stored"),
    pytest.param(b"", id="empty"),
    pytest.param(b"0123456789ab" + marshal.dumps(("en", "t")), id="other-code"),
    pytest.param(dedupe.FEATURES_FORMAT.encode() + b"\xff\x00garbage", id="damaged"),
    pytest.param(dedupe.FEATURES_FORMAT.encode() + len(marshal.dumps(("en", "t"))).to_bytes(
        dedupe._HEAD_SIZE, "little") + marshal.dumps(("en", "t")) * 2, id="other-fields"),
    pytest.param(dedupe.FEATURES_FORMAT.encode() + (3).to_bytes(dedupe._HEAD_SIZE, "little")
                 + b"\xff\x00\x01" + marshal.dumps(("en", "t")), id="damaged-headline"),
    pytest.param(dedupe.FEATURES_FORMAT + '["en","t","s",[],[[],[]],[],[]]',
                 id="text-written-before-v7"),
])
def test_features_not_usable_as_stored_are_derived_again(packed):
    assert dedupe.unpack_features(packed) is None
    assert dedupe.unpack_headline(packed) is None
    candidate = Candidate(story_id=1, cluster_id=1, feed_url=FEED_A, outlet="Outlet A",
                          key="k", guid=None, url=None, title=REPORT.title,
                          summary=REPORT.summary, language="en", content_hash="h",
                          first_seen=T0, published=T0, packed=packed)
    dedupe.clear_caches()
    assert dedupe.candidate_features(candidate) == dedupe.features(
        REPORT.title, REPORT.summary, "en", "Outlet A")


IDENTITY_CASES = [
    ("same-feed-and-key", replace(WIRE, title="Rewritten headline entirely", summary="New.")),
    ("same-guid", replace(WIRE, feed_url=FEED_B, key="other", title="Other words entirely",
                          summary="New.", guid="urn:uuid:1d88b6fd-2894-4945-9f6e-f91bcebe9993")),
    ("same-url", replace(WIRE, feed_url=FEED_B, key="other2", title="Other words entirely",
                         summary="New.", url="https://www.example.com/world/story-123?fbclid=x")),
    ("same-text", replace(WIRE, feed_url=FEED_B, key="other3", title=WIRE.title + " | DW")),
]


@pytest.mark.parametrize("probe", [c[1] for c in IDENTITY_CASES],
                         ids=[c[0] for c in IDENTITY_CASES])
def test_identity_matches_are_found_even_outside_the_window(store, probe):
    stored = replace(WIRE, guid="urn:uuid:1d88b6fd-2894-4945-9f6e-f91bcebe9993",
                     url="https://www.example.com/world/story-123")
    recorded, _ = record(store, stored, at=T0 - timedelta(days=10))
    found = lookup(store, probe)
    assert [c.story_id for c in found] == [recorded.story_id]
    assert dedupe.decide(probe, dedupe.fingerprint(probe), found).kind in (
        DedupeKind.SAME_ITEM, DedupeKind.EXACT)


def test_stories_outside_the_window_are_not_candidates_by_key(store):
    record(store, REPORT, at=T0 - dedupe.WINDOW - timedelta(minutes=1))
    assert lookup(store, OTHER_REPORT) == []
    record(store, replace(REPORT, key="again"), at=T0 - dedupe.WINDOW + timedelta(minutes=1))
    assert len(lookup(store, OTHER_REPORT)) == 1


def test_unrelated_stories_are_not_candidates(store):
    record(store, story("EU adopts 19th sanctions package against Russia, bans LNG imports",
                        "The European Union adopted its 19th package on Thursday."))
    assert lookup(store, OTHER_REPORT) == []


def test_candidates_are_capped_most_recent_first(store):
    for i in range(12):
        record(store, replace(REPORT, feed_url=(FEED_A, FEED_C)[i % 2], key=f"k{i}",
                              summary=f"{REPORT.summary} Update {i}."),
               at=T0 - timedelta(minutes=60 - i))
    found = store.dedupe_candidates(OTHER_REPORT, dedupe.fingerprint(OTHER_REPORT), now=T0,
                                    limit=5)
    assert len(found) == 5
    seen = [c.first_seen for c in found]
    assert seen == sorted(seen, reverse=True)


def test_the_real_path_merges_copies_and_reports_into_one_cluster(store):
    first, _ = record(store, REPORT)
    copy, copy_decision = record(store, replace(REPORT, feed_url=FEED_B, key="copy",
                                                title=REPORT.title + " - Reuters"),
                                 at=T0 + timedelta(minutes=5))
    other, other_decision = record(store, replace(OTHER_REPORT, feed_url=FEED_C),
                                   at=T0 + timedelta(minutes=30))
    assert copy_decision.kind is DedupeKind.EXACT
    assert other_decision.kind is DedupeKind.CLUSTER
    assert first.cluster_id == copy.cluster_id == other.cluster_id
    assert len(store.cluster_members(first.cluster_id)) == 3


def test_the_store_folds_clusters_a_story_shows_to_be_one(store):
    first, _ = record_with(store, REPORT, Decision(DedupeKind.NEW), chats=("main", "other"))
    second, _ = record_with(store, replace(UNRELATED[1], feed_url=FEED_B),
                            Decision(DedupeKind.NEW), chats=("main",),
                            at=T0 + timedelta(minutes=5))
    assert first.cluster_id != second.cluster_id
    linking = Decision(DedupeKind.CLUSTER, cluster_id=second.cluster_id,
                       duplicate_of=second.story_id, score=0.5, merge=(first.cluster_id,))
    third, _ = record_with(store, replace(OTHER_REPORT, feed_url=FEED_C), linking,
                           chats=("main", "other"), at=T0 + timedelta(minutes=10))
    assert third.cluster_id == second.cluster_id
    assert third.new_alerts == 0  # both chats already had an alert for the merged story
    assert len(store.cluster_members(second.cluster_id)) == 3
    assert store.cluster_members(first.cluster_id) == []
    alerts = store.outbox_items()
    assert {a.cluster_id for a in alerts} == {second.cluster_id}
    assert sorted(a.chat_id for a in alerts) == ["main", "main", "other"]


def record_with(store: Store, s: Story, decision, *, chats: tuple[str, ...] = (),
                at: datetime = T0):
    fp = dedupe.fingerprint(s)
    drafts = tuple(AlertDraft(chat_id=chat, topics=("t",), text=s.title) for chat in chats)
    return store.record_story(s.feed_url, StoryRecord(s, fp.content_hash, decision, (), fp.keys,
                                                      drafts), now=at), decision


@pytest.mark.parametrize("probe", [OTHER_REPORT, replace(REPORT, feed_url=FEED_B, key="c2")],
                         ids=["by-keys", "by-content"])
def test_the_fast_sqlite_look_up_finds_what_the_portable_one_does(store, monkeypatch, probe):
    record(store, REPORT, topics=("tomahawk-decision",))
    record(store, replace(REPORT, feed_url=FEED_C, key="c1", title=REPORT.title + " | DW"),
           at=T0 + timedelta(minutes=1))
    record(store, UNRELATED[0], at=T0 + timedelta(minutes=2))
    fast = lookup(store, probe, now=T0 + timedelta(minutes=3))
    monkeypatch.setattr(store_dedupe, "FAST_SQLITE", False)
    portable = lookup(store, probe, now=T0 + timedelta(minutes=3))
    assert fast == portable and len(fast) >= 2


@pytest.mark.parametrize("fast", [True, False], ids=["sqlite-statement", "portable"])
@pytest.mark.parametrize("link", ["http://news.example/politics/2025/10/17/a-1234/",
                                  "https://news.example/politics/2025/10/17/a-1234?from=rss"],
                         ids=["http-and-slash", "from-a-feed"])
def test_a_story_stored_under_another_form_of_its_link_is_found(store, monkeypatch, fast, link):
    """Identity look-up by link finds the article stored under another form of its link, even
    when nothing else (text, key) would bring it up."""
    monkeypatch.setattr(store_dedupe, "FAST_SQLITE", fast)
    stored = replace(UNRELATED[0], url="https://news.example/politics/2025/10/17/a-1234")
    record(store, stored)
    probe = replace(UNRELATED[1], feed_url=FEED_C, key="elsewhere", url=canonical_url(link))
    assert [c.url for c in lookup(store, probe, now=T0 + timedelta(minutes=5))] == [stored.url]
    decision = dedupe.decide(probe, dedupe.fingerprint(probe), lookup(store, probe))
    assert decision.reason.startswith("same canonical URL")


def test_bulk_loaded_stories_are_found_and_old_keys_pruned(store):
    stories = [replace(REPORT, key=f"b{i}", summary=f"{REPORT.summary} ({i})") for i in range(3)]
    loaded = store.bulk_record_new(
        (s, dedupe.fingerprint(s), T0 - timedelta(days=i * 2)) for i, s in enumerate(stories))
    assert loaded == 3
    assert len(lookup(store, OTHER_REPORT)) == 2  # the one 4 days old is outside the window
    assert store.prune_dedupe_keys(T0 - dedupe.WINDOW) > 0
    assert len(lookup(store, OTHER_REPORT)) == 2


@pytest.mark.parametrize("fast", [True, False], ids=["sqlite-statement", "portable"])
def test_an_older_story_sharing_a_rare_key_is_found_behind_busy_ones(store, monkeypatch, fast):
    """Busy keys (a head of state's name) keep only their newest stories; a story that shares
    them and one rare key is still a candidate, ranked before those sharing busy keys only."""
    monkeypatch.setattr(store_dedupe, "FAST_SQLITE", fast)

    def keyed(name: str, keys: tuple[str, ...]):
        s = replace(REPORT, key=name, title=f"{REPORT.title} {name}", url=None)
        fp = dedupe.fingerprint(s)
        return s, replace(fp, keys=keys)

    busy = ("w:busy1", "w:busy2")
    older, older_fp = keyed("older", (*busy, "p:rare"))
    entries = [(older, older_fp, T0 - timedelta(hours=30))]
    entries += [(*keyed(f"new{i}", busy), T0 - timedelta(hours=5, minutes=i))
                for i in range(store_dedupe.KEY_FANOUT + 4)]
    entries.append((*keyed("one-busy-key", busy[:1]), T0 - timedelta(hours=1)))
    store.bulk_record_new(entries)
    probe, probe_fp = keyed("probe", (*busy, "p:rare"))
    probe = replace(probe, feed_url=FEED_C)
    found = store.dedupe_candidates(probe, probe_fp, now=T0, limit=8)
    titles = [c.title for c in found]
    assert older.title in titles and len(found) == 8
    assert not any(t.endswith("one-busy-key") for t in titles)
    assert max(found, key=lambda c: c.first_seen).first_seen < T0  # (sorted newest first)


def test_the_sqlite_statements_choose_what_the_portable_ones_do(store, monkeypatch):
    """Many stories filed under overlapping keys, busy and rare, with ties in weight: the
    hand-written SQLite statements find the same candidates, with the same shared counts, as
    the portable ones."""
    rng = random.Random(5)
    busy = [f"w:busy{i}" for i in range(8)]
    rare = [f"p:rare{i}" for i in range(40)]
    pool = busy + rare
    entries = []
    for i in range(120):
        s = replace(REPORT, key=f"r{i}", title=f"{REPORT.title} {i}", url=None)
        keys = tuple(rng.sample(busy, rng.randint(1, 3)) + rng.sample(rare, rng.randint(0, 1)))
        entries.append((s, replace(dedupe.fingerprint(s), keys=keys),
                        T0 - timedelta(minutes=5 * i)))
    store.bulk_record_new(entries)
    nonempty = 0
    for probe_number in range(15):
        probe = replace(REPORT, feed_url=FEED_C, key=f"probe{probe_number}", url=None)
        probe_fp = replace(dedupe.fingerprint(probe),
                           keys=tuple(rng.sample(pool, rng.randint(1, 6))))
        found = {}
        for fast in (True, False):
            monkeypatch.setattr(store_dedupe, "FAST_SQLITE", fast)
            found[fast] = [(c.story_id, c.shared_keys) for c in store.dedupe_candidates(
                probe, probe_fp, now=T0, limit=6)]
        assert found[True] == found[False], probe_fp.keys
        nonempty += bool(found[True])
    assert nonempty >= 10


def test_candidates_are_ranked_by_the_rarity_of_their_shared_keys():
    # key 0 found 16 stories (busy), key 1 found 2 (rare), key 2 found 1 (rare)
    hits = [(story, 0) for story in range(100, 116)] + [(7, 1), (100, 1), (8, 2)]
    chosen = store_dedupe._rank(hits, limit=3)
    # weights 8: 1, 100: 1/16 + 1/2, 7: 1/2; the others share one busy key only (1/16)
    assert list(chosen) == [8, 100, 7]
    assert chosen == {8: 1, 100: 2, 7: 1}


def test_an_entry_dated_year_one_does_not_break_the_look_up(store):
    ancient = replace(REPORT, published=datetime(1, 1, 1, tzinfo=UTC))
    assert lookup(store, ancient, now=datetime(1, 1, 2, tzinfo=UTC)) == []
