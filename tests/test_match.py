"""Matching: how terms meet real text (compounds, inflection, scripts, fuzzy spelling), how a
topic decides (groups, title weight, density, passages, exclusions, not_in, focus, context), and
the hard cases of the three shipped topics."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from monitor import match, rules
from monitor.models import TopicMatch

FIXTURE = Path(__file__).parent / "fixtures" / "rules" / "valid"
SHIPPED = Path(__file__).resolve().parent.parent / "rules"


@pytest.fixture(scope="module")
def fixture_matcher() -> match.Matcher:
    return match.Matcher(rules.load(FIXTURE))


@pytest.fixture(scope="module")
def shipped() -> match.Matcher:
    return match.Matcher(rules.load(SHIPPED))


def topics(
    matcher: match.Matcher, title: str, summary: str = "", lang: str | None = None
) -> set[str]:
    return {m.topic for m in matcher.match(title, summary, lang)}


def verdict(
    matcher: match.Matcher, topic: str, title: str, summary: str = "", lang: str | None = None
) -> match.Evaluation:
    return next(e for e in matcher.evaluate(title, summary, lang) if e.topic == topic)


# --- how a word of a term meets the words of a text -----------------------------------------


@pytest.mark.parametrize(
    ("title", "group", "words"),
    [
        pytest.param("Zelensky wants Tomahawks", "weapon", "Tomahawks", id="prefix-plural"),
        pytest.param("Zelensky: Tomahawk-Lieferung", "weapon", "Tomahawk", id="hyphen-compound"),
        pytest.param(
            "Selenskyj: Tomahawklieferung", "weapon", "Tomahawklieferung", id="closed-compound"
        ),
        pytest.param(
            "Selenskyj will Marschflugkörpern",
            "weapon",
            "Marschflugkörpern",
            id="inflection-ending",
        ),
        pytest.param(
            "Selenskyj will Marschflugkoerper",
            "weapon",
            "Marschflugkoerper",
            id="umlaut-spelled-out",
        ),
        pytest.param(
            "Selenskyj will Marschflugkorper", "weapon", "Marschflugkorper", id="umlaut-dropped"
        ),
        pytest.param(
            "Selenskyj will Marschflugkörpr", "weapon", "Marschflugkörpr", id="fuzzy-typo"
        ),
        pytest.param("Selenskyjs Tomahawk", "who", "Selenskyjs", id="entity-genitive"),
        pytest.param("Томагавки для Зеленського", "who", "Зеленського", id="ukrainian-genitive"),
        pytest.param("Томагавков для Зеленского", "who", "Зеленского", id="russian-genitive"),
        pytest.param(
            "Зеленський просить Томагавків", "weapon", "Томагавків", id="ukrainian-plural"
        ),
        pytest.param("Зеленский просит Томагавков", "weapon", "Томагавков", id="russian-plural"),
        pytest.param("Zelensky's Tomahawk plea", "who", "Zelensky", id="english-possessive"),
        pytest.param("US to send Tomahawk", "who", "US", id="exact-capitals"),
        pytest.param(
            "Tomahawk: freeze the war along the front",
            "who",
            "freeze the war along the front",
            id="gap-phrase",
        ),
    ],
)
def test_term_meets_text(fixture_matcher, title, group, words):
    hits = verdict(fixture_matcher, "missiles", title).hits
    assert any(h.group == group and h.words == words for h in hits), hits


@pytest.mark.parametrize(
    "title",
    [
        pytest.param("Tomahawk shown to us", id="lowercase-us-is-not-US"),
        pytest.param(
            "Tomahawk: freeze the long and bitter war in the east at the front", id="gap-too-wide"
        ),
        pytest.param("Tomahawk for Kyev", id="no-fuzzy-for-short-words"),
        pytest.param("Tomahawk for Kyivstar", id="no-endings-beyond-the-list"),
    ],
)
def test_term_does_not_meet_text(fixture_matcher, title):
    assert not any(h.group == "who" for h in verdict(fixture_matcher, "missiles", title).hits)


@pytest.mark.parametrize(
    ("title", "summary", "phrase_found"),
    [
        pytest.param("Tomahawk", "Kyiv wants to freeze the war along the front.", True,
                     id="summary-one-sentence"),
        pytest.param("Tomahawk", "Kyiv wants to freeze talks. The front holds.", False,
                     id="gap-across-summary-sentences"),
        pytest.param("Tomahawk", "Kyiv wants to freeze it, Dr. Front says.", True,
                     id="abbreviation-is-no-sentence-end"),
        pytest.param("Freeze? Front holds, Tomahawk", "", True, id="title-parts-read-as-one"),
    ],
)
def test_a_phrase_stays_within_one_sentence_of_a_summary(fixture_matcher, title, summary,
                                                          phrase_found):
    """`...` and consecutive words never join two sentences of a summary ("talks in the
    Emirates. The territorial question remains open" is no "talks ... territory"); a
    headline's parts are read as one ("Why Budapest? Trump's choice of venue")."""
    hits = verdict(fixture_matcher, "missiles", title, summary).hits
    assert any(h.group == "who" and h.words.lower().startswith("freeze") for h in hits) \
        is phrase_found, hits


@pytest.mark.parametrize(
    ("title", "matched"),
    [
        pytest.param("Friedensgipfel in Ungarn", True, id="compound-suffix"),
        pytest.param("Gipfeltreffen in Budapest", True, id="compound-infix"),
        pytest.param("Саміт у Будапешті", True, id="ukrainian-locative"),
        pytest.param("Саммит в Будапеште", True, id="russian-locative"),
        pytest.param("Summit on the Budapest Memorandum", False, id="not-in-phrase-masks"),
        pytest.param("Gipfel: Budapester Memorandum gilt nicht", False, id="not-in-inflected"),
        pytest.param("Саміт: Будапештський меморандум", False, id="not-in-cyrillic"),
        pytest.param(
            "Summit in Budapest, not about the Budapest Memorandum",
            True,
            id="other-occurrence-still-counts",
        ),
    ],
)
def test_summit_fixture(fixture_matcher, title, matched):
    assert ("summit" in topics(fixture_matcher, title)) is matched


SCRIPT_RULES = {
    "entities.yaml": "russia:\n  names: [Russland, Росси*, Kreml*]\n",
    "scripts.yaml": "require:\n  land: [фронт, Донбас]\n  who: [<russia>]\n",
}


@pytest.fixture(scope="module")
def script_matcher(tmp_path_factory) -> match.Matcher:
    folder = tmp_path_factory.mktemp("script_rules")
    for name, text in SCRIPT_RULES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return match.Matcher(rules.load(folder))


@pytest.mark.parametrize(
    ("title", "group", "found"),
    [
        pytest.param("Бої на фронті", "land", True, id="cyrillic-term-cyrillic-word"),
        pytest.param("Speaking at From the Front", "land", False, id="cyrillic-term-latin-word"),
        pytest.param("Front", "land", False, id="cyrillic-term-capitalised-latin-word"),
        pytest.param("Donbas", "land", False, id="cyrillic-only-spelling-not-latin"),
        pytest.param("Ситуация в России", "who", True, id="cyrillic-prefix-cyrillic-word"),
        pytest.param("Valentino Rossi wins", "who", False, id="cyrillic-prefix-latin-word"),
        pytest.param("Заява Кремля", "who", True, id="latin-term-cyrillic-word"),
        pytest.param("Russland und der Kreml", "who", True, id="latin-term-latin-word"),
    ],
)
def test_term_script(script_matcher, title, group, found):
    hits = verdict(script_matcher, "scripts", title).hits
    assert any(h.group == group for h in hits) is found, hits


def test_phrase_verdicts_are_remembered_per_token(shipped):
    title = "Trump calls off Putin meeting"
    first = topics(shipped, title)
    assert first == topics(shipped, title) == {"budapest-summit"}


FUZZY_RULES = {
    "entities.yaml": (
        "negotiator:\n  names: [Dmitrijew]\nweapon:\n  names: [Tomahawk*, Amerikanisch*]\n"
    ),
    "fuzzy.yaml": (
        "require:\n  who: [<negotiator>]\n  what: [handover, Marschflugkörper, <weapon>,"
        " Gebietstausch*, Gebietsfrage*]\n"
    ),
}


@pytest.fixture(scope="module")
def fuzzy_matcher(tmp_path_factory) -> match.Matcher:
    folder = tmp_path_factory.mktemp("fuzzy_rules")
    for name, text in FUZZY_RULES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return match.Matcher(rules.load(folder))


@pytest.mark.parametrize(
    ("title", "group", "found"),
    [
        pytest.param("Dmitriyew handover", "who", True, id="name-typo-9-letters"),
        pytest.param("Dmitrijew Marschflugkorpr", "what", True, id="long-word-typo"),
        pytest.param("Dmitrijew hangover", "what", False, id="common-word-is-not-fuzzy"),
        pytest.param("Dmitrijew handovers", "what", True, id="common-word-inflected"),
        pytest.param("Dmitirjew handover", "who", True, id="name-swapped-letters"),
        pytest.param("Dmitrijew Tomahwaks", "what", True, id="prefix-name-swapped-letters"),
        pytest.param("Dmitrijew Tomhawk", "what", True, id="prefix-name-letter-missing"),
        pytest.param("Dmitrijew Tomahawklieferung", "what", True, id="prefix-name-exact"),
        pytest.param("Dmitrijew Gebietstasuch", "what", True, id="long-prefix-word-typo"),
        pytest.param("Dmitrijew Tomatoes", "what", False, id="prefix-name-far-off"),
        pytest.param("Dmitrijew afrikanisch", "what", False, id="prefix-two-edits-off"),
        pytest.param("Dmitrijew Gebietsreform", "what", False, id="long-prefix-other-word"),
    ],
)
def test_fuzzy_spelling_only_for_names_and_long_words(fuzzy_matcher, title, group, found):
    """A word of 8-10 letters is one letter away from another real word (handover/hangover);
    names and long compounds are not. Prefix terms (Tomahawk*) meet a token whose start is one
    edit off (a swap of neighbouring letters is one edit), never two (amerikanisch* is not
    afrikanisch)."""
    hits = verdict(fuzzy_matcher, "fuzzy", title).hits
    assert any(h.group == group for h in hits) is found, hits


# --- how a topic decides ----------------------------------------------------------------------


def test_match_returns_topic_matches_with_evidence(fixture_matcher):
    found = fixture_matcher.match("Zelensky asks for Tomahawks", "He talked to the <b>US</b>.")
    assert [m.topic for m in found] == ["missiles"]
    m = found[0]
    assert isinstance(m, TopicMatch) and m.chat is None
    assert m.score == 2 + 2 + 0.5  # weapon (title), who (title, corroborated by US)
    assert {(h.group, h.term, h.field, h.words, h.weight) for h in m.hits} == {
        ("weapon", "<tomahawk>", "title", "Tomahawks", 2.0),
        ("who", "<zelensky>", "title", "Zelensky", 2.0),
        ("who", "US", "summary", "US", 1.0),
    }


def test_chat_is_carried(fixture_matcher):
    assert fixture_matcher.match("Summit in Budapest")[0].chat == "@summit_alerts"


def test_results_are_best_first(fixture_matcher):
    found = fixture_matcher.match(
        "Tomahawk for Zelensky at a Budapest summit", "Zelensky and Kyiv."
    )
    assert [m.topic for m in found] == ["missiles", "summit"]
    assert found[0].score >= found[1].score


def test_min_score_needs_more_than_summary_mentions(fixture_matcher):
    summary_only = verdict(fixture_matcher, "missiles", "Weapons", "Tomahawk for Kyiv")
    assert not summary_only.matched and "below min_score 2.5" in summary_only.reason
    assert verdict(fixture_matcher, "missiles", "Tomahawk", "for Kyiv").matched


def test_exclusion_costs_score(fixture_matcher):
    e = verdict(fixture_matcher, "missiles", "Tomahawk steak for Zelensky")
    assert not e.matched and [h.words for h in e.excluded] == ["steak"]


def test_topic_ignore_phrase(fixture_matcher):
    e = verdict(fixture_matcher, "missiles", "Tomahawk Wisconsin greets Zelensky")
    assert not e.matched and e.missing == ("weapon",)
    assert [h.words for h in e.ignored] == ["Tomahawk"]


@pytest.mark.parametrize("lang", ["de-DE", "DE", "de_AT", " de "])
def test_language_tags_are_reduced_to_their_primary_code(fixture_matcher, lang):
    assert "missiles" in topics(fixture_matcher, "Tomahawk for Zelensky", lang=lang)
    assert "missiles" not in topics(fixture_matcher, "Tomahawk for Zelensky", lang="ru-RU")


def test_languages_limit(fixture_matcher):
    assert "missiles" in topics(fixture_matcher, "Tomahawk for Zelensky", lang="de")
    assert "missiles" not in topics(fixture_matcher, "Tomahawk for Zelensky", lang="ru")
    assert "missiles" in topics(fixture_matcher, "Tomahawk for Zelensky", lang=None)


FILLER = " ".join(
    ["Die Lage bleibt unübersichtlich, sagen Beobachter in vielen Hauptstädten."] * 90
)


def test_one_stray_mention_in_a_long_text_is_not_enough(fixture_matcher):
    long_text = f"Ein Gipfel in Budapest. {FILLER}"
    e = verdict(fixture_matcher, "summit", "", long_text)
    assert not e.matched and "needs 2 hits per group" in e.reason


def test_repeated_mentions_in_a_long_text_count(fixture_matcher):
    long_text = f"Ein Gipfel in Budapest. {FILLER} Der Gipfel in Budapest naht."
    assert verdict(fixture_matcher, "summit", "", long_text).matched


def test_groups_must_meet_within_a_passage(fixture_matcher):
    apart = "Ein Gipfel ist geplant. " + " ".join(["Wetter heute."] * 40) + " Budapest feiert."
    e = verdict(fixture_matcher, "summit", "", apart)
    assert not e.matched and "never within 60 words" in e.reason
    assert verdict(fixture_matcher, "summit", "", "Ein Gipfel ist geplant, in Budapest.").matched


def test_title_evidence_needs_no_passage(fixture_matcher):
    apart = " ".join(["Wetter heute."] * 40) + " Budapest feiert."
    assert verdict(fixture_matcher, "summit", "Gipfel geplant", apart).matched


FOCUS_RULES = {
    "entities.yaml": "budapest: [Budapest]\nkyiv: [Kyiv]\n",
    "venue.yaml": (
        "require:\n  meeting: [summit]\n  place: [<budapest>]\n"
        "focus:\n  - group: place\n  - Gipfel\n"
    ),
    "land.yaml": "require:\n  land: [land]\n  concession: [swap*]\ncontext: [<kyiv>, Donbas]\n",
}


@pytest.fixture(scope="module")
def focus_matcher(tmp_path_factory) -> match.Matcher:
    folder = tmp_path_factory.mktemp("focus_rules")
    for name, text in FOCUS_RULES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return match.Matcher(rules.load(folder))


@pytest.mark.parametrize(
    ("title", "summary", "matched"),
    [
        pytest.param("Summit in Budapest", "", True, id="focus-in-title"),
        pytest.param("Oil news", "A summit in Budapest was shelved. Prices rose.", True, id="lead"),
        pytest.param(
            "Oil news", "Prices rose. A summit in Budapest was shelved.", False, id="in-passing"
        ),
        pytest.param(
            "Oil news",
            "Prices rose. A summit in Budapest was shelved. Budapest regrets it.",
            True,
            id="two-sentences",
        ),
        pytest.param(
            "Gipfel news", "Prices rose. A summit in Budapest was shelved.", True, id="focus-term"
        ),
        pytest.param(
            "Summit news",
            "Prices rose. It would be held in Budapest.",
            False,
            id="non-focus-group-in-title",
        ),
    ],
)
def test_focus_tells_the_subject_from_a_passing_mention(focus_matcher, title, summary, matched):
    e = verdict(focus_matcher, "venue", title, summary)
    assert e.matched is matched, e.reason
    if not matched:
        assert "passing mention" in e.reason


def test_focus_hits_are_shown(focus_matcher):
    e = verdict(focus_matcher, "venue", "Oil news", "Prices rose. A Gipfel summit in Budapest.")
    assert [(h.group, h.words, h.field) for h in e.focus] == [("focus", "Gipfel", "summary")]
    assert not e.matched  # one later sentence, focus term and focus group alike


@pytest.mark.parametrize(
    ("title", "summary", "matched"),
    [
        pytest.param("Council approves land swap", "", False, id="no-context"),
        pytest.param("Kyiv rejects land swap", "", True, id="context-in-title"),
        pytest.param("Land swap rejected", "Kyiv said no.", True, id="context-in-summary"),
        pytest.param("Land swap in Donbas", "", True, id="context-term"),
    ],
)
def test_context_is_needed_but_adds_no_score(focus_matcher, title, summary, matched):
    e = verdict(focus_matcher, "land", title, summary)
    assert e.matched is matched, e.reason
    assert e.score == 4.0  # land and swap in the title; context adds nothing
    if not matched:
        assert "no context term" in e.reason
    else:
        assert e.context and all(h.weight == 0 for h in e.context)


def test_empty_and_none_inputs(fixture_matcher):
    assert fixture_matcher.match("", "") == ()
    assert fixture_matcher.match(None, None) == ()


def test_matcher_is_thread_safe(shipped):
    texts = [
        ("Trump says he will meet Putin in Budapest", ""),
        ("Zelensky asks Trump for Tomahawks", ""),
        ("Putin demands all of Donetsk region", ""),
        ("Shakhtar Donetsk win", ""),
    ] * 50
    expected = [shipped.match(t, s) for t, s in texts]
    fresh = match.Matcher(rules.load(SHIPPED))
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda ts: fresh.match(*ts), texts))
    assert got == expected


