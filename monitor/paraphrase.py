"""Words that outlets use for one another in reports of the same event: the paraphrase table
`monitor.dedupe` reads so that "Fed cuts rates" and "Federal Reserve trims rate" share a word.

Each line of `TABLE` is `concept: word word ...`, the words in any of the four languages the
monitor reads, with the inflected forms headlines use. `monitor.dedupe` stems every word as it
stems text and lets the stem stand for the concept. A stem joins two words in every text, so
only true synonyms of headline usage belong here, never words with another common meaning
(English "held": hostages held; German "Waffenruhe", whose stem is that of "Waffen"), never
opposites (rise / fall, win / lose), never related but different events (postpone / cancel,
injured / killed). `tests/test_dedupe.py` checks that no stem stands for two concepts.

Does not: stem, match topics (rules/entities.yaml holds the names of entities), or decide
anything.
"""

from __future__ import annotations

TABLE = """
# Paraphrase table for monitor.dedupe: words that news outlets use interchangeably for one thing.
# Format: "concept-name: word word ...". Words are single tokens in English, German, Russian or
# Ukrainian; what counts is each word's 5-letter stem (monitor.dedupe._token(word, lang)[1]).
# Read as monitor.dedupe._concept_table reads it: a Latin-script word counts in en and in de, a
# Cyrillic word in ru and in uk; every listed word matches exactly, and a word of at most 8
# folded letters also lends its stem. So a long word (Waffenruhe, festgenommen) is safe to list
# even when its stem is not, while a short one is listed only when its stem has no other common
# meaning in either language of its script, or is written with a leading "=": then it matches
# only as written and lends no stem ("=умер": its stem is that of the surname Умеров, whose
# "-ов" a stem drops). No stem and no word belongs to two concepts.
# Words under 4 letters are not listed (cut, ban, win are reached through cuts, bans, wins).
# Rule: a missed join is better than a false one. Words whose stem is shared by common unrelated
# words are left out; the "# left out" lines say which and why.
# Opposites never share a concept (rise/fall, win/lose, cut/raise, arrest/release).

# === economy ===
# why: the Slavic stems also cover the intransitive forms (снизилась, знизилася: "fell");
#   знижки (discounts) shares the stem of зниження. A central bank's easing is its cut
#   ("ЦБ снизил ключевую ставку" / "Банк России продолжил смягчение"), a sentence eased its
#   reduction ("смягчил приговор" / "снизил срок").
reduce: cuts cutting reduce reduces reduced reducing reduction reductions trims trimmed trimming
    slashes slashed slashing senkt senkte senken Senkung reduziert reduzieren Reduzierung
    verringert verringern Verringerung снизил снизила снизили снижает снизить снижение снижения
    понизил понизила понизили понижает понизить понижение сократил сократила сократили сокращает
    сократить сокращение знизив знизила знизили знижує знизити зниження понизив скоротила
    скоротили скоротити скорочення скорочує снижении снижению снижением понижения понижении
    сокращения сокращении зниженні зниженням смягчил смягчила смягчили смягчение смягчения
    смягчению смягчении пом'якшив пом'якшила пом'якшили пом'якшення
# left out: lower/lowers (lower house, lower court, stocks close lower), gesenkt (gesen =
#   gesendet),
#   kürzen (kurze = short), скоротив (skoro = скорость, скорой in Russian).
increase: hike hikes hiked erhöht erhöhen erhöhte Erhöhung anheben Anhebung повысил повысила
    повысили повышает повысить повышение повышения підвищив підвищила підвищили підвищує
    підвищити підвищення increased increases increasing angehoben Erhöhungen повышении повышению
    підвищенні підвищенням
# left out: increase (incre = incredible, increasingly), raise (raises concerns/questions/funds),
#   boost (= support), hebt (hebt ... auf = lifts), поднял.
# why: договор also covers договорились (agreed); "agree" covers "agreed to meet".
deal: agreement agreements agree agrees agreed pact pacts Abkommen Pakt Abmachung geeinigt
    сделка сделки сделку сделке договор договора договору договоренность договоренности
    договорились пакт угода угоди угоду угоді домовленість домовленості домовилися договір
    Vereinbarung Vereinbarungen соглашение соглашения соглашению соглашении договоренностей
    домовленостей Abkommens
# left out: deal/Deal (a generic news word: the loader skips it), accord (accor = accordance,
#   accordingly), treaty (a formal treaty is not any deal), Einigung (einig = einige), Vertrag
#   (vertr = Vertreter, Vertrauen), погодили (pohod = погода).
# left out (whole concept): talks/negotiations (talks and переговоры are generic news words that
#   the loader skips; negotiations alone has no partner).
bankruptcy: bankruptcy bankrupt insolvency insolvent Insolvenz Pleite банкротство банкротства
    банкротом банкрутство банкрутства bankruptcies банкротстве
# left out: Konkurs (konku = Konkurrenz).
# why: earnings "raises forecast" / "raises outlook"; Outlook (the e-mail program) is rare in
#   news.
forecast: forecast forecasts outlook Prognose Prognosen Ausblick
unemployment: unemployment jobless Arbeitslosigkeit Arbeitslosenquote
buy: buys buying bought купил купила купили приобрел приобрела приобрели покупка покупку купив
    придбав придбала придбали придбання купівля купівлю acquisition acquisitions acquiring
# left out: acquire/acquires/acquired (acqui = acquitted, acquittal), takeover (takeo = takeoff),
#   übernimmt (also "takes responsibility").
layoffs: layoffs redundancies Stellenabbau Jobabbau Entlassungen
# left out: Entlassung (one dismissal, or a release from prison or hospital), звільнення (also
#   the liberation of a town, the release of prisoners).
# Direction words, one concept per direction (German and Slavic forms of one verb fall apart
# into several stems). English rise/fall verbs are left out: market reports of different days
# use them in the same template.
# why: "steigt aus" (leaves a deal) shares steig; kept for Anstieg / steigt / stieg.
rise: steigt steigen stieg stiegen Anstieg вырос выросла выросли выросло зріс зросла зросли
    зросло зростання gestiegen
# left out: рост (rost = Ростов), виросла (vyros = вирощування).
fall: sinkt sinken sank упал упала упали падение впав впала впали падіння
# left out: gesunken (gesun = gesund), Rückgang (ruckg = rückgängig), gefallen (= liked, fallen
#   soldier), fällt (fällt aus, fällt ein Urteil).
# left out (whole concepts): tariffs/duties/levies (duty = obligation, Levy is a surname,
#   пошлины -> poshl = пошли "went", мита -> myt = мить, and English "tariff" shares tarif with
#   German Tarif = wage agreement); stake/share (at stake; shares = stock); inflation/Teuerung
#   (teuer = expensive); unchanged (no single-token partner; unverändert -> unver =
#   unverzüglich).

# === justice ===
# why: Russian/Ukrainian задержан / арестован (затримали / заарештували) are kept apart: they
#   are two legal steps (detention, then a court's arrest), often reported a day apart.
arrest: arrest arrests arrested arresting detention Festnahme Festnahmen festnehmen inhaftiert
    Inhaftierung festgenommen verhaftet Verhaftung apprehended
# left out: detain/detained (detai = details), custody (custo = customer, customs), apprehend
#   (appre = appreciate), held, nabbed, gefasst (Beschluss gefasst), detainees (the people held).
# why: "jailed" is the UK headline word for a prison sentence; US outlets also say "jailed"
#   for someone held before trial.
sentence: sentence sentenced sentencing jailed imprisoned imprisonment Haftstrafe Haftstrafen
    Gefängnisstrafe Freiheitsstrafe
# left out: verurteilt (also "condemns"), приговор (prigo = пригород), осужден (= осуждает
#   "condemns"), засудив (same), convicted (convi = convinced), guilty, indicted (indic =
#   indicate), charged (electric charge, in charge), acquitted (acqui = acquire), trial (clinical
#   trial), suspect/accused (accused of = a statement).
# why: "Sue" is also a first name; names in a headline are rare enough next to "sues".
lawsuit: lawsuit lawsuits sues sued suing litigation
# left out: suit (follow suit, clothes), Klage (klage = klagen "complain", Klagenfurt),
#   verklagt (verkl = verkleidet, verkleinert), иск (3 letters).
probe: probe probes inquiry inquiries enquiry enquiries расследование расследования расследует
    следствие следствия розслідування розслідує слідство слідства investigation investigations
    investigate investigates investigated investigating Ermittlungen Ermittlungsverfahren
    Untersuchung расследовании расследованию следствии розслідуванні розслідуванням
# why: Untersuchung is also a medical examination.
# left out: invest* forms of 8 letters or less (inves = invest), ermittelt (also "determined"),
#   проверка (prove = провел).
accuse: accuses accused accusing accusation accusations blames blamed
# left out: blaming (stemmed as German: blami = blamiert), beschuldigt (besch = many words).
fraud: fraud frauds scam scams мошенничество мошенничества афера аферы шахрайство шахрайства
    мошенничестве
# left out: Betrug (betrug = "amounted to"), шахраї (shakh = шахта, шахед).
corruption: corruption corrupt bribery bribe bribes bribed Korruption Bestechung коррупция
    коррупции взяточничество корупція корупції хабарництво
# left out: взятка (vziat = взять), хабар (one stem).
murder: murder murders murdered homicide Mord Morde ermordet Ermordung убийство убийства
    убийстве вбивство вбивства Tötungsdelikt
# why: Robben (seals, a footballer's name) shares robbe with robbery in German text.
theft: heist robbery robberies theft thefts stolen Raub Diebstahl ограбление ограбления кража
    кражи краже украли украдены крадіжка крадіжку вкрали gestohlen пограбування ограблении
    крадіжки Diebstähle thieves thief burglary burglaries burglars Diebe
# left out: steal (steal a win), Einbruch (also a slump), похитили / викрали (also "kidnapped").
kidnap: kidnapped kidnapping kidnappers abducted abduction Entführung entführt Entführer
# left out: verschleppt (versc = verschieden), похищение / викрадення (also theft).
stabbing: stabbed stabbing stabbings knife ножевое ножевым ножевого зарезал ножове ножовим
    Messerangriff Messerattacke Messerstecherei erstochen niedergestochen
# left out: нож/ножом/ножем (as Ukrainian the stem is nizh = ніж "than"), Messer (messe = Messe).
# why: штрафной (a free kick) shares the stem of штраф.
fine-penalty: Bußgeld Geldstrafe штраф штрафа штрафом оштрафовал оштрафовали оштрафован штрафу
    оштрафував оштрафувала оштрафували Geldbuße
# left out: fine/fined (= okay), penalty (sport), Strafe (any punishment).
spy: spies spying espionage
# left out: spy (3 letters).

# === violence, war, disaster ===
# Counts of the dead only: injured, wounded, victims and casualties are not here.
# why: "died" also covers natural deaths (obituaries), as "death" covers "death penalty";
#   starb/starben share starb with Starbucks.
killed: kill kills killed killing killings slain dead death deaths died fatalities fatality
    getötet tötet töten Tote Toten Todesopfer tödlich tödliche tödlichen starb starben sterben
    stirbt погиб погибла погибли погибших погибшие гибель убит убиты убито убитых убили смерть
    смерти загинув загинула загинули загиблих загиблі загибель вбиті вбито вбили смерті
    gestorben Todesopfern erschossen =застрелили =застрелил =застрелила =застрелен =застрелено
    =застрелив =застрелений
# left out: dies (in German "dies" = this), deadly (deadl = deadline), умер (a natural death:
#   Russian keeps it apart from погиб), жертвы / жертв (victims of fraud too, and not only the
#   dead), lives.
# A death from age or illness, as Russian and Ukrainian obituaries write it ("Умер ...",
# "Скончался ...", "Помер ..."), kept apart from killed (погиб) as those languages keep it.
# left out: умереть / умерен- (moderate: умеренный shares "umere"), ушел (also resigned:
#   ушел в отставку), пішов.
# why "=": умер / умерла / умерли lend the stem of Умеров / Умєров (Rustem Umerov), помер /
#   померла / померли that of Померания.
died: =умер =умерла =умерли скончался скончалась скончались =помер =померла =померли
# why: injury also covers sports injuries.
injured: injured injures injuring injuries injury wounded wounding ранен ранены ранения раненых
    травмы поранені травмовані травмовано verwundet Verwundete Schwerverletzte поранених
    поранення поранений
# why: поранені lends its stem in Russian text too, where пораньше ("a bit earlier") shares it.
# left out: hurt (tariffs hurt ...), verletzt/Verletzte (also "violated": verletzte den
#   Luftraum),
#   пострадали / постраждали (also "damaged": пострадали дома).
# why: удар is also a shot in football and "удар по экономике"; атака also a football attack;
#   Angriff read as English lends angri (= angrily); attack shares attac with attached.
attack: attack attacks attacked attacking Angriff Angriffe Attacke Attacken атака атаки атаку
    атак атаковали атаковал удар удары ударов ударили обстрел обстрела обстрелы обстрелял
    обстреляли атакували удари ударів обстріл обстрілу обстріли обстріляли airstrike airstrikes
    Luftangriff Luftangriffe angegriffen нападение нападения атаковала атакував ударил ударила
    вдарили вдарив вдарила вдарять
# left out: strike (labour strike), hit (hit song, hits record), pound (currency), shell (Shell
#   plc), raid (police raid), assault (sexual assault), bombing, Anschlag (ansch =
#   anschließend), напад (napad = нападающий, a football forward).
drone: drone drones UAVs Drohne Drohnen дрон дроны дронов беспилотник беспилотники беспилотников
    БПЛА дрони дронів безпілотник безпілотники безпілотників беспилотника беспилотнику
    беспилотником беспилотниками безпілотника безпілотнику безпілотниками
# left out: Shahed / шахед (one type of drone, not any drone).
shootdown: сбили сбиты сбит сбито сбил збили збито збиті збив знешкоджено знешкодили
    abgeschossen
# left out: downed (down = Downing Street), intercepted / abgefangen / перехватили / перехопили
#   (also intercepted calls and letters), уничтожили (any destruction).
explosion: Explosion Explosionen explodiert взрыв взрывы взрыва взрывов взорвался взорвалась
    вибух вибухи вибуху вибухів вибухнув explosions Detonation
# left out: blast (= criticise: "Trump blasts Fed"), exploded/explodes (explo = explore,
#   exploit), підрив (pidry = підривати "undermine").
# why: Flut is also a figurative flood.
flood: flood floods flooding flooded inundated Hochwasser Flut наводнение наводнения паводок
    паводки затопило повінь підтоплення затоплення Überschwemmung Überschwemmungen überflutet
    Überflutung Überflutungen подтопление подтопления наводнении
# left out: deluge.
# why: Erdbeben shares erdbe with Erdbeere (strawberry).
quake: quake quakes Erdbeben Beben earthquake earthquakes землетрясение землетрясения землетрус
    землетрусу землетрясении
# left out: tremor (also medical), толчки / поштовх (aftershocks are later events; posht =
#   пошта).
troops: troops soldiers Soldaten Truppen солдаты солдат войска войск солдати servicemen
    военнослужащие военнослужащих військовослужбовці військовослужбовців
# left out: forces (forced), army (joined to military = milit = militants), military, военные /
#   військові (also the adjective "military").
# why: seize also covers seized assets, capture captured people: both verbs share both senses.
capture: capture captured captures capturing seize seizes seized erobert erobern Eroberung
    захватили захопили
# left out: take, eingenommen (also taken, of medicine), захват / захопив (zakho = захоплення
#   "admiration"), освободили (Russian usage for a captured town; also releases).
flee: flee flees fleeing fled flieht fliehen бежал бежали сбежал сбежали втік втекли втекла
    geflüchtet
# left out: geflohen (geflo = geflogen), Flucht (fluch = Flüchtlinge), escape.
ceasefire: ceasefire ceasefires truce truces armistice Waffenruhe Waffenstillstand Feuerpause
    перемирие перемирия перемирии перемир'я Waffenstillstands
# why: the long words match only as written: their stems (waffe = Waffen, feuer = Feuer,
#   perem = перемены, перемога) are not used.
nuclear: nuclear atomic nuklear nukleare nuklearen atomar atomare atomaren ядерный ядерная
    ядерного ядерной ядерное ядерных атомный атомная атомной атомного атомных ядерний ядерна
    ядерної ядерних атомний атомна атомної атомних
nuclear-plant: Atomkraftwerk Atomkraftwerke Kernkraftwerk Kernkraftwerke Atomkraft Kernkraft
nuclear-weapons: Atomwaffen Atomwaffe Kernwaffen Kernwaffe
# why: debris of a downed drone is reported as обломки or фрагменты, уламки or фрагменти.
debris: debris wreckage fragments Trümmer Trümmerteile Wrackteile Fragmente обломки обломков
    обломками фрагменты фрагментов уламки уламків уламками фрагменти фрагментів фрагментами
# left out: осколки (oskol = Оскол, Старый Оскол), remains (also human remains).
ammunition: ammunition munitions Munition
# left out: arms (a body part), weapons/Waffen (one stem), боеприпасы (one stem).
# why: Ukrainian зруйновано / руйнування fall into two stems; "damaged" is not "destroyed".
destroyed: destroyed destruction destroy zerstört Zerstörung разрушен разрушены разрушения
    зруйновано зруйнували зруйнований зруйновані руйнування руйнувань зруйнувала
# left out: уничтожен (also "shot down" for drones), wrecked.
# why: German outlets call one storm a "Sturmtief" or an "Orkantief" by how strong they think it
#   is (long words: only these forms join, not Sturm, stürmen, Orkan).
storm-low: Sturmtief Sturmtiefs Orkantief Orkantiefs
# why: German "Crash" is mostly a road accident; Börsencrash is one compound word.
accident: Unfall Unfälle Unfalls Crash
# left out: English crash/accident (market crash, computer crash), Zusammenstoß (zusam =
#   zusammen), ДТП (3 letters) and авария (also an industrial or utility failure).
navy: navy navies
# left out: Marine (as English text: marine, Marines, a different force), ВМФ/ВМС (3 letters),
#   naval (its stem is that of Navalny: "Alexei Navalny" would read as a navy).
# left out (whole concepts): fire/blaze (fire = gunfire, dismiss; Feuer = Feuerpause; пожар ->
#   pozha = пожалуйста, пожалуй), missile/rocket (rockets = space rockets, "rockets" = soars; and
#   missile -> missi = missing, mission), storm kinds (hurricane/typhoon/cyclone are different
#   events), evacuate (one stem per language), hostages/captives (captives is also used for
#   prisoners, the other side of an exchange), shooting/gunfire (shoot = shoot down).

# === politics ===
win: wins winner winners triumph triumphs triumphed Sieg siegt siegte gewonnen победил победила
    победили победа победы победу выиграл выиграла выиграли виграв виграла виграли victories
    перемогла перемогли
# left out: won (3 letters; Korean won), victory (victo = Victoria, Victor; victories matches
#   only as written), beat (beating = an assault; beats forecasts), defeat (both winning and
#   losing), winning (as German: winni =
#   Winnipeg), gewinnt/gewinnen (gewin = Gewinn "profit"), gewann (gewan = gewandt), перемога /
#   переміг (perem = перемир'я "ceasefire"). lose/loss is not a concept: loss = financial loss,
#   поражение (poraz = поразил "hit"), програв (prohr = програма).
# why: Ukrainian outlets name the Verkhovna Rada "Рада", "парламент" or by its members
#   ("Рада ухвалила закон" / "депутати підтримали закон" / "парламент повернув ...").
parliament: Parlament Parlaments Abgeordnete Abgeordneten парламент парламенту парламенті
    парламенте парламента парламентом =Рада =Ради =Раді =Радою =Раду депутати депутатів депутаты
    депутатов нардепи нардепів
# left out: English parliament / lawmakers / MPs ("lawmakers" names who acted, an institution
#   of `monitor.dedupe`, where "parliament" is often what happened: "Protesters storm
#   parliament"), Bundestag, Congress, Госдума (each one parliament, not any). "=Рада" matches
#   in lower case too (Russian "glad", Ukrainian "council": "міська рада"), where a place or
#   a name tells the two apart.
resign: resign resigns resigned resigning resignation quits Rücktritt Rücktritts zurückgetreten
# left out: quitting (as German: quitt = Quittung), steps down (two tokens), отставка (otsta =
#   отставание, отстаивать), відставка (one word, no partner to join).
appoint: appoint appoints appointed appointment ernennt ernannt ernannte Ernennung
# left out: name/names (a noun), nominate (Oscar nominations; a nomination is not the
#   appointment), beruft (beruf = Beruf).
ban: bans banning forbids forbidden prohibit prohibits prohibited prohibition outlaw outlawed
    untersagt
# left out: banned (as German: banne = Banner), bars, Verbot/verboten (verbo = verborgen),
#   Verbote.
# why: Ukrainian "Рада ухвалила / схвалила закон" are used alike.
approve: одобрил одобрила одобрили одобрен одобрение ухвалив ухвалила ухвалили ухвалено
    ухвалення схвалює схвалені genehmigt gebilligt zugestimmt схвалили схвалила схвалення
# left out: approve/approval (appro = approach), pass, adopt, billigt (billi = billig "cheap"),
#   verabschiedet (also "said goodbye"), утвердил (utver = утверждает "claims"), схвалив /
#   схвалено (as Russian: skhva = схватка).
# why: delay also covers delayed flights; postponed and delayed votes or launches are one event.
postpone: postpone postpones postponed postponement delay delays delayed defer deferred vertagt
    Vertagung отложил отложила отложили перенесли перенесен перенесено verschoben verschiebt
    Verschiebung відтермінували відтермінування перенесена перенесены
# left out: put off (two tokens), відклали (vidkl = відкликали "recalled").
# Cancelling is not postponing: a concept of its own.
cancel: cancelled cancellation cancellations Absage absagen отменил отменила отменили отменен
    отменена отмена отменить скасував скасувала скасували скасовано скасування відмінили
# left out: cancel/cancels/canceled (cance = cancer), scrap (scrap metal), axe, call off (two
#   tokens), abgesagt (abges = abgesehen, abgeschossen), gestrichen (also "painted"; Stellen
#   gestrichen = jobs cut), відмінив (vidmi = відмінний "excellent").
coup: coup coups Putsch Putschversuch Umsturz
# why: "toppled" and "ousted" report the same removal from power.
ousted: ousted ousts toppled topple topples
condemn: condemn condemns condemned condemnation denounce denounces denounced
# left out: slams (Grand Slam), blasts (explosion), verurteilt (also "sentenced"), осудил /
#   засудив (also "convicted"), раскритиковал (raskr = раскрыл).
pledge: vows vowed vowing pledge pledges pledged пообещал пообещала пообещали обещает обещают
    пообіцяв пообіцяла пообіцяли обіцяє обіцяють
# left out: promise (promi = prominent).
threat: threatens threatened threatening threat threats droht drohte drohen Drohung Drohungen
    угрожает угрожают угроза угрозы погрожує погрожують загроза загрози пригрозил пригрозила
    пригрозили пригрозив
# why: пригрозил matches only as written (its stem prigr is that of приграничный "border").
# left out: gedroht (gedro = gedrosselt), warn (a warning is not a threat), пригрозит (prigr).
warn: warns warned warning warnings warnt warnte Warnung Warnungen
# left out: warnen (warne = Warner in English text), gewarnt (gewar = gewartet), предупредил
#   and попередив (one stem each).
# why: a trip is also a holiday; in news about a named person it is the visit.
visit: visit visits visited visiting trip trips Besuch besucht besuchte визит визита визите
    посетил посетила посетили візит візиту відвідав відвідала відвідали
# left out: tour (Tour de France), Reise (reise = Reisende, Reisen: travel news), поездка /
#   поїздка (poezd = поезд "train").
dismiss: sacks sacking gefeuert Rauswurf уволил уволила уволили уволен уволена уволены
    увольнение увольнения
# left out: fired (gunfire, blaze), dismissed (dismisses claims), sacked (as German: sacke =
#   Säcke), entlassen (also released from prison or hospital), звільнив (also liberated).
pope: pope pontiff Papst Pontifex
# left out (whole concepts): protest/rally (prote = protect in English text, Protest and
#   Demonstration the same; протест: prote = протекает; a rally is not always a protest),
#   elect/vote/ballot (a vote is not an election; poll = opinion poll),
#   meeting/summit (a meeting is not a summit; meeting is generic and "meets" is any meeting),
#   peace plan/proposal (plan is generic), veto/block (block = building, bloc),
#   sanctions/penalties
#   (penalties = sport), border/frontier (front = battle front), charge/indict, lawmakers/
#   legislators (legis = legislation), premier (Premier League), attorney (Attorney General).

# === sport ===
# Nothing safe: match/game (video games, "matches expectations"), title/championship (book
#   title; champ = Champions League), coach/manager (bus coach; fund manager), Trainer (= train),
#   наставник (nasta = настаивать), beat/defeat (see win).

# why: German headlines write "Airport" for the Flughafen ("Münchner Airport stoppt Starts").
airport: airport airports Flughafen Flughäfen Flughafens аэропорт аэропорта аэропорту аэропорты
    аэропортах аеропорт аеропорту аеропорти аеропортах
# left out: Flugplatz (an airfield), airfield, аэродром / аеродром (an airfield, also military).

# === tech and business ===
outage: outage outages glitch glitches Störung Störungen сбой сбои сбоя сбоем збій збою збої
# left out: blackout (black), downtime (downt = downtown), disruption (travel disruption),
#   Ausfall (ausfa = ausfallen "cancelled", Ausfahrt), отключение / відключення (a power cut is
#   not a service outage; vidkl = відкликали).
hack: hack hacked hacking hacker hackers gehackt хакеры хакер взлом взломали хакери cyberattack
    cyberattacks Cyberangriff Hackerangriff кибератака кибератаки кібератака кібератаки
    кибератаку кібератаку
# left out: breach (ceasefire breach), cyber (cybersecurity).
# why: chips are semiconductors in news; potato chips and "chip in" are rare there.
chips: chip chips chipmaker chipmakers semiconductor semiconductors Halbleiter чипы чипов
    полупроводники полупроводников чипи чипів
tycoon: tycoon tycoons mogul moguls
# left out: billionaire (billi = billion), magnate, CEO (3 letters), boss (mob boss, Hugo Boss).

# === absence ===
# why: German headlines tell a meeting's missing result either way ("endet ohne Einigung" /
#   "kein Durchbruch", "ohne Verletzte" / "keine Verletzten"); both are negation cues alike.
none: kein keine keinen keiner keinem ohne
# left out: English no (2 letters) and without (its partner "no" is not listed), Russian and
#   Ukrainian без / нет / немає (under 4 letters, or no partner).
# === everyday things ===
ship: ship ships vessel vessels
truck: truck trucks lorry lorries
railway: railway railways railroad railroads
film: film films movie movies
teen: teen teens teenager teenagers Jugendliche Jugendlicher Jugendlichen
wildfire: wildfire wildfires bushfire bushfires
# why: a fire is a "blaze" in English headlines and a "Großbrand" / "пожар" the other outlet
#   says burns; an arson is the fire set. Written "=" where the stem has another meaning:
#   "fire" (fired = sacked), "Brand" (Brandenburg), "Feuer" (Feuerwehr, Feuerpause), "горит" /
#   "горить" (город, гори).
fire: =fire =fires blaze blazes arson =Brand =Brände Großbrand Großbrände Brandstiftung
    Brandanschlag =Feuer =brennt =brannte
    пожар пожара пожаре загорелся загорелась загорелось загорелись возгорание =горит пожежа
    пожежі пожежу загорівся загорілася загорілося загорілися займання =горить
# why: a building or a roof comes down in any of these words ("обрушилась крыша" / "рухнула
#   кровля"); "рухнул" and "обвалился" are also what a currency does, the same collapse.
collapse: eingestürzt Einsturz обрушилась обрушился обрушилось обрушились обрушение обрушения
    рухнула рухнул рухнуло рухнули обвалилась обвалился обвалилось обвалились обвал
    обвалилася обвалився обвалилися обвалення обрушилася обрушився обрушилися обрушення
    завалилася завалився
roof: roof roofs Dach Dächer крыша крыши крышу кровля кровли кровлю покрівля покрівлі
    покрівлю
highway: highway highways freeway freeways
# why: "tons" is also "a lot" and a short ton; figures next to it decide.
tonne: tonne tonnes tons
# left out: plane/aircraft (plane = planet), football/soccer (American football), подросток /
#   підліток (one word each, no partner).

# === regions by their other names ===
# why: Ukrainian outlets name an oblast by its short name as often as by "область" ("на
#   Сумщині" / "у Сумській області"), Russian ones Moscow's and Amur's by "Подмосковье" and
#   "Приамурье"; the two spellings are one region. Listed only where the two do not already
#   share a stem (Київщина / Київська, Харківщина / Харківська do). Never the city (Суми,
#   Одеса, Курськ: another place than the region), so the adjectives whose stem is the city's
#   are written with "=", and no form a city shares ("у Курську", "Курська" read in Russian as
#   "Курска"). Left out: Донеччина, whose adjective read in Russian is the city ("Донецька" /
#   "Донецка").
sumy-oblast: Сумщина Сумщині Сумщину Сумщини Сумщине Сумщины Сумська Сумській Сумську Сумської
    Сумская Сумской Сумскую
odesa-oblast: Одещина Одещині Одещину Одещини Одесщина Одесщине Одесщину Одесщины =Одеська
    =Одеській =Одеську =Одеської =Одесская =Одесской =Одесскую
chernivtsi-oblast: Буковина Буковині Буковину Буковини Буковине =Чернівецька =Чернівецькій
    =Чернівецьку =Чернівецької =Черновицкая =Черновицкой =Черновицкую
kursk-oblast: Курщина Курщині Курщину Курщини Курщине Курщины =Курській
    =Курської =Курская =Курской =Курскую
moscow-oblast: Подмосковье Подмосковья Подмосковью =Московська =Московській =Московську
    =Московської =Московская =Московской =Московскую
amur-oblast: Приамурье Приамурья Приамурью =Амурская =Амурской =Амурскую =Амурська =Амурській
    =Амурську =Амурської

# === British and American spellings ===
honour: honour honor honours honors honoured honored
rumour: rumour rumor rumours rumors
favour: favour favor favours favors favourite favorite
armour: armour armor armoured armored
metre: metre meter metres meters
sceptic: sceptic skeptic sceptics skeptics sceptical skeptical
manoeuvre: manoeuvre maneuver manoeuvres maneuvers
aeroplane: aeroplane airplane aeroplanes airplanes
# left out: centre/center (centr = central), litre/liter (liter = literally, literature),
#   colour/color (color = Colorado), grey/gray (Gray), tyre/tire (tired), labour/labor (the
#   Labour party), ageing (age).

# === spellings of names ===
# why: names, not general words; outlets differ in transliteration or in the official name.
kyiv: Kyiv Kiev Kiew Kyjiw
odesa: Odesa Odessa
lviv: Lviv Lvov
myanmar: Myanmar Burma
# why: Белоруссия, Киргизия, Кыргызстан match only as written (their stems are the adjectives');
#   Беларусь lends belar, which no adjective has.
belarus: Белоруссия Белоруссии Беларусь Беларуси
kyrgyzstan: Киргизия Кыргызстан Кыргызстана Кыргызстане
# left out: Luhansk/Lugansk (lugan = Lugano), Dnipro/Dnieper (a city and a river), Turkey/Türkiye
#   (turki = Turkish: a nationality would count as the country), Молдавия/Молдова (molda =
#   молдавский), Білорусь (bilor = білоруський).

# === irregular forms of one verb ===
seek: seek seeks seeking sought
freeze: freeze freezes freezing frozen froze
sell: sells selling sold
choose: choose chooses choosing chose chosen
# left out: began/begun (as German text: begangen "committed", begünstigt).
"""


