"""Parsing: small fixture feeds (tests/fixtures/feeds/) through `monitor.parse.parse`."""

from __future__ import annotations

import json
import logging
import time
import tracemalloc
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from monitor import parse as parse_module
from monitor.models import Feed
from monitor.parse import MAX_ENTRIES, SUMMARY_MAX, parse, strip_dtd

FIXTURES = Path(__file__).parent / "fixtures" / "feeds"
FETCHED = datetime(2025, 10, 20, 6, 0, tzinfo=UTC)
BASE = "https://feeds.example.org/news/feed.xml"


def run(name_or_body: str | bytes, *, feed: Feed | None = None, content_type: str | None = None,
        fetched_at: datetime = FETCHED, base_url: str | None = BASE):
    body = (FIXTURES / name_or_body).read_bytes() if isinstance(name_or_body, str) else name_or_body
    feed = feed or Feed(BASE, "Example Outlet")
    return parse(body, feed, fetched_at=fetched_at, base_url=base_url, content_type=content_type)


def by_title(result) -> dict:
    return {s.title: s for s in result.stories}


# --- Every format -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "feed_title", "titles"),
    [
        pytest.param("rss20.xml", "Beispiel Nachrichten & Analysen", [
            "Trump lehnt Tomahawk-Lieferung an die Ukraine vorerst ab",
            "Gipfel in Budapest: Orbán bietet sich als Gastgeber an",
            "Donbass: Kiew weist Gebietsabtretungen zurück"], id="rss-2.0"),
        pytest.param("rss10.rdf", "RDF Example World", [
            "Zelensky leaves Washington without long-range missiles",
            "Hungary prepares to host a Trump–Putin meeting"], id="rss-1.0-rdf"),
        pytest.param("atom.xml", "Приклад Новини", [
            "Зеленський у Вашингтоні", "Budapest summit date not yet set"], id="atom"),
        pytest.param("rss091.xml", "Old Style Wire", [
            "Ceasefire talks resume", "Donetsk front line unchanged"], id="rss-0.91-netscape"),
        pytest.param("jsonfeed.json", "JSON Example", ["Tomahawk decision delayed", ""],
                     id="json-feed"),
        pytest.param("windows1251.xml", "Пример новостей", [
            "Переговоры о саммите в Будапеште продолжаются"], id="windows-1251-russian"),
        pytest.param("latin1.xml", "Beispiel Übersicht", [
            "Gespräche über Gebietsabtretungen im Donbass"], id="iso-8859-1-german"),
    ],
)
def test_formats_parse_to_plain_text_stories(fixture, feed_title, titles):
    result = run(fixture)
    assert result.error is None
    assert result.feed_title == feed_title
    assert [s.title for s in result.stories] == titles
    for story in result.stories:
        assert story.feed_url == BASE
        assert story.outlet == "Example Outlet"
        assert story.key
        assert story.published.tzinfo is not None
        assert "<" not in story.title and "&amp;" not in story.summary


def test_rss20_details():
    result = run("rss20.xml")
    stories = by_title(result)
    tomahawk = stories["Trump lehnt Tomahawk-Lieferung an die Ukraine vorerst ab"]
    assert tomahawk.key == "news-example-100"  # the guid
    assert tomahawk.guid == "news-example-100"
    assert tomahawk.url == "https://news.example.de/politik/tomahawk-ukraine-100.html?id=7"
    assert tomahawk.summary == ("Nach dem Treffen im Weißen Haus bleibt offen, ob Washington "
                                "Marschflugkörper liefert.")  # HTML and <script> gone
    assert tomahawk.published == datetime(2025, 10, 17, 19, 15, tzinfo=UTC)  # +0200 -> UTC
    assert tomahawk.dated and tomahawk.language == "de"  # channel de-DE

    budapest = stories["Gipfel in Budapest: Orbán bietet sich als Gastgeber an"]
    assert budapest.url == "https://feeds.example.org/politik/budapest-gipfel-101.html"  # relative
    assert budapest.summary.startswith("Ungarns Regierungschef will das Treffen von Trump")

    donbass = stories["Donbass: Kiew weist Gebietsabtretungen zurück"]
    assert donbass.guid is None
    assert donbass.key == donbass.url == "https://news.example.de/politik/donbass-102.html?seite=2"
    assert donbass.language == "en"  # the item's own dc:language wins

    assert result.ttl == 30 * 60
    assert any("without title or summary" in w for w in result.warnings)


