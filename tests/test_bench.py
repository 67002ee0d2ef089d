"""The benchmark script end to end on a tiny corpus: it runs, and prints what it measured."""

from pipeline.quality.bench import format_result, run_bench


def test_bench_reports_speed_memory_first_run_and_stages(tmp_path):
    said: list[str] = []
    r = run_bench(n=24, workers=2, dir=tmp_path, repeats=2, baseline_repeats=0, stage_sample=6, say=said.append)
    assert r["n"] == 24 and r["chars"] > 10_000 and r["errors"] == 0 and r["figures"] > 0
    assert r["chars_per_s"] > 0 and r["first_seconds"] >= r["phases"]["articles"]
    assert 0.01 < r["python_loop_s"] < 60
    assert 50 < r["first_peak_rss_mib"] <= r["peak_rss_mib"]  # the max over repeats includes the first
    assert {"nlp.places", "nlp.figures", "clean text", "reprint signature"} <= set(r["stages"])
    text = format_result(r)
    assert "first run" in text and "M chars/s" in text and "nlp.places" in text and "10 M additions" in text
    assert any("ours #2" in line for line in said)
