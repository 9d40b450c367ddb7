"""Hostile and careless stripboard files, built byte by byte (shared by the domain and e2e tests)."""

from __future__ import annotations

import io
import zipfile
from functools import cache

CONTENT_TYPES = b"""<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
</Types>"""
RELS = b"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
WORKBOOK = b"""<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="scenes" sheetId="1" r:id="rId1"/></sheets></workbook>"""
WORKBOOK_RELS = b"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>"""
NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def col(n: int) -> str:
    letters = ""
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def workbook(sheet_body: bytes, *, dimension: str | None = None, shared: list[bytes] | None = None,
             shared_raw: bytes | None = None, prolog: bytes = b"") -> bytes:
    """A minimal .xlsx with one sheet named "scenes" whose <sheetData> is ``sheet_body``."""
    dim = f'<dimension ref="{dimension}"/>'.encode() if dimension else b""
    sheet = b'<?xml version="1.0" encoding="UTF-8"?>' + prolog + b"<worksheet " + NS + b">" + dim + b"<sheetData>" + sheet_body + b"</sheetData></worksheet>"
    if shared_raw is None:
        items = b"".join(b"<si><t>" + s + b"</t></si>" for s in shared or [])
        shared_raw = b'<?xml version="1.0" encoding="UTF-8"?><sst ' + NS + b">" + items + b"</sst>"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", RELS)
        zf.writestr("xl/workbook.xml", WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
        zf.writestr("xl/sharedStrings.xml", shared_raw)
    return out.getvalue()


def row(number: int, cells: list[tuple[int, str]]) -> bytes:
    inner = "".join(f'<c r="{col(c)}{number}" t="inlineStr"><is><t>{v}</t></is></c>' for c, v in cells)
    return f'<row r="{number}">{inner}</row>'.encode()


@cache
def declared_xfd3000() -> bytes:
    """~20 KB: a sheet that declares A1:XFD3000 (16,384 columns) with one number per row: openpyxl
    pads every row to the declared width (10 s and 421 MB on the old main)."""
    body = b"".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>'.encode() for r in range(1, 3001))
    return workbook(body, dimension="A1:XFD3000")


@cache
def wide_cells() -> bytes:
    """Cells written far to the right (XFD) without any declared dimension."""
    body = b"".join(f'<row r="{r}"><c r="A{r}"><v>1</v></c><c r="XFD{r}"><v>2</v></c></row>'.encode() for r in range(1, 3001))
    return workbook(body)


@cache
def huge_shared_string(mb: int = 200) -> bytes:
    """One shared string of ``mb`` megabytes (about 200 KB zipped)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", RELS)
        zf.writestr("xl/workbook.xml", WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        zf.writestr("xl/worksheets/sheet1.xml", b'<?xml version="1.0"?><worksheet ' + NS + b'><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>')
        with zf.open("xl/sharedStrings.xml", "w") as fh:
            fh.write(b'<?xml version="1.0"?><sst ' + NS + b"><si><t>")
            block = b"A" * (1024 * 1024)
            for _ in range(mb):
                fh.write(block)
            fh.write(b"</t></si></sst>")
    return out.getvalue()


def billion_laughs() -> bytes:
    prolog = (b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
              b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>')
    return workbook(row(1, [(1, "&lol3;")]), prolog=prolog)


def lying_zip_header() -> bytes:
    """A member whose header claims 100 bytes but that inflates to 64 MB."""
    data = bytearray(workbook(row(1, [(1, "x")]), shared_raw=b"<sst " + NS + b"><si><t>" + b"B" * (64 * 1024 * 1024) + b"</t></si></sst>"))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo("xl/sharedStrings.xml")
    # patch the uncompressed size in the central directory record of that member
    name = b"xl/sharedStrings.xml"
    cd = data.rfind(b"PK\x01\x02", 0, data.rfind(name))
    data[cd + 24:cd + 28] = (100).to_bytes(4, "little")
    assert info.file_size > 100
    return bytes(data)


def shift_jis_csv() -> bytes:
    return "\n".join([
        "[days]", "date,day,total_days,general_call", "2026-11-23,1,3,06:00",
        "[sets]", "name,building", "病院の廊下,3号棟",
        "[scenes]", "date,scene,episodes,set,synopsis,est_minutes",
        "2026-11-23,5-1,5,病院の廊下,医者が廊下を走ってくる。看護師が呼び止める。,30",
        "2026-11-23,5-2,5,病院の廊下,手術室の前で家族が待っている。,20",
    ]).encode("shift_jis")


def overflow_csv() -> bytes:
    return "\n".join([
        "[days]", "date,day,general_call", "2026-11-23,1,06:00",
        "[sets]", "name", "法庭",
        "[scenes]", "date,scene,set,est_minutes", "2026-11-23,1-1,法庭," + "9" * 309,
    ]).encode()


def headers_only_csv() -> bytes:
    return "\n".join(["[days]", "date,day,total_days,general_call", "[scenes]", "date,scene,episodes,set,est_minutes"]).encode()


@cache
def heavy_but_within_limits(rows: int = 2900, columns: int = 40) -> bytes:
    """Just under every limit (116,000 filled cells): it takes the parser seconds to refuse (too many
    rows, unknown columns), during which the bot must go on answering everyone else."""
    header = row(1, [(c, f"col{c}") for c in range(1, columns + 1)])
    body = [header] + [
        f'<row r="{r}">'.encode() + b"".join(f'<c r="{col(c)}{r}"><v>{r * c}</v></c>'.encode() for c in range(1, columns + 1)) + b"</row>"
        for r in range(2, rows + 1)
    ]
    return workbook(b"".join(body))
