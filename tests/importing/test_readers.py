"""Readers: real xlsx/ods/csv files written in tmp_path and read back, plus hostile files."""

from __future__ import annotations

import codecs
import csv
import io
import os
import random
import zipfile
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.importing import readers
from workbench.importing.errors import ImportFileError
from workbench.importing.readers import RawTable, column_letter, list_sheets, read_table
from workbench.importing.readers.table import TOTALS_RE
from workbench.importing.readers.workbook import declared_extents

# --------------------------------------------------------------------------------------------
# helpers


def write_members_xlsx(path: Path) -> Path:
    """A member list as offices send it: merged title, blank row, Italian headers, totals."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Soci"
    ws["A1"] = "Elenco soci 2024"
    ws.merge_cells("A1:E1")
    ws.append([])  # row 2 blank
    ws.append(["Ragione sociale ", " P.IVA", "Data adesione", "Quota\u00a0", "Dipendenti"])
    ws.append(["Alfa S.r.l.  ", "01234560017", datetime(2021, 3, 4), 150.0, 12.0])
    ws.append(["\u00a0Città Società Coop.", None, datetime(2022, 1, 5, 10, 30), 1234.5, 3])
    ws.append([])  # blank row in the data: dropped
    ws.append(["Beta SpA", "#DIV/0!", "04/03/2021", 99.0, None])
    ws["B7"].data_type = "s"  # an error marker typed as text, as CSV round trips leave it
    ws.append(["Totale", None, None, 1483.5, 15])
    wb.save(path)
    return path


def write_xlsx(path: Path, sheets: Mapping[str, Sequence[Sequence[object]]]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def write_ods(path: Path, rows: list[list[object]], sheet: str = "Soci") -> Path:
    """A minimal but valid OpenDocument spreadsheet, written by hand (no writer library)."""

    def cell(value: object) -> str:
        if value is None:
            return "<table:table-cell/>"
        shown: object = value
        if isinstance(value, date):
            kind, attr = "date", f' office:date-value="{value.isoformat()}"'
        elif isinstance(value, int | float):
            kind, attr = "float", f' office:value="{value}"'
        else:
            kind, attr = "string", ""
        return (
            f'<table:table-cell office:value-type="{kind}"{attr}>'
            f"<text:p>{shown}</text:p></table:table-cell>"
        )

    body = "".join(
        "<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>" for row in rows
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{sheet}">{body}'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        zf.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        zf.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def write_csv(path: Path, rows: list[list[str]], *, encoding: str, delimiter: str) -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def assert_shape(table: RawTable) -> None:
    assert len(table.rows) == len(table.row_numbers)
    assert all(len(row) == len(table.headers) for row in table.rows)
    assert len({h.casefold() for h in table.headers}) == len(table.headers)


# --------------------------------------------------------------------------------------------
# xlsx


def test_xlsx_title_blank_rows_italian_headers_totals(tmp_path: Path) -> None:
    path = write_members_xlsx(tmp_path / "members.xlsx")
    table = read_table(path)
    assert_shape(table)
    assert table.file_name == "members.xlsx"
    assert table.sheet_name == "Soci"
    assert table.sheets == ["Soci"]
    assert table.header_row_index == 2
    assert table.headers == ["Ragione sociale", "P.IVA", "Data adesione", "Quota", "Dipendenti"]
    assert table.row_numbers == [4, 5, 7]
    alfa, citta, beta = table.rows
    # whole floats come back as int, midnight datetimes as dates, strings stripped
    assert alfa == ["Alfa S.r.l.", "01234560017", date(2021, 3, 4), 150, 12]
    assert isinstance(alfa[3], int)
    assert citta[0] == "Città Società Coop."
    assert citta[2] == datetime(2022, 1, 5, 10, 30)
    assert citta[3] == 1234.5
    # text dates are not interpreted by the reader
    assert beta[2] == "04/03/2021"
    assert beta[1] == "#DIV/0!"
    assert "Row 8 looks like a totals line and was skipped." in table.notes
    assert any("header is on row 3" in n for n in table.notes)
    assert any('"P.IVA"' in n and "#DIV/0!" in n and "row" in n for n in table.notes)


def test_merged_cells_keep_value_in_top_left_only(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Nome", "Area", "Ruolo"])
    ws.append(["Alfa", "Energia", "Socio"])
    ws.append(["Beta", None, "Socio"])
    ws.merge_cells("B2:B3")
    wb.save(tmp_path / "merged.xlsx")
    table = read_table(tmp_path / "merged.xlsx")
    assert table.rows == [["Alfa", "Energia", "Socio"], ["Beta", None, "Socio"]]


def test_real_error_cells_read_as_empty(tmp_path: Path) -> None:
    # python-calamine turns error cells into empty cells: documented in readers.py.
    path = write_xlsx(tmp_path / "err.xlsx", {"S": [["Nome", "Quota"], ["Alfa", "#DIV/0!"]]})
    assert read_table(path).rows == [["Alfa", None]]


def test_duplicate_and_blank_headers_are_named(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "dup.xlsx",
        {"S": [["Email", "email", None, "Email", "Note"], ["a@x.it", "b@x.it", "x", "c@x.it", ""]]},
    )
    table = read_table(path)
    assert table.headers == ["Email", "email (2)", "Column C", "Email (3)", "Note"]
    assert table.rows == [["a@x.it", "b@x.it", "x", "c@x.it", None]]


def test_empty_columns_are_dropped_and_letters_follow_the_source(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["C5"] = "Nome"
    ws["D5"] = "Comune"
    ws["F6"] = "extra"
    ws["C6"] = "Alfa"
    ws["D6"] = "Trento"
    wb.save(tmp_path / "offset.xlsx")
    table = read_table(tmp_path / "offset.xlsx")
    assert table.header_row_index == 4
    assert table.headers == ["Nome", "Comune", "Column F"]
    assert table.rows == [["Alfa", "Trento", "extra"]]
    assert table.row_numbers == [6]


def test_no_header_row_names_columns_by_letter(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "nums.xlsx", {"S": [[1, 2], [3, 4]]})
    table = read_table(path)
    assert table.header_row_index is None
    assert table.headers == ["Column A", "Column B"]
    assert table.rows == [[1, 2], [3, 4]]
    assert any("No header row" in n for n in table.notes)


def test_totals_row_variants(tmp_path: Path) -> None:
    rows: list[Sequence[object]] = [["Nome", "Quota", "Dipendenti"], ["Alfa", 10, 2]]
    rows += [[word, 10, 2] for word in ("TOTALE", "Total", "Totals:", "Summe", "Somme")]
    rows += [["Total general", 10, None], ["Totale Srl", "IT01234560017", 3]]
    table = read_table(write_xlsx(tmp_path / "tot.xlsx", {"S": rows}))
    # "Totale Srl" has a text cell besides its name: a member, not a totals line
    assert [r[0] for r in table.rows] == ["Alfa", "Totale Srl"]
    assert sum("totals line" in n for n in table.notes) == 6


def test_sheet_choice_and_list_sheets(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "multi.xlsx",
        {
            "Vuoto": [],
            "Soci": [["Nome", "Città"], ["Alfa", "Trento"]],
            "Altro": [["A", "B"], [1, 2]],
        },
    )
    assert list_sheets(path) == ["Vuoto", "Soci", "Altro"]
    default = read_table(path)
    assert default.sheet_name == "Soci"  # the empty first sheet is passed over
    assert "3 sheets" in default.notes[0]
    other = read_table(path, sheet="Altro")
    assert other.headers == ["A", "B"] and other.rows == [[1, 2]]
    with pytest.raises(ImportFileError) as info:
        read_table(path, sheet="Membri")
    assert info.value.file == "multi.xlsx"
    assert '"Soci"' in str(info.value) and '"Membri"' in str(info.value)
    with pytest.raises(ImportFileError, match="holds no data") as info:
        read_table(path, sheet="Vuoto")
    assert info.value.sheet == "Vuoto"


def test_progress_is_reported(tmp_path: Path) -> None:
    rows: list[Sequence[object]] = [["Nome", "N"]] + [[f"Org {i}", i] for i in range(5000)]
    path = write_xlsx(tmp_path / "big.xlsx", {"S": rows})
    calls: list[tuple[int, int]] = []
    table = read_table(path, progress=lambda done, total: calls.append((done, total)))
    assert len(table.rows) == 5000
    assert calls[-1] == (5001, 5001)
    assert all(done <= total for done, total in calls)


def test_too_many_rows(tmp_path: Path) -> None:
    rows: list[Sequence[object]] = [["Nome", "N"]] + [[f"Org {i}", i] for i in range(50)]
    path = write_xlsx(tmp_path / "rows.xlsx", {"S": rows})
    with pytest.raises(ImportFileError, match="51 rows; the limit is 10") as info:
        read_table(path, max_rows=10)
    assert info.value.sheet == "S"
    assert "Split" in (info.value.hint or "")
    assert len(read_table(path, max_rows=51).rows) == 50


def test_declared_sheet_size_is_read_before_loading(tmp_path: Path) -> None:
    rows: list[Sequence[object]] = [["Nome", "N"]] + [[f"Org {i}", i] for i in range(50)]
    path = write_xlsx(tmp_path / "rows.xlsx", {"Primo": [["x"]], "Soci": rows})
    with zipfile.ZipFile(path) as zf:
        declared = declared_extents(zf)
    assert (declared["Primo"].rows, declared["Primo"].columns) == (1, 1)
    assert (declared["Soci"].rows, declared["Soci"].columns) == (51, 2)
    with pytest.raises(ImportFileError, match="51 rows; the limit is 10"):
        read_table(path, sheet="Soci", max_rows=10)
    assert read_table(path, sheet="Primo", max_rows=10).headers == ["x"]


def test_file_size_limit(tmp_path: Path, monkeypatch) -> None:
    path = write_members_xlsx(tmp_path / "members.xlsx")
    with pytest.raises(ImportFileError, match="too large"):
        read_table(path, max_bytes=100)
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 100)
    with pytest.raises(ImportFileError, match="too large"):
        list_sheets(path)


# --------------------------------------------------------------------------------------------
# ods


def test_ods_written_by_hand(tmp_path: Path) -> None:
    path = write_ods(
        tmp_path / "soci.ods",
        [
            ["Elenco soci"],
            [],
            ["Denominazione", "Tipologia", "Fatturato", "Data adesione"],
            ["Università di Trento", "Università", 1500000.0, date(2020, 5, 1)],
            ["Gamma GmbH", "Impresa", 12.5, None],
        ],
    )
    assert list_sheets(path) == ["Soci"]
    table = read_table(path)
    assert_shape(table)
    assert table.headers == ["Denominazione", "Tipologia", "Fatturato", "Data adesione"]
    assert table.rows[0] == ["Università di Trento", "Università", 1500000, date(2020, 5, 1)]
    assert table.rows[1] == ["Gamma GmbH", "Impresa", 12.5, None]
    assert table.row_numbers == [4, 5]


# --------------------------------------------------------------------------------------------
# csv


ITALIAN_ROWS = [
    ["Ragione sociale", "Città", "Fatturato", "Data adesione"],
    ["Società Alfa S.r.l.", "Forlì", "1.234,56", "04/03/2021"],
    ['Beta; "Gamma"', "Città di Castello", "€ 2.000", "13/12/2020"],
]


@pytest.mark.parametrize(
    ("encoding", "delimiter", "ext"),
    [
        ("utf-8-sig", ";", ".csv"),
        ("utf-8", ";", ".csv"),
        ("cp1252", ";", ".csv"),
        ("cp1252", "\t", ".txt"),
        ("utf-8", "\t", ".tsv"),
        ("utf-8", ",", ".csv"),
        ("utf-8", "|", ".txt"),
        ("utf-16", "\t", ".txt"),  # Excel's "Unicode text"
    ],
)
def test_csv_encodings_and_delimiters(
    tmp_path: Path, encoding: str, delimiter: str, ext: str
) -> None:
    path = write_csv(tmp_path / f"soci{ext}", ITALIAN_ROWS, encoding=encoding, delimiter=delimiter)
    table = read_table(path)
    assert_shape(table)
    assert table.sheet_name is None and table.sheets == []
    assert table.headers == ITALIAN_ROWS[0]
    assert table.rows == ITALIAN_ROWS[1:]
    assert table.row_numbers == [2, 3]
    assert list_sheets(path) == []
    if encoding == "cp1252":
        assert any("not UTF-8" in n for n in table.notes)


def test_cp1252_euro_sign_and_accents(tmp_path: Path) -> None:
    text = "Ragione sociale;Quota\r\nCittà Società;€ 1.500\r\nCaffè Müller;€ 200\r\n"
    path = tmp_path / "quote.csv"
    path.write_bytes(text.encode("cp1252"))
    table = read_table(path)
    assert table.rows == [["Città Società", "€ 1.500"], ["Caffè Müller", "€ 200"]]


def test_csv_title_row_blank_lines_totals_and_padding(tmp_path: Path) -> None:
    text = (
        "Elenco soci;;;\r\n"
        ";;;\r\n"
        "Nome ; P.IVA;Quota;\r\n"
        "Alfa;01234560017;1.000,50;\r\n"
        "\r\n"
        "Beta\u00a0;;#N/D;\r\n"
        "Totale;;1.000,50;\r\n"
    )
    path = tmp_path / "soci.csv"
    path.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    table = read_table(path)
    assert table.header_row_index == 2
    assert table.headers == ["Nome", "P.IVA", "Quota"]
    assert table.rows == [["Alfa", "01234560017", "1.000,50"], ["Beta", None, "#N/D"]]
    assert table.row_numbers == [4, 6]
    assert "Row 7 looks like a totals line and was skipped." in table.notes
    assert any('"Quota"' in n and "#N/D" in n for n in table.notes)


def test_csv_too_many_rows(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text("a,b\n" + "".join(f"{i},{i}\n" for i in range(100)), encoding="utf-8")
    with pytest.raises(ImportFileError, match="101 rows; the limit is 20") as info:
        read_table(path, max_rows=20)
    assert info.value.file == "long.csv" and info.value.sheet is None


def test_csv_unclosed_quote_is_reported_with_a_row(tmp_path: Path) -> None:
    path = tmp_path / "quote.csv"
    path.write_text('a,b\n1,2\n1,"' + "x" * 200_000 + "\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="cannot be split into columns") as info:
        read_table(path)
    assert info.value.row == 3


# --------------------------------------------------------------------------------------------
# bad and hostile files


def test_empty_file(tmp_path: Path) -> None:
    for name in ("empty.csv", "empty.xlsx"):
        (tmp_path / name).write_bytes(b"")
        with pytest.raises(ImportFileError, match="empty") as info:
            read_table(tmp_path / name)
        assert info.value.file == name


def test_missing_file_and_unknown_extension(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="does not exist"):
        read_table(tmp_path / "nope.xlsx")
    (tmp_path / "doc.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(ImportFileError, match='".pdf" cannot be imported'):
        read_table(tmp_path / "doc.pdf")


def test_xlsx_named_csv(tmp_path: Path) -> None:
    write_members_xlsx(tmp_path / "members.xlsx")
    (tmp_path / "members.csv").write_bytes((tmp_path / "members.xlsx").read_bytes())
    with pytest.raises(ImportFileError) as info:
        read_table(tmp_path / "members.csv")
    message = str(info.value)
    assert message.startswith("members.csv: ")
    assert "Excel workbook (.xlsx)" in message and 'Rename it to "members.xlsx"' in message


def test_csv_named_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "members.xlsx"
    path.write_text("Nome;Città\nAlfa;Trento\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match='Rename it to "members.csv"'):
        read_table(path)


def test_ods_named_xlsx_and_xlsx_named_xls(tmp_path: Path) -> None:
    write_ods(tmp_path / "a.xlsx", [["A", "B"], [1, 2]])
    with pytest.raises(ImportFileError, match=r"OpenDocument spreadsheet \(.ods\)"):
        read_table(tmp_path / "a.xlsx")
    write_members_xlsx(tmp_path / "b.xls")
    with pytest.raises(ImportFileError, match="Excel workbook"):
        read_table(tmp_path / "b.xls")


def test_html_named_xls(tmp_path: Path) -> None:
    path = tmp_path / "export.xls"
    path.write_text("<html><body><table><tr><td>Nome</td></tr></table></body></html>")
    with pytest.raises(ImportFileError, match="web page"):
        read_table(path)


def test_binary_garbage_csv(tmp_path: Path) -> None:
    rng = random.Random(4)
    path = tmp_path / "garbage.csv"
    path.write_bytes(bytes(rng.randrange(256) for _ in range(20000)) + b"\0" * 5000)
    with pytest.raises(ImportFileError, match="does not contain text") as info:
        read_table(path)
    assert info.value.file == "garbage.csv"


def test_random_bytes_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "garbage.xlsx"
    path.write_bytes(os.urandom(5000))
    with pytest.raises(ImportFileError, match="garbage.xlsx"):
        read_table(path)


def test_damaged_zip_and_damaged_workbook(tmp_path: Path) -> None:
    good = write_members_xlsx(tmp_path / "good.xlsx").read_bytes()
    (tmp_path / "cut.xlsx").write_bytes(good[: len(good) // 2])
    with pytest.raises(ImportFileError, match="damaged"):
        read_table(tmp_path / "cut.xlsx")
    with zipfile.ZipFile(tmp_path / "bad.xlsx", "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook><sheets><sheet name='S'")
    with pytest.raises(ImportFileError, match="bad.xlsx") as info:
        list_sheets(tmp_path / "bad.xlsx")
    assert info.value.hint


def test_password_protected_xlsx_is_an_ole_file(tmp_path: Path) -> None:
    # Encrypted OOXML is an OLE compound file holding EncryptionInfo and EncryptedPackage.
    fake = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 1000
        + "EncryptionInfo".encode("utf-16-le")
        + b"\0" * 100
        + "EncryptedPackage".encode("utf-16-le")
        + b"\0" * 1000
    )
    (tmp_path / "secret.xlsx").write_bytes(fake)
    with pytest.raises(ImportFileError) as info:
        read_table(tmp_path / "secret.xlsx")
    assert str(info.value) == (
        "secret.xlsx: the file is password-protected. Save it without a password and try again."
    )


def test_old_xls_named_xlsx(tmp_path: Path) -> None:
    (tmp_path / "old.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000)
    with pytest.raises(ImportFileError, match=r"97-2003 workbook \(.xls\)"):
        read_table(tmp_path / "old.xlsx")


def test_damaged_xls(tmp_path: Path) -> None:
    (tmp_path / "bad.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\1" * 2000)
    with pytest.raises(ImportFileError, match="bad.xls"):
        read_table(tmp_path / "bad.xls")


def test_zip_bomb_300_mb_of_zeros(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    chunk = b"\0" * (1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            for _ in range(300):
                member.write(chunk)
    assert path.stat().st_size < 1_000_000
    with pytest.raises(ImportFileError, match="expands to far more data") as info:
        read_table(path)
    assert info.value.file == "bomb.xlsx"


def test_uncompressed_size_limit(tmp_path: Path) -> None:
    path = write_members_xlsx(tmp_path / "members.xlsx")
    with pytest.raises(ImportFileError, match="unpacks to"):
        read_table(path, max_uncompressed_bytes=1000)
    with pytest.raises(ImportFileError, match="unpacks to"):
        list_sheets(path, max_uncompressed_bytes=1000)


def test_compression_ratio_limit_is_configurable(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "many.xlsx"
    write_xlsx(path, {"S": [["Nome", "N"]] + [["Alfa", 1]] * 20000})
    monkeypatch.setattr(readers, "LARGE_MEMBER_BYTES", 1000)
    monkeypatch.setattr(readers, "MAX_COMPRESSION_RATIO", 2)
    with pytest.raises(ImportFileError, match="expands"):
        read_table(path)


def test_error_messages_name_the_file_never_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsb"
    path.write_bytes(b"PK\x03\x04" + os.urandom(3000))
    with pytest.raises(ImportFileError) as info:
        read_table(path)
    assert str(info.value).startswith("x.xlsb: ")
    assert "Traceback" not in str(info.value)


def test_column_letter() -> None:
    assert [column_letter(i) for i in (0, 1, 25, 26, 27, 701, 702)] == [
        "A", "B", "Z", "AA", "AB", "ZZ", "AAA",
    ]  # fmt: skip


# --------------------------------------------------------------------------------------------
# CSV round trip


# Letters at or above U+00C0 only: cp1252 bytes for them can never form valid UTF-8, so a
# cp1252 file is never mistaken for UTF-8 by accident.
_CELL_ALPHABET = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ àèéìòùäöüßçñÀÈÉÌÒÙÄÖÜ\"';,|\t.-"
)
_cell_text = st.text(alphabet=_CELL_ALPHABET, min_size=1, max_size=12).filter(
    lambda s: bool(s) and s == s.strip() and not TOTALS_RE.match(s)
)


@st.composite
def text_tables(draw: st.DrawFn) -> list[list[str]]:
    width = draw(st.integers(min_value=2, max_value=5))
    height = draw(st.integers(min_value=1, max_value=8))
    header = [f"Colonna {i} città" for i in range(width)]
    rows = [[draw(_cell_text) for _ in range(width)] for _ in range(height)]
    return [header, *rows]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    table=text_tables(),
    encoding=st.sampled_from(["utf-8-sig", "utf-8", "cp1252"]),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_csv_round_trip(
    tmp_path: Path, table: list[list[str]], encoding: str, delimiter: str
) -> None:
    path = write_csv(tmp_path / "round.csv", table, encoding=encoding, delimiter=delimiter)
    result = read_table(path)
    assert result.headers == table[0]
    assert result.rows == table[1:]
    assert result.row_numbers == list(range(2, len(table) + 1))


def test_a_lone_totals_label_is_skipped_but_a_company_called_total_is_kept(
    tmp_path: Path,
) -> None:
    path = write_xlsx(
        tmp_path / "soci.xlsx",
        {
            "Soci": [
                ["Ragione sociale", "Quota"],
                ["Total Italia S.p.A.", 500],
                ["TotalEnergies", 300],
                ["Alfa S.r.l.", 150],
                ["Totale"],  # the sum column was deleted, the label stayed
            ]
        },
    )
    table = read_table(path)
    assert [row[0] for row in table.rows] == ["Total Italia S.p.A.", "TotalEnergies", "Alfa S.r.l."]
    assert "Row 5 looks like a totals line and was skipped." in table.notes


def test_header_row_chosen_by_hand(tmp_path: Path) -> None:
    # Detection takes row 3 (the first row of text followed by data) ...
    path = write_xlsx(
        tmp_path / "elenco.xlsx",
        {
            "Soci": [
                ["Elenco soci"],
                ["Aggiornato al", date(2024, 12, 31)],
                ["Gruppo A", "Gruppo A", "Gruppo B"],
                ["Ragione sociale", "Città", "Quota"],
                ["Alfa S.r.l.", "Torino", 150],
                ["Beta S.p.A.", "Milano", 300],
            ]
        },
    )
    # ... the user says the titles are on row 4.
    table = read_table(path, header_row=4)
    assert table.header_row_index == 3
    assert table.headers == ["Ragione sociale", "Città", "Quota"]
    assert table.row_numbers == [5, 6]
    assert any("header is on row 4" in n for n in table.notes)

    no_header = read_table(path, header_row=0)
    assert no_header.header_row_index is None
    assert no_header.row_numbers == [1, 2, 3, 4, 5, 6]
    assert any("without a header row, as chosen" in n for n in no_header.notes)

    csv_path = tmp_path / "soci.csv"
    csv_path.write_text("Soci 2024\n\nNome;Quota\nAlfa;150\n", encoding="utf-8")
    assert read_table(csv_path, header_row=3).headers == ["Nome", "Quota"]


def test_a_blank_header_row_is_refused_naming_the_row(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "soci.xlsx", {"Soci": [["Nome"], [], ["Alfa"]]})
    with pytest.raises(ImportFileError) as info:
        read_table(path, header_row=2)
    assert (info.value.file, info.value.sheet, info.value.row) == ("soci.xlsx", "Soci", 2)
    assert "cannot hold the column titles" in str(info.value)
    with pytest.raises(ImportFileError):
        read_table(path, header_row=40)


def test_repeated_group_labels_above_the_titles_are_not_the_header(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "gruppi.xlsx",
        {
            "Soci": [
                ["Anagrafica", "Anagrafica", "Sede"],
                ["Ragione sociale", "P.IVA", "Città"],
                ["Alfa S.r.l.", "01234560017", "Torino"],
            ]
        },
    )
    table = read_table(path)
    assert table.headers == ["Ragione sociale", "P.IVA", "Città"]
    assert table.row_numbers == [3]
    # A header that repeats a name over text-only data keeps its place.
    same = write_xlsx(
        tmp_path / "ripetuti.xlsx",
        {
            "Soci": [
                ["Nome", "Email", "Email"],
                ["Alfa", "a@x.it", "b@x.it"],
                ["Beta", "c@x.it", "d@x.it"],
            ]
        },
    )
    assert read_table(same).row_numbers == [2, 3]