def test_atom_details():
    result = run("atom.xml")
    first, second = result.stories
    assert first.key == "urn:uuid:entry-1"
    assert first.url == "https://atom.example.com/news/2025/10/zelensky-washington"  # xml:base
    assert first.published == datetime(2025, 10, 17, 19, 0, tzinfo=UTC)  # published, not updated
    assert first.language == "uk"  # xml:lang="uk-UA"
    assert second.language == "en"  # entry xml:lang
    assert second.url == "https://atom.example.com/world/budapest-summit"
    assert second.summary == "Officials in Budapest await confirmation."  # xhtml content
    assert result.ttl is None


def test_rdf_and_091_languages_and_dates():
    rdf = run("rss10.rdf")
    assert [s.language for s in rdf.stories] == ["en", "en"]
    assert rdf.stories[1].published == datetime(2025, 10, 17, 19, 5, tzinfo=UTC)
    old = run("rss091.xml")
    assert [s.language for s in old.stories] == ["en", "en"]  # en-us
    assert all(not s.dated and s.published == FETCHED for s in old.stories)


def test_json_feed_details():
    result = run("jsonfeed.json")
    first, second = result.stories
    assert first.url == "https://json.example.org/1"
    assert first.summary == "No missiles yet."
    assert first.language == "en"
    assert second.key == "2" and not second.dated


# --- Encodings --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "content_type", "title"),
    [
        pytest.param("windows1251.xml", None, "Переговоры о саммите в Будапеште продолжаются",
                     id="cp1251-no-header"),
        pytest.param("windows1251.xml", "text/xml", "Переговоры о саммите в Будапеште продолжаются",
                     id="cp1251-text-xml-without-charset"),
        pytest.param("windows1251.xml", "application/rss+xml; charset=utf-8",
                     "Переговоры о саммите в Будапеште продолжаются", id="cp1251-header-lies-utf8"),
        pytest.param("latin1.xml", "application/xml",
                     "Gespräche über Gebietsabtretungen im Donbass", id="latin1-in-prolog"),
        pytest.param("rss20.xml", "application/rss+xml; charset=ISO-8859-1",
                     "Gipfel in Budapest: Orbán bietet sich als Gastgeber an",
                     id="utf8-body-header-says-latin1"),
    ],
)
def test_legacy_and_mislabelled_encodings(fixture, content_type, title):
    result = run(fixture, content_type=content_type)
    assert title in [s.title for s in result.stories]


def utf8_feed(*titles: bytes) -> bytes:
    items = b"".join(b"<item><title>" + t + b"</title><link>https://e.org/%d</link></item>" % i
                     for i, t in enumerate(titles))
    return (b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T'
            b"</title>" + items + b"</channel></rss>")


