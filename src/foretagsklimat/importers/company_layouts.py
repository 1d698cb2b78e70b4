"""The national company files in their own layouts: Bolagsverket's bulk file and an
extract of SCB's Företagsregistret, turned into the columns of a business office's own
company list (:data:`.companies.COLUMNS`) so that one set of checks reads them all.

Bolagsverket's bulk file (``bolagsverket_bulkfil.txt``, UTF-8, semicolons) names its
columns ``organisationsidentitet``, ``organisationsnamn``, ``organisationsform``,
``avregistreringsdatum``, ``postadress`` and more; a cell holds several fields joined by
``$`` and several entries joined by ``|``:

* ``organisationsidentitet``: ``5560360793$ORGNR-IDORG`` (an organisation number) or
  ``<personnummer>$PERSON-IDORG`` (a sole trader, whose identity is a personal number);
* ``organisationsnamn``: ``Namn AB$FORETAGSNAMN-ORGNAM$2001-02-03|…``, the first name of
  type ``FORETAGSNAMN`` is the company's name;
* ``postadress``: ``street$c/o$postal town$postal code$country``;
* ``avregistreringsdatum``: filled in for a company that no longer exists.

SCB's Företagsregistret (the bulk file of legal units, tab-separated, often Latin-1, or an
ordered extract) names them ``PeOrgNr`` (12 digits: ``16`` and the organisation number, or
a personal number), ``Foretagsnamn`` or ``Namn``, ``Ng1`` (the main SNI code), ``Gatuadress``,
``PostNr``, ``PostOrt``, ``FtgStat`` (``1`` = active) and, in an extract, a municipality
column (``Kommun``, ``Säteskommun``, ``SateKommun`` or ``KommunKod``) and the number of
employees (``AntalAnst`` or ``Anstallda``).

Rows of sole traders identified by a personal number are left out (a personal number is
personal data the workspace does not keep), as are companies no longer active; the
result says how many of each. Both files cover the whole country: rows are kept for one
municipality by its code where the file has one, otherwise by the municipality's postal
towns.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from .checks import Issues
from .errors import N_
from .tables import Table


@dataclass(frozen=True)
class Layout:
    """A national file's layout: how to tell it and what to call it."""

    code: str
    label: str
    #: Headers (compared ignoring case) that only this layout has.
    signature: frozenset[str]


BOLAGSVERKET = Layout(
    "bolagsverket",
    N_("Bolagsverkets bulkfil"),
    frozenset({"organisationsidentitet", "organisationsnamn"}),
)
SCB = Layout("scb", N_("SCB:s företagsregister"), frozenset({"peorgnr"}))
LAYOUTS = (BOLAGSVERKET, SCB)

#: SCB's municipality and employee columns, by the names an extract may give them.
SCB_MUNICIPALITY = ("Kommun", "Säteskommun", "Sateskommun", "SateKommun", "KommunKod")
SCB_EMPLOYEES = ("AntalAnst", "Anstallda", "Anställda", "Antal anställda")


@dataclass
class Converted:
    """A national file in the company list's columns, and what was left out."""

    layout: Layout
    frame: pd.DataFrame
    #: The company list's column -> the file's header, for messages.
    written: dict[str, str]
    persons: int = 0
    inactive: int = 0
    elsewhere: int = 0


def detect(table: Table) -> Layout | None:
    """The national layout the file's header has, or None for a company list."""
    headers = {str(name).casefold() for name in table.frame.columns}
    for layout in LAYOUTS:
        if layout.signature <= headers:
            return layout
    return None


def _column(frame: pd.DataFrame, *names: str) -> str | None:
    """The file's header among ``names`` (compared ignoring case), or None."""
    lookup = {str(name).casefold(): str(name) for name in frame.columns}
    for name in names:
        if name.casefold() in lookup:
            return lookup[name.casefold()]
    return None


def _part(cells: pd.Series, separator: str, position: int) -> pd.Series:
    """Field ``position`` of cells joined by ``separator`` ("" where there is none)."""
    parts = cells.str.split(separator, n=position + 1, regex=False, expand=True)
    if position >= parts.shape[1]:
        return pd.Series("", index=cells.index)
    return parts[position].fillna("").str.strip()


def _first_company_name(cells: pd.Series) -> pd.Series:
    """The first entry of type FORETAGSNAMN in Bolagsverket's names, else the first."""
    entries = cells.str.split("|", regex=False).explode()
    names = _part(entries, "$", 0)
    kinds = _part(entries, "$", 1).str.upper()
    preferred = names[kinds.str.startswith("FORETAGSNAMN")]
    first = names.groupby(level=0).first()
    return preferred.groupby(level=0).first().reindex(cells.index).fillna(first).fillna("")


def _cells(frame: pd.DataFrame, header: str | None) -> pd.Series:
    """A column's cells, or blank cells when the file has no such column."""
    return frame[header] if header is not None else pd.Series("", index=frame.index)


