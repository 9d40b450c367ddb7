"""Hostile and random bytes through the stripboard parser: it refuses with its own error (every
problem a localized key), within a bounded amount of work (CPU seconds of this process, which
other load on the machine does not inflate) and memory, and never raises anything else. The bounds
guard against the unbounded parse this replaced; speed itself is measured by `make bench`."""

from __future__ import annotations

import io
import resource
import time
import tracemalloc
import zipfile
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.domain.stripboard import ParsedPlan, StripboardError, parse_stripboard
from bot.domain.template import template_csv, template_xlsx
from bot.i18n import catalog
from tests import hostile_files as H

SH = ZoneInfo("Asia/Shanghai")
KEYS = set(catalog("en-US"))
#: Generous: the old parser took 10-20 s and 400-800 MB on these files.
CPU_SECONDS = 5.0
PEAK_MB = 64


def run(data: bytes, name: str) -> ParsedPlan | StripboardError:
    try:
        return parse_stripboard(data, name, production_id=1, tz=SH, crew=[], known_sets=["法庭"])
    except StripboardError as err:
        assert err.problems and all(p.key in KEYS for p in err.problems), [p.key for p in err.problems]
        return err


def bounded(data: bytes, name: str) -> StripboardError:
    tracemalloc.start()
    cpu = time.process_time()
    try:
        out = run(data, name)
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert time.process_time() - cpu < CPU_SECONDS
    assert peak < PEAK_MB * 1024 * 1024, f"{peak / 1e6:.0f} MB"
    assert isinstance(out, StripboardError)
    return out


def keys(err: StripboardError) -> list[str]:
    return [p.key for p in err.problems]


def test_a_sheet_declaring_xfd3000_is_refused_before_openpyxl_pads_it():
    err = bounded(H.declared_xfd3000(), "a.xlsx")
    assert keys(err) == ["stripboard.problem.xlsx_dimension"]
    assert err.problems[0].params == {"ref": "A1:XFD3000", "rows": 3000, "columns": 16384}


def test_cells_written_far_to_the_right_are_refused():
    assert keys(bounded(H.wide_cells(), "a.xlsx")) == ["stripboard.problem.too_many_columns"]


def test_a_200_mb_string_is_refused_from_the_zip_headers_and_a_20_mb_one_from_the_stream():
    assert keys(bounded(H.huge_shared_string(200), "a.xlsx")) == ["stripboard.problem.xlsx_too_big"]
    assert keys(bounded(H.huge_shared_string(20), "a.xlsx")) == ["stripboard.problem.xlsx_cell_too_long"]
    out = io.BytesIO(H.workbook(H.row(1, [(1, "x")])))
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/media/image1.png", b"\0" * (17 * 1024 * 1024))
    assert keys(bounded(out.getvalue(), "a.xlsx")) == ["stripboard.problem.xlsx_part_too_big"]


def test_entity_expansion_and_lying_zip_headers_are_refused():
    assert keys(bounded(H.billion_laughs(), "a.xlsx")) == ["stripboard.problem.bad_xlsx"]
    assert keys(bounded(H.lying_zip_header(), "a.xlsx")) == ["stripboard.problem.bad_xlsx"]


def test_a_long_cell_is_refused_from_the_xml_stream():
    data = H.workbook(H.row(1, [(1, "x" * 10_000)]))
    assert keys(bounded(data, "a.xlsx")) == ["stripboard.problem.xlsx_cell_too_long"]


def test_libreoffice_declaring_1024_columns_still_imports():
    """LibreOffice declares A1:AMJ<n> for styled sheets: allowed; only the cells with values are read."""
    csv_rows = [["date", "scene", "set", "est_minutes"], ["2026-11-23", "1-1", "法庭", "30"]]
    body = b"".join(H.row(r, [(c, v) for c, v in enumerate(cells, start=1)]) for r, cells in enumerate(csv_rows, start=1))
    data = H.workbook(body, dimension="A1:AMJ2")
    err = run(data, "a.xlsx")
    # no days sheet, so the scene's date is unknown: but the sheet itself was read
    assert isinstance(err, StripboardError) and set(keys(err)) == {"stripboard.problem.missing_section", "stripboard.problem.day_not_in_days"}


