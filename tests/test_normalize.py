"""Text normalisation: folding, transliteration, tokens with spans, term variants, sentences,
HTML, URLs."""

from __future__ import annotations

import itertools

import pytest

from monitor import normalize


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        pytest.param("Selenskyj", None, "selenskyj", id="latin-lowercase"),
        pytest.param("Gespräche über Öl", None, "gesprache uber ol", id="umlauts-dropped"),
        pytest.param("Straße", None, "strasse", id="eszett"),
        pytest.param("Orbán", None, "orban", id="acute"),
        pytest.param("Zełenski", None, "zelenski", id="polish-l"),
        pytest.param("ﬁnal", None, "final", id="nfkc-ligature"),
        pytest.param("Київ", None, "kyiv", id="ukrainian-kyiv"),
        pytest.param("Запоріжжя", None, "zaporizhzhia", id="ukrainian-zaporizhzhia"),
        pytest.param("Зеленский", None, "zelenskiy", id="russian-zelensky"),
        pytest.param("Донецк", None, "donetsk", id="russian-donetsk"),
        pytest.param("Донецьк", None, "donetsk", id="ukrainian-donetsk"),
        pytest.param("Путин", "ru", "putin", id="russian-putin"),
        pytest.param("Путін", None, "putin", id="ukrainian-putin"),
        pytest.param("Трамп", None, "tramp", id="cyrillic-trump"),
        pytest.param("Гуляйполе", "uk", "huliaipole", id="lang-uk-forces-h"),
        pytest.param("Гуляйполе", "ru", "gulyaypole", id="lang-ru-forces-g"),
        pytest.param("„Deal“ – jetzt", None, '"deal" - jetzt', id="typographic-quotes-dashes"),
        pytest.param("  a \u00a0 b  ", None, "a b", id="whitespace-collapsed"),
        pytest.param("", None, "", id="empty"),
        pytest.param(None, None, "", id="none"),
        pytest.param("Ѐ Ѝ", None, "e i", id="cyrillic-letters-with-marks-the-tables-lack"),
        pytest.param("Ѝ", "uk", "y", id="decomposed-base-follows-the-language"),
        pytest.param("Ђоковић", None, "djokovic", id="serbian"),
        pytest.param("Қазақстан", None, "kazakstan", id="kazakh"),
        pytest.param("Беларусь ў", None, "belarus u", id="belarusian-short-u"),
        pytest.param("ӈ", None, "n", id="unlisted-letter-from-its-base-name"),
    ],
)
def test_fold(text, lang, expected):
    assert normalize.fold(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Trump-Putin-Gipfel", ["trump", "putin", "gipfel"], id="hyphen-splits"),
        pytest.param("Trump's call", ["trump", "s", "call"], id="latin-apostrophe-splits"),
        pytest.param("U.S./EU", ["u", "s", "eu"], id="punctuation-splits"),
        pytest.param("2.500 Kilometer", ["2", "500", "kilometer"], id="digits"),
    ],
)
def test_words(text, expected):
    assert normalize.words(text) == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        pytest.param(
            "в'їзд Трампа",
            None,
            [("в'їзд", "vizd"), ("Трампа", "trampa")],
            id="ukrainian-apostrophe-keeps-word",
        ),
        pytest.param(
            "Trump's Tomahawk-Lieferung",
            None,
            [("Trump", "trump"), ("s", "s"), ("Tomahawk", "tomahawk"), ("Lieferung", "lieferung")],
            id="latin",
        ),
        pytest.param(
            "Зеленський і Донбас",
            None,
            [("Зеленський", "zelenskyi"), ("і", "i"), ("Донбас", "donbas")],
            id="ukrainian-text-uses-ukrainian-table",
        ),
        pytest.param("Томагавки", "ru", [("Томагавки", "tomagavki")], id="russian-by-lang"),
        pytest.param("Томагавки", "uk", [("Томагавки", "tomahavky")], id="ukrainian-by-lang"),
    ],
)
def test_tokens(text, lang, expected):
    assert normalize.tokens(text, lang) == expected


def test_token_spans_point_into_the_nfkc_text():
    text = "Gipfel in Budapest: Trump–Putin"
    spans = normalize.tokens(text, spans=True)
    assert [text[s:e] for _, _, s, e in spans] == ["Gipfel", "in", "Budapest", "Trump", "Putin"]


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        pytest.param("Tomahawk", {"tomahawk"}, id="latin-one-form"),
        pytest.param("Gespräche", {"gesprache", "gespraeche"}, id="umlaut-both-spellings"),
        pytest.param("Marschflugkörper", {"marschflugkorper", "marschflugkoerper"}, id="umlaut-o"),
        pytest.param("Томагавк", {"tomahavk", "tomagavk"}, id="cyrillic-g-both-ways"),
        pytest.param(
            "Будапештський", {"budapeshtskyi", "budapeshtskiy"}, id="cyrillic-y-both-ways"
        ),
        pytest.param("Київ", {"kyiv", "kiyiv"}, id="cyrillic-yi-both-ways"),
    ],
)
def test_term_folds(term, expected):
    assert set(normalize.term_folds(term)) == expected


def test_cyrillic_term_meets_text_whichever_table_the_text_used():
    """A Ukrainian word in a text without Ukrainian-only letters is folded the Russian way;
    the term's folds must cover it."""
    for text in ("Томагавки для Києва", "Томагавки"):
        folded = normalize.tokens(text)[0][1]
        assert any(folded.startswith(f) for f in normalize.term_folds("Томагавк")), text


