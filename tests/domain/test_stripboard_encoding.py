"""Which encoding a CSV stripboard is in, on files as crews save them: a whole day exported from a
Chinese Excel/WPS as GB18030, and short files in each language of the park."""

from pathlib import Path

import pytest

from bot.domain.stripboard.encoding import decode_text

DATA = Path(__file__).parents[2] / "bot" / "demo" / "data"
HEAD = "[days]\ndate,day,general_call\n2026-11-23,1,06:00\n[scenes]\ndate,scene,set,synopsis,est_minutes\n"
ROWS = {
    "gb18030": ("医院走廊", "苏晚在走廊打电话借钱，处处碰壁。", "陆霆出现，递上一份契约婚姻协议。"),
    "cp932": ("病院の廊下", "医者が廊下を走ってくる。看護師が呼び止める。", "母親が目を覚まし、お金のことを聞く。"),
    "cp949": ("병원 복도", "수완이 복도에서 전화로 돈을 빌리려 한다.", "어머니가 깨어나 돈이 어디서 났는지 묻는다."),
    "cp874": ("ทางเดินโรงพยาบาล", "ซูหว่านโทรศัพท์ยืมเงินที่ทางเดิน", "แม่ตื่นขึ้นมาและถามว่าเงินมาจากไหน"),
    "cp1252": ("Pasillo del hospital", "Su Wan llama por teléfono para pedir dinero; nadie la ayuda.", "Su madre despierta. ¿Qué pasó?"),
}


def decode(data: bytes):
    problems: list = []
    return decode_text(data, problems), problems


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("*.csv")))
@pytest.mark.parametrize("lines", [None, 12, 6])
def test_a_chinese_export_in_gb18030_reads_as_itself_whole_or_cut_short(name, lines):
    text = (DATA / name).read_text("utf-8")
    if lines is not None:
        text = "\n".join(text.splitlines()[:lines])
    decoded, problems = decode(text.encode("gb18030"))
    assert not problems and decoded is not None
    assert decoded.encoding == "gb18030" and decoded.text == text and decoded.detected


@pytest.mark.parametrize("codec", sorted(ROWS))
@pytest.mark.parametrize("rows", [1, 2])
def test_each_language_of_the_park_is_read_in_its_own_encoding(codec, rows):
    set_name, *synopses = ROWS[codec]
    text = HEAD + "\n".join(f"2026-11-23,1-{i},{set_name},{s},20" for i, s in enumerate(synopses[:rows], 1))
    decoded, problems = decode(text.encode(codec))
    assert not problems and decoded is not None and decoded.text == text, (codec, problems)


def test_chinese_headers_decide_even_a_one_line_file():
    text = "[拍摄日]\n日期,天,大通告\n2026-11-23,1,06:00\n[场次]\n日期,场次,场景,时长\n2026-11-23,1-1,法庭,20\n"
    decoded, problems = decode(text.encode("gb18030"))
    assert decoded is not None and decoded.encoding == "gb18030" and decoded.text == text


def test_only_the_sample_is_judged_but_the_whole_file_is_read():
    text = (DATA / "ceo_bride_day1.csv").read_text("utf-8")
    text = text + "\n" + "\n".join(f"# 备注 {i}：苏晚在走廊打电话借钱，处处碰壁。" for i in range(3000))
    decoded, _ = decode(text.encode("gb18030"))
    assert decoded is not None and decoded.text == text
