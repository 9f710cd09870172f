"""Alert text: escaping of hostile feed text, Telegram's 4096 limit, safe cuts, the plain twin.

Every rendered message is checked with the fake Bot API's parser (`fakebotapi.parse_html`),
which refuses what Telegram refuses (unknown tags, bad nesting, bare `<` or `&`).
"""

from __future__ import annotations

import html
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from fakebotapi import EntityError, parse_html, utf16_len
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor import render
from monitor.models import Hit, Member, Story, TopicMatch

BERLIN = ZoneInfo("Europe/Berlin")
T = datetime(2026, 2, 12, 13, 5, tzinfo=UTC)


def story(title="Tomahawk decision postponed", summary="The president said no decision was "
          "made on the missiles.", url="https://example.org/news/1", outlet="Spiegel",
          published=T, dated=True) -> Story:
    return Story(feed_url="http://127.0.0.1/feed.xml", outlet=outlet, key="k1", title=title,
                 summary=summary, published=published, url=url, dated=dated)


def match(topic="tomahawk-decision", terms=(("Tomahawk", "Tomahawk"),), chat=None):
    hits = tuple(Hit(group="what", term=t, field="title", words=w, weight=1.0) for t, w in terms)
    return TopicMatch(topic=topic, score=1.0, hits=hits, chat=chat)


def visible(text_html: str) -> str:
    """What Telegram would show; fails the test if Telegram would refuse the markup."""
    return parse_html(text_html)


# --- escaping --------------------------------------------------------------------------------

HOSTILE_TITLES = {
    "script-tag": "<script>alert(1)</script> Breaking",
    "entity-text": "Tom &amp; Jerry &lt;b&gt; &#x3C;",
    "quotes": 'He said "no" and \'maybe\' `never`',
    "broken-html": "<b>unclosed <i>tags</b> & <a href='x'>link",
    "angle-brackets": "a < b > c <<>> </b>",
    "ampersands": "AT&T && R&D &",
    "emoji-and-flags": "🇺🇦 Kyiv 👨‍👩‍👧 talks 👍🏽 é",
    "control-chars": "bad\x00\x07\x1b[31m title\x7f",
    "lone-surrogate": "broken \ud83d decode",
    "rtl-and-zero-width": "\u202eevil\u202c\u200b title",
}


@pytest.mark.parametrize("title", HOSTILE_TITLES.values(), ids=HOSTILE_TITLES.keys())
def test_hostile_title_is_escaped_and_shown_literally(title):
    text = render.alert_html(story(title=title), [match()], tz=BERLIN)
    shown = visible(text)
    assert render.clean(title).split()[0] in shown  # literally, not interpreted
    assert "<script" not in text and "<b>unclosed" not in text
    assert utf16_len(text) <= render.ALERT_LIMIT
    text.encode("utf-8")  # no lone surrogate left: it must be sendable


@pytest.mark.parametrize("summary", HOSTILE_TITLES.values(), ids=HOSTILE_TITLES.keys())
def test_hostile_summary_and_outlet_are_escaped(summary):
    text = render.alert_html(story(summary=summary, outlet=summary), [match(topic=summary)],
                             tz=BERLIN)
    visible(text)
    text.encode("utf-8")


LINKS = {
    "plain-https": ("https://example.org/a?b=1&c=2", True),
    "quote-in-url": ('https://example.org/a?q="x"&y=<z>', True),
    "javascript": ("javascript:alert(1)", False),
    "data-uri": ("data:text/html,<script>alert(1)</script>", False),
    "no-host": ("https:///path", False),
    "ftp": ("ftp://example.org/file", False),
    "space-inside": ("https://example.org/a b", False),
    "too-long": ("https://example.org/" + "a" * 2000, False),
    "none": (None, False),
}


@pytest.mark.parametrize(("url", "linked"), LINKS.values(), ids=LINKS.keys())
def test_only_http_links_with_escaped_href(url, linked):
    text = render.alert_html(story(url=url), [match()], tz=BERLIN)
    visible(text)
    assert ("<a href=" in text) is linked
    if linked:
        href = text.split('<a href="', 1)[1].split('">', 1)[0]
        assert '"' not in href and "<" not in href
        assert html.unescape(href) == url