# --- the hard cases of the shipped topics ---------------------------------------------------

TOMAHAWK, BUDAPEST, DONBAS = "tomahawk-decision", "budapest-summit", "donbas-concessions"

HARD_CASES = [
    # Budapest: the 1994 memorandum is not the summit; a summit story mentioning it still is
    (
        "memorandum-en",
        "Ukraine marks anniversary of the Budapest Memorandum",
        "Kyiv says the 1994 security assurances from Russia, the US and Britain were worthless.",
        set(),
    ),
    (
        "memorandum-de",
        "Budapester Memorandum: Kiew fordert echte Garantien",
        "Russland, die USA und Großbritannien hatten 1994 Sicherheit zugesagt.",
        set(),
    ),
    (
        "memorandum-uk",
        "Будапештський меморандум: уроки для нових гарантій",
        "Росія та США у 1994 році дали Україні запевнення.",
        set(),
    ),
    (
        "memorandum-ru",
        "Будапештский меморандум снова в центре спора",
        "Лавров заявил, что документ не обязывает Россию.",
        set(),
    ),
    (
        "summit-also-memorandum",
        "Kyiv wary as Trump and Putin plan Budapest summit",
        "For Ukrainians the venue recalls the Budapest Memorandum of 1994.",
        {BUDAPEST},
    ),
    (
        "summit-in-ungarn",
        "Trump und Putin vereinbaren Treffen in Ungarn",
        "Der Gipfel soll in den nächsten zwei Wochen stattfinden.",
        {BUDAPEST},
    ),
    (
        "summit-in-hungary",
        "Trump says he will meet Putin in Hungary",
        "The leaders agreed on a summit after a phone call.",
        {BUDAPEST},
    ),
    (
        "alaska-not-budapest",
        "Trump and Putin meet in Alaska",
        "The summit in Anchorage ended without a ceasefire.",
        set(),
    ),
    (
        "orban-moscow-not-summit",
        "Orbán meets Putin in Moscow",
        "The Hungarian prime minister discussed gas supplies.",
        set(),
    ),
    # Donetsk: football and battle reports are not concessions
    (
        "shakhtar-en",
        "Shakhtar Donetsk beat Besiktas to reach group stage",
        "The Ukrainian club plays its home games in Krakow.",
        set(),
    ),
    ("shakhtar-de", "Schachtar Donezk verliert in Krakau", "Der ukrainische Meister.", set()),
    (
        "pokrovsk-battle",
        "Russian troops push into Pokrovsk in Donetsk region",
        "Ukrainian commanders say fighting is under way in the city centre.",
        set(),
    ),
    (
        "withdraw-from-town",
        "Ukraine's army withdraws from Siversk in Donetsk region",
        "The general staff said the move saved soldiers' lives.",
        set(),
    ),
    (
        "crimea-bridge",
        "Crimea bridge closed after drone attack",
        "Traffic was halted for several hours.",
        set(),
    ),
    (
        "zaporizhzhia-npp",
        "Zaporizhzhia nuclear plant cut off from grid",
        "The IAEA warned of risks to safety.",
        set(),
    ),
    (
        "prisoner-swap",
        "Russia and Ukraine swap prisoners near the front line",
        "Both sides released 84 soldiers.",
        set(),
    ),
    # Concessions without the word Donbas
    (
        "gebietsabtretungen",
        "Gebietsabtretungen? Kiew lehnt ab",
        "Die Ukraine werde kein Land an Russland abgeben.",
        {DONBAS},
    ),
    (
        "cede-eastern-territories",
        "Trump urges Kyiv to cede eastern territories",
        "The president said a deal required compromise.",
        {DONBAS},
    ),
    ("land-swap", "Trump floats land swap between Russia and Ukraine", "", {DONBAS}),
    (
        "freeze-front",
        "Leaders back plan to freeze the front line",
        "Talks would start from the current line of contact.",
        {DONBAS},
    ),
    (
        "recognise-crimea",
        "US plan would recognise Crimea as Russian",
        "Kyiv rejects any such recognition.",
        {DONBAS},
    ),
    ("donbas-frage", "Donbass-Frage blockiert die Gespräche", "", {DONBAS}),
    ("donbasu-uk", "Путін вимагає виведення військ з Донбасу", "", {DONBAS}),
    ("donetskoi-uk", "США пропонують Україні вийти з Донецької області", "", {DONBAS}),
    # Tomahawk: other uses are not the Ukraine decision
    (
        "tomahawk-yemen",
        "US destroyers fire Tomahawks at Houthi sites in Yemen",
        "The Pentagon said radar stations were destroyed.",
        set(),
    ),
    (
        "tomahawk-iran",
        "Tomahawk missiles struck Isfahan, Pentagon says",
        "Submarines fired the missiles during the strikes on Iran.",
        set(),
    ),
    (
        "tomahawk-venezuela",
        "US warship with Tomahawks heads to Venezuela coast",
        "Washington is raising pressure on Maduro.",
        set(),
    ),
    ("tomahawk-steak", "How to grill a tomahawk steak", "A long-bone ribeye.", set()),
    (
        "tomahawk-motorcycle",
        "New Tomahawk motorcycle unveiled",
        "The bike has a 1,200cc engine.",
        set(),
    ),
    (
        "tomahawk-iran-but-ukraine",
        "Trump: Tomahawks for Ukraine? Iran strike showed their power",
        "The president said he was weighing Kyiv's request for the missiles.",
        {TOMAHAWK},
    ),
    ("tomahawk-lieferung", "Tomahawk-Lieferung an Kiew: Trump zögert", "", {TOMAHAWK}),
    ("tomahawklieferung", "Tomahawklieferung für die Ukraine bleibt offen", "", {TOMAHAWK}),
    ("tomahawkiv-uk", "Зеленський не отримав Томагавків", "", {TOMAHAWK}),
    ("tomahawkov-ru", "Трамп не даст Украине Томагавков", "", {TOMAHAWK}),
    # Look-alikes found while probing the rules
    (
        "villages-withdrawal",
        "Ukrainian troops withdraw from two villages in Zaporizhzhia region",
        "",
        set(),
    ),
    (
        "znpp-demilitarised-zone",
        "IAEA calls for demilitarised zone around Zaporizhzhia nuclear plant",
        "Grossi said the situation at the plant remained precarious.",
        set(),
    ),
    (
        "tomahawk-germany-deployment",
        "Kremlin warns Germany over planned deployment of US Tomahawk missiles",
        "Peskov said the Typhon launchers would make Germany a target.",
        set(),
    ),
    (
        "netanyahu-budapest",
        "Netanyahu arrives in Budapest for talks with Orbán despite ICC warrant",
        "Hungary announced it would leave the International Criminal Court.",
        set(),
    ),
    (
        "territorial-integrity",
        "Macron reaffirms support for Ukraine's territorial integrity",
        "France will keep supplying air defence, the president said.",
        set(),
    ),
    (
        "concession-mentions-offensive",
        "Зеленський: віддати Донбас – це дати Росії плацдарм для нового наступу",
        "",
        {DONBAS},
    ),
    # Several topics at once
    (
        "three-topics",
        "After Putin call, Trump shelves Tomahawks and plans Budapest summit",
        "Putin demanded all of Donetsk region, officials said, as Zelensky visited Washington.",
        {TOMAHAWK, BUDAPEST, DONBAS},
    ),
    (
        "gipfeltreffen-budapeste",
        "Gipfeltreffen: Putin kommt nach Budapest",
        "Trump bestätigte das Treffen.",
        {BUDAPEST},
    ),
    ("budapeshte-ru", "Встреча Путина и Трампа в Будапеште отложена", "", {BUDAPEST}),
    ("budapeshti-uk", "Зустріч Трампа і Путіна в Будапешті скасовано", "", {BUDAPEST}),
    # Found by the blind set and the real-feed corpus (see the audit in the git log)
    (
        "tomahawk-reach-russia",
        "Would Tomahawks change the war?",
        "The missiles could reach most of European Russia, analysts say.",
        {TOMAHAWK},
    ),
    ("tomahawk-trump-headline-ru", "Трамп заявил, что США самим нужны «Томагавки»", "", {TOMAHAWK}),
    ("tomahawk-trump-iran", "Trump orders Tomahawk strikes on Iran's nuclear sites", "", set()),
    ("tomahawk-caribbean", "Trump: destroyers with Tomahawks patrol the Caribbean", "", set()),
    ("tomahawk-dodge", "Dodge Tomahawk: Trump-Fan ersteigert Motorrad", "", set()),
    (
        "budapest-called-off",
        "Trump calls off Putin meeting: 'It didn't feel right'",
        "The president said he did not want a wasted meeting.",
        {BUDAPEST},
    ),
    (
        "budapest-icc-travel",
        "Szijjártó: Ungarn garantiert Putin freie Ein- und Ausreise",
        "Der Präsident könne zu den Gesprächen mit Trump kommen.",
        {BUDAPEST},
    ),
    ("budapest-flight-uk", "Як Путін летітиме до Будапешта", "", {BUDAPEST}),
    (
        "budapest-peace-summit-ru",
        "Орбан: Будапешт – лучшее место для мирного саммита",
        "",
        {BUDAPEST},
    ),
    (
        "budapest-rubio-visit",
        "Rubio endorses Orban's bid for another term during a visit to Budapest",
        "The US secretary of state praised the prime minister ahead of the April elections.",
        set(),
    ),
    (
        "budapest-visit-to-hungary",
        "Trump says he will be involved indirectly in Iran talks",
        "Speaking during a visit to Hungary, Marco Rubio said a deal would be hard.",
        set(),
    ),
    (
        "budapest-other-summit",
        "Orbán hosts demographic summit in Budapest",
        "Leaders from central Europe discussed family policy.",
        set(),
    ),
    ("zu-infinitive", "Ist die Ukraine bereit, Land für Frieden herzugeben?", "", {DONBAS}),
    (
        "separable-verb",
        "Abu Dhabi: Knackpunkt bleibt, ob Kiew seine Truppen aus dem Gebiet Donezk abzieht",
        "",
        {DONBAS},
    ),
    ("ziehen-zurueck", "Selenskyj: Wir ziehen uns nicht aus dem Donbass zurück", "", {DONBAS}),
    ("withdrawal-noun-uk", "Путін вимагає відведення військ із Донеччини", "", {DONBAS}),
    ("insists-ru", "Москва настаивает на Донбассе", "", {DONBAS}),
    ("de-facto", "28-Punkte-Plan: Krim, Luhansk und Donezk de facto russisch", "", {DONBAS}),
    ("stop-at-the-line", "Trump urges Russia and Ukraine to stop at the battle line", "", {DONBAS}),
    (
        "dmz-in-the-east",
        "Kyiv weighs a DMZ in the east as US presses for a deal",
        "",
        {DONBAS},
    ),
    (
        "territory-unresolved",
        "Territory still unresolved as talks in Abu Dhabi end",
        "",
        {DONBAS},
    ),
    ("outages-unresolved", "Stromausfälle im Osten der Ukraine bleiben ungelöst", "", set()),
    ("freezing-cold", "Nach Angriffen auf das Stromnetz: Ukrainer frieren im Dunkeln", "", set()),
    (
        "buffer-zone-sumy",
        'Russland baut "Pufferzone" im Gebiet Sumy aus',
        "Dörfer entlang der Grenze werden zerstört.",
        set(),
    ),
    (
        "israel-territories",
        "UN rapporteur says Israel must withdraw from the occupied territories",
        "",
        set(),
    ),
    (
        "landing-page",
        "Marketing for developers",
        "Write landing pages before you have given up on the product.",
        set(),
    ),
    (
        "english-front",
        "Speaking at From the Front",
        "The organisers are pulling out all the stops.",
        set(),
    ),
]


