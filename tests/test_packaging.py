"""The installed package is whole: a wheel built from pyproject.toml holds every module, the
division table the extractors read and the boundary file the report's map draws, and the map
finds that file where the wheel installs it."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ["pyproject.toml", "README.md", "pipeline", "extractors", "data/boundaries"]


def _pip_wheel(src: Path, dest: Path, isolated: bool) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--disable-pip-version-check",
           "-w", str(dest), str(src)]
    if not isolated:
        cmd.insert(4, "--no-build-isolation")
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    """Built from a copy of the sources, so that no build/ or *.egg-info lands in the work tree.
    Without build isolation when the venv's setuptools can make wheels, else in pip's isolated
    build environment (setuptools and wheel from the configured package index)."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in SOURCES:
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, src / name, ignore=ignore)
        else:
            shutil.copy2(ROOT / name, src / name)
    dest = tmp / "dist"
    runs = [_pip_wheel(src, dest, isolated=False)]
    if runs[-1].returncode != 0:
        runs.append(_pip_wheel(src, dest, isolated=True))
    wheels = list(dest.glob("*.whl"))
    if not wheels:
        log = "\n".join(r.stderr[-2000:] for r in runs)
        if "bdist_wheel" in runs[0].stderr and ("No matching distribution" in log or "Could not find" in log):
            pytest.skip("no wheel-capable setuptools in the venv and no package index for pip's build environment")
        pytest.fail(f"pip wheel failed:\n{log}")
    return zipfile.ZipFile(wheels[0])


def test_wheel_holds_the_data_files(wheel):
    names = set(wheel.namelist())
    assert "extractors/data/divisions.parquet" in names, "the division table the extractors read"
    assert "extractors/config.cfg" in names
    assert "pipeline/research/boundaries/china.json" in names, "the report's map of China"
    assert "pipeline/research/boundaries/README.md" in names, "its source and licence travel with it"
    assert wheel.read("pipeline/research/boundaries/china.json") == (ROOT / "data/boundaries/china.json").read_bytes()
    assert wheel.read("extractors/data/divisions.parquet") == (ROOT / "extractors/data/divisions.parquet").read_bytes()


def test_wheel_holds_every_module(wheel):
    names = set(wheel.namelist())
    modules = {p.relative_to(ROOT).as_posix() for top in ("pipeline", "extractors") for p in (ROOT / top).rglob("*.py")
               if "__pycache__" not in p.parts}
    assert modules and not modules - names, f"missing from the wheel: {sorted(modules - names)}"


def test_installed_map_finds_its_boundaries(wheel, tmp_path):
    """Unpacked as pip installs it (no repository around it), the map reads the packaged file."""
    site = tmp_path / "site"
    wheel.extractall(site)
    code = ("import sys; sys.path.insert(0, sys.argv[1]); from pipeline.research import china_map as m;"
            " print(m.BOUNDARIES); print(len(m.boundaries()['provinces']))")
    done = subprocess.run([sys.executable, "-I", "-c", code, str(site)], capture_output=True, text=True,
                          cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    path, provinces = done.stdout.split()
    assert Path(path) == site / "pipeline" / "research" / "boundaries" / "china.json"
    assert int(provinces) == 34
