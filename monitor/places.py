"""Places that reports of one event name for each other: the table `monitor.dedupe` reads so
that "Putin and Trump end talks in Anchorage" is not taken for a report of another place than
"Alaska summit ends without a deal".

Each line of `TABLE` is `place: inner words | outer words`: a venue and the state or country
around it (Anchorage / Alaska, Abu Dhabi / UAE, Geneva / Switzerland), every inflected form a
headline uses written out, in any of the four languages the monitor reads (a Latin-script word
counts in English and German, a Cyrillic one in Russian and Ukrainian). A name on one side counts as
mentioned by a report that names the other side: a headline naming either is no other place.
The relation goes no further: Riyadh and Jeddah both lie in Saudi Arabia, and are two places.

Only places whose reports of one event really swap them belong here. Not a capital for its
country (Kyiv / Ukraine, Moscow / Russia, Tehran / Iran: measured at stop 32 on the labelled
pairs, 7 more rewordings merged but also an opposite pair, "direct talks with Iran" / "talks in
Oman will be indirect"), nor a seat of power for its city (White House / Washington, Kremlin /
Moscow): a seat speaks ("White House: no Trump-Putin meeting soon"), and the statements of two
speakers in one city are two stories (with those two entries, two streamed sets joined a White
House statement to Zelensky's own, and Witkoff's arrival in Moscow to his talks in the
Kremlin). Multi-word names are listed by each of their words ("Abu Dhabi": Abu and Dhabi),
since a headline's name is read word by word.

Does not: fold, stem or match text, or make two places one word (`monitor.paraphrase` does
that for words that mean one thing). Read by `monitor.dedupe` alone: the names only one
report has, a German place after "in", the slot of a template and the event score.
"""

from __future__ import annotations

from monitor.paraphrase import two_sided_entries

_UAE = ("UAE VAE Emirate Emiraten Emirates ОАЭ ОАЕ Эмираты Эмиратах Эмиратов Эмиратами "
        "Емірати Еміратах Еміратів Еміратами")
_SAUDI = ("Saudi Saudiarabien Саудовская Саудовской Саудовскую Саудівська "
          "Саудівській Саудівську Саудівської")

TABLE = f"""
# === venues of talks and summits, and the state or country around them ===
anchorage: Anchorage Анкоридж Анкоридже Анкориджа Анкориджі
  | Alaska Аляска Аляске Аляску Аляски Алясці
abu-dhabi: Abu Dhabi Абу Даби Дабі | {_UAE}
dubai: Dubai Дубай Дубае Дубая Дубаї | {_UAE}
budapest: Budapest Будапешт Будапеште Будапешта Будапешті
  | Hungary Ungarn Венгрия Венгрии Венгрию Угорщина Угорщини Угорщину Угорщині
geneva: Geneva Genf Женева Женеве Женеву Женевы Женеві Женеви
  | Switzerland Schweiz Швейцария Швейцарии Швейцарию Швейцарія Швейцарії Швейцарію
miami: Miami Майами Маямі | Florida Флорида Флориде Флориду Флориды Флориді Флориди
istanbul: Istanbul Стамбул Стамбуле Стамбула Стамбулі
  | Turkey Türkei Türkiye Турция Турции Турцию Туреччина Туреччині Туреччину Туреччини
riyadh: Riyadh Riad Рияд Рияде Рияда Ріяд Ріяді | {_SAUDI}
jeddah: Jeddah Dschidda Джидда Джидде Джидди Джидді | {_SAUDI}
doha: Doha Доха Дохе Дохи Досі | Qatar Katar Катар Катаре Катара Катарі Катару
mar-a-lago: Lago Лаго | Florida Флорида Флориде Флориду Флориды Флориді Флориди
sharm-el-sheikh: Sharm Scharm Шарм | Egypt Ägypten Египет Египте Египта Єгипет Єгипті Єгипту
busan: Busan Пусан Пусане Пусані | Korea Südkorea Корея Кореи Корее Корею Кореї
valdai: Valdai Waldai Валдай Валдае Валдая Валдаї
  | Novgorod Nowgorod Новгородской Новгородская Новгородскую Новгородській Новгородська
    Новгородську
"""


def links(table: str | None = None) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """The places of `table` (by default `TABLE`) in order, each with its inner and its outer
    words (read by `monitor.paraphrase.two_sided_entries`)."""
    return two_sided_entries(TABLE if table is None else table, "places", "place: words | words")
