"""Throughput benchmark: a synthetic corpus, our extraction, a plain baseline, per-stage times.

The corpus is made from the seed articles (corpus/*.txt): sentences shuffled and recombined
into short, medium and long articles, place names and numbers swapped, some articles turned
traditional, junk added (navigation, spam lines and spam spliced into sentences, HTML page
wrappers) and files written in UTF-8, GB18030, Big5 (traditional ones) and UTF-16. It is
seeded, so two runs with the same --n build the same files.

The baseline is what a plain script would do with the same files: read and decode, jieba.lcut
over the whole text and jionlp's money extraction, in a process pool with as many workers as
our run (equal cores).
"""

from __future__ import annotations

import os
import random
import re
import shutil
import statistics
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "corpus"

# ---------------------------------------------------------------- synthetic corpus

_NAV = [
    "首页 > 新闻中心 > 基层党建", "手机版 | 电脑版", "打印 纠错 放大 缩小 默认", "分享到：微信 微博 QQ空间",
    "微信扫一扫 ×", "上一篇 下一篇", "当前位置：首页 > 党建动态", "【打印】 【关闭】", "收听本文 00:00/00:00",
]
_FOOT = [
    "版权所有 © 2023 某某新闻网 未经授权不得转载", "ICP备12345678号-1 网安备33010002000123号",
    "责任编辑：王某某", "举报电话：12377 举报邮箱：jubao@example.com", "相关阅读", "推荐阅读 猜你喜欢",
]
_SPAM = [
    "澳门百家乐真人娱乐开户送彩金", "久久精品国产一区二区不卡", "六合彩时时彩投注平台", "荐股配资牛股涨停加微信",
    "bet365体育平台开户送", "成人黄网片在线看片",
]
_SITE_TITLES = ["中国党建网_新闻中心_基层党建", "某某日报_数字报_要闻", "人民网_地方_浙江频道"]
_SENT = re.compile(r"[^。！？\n]*[。！？]+[”」]?|[^。！？\n]+")
_PLACE = re.compile(r"[\u4e00-\u9fff]{2,3}(?:省|市|县|区|镇|乡|村)")
_DIGITS = re.compile(r"\d+")
_LABEL = {"big5hkscs": "big5", "gb18030": "gb2312"}  # what pages declare


@dataclass
class Corpus:
    root: Path
    files: int = 0
    bytes: int = 0
    chars: int = 0  # characters of the decoded input files, junk and markup included
    kinds: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def _seed_sentences() -> list[list[str]]:
    """Clean simplified sentences of each seed article (our own junk is added later)."""
    from pipeline.stages.decode import decode_bytes
    from pipeline.stages.script import normalise_script
    from pipeline.stages.text_clean import clean_text

    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        _, text = normalise_script(decode_bytes(path.read_bytes()).text)
        sents = [s.strip() for s in _SENT.findall(clean_text(text)) if len(s.strip()) > 4]
        if sents:
            out.append(sents)
    if not out:
        raise FileNotFoundError(f"no seed articles (*.txt) in {SEEDS}")
    return out


def _article_text(rng: random.Random, seeds: list[list[str]], places: dict[str, list[str]]) -> tuple[str, list[str]]:
    """A title and body paragraphs: recombined seed sentences, places and numbers swapped."""
    size = rng.choices(["short", "medium", "long"], weights=[3, 5, 2])[0]
    count = {"short": rng.randint(3, 8), "medium": rng.randint(15, 40), "long": rng.randint(60, 200)}[size]
    sents: list[str] = []
    while len(sents) < count:
        src = rng.choice(seeds)
        start = rng.randrange(len(src))
        block = src[start:start + rng.randint(3, 12)]
        if rng.random() < 0.5:  # local shuffle keeps most of a paragraph's context
            rng.shuffle(block)
        sents.extend(block)
    sents = sents[:count]
    swap = {name: rng.choice(places[name[-1]]) for name in set(_PLACE.findall("".join(sents))) if rng.random() < 0.5}

    def fix(s: str) -> str:
        if swap:
            s = _PLACE.sub(lambda m: swap.get(m.group(), m.group()), s)
        if rng.random() < 0.4:
            s = _DIGITS.sub(lambda m: str(rng.randint(10 ** (len(m.group()) - 1) if len(m.group()) > 1 else 1, 10 ** len(m.group()) - 1)), s)
        return s

    sents = [fix(s) for s in sents]
    paras, i = [], 0
    while i < len(sents):
        k = rng.randint(1, 4)
        paras.append("".join(sents[i:i + k]))
        i += k
    title = sents[0][:rng.randint(10, 28)].rstrip("，。")
    return title, paras


