"""The headers and number formats of the public pages' downloads.

The tables keep their stable column codes for scripts (``?format=csv&dialect=machine``);
these are the headers the CSV for Excel and the Excel file show instead, in the
interface language, and the number formats that round as the pages do (means with two
decimals, points with one, ranks whole). The columns every download shares (``kommun``,
``rank``, ``points``, …) are in :mod:`foretagsklimat.web.downloads`.
"""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from foretagsklimat.engine.methodology import Methodology
from foretagsklimat.web.downloads import Label

from .presentation import indicator_label

LABELS: dict[str, Label] = {
    # a municipality's factors and its comparison with others
    "kind": _("Slag (enkät/statistik)"),
    "weight": _("Vikt"),
    "value_low": _("Värde, intervallets nedre gräns"),
    "value_high": _("Värde, intervallets övre gräns"),
    "rank_change": _("Förändring av placeringen"),
    "national_mean": _("Medel i riket"),
    "county_mean": _("Medel i länet"),
    "group_mean": _("Medel i kommungruppen"),
    "suppressed": _("Dolt (för få svar)"),
    # politicians and companies
    "companies": _("Företagen, medelbetyg"),
    "companies_n": _("Företagen, antal svar"),
    "companies_suppressed": _("Företagen, dolt (för få svar)"),
    "politicians": _("Kommunfullmäktige, medelbetyg"),
    "politicians_n": _("Kommunfullmäktige, antal svar"),
    "politicians_suppressed": _("Kommunfullmäktige, dolt (för få svar)"),
    "county_companies": _("Företagen i länet, medel"),
    "county_politicians": _("Kommunfullmäktige i länet, medel"),
    "national_companies": _("Företagen i riket, medel"),
    "national_politicians": _("Kommunfullmäktige i riket, medel"),
    "difference": _("Skillnad (kommunfullmäktige − företagen)"),
    # drivers
    "group": _("Grupp"),
    "level": _("Nivå"),
    "question": _("Fråga (kod)"),
    "coefficient": _("Standardiserad koefficient"),
    "low": _("Koefficient, intervallets nedre gräns"),
    "high": _("Koefficient, intervallets övre gräns"),
    "correlation": _("Korrelation med sammanfattande omdöme"),
    "vif": _("VIF (variansinflation)"),
    "r2": _("R²"),
    # methodologies
    "code": _("Kod"),
    "label_sv": _("Benämning (svenska)"),
    "label_en": _("Benämning (engelska)"),
    "source": _("Källa"),
    "direction": _("Riktning"),
    "status": _("Status"),
    "note": _("Anmärkning"),
    "first_year": _("Första år"),
    "last_year": _("Sista år"),
}

FORMATS: dict[str, str] = {
    "value_low": "0.00",
    "value_high": "0.00",
    "rank_change": "0.#",
    "national_mean": "0.00",
    "county_mean": "0.00",
    "group_mean": "0.00",
    "companies": "0.00",
    "politicians": "0.00",
    "county_companies": "0.00",
    "county_politicians": "0.00",
    "national_companies": "0.00",
    "national_politicians": "0.00",
    "difference": "0.00",
    "coefficient": "0.00",
    "low": "0.00",
    "high": "0.00",
    "correlation": "0.00",
    "r2": "0.00",
    "weight": "0.0000",
}

#: A factor's columns in a wide table: ``service_value``, ``service_rank``, …
STAGES: dict[str, Label] = {
    "value": _("värde"),
    "n": _("antal svar"),
    "rank": _("placering"),
    "points": _("poäng"),
    "change": _("förändring av placeringen"),
}


def factor_labels(methodology: Methodology) -> dict[str, str]:
    """Headers of the wide factor columns: "Kommunens service: värde" and so on."""
    return {
        f"{indicator.code}_{stage}": gettext("%(factor)s: %(stage)s")
        % {"factor": indicator_label(indicator), "stage": label}
        for indicator in methodology.indicators
        for stage, label in STAGES.items()
    }
