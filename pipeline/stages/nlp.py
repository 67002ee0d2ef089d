"""Build the spaCy pipeline that the extract stage runs, from extractors/config.cfg."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

DEFAULT_CONFIG = Path(__file__).resolve().parents[2] / "extractors" / "config.cfg"


def _register_components() -> None:
    # Importing the modules registers their factories and the Doc extensions.
    import extractors.segment  # noqa: F401
    import extractors.alliances  # noqa: F401
    import extractors.cases  # noqa: F401
    import extractors.figures  # noqa: F401
    import extractors.places  # noqa: F401


@lru_cache(maxsize=4)
def load_nlp(config_path: str | None = None) -> Language:
    """The pipeline for a config file (cached per process: workers build it once)."""
    _register_components()
    config = spacy.util.load_config(config_path or DEFAULT_CONFIG)
    return spacy.util.load_model_from_config(config, auto_fill=True)


def component_versions(nlp: Language) -> dict[str, str]:
    """name@version of every component, as written into the rows it produces.

    A component without an ``extractor_id`` would never make an incremental run reprocess
    anything when it changes, so it is refused.
    """
    out = {}
    for name in nlp.pipe_names:
        comp = nlp.get_pipe(name)
        if not getattr(comp, "extractor_id", None):
            raise TypeError(f"component {name!r} has no extractor_id (derive it from extractors.component.Component)")
        out[name] = comp.extractor_id
    return out