def _add_junk(rng: random.Random, paras: list[str]) -> list[str]:
    lines = list(paras)
    if rng.random() < 0.5:
        lines[:0] = rng.sample(_NAV, rng.randint(1, 4))
    if rng.random() < 0.3:
        lines.insert(rng.randrange(len(lines) + 1), rng.choice(_SPAM))
    if rng.random() < 0.1 and lines:  # spam spliced inside a sentence, with a standalone copy
        j = rng.randrange(len(lines))
        spam = rng.choice(_SITE_TITLES)
        cut = rng.randrange(len(lines[j]) + 1)
        lines[j] = lines[j][:cut] + spam + lines[j][cut:]
        lines.insert(0, spam)
    if rng.random() < 0.5:
        lines.extend(rng.sample(_FOOT, rng.randint(1, 3)))
    return lines


def _html_page(rng: random.Random, title: str, lines: list[str], charset: str) -> str:
    nav = "".join(f'<li><a href="/c{k}/">{w}</a></li>' for k, w in enumerate(["首页", "要闻", "党建", "乡村振兴", "视频"]))
    body = "\n".join(f"<p>{line}</p>" if rng.random() < 0.8 else f"{line}<br>" for line in lines)
    date = f"20{rng.randint(18, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return (
        f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}_某某新闻网</title>'
        f"<script>var _hmt = _hmt || [];</script><style>.nav{{color:red}}</style></head><body>"
        f'<div class="nav"><ul>{nav}</ul></div><div class="main"><h1>{title}</h1>'
        f'<div class="info">{date} 来源：某某日报</div><div class="content">\n{body}\n</div></div>'
        f'<div class="related"><a href="/a1">相关新闻一</a><a href="/a2">相关新闻二</a></div>'
        f'<div style="display:none">微信扫一扫 分享到朋友圈</div>'
        f'<div class="footer">版权所有 © 某某新闻网 ICP备000000号</div></body></html>'
    )


def _pick_encoding(rng: random.Random, traditional: bool) -> str:
    r = rng.random()
    if traditional and r < 0.5:
        return "big5hkscs"
    if not traditional and r < 0.15:
        return "gb18030"
    return "utf-16" if r > 0.95 else "utf-8"


def build_corpus(dest: Path, n: int, seed: int = 0) -> Corpus:
    """Write n synthetic articles under dest (1,000 a subfolder)."""
    import zhconv_rs

    seeds = _seed_sentences()
    places: dict[str, list[str]] = defaultdict(list)
    for name in sorted(set(_PLACE.findall("".join(s for src in seeds for s in src)))):
        places[name[-1]].append(name)
    info = Corpus(root=dest)
    dest.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        rng = random.Random(seed * 1_000_003 + i)
        title, paras = _article_text(rng, seeds, places)
        lines = _add_junk(rng, paras)
        traditional = rng.random() < 0.15
        html = rng.random() < 0.3
        enc = _pick_encoding(rng, traditional)
        text = _html_page(rng, title, lines, _LABEL.get(enc, enc)) if html else "\n".join([title, *lines]) + "\n"
        if traditional:
            text = zhconv_rs.zhconv(text, "zh-tw", False)
        data = text.encode(enc, errors="replace")  # Big5 lacks a few characters: '?' as scanners do
        sub = dest / f"b{i // 1000:04d}"
        sub.mkdir(exist_ok=True)
        (sub / f"{i:07d}.{'html' if html else 'txt'}").write_bytes(data)
        info.files += 1
        info.bytes += len(data)
        info.chars += len(text)
        info.kinds[f"{'html' if html else 'txt'}/{enc}{'/trad' if traditional else ''}"] += 1
    return info


