"""Words for opposite outcomes of one kind of news: the table `monitor.dedupe` reads so that
"Mamdani wins mayoral race" and "Mamdani loses mayoral race" are two stories, not a syndicated
copy with one word changed.

Each line of `TABLE` is `concept: positive words | negative words`, in any of the four languages
the monitor reads, every inflected form a headline uses written out (words are matched whole,
after folding, never by stem: "end" must not catch "endorse"). Two headlines contradict each
other when one has a word of one side and the other a word of the other side, read in their
main clauses (not after "after", "as", "despite" ...), and neither has both.

Only outcomes, and kinds of event that exclude each other (a phone call / a meeting), belong
here: pairs where one report cannot be the other's rewording. Denials, refusals, cancellations
and postponements are negation cues, rises and falls directions, lifting and keeping a measure
states (all in `monitor.dedupe`); they are not repeated here. Left out: words with a common
other sense ("left" is a side, "defeated" is either side of a win, "free" an adjective, "ban" a
noun that "lifts ban" turns around, "met" the Met Office or Police). A German verb whose
particle decides is written `verb~particle` ("spricht~frei", "hebt~auf"; not "hebt ... an"): it
counts when the particle ends the clause. A word may stand in two concepts ("loses" a match
and a vote of confidence).

Does not: fold or match text, or decide anything.
"""

from __future__ import annotations

from monitor.paraphrase import two_sided_entries

