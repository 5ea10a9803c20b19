"""Build ``veille/resources/kb/countries.jsonl``.

One line per ISO 3166-1 country or territory (plus Kosovo, ``XK``). Names come from
CLDR through babel (fr, en, es, de, it, pt, ru, uk), codes and official names from
pycountry. QIDs, demonyms, capitals, seats of government and the extra forms news
uses come from the hand-written table ``TABLE`` below.

Demonyms are written compactly and expanded per language by ``expand``:

* ``fr``, ``es``, ``it``, ``pt``, ``de``: a lower-case token is an adjective whose
  genders and numbers are generated (``russe`` -> ``russe``, ``russes``); a token that
  starts with an upper-case letter (a noun such as ``Russe``, ``Amerikaner``) or with
  ``=`` is kept as written. In ``it`` a trailing ``~`` asks for the velar plural
  (``tedesco~`` -> ``tedeschi``).
* ``ru``, ``uk``: a token ending in ``ий``/``ый`` is an adjective whose main case forms
  are generated; other tokens are kept as written.
* ``en``: every token is kept as written.

An alias, demonym or capital that two countries share makes the build fail, unless
``OWNER`` gives it to one of them; forms derived from CLDR names (the parts of
``Myanmar (Burma)``) are dropped silently when they collide.

Run from anywhere: ``python tools/build_countries.py``.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pycountry
from babel import Locale

VERSION = "2026.11.1"
DESCRIPTION = (
    "Countries and territories (CLDR names via babel, ISO codes via pycountry) "
    "with demonyms, capitals and seats of government"
)
LANGS = ("fr", "en", "es", "de", "it", "pt", "ru", "uk")
OUT = Path(__file__).resolve().parents[1] / "veille" / "resources" / "kb" / "countries.jsonl"


@dataclass(frozen=True)
class Entry:
    """Hand-written data for one country; ``|`` separates tokens."""

    qid: str | None = None
    name: str | None = None
    fr: str = ""
    en: str = ""
    es: str = ""
    de: str = ""
    it: str = ""
    pt: str = ""
    ru: str = ""
    uk: str = ""
    cap: str = ""
    gov: str = ""
    alias: str = ""


def E(qid: str | None = None, name: str | None = None, **kw: str) -> Entry:
    return Entry(qid, name, **kw)


# Forms shared by several countries: the owner keeps them, the others lose them.
# Keys are normalised (see ``norm``).
OWNER: dict[str, str] = {
    "congo": "CD",  # Reuters/AP style: "Congo" alone is the DRC in most news
    "kongo": "CD",
    "конго": "CD",
    "congolais": "CD",
    "congolaise": "CD",
    "congolaises": "CD",
    "congolese": "CD",
    "congolesi": "CD",
    "congoles": "CD",
    "congolesa": "CD",
    "congolesas": "CD",
    "congoleses": "CD",
    "kongolesisch": "CD",
    "guinean": "GN",
    "guinee": "GN",
    "guineen": "GN",
    "dominican": "DO",
    "dominicain": "DO",
}

# fmt: off
# ---------------------------------------------------------------------------
# Hand-written table.  Capitals: the capital and the seats of government used as
# metonyms, in the eight languages.  Gov: names of the seat of power.
# ---------------------------------------------------------------------------
TABLE: dict[str, Entry] = {
    # ----- Europe ---------------------------------------------------------
    "RU": E(
        "Q159", "Russia",
        fr="russe", en="Russian|Russians", es="ruso", it="russo", pt="russo",
        de="russisch|Russe|Russen|Russin|Russinnen",
        ru="российский|русский|россиянин|россияне|россиян",
        uk="російський|росіянин|росіяни|росіян",
        cap="Moscou|Moscow|Moscú|Moskau|Mosca|Moscovo|Москва|Москвы|Москве|Москву|Москви|Москві",
        gov="Kremlin|le Kremlin|Kreml|Cremlino|Kremlín|Кремль|Кремля|Кремле|Кремлі",
        alias="Russian Federation|Fédération de Russie|Federación de Rusia|Russische Föderation"
        "|Federazione Russa|Federação Russa|Российская Федерация|Російська Федерація|РФ|Россия"
        "|России|Росія|Росії|Rusia|Russland|Rússia",
    ),
    "UA": E(
        "Q212", "Ukraine",
        fr="ukrainien", en="Ukrainian|Ukrainians", es="ucraniano", it="ucraino", pt="ucraniano",
        de="ukrainisch|Ukrainer|Ukrainerin|Ukrainerinnen",
        ru="украинский|украинец|украинцы|украинцев",
        uk="український|українець|українці|українців",
        cap="Kyiv|Kiev|Kiew|Kiïv|Kyïv|Kiiv|Kíev|Kyiv|Київ|Києва|Києві|Киев|Киева|Киеве",
        gov="Bankova|Банкова|Банковой|Банковій",
        alias="Ucrania|Ucraina|Ucrânia|Украина|Украины|Украине|Україна|України|Україні",
    ),
    "BY": E(
        "Q184", "Belarus",
        fr="biélorusse|bélarusse", en="Belarusian|Belarusians|Belarusan|Byelorussian",
        es="bielorruso", it="bielorusso", pt="bielorrusso",
        de="belarussisch|weißrussisch|Belarusse|Belarussen|Weißrusse|Weißrussen",
        ru="белорусский|белорус|белорусы", uk="білоруський|білорус|білоруси",
        cap="Minsk|Мінськ|Минск",
        alias="Biélorussie|Bélarus|Bielorrusia|Weißrussland|Bielorussia|Bielorrússia|Belarús"
        "|Белоруссия|Беларусь|Білорусь|Byelorussia",
    ),
    "PL": E(
        "Q36", "Poland",
        fr="polonais", en="Polish", es="polaco", it="polacco~", pt="polonês|polaco",
        de="polnisch", ru="польский|поляки", uk="польський|поляки",
        cap="Varsovie|Warsaw|Varsovia|Warschau|Varsavia|Varsóvia|Варшава|Варшаве|Варшаві",
        alias="Pologne|Polonia|Polen|Polónia|Polônia|Польша|Польща",
    ),
    "DE": E(
        "Q183", "Germany",
        fr="allemand", en="German|Germans", es="alemán", it="tedesco~",
        pt="=alemão|=alemã|=alemães|=alemãs",
        de="deutsch|Deutsche|Deutscher|Deutschen", ru="немецкий|германский|немцы",
        uk="німецький|німці",
        cap="Berlin|Berlín|Berlino|Berlim|Берлин|Берлін",
        gov="Kanzleramt|Bundeskanzleramt",
        alias="Allemagne|Alemania|Deutschland|Germania|Alemanha|Германия|Німеччина"
        "|République fédérale d'Allemagne|Bundesrepublik|Bundesrepublik Deutschland|BRD|RFA",
    ),
    "FR": E(
        "Q142", "France",
        fr="français", en="French|Frenchman|Frenchmen", es="francés", it="francese",
        pt="francês", de="französisch|Franzose|Franzosen|Französin",
        ru="французский|французы", uk="французький|французи",
        cap="Paris|París|Parigi|Париж|Париже|Парижі",
        gov="Élysée|Elysée|l'Élysée|palais de l'Élysée|Elysee Palace|Eliseo|Élysée-Palast|Matignon"
        "|Quai d'Orsay|Елисейский дворец|Єлисейський палац",
        alias="Francia|Frankreich|França|Франция|Франція|République française",
    ),
    "GB": E(
        "Q145", "United Kingdom",
        fr="britannique", en="British|Briton|Britons|Brit|Brits", es="británico",
        it="britannico", pt="britânico", de="britisch|Brite|Briten|Britin",
        ru="британский|британцы", uk="британський|британці",
        cap="Londres|London|Londra|Лондон|Лондона|Лондоне|Лондоні",
        gov="Downing Street|10 Downing Street|Number 10|Whitehall",
        alias="UK|U.K.|Grande-Bretagne|Great Britain|Britain|Royaume-Uni|Gran Bretaña|Reino Unido"
        "|Großbritannien|Vereinigtes Königreich|Regno Unito|Gran Bretagna|Grã-Bretanha"
        "|Великобритания|Британия|Велика Британія|Британія|Сполучене Королівство"
        "|Соединённое Королевство",
    ),
    "IE": E(
        "Q27", "Ireland",
        fr="irlandais", en="Irish", es="irlandés", it="irlandese", pt="irlandês",
        de="irisch|Iren", ru="ирландский", uk="ірландський",
        cap="Dublin|Dublín|Дублин|Дублін",
        alias="Irlande|Irlanda|Irland|Ирландия|Ірландія|Republic of Ireland|Eire|Éire",
    ),
    "IT": E(
        "Q38", "Italy",
        fr="italien", en="Italian|Italians", es="italiano", it="italiano", pt="italiano",
        de="italienisch|Italiener|Italienerin", ru="итальянский|итальянцы",
        uk="італійський|італійці",
        cap="Rome|Roma|Rom|Рим|Риме|Римі",
        gov="Palazzo Chigi|Farnesina|Quirinale|Quirinal",
        alias="Italie|Italia|Italien|Itália|Италия|Італія",
    ),
    "ES": E(
        "Q29", "Spain",
        fr="espagnol", en="Spanish|Spaniard|Spaniards", es="español", it="spagnolo",
        pt="=espanhol|=espanhola|=espanhóis|=espanholas",
        de="spanisch|Spanier|Spanierin", ru="испанский|испанцы", uk="іспанський|іспанці",
        cap="Madrid|Мадрид|Мадриде|Мадриді",
        gov="Moncloa|La Moncloa|palais de la Moncloa",
        alias="Espagne|España|Spanien|Spagna|Espanha|Испания|Іспанія",
    ),
    "PT": E(
        "Q45", "Portugal",
        fr="portugais", en="Portuguese", es="portugués", it="portoghese", pt="português",
        de="portugiesisch|Portugiese|Portugiesen", ru="португальский", uk="португальський",
        cap="Lisbonne|Lisbon|Lisboa|Lissabon|Lisbona|Лиссабон|Лісабон",
        alias="Portogallo|Португалия|Португалія",
    ),
    "NL": E(
        "Q55", "Netherlands",
        fr="néerlandais|hollandais", en="Dutch|Dutchman|Netherlander",
        es="neerlandés|holandés", it="olandese|neerlandese", pt="neerlandês|holandês",
        de="niederländisch|holländisch|Niederländer|Holländer",
        ru="нидерландский|голландский", uk="нідерландський|голландський",
        cap="Amsterdam|Ámsterdam|Amsterdão|Амстердам|La Haye|The Hague|La Haya|Den Haag"
        "|L'Aia|Haia|Гаага",
        alias="Pays-Bas|Países Bajos|Niederlande|Paesi Bassi|Países Baixos|Нидерланды|Нідерланди"
        "|Holland|Hollande|Holanda|Olanda|Голландия|Голландія",
    ),
    "BE": E(
        "Q31", "Belgium",
        fr="belge", en="Belgian|Belgians", es="belga", it="=belga|=belgi|=belghe",
        pt="belga", de="belgisch|Belgier|Belgierin", ru="бельгийский", uk="бельгійський",
        cap="Bruxelles|Brussels|Bruselas|Brüssel|Bruxelas|Брюссель",
        alias="Belgique|Bélgica|Belgien|Belgio|Бельгия|Бельгія",
    ),
    "LU": E(
        "Q32", "Luxembourg",
        fr="luxembourgeois", en="Luxembourger|Luxembourgish", es="luxemburgués",
        it="lussemburghese", pt="luxemburguês", de="luxemburgisch|Luxemburger",
        ru="люксембургский", uk="люксембурзький",
        cap="Luxembourg|Luxemburgo|Luxemburg|Lussemburgo|Люксембург",
    ),
    "CH": E(
        "Q39", "Switzerland",
        fr="suisse", en="Swiss", es="suizo", it="svizzero", pt="suíço",
        de="schweizerisch|Schweizer|Schweizerin", ru="швейцарский", uk="швейцарський",
        cap="Berne|Bern|Berna|Берн|Берні",
        alias="Suisse|Suiza|Schweiz|Svizzera|Suíça|Швейцария|Швейцарія|Confédération suisse",
    ),
    "AT": E(
        "Q40", "Austria",
        fr="autrichien", en="Austrian|Austrians", es="austriaco|austríaco", it="austriaco",
        pt="austríaco", de="österreichisch|Österreicher|Österreicherin",
        ru="австрийский", uk="австрійський",
        cap="Vienne|Vienna|Viena|Wien|Вена|Відень",
        alias="Autriche|Österreich|Áustria|Австрия|Австрія",
    ),
    "SE": E(
        "Q34", "Sweden",
        fr="suédois", en="Swedish|Swede|Swedes", es="sueco", it="svedese", pt="sueco",
        de="schwedisch|Schwede|Schweden", ru="шведский", uk="шведський",
        cap="Stockholm|Estocolmo|Stoccolma|Стокгольм",
        alias="Suède|Suecia|Svezia|Suécia|Швеция|Швеція",
    ),
    "NO": E(
        "Q20", "Norway",
        fr="norvégien", en="Norwegian|Norwegians", es="noruego", it="norvegese",
        pt="norueguês", de="norwegisch|Norweger|Norwegerin", ru="норвежский",
        uk="норвезький",
        cap="Oslo|Осло",
        alias="Norvège|Noruega|Norwegen|Norvegia|Норвегия|Норвегія",
    ),
    "DK": E(
        "Q35", "Denmark",
        fr="danois", en="Danish|Dane|Danes", es="danés", it="danese", pt="dinamarquês",
        de="dänisch|Däne|Dänen", ru="датский", uk="данський",
        cap="Copenhague|Copenhagen|Kopenhagen|Copenaghen|Copenhaga|Копенгаген",
        alias="Danemark|Dinamarca|Dänemark|Danimarca|Дания|Данія",
    ),
    "FI": E(
        "Q33", "Finland",
        fr="finlandais", en="Finnish|Finns", es="finlandés", it="finlandese",
        pt="finlandês", de="finnisch|Finne|Finnen", ru="финский|финляндский",
        uk="фінський|фінляндський",
        cap="Helsinki|Helsingfors|Хельсинки|Гельсінкі",
        alias="Finlande|Finlandia|Finnland|Finlândia|Финляндия|Фінляндія",
    ),
    "IS": E(
        "Q189", "Iceland",
        fr="islandais", en="Icelandic|Icelanders", es="islandés", it="islandese",
        pt="islandês", de="isländisch|Isländer", ru="исландский", uk="ісландський",
        cap="Reykjavik|Reikiavik|Reykjavík|Рейкьявик|Рейк'явік",
        alias="Islande|Islandia|Island|Islanda|Islândia|Исландия|Ісландія",
    ),
    "EE": E(
        "Q191", "Estonia",
        fr="estonien", en="Estonian|Estonians", es="estonio", it="=estone|=estoni",
        pt="estoniano|estónio|estônio", de="estnisch|Esten", ru="эстонский",
        uk="естонський",
        cap="Tallinn|Tallin|Таллин|Таллінн",
        alias="Estonie|Estland|Estónia|Estônia|Эстония|Естонія",
    ),
    "LV": E(
        "Q211", "Latvia",
        fr="letton|=lettone|=lettones", en="Latvian|Latvians", es="letón", it="=lettone|=lettoni",
        pt="=letão|=letã|=letões", de="lettisch|Lette|Letten", ru="латвийский|латышский",
        uk="латвійський|латиський",
        cap="Riga|Rīga|Рига",
        alias="Lettonie|Letonia|Lettland|Lettonia|Letónia|Letônia|Латвия|Латвія",
    ),
    "LT": E(
        "Q37", "Lithuania",
        fr="lituanien", en="Lithuanian|Lithuanians", es="lituano", it="lituano",
        pt="lituano", de="litauisch|Litauer", ru="литовский", uk="литовський",
        cap="Vilnius|Vilna|Wilna|Вильнюс|Вільнюс",
        alias="Lituanie|Lituania|Litauen|Lituânia|Литва",
    ),
    "CZ": E(
        "Q213", "Czech Republic",
        fr="tchèque", en="Czech|Czechs", es="checo", it="ceco~", pt="checo|tcheco",
        de="tschechisch|Tscheche|Tschechen", ru="чешский", uk="чеський",
        cap="Prague|Praga|Prag|Прага|Праге|Празі",
        alias="République tchèque|Czechia|Tchéquie|República Checa|Chequia|Tschechien"
        "|Tschechische Republik|Repubblica Ceca|Cechia|Chéquia|Tchéquia|República Tcheca"
        "|Чехия|Чехія|Чешская Республика",
    ),
    "SK": E(
        "Q214", "Slovakia",
        fr="slovaque", en="Slovak|Slovaks|Slovakian", es="eslovaco", it="slovacco~",
        pt="eslovaco", de="slowakisch|Slowake|Slowaken", ru="словацкий", uk="словацький",
        cap="Bratislava|Братислава",
        alias="Slovaquie|Eslovaquia|Slowakei|Slovacchia|Eslováquia|Словакия|Словаччина",
    ),
    "HU": E(
        "Q28", "Hungary",
        fr="hongrois", en="Hungarian|Hungarians", es="húngaro", it="ungherese",
        pt="húngaro", de="ungarisch|Ungar|Ungarn", ru="венгерский", uk="угорський",
        cap="Budapest|Budapeste|Будапешт",
        alias="Hongrie|Hungría|Ungheria|Hungria|Венгрия|Угорщина",
    ),
    "RO": E(
        "Q218", "Romania",
        fr="roumain", en="Romanian|Romanians", es="rumano", it="rumeno", pt="romeno",
        de="rumänisch|Rumäne|Rumänen", ru="румынский", uk="румунський",
        cap="Bucarest|Bucharest|Bukarest|Bucareste|Бухарест",
        alias="Roumanie|Rumania|Rumänien|Roménia|Romênia|Румыния|Румунія",
    ),
    "BG": E(
        "Q219", "Bulgaria",
        fr="bulgare", en="Bulgarian|Bulgarians", es="búlgaro", it="bulgaro", pt="búlgaro",
        de="bulgarisch|Bulgare|Bulgaren", ru="болгарский", uk="болгарський",
        cap="Sofia|Sofía|София|Софія",
        alias="Bulgarie|Bulgarien|Bulgária|Болгария|Болгарія",
    ),
    "GR": E(
        "Q41", "Greece",
        fr="=grec|=grecs|=grecque|=grecques", en="Greek|Greeks", es="griego",
        it="=greco|=greca|=greci|=greche",
        pt="grego", de="griechisch|Grieche|Griechen", ru="греческий", uk="грецький",
        cap="Athènes|Athens|Atenas|Athen|Atene|Афины|Афіни",
        alias="Grèce|Grecia|Griechenland|Grécia|Греция|Греція|Hellas",
    ),
    "CY": E(
        "Q229", "Cyprus",
        fr="chypriote|cypriote", en="Cypriot|Cypriots", es="chipriota", it="cipriota",
        pt="cipriota", de="zyprisch|Zyprer|Zypriot|Zyprioten", ru="кипрский", uk="кіпрський",
        cap="Nicosie|Nicosia|Nikosia|Никосия|Нікосія",
        alias="Chypre|Chipre|Zypern|Cipro|Кипр|Кіпр",
    ),
    "MT": E(
        "Q233", "Malta",
        fr="maltais", en="Maltese", es="maltés", it="maltese", pt="maltês",
        de="maltesisch|Malteser", ru="мальтийский", uk="мальтійський",
        cap="La Valette|Valletta|La Valeta|Валлетта|Валлетта",
        alias="Malte|Мальта",
    ),
    "HR": E(
        "Q224", "Croatia",
        fr="croate", en="Croatian|Croats|Croat", es="croata", it="croato", pt="croata",
        de="kroatisch|Kroate|Kroaten", ru="хорватский", uk="хорватський",
        cap="Zagreb|Zagabria|Zagrebe|Загреб",
        alias="Croatie|Kroatien|Croazia|Croácia|Хорватия|Хорватія",
    ),
    "SI": E(
        "Q215", "Slovenia",
        fr="slovène", en="Slovenian|Slovene|Slovenians", es="esloveno", it="sloveno",
        pt="esloveno", de="slowenisch|Slowene|Slowenen", ru="словенский", uk="словенський",
        cap="Ljubljana|Liubliana|Lubiana|Liubliana|Любляна",
        alias="Slovénie|Eslovenia|Slowenien|Eslovénia|Eslovênia|Словения|Словенія",
    ),
    "RS": E(
        "Q403", "Serbia",
        fr="serbe", en="Serbian|Serbs|Serb", es="serbio", it="serbo", pt="sérvio",
        de="serbisch|Serbe|Serben", ru="сербский", uk="сербський",
        cap="Belgrade|Belgrado|Belgrad|Белград",
        alias="Serbie|Serbien|Sérvia|Сербия|Сербія",
    ),
    "BA": E(
        "Q225", "Bosnia and Herzegovina",
        fr="bosnien|bosniaque", en="Bosnian|Bosnians", es="bosnio", it="bosniaco",
        pt="bósnio", de="bosnisch|Bosnier", ru="боснийский", uk="боснійський",
        cap="Sarajevo|Sarajewo|Сараево|Сараєво",
        alias="Bosnie|Bosnia|Bosnien|Bósnia|Босния|Боснія|Bosnie-et-Herzégovine|BiH",
    ),
    "ME": E(
        "Q236", "Montenegro",
        fr="monténégrin", en="Montenegrin|Montenegrins", es="montenegrino",
        it="montenegrino", pt="montenegrino", de="montenegrinisch|Montenegriner",
        ru="черногорский", uk="чорногорський",
        cap="Podgorica|Подгорица|Подгориця",
        alias="Monténégro|Черногория|Чорногорія",
    ),
    "AL": E(
        "Q222", "Albania",
        fr="albanais", en="Albanian|Albanians", es="albanés", it="albanese", pt="albanês",
        de="albanisch|Albaner", ru="албанский", uk="албанський",
        cap="Tirana|Tirane|Tiranë|Тирана",
        alias="Albanie|Albanien|Albânia|Албания|Албанія",
    ),
    "MK": E(
        "Q221", "North Macedonia",
        fr="macédonien|nord-macédonien", en="Macedonian|Macedonians|North Macedonian",
        es="macedonio|normacedonio", it="=macedone|=macedoni", pt="macedônio|macedónio",
        de="mazedonisch|nordmazedonisch|Mazedonier", ru="македонский|северомакедонский",
        uk="македонський|північномакедонський",
        cap="Skopje|Skopie|Skopje|Üsküb|Скопье|Скоп'є",
        alias="Macédoine|Macédoine du Nord|Macedonia|Macedonia del Norte|Nordmazedonien"
        "|Mazedonien|Macedonia del Nord|Macedônia do Norte|Macedónia do Norte|Северная Македония"
        "|Македония|Північна Македонія|Македонія",
    ),
    "XK": E(
        "Q1246", "Kosovo",
        fr="kosovar", en="Kosovar|Kosovars|Kosovan", es="=kosovar|=kosovares",
        it="kosovaro", pt="=kosovar|=kosovares", de="kosovarisch|Kosovare|Kosovaren",
        ru="косовский", uk="косовський",
        cap="Pristina|Priština|Prishtina|Prishtinë|Приштина|Приштина",
        alias="Kosova|Kósovo|Косово|Republic of Kosovo|République du Kosovo",
    ),
    "MD": E(
        "Q217", "Moldova",
        fr="moldave", en="Moldovan|Moldovans", es="moldavo", it="moldavo", pt="moldavo",
        de="moldauisch|moldawisch|Moldauer", ru="молдавский|молдавский|молдаванин",
        uk="молдовський|молдавський",
        cap="Chisinau|Chișinău|Kichinev|Chişinău|Kischinau|Chisináu|Кишинёв|Кишинев|Кишинів",
        alias="Moldavie|Moldavia|Moldau|Moldawien|Moldávia|Молдавия|Молдова|Молдова"
        "|République de Moldavie|Republic of Moldova",
    ),
    "TR": E(
        "Q43", "Turkey",
        fr="=turc|=turcs|=turque|=turques", en="Turkish|Turks", es="turco",
        it="=turco|=turca|=turchi|=turche", pt="turco",
        de="türkisch|Türke|Türken|Türkin", ru="турецкий|турки", uk="турецький|турки",
        cap="Ankara|Анкара|Анкаре|Анкарі",
        alias="Turquie|Türkiye|Turkiye|Turquía|Türkei|Turchia|Turquia|Турция|Туреччина"
        "|République de Turquie|Republic of Türkiye",
    ),
    "GE": E(
        "Q230", "Georgia",
        fr="géorgien", en="Georgian|Georgians", es="georgiano", it="georgiano",
        pt="georgiano", de="georgisch|Georgier", ru="грузинский|грузины", uk="грузинський|грузини",
        cap="Tbilissi|Tbilisi|Tiflis|Тбилиси|Тбілісі",
        alias="Géorgie|Georgien|Geórgia|Грузия|Грузія|Sakartvelo",
    ),
    "AM": E(
        "Q399", "Armenia",
        fr="arménien", en="Armenian|Armenians", es="armenio", it="armeno",
        pt="armênio|arménio", de="armenisch|Armenier", ru="армянский|армяне",
        uk="вірменський|вірмени",
        cap="Erevan|Yerevan|Ereván|Eriwan|Jerewan|Ierevan|Ереван|Єреван",
        alias="Arménie|Armenien|Arménia|Armênia|Армения|Вірменія",
    ),
    "AZ": E(
        "Q227", "Azerbaijan",
        fr="azerbaïdjanais|azéri|=azerbaidjanais", en="Azerbaijani|Azerbaijanis|Azeri|Azeris",
        es="azerbaiyano|azerí", it="=azero|=azera|=azeri|=azere|azerbaigiano",
        pt="azerbaijano|azeri", de="aserbaidschanisch|Aserbaidschaner",
        ru="азербайджанский|азербайджанцы", uk="азербайджанський|азербайджанці",
        cap="Bakou|Baku|Bakú|Баку",
        alias="Azerbaïdjan|Azerbaiyán|Aserbaidschan|Azerbaigian|Azerbaijão|Azerbaidjan"
        "|Азербайджан",
    ),
    "VA": E(
        "Q237", "Vatican City",
        fr="vatican", en="Vatican", es="vaticano", it="vaticano", pt="vaticano",
        de="vatikanisch", ru="ватиканский", uk="ватиканський",
        cap="Cité du Vatican|Città del Vaticano",
        gov="Saint-Siège|Holy See|Santa Sede|Heiliger Stuhl|Святой Престол|Святий Престол",
        alias="Vatican|Vaticano|Vatikan|Vatikanstadt|Ватикан",
    ),
    "MC": E("Q235", "Monaco", fr="monégasque", en="Monegasque", es="monegasco",
            it="monegasco~", pt="monegasco", de="monegassisch", ru="монакский",
            uk="монакський", cap="Monaco|Mónaco|Монако", alias="Principauté de Monaco"),
    "LI": E("Q347", "Liechtenstein", fr="liechtensteinois", en="Liechtensteiner",
            de="liechtensteinisch", cap="Vaduz|Вадуц"),
    "AD": E("Q228", "Andorra", fr="andorran", en="Andorran", es="andorrano",
            it="andorrano", pt="andorrano", de="andorranisch",
            cap="Andorre-la-Vieille|Andorra la Vella|Andorra la Vieja"),
    "SM": E("Q238", "San Marino", fr="saint-marinais", en="Sammarinese",
            it="sammarinese", cap="Saint-Marin|Città di San Marino"),
    # ----- Middle East ----------------------------------------------------
    "IL": E(
        "Q801", "Israel",
        fr="israélien", en="Israeli|Israelis", es="israelí", it="israeliano",
        pt="israelense|israelita", de="israelisch|Israeli|Israelis", ru="израильский|израильтяне",
        uk="ізраїльський|ізраїльтяни",
        cap="Jérusalem|Jerusalem|Jerusalén|Gerusalemme|Jerusalém|Иерусалим|Єрусалим"
        "|Tel-Aviv|Tel Aviv|Tel Aviv-Yafo|Тель-Авив|Тель-Авів",
        alias="Israël|Israele|Израиль|Израиля|Ізраїль|Ізраїлю|État d'Israël|State of Israel"
        "|État hébreu|Estado hebreo|Stato ebraico|jüdischer Staat",
    ),
    # "palestinien", "Palestinians": the people (civilians, prisoners, militants), not a
    # state acting; the news names its actors (Hamas, the Palestinian Authority), so the
    # demonyms name no country here
    "PS": E(
        "Q219060", "Palestine",
        cap="Ramallah|Ramala|Рамалла|Рамалла",
        alias="State of Palestine|État de Palestine|Estado de Palestina|Staat Palästina"
        "|Stato di Palestina|Estado da Palestina|Palestina|Palästina|Палестина",
    ),
    "LB": E(
        "Q822", "Lebanon",
        fr="libanais", en="Lebanese", es="libanés", it="libanese", pt="libanês",
        de="libanesisch|Libanese|Libanesen", ru="ливанский", uk="ліванський",
        cap="Beyrouth|Beirut|Beirute|Бейрут|Бейруті",
        alias="Liban|Líbano|Libanon|Libano|Ливан|Ліван",
    ),
    "SY": E(
        "Q858", "Syria",
        fr="syrien", en="Syrian|Syrians", es="sirio", it="siriano", pt="sírio",
        de="syrisch|Syrer|Syrerin", ru="сирийский|сирийцы", uk="сирійський|сирійці",
        cap="Damas|Damascus|Damasco|Damaskus|Дамаск|Дамаску",
        alias="Syrie|Siria|Syrien|Síria|Сирия|Сирія|République arabe syrienne"
        "|Syrian Arab Republic",
    ),
    "JO": E(
        "Q810", "Jordan",
        fr="jordanien", en="Jordanian|Jordanians", es="jordano", it="giordano",
        pt="jordaniano|jordano", de="jordanisch|Jordanier", ru="иорданский", uk="йорданський",
        cap="Amman|Ammán|Amã|Амман",
        alias="Jordanie|Jordania|Jordanien|Giordania|Jordânia|Иордания|Йорданія"
        "|Hashemite Kingdom of Jordan",
    ),
    "IQ": E(
        "Q796", "Iraq",
        fr="irakien", en="Iraqi|Iraqis", es="iraquí", it="iracheno", pt="iraquiano",
        de="irakisch|Iraker|Irakerin", ru="иракский", uk="іракський",
        cap="Bagdad|Baghdad|Bagdá|Bagdade|Багдад",
        alias="Irak|Iraque|Ирак|Ірак",
    ),
    "IR": E(
        "Q794", "Iran",
        fr="iranien", en="Iranian|Iranians", es="iraní", it="iraniano", pt="iraniano",
        de="iranisch|Iraner|Iranerin", ru="иранский", uk="іранський",
        cap="Téhéran|Tehran|Teherán|Teheran|Teerã|Teerão|Тегеран|Тегерана|Тегерані",
        alias="Irán|Irã|Irão|Иран|Іран|République islamique d'Iran|Islamic Republic of Iran"
        "|República Islámica de Irán|Islamische Republik Iran|Repubblica islamica dell'Iran"
        "|Persia|Perse",
    ),
    "SA": E(
        "Q851", "Saudi Arabia",
        fr="saoudien", en="Saudi|Saudis", es="saudí|saudita", it="saudita",
        pt="saudita", de="saudisch|saudi-arabisch|Saudi|Saudis", ru="саудовский",
        uk="саудівський",
        cap="Riyad|Riyadh|Riad|Riade|Эр-Рияд|Эр-Рияде|Ер-Ріяд",
        alias="Arabie saoudite|Arabia Saudita|Arabia Saudí|Saudi-Arabien|Arábia Saudita"
        "|Саудовская Аравия|Саудівська Аравія|KSA|royaume saoudien|Saudi Kingdom",
    ),
    "YE": E(
        "Q805", "Yemen",
        fr="yéménite", en="Yemeni|Yemenis", es="yemení", it="yemenita", pt="iemenita",
        de="jemenitisch|Jemenit|Jemeniten", ru="йеменский", uk="єменський",
        cap="Sanaa|Sana'a|Saná|Sanaá|Sana|Сана|Aden|Adén|Аден",
        alias="Yémen|Jemen|Iémen|Йемен|Ємен",
    ),
    "OM": E(
        "Q842", "Oman",
        fr="omanais", en="Omani|Omanis", es="omaní", it="omanita", pt="omanense|omani",
        de="omanisch", ru="оманский", uk="оманський",
        cap="Mascate|Muscat|Maskat|Moscato|Маскат",
        alias="Omán|Omã|Оман|Sultanat d'Oman|Sultanate of Oman",
    ),
    "AE": E(
        "Q878", "United Arab Emirates",
        fr="émirien|émirati", en="Emirati|Emiratis", es="emiratí", it="emiratino",
        pt="emiradense|emiratense", de="emiratisch", ru="эмиратский", uk="еміратський",
        cap="Abou Dhabi|Abu Dhabi|Abu Dabi|Abu Zabi|Абу-Даби|Абу-Дабі",
        alias="UAE|EAU|Émirats arabes unis|Emirats arabes unis|Emiratos Árabes Unidos"
        "|Vereinigte Arabische Emirate|VAE|Emirati Arabi Uniti|Emirados Árabes Unidos"
        "|Объединённые Арабские Эмираты|Объединенные Арабские Эмираты|ОАЭ"
        "|Об'єднані Арабські Емірати|ОАЕ|Emirates|Émirats",
    ),
    "QA": E(
        "Q846", "Qatar",
        fr="qatari|qatarien", en="Qatari|Qataris", es="catarí|qatarí", it="qatariota|=qatarino",
        pt="catari|catariano|qatari", de="katarisch|Katarer", ru="катарский", uk="катарський",
        cap="Doha|Doa|Доха|Досі",
        alias="Katar|Catar|Катар",
    ),
    "BH": E(
        "Q398", "Bahrain",
        fr="bahreïni|bahreïnien", en="Bahraini|Bahrainis", es="bareiní|bahreiní",
        it="=bahreinita|=bahreiniti|=bahrenita", pt="bareinita|bahreinita", de="bahrainisch",
        ru="бахрейнский", uk="бахрейнський",
        cap="Manama|Манама",
        alias="Bahreïn|Baréin|Bahréin|Barém|Bahrein|Бахрейн",
    ),
    "KW": E(
        "Q817", "Kuwait",
        fr="koweïtien", en="Kuwaiti|Kuwaitis", es="kuwaití", it="kuwaitiano",
        pt="kuwaitiano|kuaitiano", de="kuwaitisch", ru="кувейтский", uk="кувейтський",
        cap="Koweït City|Kuwait City|Ciudad de Kuwait|Kuwait-Stadt|Эль-Кувейт",
        alias="Koweït|Kuweit|Kuaite|Кувейт",
    ),
    "EG": E(
        "Q79", "Egypt",
        fr="égyptien", en="Egyptian|Egyptians", es="egipcio", it="egiziano", pt="egípcio",
        de="ägyptisch|Ägypter|Ägypterin", ru="египетский", uk="єгипетський",
        cap="Le Caire|Cairo|El Cairo|Kairo|Il Cairo|Каир|Каире|Каїр",
        alias="Égypte|Egipto|Ägypten|Egitto|Egito|Egipto|Египет|Єгипет",
    ),
    # ----- North Africa, Sahel, Africa -----------------------------------
    "LY": E(
        "Q1016", "Libya",
        fr="libyen", en="Libyan|Libyans", es="libio", it="libico", pt="líbio",
        de="libysch|Libyer", ru="ливийский", uk="лівійський",
        cap="Tripoli|Trípoli|Tripolis|Триполи|Тріполі",
        alias="Libye|Libia|Libyen|Líbia|Ливия|Лівія",
    ),
    "TN": E(
        "Q948", "Tunisia",
        fr="tunisien", en="Tunisian|Tunisians", es="tunecino", it="tunisino",
        pt="tunisino|tunisiano", de="tunesisch|Tunesier", ru="тунисский", uk="туніський",
        cap="Tunis|Túnez|Tunisi|Túnis|Тунис|Туніс",
        alias="Tunisie|Túnez|Tunesien|Tunisia|Tunísia|Тунис|Туніс",
    ),
    "DZ": E(
        "Q262", "Algeria",
        fr="algérien", en="Algerian|Algerians", es="argelino", it="algerino", pt="argelino",
        de="algerisch|Algerier", ru="алжирский", uk="алжирський",
        cap="Alger|Algiers|Argel|Algier|Algeri|Алжир",
        alias="Algérie|Argelia|Algerien|Argélia|Алжир",
    ),
    "MA": E(
        "Q1028", "Morocco",
        fr="marocain", en="Moroccan|Moroccans", es="marroquí", it="marocchino",
        pt="marroquino", de="marokkanisch|Marokkaner", ru="марокканский", uk="марокканський",
        cap="Rabat|Рабат",
        alias="Maroc|Marruecos|Marokko|Marocco|Marrocos|Марокко",
    ),
    "MR": E(
        "Q1025", "Mauritania",
        fr="mauritanien", en="Mauritanian", es="mauritano", it="mauritano", pt="mauritano",
        de="mauretanisch", ru="мавританский", uk="мавританський",
        cap="Nouakchott|Nuakchot|Нуакшот",
        alias="Mauritanie|Mauretanien|Mauritânia|Мавритания|Мавританія",
    ),
    "SD": E(
        "Q1049", "Sudan",
        fr="soudanais", en="Sudanese", es="sudanés", it="sudanese", pt="sudanês",
        de="sudanesisch|Sudanese|Sudanesen", ru="суданский", uk="суданський",
        cap="Khartoum|Jartum|Khartum|Cartum|Хартум|Port-Soudan|Port Sudan|Puerto Sudán"
        "|Port Sudan|Порт-Судан",
        alias="Soudan|Sudán|Sudão|Судан",
    ),
    "SS": E(
        "Q958", "South Sudan",
        fr="sud-soudanais", en="South Sudanese", es="sursudanés", it="sudsudanese",
        pt="sul-sudanês", de="südsudanesisch", ru="южносуданский", uk="південносуданський",
        cap="Juba|Djouba|Yuba|Джуба",
        alias="Soudan du Sud|Sudán del Sur|Südsudan|Sud Sudan|Sudão do Sul|Южный Судан"
        "|Південний Судан",
    ),
    "ET": E(
        "Q115", "Ethiopia",
        fr="éthiopien", en="Ethiopian|Ethiopians", es="etíope", it="=etiope|=etiopi",
        pt="etíope", de="äthiopisch|Äthiopier", ru="эфиопский", uk="ефіопський",
        cap="Addis-Abeba|Addis Ababa|Adís Abeba|Addis Abeba|Adis Abeba|Аддис-Абеба|Аддис-Абеба",
        alias="Éthiopie|Etiopía|Äthiopien|Etiopia|Etiópia|Эфиопия|Ефіопія",
    ),
    "ER": E(
        "Q986", "Eritrea",
        fr="érythréen", en="Eritrean|Eritreans", es="eritreo", it="eritreo", pt="eritreu",
        de="eritreisch|Eritreer", ru="эритрейский", uk="еритрейський",
        cap="Asmara|Асмэра|Асмара",
        alias="Érythrée|Eritrée|Eritreia|Эритрея|Еритрея",
    ),
    "DJ": E(
        "Q977", "Djibouti",
        fr="djiboutien", en="Djiboutian", es="yibutiano", it="gibutiano", pt="djibutiano",
        de="dschibutisch", ru="джибутийский", uk="джибутійський",
        cap="Djibouti|Yibuti|Dschibuti|Gibuti|Djibuti|Джибути|Джибуті",
    ),
    "SO": E(
        "Q1045", "Somalia",
        fr="somalien", en="Somali|Somalis|Somalian", es="somalí", it="=somalo|=somala|=somali",
        pt="=somali|=somalis|somaliano", de="somalisch|Somalier", ru="сомалийский",
        uk="сомалійський",
        cap="Mogadiscio|Mogadishu|Mogadischu|Mogadíscio|Могадишо|Могадішо",
        alias="Somalie|Somália|Сомали|Сомалі",
    ),
    "KE": E(
        "Q114", "Kenya",
        fr="kényan|kenyan", en="Kenyan|Kenyans", es="keniano|keniata", it="keniota|keniano",
        pt="queniano", de="kenianisch|Kenianer", ru="кенийский", uk="кенійський",
        cap="Nairobi|Найроби|Найробі",
        alias="Kenia|Quênia|Quénia|Кения|Кенія",
    ),
    "UG": E(
        "Q1036", "Uganda",
        fr="ougandais", en="Ugandan|Ugandans", es="ugandés", it="ugandese", pt="ugandês",
        de="ugandisch", ru="угандийский", uk="угандійський",
        cap="Kampala|Кампала",
        alias="Ouganda|Уганда",
    ),
    "TZ": E(
        "Q924", "Tanzania",
        fr="tanzanien", en="Tanzanian", es="tanzano", it="tanzaniano", pt="tanzaniano",
        de="tansanisch", ru="танзанийский", uk="танзанійський",
        cap="Dodoma|Додома",
        alias="Tanzanie|Tansania|Tanzânia|Танзания|Танзанія",
    ),
    "RW": E(
        "Q1037", "Rwanda",
        fr="rwandais", en="Rwandan|Rwandans", es="ruandés", it="ruandese", pt="ruandês",
        de="ruandisch|Ruander", ru="руандийский", uk="руандійський",
        cap="Kigali|Кигали|Кігалі",
        alias="Ruanda|Ruanda|Руанда",
    ),
    "BI": E(
        "Q967", "Burundi",
        fr="burundais", en="Burundian|Burundians", es="burundés", it="burundese",
        pt="burundinês", de="burundisch", ru="бурундийский", uk="бурундійський",
        cap="Gitega|Bujumbura|Бужумбура|Гитега",
        alias="Бурунди|Бурунді",
    ),
    "CD": E(
        "Q974", "Democratic Republic of the Congo",
        fr="congolais", en="Congolese", es="congoleño", it="congolese", pt="congolês",
        de="kongolesisch|Kongolese|Kongolesen", ru="конголезский", uk="конголезький",
        cap="Kinshasa|Киншаса|Кіншаса",
        alias="RDC|RD Congo|DRC|DR Congo|D.R. Congo|Congo-Kinshasa|République démocratique du Congo"
        "|Democratic Republic of Congo|República Democrática del Congo"
        "|Demokratische Republik Kongo|Repubblica Democratica del Congo"
        "|República Democrática do Congo|Демократическая Республика Конго|ДР Конго|ДРК"
        "|Демократична Республіка Конго|Congo|Kongo|Конго",
    ),
    "CG": E(
        "Q971", "Republic of the Congo",
        cap="Brazzaville|Браззавиль|Браззавіль",
        alias="Congo-Brazzaville|République du Congo|Republic of Congo|República del Congo"
        "|Republik Kongo|Repubblica del Congo|Республика Конго|Республіка Конго",
    ),
    "CF": E(
        "Q929", "Central African Republic",
        fr="centrafricain", en="Central African", es="centroafricano", it="centrafricano",
        pt="centro-africano", de="zentralafrikanisch", ru="центральноафриканский",
        uk="центральноафриканський",
        cap="Bangui|Банги|Бангі",
        alias="Centrafrique|RCA|République centrafricaine|República Centroafricana"
        "|Zentralafrikanische Republik|Repubblica Centrafricana|República Centro-Africana"
        "|Центральноафриканская Республика|Центральноафриканська Республіка",
    ),
    "CM": E(
        "Q1009", "Cameroon",
        fr="camerounais", en="Cameroonian|Cameroonians", es="camerunés", it="camerunese",
        pt="camaronês", de="kamerunisch|Kameruner", ru="камерунский", uk="камерунський",
        cap="Yaoundé|Yaundé|Jaunde|Яунде",
        alias="Cameroun|Camerún|Kamerun|Camerun|Camarões|Камерун",
    ),
    "TD": E(
        "Q657", "Chad",
        fr="tchadien", en="Chadian|Chadians", es="chadiano", it="ciadiano", pt="chadiano",
        de="tschadisch", ru="чадский", uk="чадський",
        cap="N'Djamena|Ndjamena|N’Djamena|Yamena|Нджамена",
        alias="Tchad|Tschad|Ciad|Чад",
    ),
    "NE": E(
        "Q1032", "Niger",
        fr="nigérien", en="Nigerien|Nigeriens", es="nigerino", it="nigerino",
        pt="nigerino", de="nigrisch", ru="нигерский", uk="нігерський",
        cap="Niamey|Niamei|Ниамей|Ніамей",
        alias="Níger|Нигер|Нігер",
    ),
    "NG": E(
        "Q1033", "Nigeria",
        fr="nigérian|nigérian", en="Nigerian|Nigerians", es="nigeriano", it="nigeriano",
        pt="nigeriano", de="nigerianisch|Nigerianer", ru="нигерийский", uk="нігерійський",
        cap="Abuja|Abudja|Абуджа",
        alias="Nigéria|Нигерия|Нігерія",
    ),
    "ML": E(
        "Q912", "Mali",
        fr="malien", en="Malian|Malians", es="maliense", it="maliano", pt="maliano",
        de="malisch", ru="малийский", uk="малійський",
        cap="Bamako|Бамако",
        alias="Malí|Мали|Малі",
    ),
    "BF": E(
        "Q965", "Burkina Faso",
        fr="burkinabè|burkinabé", en="Burkinabe|Burkinabè",
        es="=burkinés|=burkinesa|=burkineses|=burkinabé", it="burkinabé",
        pt="burquinense|burkinabe", de="burkinisch", ru="буркинийский", uk="буркінійський",
        cap="Ouagadougou|Uagadugú|Wagadugu|Уагадугу",
        alias="Burkina|Буркина-Фасо|Буркіна-Фасо",
    ),
    "SN": E(
        "Q1041", "Senegal",
        fr="sénégalais", en="Senegalese", es="senegalés", it="senegalese", pt="senegalês",
        de="senegalesisch", ru="сенегальский", uk="сенегальський",
        cap="Dakar|Дакар",
        alias="Sénégal|Senegal|Сенегал",
    ),
    "GN": E(
        "Q1006", "Guinea",
        fr="guinéen", en="Guinean|Guineans", es="guineano", it="guineano", pt="guineense",
        de="guineisch", ru="гвинейский", uk="гвінейський",
        cap="Conakry|Conakri|Konakry|Конакри|Конакрі",
        alias="Guinée|Guinée-Conakry|Guinea-Conakry|Гвинея|Гвінея",
    ),
    "CI": E(
        "Q1008", "Ivory Coast",
        fr="ivoirien", en="Ivorian|Ivorians", es="marfileño", it="ivoriano", pt="marfinense",
        de="ivorisch", ru="ивуарийский", uk="івуарійський",
        cap="Abidjan|Abiyán|Абиджан|Абіджан|Yamoussoukro|Ямусукро",
        alias="Côte d'Ivoire|Cote d'Ivoire|Costa de Marfil|Elfenbeinküste|Costa d'Avorio"
        "|Costa do Marfim|Кот-д'Ивуар|Кот-д'Івуар|Берег Слоновой Кости",
    ),
    "GH": E(
        "Q117", "Ghana",
        fr="ghanéen", en="Ghanaian|Ghanaians", es="ghanés", it="ghanese", pt="ganês",
        de="ghanaisch", ru="ганский", uk="ганський",
        cap="Accra|Acra|Аккра",
        alias="Gana|Гана",
    ),
    "TG": E("Q945", "Togo", fr="togolais", en="Togolese", es="togolés", it="togolese",
            pt="togolês", de="togoisch", cap="Lomé|Ломе", alias="Того"),
    "BJ": E("Q962", "Benin", fr="béninois", en="Beninese", es="beninés", it="beninese",
            pt="beninense", de="beninisch", cap="Porto-Novo|Cotonou|Котону",
            alias="Bénin|Benín|Бенин|Бенін"),
    "ZA": E(
        "Q258", "South Africa",
        fr="sud-africain", en="South African|South Africans", es="sudafricano",
        it="sudafricano", pt="sul-africano", de="südafrikanisch|Südafrikaner",
        ru="южноафриканский", uk="південноафриканський",
        cap="Pretoria|Pretória|Претория|Преторія",
        alias="Afrique du Sud|Sudáfrica|Südafrika|Sudafrica|África do Sul|ЮАР"
        "|Южно-Африканская Республика|Південно-Африканська Республіка",
    ),
    "MZ": E(
        "Q1029", "Mozambique",
        fr="mozambicain", en="Mozambican", es="mozambiqueño", it="mozambicano",
        pt="moçambicano", de="mosambikanisch", ru="мозамбикский", uk="мозамбіцький",
        cap="Maputo|Мапуту",
        alias="Mosambik|Mozambico|Moçambique|Мозамбик|Мозамбік",
    ),
    "AO": E(
        "Q916", "Angola",
        fr="angolais", en="Angolan", es="angoleño", it="angolano", pt="angolano",
        de="angolanisch", ru="ангольский", uk="ангольський",
        cap="Luanda|Луанда",
        alias="Ангола",
    ),
    "ZW": E(
        "Q954", "Zimbabwe",
        fr="zimbabwéen", en="Zimbabwean", es="zimbabuense", it="zimbabwese",
        pt="zimbabuano", de="simbabwisch", ru="зимбабвийский", uk="зімбабвійський",
        cap="Harare|Хараре",
        alias="Zimbabue|Simbabwe|Zimbábue|Зимбабве|Зімбабве",
    ),
    "ZM": E("Q953", "Zambia", fr="zambien", en="Zambian", es="zambiano", it="zambiano",
            pt="zambiano", de="sambisch", cap="Lusaka|Лусака",
            alias="Zambie|Sambia|Zâmbia|Замбия|Замбія"),
    "NA": E("Q1030", "Namibia", fr="namibien", en="Namibian", es="namibio",
            it="namibiano", pt="namibiano", de="namibisch", cap="Windhoek|Виндхук|Віндгук",
            alias="Namibie|Namíbia|Намибия|Намібія"),
    "BW": E("Q963", "Botswana", en="Botswanan|Motswana", cap="Gaborone|Габороне"),
    "MG": E("Q1019", "Madagascar", fr="malgache", en="Malagasy", es="malgache",
            it="malgascio", pt="malgaxe", de="madagassisch", cap="Antananarivo|Антананариву"),
    # ----- Asia -----------------------------------------------------------
    "CN": E(
        "Q148", "China",
        fr="chinois", en="Chinese", es="chino", it="cinese", pt="chinês",
        de="chinesisch|Chinese|Chinesen|Chinesin", ru="китайский|китайцы", uk="китайський|китайці",
        cap="Pékin|Beijing|Peking|Pequín|Pekín|Pechino|Pequim|Пекин|Пекине|Пекін|Пекіні",
        gov="Zhongnanhai|Чжуннаньхай",
        alias="Chine|Cina|КНР|Китай|Китая|Китаю|République populaire de Chine"
        "|People's Republic of China|PRC|RPC|República Popular China|Volksrepublik China"
        "|Repubblica Popolare Cinese|República Popular da China|Китайская Народная Республика"
        "|Китайська Народна Республіка|Chine populaire",
    ),
    "TW": E(
        "Q865", "Taiwan",
        fr="taïwanais", en="Taiwanese", es="taiwanés", it="taiwanese", pt="taiwanês",
        de="taiwanisch|Taiwaner", ru="тайваньский", uk="тайванський",
        cap="Taipei|Taïpei|Taipéi|Taipé|Тайбэй|Тайбей",
        alias="Taïwan|Taiwán|Taiuã|Тайвань|Republic of China|République de Chine"
        "|Formose",
    ),
    "JP": E(
        "Q17", "Japan",
        fr="japonais", en="Japanese", es="japonés", it="giapponese", pt="japonês",
        de="japanisch|Japaner|Japanerin", ru="японский|японцы", uk="японський|японці",
        cap="Tokyo|Tokio|Tóquio|Токио|Токіо",
        gov="Kantei",
        alias="Japon|Japón|Giappone|Japão|Япония|Японія",
    ),
    "KR": E(
        "Q884", "South Korea",
        fr="sud-coréen", en="South Korean|South Koreans",
        es="surcoreano", it="sudcoreano", pt="sul-coreano",
        de="südkoreanisch|Südkoreaner", ru="южнокорейский",
        uk="південнокорейський",
        cap="Séoul|Seoul|Seúl|Seul|Сеул|Сеулі",
        gov="Blue House|Cheong Wa Dae|Maison bleue|Yongsan",
        alias="Corée du Sud|Republic of Korea|République de Corée|Corea del Sur|Südkorea"
        "|Corea del Sud|Coreia do Sul|Южная Корея|Республика Корея|Південна Корея"
        "|Республіка Корея|ROK",
    ),
    "KP": E(
        "Q423", "North Korea",
        fr="nord-coréen", en="North Korean|North Koreans", es="norcoreano",
        it="nordcoreano", pt="norte-coreano", de="nordkoreanisch|Nordkoreaner",
        ru="северокорейский", uk="північнокорейський",
        cap="Pyongyang|Pionyang|Pjöngjang|Pyongyang|Pyongyang|Пхеньян|Пхеньяні",
        alias="Corée du Nord|DPRK|RPDC|Corea del Norte|Nordkorea|Corea del Nord|Coreia do Norte"
        "|Северная Корея|КНДР|Північна Корея|République populaire démocratique de Corée"
        "|Democratic People's Republic of Korea",
    ),
    "MN": E("Q711", "Mongolia", fr="mongol", en="Mongolian|Mongolians", es="mongol",
            it="mongolo", pt="mongol", de="mongolisch", ru="монгольский",
            uk="монгольський", cap="Oulan-Bator|Ulaanbaatar|Ulan Bator|Улан-Батор",
            alias="Mongolie|Mongolei|Mongólia|Монголия|Монголія"),
    "IN": E(
        "Q668", "India",
        fr="indien", en="Indian|Indians", es="indio", it="indiano", pt="indiano",
        de="indisch|Inder|Inderin", ru="индийский", uk="індійський",
        cap="New Delhi|Nueva Delhi|Neu-Delhi|Nuova Delhi|Nova Deli|Nova Délhi|New Dehli"
        "|Нью-Дели|Нью-Делі",
        alias="Inde|Indien|Índia|Индия|Індія|Bharat",
    ),
    "PK": E(
        "Q843", "Pakistan",
        fr="pakistanais", en="Pakistani|Pakistanis", es="pakistaní|paquistaní",
        it="pakistano", pt="paquistanês", de="pakistanisch|Pakistaner",
        ru="пакистанский", uk="пакистанський",
        cap="Islamabad|Islamabád|Исламабад|Ісламабад",
        alias="Pakistán|Paquistão|Пакистан",
    ),
    "AF": E(
        "Q889", "Afghanistan",
        fr="afghan", en="Afghan|Afghans", es="afgano", it="afghano",
        pt="=afegão|=afegã|=afegãos|=afegães",
        de="afghanisch|Afghane|Afghanen", ru="афганский", uk="афганський",
        cap="Kaboul|Kabul|Cabul|Кабул",
        alias="Afganistán|Afghanistan|Afeganistão|Афганистан|Афганістан",
    ),
    "BD": E("Q902", "Bangladesh", fr="bangladais", en="Bangladeshi", es="bangladesí",
            it="bengalese", pt="bengali", de="bangladeschisch", ru="бангладешский",
            uk="бангладеський", cap="Dacca|Dhaka|Daca|Dakka|Дакка|Дакка",
            alias="Bangladés|Bangladesch|Bangladexe|Бангладеш"),
    "LK": E("Q854", "Sri Lanka", fr="sri-lankais", en="Sri Lankan", es="esrilanqués",
            it="singalese", de="sri-lankisch", cap="Colombo|Sri Jayawardenepura Kotte|Коломбо",
            alias="Шри-Ланка|Шрі-Ланка"),
    "NP": E("Q837", "Nepal", fr="népalais", en="Nepali|Nepalese", es="nepalí",
            it="nepalese", pt="nepalês", de="nepalesisch", cap="Katmandou|Kathmandu|Katmandú"
            "|Kathmandu|Катманду", alias="Népal|Непал"),
    "VN": E(
        "Q881", "Vietnam",
        fr="vietnamien", en="Vietnamese", es="vietnamita", it="vietnamita",
        pt="vietnamita", de="vietnamesisch|Vietnamese|Vietnamesen", ru="вьетнамский",
        uk="в'єтнамський",
        cap="Hanoï|Hanoi|Hanói|Ханой|Ханой",
        alias="Viêt Nam|Viet Nam|Viêt-nam|Vietnã|Vietname|Вьетнам|В'єтнам",
    ),
    "TH": E("Q869", "Thailand", fr="thaïlandais", en="Thai|Thais", es="tailandés",
            it="thailandese", pt="tailandês", de="thailändisch", ru="таиландский|тайский",
            uk="таїландський|тайський", cap="Bangkok|Bangkoc|Banguecoque|Бангкок",
            alias="Thaïlande|Tailandia|Thailandia|Tailândia|Таиланд|Таїланд"),
    "MM": E("Q836", "Myanmar", fr="birman", en="Burmese|Myanmar", es="birmano",
            it="birmano", pt="birmanês", de="myanmarisch|birmanisch", ru="мьянманский",
            uk="м'янманський", cap="Naypyidaw|Nay Pyi Taw|Naypyitaw|Нейпьидо",
            alias="Birmanie|Burma|Birmania|Myanmar|Birmânia|Mianmar|Мьянма|Бирма|М'янма"),
    "KH": E("Q424", "Cambodia", fr="cambodgien", en="Cambodian", es="camboyano",
            it="cambogiano", pt="cambojano", de="kambodschanisch", ru="камбоджийский",
            uk="камбоджійський", cap="Phnom Penh|Nom Pen|Пномпень",
            alias="Cambodge|Camboya|Kambodscha|Cambogia|Camboja|Камбоджа"),
    "LA": E("Q819", "Laos", fr="laotien", en="Laotian", es="laosiano", it="laotiano",
            pt="laosiano", de="laotisch", cap="Vientiane|Vientián|Вьентьян",
            alias="Лаос"),
    "MY": E("Q833", "Malaysia", fr="malaisien", en="Malaysian|Malaysians",
            es="malasio", it="malese", pt="malaio", de="malaysisch", ru="малайзийский",
            uk="малайзійський", cap="Kuala Lumpur|Putrajaya|Куала-Лумпур",
            alias="Malaisie|Malasia|Malesia|Malásia|Малайзия|Малайзія"),
    "SG": E("Q334", "Singapore", fr="singapourien", en="Singaporean", es="singapurense",
            it="singaporiano", pt="singapurense", de="singapurisch", ru="сингапурский",
            uk="сінгапурський", cap="Singapour|Singapur|Singapura|Сингапур|Сінгапур"),
    "ID": E("Q252", "Indonesia", fr="indonésien", en="Indonesian|Indonesians",
            es="indonesio", it="indonesiano", pt="indonésio", de="indonesisch",
            ru="индонезийский", uk="індонезійський",
            cap="Jakarta|Djakarta|Yakarta|Giacarta|Jacarta|Джакарта",
            alias="Indonésie|Indonesien|Indonésia|Индонезия|Індонезія"),
    "PH": E("Q928", "Philippines", fr="philippin", en="Filipino|Filipinos|Philippine",
            es="filipino", it="filippino", pt="filipino", de="philippinisch",
            ru="филиппинский", uk="філіппінський", cap="Manille|Manila|Манила|Маніла",
            alias="Filipinas|Philippinen|Filippine|Филиппины|Філіппіни"),
    "KZ": E("Q232", "Kazakhstan", fr="kazakh|kazakhstanais", en="Kazakh|Kazakhstani",
            es="kazajo|kazajistano", it="kazako|kazakistano", pt="cazaque",
            de="kasachisch", ru="казахский|казахстанский", uk="казахський|казахстанський",
            cap="Astana|Астана", alias="Kazajistán|Kasachstan|Kazakistan|Cazaquistão"
            "|Казахстан"),
    "UZ": E("Q265", "Uzbekistan", fr="ouzbek|=ouzbèke|=ouzbeks|=ouzbèkes", en="Uzbek",
            es="uzbeko", it="uzbeko", pt="uzbeque", de="usbekisch", ru="узбекский",
            uk="узбецький", cap="Tachkent|Tashkent|Taskent|Taschkent|Ташкент",
            alias="Ouzbékistan|Uzbekistán|Usbekistan|Uzbequistão|Узбекистан"),
    "KG": E("Q813", "Kyrgyzstan", fr="=kirghiz|=kirghize|=kirghizes", en="Kyrgyz", es="kirguís",
            it="kirghiso", pt="quirguiz", de="kirgisisch", ru="киргизский|кыргызский",
            uk="киргизький", cap="Bichkek|Bishkek|Biskek|Bischkek|Бишкек|Бішкек",
            alias="Kirghizistan|Kirguistán|Kirgisistan|Kirghizistan|Quirguistão|Киргизия"
            "|Кыргызстан|Киргизстан|Киргизія"),
    "TJ": E("Q863", "Tajikistan", fr="tadjik", en="Tajik", es="tayiko", it="tagiko",
            pt="tajique", de="tadschikisch", ru="таджикский", uk="таджицький",
            cap="Douchanbé|Dushanbe|Dusambé|Duschanbe|Душанбе",
            alias="Tadjikistan|Tayikistán|Tadschikistan|Tagikistan|Tajiquistão|Таджикистан"),
    "TM": E("Q874", "Turkmenistan", fr="turkmène", en="Turkmen", es="turcomano",
            it="turkmeno", pt="turcomeno", de="turkmenisch", ru="туркменский",
            uk="туркменський", cap="Achgabat|Ashgabat|Asjabad|Aschgabat|Ашхабад|Ашгабат",
            alias="Turkménistan|Turkmenistán|Turcomenistão|Туркмения|Туркменистан|Туркменістан"),
    # ----- Oceania --------------------------------------------------------
    "AU": E(
        "Q408", "Australia",
        fr="australien", en="Australian|Australians|Aussie", es="australiano",
        it="australiano", pt="australiano", de="australisch|Australier",
        ru="австралийский", uk="австралійський",
        cap="Canberra|Канберра",
        alias="Australie|Australien|Austrália|Австралия|Австралія",
    ),
    "NZ": E(
        "Q664", "New Zealand",
        fr="néo-zélandais", en="New Zealander|New Zealanders", es="neozelandés",
        it="neozelandese", pt="neozelandês", de="neuseeländisch", ru="новозеландский",
        uk="новозеландський",
        cap="Wellington|Веллингтон|Веллінгтон",
        alias="Nouvelle-Zélande|Nueva Zelanda|Neuseeland|Nuova Zelanda|Nova Zelândia"
        "|Новая Зеландия|Нова Зеландія",
    ),
    # ----- Americas -------------------------------------------------------
    "US": E(
        "Q30", "United States",
        fr="américain|étasunien|états-unien", en="American|Americans",
        es="estadounidense|norteamericano", it="americano|statunitense",
        pt="americano|norte-americano|estadunidense",
        de="amerikanisch|US-amerikanisch|Amerikaner|Amerikanerin|US-Amerikaner",
        ru="американский|американцы|американец", uk="американський|американці|американець",
        cap="Washington|Washington D.C.|Washington, D.C.|Washington DC|Вашингтон|Вашингтоне"
        "|Вашингтоні",
        gov="Maison Blanche|White House|Casa Blanca|Weißes Haus|Casa Bianca|Casa Branca"
        "|Белый дом|Білий дім|Белого дома|Білого дому|Oval Office|Bureau ovale",
        alias="USA|US|U.S.|U.S.A.|États-Unis d'Amérique|Etats-Unis|EEUU|EE.UU.|EE. UU."
        "|Estados Unidos"
        "|Estados Unidos de América|Vereinigte Staaten|Vereinigte Staaten von Amerika"
        "|United States of America|America|Stati Uniti|Stati Uniti d'America"
        "|Estados Unidos da América|EUA|США|Соединённые Штаты|Соединенные Штаты Америки"
        "|Сполучені Штати Америки",
    ),
    "CA": E(
        "Q16", "Canada",
        fr="canadien", en="Canadian|Canadians", es="canadiense", it="canadese",
        pt="canadense|canadiano", de="kanadisch|Kanadier", ru="канадский", uk="канадський",
        cap="Ottawa|Otawa|Оттава",
        alias="Canadá|Kanada|Канада",
    ),
    "MX": E(
        "Q96", "Mexico",
        fr="mexicain", en="Mexican|Mexicans", es="mexicano", it="messicano",
        pt="mexicano", de="mexikanisch|Mexikaner", ru="мексиканский", uk="мексиканський",
        cap="Mexico|Mexico City|Ciudad de México|Mexiko-Stadt|Città del Messico"
        "|Cidade do México|Мехико|Мехіко",
        alias="Mexique|México|Mexiko|Messico|Мексика|Мексика",
    ),
    "CU": E(
        "Q241", "Cuba",
        fr="cubain", en="Cuban|Cubans", es="cubano", it="cubano", pt="cubano",
        de="kubanisch|Kubaner", ru="кубинский", uk="кубинський",
        cap="La Havane|Havana|La Habana|Havanna|L'Avana|Гавана|Гавані",
        alias="Kuba|Куба",
    ),
    "VE": E(
        "Q717", "Venezuela",
        fr="vénézuélien|vénézuelien", en="Venezuelan|Venezuelans", es="venezolano",
        it="venezuelano", pt="venezuelano", de="venezolanisch|Venezolaner",
        ru="венесуэльский", uk="венесуельський",
        cap="Caracas|Каракас|Каракасі",
        gov="Miraflores|palais de Miraflores|Palacio de Miraflores",
        alias="Venezuela|Vénézuéla|Венесуэла|Венесуела|République bolivarienne du Venezuela"
        "|Bolivarian Republic of Venezuela|República Bolivariana de Venezuela",
    ),
    "CO": E(
        "Q739", "Colombia",
        fr="colombien", en="Colombian|Colombians", es="colombiano", it="colombiano",
        pt="colombiano", de="kolumbianisch|Kolumbianer", ru="колумбийский",
        uk="колумбійський",
        cap="Bogota|Bogotá|Богота",
        gov="Casa de Nariño|Palacio de Nariño",
        alias="Colombie|Kolumbien|Colômbia|Колумбия|Колумбія",
    ),
    "BR": E(
        "Q155", "Brazil",
        fr="brésilien", en="Brazilian|Brazilians", es="brasileño", it="brasiliano",
        pt="brasileiro", de="brasilianisch|Brasilianer", ru="бразильский", uk="бразильський",
        cap="Brasilia|Brasília|Бразилиа|Бразиліа",
        gov="Planalto|Palácio do Planalto|Itamaraty",
        alias="Brésil|Brasil|Brasilien|Brasile|Бразилия|Бразилія",
    ),
    "AR": E(
        "Q414", "Argentina",
        fr="argentin", en="Argentine|Argentinian|Argentines|Argentinians", es="argentino",
        it="argentino", pt="argentino", de="argentinisch|Argentinier", ru="аргентинский",
        uk="аргентинський",
        cap="Buenos Aires|Буэнос-Айрес|Буенос-Айрес",
        gov="Casa Rosada",
        alias="Argentine|Argentinien|Аргентина",
    ),
    "CL": E("Q298", "Chile", fr="chilien", en="Chilean|Chileans", es="chileno",
            it="cileno", pt="chileno", de="chilenisch|Chilene", ru="чилийский",
            uk="чилійський", cap="Santiago du Chili|Santiago de Chile|Santiago|Сантьяго",
            gov="La Moneda|Palacio de La Moneda", alias="Chili|Cile|Чили|Чилі"),
    "PE": E("Q419", "Peru", fr="péruvien", en="Peruvian|Peruvians", es="peruano",
            it="peruviano", pt="peruano", de="peruanisch", ru="перуанский", uk="перуанський",
            cap="Lima|Лима|Ліма", alias="Pérou|Perú|Перу"),
    "BO": E("Q750", "Bolivia", fr="bolivien", en="Bolivian", es="boliviano",
            it="boliviano", pt="boliviano", de="bolivianisch", ru="боливийский",
            uk="болівійський", cap="La Paz|Sucre|Ла-Пас",
            alias="Bolivie|Bolivien|Bolívia|Боливия|Болівія"),
    "EC": E("Q736", "Ecuador", fr="équatorien", en="Ecuadorian|Ecuadorians",
            es="ecuatoriano", it="ecuadoriano", pt="equatoriano", de="ecuadorianisch",
            ru="эквадорский", uk="еквадорський", cap="Quito|Кито|Кіто",
            alias="Équateur|Equador|Эквадор|Еквадор"),
    "PY": E("Q733", "Paraguay", fr="paraguayen", en="Paraguayan", es="paraguayo",
            it="paraguaiano", pt="paraguaio", de="paraguayisch", cap="Asunción|Assomption|Асунсьон",
            alias="Paraguai|Парагвай"),
    "UY": E("Q77", "Uruguay", fr="uruguayen", en="Uruguayan", es="uruguayo",
            it="uruguaiano", pt="uruguaio", de="uruguayisch",
            cap="Montevideo|Montevidéu|Монтевидео",
            alias="Uruguai|Уругвай"),
    "HT": E("Q790", "Haiti", fr="haïtien", en="Haitian|Haitians", es="haitiano",
            it="haitiano", pt="haitiano", de="haitianisch", ru="гаитянский",
            uk="гаїтянський", cap="Port-au-Prince|Puerto Príncipe|Порт-о-Пренс",
            alias="Haïti|Haití|Гаити|Гаїті"),
    "DO": E("Q786", "Dominican Republic", fr="dominicain", en="Dominican",
            es="dominicano", it="dominicano", pt="dominicano", de="dominikanisch",
            cap="Saint-Domingue|Santo Domingo|Санто-Доминго",
            alias="République dominicaine|República Dominicana|Dominikanische Republik"
            "|Repubblica Dominicana|Доминиканская Республика|Домініканська Республіка"),
    "GT": E("Q774", "Guatemala", fr="guatémaltèque", en="Guatemalan", es="guatemalteco",
            it="guatemalteco", pt="guatemalteco", de="guatemaltekisch",
            cap="Guatemala City|Ciudad de Guatemala", alias="Гватемала"),
    "HN": E("Q783", "Honduras", fr="hondurien", en="Honduran", es="hondureño",
            it="honduregno", pt="hondurenho", de="honduranisch", cap="Tegucigalpa|Тегусигальпа",
            alias="Гондурас"),
    "SV": E("Q792", "El Salvador", fr="salvadorien", en="Salvadoran|Salvadorean",
            es="salvadoreño", it="salvadoregno", pt="salvadorenho", de="salvadorianisch",
            cap="San Salvador|Сан-Сальвадор", alias="Salvador|Сальвадор"),
    "NI": E("Q811", "Nicaragua", fr="nicaraguayen", en="Nicaraguan", es="nicaragüense",
            it="nicaraguense", pt="nicaraguense", de="nicaraguanisch", cap="Managua|Манагуа",
            alias="Никарагуа|Нікарагуа"),
    "CR": E("Q800", "Costa Rica", fr="costaricien|costaricain", en="Costa Rican",
            es="costarricense", it="costaricano", pt="costarriquenho", de="costa-ricanisch",
            cap="San José|Сан-Хосе", alias="Коста-Рика"),
    "PA": E("Q804", "Panama", fr="panaméen", en="Panamanian", es="panameño",
            it="panamense", pt="panamenho", de="panamaisch", cap="Panama City|Ciudad de Panamá",
            alias="Panamá|Панама"),
    "JM": E("Q766", "Jamaica", fr="jamaïcain", en="Jamaican", es="jamaicano",
            it="giamaicano", pt="jamaicano", de="jamaikanisch", cap="Kingston",
            alias="Jamaïque|Jamaika|Giamaica|Ямайка"),
    # ----- territories often in the news ------------------------------------
    "GL": E("Q223", "Greenland", fr="groenlandais", en="Greenlandic|Greenlander|Greenlanders",
            es="groenlandés", it="groenlandese", pt="groenlandês", de="grönländisch|Grönländer",
            ru="гренландский", uk="гренландський", cap="Nuuk|Нуук",
            alias="Groenland|Groenlandia|Grönland|Gronelândia|Groenlândia|Гренландия"
            "|Гренландія"),
    "HK": E("Q8646", "Hong Kong", fr="hongkongais", en="Hongkonger|Hong Konger",
            alias="Hongkong|Гонконг"),
}

# Countries outside the table whose QID is certain.
EXTRA_QIDS: dict[str, str] = {
    "SL": "Q1044", "LR": "Q1014", "GA": "Q1000", "GQ": "Q983", "GW": "Q1007",
    "CV": "Q1011", "GM": "Q1005", "LS": "Q1013", "SZ": "Q1050", "MU": "Q1027",
    "SC": "Q1042", "KM": "Q970", "MW": "Q1020", "ST": "Q1039", "BT": "Q917",
    "MV": "Q826", "BN": "Q921", "TL": "Q574", "PG": "Q691", "FJ": "Q712",
    "TT": "Q754", "BS": "Q778", "BB": "Q244", "BZ": "Q242", "GY": "Q734",
    "SR": "Q730",
}

# fmt: on

NAME_FIXES = {"Macao": "Macau"}

# Parenthesised qualifiers in CLDR names that are not names of the territory.
NOT_NAMES = {"french part", "dutch part", "partie neerlandaise", "partie francaise", "сар"}
NOT_NAMES |= {"keeling"}


def norm(text: str) -> str:
    """Case- and accent-insensitive key (what the engine compares)."""
    text = text.replace("’", "'").replace("ʼ", "'").replace("–", "-")
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).strip()


def split(spec: str) -> list[str]:
    return [t.strip() for t in spec.split("|") if t.strip()]


_ES_ACCENT = str.maketrans("áéíóú", "aeiou")


def expand_fr(tok: str) -> list[str]:
    if tok.endswith("e"):
        return [tok, tok + "s"]
    if tok.endswith(("s", "x")):
        return [tok, tok + "e", tok + "es"]
    if tok.endswith(("en", "on")):
        return [tok, tok + "ne", tok + "s", tok + "nes"]
    if tok.endswith(("è", "é")):
        return [tok, tok + "s"]
    return [tok, tok + "e", tok + "s", tok + "es"]


def expand_es(tok: str) -> list[str]:
    if tok.endswith("o"):
        s = tok[:-1]
        return [tok, s + "a", s + "os", s + "as"]
    if tok.endswith(("e", "a")):
        return [tok, tok + "s"]
    if tok.endswith("í"):
        return [tok, tok + "es", tok + "s"]
    if tok.endswith("é"):
        return [tok, tok + "s"]
    stem = tok[:-2] + tok[-2:].translate(_ES_ACCENT)
    return [tok, stem + "a", stem + "es", stem + "as"]


def expand_it(tok: str) -> list[str]:
    velar = tok.endswith("~")
    tok = tok.rstrip("~")
    if tok.endswith("co"):
        s = tok[:-1]
        return [tok, s + "a", s + ("hi" if velar else "i"), s + "he"]
    if tok.endswith("o"):
        s = tok[:-1]
        return [tok, s + "a", s + "i", s + "e"]
    if tok.endswith("e"):
        return [tok, tok[:-1] + "i"]
    if tok.endswith("a"):
        s = tok[:-1]
        return [tok, s + "i", s + "e"]
    return [tok]


def expand_pt(tok: str) -> list[str]:
    if tok.endswith("o"):
        s = tok[:-1]
        return [tok, s + "a", s + "os", s + "as"]
    if tok.endswith(("e", "a", "i")):
        return [tok, tok + "s"]
    if tok.endswith("ês"):
        s = tok[:-2]
        return [tok, s + "esa", s + "eses", s + "esas"]
    if tok.endswith("u"):
        return [tok, tok[:-1] + "eia", tok + "s", tok[:-1] + "eias"]
    return [tok]


def expand_de(tok: str) -> list[str]:
    return [tok, tok + "e", tok + "en", tok + "er", tok + "es"]


def expand_ru(tok: str) -> list[str]:
    if tok.endswith("ий"):
        s = tok[:-2]
        return [tok] + [s + e for e in ("ая", "ое", "ие", "ого", "ой", "ом", "их", "ому", "ую")]
    if tok.endswith("ый"):
        s = tok[:-2]
        return [tok] + [s + e for e in ("ая", "ое", "ые", "ого", "ой", "ом", "ых", "ому", "ую")]
    return [tok]


def expand_uk(tok: str) -> list[str]:
    if tok.endswith("ий"):
        s = tok[:-2]
        return [tok] + [s + e for e in ("а", "е", "і", "ого", "ої", "ому", "их", "ім", "у")]
    return [tok]


EXPANDERS = {
    "fr": expand_fr,
    "es": expand_es,
    "it": expand_it,
    "pt": expand_pt,
    "de": expand_de,
}


def expand(lang: str, spec: str) -> list[str]:
    out: list[str] = []
    for tok in split(spec):
        if tok.startswith("="):
            out.append(tok[1:])
        elif lang == "ru":
            out.extend(expand_ru(tok))
        elif lang == "uk":
            out.extend(expand_uk(tok))
        elif lang in EXPANDERS and tok[:1].islower():
            out.extend(EXPANDERS[lang](tok))
        else:
            out.append(tok)
    return out


def cldr_forms(name: str) -> tuple[list[str], list[str]]:
    """Main and derived (soft) forms of a CLDR or pycountry name."""
    name = name.replace(" & ", " and ").replace("St. ", "Saint ")
    main: list[str] = []
    soft: list[str] = []
    if "(" in name and name.endswith(")"):
        outer, inner = name[:-1].split("(", 1)
        soft += [p.strip() for p in (outer, inner) if norm(p) not in NOT_NAMES]
    elif "," in name:
        return [], []
    else:
        main.append(name)
    for form in list(main):
        for dash in (" - ", " – "):
            if dash in form:
                main.append(form.replace(dash, "-"))
                soft.append(form.replace(dash, " "))
                main.remove(form)
    for form in main + soft:
        if "’" in form or "ʼ" in form:
            soft.append(form.replace("’", "'").replace("ʼ", "'"))
    return main, soft


def dedupe(items: list[str], skip: set[str] | None = None) -> list[str]:
    seen = set(skip or ())
    out = []
    for item in items:
        key = item.casefold()
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def countries() -> list[tuple[str, str, str]]:
    rows = [(c.alpha_2, c.alpha_3, c.name) for c in pycountry.countries]
    rows.append(("XK", "XKX", "Kosovo"))
    return sorted(rows)


def build() -> list[dict[str, object]]:
    locales = {lang: Locale(lang).territories for lang in LANGS}
    records: list[dict[str, object]] = []
    soft_forms: dict[str, set[str]] = {}
    for iso2, iso3, py_name in countries():
        entry = TABLE.get(iso2, Entry())
        pyc = pycountry.countries.get(alpha_2=iso2)
        official = getattr(pyc, "official_name", None) if pyc else None
        common = getattr(pyc, "common_name", None) if pyc else None
        en_cldr = locales["en"].get(iso2, py_name)
        if entry.name:
            name = entry.name
        elif common:
            name = common
        elif "," not in py_name and "(" not in py_name:
            name = py_name
        else:
            name = cldr_forms(en_cldr)[0][0] if cldr_forms(en_cldr)[0] else en_cldr
        name = NAME_FIXES.get(name, name)
        main: list[str] = []
        soft: list[str] = []
        for lang in LANGS:
            loc_name = locales[lang].get(iso2)
            if loc_name:
                m, s = cldr_forms(loc_name)
                main += m
                soft += s
        for extra in (py_name, official, common):
            if extra:
                if extra.startswith("the "):
                    extra = extra[4:]
                m, s = cldr_forms(extra)
                main += m
                soft += s
        main += split(entry.alias)
        demonyms: list[str] = []
        for lang in LANGS:
            demonyms += expand(lang, getattr(entry, lang))
        qid = entry.qid or EXTRA_QIDS.get(iso2)
        record: dict[str, object] = {
            "id": qid or f"veille:country:{iso2.lower()}",
            "name": name,
            "type": "COUNTRY",
            "country": iso2,
            "iso2": iso2,
            "iso3": iso3,
            "aliases": dedupe(main + soft, {name.casefold()}),
            "demonyms": dedupe(demonyms),
            "capitals": dedupe(split(entry.cap)),
            "government": dedupe(split(entry.gov)),
        }
        soft_forms[iso2] = {norm(s) for s in soft} - {norm(m) for m in main}
        records.append(record)
    resolve(records, soft_forms)
    return records


FIELDS = ("aliases", "demonyms", "capitals", "government")


def forms_of(record: dict[str, object]) -> set[str]:
    keys = {norm(str(record["name"]))}
    for field in FIELDS:
        value = record[field]
        assert isinstance(value, list)
        keys |= {norm(v) for v in value}
    return keys


def resolve(records: list[dict[str, object]], soft: dict[str, set[str]]) -> None:
    """Give each shared form to one country; fail on an unplanned collision."""
    owners: dict[str, set[str]] = {}
    for rec in records:
        for key in forms_of(rec):
            owners.setdefault(key, set()).add(str(rec["iso2"]))
    drop: dict[str, set[str]] = {}
    errors = []
    for key, isos in sorted(owners.items()):
        if len(isos) < 2:
            continue
        if key in OWNER and OWNER[key] in isos:
            keep = {OWNER[key]}
        else:
            keep = {i for i in isos if key not in soft[i]}
            if len(keep) > 1:
                errors.append(f"{key!r} shared by {sorted(isos)}")
                continue
        for iso in isos - keep:
            drop.setdefault(iso, set()).add(key)
    if errors:
        raise SystemExit("unresolved collisions:\n  " + "\n  ".join(errors))
    for rec in records:
        lost = drop.get(str(rec["iso2"]), set())
        for field in FIELDS:
            value = rec[field]
            assert isinstance(value, list)
            rec[field] = [v for v in value if norm(v) not in lost]


def main() -> int:
    records = build()
    header = {"version": VERSION, "description": DESCRIPTION}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps(header, ensure_ascii=False) + "\n")
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} countries to {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
