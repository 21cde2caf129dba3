"""The conda/Binder environment.yml and the pip lock must describe the same environment."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


LOCKS = ("requirements-lock.txt", "requirements-test-lock.txt")


def pin_lines(lock: str) -> list[str]:
    lines = (ROOT / lock).read_text().splitlines()
    return [ln for ln in lines if ln and not ln.startswith("#") and not ln.startswith("-r ")]


def lock_pins(lock: str) -> dict[str, str]:
    return {_norm(name): version for name, version in (ln.split("==") for ln in pin_lines(lock))}


def conda_pins() -> dict[str, str]:
    """The packages environment.yml pins (Python itself aside)."""
    text = (ROOT / "environment.yml").read_text()
    found = re.findall(r"^\s+- ([A-Za-z0-9_.-]+)=([0-9][^\s#]*)\s*$", text, flags=re.MULTILINE)
    return {_norm(name): version for name, version in found if name != "python"}


def runtime_dependencies() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {_norm(re.split(r"[<>=!~\[; ]", d)[0]) for d in project["dependencies"]}


def test_every_lock_line_is_an_exact_pin():
    for lock in LOCKS:
        lines = pin_lines(lock)
        assert lines and all(re.fullmatch(r"[A-Za-z0-9_.-]+==[^=\s]+", ln) for ln in lines), lock


def test_the_test_lock_builds_on_the_learner_lock_without_overlap():
    assert "-r requirements-lock.txt" in (ROOT / "requirements-test-lock.txt").read_text().splitlines()
    assert not set(lock_pins(LOCKS[0])) & set(lock_pins(LOCKS[1]))


def test_runtime_dependencies_are_in_the_learner_lock():
    runtime = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    missing = {_norm(re.split(r"[<>=!~\[; ]", d)[0]) for d in runtime} - set(lock_pins(LOCKS[0]))
    assert not missing, f"runtime dependencies missing from requirements-lock.txt: {sorted(missing)}"


def test_environment_yml_pins_match_the_learner_lock():
    lock, conda = lock_pins(LOCKS[0]), conda_pins()
    assert conda, "environment.yml pins nothing"
    mismatched = {n: (v, lock.get(n)) for n, v in conda.items() if lock.get(n) != v}
    assert not mismatched, f"environment.yml vs requirements-lock.txt (conda, lock): {mismatched}"


def test_environment_yml_is_the_learner_runtime_exactly():
    """Every runtime dependency, and none of the test tools (those are in requirements-test-lock.txt)."""
    assert set(conda_pins()) == runtime_dependencies()
    assert not set(conda_pins()) & set(lock_pins(LOCKS[1]))


def test_environment_yml_pins_the_supported_python_and_installs_the_project_editable():
    """An exact Python (repo2docker reads a minimum such as python>=3.11 as "unspecified"), the one
    requires-python names and Binder's runtime.txt uses."""
    text = (ROOT / "environment.yml").read_text()
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    python = re.fullmatch(r">=\s*(\d+\.\d+)", requires).group(1)
    assert "- conda-forge" in text and re.search(rf"^\s+- python={re.escape(python)}\s*$", text, flags=re.MULTILINE)
    assert (ROOT / "binder" / "runtime.txt").read_text().strip() == f"python-{python}"
    assert re.search(r"- pip:\s*\n\s+- -e \.", text)
