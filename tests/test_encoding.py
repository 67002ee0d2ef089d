"""Decoding real bytes in the encodings Chinese articles come in."""

import codecs

import pytest

from pipeline.stages.decode import InputError, declared_charset, decode_bytes

TEXT = "四川省普格县螺髻山镇组建联村党组织3个，覆盖12个行政村，村均增收5万余元。"
TRAD = "臺灣省新竹縣竹北市聯合黨委帶動產業發展，覆蓋村莊八個，營業額突破兩千萬元。"


@pytest.mark.parametrize("codec", ["gb18030", "gbk", "utf-8"])
def test_simplified_encodings(tmp_path, codec):
    path = tmp_path / f"a-{codec}.txt"
    path.write_bytes((TEXT * 5).encode(codec))
    decoded = decode_bytes(path.read_bytes())
    assert decoded.text == TEXT * 5


def test_big5(tmp_path):
    path = tmp_path / "big5.txt"
    path.write_bytes((TRAD * 5).encode("big5"))
    decoded = decode_bytes(path.read_bytes())
    assert decoded.text == TRAD * 5
    assert "big5" in decoded.encoding


def test_utf8_with_bom():
    decoded = decode_bytes(codecs.BOM_UTF8 + TEXT.encode("utf-8"))
    assert decoded.text == TEXT
    assert decoded.encoding == "utf-8-sig"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_and_without_bom(codec):
    data = ("Title: test\n" + TEXT).encode(codec)
    assert decode_bytes(data).text.endswith(TEXT)


def test_gb2312_declared_page_that_is_utf8():
    page = '<html><head><meta charset="gb2312"></head><body><p>{}</p></body></html>'.format(TEXT).encode("utf-8")
    assert declared_charset(page) == "gb2312"
    assert TEXT in decode_bytes(page, declared_charset(page)).text


def test_gbk_page_declared_gbk():
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=GBK"></head><body>{}</body></html>'.format(TEXT).encode("gbk")
    assert TEXT in decode_bytes(page, declared_charset(page)).text


def test_empty_file_is_an_error():
    with pytest.raises(InputError, match="empty"):
        decode_bytes(b"")


def test_binary_is_an_error():
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
    with pytest.raises(InputError, match="binary"):
        decode_bytes(png)


def test_file_cut_inside_a_character_keeps_the_rest():
    data = (TEXT * 20).encode("utf-8")[:-1]
    decoded = decode_bytes(data)
    assert decoded.text.startswith(TEXT)


def test_invalid_bytes_mid_file():
    data = (TEXT * 20).encode("utf-8")
    data = data[:300] + b"\xff\xfe\xfa" + data[300:]
    decoded = decode_bytes(data)
    assert TEXT in decoded.text


SIMPLIFIED_PARAGRAPH = (
    "云南省大理州宾川县乔甸镇组建果业党建联盟，覆盖周边九个行政村，带动群众发展葡萄和柑橘种植。"
    "去年联盟各村集体经济收入平均增长三成以上，其中两个村突破五十万元，农户人均增收两千余元。"
)
TRADITIONAL_PARAGRAPH = (
    "臺灣花蓮縣光復鄉的社區發展協會與鄰近部落組成聯盟，推動有機農業與生態旅遊，"
    "去年共同經營的市集吸引遊客超過三萬人次，帶動在地農戶增加收入，青年返鄉人數也逐年增長。"
)


def test_gb_and_big5_are_told_apart_without_chardet():
    from pipeline.stages.decode import _gb_or_big5

    assert _gb_or_big5(SIMPLIFIED_PARAGRAPH.encode("gb18030")) == "gb18030"
    assert _gb_or_big5(TRADITIONAL_PARAGRAPH.encode("big5hkscs")) == "big5hkscs"
    assert _gb_or_big5("乔甸镇".encode("gb18030")) is None  # too little to tell: chardet decides


def test_big5_bytes_that_also_decode_as_gb18030_come_out_right():
    data = TRADITIONAL_PARAGRAPH.encode("big5hkscs")
    data.decode("gb18030")  # valid GB18030 too: only the character distribution tells
    assert decode_bytes(data).text == TRADITIONAL_PARAGRAPH


def test_japanese_euc_jp_is_not_taken_for_big5():
    # kana rows of EUC-JP share Big5's common lead bytes; its second bytes never go below 0x7F
    text = "これは日本語の記事です。地域の農業協同組合と村の役場が連携して、観光と特産品の販売を進めています。" * 3
    data = text.encode("euc_jp")
    from pipeline.stages.decode import _gb_or_big5

    assert _gb_or_big5(data) is None
    assert decode_bytes(data).text == text