TABLE = """
# === contests: elections, votes of confidence, matches, trials ===
win: win wins won winning victory beat beats gewinnt gewinnen gewann gewonnen siegt siegen siegte
    победил победила победили выиграл выиграла выиграли переміг перемогла перемогли виграв
    виграла виграли обыграл обыграла обыграли обіграв обіграла обіграли победило выиграло
    обыграло перемогло виграло обіграло
  | lose loses lost losing verliert verlieren verlor verloren проиграл проиграла проиграли
    програв програла програли проиграло програло
# (a league: up or staying up / down; a cup: through / out)
promotion: promotion promoted aufgestiegen Aufstieg Klassenerhalt
  | relegated relegation abgestiegen Abstieg steigt~ab steigen~ab
advance: вышел_в вышла_в вышли_в вийшов_до вийшла_до вийшли_до вийшов_у вийшла_у advances
    advanced
  | вылетел вылетела вылетели вибув вибула вибули eliminated ausgeschieden scheidet~aus
reach: reach reaches reached erreicht erreichte erreichen breaks broke
  | miss misses missed verfehlt verfehlte verfehlen verpasst verpasste
survive: survive survives survived übersteht überstehen überstanden устоял устояло выстоял
    вистояв вистояла ceasefire_holds ceasefire_held truce_holds truce_held waffenruhe_hält
    waffenruhe_hielt feuerpause_hält перемирие_держится перемирие_соблюдается in_force in_kraft
    resumed_enforcing resumes_enforcing resuming_enforcement announces_ceasefire
    announced_ceasefire announces_truce announced_truce
  | loses lost falls fell toppled ousted collapses collapsed gestürzt stürzt пал пало
    zusammengebrochen bricht~zusammen brach~zusammen brink на_грани на_межі tatters violated
    violates breached breaches breaching violating broke_ceasefire breaks_ceasefire broke_truce
    breaks_truce
convict: guilty convicted convicts sentenced jailed schuldig verurteilt verurteilen Haftstrafe
    Gefängnisstrafe виновным виновной виновен осужден осуждена приговорил приговорила
    приговорили приговорен приговорена винним винною засуджено засуджений
  | acquits acquitted acquittal cleared_of freigesprochen Freispruch spricht~frei sprechen~frei
    оправдал
    оправдала оправдан оправдана виправдав виправдала виправдано виправданий
# === custody (house arrest is the milder measure of one hearing: "арестовал" / "под домашний
# арест") ===
arrest: arrest arrests arrested detains detained festgenommen verhaftet під_варту под_стражу
    продлил_арест продлила_арест продлили_арест продовжив_арешт продовжила_арешт
    продовжили_арешт задержал задержала
    задержали арестовал арестовала арестовали затримали затримав затримала заарештували
    заарештував
  | release releases released frees freed freigelassen освободил освободила освободили отпустил
    отпустили відпустили відпустив відпустила
    house_arrest Hausarrest домашний домашнего домашнюю домашній домашнього домашню
# === processes: strikes, talks, trials, operations ===
begin: begin begins began start starts started launches launched beginnt beginnen begann
    startet starten начался началась начались начал начала стартовал стартовала розпочався
    розпочалася розпочалися почався почалася стартував стартувала
  | end ends ended finishes finished concludes concluded endet enden endete beendet beenden
    закончился закончилась закончились завершился завершилась завершились окончена закінчився
    закінчилася закінчилися завершився завершилася завершилися
# === positions and votes (two-word entries are written with "_": "votes_for") ===
support: back backs backed supports supported endorses endorsed approve approves approved clears
    cleared votes_for
    voted_for vote_for
    unterstützt unterstützen stimmt_für stimmen_für stimmte_für поддержал поддержала поддержали
    поддерживает проголосовал_за проголосовала_за проголосовали_за підтримав підтримала
    підтримали підтримує проголосував_за проголосувала_за проголосували_за
  | opposes opposed vetoes vetoed block blocks blocked votes_against voted_against vote_against
    vote_down votes_down voted_down
    stimmt_gegen stimmen_gegen stimmte_gegen blockiert заблокировал заблокировала заблокировали
    проголосовал_против проголосовала_против проголосовали_против заблокував заблокувала
    заблокували проголосував_проти проголосувала_проти проголосували_проти
pass: passes passed
  | fails failed
# (a German parliament decides or adjourns; a postponement is otherwise a negation cue, but
# "vertagt" beside "scheitert" would then read as one outcome)
decide: beschließt beschlossen verabschiedet
  | vertagt vertagen vertagte
# === memberships and presence ===
join: join joins joined beigetreten вступил вступила вступили присоединился присоединилась
    присоединились вступив вступила приєднався приєдналася приєдналися
  | leave leaves quits quit exits withdraws withdrew ausgetreten verlässt вышел вышла вышли покинул
    покинула покинули вийшов вийшла вийшли покинув
arrive: arrives arrived arriving eingetroffen angekommen прибыл прибыла прибыли прилетел
    прилетела прилетели прибув прибула прибули прилетів прилетіла прилетіли
  | departs departed leaves abgereist покинул покинула покинули улетел улетела улетели покинув
    покинула покинули відлетів відлетіла
attend: attend attends attending
  | skip skips skipping boycott boycotts boycotting boykottiert boykottieren бойкотирует
    бойкотируют бойкотує бойкотують
# === reactions and moods ===
welcome: welcomes welcomed praises praised hails hailed begrüßt lobt приветствовал приветствовала
    приветствует похвалил похвалила вітає привітав привітала похвалив похвалила
  | criticises criticizes criticised criticized condemns condemned slams slammed blasts
    kritisiert verurteilt раскритиковал раскритиковала критикует осудил осудила осуждает
    розкритикував розкритикувала критикує засудив засудила засуджує
mood: optimistic hopeful zuversichtlich optimistisch оптимистичен оптимистично оптимістичний
    оптимістично
  | disappointed pessimistic enttäuscht pessimistisch разочарован разочарована разочарованы
    розчарований розчарована розчаровані
# === people found ===
alive: alive lebend живым живой живыми живим живий живими
  | dead tot мертвым мертвой мертвыми мертвим мертвий мертвими
# === an office kept or lost ("lets X keep her job" / "lets Trump fire X") ===
office: keep keeps kept
  | fire fires fired sacks sacked dismisses dismissed ousts
# === a deal done or undone ===
complete: completes completed finalises finalised finalizes finalized завершил завершила
    завершили reach_deal reaches_deal reached_deal strike_deal strikes_deal struck_deal
  | collapses collapsed falls_through fell_through break_down breaks_down broke_down
# === a law signed or vetoed; a crossing unblocked or blocked ===
sign: signs signed підписав підписала подписал подписала unterzeichnet unterschreibt
  | vetoes vetoed ветував ветувала ветировал ветировала
unblock: unblocks unblocked розблокували розблокував розблокувала разблокировали разблокировал
    разблокировала
  | blocks blocked заблокували заблокував заблокувала заблокировали заблокировал заблокировала
    blockiert
# === a veto threatened, or the threat given up ("Ungarn droht weiter mit Veto" / "Ungarn lenkt
# ein: EU verlängert Sanktionen") ===
veto: threatens_veto threatened_veto threatening_veto to_veto
    mit_Veto пригрозил_вето пригрозила_вето пригрозили_вето угрожает_вето угрожают_вето
    погрожує_вето погрожують_вето пригрозив_вето
  | lenkt_ein lenken_ein lenkte_ein lenkt~ein lenken~ein lenkte~ein eingelenkt backs_down
    backed_down gives_in gave_in relents relented
# === a player or coach stays or moves ("signs new contract" / "to leave at end of season") ===
stay: stays bleibt остается остаётся залишається signs_new extends_contract verlängert_Vertrag
  | wechselt to_leave will_leave verlässt
# === a plan agreed or given up ("einigt sich auf" / "verzichtet auf"; "verzichtet" is no
# negation cue: "verzichtet auf Forderung nach Waffenruhe" beside "endet ohne Waffenstillstand"
# would read as one outcome) ===
pursue: einigt_sich einigen_sich einigte_sich
  | verzichtet verzichten verzichtete
# === a warning issued or called off ===
warn: warns warned warnt warnte warnen
  | downgraded downgrades herabgestuft stuft~herab Entwarnung all_clear
# === a visit: arriving is not meeting (a leader lands in a capital, meets someone there later) ===
landing: lands landed arrives arrived eingetroffen gelandet landet прибыл прибыла прилетел
    прилетела прибув прибула прилетів прилетіла
  | meets trifft traf встретился встретилась зустрівся зустрілася
# === people evacuated / returning home ===
evacuate: evacuate evacuates evacuated evacuating evakuiert evakuieren эвакуируют эвакуировали
    эвакуирует евакуюють евакуювали евакуює
  | return returns returning returned возвращаются вернулись повертаються повернулися
    kehren~zurück zurückgekehrt
# === a vote electing someone or failing to ("gewählt" / "verfehlt die Mehrheit") ===
elect: elected gewählt wiedergewählt избран избрана переизбран переизбрана обрано обраний
    обрана переобрано
  | falls_short fell_short verfehlt verfehlte
# === a fault fixed or spreading ("Störung behoben" / "weitet sich aus") ===
fix: fixed resolved behoben устранен устранена устранено устранили усунуто усунули усунено
  | spreads spreading widens weitet_sich ausgeweitet разрастается ширится поширюється
    розширюється
# === schools and lectures in person or remote ===
inperson: очно очне очного очному очній Präsenzunterricht in_person
  | дистанционно дистанционное дистанционного дистанционку дистанційно дистанційне
    дистанційного дистанційку Distanzunterricht Fernunterricht remote
# === a supply cut or back: power, water, heating ("Water restored to homes in Sheffield" /
# "Thousands in Sheffield still without water", two steps of one burst main) ===
supply: restored restores wiederhergestellt восстановлено восстановлена восстановлен
    восстановили відновлено відновлена відновлений відновили
  | still_without remain_without remains_without remained_without left_without weiterhin_ohne
    noch_ohne ohne_Strom ohne_Wasser ohne_Heizung without_power without_water
    without_electricity without_heating остаются_без остается_без остались_без прежнему_без
    еще_без без_света без_воды без_тепла залишаються_без залишається_без залишилися_без
    досі_без без_світла без_води
# === a company's result ===
profit: profit profits прибыль прибыли прибылью прибуток прибутку прибутком
  | loss losses убыток убытком убытки убытка збиток збитку збитком збитки
# === permission ===
allow: allow allows allowed permits permitted erlaubt erlauben genehmigt разрешил разрешила
    разрешили разрешит дозволив дозволила дозволили дозволить
  | bars barred bans banned forbids prohibits verbietet verbieten verboten untersagt запретил
    запретила запретили запретит заборонив заборонила заборонили заборонить
# === measures put in place (lifting them is a state in monitor.dedupe) ===
# ("declares martial law" / "lifts martial law"; not the Russian and Ukrainian "объявил",
# "оголосив", which also announce any news, a resignation the other report tells as "снял")
impose: imposes imposed issues issued declares declared verhängt verhängen ruft~aus rufen~aus
    ausgerufen ввел ввела ввели вводит введены введено введен введена запровадив запровадила
    запровадили запроваджує запроваджено
  | lifts lifted aufgehoben hebt~auf heben~auf снял сняла сняли сняты снято снята скасував
    скасувала скасували скасовано зняли знято зняті
# === contact: a call is not a meeting (the same people talk by phone one day, meet the next) ===
# (the meeting side only as a verb of the event: "meeting", "Treffen", "встреча" also name a
# meeting planned on the call; "getroffen" is also "hit" and "decided", "receives" a delivery)
contact: phone phoned phones telephone telephoned telefoniert telefonierte telefonieren
    telefonierten Telefonat Telefonats Telefongespräch telefonisch телефонный телефонного
    телефонном телефонному телефонную телефону созвонились созвонился созвонилась телефонна
    телефонну телефонної телефонній телефоном зателефонував зателефонувала зателефонували
  | meets hosts hosted trifft traf empfängt empfing встретился встретилась
    встретились встречается зустрівся зустрілася зустрілися зустрічається
# === strength (a storm, a currency, an offensive; a law for or against an institution:
# "Gesetz zur Stärkung" / "zur Beschneidung der Antikorruptionsbehörden") ===
strength: strengthens strengthened intensifies intensified verstärkt усилился усилилась
    укрепился укрепилась посилився посилилася зміцнився зміцнилася strengthening Stärkung
    stärkt усиление укрепление посилення зміцнення
  | weakens weakened abgeschwächt ослаб ослабла ослабел ослабился ослабилась послабився
    послабилася weakening Schwächung schwächt Beschneidung beschneidet ослабление послаблення
# === a race in the polls: one side's lead grows, or the other closes in ("Cuomo closes gap on
# Mamdani" / "Mamdani extends lead over Cuomo": two polls of one day) ===
lead: extends_lead extended_lead widens_lead widened_lead expands_lead expanded_lead
    pulls_ahead pulled_ahead увеличил_отрыв увеличила_отрыв увеличивает_отрыв збільшив_відрив
    збільшила_відрив збільшує_відрив
  | closes_gap closed_gap closing_gap narrows_gap narrowed_gap narrows_lead narrowed_lead
    сократил_отрыв сократила_отрыв сокращает_отрыв скоротив_відрив скоротила_відрив
    скорочує_відрив
"""


def pairs(table: str | None = None) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """The concepts of `table` (by default `TABLE`) in order, each with its positive and its
    negative words (read by `monitor.paraphrase.two_sided_entries`)."""
    return two_sided_entries(TABLE if table is None else table, "opposites",
                             "concept: words | words")