def entries(table: str, kind: str, form: str = "concept: words") -> list[tuple[str, str]]:
    """The `name: words` entries of a word table such as `TABLE`, in order, as (name, the rest
    of the entry): comments and blank lines skipped, an indented line continuing the entry
    above. A malformed line raises ValueError naming the table (`kind`) and the `form`
    expected. (`monitor.opposites` reads its table this way too.)"""
    found: list[list[str]] = []
    for raw in table.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        if raw[:1].isspace():  # an indented line continues the entry above
            if not found:
                raise ValueError(f"{kind} table: words before any concept: {line.strip()!r}")
            found[-1][1] += " " + line.strip()
            continue
        name, colon, words = line.partition(":")
        if not colon or not name.strip() or " " in name.strip():
            raise ValueError(f"{kind} table: not '{form}': {line!r}")
        found.append([name.strip(), words])
    return [(name, words) for name, words in found]


def two_sided_entries(table: str, kind: str, form: str,
                      ) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """The `name: words | words` entries of a word table, in order, as (name, the words before
    the bar, the words after it), read as `entries` reads a table. A line without the bar, or
    with a side empty, raises ValueError naming the table (`kind`) and the `form` expected.
    (`monitor.opposites` and `monitor.places` read their tables this way.)"""
    found = []
    for name, words in entries(table, kind, form):
        left, bar, right = words.partition("|")
        if not bar:
            raise ValueError(f"{kind} table: not '{form}': {name}:{words}")
        if not left.split() or not right.split():
            raise ValueError(f"{kind} table: {name} needs words on both sides")
        found.append((name, tuple(left.split()), tuple(right.split())))
    return found


def concepts(table: str | None = None) -> list[tuple[str, tuple[str, ...]]]:
    """The concepts of `table` (by default `TABLE`) in order, each with its words."""
    return [(name, tuple(words.split()))
            for name, words in entries(TABLE if table is None else table, "paraphrase")]
