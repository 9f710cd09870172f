"""Text and URL normalisation shared by parse, match and dedupe.

- `strip_html`: feed HTML to plain text (tags dropped, entities decoded, whitespace collapsed).
- `fold`: text to a comparable form: Unicode NFKC, case folding, diacritics and umlauts folded
  (ö -> o, ß -> ss, é -> e), Cyrillic transliterated to Latin (Ukrainian KMU-2010 or Russian
  BGN-style, chosen by language or by Ukrainian-only letters), so Зеленський, Зеленский and
  Zelenskyy land close together.
- `words`: folded text split into word tokens.
- `tokens`: the words of a text with their original spelling and position, folded one by one
  (what `match` scans, so evidence can quote the words as they appear).
- `term_folds`: every folded form a rule term must be compiled under: Ukrainian and Russian
  transliteration of Cyrillic, and both umlaut spellings (ö -> o and ö -> oe).
- `sentence_starts`: where the sentences of a plain text begin (a teaser's first sentence is
  its lead; `match` tells a story's subject from a passing mention with it).
- `canonical_url`: a link with tracking parameters and fragments removed, query sorted.

Pure functions, no I/O. Matching-specific tolerance (compounds, inflection, fuzzy spelling)
belongs to `match`; near-duplicate fingerprints belong to `dedupe`.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache
from urllib.parse import quote, unquote_plus, urljoin, urlsplit, urlunsplit

# --- HTML -----------------------------------------------------------------------------------

# An element or comment left open runs to the end of the text (as in a browser); the lazy scan
# then ends there once, instead of rescanning the rest of the text from every opening. A
# self-closing `<script src=... />` (XHTML) is empty: its tag alone is removed, as any tag.
_SCRIPT_STYLE = re.compile(
    r"<(script|style|noscript)\b[^<>]*(?<!/)>.*?(?:</\1\s*>|\Z)", re.IGNORECASE | re.DOTALL
)
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|section|article)\b[^<>]*>",
    re.IGNORECASE,
)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<![^<>]*>")
_SPACE = re.compile(r"\s+")
_TAG_PASSES = 4  # removing a tag can join a new one ("<<b>i>"); nesting deeper is hostile


def strip_html(text: str | None) -> str:
    """HTML (or plain text) to one line of plain text: tags removed, entities decoded.

    Text that merely contains `<` or `&` (a headline like "a < b & c") survives unchanged.
    No tag of the markup survives (removing one cannot join another). What entities decode
    to is text, never markup: `&lt;stdio.h&gt;` in a programming post is `<stdio.h>`.
    """
    if not text:
        return ""
    text = text.replace("\u00ad", "")  # soft hyphen: invisible, splits words (and tags)
    if "<" in text:
        text = _remove_markup(text)
    if "&" in text:
        text = html.unescape(text).replace("\u00ad", "")  # &shy; too
    return _SPACE.sub(" ", text).strip()


def _remove_markup(text: str) -> str:
    text = _COMMENT.sub(" ", text)
    text = _SCRIPT_STYLE.sub(" ", text)
    text = _BLOCK_TAG.sub(" ", text)
    for _ in range(_TAG_PASSES):
        stripped = _TAG.sub("", text)
        if stripped == text:
            return text
        text = stripped
    if _TAG.search(text):  # still tags after several passes: take every '<' out
        text = text.replace("<", " ")
    return text


# --- Folding --------------------------------------------------------------------------------

_CYR_COMMON = {
    "а": "a",
    "б": "b",
    "в": "v",
    "д": "d",
    "е": "e",
    "ж": "zh",
    "з": "z",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ь": "",
    "ъ": "",
}
# Russian, BGN/PCGN-style simplified: Зеленский -> zelenskiy, Донецк -> donetsk.
_CYR_RU = {
    **_CYR_COMMON,
    "г": "g",
    "и": "i",
    "й": "y",
    "ы": "y",
    "э": "e",
    "ё": "e",
    "ю": "yu",
    "я": "ya",
    "є": "ye",
    "і": "i",
    "ї": "yi",
    "ґ": "g",
}
# Ukrainian, KMU 2010 (the official romanisation): Київ -> kyiv, Запоріжжя -> zaporizhzhia.
_CYR_UK_MEDIAL = {
    **_CYR_COMMON,
    "г": "h",
    "ґ": "g",
    "и": "y",
    "і": "i",
    "ї": "i",
    "й": "i",
    "є": "ie",
    "ю": "iu",
    "я": "ia",
    "щ": "shch",
    "ы": "y",
    "э": "e",
    "ё": "io",
    "'": "",
    "’": "",
    "ʼ": "",
}
_CYR_UK_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_UK_LETTERS = re.compile("[іїєґ]")
_UK_INITIAL = re.compile(r"(?<![\w'’ʼ])[єїйюя]")
_CYR_APOSTROPHE = re.compile(r"(?<=[а-яёіїєґ])['’ʼ](?=[а-яёіїєґ])")


def _latin_fold_table() -> dict[int, str]:
    """Map every precomposed Latin letter with diacritics to its base letters."""
    table: dict[int, str] = {}
    for code in range(0x00C0, 0x0250):
        char = chr(code)
        base = "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        )
        if base and base != char and base.isascii():
            table[code] = base.lower()
    # Letters that do not decompose but have a conventional ASCII spelling.
    table.update(
        {
            ord("ß"): "ss",
            ord("æ"): "ae",
            ord("œ"): "oe",
            ord("ø"): "o",
            ord("đ"): "d",
            ord("ł"): "l",
            ord("þ"): "th",
            ord("ð"): "d",
            ord("ı"): "i",
        }
    )
    return table


_LATIN = _latin_fold_table()
_PUNCT = {
    ord(c): r
    for c, r in {
        "\u2019": "'",
        "\u2018": "'",
        "\u201a": "'",
        "\u2032": "'",
        "\u02bc": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
    }.items()
}
_RU_TABLE = str.maketrans({**{ord(k): v for k, v in _CYR_RU.items()}, **_LATIN})
_UK_TABLE = str.maketrans({**{ord(k): v for k, v in _CYR_UK_MEDIAL.items()}, **_LATIN})


def _has_cyrillic(text: str) -> bool:
    return any("\u0400" <= c <= "\u04ff" for c in text)


def transliterate(text: str, lang: str | None = None) -> str:
    """Cyrillic letters to Latin (lower case input expected). Ukrainian when `lang == "uk"`
    or when the text has a Ukrainian-only letter (і ї є ґ); Russian otherwise."""
    if not _has_cyrillic(text):
        return text.translate(_LATIN)
    text = _CYR_APOSTROPHE.sub("", text)
    if lang == "uk" or (lang != "ru" and _UK_LETTERS.search(text)):
        text = _UK_INITIAL.sub(lambda m: _CYR_UK_INITIAL[m.group(0)], text)
        return text.translate(_UK_TABLE)
    return text.translate(_RU_TABLE)


def fold(text: str | None, lang: str | None = None) -> str:
    """Comparable form of `text`: NFKC, case-folded, diacritics folded, Cyrillic as Latin,
    typographic quotes and dashes made plain. Whitespace is collapsed; punctuation is kept
    (callers that want words use `words`). No Cyrillic letter survives: one with a mark the
    tables lack (ѐ, ѝ, ӂ) is transliterated from its base letter, and letters of other
    Cyrillic alphabets (ђ, ў, қ ...) by a small table or, failing that, their Unicode name."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_PUNCT)
    if not text.isascii():
        mode = cyrillic_mode(text, lang)
        text = transliterate(text, mode)
        if not text.isascii():
            text = _strip_marks(text, mode)
    return _SPACE.sub(" ", text).strip()


