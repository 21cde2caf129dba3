#!/usr/bin/env python3
"""Project commands for Shanxi in Transition. Needs only Python >= 3.11 and pip.

    python3 course.py start        set up (first time) and open the course in JupyterLab
    python3 course.py test         set up (first time) and run every test
    python3 course.py execute      re-run the teacher notebooks and save their outputs (authors)
    python3 course.py student      (re)generate the student edition in notebooks/student/
    python3 course.py pacing       recompute each notebook's time per section; update headers, index, guide
    python3 course.py datapackage  rebuild datasets/datapackage.json and the data dictionary
    python3 course.py app NAME     open one what-if explorer as a web app (Voila) on 127.0.0.1
    python3 course.py bench        measure speed and memory, write docs/performance.md
    python3 course.py site         build the course website and printable handouts into build/site (offline)
    python3 course.py nbgrader     write an nbgrader course from the teacher notebooks to nbgrader-course/
    python3 course.py class-report per exercise, how many students passed (reads nbgrader-course/gradebook.db)
    python3 course.py results DIR  class table and figure from the files learners wrote with checks.export()
    python3 course.py doctor       check this machine before class
    python3 course.py wheelhouse DIR  download every wheel the course needs into DIR (offline classrooms)

The environment is a virtual environment in .venv, installed from the pinned requirements-lock.txt (and, for
`test`, `bench`, `site`, `nbgrader` and `class-report`, requirements-test-lock.txt). It is rebuilt when the
Python running this script changes or an earlier setup was interrupted, and reinstalled when a lock file or
pyproject.toml change. On a shared read-only install, `start` opens each learner's own copy of the student
edition in their home folder. The last line `start` prints is the link to the first notebook.
"""

# This file must parse on any Python (2.7 included) so that an old one is told which version is needed: the
# commands themselves live in tools/course_commands.py, imported only after the version check.
import platform
import sys

if sys.version_info < (3, 11):  # noqa: UP036 - this script may be started by an older python3
    sys.exit("Python 3.11 or newer is needed; this is Python " + platform.python_version() + " ("
             + sys.executable + "). Install Python 3.11 or newer and run this command with it.")

from tools.course_commands import COMMANDS, main  # noqa: F401 - imported only after the version check

if __name__ == "__main__":
    main(sys.argv[1:], __doc__)
