"""Checking an XLSX workbook before openpyxl sees it.

An .xlsx file is a zip of XML. A 22 KB upload can declare a sheet of A1:XFD3000 (openpyxl then pads
every row to 16,384 cells), hold one 200 MB string, or expand to gigabytes. So every member is
decompressed here as a stream, counting the bytes it really yields (not what its header claims),
and every sheet and the shared strings are read as an XML stream: the declared dimension, the
number of cells that hold a value, the extent they span and each cell's and shared string's
length are checked as they go by, and a DTD (entity expansion) is refused. Only a workbook that
passes is opened with openpyxl, which then reads each sheet only up to the extent found here.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO
from xml.parsers import expat

from bot.domain.stripboard.headers import (
    MAX_CELL_CHARS,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_DECLARED_CELLS,
    MAX_LINES,
    MAX_MEMBER_BYTES,
    MAX_SHEETS,
    MAX_UNZIPPED_BYTES,
    MAX_ZIP_MEMBERS,
)

CHUNK = 64 * 1024
#: What a damaged zip makes zipfile raise (bad headers, bad deflate data, encrypted members, CRC errors).
_DAMAGED = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError, RuntimeError, ValueError,
            KeyError, zlib.error, struct.error, UnicodeDecodeError)
_REF = re.compile(r"^\$?([A-Z]{1,3})\$?([0-9]{1,7})$")


class XlsxRefused(Exception):
    """The workbook breaks a limit: ``key`` (``stripboard.problem.*``) and ``params`` say which."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key, params)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class Extent:
    rows: int  # the last row holding a value (0: none)
    columns: int  # the last column holding a value


def column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n


def _cell_ref(ref: str) -> tuple[int, int] | None:
    m = _REF.match(ref.strip().upper())
    return (int(m.group(2)), column_number(m.group(1))) if m else None


