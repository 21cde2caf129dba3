"""Copy the course's notebooks into a folder of your own, never overwriting a file that is already there.

    python -m helpers.course copy DIR --edition student     the student edition (exercises to do), into DIR
    python -m helpers.course copy DIR --edition teacher     the teacher edition (worked solutions, teacher notes)

The notebooks import the installed ``helpers`` package, so a copy works in any folder, without the repository.
Running the command again copies only what is missing (a deleted notebook comes back) and keeps every notebook
already in DIR byte for byte, one line each. A problem is one line on stderr, never a traceback: exit code 1 for
a folder that cannot be written, 2 for a command-line mistake (an unknown edition, a missing DIR).

The same :func:`copy_edition` gives each JupyterHub learner their copy (tools/hub_config.py) and each learner of
a shared read-only install theirs (``python3 course.py start``). Standard library only: ``course.py`` imports it
before the course's environment exists.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

__all__ = ["EDITIONS", "CopyError", "Copied", "copy_edition", "copy_notebooks", "edition_dir", "main", "notebooks_dir"]

EDITIONS = {"student": "student", "teacher": "."}  # edition → its folder inside notebooks/
NOTEBOOK = re.compile(r"\d\d_\w+\.ipynb")  # a course notebook (not NN_topic.new.ipynb, not a checkpoint)


class CopyError(Exception):
    """The copy cannot be made; the message is one line: the folder, what is wrong and what to do."""


@dataclass
class Copied:
    """What a copy did: notebook file names ``copied`` into ``target`` and those ``kept`` (already there)."""

    target: Path
    copied: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """One line per notebook, for a person: what was copied and what was kept as it was."""
        return ([f"copied {self.target / name}" for name in self.copied]
                + [f"kept {self.target / name} (already there: never overwritten)" for name in self.kept])


def notebooks_dir() -> Path:
    """The course's notebooks/ folder: ``helpers/notebooks`` in an installed wheel (see pyproject.toml), else
    ``notebooks/`` at the top of the checkout (a checkout or an editable install)."""
    packaged = Path(str(resources.files("helpers"))) / "notebooks"
    return packaged if packaged.is_dir() else packaged.parent.parent / "notebooks"


def edition_dir(edition: str) -> Path:
    """The folder holding the notebooks of ``edition`` (``student`` or ``teacher``)."""
    if edition not in EDITIONS:
        raise CopyError(f"unknown edition {edition!r}: choose {' or '.join(EDITIONS)}.")
    return (notebooks_dir() / EDITIONS[edition]).resolve()


def copy_notebooks(source: Path, target: Path) -> Copied:
    """Copy the course notebooks of ``source`` into ``target`` (created if needed); a file already in ``target``
    is kept untouched (created exclusively, so even a file written meanwhile is never replaced)."""
    notebooks = sorted(p for p in source.glob("*.ipynb") if NOTEBOOK.fullmatch(p.name))
    if not notebooks:
        raise CopyError(f"no notebooks found in {source}: the course is incomplete; reinstall it "
                        f"(`pip install shanxi-in-transition`, or download the course again).")
    done = Copied(target)
    try:
        target.mkdir(parents=True, exist_ok=True)
        for notebook in notebooks:
            try:
                dst = (target / notebook.name).open("xb")
            except FileExistsError:
                done.kept.append(notebook.name)
                continue
            try:
                with notebook.open("rb") as src, dst:
                    shutil.copyfileobj(src, dst)
            except OSError:
                (target / notebook.name).unlink()  # ours, half written (a full disk): never leave it to be "kept"
                raise
            done.copied.append(notebook.name)
    except OSError as err:
        where = Path(err.filename or target)
        into = f": {target}" if where == target else f" into {target}: {where}"
        raise CopyError(f"cannot copy the notebooks{into} {_why(err)}; choose a folder you can write to (e.g. one "
                        f"in your home folder).") from None
    return done


def _why(err: OSError) -> str:
    if isinstance(err, FileExistsError):
        return "is a file, not a folder"
    if isinstance(err, NotADirectoryError):
        return "has a file, not a folder, in its path"
    return f"cannot be written ({err.strerror or err})"


def copy_edition(target: Path | str, edition: str = "student") -> Copied:
    """Copy the notebooks of ``edition`` into ``target``, keeping every file already there (:func:`copy_notebooks`)."""
    return copy_notebooks(edition_dir(edition), Path(target).expanduser())


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, not argparse's usage block
        self.exit(2, f"{self.prog}: {message} (see `{self.prog} --help`)\n")


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="python -m helpers.course", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    copy = commands.add_parser("copy", help="copy the notebooks of an edition into DIR (never overwrites a file)")
    copy.add_argument("dir", type=Path, metavar="DIR", help="the folder to copy into (created if missing)")
    copy.add_argument("--edition", choices=list(EDITIONS), default="student", help="default: student")
    args = parser.parse_args(argv)
    try:
        done = copy_edition(args.dir, args.edition)
    except CopyError as err:
        print(f"{parser.prog} copy: {err}", file=sys.stderr)
        return 1
    print("\n".join(done.lines()))
    print(f"{len(done.copied)} notebook(s) of the {args.edition} edition copied into {done.target}, "
          f"{len(done.kept)} kept as they were. Open them with `jupyter lab {done.target}`.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
