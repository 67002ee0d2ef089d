"""Every command has --help, is documented, and uses the shared option names."""

import argparse
import re
from pathlib import Path

import pytest

from pipeline.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
MINE = ["query", "show", "report", "export"]
# Names that would mean --out/--corpus/--format under another spelling.
ALIASES = {"--output-dir", "--outdir", "--out-dir", "--db", "--database", "--input", "--input-dir",
           "--corpus-dir", "--fmt", "--data"}


def _commands() -> dict[str, argparse.ArgumentParser]:
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


@pytest.mark.parametrize("name", sorted(_commands()))
def test_help_works(name, capsys):
    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args([name, "--help"])
    assert exc.value.code == 0
    assert name in capsys.readouterr().out


@pytest.mark.parametrize("name", sorted(_commands()))
def test_option_names_are_the_shared_ones(name):
    options = {s for a in _commands()[name]._actions for s in a.option_strings}
    assert not options & ALIASES, f"{name} uses {options & ALIASES}; use --out, --corpus, --format"


def test_readme_names_every_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8") if (ROOT / "README.md").exists() else ""
    missing = [n for n in _commands() if not re.search(rf"python -m pipeline {re.escape(n)}\b", readme)]
    assert not missing, f"README.md does not mention: {', '.join('python -m pipeline ' + n for n in missing)}"


def test_docs_commands_reference_covers_query_show_report_export():
    text = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    for name in MINE:
        assert f"python -m pipeline {name}" in text
        assert re.search(rf"^## `?{name}`?", text, re.M), f"docs/commands.md has no section for {name}"


def test_shared_options_are_defined_once():
    """--out and --corpus are defined in pipeline/commands/options.py only; commands call it."""
    here = ROOT / "pipeline" / "commands"
    redefined = [f.name for f in here.glob("*.py") if f.name != "options.py"
                 and re.search(r"add_argument\(\s*[\"'](?:--out|--corpus)[\"']", f.read_text(encoding="utf-8"))]
    assert not redefined, f"define --out/--corpus through pipeline.commands.options, not in {redefined}"