# Letters of other Cyrillic alphabets (Serbian, Macedonian, Belarusian, Kazakh, Church
# Slavonic ...), in their usual romanisation; any other is spelled from its Unicode name.
_CYR_OTHER = {
    "ђ": "dj", "ћ": "c", "џ": "dz", "љ": "lj", "њ": "nj", "ј": "j", "ѕ": "dz", "ѓ": "gj",
    "ќ": "kj", "ў": "u", "ә": "a", "ө": "o", "ү": "u", "ұ": "u", "қ": "k", "ғ": "g", "ң": "ng",
    "һ": "h", "ҳ": "h", "ӏ": "", "ѣ": "e", "ѳ": "f", "ѵ": "i", "ѫ": "u", "ѧ": "ya", "ѯ": "ks",
    "ѱ": "ps", "ѡ": "o", "ҙ": "z", "ҫ": "s", "ҡ": "k",
}
_CYR_TABLES = {"ru": _CYR_RU, "uk": _CYR_UK_MEDIAL}


@lru_cache(maxsize=4096)
def _strip_char(char: str, mode: str = "ru") -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    if any(_is_cyrillic_letter(c) for c in base):
        base = "".join(_cyrillic_letter(c, mode) if _is_cyrillic_letter(c) else c for c in base)
    return base


def _is_cyrillic_letter(char: str) -> bool:
    return unicodedata.category(char).startswith("L") and "CYRILLIC" in unicodedata.name(char, "")


