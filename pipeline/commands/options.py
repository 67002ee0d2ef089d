"""Options every command shares, defined once: the same name, default and wording everywhere."""

from __future__ import annotations

import argparse

OUT_DEFAULT = "outputs"
CORPUS_DEFAULT = "corpus"


def out(p: argparse.ArgumentParser, what: str = "output folder holding the Parquet tables") -> None:
    """--out: the database folder (``what`` says what the command does with it)."""
    p.add_argument("--out", default=OUT_DEFAULT, help=f"{what} (default: {OUT_DEFAULT})")


def corpus(p: argparse.ArgumentParser, what: str = "corpus folder") -> None:
    """--corpus: the folder of articles."""
    p.add_argument("--corpus", default=CORPUS_DEFAULT, help=f"{what} (default: {CORPUS_DEFAULT})")