LONG_HREFS = {  # (url, linked): the cap is on the href as escaped into the message
    "quotes-under-the-cap-raw-over-it-escaped": ("https://e.org/?q=" + '"' * 1000, False),
    "ampersands": ("https://e.org/?" + "&" * 1000, False),
    "mixed": ("https://e.org/?" + '"&<>' * 250, False),
    "escaped-just-at-the-cap": ("https://e.org/?" + "&" * ((1024 - 15) // 5) + "a" * 4, True),
    "escaped-just-over-the-cap": ("https://e.org/?" + "&" * ((1024 - 15) // 5 + 1), False),
}


@pytest.mark.parametrize(("url", "linked"), LONG_HREFS.values(), ids=LONG_HREFS.keys())
def test_an_href_too_long_once_escaped_is_not_linked_and_the_headline_stays(url, linked):
    title = "Tomahawk decision postponed after talks " * 20
    text = render.alert_html(story(title=title, summary="Officials said more. " * 50, url=url),
                             [match()], tz=BERLIN)
    shown = visible(text)
    assert utf16_len(text) <= render.ALERT_LIMIT
    assert ("<a href=" in text) is linked
    assert title[:100] in shown  # the headline is never what goes


def test_a_link_is_dropped_rather_than_the_headline_when_room_is_short():
    url = "https://e.org/?" + "&" * 200  # linkable, but 1 000 units escaped
    text = render.alert_html(story(title="Tomahawk decision postponed", url=url), [match()],
                             tz=BERLIN, limit=1100)
    assert "Tomahawk decision postponed" in visible(text) and "<a href=" not in text
    assert utf16_len(text) <= 1100


# --- content -----------------------------------------------------------------------------------

def test_alert_shows_topics_hashtags_headline_outlet_time_summary_and_why():
    matches = [match("tomahawk-decision", (("Tomahawk", "Tomahawks"), ("Selenskyj", "Zelensky"))),
               match("ukraine-aid", (("Waffenlieferung", "Waffenlieferungen"),))]
    text = render.alert_html(story(), matches, tz=BERLIN)
    shown = visible(text)
    assert "tomahawk-decision" in shown and "ukraine-aid" in shown
    assert "#tomahawk_decision" in shown and "#ukraine_aid" in shown
    assert '<a href="https://example.org/news/1">Tomahawk decision postponed</a>' in text
    assert "Spiegel · 12 Feb 2026, 14:05 CET" in shown
    assert "no decision was made" in shown
    assert "Zelensky (Selenskyj)" in shown  # the words found, and the term when it differs
    assert "Tomahawks," in shown and "(Tomahawk)" not in shown  # contains the term


@pytest.mark.parametrize(("term", "words", "shown"), [
    ("<kyiv>", "Kiew", "Kiew (kyiv)"),
    ("<tomahawk>", "Tomahawk", "Tomahawk"),
    ("Kreml*", "Kremls", "Kremls"),
    ("<zelensky>", "Зеленський", "Зеленський (zelensky)"),
    ("Taurus", "", "Taurus"),
], ids=["entity-other-language", "entity-same", "wildcard", "cyrillic", "no-words"])
def test_why_line_shows_words_and_terms(term, words, shown):
    text = render.alert_html(story(), [match(terms=((term, words),))], tz=UTC)
    assert f"matched: {shown}\n" in visible(text)


@pytest.mark.parametrize(("published", "tz", "expected"), [
    (datetime(2026, 2, 12, 13, 5, tzinfo=UTC), BERLIN, "12 Feb 2026, 14:05 CET"),
    (datetime(2026, 7, 1, 22, 30, tzinfo=UTC), BERLIN, "2 Jul 2026, 00:30 CEST"),
    (datetime(2026, 7, 1, 22, 30, tzinfo=UTC), ZoneInfo("Europe/Kyiv"), "2 Jul 2026, 01:30 EEST"),
    (datetime(2026, 7, 1, 22, 30, tzinfo=UTC), UTC, "1 Jul 2026, 22:30 UTC"),
], ids=["berlin-winter", "berlin-summer-next-day", "kyiv", "utc"])
def test_local_time(published, tz, expected):
    assert render.local_time(published, tz) == expected


def test_undated_story_says_first_seen():
    assert "(first seen)" in visible(render.alert_html(story(dated=False), [match()], tz=UTC))


def test_summary_repeating_the_headline_is_not_shown_twice():
    s = story(title="Talks in Geneva", summary="Talks in Geneva. Delegations met for hours.")
    shown = visible(render.alert_html(s, [match()], tz=UTC))
    assert shown.count("Talks in Geneva") == 1 and "Delegations met" in shown


@pytest.mark.parametrize(("topic", "tag"), [
    ("tomahawk-decision", "#tomahawk_decision"),
    ("Ukraine aid 2026", "#Ukraine_aid_2026"),
    ("nato--summit!", "#nato_summit"),
    ("2026", "#t_2026"),
    ("---", "#t_"),
    ("зеленський-візит", "#зеленський_візит"),
], ids=["hyphen", "spaces", "punctuation", "digits-only", "nothing-left", "cyrillic"])
def test_hashtag(topic, tag):
    assert render.hashtag(topic) == tag


# --- the 4096 limit ----------------------------------------------------------------------------

HUGE = {
    "title-10k": dict(title="Breaking " * 1200),
    "title-10k-no-spaces": dict(title="x" * 10_000),
    "title-all-ampersands": dict(title="&" * 5000),  # each escapes to 5 characters
    "title-emoji-10k": dict(title="😀" * 10_000),  # 2 UTF-16 units each
    "summary-100k": dict(summary="word " * 20_000),
    "both-huge": dict(title="<>" * 5000, summary="&<>\"'" * 5000),
    "outlet-huge": dict(outlet="Outlet " * 2000),
    "url-huge": dict(url="https://example.org/" + "p/" * 3000),
}


@pytest.mark.parametrize("fields", HUGE.values(), ids=HUGE.keys())
def test_alert_fits_whatever_the_input(fields):
    many = [match(f"topic-{i}-" + "x" * 80, tuple((f"term{j}" * 10, f"w{j}") for j in range(30)))
            for i in range(40)]
    for matches in ([match()], many):
        text = render.alert_html(story(**fields), matches, tz=BERLIN)
        shown = visible(text)
        assert utf16_len(text) <= render.ALERT_LIMIT
        assert utf16_len(shown) <= render.ALERT_LIMIT
        members = [Member(f"Outlet {i} " + "y" * 50, f"https://o{i}.example/" + "z" * 200, T)
                   for i in range(100)]
        edited = render.with_also(text, members, "Spiegel")
        visible(edited)
        assert utf16_len(edited) <= render.MAX_MESSAGE
        assert "also:" in edited


def test_bidi_overrides_cannot_reorder_the_message():
    text = render.alert_html(story(title="\u202eevil\u202c \u2067x\u2069 title", outlet="\u202dO"),
                             [match()], tz=UTC)
    assert not any(ch in text for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    assert "evil x title" in visible(text)


def test_summary_is_cut_before_the_title():
    text = render.alert_html(story(title="Short headline", summary="long " * 5000), [match()],
                             tz=UTC)
    assert "Short headline" in visible(text) and "…" in visible(text)


CUT_TEXTS = {
    "zwj-family": "ab 👨‍👩‍👧‍👦 cd 👩‍🔬" * 30,
    "flags": "🇺🇦🇩🇪🇬🇧🇺🇸" * 60,
    "skin-tones": "👍🏽👋🏿x" * 60,
    "variation-selector": "❤️☀️x" * 80,
    "combining-accents": "e\u0301a\u0308o\u0302" * 80,
    "ampersands-and-brackets": "&<>a" * 100,
    "astral-letters": "𝒜𝒷𝒸 " * 80,
}


@pytest.mark.parametrize("text", CUT_TEXTS.values(), ids=CUT_TEXTS.keys())
def test_cut_never_splits_a_character_or_an_entity(text):
    for budget in range(0, 260):
        fitted = render.fit(text, budget)
        assert utf16_len(fitted) <= budget
        plain = visible(fitted).removesuffix("…")
        assert text.startswith(plain.rstrip()) or text.startswith(plain)
        rest = text[len(plain):]
        if plain and rest:
            assert not plain.endswith("\u200d")
            assert not render._joins_previous(rest[0])
            flags = len(plain) - len(plain.rstrip("".join(chr(c) for c in range(0x1F1E6,
                                                                                  0x1F200))))
            assert flags % 2 == 0 or not render._is_regional(rest[0])


# URLs: arbitrary text, and http(s) links heavy in what escaping grows (quotes, ampersands)
_URL_CHARS = st.sampled_from(['"', "&", "<", ">", "'", "a", "=", "?", "/", "%", "é", "😀"])
URLS = st.one_of(
    st.none(), st.text(max_size=300),
    st.builds(lambda scheme, rest: f"{scheme}://example.org/{rest}",
              st.sampled_from(["http", "https"]),
              st.text(alphabet=_URL_CHARS, max_size=render.MAX_URL + 100)),
    st.builds(lambda ch, n, tail: f"https://example.org/?{ch * n}{tail}",
              st.sampled_from(['"', "&", "'"]), st.integers(render.MAX_URL // 2, render.MAX_URL),
              st.text(alphabet=_URL_CHARS, max_size=20)))
WORDS = st.text(alphabet=st.sampled_from("abcdefghij &<\"xyz"), min_size=1, max_size=600)


@settings(max_examples=150, deadline=None)
@given(title=st.text(max_size=6000), summary=st.text(max_size=6000),
       outlet=st.text(max_size=200), url=URLS,
       topic=st.text(min_size=1, max_size=100), words=st.text(max_size=300))
def test_any_input_renders_to_valid_html_within_the_limit(title, summary, outlet, url, topic,
                                                          words):
    s = story(title=title, summary=summary, outlet=outlet, url=url)
    text = render.alert_html(s, [match(topic, ((topic, words),))], tz=BERLIN)
    visible(text)
    assert utf16_len(text) <= render.ALERT_LIMIT
    text.encode("utf-8")


@settings(max_examples=150, deadline=None)
@given(title=WORDS, summary=st.text(max_size=6000), url=URLS,
       topic=st.text(min_size=1, max_size=100))
def test_the_headline_is_always_shown(title, summary, url, topic):
    s = story(title=title, summary=summary, url=url)
    text = render.alert_html(s, [match(topic, ((topic, topic),))], tz=BERLIN)
    assert utf16_len(text) <= render.ALERT_LIMIT
    headline = render.one_line(title) or "(no title)"
    assert headline[:30] in visible(text)


# --- the also: line ----------------------------------------------------------------------------

def members(*names_urls):
    return [Member(outlet=n, url=u, published=T) for n, u in names_urls]


ALSO = {
    "alone": (members(("Spiegel", "https://s/1")), ""),
    "same-outlet-twice": (members(("Spiegel", "https://s/1"), ("spiegel", "https://s/2")), ""),
    "three-more": (
        members(("Spiegel", "https://s/1"), ("BBC", "https://b/1"), ("tagesschau", None),
                ("Reuters", "javascript:x")),
        'also: <a href="https://b/1">BBC</a>, tagesschau, Reuters (4 outlets)'),
    "hostile-outlet-name": (
        members(("Spiegel", None), ("<b>Evil & Co</b>", "https://e/1")),
        'also: <a href="https://e/1">&lt;b&gt;Evil &amp; Co&lt;/b&gt;</a> (2 outlets)'),
}


@pytest.mark.parametrize(("cluster", "expected"), ALSO.values(), ids=ALSO.keys())
def test_also_line(cluster, expected):
    assert render.also_line(cluster, "Spiegel") == expected


def test_also_line_with_very_many_outlets_says_how_many_more():
    cluster = members(*[(f"Outlet number {i}", f"https://o{i}.example/story") for i in range(60)])
    line = render.also_line(cluster, "Spiegel")
    visible(line)
    assert utf16_len(line) < render.ALSO_RESERVE
    assert "more (61 outlets)" in line


# --- burst summaries and notices ---------------------------------------------------------------

def test_summary_messages_split_within_the_limit_and_list_every_headline():
    items = [render.Headline(title=f"Headline {i} " + "&<" * 100, url=f"https://e/{i}",
                             outlet="Outlet", published=T) for i in range(120)]
    parts = render.summary_messages("tomahawk-decision", items, tz=BERLIN)
    assert len(parts) > 1
    assert sum(count for _, count in parts) == 120
    for i, (text, _) in enumerate(parts):
        shown = visible(text)
        assert utf16_len(text) <= render.MAX_MESSAGE
        assert f"part {i + 1} of {len(parts)}" in shown and "#tomahawk_decision" in shown
    assert "Headline 119" in visible(parts[-1][0])


@pytest.mark.parametrize(("text", "expected_visible"), [
    ("feed <http://x> failed: a < b & c", "feed <http://x> failed: a < b & c"),
    ("<b>digest</b> &amp; more", "digest & more"),
    ("<b>unclosed", "<b>unclosed"),
    ("<script>x</script>", "<script>x</script>"),
], ids=["plain-with-brackets", "valid-html-kept", "broken-html-as-text", "disallowed-tag"])
def test_notice_is_valid_html_either_way(text, expected_visible):
    assert visible(render.notice_html(text)) == expected_visible


def test_overlong_notice_is_fitted():
    text = render.notice_html("error <x> " * 2000)
    visible(text)
    assert utf16_len(text) <= render.MAX_MESSAGE


# --- plain twin --------------------------------------------------------------------------------

def test_plain_twin_of_an_alert():
    s = story(title='A <b> & "c"', url="https://example.org/a?x=1&y=2")
    text = render.plain(render.with_also(render.alert_html(s, [match()], tz=UTC),
                                         members(("BBC", "https://b/1")), "Spiegel"))
    assert 'A <b> & "c" <https://example.org/a?x=1&y=2>' in text
    assert "also: BBC <https://b/1> (2 outlets)" in text
    assert "<i>" not in text and "&amp;" not in text


def test_parser_oracle_refuses_what_telegram_refuses():
    # The tests above lean on this oracle: make sure it can fail.
    for bad in ("a < b", "a & b", "<b>x", "<x>y</x>", "<b><i>x</b></i>",
                '<a href="javascript:x">y</a>'):
        with pytest.raises(EntityError):
            parse_html(bad)