# found by the second blind set and a probe of general news (each would fail before its fix)
HARD_CASES += [
    (
        "passing-summit-in-sanctions-story",
        "U.S. sanctions Russian oil majors",
        "The Treasury acted on Wednesday. The step came a day after plans for a summit with "
        "Putin in Budapest were shelved.",
        set(),
    ),
    (
        "passing-tomahawk-in-budget-story",
        "Pentagon publishes budget request for Ukraine aid",
        "The plan funds air defence for Kyiv. It comes weeks after the debate on Tomahawks ended.",
        set(),
    ),
    (
        "passing-territory-in-prisoner-story",
        "Russia and Ukraine swap prisoners after talks",
        "Each side released 150 soldiers. Officials said the territorial question remained "
        "unresolved.",
        set(),
    ),
    (
        "lead-states-the-subject",
        "Analysis: the week in Washington",
        "Trump and Putin agreed to meet in Budapest within two weeks. Aides began preparations.",
        {BUDAPEST},
    ),
    (
        "two-sentences-state-the-subject",
        "Inside the envoys' Moscow mission",
        "The envoys spent five hours in the Kremlin. Putin insisted on all of Donbas. Kyiv "
        "refuses to cede Donetsk.",
        {DONBAS},
    ),
    ("context-council-land-swap", "Council approves land swap with developer", "", set()),
    ("context-pay-freeze", "Frontline staff face pay freeze", "", set()),
    (
        "context-other-war",
        "Rebels agree to withdraw from captured territory under peace deal",
        "",
        set(),
    ),
    (
        "weather-freeze",
        "Ukrainian soldiers freezing on the front line as winter sets in",
        "",
        set(),
    ),
    ("freeze-the-war", "Trump: freeze the war where it is", "", {DONBAS}),
    ("no-plans-to-meet", "White House: no plans for Trump to meet Putin soon", "", {BUDAPEST}),
    ("german-separable-called-off", "Trump sagt Gipfel mit Putin ab", "", {BUDAPEST}),
    (
        "fuzzy-hangover-is-not-handover",
        "To a friend",
        "He never got over the hangover of that land deal in Kyiv.",
        set(),
    ),
    (
        "hungarian-election-in-hungary",
        "Выборы в Венгрии: Орбан может проиграть",
        "Оппозиция лидирует в опросах. Орбан напоминает, что предлагал Будапешт для встречи "
        "Путина и Трампа.",
        set(),
    ),
    (
        "place-locating-something-else",
        "Russian forces withdraw from river islands near Kherson",
        "",
        set(),
    ),
    ("other-dispute-kosovo", "Serbia rules out land swap with Kosovo", "", set()),
    (
        "compromise-on-territory",
        "No compromise on territory yet, Kremlin says after Witkoff talks",
        "",
        {DONBAS},
    ),
    ("uk-stop-at-the-line", "Трамп закликав зупинитися на лінії фронту", "", {DONBAS}),
    ("ru-ceasefire-along-the-line", "Кремль отверг прекращение огня по линии фронта", "", {DONBAS}),
    ("uk-swap-verb", "Росія хоче обміняти Харківщину на Донбас", "", {DONBAS}),
    (
        "de-line-as-starting-point",
        "Europäer: Kontaktlinie soll Ausgangspunkt der Gespräche sein",
        "",
        {DONBAS},
    ),
    ("talks-stall-over-region", "Talks stall over Donetsk as envoys leave Moscow", "", {DONBAS}),
    ("korean-style-armistice", "Kyiv weighs a Korean-style armistice", "", {DONBAS}),
    (
        "zelensky-to-budapest",
        "Зеленський готовий приїхати до Будапешта на переговори",
        "",
        {BUDAPEST},
    ),
    (
        "other-missile-in-title",
        "Russia tests Burevestnik cruise missile",
        "Putin called it unique. The test came after Trump cooled on Tomahawks for Kyiv.",
        set(),
    ),
]