def _cyrillic_letter(char: str, mode: str) -> str:
    """A Cyrillic letter the transliteration tables lack, in Latin letters."""
    table = _CYR_TABLES.get(mode, _CYR_RU)
    lower = char.lower()
    if lower in table:
        return table[lower]
    if lower in _CYR_OTHER:
        return _CYR_OTHER[lower]
    # "CYRILLIC SMALL LETTER EN WITH DESCENDER" -> the letter EN (н) -> "n"; else the name's
    # last word ("... LETTER ABKHASIAN DHE" -> "dhe").
    name = unicodedata.name(char, "").split(" WITH ")[0]
    letter = name.rsplit(" LETTER ", 1)[-1]
    try:
        base = unicodedata.lookup(f"CYRILLIC SMALL LETTER {letter}")
    except KeyError:
        base = ""
    if base and base != lower and (base in table or base in _CYR_OTHER):
        return table.get(base, _CYR_OTHER.get(base, ""))
    words = letter.split()
    return "".join(c for c in (words[-1] if words else "").lower() if c.isascii() and c.isalpha())


def _strip_marks(text: str, mode: str = "ru") -> str:
    return "".join(c if c.isascii() else _strip_char(c, mode) for c in text)


_WORD = re.compile(r"[^\W_]+")


def words(text: str | None, lang: str | None = None) -> list[str]:
    """Folded word tokens: letters and digits; hyphens, slashes and punctuation split words."""
    return _WORD.findall(fold(text, lang))


# --- Tokens with their original spelling ------------------------------------------------------

# A word; an apostrophe inside a Cyrillic word (Ukrainian в'їзд, прем'єр) does not split it,
# while a Latin one does (Trump's -> Trump, s).
_TOKEN = re.compile(r"[^\W_]+(?:['’ʼ](?=[а-яёіїєґА-ЯЁІЇЄҐ])[^\W_]+)*")


def cyrillic_mode(text: str, lang: str | None = None) -> str:
    """The transliteration `fold` would pick for `text`: "uk" or "ru" (see `transliterate`)."""
    if lang == "uk" or (lang != "ru" and _UK_LETTERS.search(text.lower())):
        return "uk"
    return "ru"


_FOLD_CACHES: dict[str, dict[str, str]] = {"ru": {}, "uk": {}}
_FOLD_CACHE_LIMIT = 200_000


def fold_word(word: str, mode: str = "ru") -> str:
    """One word folded (`fold` with transliteration `mode`), punctuation removed. Cached per
    word (a plain dict: a lookup is the common case when scanning many texts)."""
    cache = _FOLD_CACHES["uk" if mode == "uk" else "ru"]
    folded = cache.get(word)
    if folded is None:
        folded = fold(word, mode)
        if not folded.isalnum():
            folded = "".join(_WORD.findall(folded))
        if len(cache) >= _FOLD_CACHE_LIMIT:
            cache.clear()
        cache[word] = folded
    return folded


def tokens(text: str | None, lang: str | None = None, spans: bool = False) -> list[tuple]:
    """The words of `text` as `(original, folded)` pairs in order, or with `spans=True` as
    `(original, folded, start, end)` where the offsets index the NFKC form of `text`.
    `text` should already be plain (see `strip_html`). Cyrillic words are transliterated the
    way `fold` would do it for the whole text (one choice of Ukrainian or Russian per text)."""
    if not text:
        return []
    text = unicodedata.normalize("NFKC", text)
    mode = "ru" if text.isascii() else cyrillic_mode(text, lang)
    cache = _FOLD_CACHES[mode]
    out: list[tuple] = []
    for m in _TOKEN.finditer(text):
        original = m.group(0)
        folded = cache.get(original)
        if folded is None:
            folded = fold_word(original, mode)
        if folded:
            out.append((original, folded, m.start(), m.end()) if spans else (original, folded))
    return out


_UMLAUT_SPELLING = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def term_folds(term: str) -> tuple[str, ...]:
    """Every folded form of a rule term, without duplicates: `fold` under both Cyrillic
    transliterations (г -> h and g, и -> y and i), and with umlauts both dropped and spelled
    out (Gespräche -> gesprache and gespraeche), so the term meets any spelling of a text."""
    forms = [term]
    spelled = term.translate(_UMLAUT_SPELLING)
    if spelled != term:
        forms.append(spelled)
    folds: dict[str, None] = {}
    for form in forms:
        for mode in ("uk", "ru"):
            folds[fold(form, mode)] = None
    return tuple(folds)


# --- Sentences ------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?…]+[\"'»”“’)\]]*\s+|\n\s*")
_OPENERS = "\"'«„“‘([¿¡"
# a full stop after these is an abbreviation, not the end of a sentence (Mr. Trump, St. Petersburg)
_ABBREVIATIONS = frozenset(
    {
        *("mr", "mrs", "ms", "dr", "st", "sen", "rep", "gov", "gen", "col", "lt", "prof"),
        *("no", "nr", "vs", "ca", "bzw", "ggf", "inkl", "mio", "mrd", "tsd", "str"),
        *("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"),
        *("okt", "dez"),
    }
)