def _bolagsverket(frame: pd.DataFrame) -> Converted:
    identity_header = _column(frame, "organisationsidentitet")
    names_header = _column(frame, "organisationsnamn")
    address_header = _column(frame, "postadress")
    identity = _cells(frame, identity_header)
    address = _cells(frame, address_header)
    person = _part(identity, "$", 1).str.upper().str.startswith("PERSON")
    inactive = ~person & (_cells(frame, _column(frame, "avregistreringsdatum")) != "")
    converted = pd.DataFrame(
        {
            "organisationsnummer": _part(identity, "$", 0),
            "namn": _first_company_name(_cells(frame, names_header)),
            "adress": _part(address, "$", 0),
            "postort": _part(address, "$", 2),
            "postnummer": _part(address, "$", 3),
        },
        index=frame.index,
    )
    written = {"organisationsnummer": identity_header, "namn": names_header}
    written |= dict.fromkeys(("adress", "postort", "postnummer"), address_header)
    keep = ~person & ~inactive
    return Converted(
        BOLAGSVERKET,
        converted[keep],
        {name: header for name, header in written.items() if header is not None},
        persons=int(person.sum()),
        inactive=int(inactive.sum()),
    )


def _scb(frame: pd.DataFrame) -> Converted:
    number_header = _column(frame, "PeOrgNr") or ""
    number = frame[number_header].str.replace(r"[\s-]", "", regex=True)
    # SCB writes a legal unit's number with the prefix 16; a personal number starts with
    # its century (19, 20) instead.
    legal = number.str.fullmatch(r"16\d{10}")
    person = number.str.fullmatch(r"(19|20)\d{10}")
    organisation_number = number.where(~legal, number.str.slice(2))
    columns = {
        "organisationsnummer": number_header,
        "namn": _column(frame, "Foretagsnamn", "Företagsnamn", "Namn"),
        "sni": _column(frame, "Ng1", "SNI", "Sni2007"),
        "adress": _column(frame, "Gatuadress"),
        "postnummer": _column(frame, "PostNr"),
        "postort": _column(frame, "PostOrt"),
        "kommunkod": _column(frame, *SCB_MUNICIPALITY),
        "anställda": _column(frame, *SCB_EMPLOYEES),
    }
    converted = pd.DataFrame(
        {name: frame[header] for name, header in columns.items() if header is not None},
        index=frame.index,
    )
    converted["organisationsnummer"] = organisation_number
    if "namn" not in converted:
        converted["namn"] = ""
    status = _cells(frame, _column(frame, "FtgStat"))
    inactive = ~person & (status != "1") & (status != "")
    keep = ~person & ~inactive
    return Converted(
        SCB,
        converted[keep],
        {name: header for name, header in columns.items() if header is not None},
        persons=int(person.sum()),
        inactive=int(inactive.sum()),
    )


def convert(
    table: Table,
    layout: Layout,
    issues: Issues,
    *,
    kommunkod: str | None,
    postal_towns: Iterable[str] = (),
) -> Converted:
    """``table`` in the company list's columns, kept to one municipality's companies.

    Parameters
    ----------
    table : Table
        The file as read.
    layout : Layout
        Its layout (see :func:`detect`).
    issues : Issues
        Where a missing column or a missing way to choose the municipality is reported.
    kommunkod : str or None
        The municipality to keep rows of, where the file has a municipality column.
    postal_towns : iterable of str
        The municipality's postal towns, to keep rows by where the file has no
        municipality column (compared ignoring case).
    """
    frame = table.frame
    missing = [name for name in layout.signature if _column(frame, name) is None]
    for name in missing:
        issues.add(1, name, N_("väntade den här kolumnen i rubrikraden (den krävs), fanns ingen"))
    issues.raise_if_any()
    result = _bolagsverket(frame) if layout is BOLAGSVERKET else _scb(frame)
    converted = result.frame
    without_town = "postort" not in converted
    if without_town:
        converted = converted.assign(postort="")
    towns = {town.strip().casefold() for town in postal_towns if town.strip()}
    if kommunkod is not None and "kommunkod" in converted:
        codes = converted["kommunkod"].str.strip().str.zfill(4)
        here = codes == kommunkod
    elif kommunkod is not None and towns:
        here = converted["postort"].str.casefold().isin(towns)
    elif kommunkod is not None:
        issues.add(
            None,
            None,
            N_(
                "%(layout)s gäller hela landet och har ingen kolumn med kommunkod: ange "
                "kommunens postorter, så läses bara företagen där"
            ),
            layout=layout.label,
        )
        issues.raise_if_any()
        here = pd.Series(True, index=converted.index)
    else:
        here = pd.Series(True, index=converted.index)
    result.elsewhere = int((~here).sum())
    converted = converted[here].drop(columns=["kommunkod"], errors="ignore")
    # Both registers write postal towns in capitals ("SANDVIKEN"); the list shows them
    # as a person writes them.
    capitals = converted["postort"] == converted["postort"].str.upper()
    converted["postort"] = converted["postort"].where(~capitals, converted["postort"].str.title())
    result.frame = converted.drop(columns=["postort"]) if without_town else converted
    return result