# found by a fresh check set written after the fixes above (phrasing families, and the false
# matches the first versions of those families opened)
HARD_CASES += [
    ("de-leave-verlassen", "Putin: Ukraine muss den Donbass verlassen", "", {DONBAS}),
    (
        "hand-region-to-russia",
        "Most Ukrainians oppose handing Donbas to Russia, poll shows",
        "",
        {DONBAS},
    ),
    (
        "no-breakthrough-on-region",
        "Abu Dhabi talks end without breakthrough on Donbas",
        "",
        {DONBAS},
    ),
    ("press-kyiv-on-territory", "Envoys press Kyiv on territory in Berlin", "", {DONBAS}),
    ("uk-not-a-bargaining-chip", "Зеленський: Донбас не є предметом торгу", "", {DONBAS}),
    (
        "land-for-peace-is-context",
        "Analyse: Warum Land gegen Frieden nicht funktioniert",
        "",
        {DONBAS},
    ),
    (
        "freezing-the-front-names-the-land",
        "Kyiv proposes freezing the front as it is",
        "",
        {DONBAS},
    ),
    (
        "hiring-freeze-is-not-the-war",
        "Hiring freeze: Trump's war on the federal workforce",
        "",
        set(),
    ),
    ("battle-claim-all-of-region", "Russia says it has taken all of Luhansk region", "", set()),
    (
        "bodies-handed-over",
        "Ukraine hands over bodies of Russian soldiers in Donetsk region",
        "",
        set(),
    ),
    ("giving-residents-ids", "Ukraine gives Donetsk residents new ID cards", "", set()),
    ("military-breakthrough", "Russian breakthrough in Donetsk region, ISW says", "", set()),
    (
        "ru-tomahawk-on-the-front",
        "Эксперт: «Томагавки» не изменят ситуацию на фронте",
        "",
        {TOMAHAWK},
    ),
    (
        "alaska-summit-retrospective",
        "Was vom Alaska-Gipfel bleibt",
        "Trump und Putin trafen sich im August in Anchorage. Ein zweiter Gipfel in Budapest "
        "kam nie zustande.",
        set(),
    ),
]