def sentence_starts(text: str | None) -> list[int]:
    """Offsets (into `text`) where its second, third ... sentence begin, in order.

    A sentence ends at . ! ? or … (closing quotes and brackets included) followed by space and
    a capital letter or digit, or at a line break. A full stop does not end a sentence after a
    single letter (U.S., Donald J. Trump), a known abbreviation (Mr., Dr., St.), or a number of
    one or two digits (German dates: "am 16. Oktober"); after a longer number it does
    ("in 2025. The")."""
    if not text:
        return []
    starts = []
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        if end >= len(text):
            break
        if m.group(0)[0] in "\n":
            starts.append(end)
            continue
        nxt = text[end:].lstrip(_OPENERS)[:1]
        if not nxt or not (nxt.isupper() or nxt.isdigit()):
            continue
        if m.group(0)[0] == "." and not _ends_sentence(text, m.start()):
            continue
        starts.append(end)
    return starts


def _ends_sentence(text: str, dot: int) -> bool:
    """Whether the full stop at `dot` ends a sentence (see `sentence_starts`)."""
    word = re.search(r"[^\W_]+$", text[max(0, dot - 20) : dot])
    if word is None:
        return True
    word_text = word.group(0)
    if word_text.isdigit():
        return len(word_text) >= 3
    return len(word_text) >= 2 and word_text.lower() not in _ABBREVIATIONS


# --- URLs ----------------------------------------------------------------------------------

# Query parameters that only track the click, never select the content.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "ttclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "wt_mc",
        "wt_zmc",
        "ns_mchannel",
        "ns_source",
        "ns_campaign",
        "ns_linkname",
        "ns_fee",
        "cmpid",
        "cmp",
        "at_medium",
        "at_campaign",
        "at_custom1",
        "at_custom2",
        "at_custom3",
        "at_custom4",
        "ito",
        "xtor",
        "ocid",
        "smid",
        "s_cid",
        "rss",
        "feature",
        "ref_src",
        "ref_url",
        "spm",
        "share",
        "sharing",
        "ftag",
        "icid",
        "guccounter",
        "ref",
        "ncid",
        "soc_src",
        "soc_trk",
        "dicbo",
    }
)
# (sara_: Spiegel's share parameters, wt_ / wt.: Webtrekk's, as Zeit and others append them)
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "piwik_", "hsa_", "at_", "wt.", "wt_", "sara_", "__")


# Parameters that name where the click came from, tracking only when that is a feed:
# "?from=rss", "?from=newsfeed" (RBC), "?source=rss", "?src=atom". Elsewhere they may select
# content ("?from=2025-01-01").
SOURCE_PARAMS = frozenset({"from", "source", "src", "via", "origin", "feed", "channel"})
FEED_SOURCES = ("rss", "feed")  # anywhere in the value


def _is_tracking(parameter: str) -> bool:
    """Whether one `name=value` query parameter only tracks the click."""
    name, _, value = parameter.partition("=")
    lowered = unquote_plus(name).lower()
    if lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES):
        return True
    value = unquote_plus(value).lower()
    return lowered in SOURCE_PARAMS and (value.startswith("atom")
                                         or any(mark in value for mark in FEED_SOURCES))


def canonical_url(url: str | None, base: str | None = None) -> str | None:
    """An absolute, stable form of a link: relative links resolved against `base`, scheme and
    host lower-cased, default ports, credentials, fragments and tracking parameters removed,
    the remaining query parameters sorted. Everything else stays as written (it is also the
    link shown in alerts): a bare parameter keeps its form (`?12345`), reserved and
    percent-encoded characters are not re-encoded; only whitespace and control characters,
    never valid in a URL, are percent-encoded. Returns None for anything that is not an
    http(s) URL with a host."""
    if not url:
        return None
    url = url.strip()
    try:
        if base:
            url = urljoin(base, url)
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        return None
    host = (parts.hostname or "").rstrip(".")
    if not host or _UNSAFE.search(host):
        return None
    if ":" in host:  # an IPv6 address: urlsplit took off its brackets
        host = f"[{host}]"
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    if parts.username:
        host = f"{_quote_unsafe(parts.username)}@{host}"
    query = sorted(_quote_unsafe(p) for p in parts.query.split("&")
                   if p and not _is_tracking(p))
    return urlunsplit((scheme, host, _quote_unsafe(parts.path) or "/", "&".join(query), ""))


# Characters never valid in a URL: whitespace (a link cut at a space) and control characters.
_UNSAFE = re.compile(r"[\s\x00-\x1f\x7f-\x9f]")


def _quote_unsafe(text: str) -> str:
    """`text` with whitespace and control characters percent-encoded (UTF-8), else as is."""
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(lambda m: quote(m.group(), safe=""), text)