# ---------------------------------------------------------------- peak memory of the process tree


class PeakRSS:
    """Samples the RSS summed over this process and all its descendants (forked workers, Dask
    nannies). RSS double-counts pages shared after fork, so it is an upper bound."""

    def __init__(self, interval: float = 0.1):
        import psutil

        self.proc = psutil.Process()
        self.interval = interval
        self.peak = 0
        self.peak_pss = 0  # proportional set size: shared pages split between the processes
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self, with_pss: bool = False) -> int:
        total = pss = 0
        for p in [self.proc, *self.proc.children(recursive=True)]:
            try:
                total += p.memory_info().rss
                if with_pss:
                    pss += getattr(p.memory_full_info(), "pss", 0)  # Linux only; 0 elsewhere
            except Exception:  # a worker that just exited, or smaps not readable
                pass
        self.peak_pss = max(self.peak_pss, pss)
        return total

    def _run(self) -> None:
        # PSS walks every page table (smaps) and slows the workers it reads: every 20th sample
        n = 0
        while not self._stop.is_set():
            self.peak = max(self.peak, self.sample(with_pss=n % 20 == 0))
            n += 1
            self._stop.wait(self.interval)

    def __enter__(self) -> "PeakRSS":
        self.peak = self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        self._thread.join()


# ---------------------------------------------------------------- baseline