@pytest.mark.parametrize(
    ("body", "content_type", "titles"),
    [
        pytest.param(utf8_feed("Gespräche über Öl in Österreich".encode(),
                               b"Gr\xfc\xdfe aus M\xfcnchen",
                               "Selenskyj: Wähler zählen, Kämpfe dauern an".encode()),
                     "application/rss+xml; charset=utf-8",
                     ["Gespräche über Öl in Österreich", "Gr\ufffd\ufffde aus M\ufffdnchen",
                      "Selenskyj: Wähler zählen, Kämpfe dauern an"],
                     id="one-latin1-item-in-a-utf8-feed"),
        pytest.param(utf8_feed("Переговоры в Будапеште".encode(), b"cut \xd0",
                               "Зеленський у Вашингтоні".encode()), None,
                     ["Переговоры в Будапеште", "cut \ufffd", "Зеленський у Вашингтоні"],
                     id="cut-multibyte-character-in-a-cyrillic-feed"),
        pytest.param(utf8_feed("Gespräche über Öl".encode() + b" \xff", "Österreich".encode()),
                     "text/xml; charset=windows-1252", ["Gespräche über Öl \ufffd", "Österreich"],
                     id="header-names-a-legacy-charset"),
    ],
)
def test_mostly_utf8_body_keeps_its_text(body, content_type, titles):
    # Read in a legacy encoding for the sake of a few bad bytes, every umlaut and Cyrillic
    # letter of the feed would be garbled (Gespräche -> GesprÃ¤che).
    result = run(body, content_type=content_type)
    assert [s.title for s in result.stories] == titles
    assert any("invalid UTF-8" in w for w in result.warnings)


JAPANESE = "日本語のニュース、首脳会談はブダペストで開催される予定です"
LEGACY_TEXT = [
    pytest.param("Gespräche über Öl, Grüße aus Köln, Straße", "cp1252", id="cp1252"),
    pytest.param("Переговоры о саммите в Будапеште продолжаются", "cp1251", id="cp1251"),
    pytest.param("Переговоры о саммите в Будапеште продолжаются", "koi8-r", id="koi8-r"),
    pytest.param("Міністр закордонних справ України", "cp1251", id="cp1251-ukrainian"),
    pytest.param(JAPANESE, "euc-jp", id="euc-jp"),
    pytest.param(JAPANESE, "shift_jis", id="shift-jis"),
    pytest.param("한국어 뉴스: 정상회담은 부다페스트에서 열릴 예정입니다", "euc-kr", id="euc-kr"),
    pytest.param("中文新闻，峰会将在布达佩斯举行", "gb2312", id="gb2312"),
    pytest.param("สวัสดีครับ ข่าววันนี้ การประชุมสุดยอดที่บูดาเปสต์", "tis-620", id="tis-620"),
]


@pytest.mark.parametrize(("text", "encoding"), LEGACY_TEXT)
def test_legacy_text_is_not_mistaken_for_mostly_utf8(text, encoding):
    data = text.encode(encoding)
    assert parse_module._mostly_utf8(data) is None
    # ... not even with a little valid UTF-8 mixed in (one typographic dash)
    assert parse_module._mostly_utf8(data + " – ".encode() + data) is None


def test_utf16_with_bom():
    text = (FIXTURES / "rss10.rdf").read_text(encoding="utf-8").replace('encoding="utf-8"',
                                                                         'encoding="utf-16"')
    result = run(text.encode("utf-16"))
    assert result.stories[1].title == "Hungary prepares to host a Trump–Putin meeting"


def test_german_summary_with_umlauts_from_latin1():
    (story,) = run("latin1.xml").stories
    assert story.summary == ("Die Außenminister äußerten sich zurückhaltend; Größe der "
                             "Zugeständnisse unklar.")


# --- Entity expansion ---------------------------------------------------------------------------


def measure(body: bytes):
    tracemalloc.start()
    started = time.perf_counter()
    result = run(body)
    took = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return result, took, peak


def test_nested_entity_payload_does_not_expand():
    body = (FIXTURES / "entity_bomb.xml").read_bytes()  # a billion laughs: ~1 GB if expanded
    result, took, peak = measure(body)
    assert took < 1.0
    assert peak < 20 * 2**20
    assert [s.title for s in result.stories][1] == "Second headline"
    assert all(len(s.summary) < 1000 for s in result.stories)
    assert any("DOCTYPE" in w for w in result.warnings)


