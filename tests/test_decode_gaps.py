"""Decoding gaps found by probing (issue 14): MHTML, UTF-16 without a BOM, a GBK paragraph in a
UTF-8 page, a PDF under an .html name; and the GBK byte-loss repair at decode time."""

import base64
import quopri

import pytest

from pipeline.stages.article import process_article
from pipeline.stages.decode import InputError, decode_bytes

PROSE = "东山镇组建联村党委5个，覆盖27个行政村，村集体经济收入平均增长9.6万元，带动农户户均增收3200元。"
PAGE = f"<html><head><title>东山镇联建见成效</title></head><body><h1>东山镇联建见成效</h1><p>{PROSE}</p><p>{PROSE}</p></body></html>"


def _mhtml(encoding: str) -> bytes:
    html = PAGE.encode("gb18030")
    if encoding == "base64":
        body = base64.encodebytes(html)
    else:
        body = quopri.encodestring(html)
    return (
        b'From: <Saved by a browser>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype="text/html";\r\n'
        b'\tboundary="----=_NextPart_01"\r\n\r\nThis is a multi-part message in MIME format.\r\n\r\n'
        b'------=_NextPart_01\r\nContent-Type: text/html; charset="gb2312"\r\n'
        + f"Content-Transfer-Encoding: {encoding}\r\n".encode() + b"Content-Location: http://example.org/a.html\r\n\r\n"
        + body + b"\r\n------=_NextPart_01\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + base64.encodebytes(b"\x89PNG\r\n\x1a\n" + bytes(200)) + b"\r\n------=_NextPart_01--\r\n"
    )


@pytest.mark.parametrize("encoding", ["base64", "quoted-printable"])
def test_mhtml_is_read_as_its_html_part(encoding):
    decoded = decode_bytes(_mhtml(encoding))
    assert PROSE in decoded.text and "MIME-Version" not in decoded.text and "NextPart" not in decoded.text
    row = process_article("page.mhtml", _mhtml(encoding)).articles[0]
    assert row["status"] == "ok" and PROSE in row["text"] and "Content-Type" not in row["text"]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_cjk_utf16_without_a_bom_is_decoded(codec):
    data = ("东山镇联建见成效\n" + PROSE + "\n" + PROSE).encode(codec)
    decoded = decode_bytes(data)
    assert decoded.text.startswith("东山镇联建见成效") and decoded.encoding == "utf-16"


def test_a_gbk_paragraph_in_a_utf8_page_is_decoded_by_line():
    other = "西山镇组建联村党委3个，覆盖12个行政村。"
    data = ("东山镇联建见成效\n" + PROSE + "\n").encode("utf-8") + (other * 6).encode("gbk") + ("\n" + PROSE).encode("utf-8")
    decoded = decode_bytes(data)
    assert PROSE in decoded.text and other in decoded.text and "by line" in decoded.encoding


def test_a_pdf_named_html_is_named_a_pdf():
    with pytest.raises(InputError, match="this is a PDF"):
        decode_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    row = process_article("report.html", b"%PDF-1.4\n" + bytes(range(256)) * 4).articles[0]
    assert row["status"] == "error" and "this is a PDF" in row["error"]


def test_gbk_text_that_lost_a_quote_byte_is_repaired_before_script_conversion():
    original = "收入翻番！”青松村\\组织说。"
    raw = original.encode("gbk")
    i = raw.index("”".encode("gbk"))
    broken = (raw[:i] + raw[i + 1:]).decode("gbk", errors="replace").encode("utf-8")
    assert decode_bytes(broken).text == original
