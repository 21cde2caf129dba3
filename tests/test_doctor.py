"""helpers.doctor: passes on a healthy install, and names each problem with its fix."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers import doctor, plots

ROOT = Path(__file__).resolve().parent.parent


def test_healthy_install_is_ready_for_class(capsys):
    assert doctor.main() == 0
    assert "Ready for class." in capsys.readouterr().out


def test_a_version_mismatch_names_the_package_and_the_fix(monkeypatch, capsys):
    monkeypatch.setattr(doctor.metadata, "version", lambda name: "0.0.1" if name == "ipywidgets" else
                        doctor.pinned()[doctor._normalise(name)])
    assert doctor.main() == 1
    out = capsys.readouterr().out
    assert "ipywidgets 0.0.1 is installed but the course is tested with" in out and "course.py start" in out


def test_an_edited_dataset_is_reported_with_its_file(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "datasets"
    shutil.copytree(ROOT / "datasets", folder)
    target = folder / "places.csv"
    target.write_text(target.read_text(encoding="utf-8").replace("Shanxi", "Shansi", 1), encoding="utf-8")
    monkeypatch.setenv("SHANXI_DATASETS_DIR", str(folder))
    assert doctor.main() == 1
    assert "places.csv has been edited" in capsys.readouterr().out


def test_a_missing_font_is_reported(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(plots, "CJK_FONT_FILE", tmp_path / "absent.otf")
    assert doctor.main() == 1
    assert "absent.otf is missing" in capsys.readouterr().out
