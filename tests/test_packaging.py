"""Packs load from the editable install (this checkout) and from a built wheel."""
from __future__ import annotations

import subprocess
import sys
import zipfile
from importlib import resources
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_editable_install_reads_the_top_level_patterns_folder():
    files = resources.files("deinfluence_detect.patterns")
    names = {p.name for p in files.iterdir()}
    assert {"cues", "findings", "profiles", "normalise.yaml"} <= names
    yaml_count = len(list(ROOT.joinpath("patterns").rglob("*.yaml")))
    from deinfluence_detect.packs.loader import _bundled_files
    assert len(_bundled_files()) == yaml_count


@pytest.mark.slow
def test_wheel_contains_every_pack_and_loads_from_it(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path),
                           str(ROOT)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    wheel = next(tmp_path.glob("*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        zf.extractall(tmp_path / "site")
    expected = {"deinfluence_detect/patterns/" + str(p.relative_to(ROOT / "patterns"))
                for pattern in ("*.yaml", "*.json") for p in ROOT.joinpath("patterns").rglob(pattern)}
    assert expected and expected <= names
    assert "deinfluence_detect/patterns/deinfluencing/judgement_model.json" in names
    assert "deinfluence_detect/patterns/profiles/read_model.json" in names
    assert any(n.endswith("entry_points.txt") for n in names)
    code = ("import deinfluence_detect as dd, pathlib; "
            "assert 'site' in pathlib.Path(dd.__file__).parts, dd.__file__; "
            "r = dd.Detector().analyze('Use code MAYA15 for 15% off'); "
            "assert r.findings and r.findings[0].rule_id == 'DD-DISC-001'; "
            "from deinfluence_detect.compose.judgement_model import bundled_model; "
            "assert len(bundled_model().weights) > 1000; "
            "from deinfluence_detect.compose.read_model import bundled_model as read_model; "
            "assert len(read_model().weights) > 1000; print('ok')")
    env = {"PYTHONPATH": str(tmp_path / "site"), "PATH": "/usr/bin:/bin", "PYTHONNOUSERSITE": "1"}
    run = subprocess.run([sys.executable, "-I", "-c", "import sys; sys.path.insert(0, %r); " % str(tmp_path / "site")
                          + code], capture_output=True, text=True, timeout=300, env=env, cwd=str(tmp_path))
    assert run.returncode == 0 and "ok" in run.stdout, run.stderr[-2000:]