def test_one_big_entity_repeated_does_not_expand():
    # feedparser keeps entities with plain text values as "safe" and its lenient parser expands
    # them: unprotected, this 1.3 MB body becomes a 300 MiB summary (about 1 GiB peak, 15 s).
    value = b"x" * 2**20
    refs = b"&big;" * 300
    body = (b'<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY big "' + value + b'">\n]>\n'
            b"<rss version=\"2.0\"><channel><title>t</title><item><title>Payload</title>"
            b"<description>" + refs + b"</description></item></channel></rss>")
    result, took, peak = measure(body)
    assert took < 2.0
    assert peak < 40 * 2**20, f"peak {peak:,}"
    (story,) = result.stories
    assert story.title == "Payload"
    assert len(story.summary) < 2000


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(b'<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape//DTD RSS 0.91//EN" '
                     b'"http://x/rss-0.91.dtd"><rss/>', None, id="external-only-untouched"),
        pytest.param(b'<!DOCTYPE rss [<!ENTITY a "]>">]><rss>&a;</rss>',
                     b"<!DOCTYPE rss><rss>&a;</rss>", id="quoted-bracket-in-subset"),
        pytest.param(b'<!DOCTYPE rss SYSTEM "x.dtd" [ <!-- ] --> <!ENTITY a "b"> ]><rss/>',
                     b'<!DOCTYPE rss SYSTEM "x.dtd"><rss/>', id="comment-with-bracket"),
        pytest.param(b'<?xml version="1.0"?>\n<!ENTITY stray "x">\n<rss/>',
                     b'<?xml version="1.0"?>\n\n<rss/>', id="stray-entity"),
        pytest.param(b'<rss><description>&lt;!DOCTYPE x [ ]&gt; <![CDATA[<!DOCTYPE a [ ]>]]>'
                     b"</description></rss>", None, id="content-after-prolog-untouched"),
        pytest.param(b'<!DOCTYPE rss [ <!ENTITY a "never closed', b"<!DOCTYPE rss>",
                     id="unterminated-subset-dropped"),
    ],
)
def test_strip_dtd(body, expected):
    stripped, changed = strip_dtd(body)
    assert changed == (expected is not None)
    assert stripped == (body if expected is None else expected)


def test_undefined_entities_do_not_crash_and_are_a_warning():
    result = run("bozo_undefined_entity.xml")
    assert len(result.stories) == 2
    assert result.error is None
    assert any("not well-formed" in w for w in result.warnings)


# --- Keys, dates, text limits -------------------------------------------------------------------


def test_keys_are_stable_across_fetches_without_guids_or_dates():
    first = run("nodates.xml", fetched_at=FETCHED)
    second = run("nodates.xml", fetched_at=FETCHED + timedelta(hours=3))
    assert [s.key for s in first.stories] == [s.key for s in second.stories]
    keys = [s.key for s in first.stories]
    assert len(set(keys)) == len(keys)
    assert keys[0] == "https://plain.example.org/item?a=1&b=2"  # canonical link
    assert keys[1].startswith("sha256:") and keys[2].startswith("sha256:")  # no link: text hash


@pytest.mark.parametrize(
    ("title", "reason"),
    [
        pytest.param("Linked item without a guid", "no date", id="no-date"),
        pytest.param("Dated far in the future", "future", id="future-date"),
        pytest.param("Undated by a broken CMS", "1970", id="epoch-date"),
        pytest.param("Unparseable date", "garbled", id="garbled-date"),
    ],
)
def test_missing_or_unbelievable_dates_fall_back_to_fetch_time(title, reason):
    story = by_title(run("nodates.xml"))[title]
    assert story.published == FETCHED, reason
    assert story.dated is False


def test_summary_only_entries_are_kept_and_empty_ones_skipped():
    stories = run("nodates.xml").stories
    summary_only = [s for s in stories if s.title == ""]
    assert [s.summary for s in summary_only] == ["A summary-only item without a title."]
    assert len(run("rss20.xml").stories) == 3  # the fourth item has neither


def test_naive_fetch_time_is_taken_as_utc():
    story = run("nodates.xml", fetched_at=datetime(2025, 10, 20, 6, 0)).stories[0]
    assert story.published == FETCHED


