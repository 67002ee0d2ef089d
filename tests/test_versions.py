"""One version path: every component's and cleaner's NAME@VERSION reaches the fingerprint, and a
bumped version makes an incremental run reprocess every article."""

from __future__ import annotations

import importlib
import shutil
from pathlib import Path

import pytest

from pipeline.run import runner
from pipeline.stages import article as stages
from pipeline.stages.nlp import component_versions, load_nlp

ROOT = Path(__file__).resolve().parent.parent
COMPONENT_MODULES = ["extractors.places", "extractors.alliances", "extractors.figures", "extractors.cases"]


def test_every_component_has_a_versioned_id():
    versions = component_versions(load_nlp())
    assert set(versions) == {"places", "alliances", "figures", "cases"}
    for name in COMPONENT_MODULES:
        mod = importlib.import_module(name)
        assert f"{mod.NAME}@{mod.VERSION}" in versions.values(), name


@pytest.mark.parametrize("module", COMPONENT_MODULES + list(stages.CLEANERS))
def test_a_bumped_version_changes_the_fingerprint(module, monkeypatch):
    before = runner.pipeline_fingerprint(None)
    monkeypatch.setattr(importlib.import_module(module), "VERSION", "9.9.9-test")
    assert runner.pipeline_fingerprint(None) != before


@pytest.mark.parametrize("module", ["extractors.places", "pipeline.stages.text_clean"])
def test_a_bumped_version_reprocesses_and_stamps_rows(module, tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for seed in sorted((ROOT / "corpus").glob("0*.txt"))[:2]:
        shutil.copy(seed, corpus / seed.name)
    out = tmp_path / "out"
    run = lambda: runner.extract(corpus, out, workers=1, options=stages.Options(), budget=0)  # noqa: E731
    run()
    assert run().processed == 0
    mod = importlib.import_module(module)
    monkeypatch.setattr(mod, "VERSION", "9.9.9-test")
    assert run().processed == 2
    if module.startswith("extractors."):
        import pyarrow.parquet as pq

        rows = pq.read_table(out / "places.parquet").to_pylist()
        assert rows and {r["extractor"] for r in rows} == {f"{mod.NAME}@9.9.9-test"}


def test_a_component_without_an_id_is_refused():
    import spacy
    from spacy.language import Language

    @Language.component("test_unversioned")
    def unversioned(doc):
        return doc

    nlp = spacy.blank("zh")
    nlp.add_pipe("test_unversioned")
    with pytest.raises(TypeError, match="extractor_id"):
        component_versions(nlp)