#: SCB's legal-form codes (JurForm) as the survey register's legal forms. Forms the survey
#: does not sample (simple partnerships, non-profit associations, foundations, estates,
#: foreign entities) are not listed: their rows are left out.
SCB_LEGAL_FORMS = {
    "10": "EF",  # fysiska personer (enskilda näringsidkare)
    "31": "HB",  # handelsbolag, kommanditbolag
    **dict.fromkeys(("41", "42", "43", "44", "49"), "AB"),  # aktiebolag
    **dict.fromkeys(("51", "53", "54"), "EK"),  # ekonomiska föreningar
    **dict.fromkeys(("81", "82", "83", "84", "85", "86", "87", "88", "89"), "OFF"),
}
SCB_TURNOVER = ("Omsattning", "Omsättning", "Oms")
SCB_EMAIL = ("Epost", "E-post", "Email", "E-postadress")


@dataclass
class RegisterRows:
    """SCB's file as the survey register's text columns, and what was left out."""

    frame: pd.DataFrame
    #: The register's column -> the file's header, for messages.
    written: dict[str, str]
    inactive: int
    other_forms: int


def scb_register(table: Table, issues: Issues) -> RegisterRows:
    """SCB's Företagsregistret as rows of the survey's company register (all text).

    Needs, beyond :func:`convert`'s columns, the legal form (``JurForm``), the
    municipality (``Kommun`` or ``Säteskommun`` …), the number of employees (``AntalAnst``)
    and the turnover in kronor (``Omsattning``); an e-mail column (``Epost``) is optional.
    Sole traders keep their number (the register's ``EF``, whose organisation number is
    the owner's personal number, as in the register's own format). Every row is a head
    office: the file lists legal units. ``Reklamsparrtyp`` filled in marks a company that
    asked not to be contacted (``opt_out``).
    """
    frame = table.frame
    wanted = {
        "orgnr": ("PeOrgNr",),
        "name": ("Foretagsnamn", "Företagsnamn", "Namn"),
        "legal_form": ("JurForm",),
        "kommunkod": SCB_MUNICIPALITY,
        "employees": SCB_EMPLOYEES,
        "turnover_sek": SCB_TURNOVER,
    }
    headers = {name: _column(frame, *names) for name, names in wanted.items()}
    for name, header in headers.items():
        if header is None:
            issues.add(
                1,
                wanted[name][0],
                N_(
                    "väntade den här kolumnen i rubrikraden (urvalet behöver den ur "
                    "%(layout)s), fanns ingen"
                ),
                layout=SCB.label,
            )
    issues.raise_if_any()
    written = {name: str(header) for name, header in headers.items()}
    number = frame[written["orgnr"]].str.replace(r"[\s-]", "", regex=True)
    number = number.where(~number.str.fullmatch(r"(16|19|20)\d{10}"), number.str.slice(2))
    form_codes = frame[written["legal_form"]].str.strip()
    legal_form = form_codes.map(SCB_LEGAL_FORMS)
    # A code that is not SCB's (such as "AB" typed by hand) is the register's to report.
    other_form = legal_form.isna() & form_codes.str.fullmatch(r"\d{2}")
    status = _cells(frame, _column(frame, "FtgStat"))
    inactive = (status != "1") & (status != "")
    street = _cells(frame, _column(frame, "Gatuadress"))
    code = _cells(frame, _column(frame, "PostNr")).str.replace(
        r"^(\d{3})(\d{2})$", r"\1 \2", regex=True
    )
    town = _cells(frame, _column(frame, "PostOrt"))
    town = town.where(town != town.str.upper(), town.str.title())
    address = (street + ", " + (code + " " + town).str.strip()).str.strip(" ,")
    block = _cells(frame, _column(frame, "Reklamsparrtyp"))
    email_header = _column(frame, *SCB_EMAIL)
    rows = pd.DataFrame(
        {
            "orgnr": number,
            "name": frame[written["name"]],
            "legal_form": legal_form.fillna(form_codes),
            "sni": _cells(frame, _column(frame, "Ng1", "SNI", "Sni2007")),
            "employees": frame[written["employees"]],
            "turnover_sek": frame[written["turnover_sek"]],
            "kommunkod": frame[written["kommunkod"]].str.strip(),
            "site_type": "head_office",
            "email": _cells(frame, email_header),
            "postal_address": address,
            "opt_out": ((block != "") & (block != "0")).map({True: "true", False: "false"}),
        },
        index=frame.index,
    )
    keep = ~inactive & ~other_form
    return RegisterRows(
        rows[keep], written, int(inactive.sum()), int((other_form & ~inactive).sum())
    )
