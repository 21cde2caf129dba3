"""Setup and file faults as learners, teachers and their machines produce them, each in a temporary copy of the
course (never the work tree), asserting the exact line the user sees.

Permission faults are real: the action runs in a forked child as an unprivileged learner (user ``nobody`` when
the tests run as root, as in CI) against files it may not write. The lock check asks pip's resolver about every
Python the README promises (the network is needed for that one test only).
"""

from __future__ import annotations

import importlib.util
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import traceback
import uuid
import venv
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from helpers import data
from tools import execute_notebooks, student_edition

ROOT = Path(__file__).resolve().parent.parent
PYENV = Path.home() / ".pyenv" / "versions"
BASE_PYTHON = getattr(sys, "_base_executable", None) or sys.executable  # a plain Python, as a learner has
LEARNER = 65534  # nobody
STUDENT = sorted((ROOT / "notebooks" / "student").glob("[0-9][0-9]_*.ipynb"))
PLAIN_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # no test-only sitecustomize


def pyenv_python(version: str) -> Path:
    python = PYENV / version / "bin" / "python"
    if not python.exists():
        pytest.skip(f"pyenv has no Python {version} on this machine")
    return python


@pytest.fixture
def course(tmp_path) -> Path:
    """A temporary copy of what setup needs: course.py, tools/, the lock files, pyproject.toml and the copy command
    (helpers/course.py, standard library only)."""
    copy = tmp_path / "course"
    (copy / "helpers").mkdir(parents=True)
    for name in ("course.py", "requirements-lock.txt", "requirements-test-lock.txt", "pyproject.toml",
                 "helpers/__init__.py", "helpers/course.py"):
        shutil.copy2(ROOT / name, copy / name)
    shutil.copytree(ROOT / "tools", copy / "tools", ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def commands_of(course: Path) -> ModuleType:
    """tools/course_commands.py of the copy ``course`` (its ROOT is that copy)."""
    spec = importlib.util.spec_from_file_location(f"course_commands_{uuid.uuid4().hex}",
                                                  course / "tools" / "course_commands.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def shared() -> Iterator[Path]:
    """A folder the unprivileged learner can enter but not write (pytest's own tmp folders are private)."""
    folder = Path(tempfile.mkdtemp(prefix="shanxi-shared-"))
    folder.chmod(0o755)
    yield folder
    for path in [folder, *folder.rglob("*")]:
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() else 0o644)
    shutil.rmtree(folder)


def learner_home(shared: Path) -> Path:
    home = shared / "home"
    home.mkdir()
    if os.geteuid() == 0:
        os.chown(home, LEARNER, LEARNER)
    return home


def read_only(*paths: Path) -> None:
    """Take write permission away (for the owner too, when the tests do not run as root)."""
    for path in paths:
        path.chmod(0o555 if path.is_dir() else 0o444)


def as_learner(action: Callable[[], object], **environ: str) -> str:
    """Run ``action`` in a forked child as an unprivileged learner with ``environ`` set; return what it printed
    (an exit message included). Modules the action needs must be imported before (the child may not read them)."""
    if not hasattr(os, "fork"):
        pytest.skip("needs POSIX fork and users (the course's CI is Linux)")
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 1
        try:
            os.close(read)
            os.dup2(write, 1)
            os.dup2(write, 2)
            sys.stdout = sys.stderr = open(1, "w", closefd=False)  # noqa: SIM115 - flushed at _exit
            os.environ.update(environ)
            if os.geteuid() == 0:
                os.setgroups([])
                os.setgid(LEARNER)
                os.setuid(LEARNER)
            action()
            code = 0
        except SystemExit as stop:
            if isinstance(stop.code, str):
                print(stop.code)
            code = 0 if stop.code in (None, 0) else 1
        except BaseException:  # noqa: B036 - shown to the test, which then fails on it
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            os._exit(code)
    os.close(write)
    with os.fdopen(read, encoding="utf-8") as pipe:
        output = pipe.read()
    os.waitpid(pid, 0)
    return output


# --- Python versions and the lock -------------------------------------------------------------------------------

@pytest.mark.parametrize("version", ["2.7.18", "3.6.15"])
def test_an_old_python_is_told_which_version_is_needed(course, version):
    python = pyenv_python(version)
    result = subprocess.run([str(python), "course.py", "start"], cwd=course, capture_output=True, text=True,
                            env=PLAIN_ENV)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (f"Python 3.11 or newer is needed; this is Python {version} ({python}). Install Python "
                             "3.11 or newer and run this command with it.\n")


@pytest.mark.parametrize("python", ["3.11.0", "3.12", "3.13"])
def test_the_locks_install_on_every_python_the_readme_promises(python, tmp_path):
    """pip's resolver, without installing: every pin has a wheel for that Python. 3.11.0, the README's floor, is
    emulated (``--python-version``): Requires-Python is a lower bound and every 3.11.x takes the same cp311 wheels,
    so it stands for Debian 12's 3.11.2 too; 3.12 and 3.13 are real pyenv interpreters (10-25 s each)."""
    real = {"3.12": "3.12.1", "3.13": "3.13.0"}.get(python)
    interpreter = [str(pyenv_python(real)), "-m", "pip"] if real else [sys.executable, "-m", "pip"]
    target = [] if real else ["--python-version", python, "--target", str(tmp_path)]
    result = subprocess.run([*interpreter, "install", "-q", "--disable-pip-version-check", "--dry-run",
                             "--ignore-installed", "--no-deps", "--only-binary=:all:", *target,
                             "-r", str(ROOT / "requirements-test-lock.txt")],
                            capture_output=True, text=True, env={**PLAIN_ENV, "SHANXI_OFFLINE": "0"}, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]


# --- the virtual environment ------------------------------------------------------------------------------------

def test_a_venv_made_by_another_python_is_rebuilt(course):
    newer = pyenv_python("3.12.1")
    venv.create(course / ".venv", with_pip=False)
    commands = commands_of(course)
    commands.INTERPRETER_FILE.write_text(commands.interpreter() + "\n", encoding="utf-8")
    probe = ("import sys; sys.path.insert(0, '.'); from tools import course_commands as c; "
             "print(c.rebuild_reason()); print(c.install_fingerprint())")
    result = subprocess.run([str(newer), "-c", probe], cwd=course, capture_output=True, text=True, env=PLAIN_ENV)
    reason, fingerprint = result.stdout.splitlines()
    assert reason == (f".venv was made by CPython {platform.python_version()}; this is CPython 3.12.1: "
                      "recreating it")
    assert fingerprint != commands.install_fingerprint()


def test_an_interrupted_first_install_is_rebuilt(course, capsys):
    venv.create(course / ".venv", with_pip=False)  # as when setup is killed before pip is in the venv
    commands = commands_of(course)
    commands.prepare_venv()
    assert capsys.readouterr().out == (".venv is incomplete (an earlier setup was interrupted before pip was "
                                       "installed): recreating it ...\n")
    pip = subprocess.run([str(commands.PY), "-m", "pip", "--version"], capture_output=True, env=PLAIN_ENV)
    assert pip.returncode == 0 and commands.rebuild_reason() is None


def test_two_setups_at_once_take_turns(course):
    commands = commands_of(course)
    with commands.setup_lock():  # a first setup is running
        second = subprocess.Popen([BASE_PYTHON, "course.py", "doctor"], cwd=course, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True, env=PLAIN_ENV, start_new_session=True)
        try:
            waiting = second.stdout.readline()
        finally:
            os.killpg(second.pid, signal.SIGKILL)
            second.wait()
            second.stdout.close()
    assert waiting == ("Another setup is running in this folder (another `python3 course.py ...`); waiting for it "
                       "to finish ...\n")
    assert not (course / ".venv").exists()  # the second setup touched nothing while it waited


def test_a_home_folder_that_is_not_writable_gets_a_private_fallback(course, tmp_path):
    (tmp_path / "a-file").write_text("")
    home = tmp_path / "a-file" / "home"  # cannot be created, even by root
    probe = "from tools.course_commands import use_writable_home as u; u(); import os; print(os.environ['HOME'])"
    result = subprocess.run([BASE_PYTHON, "-c", probe], cwd=course, capture_output=True, text=True,
                            env={**PLAIN_ENV, "HOME": str(home)})
    fallback = Path(result.stdout.strip())
    assert result.stderr == (f"Your home folder {home} is not writable, so Jupyter keeps its settings in {fallback} "
                             "for now (ask for a writable home folder to keep them).\n")
    assert fallback.is_dir() and os.access(fallback, os.W_OK)


# --- a shared read-only install ---------------------------------------------------------------------------------

def test_a_shared_read_only_install_opens_each_learners_own_copy(shared):
    course = shared / "course"
    (course / "tools").mkdir(parents=True)
    shutil.copy2(ROOT / "tools" / "course_commands.py", course / "tools")
    for name in ("requirements-lock.txt", "requirements-test-lock.txt", "pyproject.toml"):
        shutil.copy2(ROOT / name, course)
    shutil.copytree(ROOT / "notebooks" / "student", course / "notebooks" / "student")
    read_only(course / "notebooks", course / "notebooks" / "student", course)
    commands, home = commands_of(course), learner_home(shared)
    mine = home / "shanxi-in-transition"

    first = as_learner(lambda: print(commands.start_folder()), HOME=str(home))
    assert first == (f"This course is installed read-only for you, so you work in your own copy: {mine} "
                     f"({len(STUDENT)} notebook(s) copied, 0 of yours kept as they are).\n{mine}\n")
    edited = mine / STUDENT[1].name
    edited.write_text(edited.read_text(encoding="utf-8").replace('"cells": [', '"cells": [ ', 1), encoding="utf-8")
    work = edited.read_bytes()
    (mine / STUDENT[2].name).unlink()
    again = as_learner(lambda: print(commands.start_folder()), HOME=str(home))
    assert again.splitlines()[0] == (f"This course is installed read-only for you, so you work in your own copy: "
                                     f"{mine} (1 notebook(s) copied, {len(STUDENT) - 1} of yours kept as they are).")
    assert edited.read_bytes() == work and (mine / STUDENT[2].name).read_bytes() == STUDENT[2].read_bytes()

    def setup() -> None:
        try:
            commands.ensure_env(commands.LOCK)
        except commands.SetupError as err:
            print(err)
    assert as_learner(setup, HOME=str(home)) == (
        f"The course's environment in {course}/.venv needs setting up, but {course} is read-only for you: ask "
        "whoever installed the course to run `python3 course.py doctor` there.\n")


def test_the_copy_command_into_a_folder_the_learner_cannot_write_says_so_in_one_line(shared):
    from helpers import course  # imported before the fork (the child may not read the checkout's modules)

    target = shared / "read-only"
    target.mkdir()
    read_only(target)
    printed = as_learner(lambda: sys.exit(course.main(["copy", str(target), "--edition", "student"])))
    assert printed == (f"python -m helpers.course copy: cannot copy the notebooks into {target}: "
                       f"{target / STUDENT[0].name} cannot be written (Permission denied); choose a folder you can "
                       "write to (e.g. one in your home folder).\n")
    assert list(target.iterdir()) == []


# --- files a learner may not read or write ----------------------------------------------------------------------

@pytest.mark.parametrize("damaged", ["article_claims.csv", "datapackage.json"])
def test_an_unreadable_dataset_file(shared, damaged):
    folder = shared / "datasets"
    shutil.copytree(ROOT / "datasets", folder)
    (folder / damaged).chmod(0o000)
    data.load("places")  # imports pandas' readers here: the learner's child may not read this Python's files
    output = as_learner(lambda: data.load("article_claims"), SHANXI_DATASETS_DIR=str(folder))
    assert output.splitlines()[-1] == (f"helpers.errors.DatasetError: datasets/{damaged} cannot be read (permission "
                                       f"denied): make it readable with `chmod a+r datasets/{damaged}`, or ask "
                                       "whoever installed the course.")


def small_edition(shared: Path) -> tuple[list[Path], Path]:
    """Two real teacher notebooks and their student edition, generated in ``shared``."""
    teachers = [shutil.copy2(path, shared) for path in sorted((ROOT / "notebooks").glob("0[04]_*.ipynb"))]
    out = shared / "student"
    student_edition.build([Path(t) for t in teachers], out)
    return [Path(t) for t in teachers], out


def edit(notebook: Path) -> None:
    work = nbformat.read(notebook, as_version=4)
    work.cells.append(nbformat.v4.new_markdown_cell("my notes"))
    nbformat.write(work, notebook)


def test_a_read_only_student_folder(shared):
    teachers, out = small_edition(shared)
    edit(out / teachers[1].name)
    work = (out / teachers[1].name).read_bytes()
    read_only(out, *out.iterdir())
    output = as_learner(lambda: student_edition.main([*map(str, teachers), "--out", str(out)]))
    assert output.splitlines() == [
        *(f"NOT WRITTEN {out / t.name}: {out} is read-only for you (permission denied), so your notebook there is "
          "kept as it is. Make the folder writable, or write elsewhere with --out DIR." for t in teachers),
        f"NOT WRITTEN {out / '.manifest.json'} (Permission denied): the next run will treat every student notebook "
        "there as edited and keep it.",
    ]
    assert (out / teachers[1].name).read_bytes() == work


def test_a_damaged_student_manifest_keeps_every_edited_notebook(shared, capsys):
    teachers, out = small_edition(shared)
    edit(out / teachers[1].name)
    work = (out / teachers[1].name).read_bytes()
    (out / ".manifest.json").write_text("{", encoding="utf-8")
    student_edition.main([*map(str, teachers), "--out", str(out)])
    kept, new = out / teachers[1].name, (out / teachers[1].name).with_suffix(".new.ipynb")
    assert capsys.readouterr().out.splitlines() == [
        f"WARNING {out / '.manifest.json'} is damaged (Expecting property name enclosed in double quotes: line 1 "
        "column 2 (char 1)), so it cannot tell which student notebooks were edited: every one that differs from "
        "the new edition is kept as if edited. A new manifest is written.",
        f"wrote {out / teachers[0].name}",
        f"KEPT {kept}: it was edited since it was generated, so it was not overwritten. The new version is {new}; "
        "compare the two, keep your work, delete the other.",
    ]
    assert kept.read_bytes() == work and json.loads((out / ".manifest.json").read_text(encoding="utf-8"))


# --- authors ----------------------------------------------------------------------------------------------------

def test_executing_an_unchanged_notebook_again_leaves_it_byte_identical(tmp_path):
    notebook = tmp_path / "widgets.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell("import ipywidgets\nipywidgets.IntSlider(value=3)"),
                                       new_code_cell("ipywidgets.Checkbox()")]), notebook)
    execute_notebooks.execute(notebook)
    first = notebook.read_bytes()
    execute_notebooks.execute(notebook)
    assert notebook.read_bytes() == first
    assert len(execute_notebooks.widget_views(nbformat.read(notebook, as_version=4))) == 2