# round three: families found by fresh dev sets and an audit (conceding and accepting the loss
# of land, Russia keeping it, the Donetsk cities Ukraine holds, the demarcation line, the host
# speaking of the summit, other summits, other buyers), and the battle reports, other summits
# and other senses each family could open
HARD_CASES += [
    ("accept-loss", "Kyiv may have to accept the loss of eastern lands", "", {DONBAS}),
    ("russia-keeps-land", "Trump: let Russia keep the land it has taken", "", {DONBAS}),
    ("de-behalten", "Russland soll die Krim behalten, sagt Witkoff", "", {DONBAS}),
    ("ru-remain-with-russia", "Крым останется за Россией, заявил Уиткофф", "", {DONBAS}),
    ("held-cities-demanded", "Putin demands Ukraine quit Kramatorsk and Sloviansk", "", {DONBAS}),
    (
        "uk-demarcation-line",
        "Трамп хоче зупинити війну на лінії розмежування",
        "",
        {DONBAS},
    ),
    ("de-gebiete-an-russland", "Muss Kiew Gebiete an Russland abgeben?", "", {DONBAS}),
    (
        "held-city-evacuation",
        "Families told to leave Sloviansk as Russian troops advance",
        "Authorities in Donetsk region widened the evacuation zone.",
        set(),
    ),
    ("held-city-awards", "Zelensky hands awards to defenders of Kramatorsk", "", set()),
    (
        "held-city-battle",
        "Ukrainian units pull back toward Kramatorsk",
        "Russian forces captured two villages in Donetsk region.",
        set(),
    ),
    ("keep-up-pressure", "Russia keeps up pressure on towns in Donetsk region", "", set()),
    (
        "accept-heavy-losses",
        "Russia accepts heavy losses for small territorial gains",
        "British intelligence estimates 1,000 casualties a day in Ukraine.",
        set(),
    ),
    (
        "de-battle-losses",
        "Ukraine verlor im Oktober 400 Quadratkilometer Gebiet an Russland",
        "",
        set(),
    ),
    (
        "hungary-fm-summit-preparations",
        "Hungary's foreign minister says summit preparations are on track",
        "",
        {BUDAPEST},
    ),
    ("uk-hungary-hosts-peace-summit", "Угорщина готова прийняти саміт миру", "", {BUDAPEST}),
    (
        "de-hungary-prepares",
        "Ungarn bereitet Gipfeltreffen von Trump und Putin vor",
        "",
        {BUDAPEST},
    ),
    ("trump-jr", "Donald Trump Jr. speaks at CPAC Hungary in Budapest", "", set()),
    ("trump-praises-budapest", "Trump praises Orbán: 'Budapest is a beautiful city'", "", set()),
    ("hungary-eu-summit", "Hungary blocks sanctions on Russia at EU summit", "", set()),
    ("osce-1994", "At the 1994 Budapest summit, Ukraine gave up its nuclear arms", "", set()),
    ("tomahawk-typo", "Trump on Tomahwaks for Kyiv: 'We'll see'", "", {TOMAHAWK}),
    # generic verbs now tied to the land or the troops (they have other senses in war news)
    ("soldiers-surrender", "Russian soldiers surrender to a drone in Donetsk region", "", set()),
    ("uk-exit-encirclement", "ЗСУ не змогли вийти з оточення на Донеччині", "", set()),
    ("ru-vyvod-conclusion", "Вывод: Россия усиливает удары по Донбассу", "", set()),
    ("uk-pay-tribute", "Зеленський віддав шану загиблим на Донеччині", "", set()),
    ("de-evacuation", "Behörden ordnen Räumung von Dörfern im Gebiet Donezk an", "", set()),
    ("bodies-swapped", "Ukraine and Russia swap bodies in Donetsk region", "", set()),
    ("admit-advances", "Ukrainian officials concede Russian advances in Donetsk", "", set()),
    ("de-retreat-in-region", "Ukrainische Truppen melden Rückzug im Gebiet Donezk", "", set()),
    ("de-not-give-up-fighting", "Soldaten wollen nicht aufgeben: Kämpfe im Donbass", "", set()),
    ("miners-give-up-hope", "Donbas miners give up hope as coal mines close", "", set()),
    ("fleet-handover", "Crimea: Russia hands over Black Sea Fleet command", "", set()),
    ("de-demand-retreat", "Moskau fordert Rückzug der Ukraine aus Donezk", "", {DONBAS}),
    ("de-not-give-up-region", "Selenskyj: Wir werden den Donbass nicht aufgeben", "", {DONBAS}),
    ("ru-withdraw-troops", "Москва требует вывести ВСУ из Донбасса", "", {DONBAS}),
    ("surrender-region", "Zelensky: Ukraine will not surrender Donbas", "", {DONBAS}),
    (
        "tomahawk-other-buyer",
        "Germany wants to buy Tomahawks; Ukraine to get Patriots",
        "",
        set(),
    ),
]