def test_the_templates_still_import():
    for locale in ("en-US", "zh-CN"):
        from datetime import date

        for data, name in ((template_xlsx(locale, date(2026, 11, 23)), "t.xlsx"), (template_csv(locale, date(2026, 11, 23)), "t.csv")):
            assert isinstance(run(data, name), ParsedPlan), (locale, name)


# --------------------------------------------------------------------------------- properties

TOKENS = ["[days]", "[scenes]", "[sets]", "[walks]", "[cast]", "【场次】", "[nope]", "date", "day", "general_call", "scene",
          "set", "est_minutes", "synopsis", "cast", "wrap", "lunch", "2026-11-23", "2026-02-30", "9999-12-31", "0001-01-01", "06:00", "26:30", "+5m",
          "1-1", "法庭", "9" * 309, "1e309", "-0", "nan", "inf", "0x10", "", " ", "\"", "\"\"", "a=b; c=d", "**bold**",
          "[OK](https://evil.example)", "@everyone", "<@123456789012345678>", "#", "# comment", "\t", "病院の廊下", "é"]


@st.composite
def csv_files(draw) -> tuple[bytes, str]:
    rows = draw(st.lists(st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=30)), max_size=12), max_size=40))
    sep = draw(st.sampled_from([",", "\t", ";"]))
    text = "\n".join(sep.join(cells) for cells in rows)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "shift_jis", "utf-16", "latin-1", "cp949"]))
    return text.encode(encoding, errors="replace"), draw(st.sampled_from(["s.csv", "s.tsv", "s.txt"]))


@st.composite
def xlsx_files(draw) -> tuple[bytes, str]:
    cells = draw(st.lists(st.tuples(st.integers(1, 20_000), st.integers(1, 20_000), st.one_of(st.sampled_from(TOKENS), st.text(max_size=50))),
                          max_size=40))
    by_row: dict[int, list[tuple[int, str]]] = {}
    for r, c, v in cells:
        by_row.setdefault(r, []).append((c, v.replace("&", "&amp;").replace("<", "&lt;")))
    body = b"".join(H.row(r, sorted(cs)) for r, cs in sorted(by_row.items()))
    dimension = draw(st.one_of(st.none(), st.sampled_from(["A1", "A1:XFD1048576", "A1:AMJ20", "B2:A1", "ZZZZ9", "A0:A0"])))
    data = H.workbook(body, dimension=dimension)
    if draw(st.booleans()):  # damage it
        raw = bytearray(data)
        for _ in range(draw(st.integers(1, 8))):
            raw[draw(st.integers(0, len(raw) - 1))] = draw(st.integers(0, 255))
        data = bytes(raw[: draw(st.integers(0, len(raw)))]) if draw(st.booleans()) else bytes(raw)
    return data, "s.xlsx"


FAST = settings(max_examples=120, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(data=st.binary(max_size=4096), name=st.sampled_from(["r.csv", "r.xlsx", "r.tsv", "r.bin"]))
def test_random_bytes(data, name):
    run(data, name)


@FAST
@given(file=csv_files())
def test_random_csv(file):
    run(*file)


@FAST
@given(file=xlsx_files())
def test_random_xlsx(file):
    run(*file)


@pytest.fixture(scope="module", autouse=True)
def memory_stays_bounded():
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    yield
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 300, f"the parser grew the process by {grown_mb:.0f} MB"


def test_a_zip_of_many_members_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for i in range(500):
            zf.writestr(f"junk/{i}.xml", b"<a/>")
    assert keys(bounded(out.getvalue(), "a.xlsx")) == ["stripboard.problem.bad_xlsx"]
