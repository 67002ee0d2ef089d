"""A page saved as MHTML (.mhtml / .mht: MIME multipart/related, the HTML part quoted-printable or
base64, its charset in the part header) is read as its HTML part and cleaned as a page, not stored
as MIME text. The files are written here with the standard library's `email` package (invented
article, nav bar and share bar)."""

from __future__ import annotations

import email.encoders
import email.mime.base
import email.mime.multipart
import email.mime.text
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.stages.article import page_format, process_article
from pipeline.stages.decode import InputError, decode_bytes

ROOT = Path(__file__).resolve().parent.parent

BODY = [
    "3月6日，青禾镇柳溪、杏坪、石湾、桃园、梨沟、竹岭六个村联合组建联合党委，统筹发展稻虾共养和乡村旅游产业。",
    "联合党委成立后，六个村村集体经济收入合计达到245万元，比上年增加61万元，带动农户户均增收4100元。",
    "下一步，联合党委将继续整合土地和人才资源，推动村村抱团发展。",
]
NAV = ["首页", "政务公开", "党建引领", "民生服务"]
SHARE = ["分享到：", "QQ空间"]
MIME_WORDS = ["Content-Type", "Content-Transfer-Encoding", "MIME-Version", "multipart", "boundary", "=3D", "=C7"]


def page(meta: str = "") -> str:
    paras = "".join(f"<p>{p}</p>" for p in BODY)
    nav = " | ".join(f'<a href="/{i}">{n}</a>' for i, n in enumerate(NAV))
    return (f"<!DOCTYPE html><html><head>{meta}<title>青禾镇六村组建联合党委_青禾在线</title></head><body>\n"
            f'<div class="nav">{nav}</div>\n'
            f'<div class="article"><h1>青禾镇六村组建联合党委</h1><div class="info">2025-03-08 来源：青禾日报</div>\n'
            f"{paras}</div>\n"
            '<div class="share">分享到：<a>微信</a><a>微博</a><a>QQ空间</a></div>\n</body></html>')


def mhtml(transfer: str, charset: str, html: str | None = None, with_html: bool = True) -> bytes:
    """A browser-like MHTML file: the page, then an image part."""
    msg = email.mime.multipart.MIMEMultipart("related", type="text/html")
    msg["Subject"] = "saved page"
    msg["Snapshot-Content-Location"] = "http://example.invalid/news/a.html"
    if with_html:
        part = email.mime.base.MIMEBase("text", "html", charset=charset)
        part.set_payload((html or page()).encode(charset))
        (email.encoders.encode_quopri if transfer == "quoted-printable" else email.encoders.encode_base64)(part)
        part["Content-Location"] = "http://example.invalid/news/a.html"
        msg.attach(part)
    else:
        msg.attach(email.mime.text.MIMEText("只有一段纯文本。", "plain", "utf-8"))
    img = email.mime.base.MIMEBase("image", "png")
    img.set_payload(b"\x89PNG\r\n\x1a\n" + bytes(120))
    email.encoders.encode_base64(img)
    msg.attach(img)
    return msg.as_bytes()


KINDS = [("quoted-printable", "gbk"), ("base64", "utf-8"), ("base64", "gb18030"), ("quoted-printable", "utf-8")]


def _check_clean(row: dict) -> None:
    assert row["status"] == "ok", row["error"]
    assert row["format"] == "mhtml"
    for p in BODY:
        assert p in row["text"]
    for junk in NAV + SHARE + MIME_WORDS:
        assert junk not in row["text"], junk
    assert row["title"] == "青禾镇六村组建联合党委"
    assert row["published"] == "2025-03-08" and row["source"] == "青禾日报"


@pytest.mark.parametrize("transfer,charset", KINDS)
@pytest.mark.parametrize("name", ["page.mhtml", "page.mht", "page.html"])
def test_mhtml_is_read_as_its_html_part_and_cleaned_as_a_page(transfer, charset, name):
    data = mhtml(transfer, charset)
    assert page_format(name, data) == "mhtml"
    _check_clean(process_article(name, data).articles[0])


def test_the_part_header_charset_wins_over_a_stale_meta_tag():
    # a browser re-encoded the page to UTF-8 in the archive but kept the original's meta tag
    data = mhtml("base64", "utf-8", html=page('<meta charset="gb2312">'))
    assert BODY[0] in decode_bytes(data).text
    _check_clean(process_article("page.mht", data).articles[0])


def test_plain_pages_keep_their_format():
    assert page_format("a.html", page().encode("utf-8")) == "html"
    assert page_format("a.txt", "\n".join(BODY).encode("utf-8")) == "text"
    # a text article quoting a MIME header in its body is no MIME file
    text = ("青禾镇六村组建联合党委\n" + BODY[0] + "\nContent-Type: multipart/related\n").encode("utf-8")
    assert page_format("a.txt", text) == "text"


def test_mhtml_without_an_html_part_is_an_error_row_not_mime_text():
    data = mhtml("base64", "utf-8", with_html=False)
    with pytest.raises(InputError, match="no HTML part"):
        decode_bytes(data)
    row = process_article("page.mhtml", data).articles[0]
    assert row["status"] == "error" and "no HTML part" in row["error"] and row["format"] == "mhtml"


def _extract_files(tmp_path: Path, files: dict[str, bytes]) -> dict[str, dict]:
    """Write the files into a corpus, run `python -m pipeline extract` on it, and return the
    articles rows by path, each checked to be the clean page."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, data in files.items():
        (corpus / name).write_bytes(data)
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "pipeline", "extract", "--corpus", str(corpus), "--out", str(out),
                           "--workers", "1", "--quiet"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    rows = {r["path"]: r for r in pq.read_table(out / "articles.parquet").to_pylist()}
    assert set(rows) == set(files)
    for row in rows.values():
        _check_clean(row)
    return rows


def test_extract_reads_an_mhtml_saved_under_an_html_name(tmp_path):
    rows = _extract_files(tmp_path, {"qp_gbk.html": mhtml("quoted-printable", "gbk"),
                                     "b64_utf8.html": mhtml("base64", "utf-8")})
    assert rows["qp_gbk.html"]["encoding"] == "gb18030" and rows["b64_utf8.html"]["encoding"] == "utf-8"


def test_extract_reads_mhtml_and_mht_files(tmp_path):
    _extract_files(tmp_path, {"qp_gbk.mhtml": mhtml("quoted-printable", "gbk"),
                              "b64_utf8.mht": mhtml("base64", "utf-8")})
