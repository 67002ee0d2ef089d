"""What every extractor component shares: one name and version per module, read when asked.

A component module defines ``NAME`` and ``VERSION``; its component class derives from
``Component``. ``extractor_id`` is read from the module each time, so the rows a component writes
and the pipeline fingerprint (``pipeline.stages.nlp.component_versions``) always carry the
version that ran: bumping ``VERSION`` makes incremental runs reprocess every article.
"""

from __future__ import annotations

import sys


def module_id(module: object) -> str:
    """NAME@VERSION of a component or cleaner module."""
    return f"{module.NAME}@{module.VERSION}"


class Component:
    @property
    def extractor_id(self) -> str:
        return module_id(sys.modules[type(self).__module__])