def _stream(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: list[int]) -> Iterator[bytes]:
    """The member's bytes as they decompress, refused past its own cap or the workbook's."""
    seen = 0
    with zf.open(info) as fh:
        while chunk := fh.read(CHUNK):
            seen += len(chunk)
            budget[0] -= len(chunk)
            if seen > MAX_MEMBER_BYTES:
                raise XlsxRefused("stripboard.problem.xlsx_part_too_big", mb=MAX_MEMBER_BYTES // (1024 * 1024))
            if budget[0] < 0:
                raise XlsxRefused("stripboard.problem.xlsx_too_big", mb=MAX_UNZIPPED_BYTES // (1024 * 1024))
            yield chunk


def _no_dtd(chunks: Iterator[bytes]) -> Iterator[bytes]:
    tail = b""
    for chunk in chunks:
        window = tail + chunk
        if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
            raise XlsxRefused("stripboard.problem.bad_xlsx")
        tail = window[-16:]
        yield chunk


class _Counter:
    def __init__(self) -> None:
        self.cells = 0

    def add(self) -> None:
        self.cells += 1
        if self.cells > MAX_CELLS:
            raise XlsxRefused("stripboard.problem.xlsx_too_many_cells", max=MAX_CELLS)


def _refuse_dtd(*_args: object) -> None:
    raise XlsxRefused("stripboard.problem.bad_xlsx")


class _Scan:
    """One XML member read as a stream with expat: nothing is kept but a few counters, so memory is
    flat whatever the size, and each text is measured as it arrives (a 200 MB string is refused at
    its first 4000 characters)."""

    def __init__(self, counter: _Counter, *, sheet: bool) -> None:
        self.counter, self.sheet = counter, sheet
        self.max_row = self.max_col = self.row_number = 0
        self.in_cell = self.has_value = False
        self.ref = ""
        self.text_len = -1  # -1: not inside a <v>, <t> or <f>
        self.string_len = 0  # one shared string (its runs together)

    def run(self, chunks: Iterator[bytes]) -> Extent:
        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._chars
        parser.StartDoctypeDeclHandler = _refuse_dtd
        parser.EntityDeclHandler = _refuse_dtd
        try:
            for chunk in chunks:
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except expat.ExpatError:
            raise XlsxRefused("stripboard.problem.bad_xlsx") from None
        return Extent(self.max_row, self.max_col)

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        tag = name.rpartition(":")[2]
        if tag in ("v", "t", "f"):
            self.text_len = 0
        elif tag == "c":
            self.in_cell, self.has_value, self.ref = True, False, attrs.get("r", "")
            self.string_len = 0
        elif tag == "si":
            self.string_len = 0
        elif tag == "row" and self.sheet:
            number = attrs.get("r", "")
            self.row_number = int(number) if number.isdigit() and len(number) <= 7 else self.row_number + 1
            if self.row_number > MAX_LINES:
                raise XlsxRefused("stripboard.problem.too_many_lines", max=MAX_LINES)
        elif tag == "dimension" and self.sheet:
            ref = attrs.get("ref", "")
            corners = [_cell_ref(part) for part in ref.split(":")]
            if corners and all(corners):
                rows = max(c[0] for c in corners) - min(c[0] for c in corners) + 1  # type: ignore[index]
                cols = max(c[1] for c in corners) - min(c[1] for c in corners) + 1  # type: ignore[index]
                if rows * cols > MAX_DECLARED_CELLS:
                    raise XlsxRefused("stripboard.problem.xlsx_dimension", ref=ref[:40], rows=rows, columns=cols)

    def _chars(self, data: str) -> None:
        if self.text_len >= 0:
            self.text_len += len(data)
            self.string_len += len(data)
            if self.text_len > MAX_CELL_CHARS or self.string_len > MAX_CELL_CHARS:
                raise XlsxRefused("stripboard.problem.xlsx_cell_too_long", max=MAX_CELL_CHARS)

    def _end(self, name: str) -> None:
        tag = name.rpartition(":")[2]
        if tag in ("v", "t", "f"):
            if self.in_cell and tag != "f" and self.text_len > 0:
                self.has_value = True
            self.text_len = -1
        elif tag == "c":
            self.in_cell = False
            if self.has_value:
                self._cell()
        elif tag == "si" and not self.sheet:
            self.counter.add()
            self.string_len = 0

    def _cell(self) -> None:
        self.counter.add()
        where = _cell_ref(self.ref)
        row, col = where if where else (self.row_number, self.max_col + 1)
        if col > MAX_COLUMNS:
            raise XlsxRefused("stripboard.problem.too_many_columns", max=MAX_COLUMNS)
        if row > MAX_LINES:
            raise XlsxRefused("stripboard.problem.too_many_lines", max=MAX_LINES)
        self.max_row = max(self.max_row, row)
        self.max_col = max(self.max_col, col)


def check_xlsx(source: IO[bytes]) -> dict[str, Extent]:
    """Refuse (:class:`XlsxRefused`) a workbook past any limit; otherwise the extent of every sheet,
    by its path inside the zip (``xl/worksheets/sheet1.xml``)."""
    try:
        zf = zipfile.ZipFile(source)
    except _DAMAGED:
        raise XlsxRefused("stripboard.problem.bad_xlsx") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_ZIP_MEMBERS:
            raise XlsxRefused("stripboard.problem.bad_xlsx")
        if sum(i.file_size for i in infos) > MAX_UNZIPPED_BYTES:  # what the headers claim; the stream is counted too
            raise XlsxRefused("stripboard.problem.xlsx_too_big", mb=MAX_UNZIPPED_BYTES // (1024 * 1024))
        sheets = [i for i in infos if re.fullmatch(r"xl/worksheets/[^/]+\.xml", i.filename)]
        if len(sheets) > MAX_SHEETS:
            raise XlsxRefused("stripboard.problem.xlsx_too_many_sheets", max=MAX_SHEETS)
        budget = [MAX_UNZIPPED_BYTES]
        counter = _Counter()
        extents: dict[str, Extent] = {}
        try:
            for info in infos:
                if info.is_dir():
                    continue
                chunks = _stream(zf, info, budget)
                if info in sheets:
                    extents[info.filename] = _Scan(counter, sheet=True).run(chunks)
                elif info.filename == "xl/sharedStrings.xml":
                    _Scan(counter, sheet=False).run(chunks)
                elif info.filename.endswith((".xml", ".rels")):
                    for _ in _no_dtd(chunks):  # openpyxl parses these: no entity tricks
                        pass
                else:
                    for _ in chunks:
                        pass
        except _DAMAGED:
            raise XlsxRefused("stripboard.problem.bad_xlsx") from None
        return extents