# found by the third blind set (measured once before these changes): a round-up is about each
# of its items, a summit in the title takes its venue from the summary, Hungary named as the
# host or the place, Putin on EU soil, the Pentagon's review, and two wrong matches (Крим* met
# "кримінальний"; "behalten" without the land)
HARD_CASES += [
    (
        "roundup-item",
        "Головне за 21 жовтня",
        "Росіяни атакували енергетику Чернігівщини. Білий дім повідомив, що зустрічі Трампа і "
        "Путіна в Будапешті найближчим часом не буде.",
        {BUDAPEST},
    ),
    (
        "summit-title-venue-below",
        "Memo on Donbas scuppers the summit",
        "Moscow restated its demand in writing. Washington concluded a meeting in Budapest would "
        "achieve nothing.",
        {BUDAPEST, DONBAS},  # (Moscow's memo demanded the Donbas: the land question too)
    ),
    ("putin-eu-soil", "Kallas: Putin on EU soil for a summit is 'not nice'", "", {BUDAPEST}),
    ("hungary-no-place-for-talks", "Сибіга: Угорщина – не місце для переговорів", "", set()),
    (
        "crimea-not-criminal",
        "Суд передав справу Путіна до Міжнародного кримінального суду",
        "",
        set(),
    ),
    ("behalten-needs-land", "Trump will Tomahawks lieber selbst behalten", "", {TOMAHAWK}),
    ("pentagon-review", "Pentagon hat keine Einwände gegen Tomahawk-Lieferung", "", {TOMAHAWK}),
    ("pentagon-contract", "Pentagon awards contract to deliver Tomahawks to the Navy", "", set()),
    ("uk-will-not-withdraw", "Україна не виводитиме війська з Донбасу", "", {DONBAS}),
    ("de-will-den-donbass", "Putin will den Donbass, Trump will einen Deal", "", {DONBAS}),
    ("stop-where-they-are", "Trump: Russia and Ukraine should 'stop where they are'", "", {DONBAS}),
]


@pytest.mark.parametrize(
    ("title", "summary", "expected"), [pytest.param(t, s, e, id=i) for i, t, s, e in HARD_CASES]
)
def test_hard_case(shipped, title, summary, expected):
    assert topics(shipped, title, summary) == expected