def item(title: str, *, guid: str | None = None, link: str | None = None, description: str = "",
         lang: str | None = None) -> str:
    parts = [f"<title>{title}</title>"]
    if guid:
        parts.append(f'<guid isPermaLink="false">{guid}</guid>')
    if link:
        parts.append(f"<link>{link}</link>")
    if description:
        parts.append(f"<description>{description}</description>")
    return "<item>" + "".join(parts) + "</item>"


def rss(*items: str, language: str | None = None) -> bytes:
    lang = f"<language>{language}</language>" if language else ""
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Gen</title>'
            f"{lang}{''.join(items)}</channel></rss>").encode()


def test_long_summary_cut_at_a_word_boundary():
    words = " ".join(f"wort{i}" for i in range(1000))  # ~8,900 characters
    (story,) = run(rss(item("Long", link="https://e.org/1", description=words))).stories
    assert len(story.summary) <= SUMMARY_MAX
    assert story.summary.endswith("…")
    assert words.startswith(story.summary[:-1])
    assert story.summary[-2].isdigit()  # cut after a whole word


def test_guid_shared_by_several_entries_falls_back_to_links():
    body = rss(item("One", guid="same", link="https://e.org/1"),
               item("Two", guid="same", link="https://e.org/2"))
    result = run(body)
    assert [s.key for s in result.stories] == ["https://e.org/1", "https://e.org/2"]
    assert any("shared" in w for w in result.warnings)


def test_repeated_entry_is_dropped():
    body = rss(item("Same", link="https://e.org/1"), item("Same", link="https://e.org/1"))
    result = run(body)
    assert len(result.stories) == 1
    assert any("repeated" in w for w in result.warnings)


def test_opaque_permalink_guid_is_not_a_link():
    body = rss("<item><title>Opaque</title><guid>12345</guid></item>")
    (story,) = run(body).stories
    assert story.key == "12345"
    assert story.url is None


@pytest.mark.parametrize(
    ("channel_language", "feed_language", "expected"),
    [
        pytest.param("de-AT", "en", "de", id="channel-language-wins"),
        pytest.param(None, "uk", "uk", id="feed-list-language"),
        pytest.param(None, None, None, id="unknown"),
        pytest.param("not a language!", "ru", "ru", id="bad-channel-language"),
    ],
)
def test_language_fallbacks(channel_language, feed_language, expected):
    body = rss(item("Headline", link="https://e.org/1"), language=channel_language)
    (story,) = run(body, feed=Feed(BASE, "X", language=feed_language)).stories
    assert story.language == expected


# --- Very long feeds ---------------------------------------------------------------------------


def dated_item(n: int, hours_ago: int | None) -> str:
    date = ""
    if hours_ago is not None:
        when = FETCHED - timedelta(hours=hours_ago)
        date = f"<pubDate>{when:%a, %d %b %Y %H:%M:%S} GMT</pubDate>"
    return f"<item><title>Item {n}</title><link>https://e.org/{n}</link>{date}</item>"


@pytest.mark.parametrize(
    ("ages", "kept"),
    [
        pytest.param([1, 2, 3, 4, 5, 6, 7], [0, 1, 2, 3, 4], id="newest-first-feed"),
        pytest.param([7, 6, 5, 4, 3, 2, 1], [2, 3, 4, 5, 6], id="oldest-first-feed"),
        pytest.param([5, 30, 1, 40, 2, 3, 4], [0, 2, 4, 5, 6], id="shuffled-kept-in-feed-order"),
        pytest.param([None, 1, None, 2, 3, 4, 5], [1, 3, 4, 5, 6], id="undated-count-as-oldest"),
        pytest.param([None] * 7, [0, 1, 2, 3, 4], id="all-undated-first-in-feed-order"),
        pytest.param([3, 3, 3, 3, 3, 3, 3], [0, 1, 2, 3, 4], id="ties-in-feed-order"),
    ],
)
def test_entries_over_the_cap_newest_kept_and_the_rest_reported(monkeypatch, caplog, ages, kept):
    monkeypatch.setattr(parse_module, "MAX_ENTRIES", 5)
    with caplog.at_level(logging.WARNING, logger="monitor.parse"):
        result = run(rss(*(dated_item(n, age) for n, age in enumerate(ages))))
    assert [s.title for s in result.stories] == [f"Item {n}" for n in kept]
    message = "7 entries: only the newest 5 processed, 2 older ones skipped"
    assert message in result.warnings
    assert f"feed Example Outlet: {message}" in caplog.messages


