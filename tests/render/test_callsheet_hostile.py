"""The sheet covers everyone, tried with a cast a real park throws at it: Korean, Japanese, emoji,
names as long as a cell allows and names full of markdown and mentions, in a GB18030 CSV and in an
XLSX. Every message keeps Discord's limits (2000 content, 25 fields, 6000 an embed message) by
splitting, no name renders as markdown or pings, and the PDF (read back with pypdf) prints every
name as typed, in black and white; a scene row too tall for a page is clamped instead of failing the PDF."""

import csv
import io
import re
from dataclasses import replace

import pytest
from pypdf import PdfReader

from bot.domain.callsheet import makeup_check
from bot.domain.castlist import Extras
from bot.domain.stripboard import parse_stripboard
from bot.domain.template import csv_to_xlsx
from bot.i18n import LOCALES
from bot.render.callsheet_embeds import CONTENT_MAX, announcement, check_message, pack_lines, personal, status
from bot.render.callsheet_personal import ad_warnings, phone_list
from bot.render.pdf import render_pdf
from tests.plan_fixtures import DEMO, SHANGHAI, crew
from bot.sandbox.message import shown_text
from tests.render.test_escaping import markdown_fields
from tests.render.test_callsheet_everyone import build

MARKDOWN = "**Bold** __U__ ||S|| `c` @everyone <@123456789012345678>"
#: Day players a Chinese, Korean, Japanese and international crew hire for a day, none on Discord.
NAMES = [
    "김서연 Kim Seo-yeon", "박지훈 Park Ji-hoon", "山田花子 やまだはなこ", "佐藤健太 サトウケンタ", "🎬 Star ⭐ 小美", "Ｗｉｄｅ Ｌｅｔｔｅｒｓ",
    f"{MARKDOWN} 路人甲", "欧阳" + "长" * 150 + " Ouyang " + "Long" * 30,  # 300 characters: as long as a cell allows
] + [f"群演{i} 演员 Extra {i}" for i in range(28)]


def hostile_csv() -> str:
    text = DEMO.read_text(encoding="utf-8")
    head, scenes = text.split("\n[scenes]\n")
    rows = io.StringIO()
    writer = csv.writer(rows, lineterminator="\n")
    for i, name in enumerate(NAMES):
        writer.writerow([str(20 + i), "特约" if i < 8 else "群演", f"角色{i} Role {i}", f"Role {i}", name, f"139 0579 {2000 + i}",
                         "影视城南门 South Gate" if i % 2 else "", "15" if i % 2 else "", "30", ""])
    head = head.replace("12,群演,保安,Guard,刘大伟 Liu Dawei,139 0579 1108,,,15,\n",
                        "12,群演,保安,Guard,刘大伟 Liu Dawei,139 0579 1108,,,15,\n" + rows.getvalue())
    lines = scenes.split("\n")
    everyone = "、".join(f"角色{i} Role {i}" for i in range(len(NAMES)))
    lines = [line.replace("苏晚、Vivian、法官、律师 Grant", f"苏晚、Vivian、法官、律师 Grant、{everyone}", 1) for line in lines]
    return head + "\n[scenes]\n" + "\n".join(lines)


def parse(data: bytes, name: str):
    return parse_stripboard(data, name, production_id=1, tz=SHANGHAI, crew=crew())


@pytest.fixture(scope="module")
def plan():
    return parse(hostile_csv().encode("gb18030"), "cast.csv")


@pytest.fixture(scope="module")
def sheet(plan):
    return build(plan.days[0], plan)


def test_a_gb18030_csv_and_an_xlsx_bring_every_name_intact(plan):
    assert any(w.key == "stripboard.warning.encoding" for w in plan.warnings)  # read as GB18030, said so
    day = plan.days[0]
    assert [m.actor for m in day.cast if m.number.isdigit() and int(m.number) >= 20] == NAMES
    xlsx = parse(csv_to_xlsx(hostile_csv().encode("utf-8")), "cast.xlsx")
    assert xlsx.days[0].cast == day.cast and xlsx.days[0].scenes == day.scenes


@pytest.mark.parametrize("locale", LOCALES)
def test_every_message_keeps_discords_limits_and_shows_every_name_literally(sheet, locale):
    posts = announcement(sheet, locale)
    dms = [m for p in sheet.people for m in personal(sheet, p, locale)]
    board = status(sheet, [], locale)
    for m in posts + dms + board:
        assert check_message(m) == [], check_message(m)
    calls = sheet.department_calls
    makeup = next(d.call for d in calls if d.department == "makeup")
    ad = pack_lines(ad_warnings(sheet, makeup_check(sheet.cast, 2, makeup), 2, locale) + phone_list(sheet, locale), CONTENT_MAX)
    assert len(ad) > 1 and all(len(chunk) <= CONTENT_MAX for chunk in ad)  # split, never cut
    markdown = markdown_fields(posts + board + dms) + ad
    for text in (markdown_fields(posts), markdown_fields(board), ad):  # as a client shows them: every name, as typed
        shown = shown_text("\n".join(text))
        for name in NAMES:
            assert name in shown, name
    for token in ("**Bold**", "__U__", "||S||", "`c`", "@everyone", "<@123456789012345678>"):  # nothing renders or pings
        assert all(token not in text for text in markdown), token


def test_the_pdf_prints_every_name_as_typed_and_clamps_a_row_taller_than_a_page(sheet):
    departments = ("makeup", "wardrobe", "art", "lighting", "camera", "sound", "ad", "producer")
    crowded = replace(sheet, scenes=tuple(  # eight long department notes and 20 extras groups in the courtroom scene
        replace(line, needs=tuple((d, "道具与服装需提前两小时到位，请各组长逐项核对并签字确认。" * 5) for d in departments),
                extras=tuple(Extras(10 + i, f"群演组 {i} crowd group with a long description") for i in range(20)))
        if line.number == "2-9" else line for line in sheet.scenes))
    reader = PdfReader(io.BytesIO(render_pdf(crowded, "zh-CN")))  # fpdf2 refused the row before
    pages = [p.extract_text() for p in reader.pages]
    colours = {c for page in reader.pages for c in re.findall(rb"([\d.]+) ([\d.]+) ([\d.]+) (?:rg|RG)\b", page.get_contents().get_data())}
    assert colours and all(float(r) == float(g) == float(b) for r, g, b in colours), colours  # black and white: greys only
    text = "".join(pages).replace("\n", "").replace(" ", "")
    assert "…" in text
    for name in NAMES:  # the cast table lists everyone, as typed: a PDF is not markdown
        assert name.replace(" ", "")[:24] in text, name
    assert "**Bold**__U__||S||`c`@everyone<@123456789012345678>" in text
