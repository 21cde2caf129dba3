"""The conda/Binder environment.yml and the pip lock must describe the same environment."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lock_pins() -> dict[str, str]:
    lines = (ROOT / "requirements-lock.txt").read_text().splitlines()
    pins = [line.split("==") for line in lines if line and not line.startswith("#")]
    return {_norm(name): version for name, version in pins}


def conda_pins() -> dict[str, str]:
    text = (ROOT / "environment.yml").read_text()
    found = re.findall(r"^\s+- ([A-Za-z0-9_.-]+)=([0-9][^\s#]*)\s*$", text, flags=re.MULTILINE)
    return {_norm(name): version for name, version in found}


def direct_dependencies() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = project["dependencies"] + [d for extra in project["optional-dependencies"].values() for d in extra]
    return {_norm(re.split(r"[<>=!~\[; ]", d)[0]) for d in names}


def test_every_lock_line_is_an_exact_pin():
    lines = [ln for ln in (ROOT / "requirements-lock.txt").read_text().splitlines() if ln and ln[0] != "#"]
    assert lines and all(re.fullmatch(r"[A-Za-z0-9_.-]+==[^=\s]+", ln) for ln in lines)


def test_environment_yml_pins_match_the_lock():
    lock, conda = lock_pins(), conda_pins()
    assert conda, "environment.yml pins nothing"
    mismatched = {n: (v, lock.get(n)) for n, v in conda.items() if lock.get(n) != v}
    assert not mismatched, f"environment.yml vs requirements-lock.txt (conda, lock): {mismatched}"


def test_environment_yml_names_every_direct_dependency():
    missing = direct_dependencies() - set(conda_pins())
    assert not missing, f"direct dependencies missing from environment.yml: {sorted(missing)}"


def test_environment_yml_uses_conda_forge_python_311_and_installs_the_project_editable():
    text = (ROOT / "environment.yml").read_text()
    assert "- conda-forge" in text and "python>=3.11" in text
    assert re.search(r"- pip:\s*\n\s+- -e \.", text)