def test_json_feed_entries_capped_too(monkeypatch):
    monkeypatch.setattr(parse_module, "MAX_ENTRIES", 2)
    items = [{"id": str(n), "title": f"Item {n}", "date_published": f"2025-10-1{n}T08:00:00Z"}
             for n in range(4)]
    body = json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "J",
                       "items": items}).encode()
    result = run(body)
    assert [s.title for s in result.stories] == ["Item 2", "Item 3"]
    assert "4 entries: only the newest 2 processed, 2 older ones skipped" in result.warnings


def test_feed_at_the_cap_is_untouched():
    result = run(rss(*(dated_item(n, n) for n in range(MAX_ENTRIES))))
    assert len(result.stories) == MAX_ENTRIES
    assert not any("entries" in w for w in result.warnings)


@pytest.mark.parametrize(
    "date",
    [
        pytest.param("0001-01-01T00:00:00+14:00", id="year-1-east-of-utc"),
        pytest.param("9999-12-31T23:59:59-14:00", id="year-9999-west-of-utc"),
        pytest.param("not a date", id="garbage"),
    ],
)
def test_json_feed_dates_out_of_range_are_undated_not_a_crash(date):
    body = json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": [
        {"id": "1", "title": "T", "date_published": date}]}).encode()
    (story,) = run(body).stories
    assert story.published == FETCHED and not story.dated


def test_removed_entity_declarations_are_logged(caplog):
    body = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x "y">]><rss version="2.0"><channel>'
            b"<title>t</title><item><title>A &x;</title></item></channel></rss>")
    with caplog.at_level(logging.WARNING, logger="monitor.parse"):
        run(body)
    assert any("Example Outlet" in m and "ENTITY declarations" in m for m in caplog.messages)


# --- Bodies that are not feeds --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        pytest.param(None, "empty body", id="none"),
        pytest.param(b"", "empty body", id="empty"),
        pytest.param(b"  \r\n\t ", "empty body", id="whitespace"),
        pytest.param((FIXTURES / "html_page.html").read_bytes(), "HTML page", id="html-page"),
        pytest.param(b"\x00\x01\x02garbage\xff\xfe" * 50, "not a feed", id="binary-garbage"),
        pytest.param(b"just some plain text, no markup at all", "not a feed", id="plain-text"),
        pytest.param(b'{"not": "a feed"}', "not a feed", id="json-not-a-feed"),
        pytest.param(b'{"broken json', "not a feed", id="broken-json"),
        pytest.param(b"<?xml version='1.0'?><catalog><book>x</book></catalog>", "not a feed",
                     id="other-xml"),
    ],
)
def test_bodies_without_entries_are_errors(body, reason):
    result = parse(body, Feed(BASE, "X"), fetched_at=FETCHED, base_url=BASE)
    assert result.stories == ()
    assert reason in result.error


def test_empty_but_valid_feed_is_not_an_error():
    result = run("empty_channel.xml")
    assert result.stories == ()
    assert result.error is None
    assert result.feed_title == "Quiet feed"


# --- Purity --------------------------------------------------------------------------------


def test_parse_is_thread_safe_and_pure():
    names = ["rss20.xml", "rss10.rdf", "atom.xml", "rss091.xml", "windows1251.xml", "latin1.xml",
             "nodates.xml", "bozo_undefined_entity.xml", "entity_bomb.xml"] * 4
    sequential = [run(name) for name in names]
    with ThreadPoolExecutor(max_workers=8) as pool:
        parallel = list(pool.map(run, names))
    assert parallel == sequential
