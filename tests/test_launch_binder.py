"""Binder: real repo2docker (from the test lock) reads binder/ and prints the Dockerfile it would build
(`--no-build --debug`, no Docker needed). It must pin the Python the course supports, install exactly the
learner's lock (no test tools) after the repository is copied in, and then install the course itself."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BINDER = ROOT / "binder"
REPO2DOCKER = Path(sys.executable).parent / "jupyter-repo2docker"


def repo2docker_plan() -> str:
    binder_user = ["--user-id", "1000", "--user-name", "jovyan"]  # as on mybinder.org, whoever runs the test
    result = subprocess.run([str(REPO2DOCKER), "--no-build", "--debug", *binder_user, str(ROOT)],
                            capture_output=True, text=True, timeout=120, check=True)
    return result.stdout + result.stderr


def minimum_python() -> str:
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    return re.fullmatch(r">=\s*(\d+\.\d+)", requires).group(1)


def test_repo2docker_builds_the_supported_python_with_the_learner_lock_then_the_course():
    plan = repo2docker_plan()
    python = minimum_python()
    assert (BINDER / "runtime.txt").read_text().strip() == f"python-{python}"
    assert f"Building conda environment for python={python}" in plan
    # the Dockerfile copies repo2docker's environment lock for that Python (file names escaped: '.' is -2e)
    chosen = re.findall(r"environment-2epy-2d(\d+)-2e(\d+)-2dlinux", plan)
    assert chosen and {".".join(v) for v in chosen} == {python}
    assert "unspecified" not in plan.lower()

    steps = [line for line in plan.splitlines() if line.startswith(("COPY", "RUN"))]
    copy_repo = steps.index("COPY --chown=1000:1000 src/ ${REPO_DIR}/")  # the learner owns the copy
    pip = "RUN ${KERNEL_PYTHON_PREFIX}/bin/pip install --no-cache-dir"
    install_lock = steps.index(f'{pip} -r "binder/requirements.txt"')
    post_build = steps.index("RUN ./binder/postBuild")
    assert copy_repo < install_lock < post_build  # the lock file outside binder/ is there when pip reads it
    assert not any("environment.yml" in step for step in steps)  # binder/ wins over the root environment.yml


def test_binder_installs_runtime_packages_only_and_the_course_without_dependencies():
    requirements = [ln for ln in (BINDER / "requirements.txt").read_text().splitlines() if ln and ln[0] != "#"]
    assert requirements == ["-r ../requirements-lock.txt"]  # the learner lock, not requirements-test-lock.txt
    commands = [ln for ln in (BINDER / "postBuild").read_text().splitlines() if ln and ln[0] != "#"]
    assert "python -m pip install --no-cache-dir --no-deps ." in commands
    assert any("write_kernel_config(sys.prefix)" in command for command in commands)  # one-line errors, as locally


def test_the_readme_binder_link_opens_the_start_here_notebook():
    links = re.findall(r"https://mybinder\.org/v2/gh/[^)\s]+", (ROOT / "README.md").read_text())
    assert links, "README.md has no Binder link"
    for link in links:
        path = re.search(r"urlpath=lab/tree/([^&)\s]+)", link).group(1)
        assert path == "notebooks/00_start_here.ipynb" and (ROOT / path).is_file()
