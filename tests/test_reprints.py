"""Reprints: the same story on several sites, with different junk around it, gets one cluster id.

Every copy keeps its own rows (articles, figures…); queries count a story once by grouping on
cluster_id. An unrelated story keeps a cluster of its own.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from pipeline.run import runner

from pipeline.stages import article as stages
from pipeline.run.reprints import cluster_ids, signature

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "corpus").glob("0*.txt"))
STORY = SEEDS[0].read_text(encoding="utf-8")
OTHER = SEEDS[1].read_text(encoding="utf-8")


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{line}</p>\n" for line in text.splitlines() if line.strip())


def variants() -> dict[str, str]:
    paras = _paragraphs(STORY)
    lines = [x for x in STORY.splitlines() if x.strip()]
    edited = "\n".join(lines).replace("。", "。", 1).replace("党建", "党建", 1)
    edited = edited.replace(lines[-1], lines[-1] + "（记者 张三 通讯员 李四）") if lines else edited
    return {
        "site-a.html": (
            "<html><head><title>党建联盟带动共富_某某网</title></head><body>"
            "<div class='nav'>首页 | 新闻 | 手机版 | 打印 | 纠错</div>"
            f"<div class='content'>{paras}</div>"
            "<div class='footer'>版权所有 © 2023 某某网 ICP备12345号 举报电话：12345</div></body></html>"
        ),
        "site-b.html": (
            "<html><body><div id='share'>分享到：微信 微博 QQ空间</div><table><tr><td>"
            f"{paras}</td></tr></table><div>责任编辑：王五</div><div>相关新闻：某地召开会议 某县开展培训</div>"
            "<div style='display:none'>扫一扫 在手机打开当前页</div></body></html>"
        ),
        "site-c.txt": "放大 缩小 默认\n" + STORY + "\n来源：人民网\n责任编辑：赵六\n",
        "site-d.txt": edited,  # light edits
        "other.txt": OTHER,
    }


def test_reprints_share_one_cluster(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    for name, text in variants().items():
        (corpus / name).write_text(text, encoding="utf-8")
    (corpus / "orig.txt").write_text(STORY, encoding="utf-8")
    out = tmp_path / "out"
    runner.extract(corpus, out, workers=1, options=stages.Options(), budget=0)
    arts = {r["path"]: r for r in pq.read_table(out / "articles.parquet").to_pylist()}
    assert all(r["status"] == "ok" for r in arts.values()), {p: r["error"] for p, r in arts.items()}
    story = ["orig.txt", "site-a.html", "site-b.html", "site-c.txt", "site-d.txt"]
    clusters = {arts[p]["cluster_id"] for p in story}
    assert len(clusters) == 1, {p: arts[p]["cluster_id"] for p in story}
    # the cluster id is the smallest article id of the cluster: independent of order and workers
    assert clusters.pop() == min(arts[p]["article_id"] for p in story)
    assert arts["other.txt"]["cluster_id"] == arts["other.txt"]["article_id"]
    # every copy keeps its rows
    ids = {arts[p]["article_id"] for p in story}
    assert len(ids) == len(story)
    figs = pq.read_table(out / "figures.parquet").to_pylist()
    with_figures = {f["article_id"] for f in figs}
    assert ids <= with_figures


def test_cluster_ids_recomputed_when_a_copy_arrives_later(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "z-first.txt").write_text(STORY, encoding="utf-8")
    (corpus / "other.txt").write_text(OTHER, encoding="utf-8")
    out = tmp_path / "out"
    runner.extract(corpus, out, workers=1, options=stages.Options(), budget=0)
    (corpus / "a-later.html").write_text(variants()["site-a.html"], encoding="utf-8")
    s = runner.extract(corpus, out, workers=1, options=stages.Options(), budget=0)
    assert s.processed == 1
    arts = {r["path"]: r for r in pq.read_table(out / "articles.parquet").to_pylist()}
    assert arts["z-first.txt"]["cluster_id"] == arts["a-later.html"]["cluster_id"]
    assert arts["other.txt"]["cluster_id"] != arts["z-first.txt"]["cluster_id"]
    (corpus / "a-later.html").unlink()
    runner.extract(corpus, out, workers=1, options=stages.Options(), budget=0)
    arts = {r["path"]: r for r in pq.read_table(out / "articles.parquet").to_pylist()}
    assert arts["z-first.txt"]["cluster_id"] == arts["z-first.txt"]["article_id"]


def test_cluster_ids_do_not_depend_on_order():
    texts = [STORY, STORY + "\n责任编辑：某某", OTHER, "短文"]
    ids = ["d", "b", "c", "a"]
    sigs = [signature(t) for t in texts]
    one = cluster_ids(ids, sigs)
    two = cluster_ids(ids[::-1], sigs[::-1])
    assert one == two
    assert one["d"] == one["b"] == "b" and one["c"] == "c" and one["a"] == "a"
    assert signature("短文") is None


def _agreement(a: str, b: str) -> float:
    sa, sb = signature(a), signature(b)
    return float((sa == sb).mean())


def _shingled(n: int, seed: int) -> list[str]:
    import random

    rng = random.Random(seed)
    chars = "村镇乡县党建联盟合作社集体经济收入增加带动产业发展振兴共同富裕组织覆盖服务群众项目资金"
    return ["".join(rng.choice(chars) for _ in range(12)) + "。" for _ in range(n)]


def test_signature_agreement_estimates_the_shared_share_of_the_text():
    # 200 invented sentences; the second text keeps the first k and replaces the rest
    base = _shingled(200, 1)
    fresh = _shingled(200, 2)
    estimates = []
    for k in (40, 100, 160, 200):
        other = base[:k] + fresh[k:]
        estimates.append(_agreement("".join(base), "".join(other)))
    assert estimates[-1] == 1.0  # the same text, the same signature
    assert estimates == sorted(estimates)  # more in common, more agreement
    assert estimates[0] < 0.35 and 0.3 < estimates[1] < 0.75  # Jaccard ≈ 0.11 and 0.33
    assert _agreement("".join(base), "".join(fresh)) < 0.1


def test_short_texts_have_no_signature_and_long_ones_sixty_four_values():
    assert signature("某村成立党建联盟。") is None
    sig = signature("".join(_shingled(20, 3)))
    assert sig is not None and len(sig) == 64 and len(set(sig.tolist())) > 1


def test_bands_are_datasketch_s_choice_for_the_threshold():
    # the banding replaced datasketch's MinHashLSH (whose import costs half a second): it must
    # pick the same bands and rows
    from datasketch.lsh import _optimal_param

    from pipeline.run.reprints import lsh_bands

    for threshold in (0.5, 0.6, 0.7, 0.8, 0.9):
        assert lsh_bands(threshold, 64) == _optimal_param(threshold, 64, 0.5, 0.5)


def test_band_index_proposes_near_copies_and_not_strangers():
    from pipeline.run.reprints import BandIndex

    base = _shingled(200, 5)
    index = BandIndex()
    index.insert("a", signature("".join(base)))
    index.insert("b", signature("".join(_shingled(200, 6))))
    near = signature("".join(base[:190] + _shingled(10, 7)))
    assert index.query(near) == ["a"] and index.similarity("a", near) > 0.8
    assert "a" in index and "c" not in index


def test_a_text_of_one_repeated_character_signs_without_error():
    sig = signature("哈" * 100)
    assert sig is not None and len(set(sig.tolist())) == 1  # one shingle: one bucket, copied
