"""The headers and number formats of the workspace's downloads, for every list at once.

The lists' frames name their columns with stable Swedish codes (``organisationsnummer``,
``foretag``, ``planerat``, …), which the CSV for scripts keeps
(``?format=csv&dialect=machine``); the CSV for Excel and the Excel file show these headers
in the interface language instead. One code means the same in every list.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from foretagsklimat.web.downloads import Label

#: What a workspace file rests on (its *Källa* on the sheet *Om filen*).
SOURCE = _("Kommunens egna uppgifter i arbetsytan i Företagsklimat (inte publicerade)")

#: (``download column``: the context of a word that means something else alone in the
#: interface, e.g. "Företag" is "Companies" as a menu item but one company here.)
LABELS: dict[str, Label] = {
    # companies and contacts
    "organisationsnummer": _("Organisationsnummer"),
    "namn": _("Namn"),
    "sni": _("SNI-kod"),
    "anstallda": _("Anställda"),
    "storleksklass": _("Storleksklass"),
    "adress": _("Adress"),
    "postnummer": _("Postnummer"),
    "postort": _("Postort"),
    "omrade": _("Område"),
    "kontaktpersoner": _("Kontaktpersoner"),
    "avsnitt": _("Avsnitt"),
    "falt": _("Fält"),
    "varde": _("Värde"),
    "objekt": _("Objekt"),
    "utdrag": _("Utdrag"),
    # visits, targets, evaluations
    "foretag": pgettext_lazy("download column", "Företag"),
    "planerat": _("Planerat"),
    "genomfort": _("Genomfört"),
    "handlaggare": _("Handläggare"),
    "enhet": _("Enhet"),
    "syfte": _("Syfte"),
    "amnen": _("Ämnen"),
    "ar": _("År"),
    "typ": _("Typ"),
    "fler_anstallda_an": _("Fler anställda än"),
    "inom_ar": _("Inom antal år"),
    "mal": pgettext_lazy("download column", "Mål"),
    "utfort": _("Utfört"),
    "antal_foretag": _("Antal företag"),
    "forvantat_i_dag": _("Förväntat i dag"),
    "i_fas": _("I fas"),
    "fraga": _("Fråga"),
    "medelbetyg": _("Medelbetyg"),
    "antal_svar": _("Antal svar"),
    "kommentar": _("Kommentar"),
    # members
    "anvandarnamn": _("Användarnamn"),
    "e_post": _("E-post"),
    "roll": _("Roll"),
    "medlem_sedan": _("Medlem sedan"),
    # the audit log (its codes are Swedish words already)
    "Tid": _("Tid"),
    "Vem": _("Vem"),
    "Händelse": _("Händelse"),
    "Objekt": _("Objekt"),
    "Fält": _("Fält"),
    "Före": _("Före"),
    "Efter": _("Efter"),
    # support, procurement, follow-ups, goals
    "anordnare": _("Anordnare"),
    "villkor": _("Villkor"),
    "kontakt": _("Kontakt"),
    "aktivt": _("Aktivt"),
    "hanvisningar": _("Hänvisningar"),
    "datum": _("Datum"),
    "stod": _("Stöd"),
    "presenterat_eller_hanvisat": _("Presenterat eller hänvisat"),
    "utfall": _("Utfall"),
    "anteckning": _("Anteckning"),
    "rubrik": _("Rubrik"),
    "status": _("Status"),
    "foljs_upp": _("Följs upp"),
    "text": _("Text"),
    "svar": pgettext_lazy("download column", "Svar"),
    "atgard": _("Åtgärd"),
    "ansvarig": _("Ansvarig"),
    "senast": _("Senast"),
    "klar_den": _("Klar den"),
    "forsenad": _("Försenad"),
    "ursprung": _("Ursprung"),
    "besok": pgettext_lazy("download column", "Besök"),
    "matt": _("Mått"),
    "malvarde": _("Målvärde"),
    "utgangslage": _("Utgångsläge"),
    "utfall_fran_ranking": _("Utfall från rankingen (år)"),
    "beslutat_av": _("Beslutat av"),
    "nyckeltal": _("Nyckeltal (Kolada)"),
    "kalla": _("Källa"),
}

#: As the pages show them: the expected number of visits whole, mean grades with one decimal.
FORMATS: dict[str, str] = {"forvantat_i_dag": "0", "medelbetyg": "0.0"}