def sentences(text: str) -> list[str]:
    cuts = [0, *normalize.sentence_starts(text), len(text)]
    return [text[a:b].strip() for a, b in itertools.pairwise(cuts)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("One. Two! Three? Four", ["One.", "Two!", "Three?", "Four"], id="stops"),
        pytest.param(
            "The U.S. president met Orbán. He left.",
            ["The U.S. president met Orbán.", "He left."],
            id="initials-are-not-ends",
        ),
        pytest.param(
            "Mr. Trump spoke. Dr. Who did not.",
            ["Mr. Trump spoke.", "Dr. Who did not."],
            id="abbreviations",
        ),
        pytest.param(
            "Am 16. Oktober telefonierten sie. Dann nicht.",
            ["Am 16. Oktober telefonierten sie.", "Dann nicht."],
            id="german-date-is-not-an-end",
        ),
        pytest.param(
            "Es geschah 2025. Danach nicht.", ["Es geschah 2025.", "Danach nicht."], id="year"
        ),
        pytest.param(
            '"We will not give up land." Zelensky said so.',
            ['"We will not give up land."', "Zelensky said so."],
            id="closing-quote",
        ),
        pytest.param(
            "He said «no». Then — «yes»!", ["He said «no».", "Then — «yes»!"], id="guillemets"
        ),
        pytest.param(
            "Перше речення. Друге речення.", ["Перше речення.", "Друге речення."], id="cyrillic"
        ),
        pytest.param("lower case. follows here", ["lower case. follows here"], id="lowercase"),
        pytest.param("Line one\nLine two", ["Line one", "Line two"], id="line-break"),
        pytest.param("", [""], id="empty"),
    ],
)
def test_sentence_starts(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        pytest.param(
            "<p>Trump &amp; Putin</p><p>meet</p>", "Trump & Putin meet", id="tags-entities"
        ),
        pytest.param("a < b & c", "a < b & c", id="plain-text-survives"),
        pytest.param("<script>x()</script>Text", "Text", id="script-dropped"),
        pytest.param("Selen\u00adskyj", "Selenskyj", id="soft-hyphen"),
        pytest.param("<pre>#include &lt;stdio.h&gt; &amp;amp;</pre>", "#include <stdio.h> &amp;",
                     id="entities-decode-to-text-once-never-to-markup"),
        pytest.param("<<b>i>x", "x", id="tag-joined-by-removing-another"),
        pytest.param("Text<script>never closed", "Text", id="unclosed-script-runs-to-the-end"),
        pytest.param('<script src="ck.js"/><p>Signup</p>', "Signup", id="self-closing-script"),
        pytest.param('<a href="<https://e.org>">Link</a> x', "Link x",
                     id="tag-in-an-attribute-leaves-no-half-tag"),
        pytest.param("Text<!-- never closed", "Text", id="unclosed-comment-runs-to-the-end"),
        pytest.param("x <p class='a'>y</p> z", "x y z", id="block-tag-with-attributes"),
    ],
)
def test_strip_html(html, expected):
    assert normalize.strip_html(html) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        pytest.param(
            "HTTPS://Example.COM:443/a?utm_source=x&b=2&a=1#frag",
            "https://example.com/a?a=1&b=2",
            id="tracking-fragment-port",
        ),
        pytest.param("ftp://example.com/x", None, id="not-http"),
        pytest.param("http://./a", None, id="host-only-a-dot"),
        pytest.param("http://a b/c", None, id="whitespace-in-host"),
        pytest.param("https://e.org/a?12345", "https://e.org/a?12345", id="bare-parameter-kept"),
        pytest.param("https://e.org/a?id&utm_source=x", "https://e.org/a?id",
                     id="bare-parameter-beside-tracking"),
        pytest.param("https://e.org/a;jsessionid=1?q=a;b&x=%2F&e=", "https://e.org/a;jsessionid=1?"
                     "e=&q=a;b&x=%2F", id="reserved-and-encoded-kept"),
        pytest.param("https://e.org/p?utm%5Fsource=x&FBCLID=1&gclid=2&utm_=3&k=v",
                     "https://e.org/p?k=v", id="tracking-any-case-or-encoding"),
        pytest.param("https://www.spiegel.de/a-3f6d?utm_source=x&sara_ref=re-so-fb-sh&ref=rss"
                     "&wt_mc=rss.feed&ncid=1", "https://www.spiegel.de/a-3f6d",
                     id="newsroom-share-parameters"),
        pytest.param("https://www.rbc.ru/politics/02/12/2025/692ef1?from=rss",
                     "https://www.rbc.ru/politics/02/12/2025/692ef1", id="from-a-feed"),
        pytest.param("https://e.org/a?SOURCE=RSS_feed&src=atom&id=4", "https://e.org/a?id=4",
                     id="source-a-feed-any-case"),
        pytest.param("https://www.rbc.ru/finances/24/10/2025/68fb2c?from=newsfeed&utm_source=rss",
                     "https://www.rbc.ru/finances/24/10/2025/68fb2c", id="from-the-newsfeed"),
        pytest.param("https://e.org/archive?from=2025-01-01&source=home",
                     "https://e.org/archive?from=2025-01-01&source=home",
                     id="from-and-source-that-select-content-kept"),
        pytest.param("https://e.org/a b?q=x y\u00a0z", "https://e.org/a%20b?q=x%20y%C2%A0z",
                     id="whitespace-percent-encoded"),
        pytest.param("http://[2001:DB8::1]:8080/x#f", "http://[2001:db8::1]:8080/x",
                     id="ipv6-keeps-brackets"),
        pytest.param("http://user:secret@E.org./", "http://user@e.org/", id="password-dropped"),
        pytest.param("http://e.org?a=1&&b=2", "http://e.org/?a=1&b=2", id="empty-pieces-dropped"),
    ],
)
def test_canonical_url(url, expected):
    assert normalize.canonical_url(url) == expected
