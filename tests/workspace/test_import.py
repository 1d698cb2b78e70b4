"""Company import from the register format: all or nothing, errors by row and column,
only this municipality's rows, re-import updates."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from foretagsklimat.apps.workspace.models import AuditEntry, Company
from foretagsklimat.apps.workspace.services.importing import import_companies
from foretagsklimat.importers.errors import ImportValidationError

from .conftest import Cast

pytestmark = pytest.mark.django_db

HEADER = (
    "orgnr,name,legal_form,sni,employees,turnover_sek,kommunkod,site_type,email,"
    "postal_address,opt_out\n"
)


def _file(*rows: str) -> bytes:
    return (HEADER + "".join(r + "\n" for r in rows)).encode()


GOOD = (
    "556241-4945,Storviks Bageri AB,AB,10710,4,3000000,2181,head_office,,"
    '"Storgatan 2, 812 31 Storvik",false',
    "5590000005,Järbo Sågverk AB,AB,16100,45,90000000,2181,head_office,,Sågvägen 1,false",
)


def test_an_import_creates_the_companies_with_their_addresses(cast: Cast) -> None:
    result = import_companies(cast.company.municipality, _file(*GOOD), "reg.csv", None)
    assert (result.created, result.updated) == (2, 0)
    bageri = Company.objects.get(orgnr="5562414945")
    assert (bageri.address, bageri.postal_code, bageri.postal_town, bageri.size_class) == (
        "Storgatan 2",
        "812 31",
        "Storvik",
        "1-9",
    )


def test_a_reimport_updates_and_never_duplicates(cast: Cast) -> None:
    municipality = cast.company.municipality
    import_companies(municipality, _file(*GOOD), "reg.csv", None)
    changed = GOOD[1].replace(",45,", ",60,")
    result = import_companies(municipality, _file(GOOD[0], changed), "reg2.csv", None)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert Company.objects.filter(orgnr="5590000005").count() == 1
    assert Company.objects.get(orgnr="5590000005").employees == 60
    entry = AuditEntry.objects.get(action="workspace.company.updated")
    assert entry.changes["employees"] == [45, 60]


def test_errors_name_the_row_and_column_and_nothing_is_loaded(cast: Cast) -> None:
    broken = GOOD[1].replace("5590000005", "5590000006")
    with pytest.raises(ImportValidationError) as caught:
        import_companies(cast.company.municipality, _file(GOOD[0], broken), "reg.csv", None)
    [issue] = caught.value.issues
    assert (issue.file, issue.row, issue.column) == ("reg.csv", 3, "orgnr")
    assert not Company.objects.filter(orgnr="5562414945").exists()


def test_rows_of_another_municipality_are_errors(cast: Cast) -> None:
    foreign = GOOD[1].replace(",2181,", ",2180,")
    with pytest.raises(ImportValidationError) as caught:
        import_companies(cast.company.municipality, _file(GOOD[0], "", foreign), "reg.csv", None)
    [issue] = caught.value.issues
    # The blank row 3 is dropped but keeps the numbering of the rows after it.
    assert (issue.row, issue.column) == (4, "kommunkod")
    assert "kommunens kod 2181 (Sandviken)" in issue.message
    assert Company.objects.filter(municipality_id="2181").count() == 1


def test_the_import_page_lists_every_problem_and_loads_nothing(cast: Cast) -> None:
    client = cast.client(cast.sandviken_editor)
    bad = GOOD[1].replace(",45,", ",många,")
    upload = SimpleUploadedFile("foretag.csv", _file(GOOD[0], bad), content_type="text/csv")
    response = client.post(reverse("workspace:company_import", args=["2181"]), {"file": upload})
    html = response.content.decode()
    assert "1 problem hittades; inget importerades." in html
    assert "employees" in html and "foretag.csv" in html
    assert not Company.objects.filter(orgnr="5562414945").exists()


def test_the_import_page_reports_what_was_done(cast: Cast) -> None:
    client = cast.client(cast.sandviken_editor)
    upload = SimpleUploadedFile("foretag.csv", _file(*GOOD), content_type="text/csv")
    response = client.post(
        reverse("workspace:company_import", args=["2181"]), {"file": upload}, follow=True
    )
    assert "2 nya, 0 uppdaterade, 0 oförändrade" in response.content.decode()
    entry = AuditEntry.objects.get(action="workspace.company.imported")
    assert entry.user == cast.sandviken_editor
    assert entry.changes["nya"] == [None, 2]


def test_a_list_with_only_organisation_number_and_name_imports(cast: Cast) -> None:
    data = b"organisationsnummer;namn\n556241-4945;Storviks Bageri AB\n"
    result = import_companies(cast.company.municipality, data, "lista.csv", None)
    assert result.created == 1
    bageri = Company.objects.get(orgnr="5562414945")
    assert (bageri.name, bageri.employees, bageri.head_office) == ("Storviks Bageri AB", None, True)


def test_a_reimport_changes_only_the_columns_the_file_has(cast: Cast) -> None:
    municipality = cast.company.municipality
    data = b"organisationsnummer;namn\n556036-0793;Sandvikens Testverkstad AB\n"
    result = import_companies(municipality, data, "lista.csv", None)
    assert (result.updated, result.unchanged) == (0, 1)
    cast.company.refresh_from_db()
    assert (cast.company.employees, cast.company.area) == (12, "Storvik")
    data = (
        "organisationsnummer;namn;anställda;område\n"
        "5560360793;Sandvikens Testverkstad AB;14;Centrum\n"
    )
    import_companies(municipality, data.encode(), "lista.csv", None)
    cast.company.refresh_from_db()
    assert (cast.company.employees, cast.company.area, cast.company.sni) == (14, "Centrum", "25110")


def test_every_problem_of_the_file_is_reported_at_once(cast: Cast) -> None:
    data = (
        "organisationsnummer;anställda;postnummer;Färg\n"
        "556036-0794;4;81231;blå\n"
        "5562414945;många;8123;röd\n"
        "5562414945;3;;grön\n"
    ).encode()
    with pytest.raises(ImportValidationError) as caught:
        import_companies(cast.company.municipality, data, "lista.csv", None)
    found = {(i.row, i.column) for i in caught.value.issues}
    assert found == {
        (1, "namn"),  # the missing column
        (1, "Färg"),  # an unknown one
        (2, "organisationsnummer"),  # a wrong check digit
        (3, "anställda"),
        (3, "postnummer"),
        (3, "organisationsnummer"),  # twice
        (4, "organisationsnummer"),
    }
    assert all(i.file == "lista.csv" and i.template for i in caught.value.issues)
    assert not Company.objects.filter(orgnr="5562414945").exists()


def test_an_importer_error_is_shown_in_english(cast: Cast) -> None:
    client = cast.client(cast.sandviken_editor)
    client.get("/sprak/en/")
    data = b"organisationsnummer;namn\n556036-0794;Fel AB\n"
    upload = SimpleUploadedFile("list.csv", data, content_type="text/csv")
    response = client.post(
        reverse("workspace:company_import", args=["2181"]),
        {"file": upload},
    )
    html = response.content.decode()
    assert (
        "an organisation number such as 556036-0793, found ”556036-0794”: wrong check digit" in html
    )


def test_the_template_downloads_as_excel_and_as_csv_for_swedish_excel(cast: Cast) -> None:
    import io

    import openpyxl

    client = cast.client(cast.sandviken_viewer)
    url = reverse("workspace:company_import_template", args=["2181"])
    csv = client.get(url, {"format": "csv"})
    assert csv.content.startswith("\ufeff".encode())
    assert (
        csv.content.decode("utf-8-sig")
        .splitlines()[0]
        .startswith("organisationsnummer;namn;sni;anställda")
    )
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(url).content))
    assert [c.value for c in workbook["foretag"][1]][:2] == ["organisationsnummer", "namn"]
    notes = [[c.value for c in row] for row in workbook["Kolumner"].iter_rows()]
    assert notes[1][:2] == ["organisationsnummer", "krävs"]
    assert len(notes) == 11
    # The template, filled in, imports.
    filled = csv.content + b"556241-4945;Storviks Bageri AB;;;;;;;;\r\n"
    assert import_companies(cast.company.municipality, filled, "mall.csv", None).created == 1


def test_a_file_level_problem_is_shown_in_the_interfaces_language(cast: Cast) -> None:
    client = cast.client(cast.sandviken_editor)
    url = reverse("workspace:company_import", args=["2181"])
    upload = SimpleUploadedFile("foretag.xls", b"x", content_type="application/vnd.ms-excel")
    html = client.post(url, {"file": upload}).content.decode()
    assert "väntade en fil av typen .csv eller .xlsx, fanns ”.xls” (spara den som .xlsx)" in html
    client.get("/sprak/en/")
    upload = SimpleUploadedFile("foretag.csv", b"  \n", content_type="text/csv")
    assert "the file is empty" in client.post(url, {"file": upload}).content.decode()


RECORDED = Path(__file__).parents[1] / "importers" / "data"


def test_bolagsverkets_bulk_file_is_imported_for_the_postal_towns_given(cast: Cast) -> None:
    client = cast.client(cast.sandviken_editor)
    url = reverse("workspace:company_import", args=["2181"])
    data = (RECORDED / "bolagsverket_bulkfil.txt").read_bytes()
    upload = SimpleUploadedFile("bolagsverket_bulkfil.txt", data, content_type="text/plain")
    response = client.post(url, {"file": upload, "postal_towns": ""})
    # A file over the whole country needs the towns to be narrowed to the municipality.
    assert "ange kommunens postorter" in response.content.decode()
    assert not Company.objects.filter(orgnr="5566778899").exists()
    upload = SimpleUploadedFile("bolagsverket_bulkfil.txt", data, content_type="text/plain")
    response = client.post(url, {"file": upload, "postal_towns": "Sandviken; Storvik"}, follow=True)
    page = response.content.decode()
    # Sandvikens Testverkstad is in the register already; the bakery is new.
    assert "Importen klar: 1 nya, 1 uppdaterade, 0 oförändrade företag." in page
    assert (
        "Lämnades utanför ur filen från Bolagsverket: 1 enskild näringsidkare med "
        "personnummer, 1 företag som inte längre är verksamt, 2 företag i andra kommuner."
    ) in page
    bageri = Company.objects.get(municipality_id="2181", orgnr="5566778899")
    assert (bageri.name, bageri.postal_town, bageri.postal_code) == (
        "Storviks Bageri AB",
        "Storvik",
        "812 40",
    )