def _baseline_decode(data: bytes) -> str:
    for bom, codec in ((b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"), (b"\xef\xbb\xbf", "utf-8-sig")):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    for codec in ("utf-8", "gb18030", "big5hkscs"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def _baseline_init() -> None:
    import contextlib
    import io

    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    with contextlib.redirect_stdout(io.StringIO()):  # jionlp prints a banner on import
        import jionlp  # noqa: F401


def _baseline_one(path: str) -> int:
    import jieba
    import jionlp

    text = _baseline_decode(Path(path).read_bytes())
    jieba.lcut(text)
    jionlp.ner.extract_money(text)
    return len(text)


def run_baseline(paths: list[str], workers: int) -> tuple[float, int]:
    """Seconds (pool start-up included, as for our run) and characters."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    start = time.perf_counter()
    if workers <= 1:
        _baseline_init()
        chars = sum(_baseline_one(p) for p in paths)
    else:
        with ProcessPoolExecutor(workers, mp_context=mp.get_context("fork"), initializer=_baseline_init) as pool:
            chars = sum(pool.map(_baseline_one, paths, chunksize=16))
    return time.perf_counter() - start, chars


# ---------------------------------------------------------------- per-stage times


class _Timed:
    """Wraps the tokenizer or a component, adding its time to timings[key]."""

    def __init__(self, inner: Any, key: str, timings: dict[str, float]):
        self.inner, self.key, self.timings = inner, key, timings

    def __call__(self, arg: Any) -> Any:
        t0 = time.perf_counter()
        out = self.inner(arg)
        self.timings[self.key] += time.perf_counter() - t0
        return out


def stage_times(corpus: Path, paths: list[str], config: str | None = None) -> dict[str, float]:
    """Seconds per stage summed over the given articles, in this process (one core).

    read_article fills the timings of decode, html, script, metadata and clean text; the spaCy
    tokenizer and components are wrapped for the pass (and unwrapped after), so that the
    extraction runs exactly as in a worker.
    """
    from pipeline.stages import article as stages
    from pipeline.stages.nlp import load_nlp
    from pipeline.run.reprints import signature
    from pipeline.run.runner import read_given_metadata

    nlp = load_nlp(config)
    timings: dict[str, float] = defaultdict(float)
    options = stages.Options(config=config, timings=timings)
    tokenizer, components = nlp.tokenizer, list(nlp._components)
    nlp.tokenizer = _Timed(tokenizer, "nlp.tokenizer", timings)
    nlp._components[:] = [(name, _Timed(proc, f"nlp.{name}", timings)) for name, proc in components]
    try:
        for rel in paths:
            path = corpus / rel
            t0 = time.perf_counter()
            data = path.read_bytes()
            given = read_given_metadata(path)
            timings["read"] += time.perf_counter() - t0
            t0 = time.perf_counter()
            rows = stages.process_article(rel, data, given, options)
            t1 = time.perf_counter()
            timings["total"] += t1 - t0
            for row in rows.articles:  # made on the workers too (runner.work)
                if row["status"] == "ok" and row["text"]:
                    signature(row["text"])
            timings["reprint signature"] += time.perf_counter() - t1
    finally:
        nlp.tokenizer = tokenizer
        nlp._components[:] = components
    total = timings.pop("total")
    timings["rows and the rest"] = max(0.0, total - sum(v for k, v in timings.items() if k not in ("read", "reprint signature")))
    return dict(timings)


# ---------------------------------------------------------------- the benchmark


def _median(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def python_loop_seconds(n: int = 2_000_000, tries: int = 3) -> float:
    """Seconds for a pure-Python loop of 10 M additions (the best of `tries` runs of n, scaled):
    a reading of the machine's speed, so that absolute numbers from two machines can be told
    apart from a change of code (machines of one kind have differed 2-3x)."""
    best = float("inf")
    for _ in range(tries):
        t0 = time.perf_counter()
        total = 0
        for i in range(n):
            total += i
        best = min(best, time.perf_counter() - t0)
    return best * 10_000_000 / n


def run_bench(
    n: int = 2000,
    workers: int | None = None,
    dir: Path | None = None,
    repeats: int = 3,
    baseline_repeats: int = 1,
    stage_sample: int = 300,
    engine: str = "local",
    keep: bool = False,
    say: Callable[[str], None] = print,
) -> dict[str, Any]:
    from pipeline.run.runner import extract, list_corpus

    workers = workers or os.cpu_count() or 1
    tmp = Path(dir) if dir else Path(tempfile.mkdtemp(prefix="partybuild-bench-"))
    corpus_dir, out_dir = tmp / "corpus", tmp / "out"
    result: dict[str, Any] = {"n": n, "workers": workers, "cores": os.cpu_count(), "engine": engine,
                              "python_loop_s": python_loop_seconds()}
    try:
        t0 = time.perf_counter()
        if corpus_dir.exists() and len(list_corpus(corpus_dir)) == n and (tmp / "chars").exists():
            info = Corpus(root=corpus_dir, files=n, chars=int((tmp / "chars").read_text()))
            say(f"reusing the corpus in {corpus_dir}")
        else:
            shutil.rmtree(corpus_dir, ignore_errors=True)
            info = build_corpus(corpus_dir, n)
            (tmp / "chars").write_text(str(info.chars))
            say(f"built {info.files} articles, {info.bytes / 1e6:.1f} MB, {info.chars / 1e6:.1f} M chars"
                f" in {time.perf_counter() - t0:.1f} s → {corpus_dir}")
            say("  mix: " + ", ".join(f"{k} {v}" for k, v in sorted(info.kinds.items())))
        result["chars"] = info.chars
        ours, peaks, pss_peaks, phases = [], [], [], []
        for r in range(repeats):
            shutil.rmtree(out_dir, ignore_errors=True)
            with PeakRSS() as mem:
                t0 = time.perf_counter()
                summary = extract(corpus_dir, out_dir, workers=workers, engine=engine, full=True)
                ours.append(time.perf_counter() - t0)
            peaks.append(mem.peak)
            pss_peaks.append(mem.peak_pss)
            phases.append(summary.phases)
            say(f"  ours #{r + 1}: {ours[-1]:.2f} s, peak RSS {mem.peak / 2**20:.0f} MiB"
                f" (PSS {mem.peak_pss / 2**20:.0f} MiB), {summary.errors} errors,"
                f" {summary.figures} figures")
        sec = _median(ours)
        result["phases"] = {k: _median([p.get(k, 0.0) for p in phases]) for k in phases[0]} if phases else {}
        result.update(seconds=sec, articles_per_s=n / sec, chars_per_s=info.chars / sec,
                      peak_rss_mib=max(peaks) / 2**20, peak_pss_mib=max(pss_peaks) / 2**20, errors=summary.errors, figures=summary.figures)
        # the first run is what `make extract` does in a fresh process: start-up included, and its
        # workers fork from a parent that has run nothing yet (later repeats fork from a parent
        # whose allocator kept some of the previous run's memory)
        result.update(first_seconds=ours[0], first_peak_rss_mib=peaks[0] / 2**20, first_peak_pss_mib=pss_peaks[0] / 2**20)
        paths = [str(corpus_dir / p) for p in list_corpus(corpus_dir)]
        base = []
        for r in range(baseline_repeats):
            with PeakRSS() as mem:
                secs, _ = run_baseline(paths, workers)
            base.append(secs)
            say(f"  baseline #{r + 1}: {secs:.2f} s ({workers} workers), peak RSS {mem.peak / 2**20:.0f} MiB")
        if base:
            bsec = _median(base)
            result.update(baseline_seconds=bsec, baseline_chars_per_s=info.chars / bsec, ratio=bsec / sec)
        sample = list_corpus(corpus_dir)[:stage_sample]
        result["stages"] = stage_times(corpus_dir, sample)
        result["stage_sample"] = len(sample)
    finally:
        if not dir and not keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return result


def format_result(r: dict[str, Any]) -> str:
    lines = [
        f"benchmark: {r['n']} articles, {r['chars'] / 1e6:.2f} M input chars, engine {r['engine']},"
        f" {r['workers']} workers on {r['cores']} cores (medians of the repeats)",
        f"  machine: a pure-Python loop of 10 M additions takes {r.get('python_loop_s', float('nan')):.2f} s here"
        " (absolute speeds scale with it; the ratio to the baseline does not)",
        f"  ours      {r['seconds']:8.2f} s  {r['articles_per_s']:8.1f} articles/s  {r['chars_per_s'] / 1e6:6.2f} M chars/s"
        f"  peak RSS (process tree) {r['peak_rss_mib']:.0f} MiB, PSS {r.get('peak_pss_mib', 0):.0f} MiB"
        " (RSS counts pages the forked workers share once per process; PSS splits them)",
    ]
    if "first_seconds" in r:
        lines.append(
            f"  first run {r['first_seconds']:8.2f} s  {r['n'] / r['first_seconds']:8.1f} articles/s"
            f"  {r['chars'] / r['first_seconds'] / 1e6:6.2f} M chars/s  peak RSS {r['first_peak_rss_mib']:.0f} MiB,"
            f" PSS {r['first_peak_pss_mib']:.0f} MiB (a fresh process, as `make extract`: start-up included)"
        )
    if r.get("phases"):
        ph = r["phases"]
        lines.append("  phases (wall s): " + ", ".join(f"{k} {v:.2f}" for k, v in ph.items()))
        if ph.get("articles"):
            lines.append(f"  articles phase alone: {r['chars'] / ph['articles'] / 1e6:.2f} M chars/s"
                         " (the stages on all workers, without start-up, reprints and commit)")
    if "baseline_seconds" in r:
        lines += [
            f"  baseline  {r['baseline_seconds']:8.2f} s  {r['n'] / r['baseline_seconds']:8.1f} articles/s"
            f"  {r['baseline_chars_per_s'] / 1e6:6.2f} M chars/s  (read+decode, jieba.lcut, jionlp extract_money;"
            f" {r['workers']} workers, equal cores)",
            f"  ours/baseline speed: {r['ratio']:.1f}x",
        ]
    lines += [
        f"  time per stage, one core, first {r['stage_sample']} articles (ms per article):",
    ]
    stages = r["stages"]
    total = sum(stages.values()) or 1.0
    for name, secs in sorted(stages.items(), key=lambda kv: -kv[1]):
        lines.append(f"    {name:16s} {1000 * secs / max(r['stage_sample'], 1):8.2f}  {100 * secs / total:5.1f}%")
    return "\n".join(lines)
