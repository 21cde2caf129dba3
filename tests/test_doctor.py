"""helpers.doctor: passes on a healthy install, and names each problem with its fix."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
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


def test_a_damaged_datapackage_is_one_problem_and_the_summary_still_prints(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "datasets"
    shutil.copytree(ROOT / "datasets", folder)
    (folder / "datapackage.json").unlink()
    (folder / "datapackage.json").mkdir()
    monkeypatch.setenv("SHANXI_DATASETS_DIR", str(folder))
    assert doctor.main() == 1
    out = capsys.readouterr().out.splitlines()
    assert out[2:4] == [
        "FAIL datasets present and unedited",
        "     - datasets/datapackage.json is a folder, not a file: delete that folder, then restore the file with "
        "`git checkout -- datasets/datapackage.json` (or download the course again).",
    ]
    assert out[-1] == "1 problem(s) found; fix them before class."


def test_a_check_that_fails_itself_is_reported_not_raised(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(doctor, "LOCK", tmp_path / "requirements-lock.txt")  # as in a copy that lost its lock
    assert doctor.main() == 1
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == [
        "FAIL packages match the pinned lock",
        f"     - this check could not run (FileNotFoundError: [Errno 2] No such file or directory: "
        f"'{tmp_path / 'requirements-lock.txt'}'): run `python3 course.py start` again (it reinstalls from the lock).",
    ]
    assert out[-1] == "1 problem(s) found; fix them before class."


def test_a_console_that_is_not_utf8_gets_question_marks_not_a_crash():
    """Windows' cp1252 console cannot show 汉字: the doctor still prints every line and its summary."""
    result = subprocess.run([sys.executable, "-m", "helpers.doctor"], cwd=ROOT, capture_output=True,
                            env={**os.environ, "PYTHONIOENCODING": "cp1252"})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.decode("cp1252").splitlines()
    assert lines[1] == "ok   font for ?? (Chinese characters)" and lines[-1] == "Ready for class."
