"""The classroom JupyterHub (tools/hub_config.py) for real: JupyterHub from the test lock, configurable-http-proxy
from npm, the test authenticator and the local spawner, on 127.0.0.1 only. One learner logs in through the login
form, gets a JupyterLab server in a writable copy of the student edition, opens notebook 01, runs it and moves an
explorer slider (the kernel sends the new figure)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import psutil
import pytest

from tools.hub import Hub, Learner

ROOT = Path(__file__).resolve().parent.parent
STUDENT = ROOT / "notebooks" / "student"

pytestmark = pytest.mark.skipif(not (shutil.which("configurable-http-proxy") or shutil.which("npm")),
                                reason="needs npm (Node.js) for configurable-http-proxy")


def test_a_learner_logs_in_and_runs_a_student_notebook_in_a_writable_copy(tmp_path):
    state = tmp_path / "hub"
    home = state / "home" / "ada"
    home.mkdir(parents=True)
    (home / "00_start_here.ipynb").write_text('{"my": "work"}')  # the learner's own edit must survive
    with Hub(state) as hub:
        learner = Learner(hub, "ada")
        assert "/hub/spawn-pending/ada" in learner.log_in().url
        learner.wait_for_server()
        server_pid = hub.server_pid("ada")
        assert psutil.Process(server_pid).cwd() == str(home)

        page = learner.get("/lab/tree/01_energy_transition.ipynb")
        assert page.status_code == 200 and page.url.endswith("/user/ada/lab/tree/01_energy_transition.ipynb")
        assert "JupyterLab" in page.text

        moved: list[str] = []  # then an explorer's slider moves one step (the comm message a browser sends)
        kernel, errors = learner.run_notebook("01_energy_transition.ipynb",
                                              then=lambda k: moved.append(k.move_slider()))
        assert errors == [] and len(moved) == 1 and "→" in moved[0]
        learner.stop_kernel(kernel)
    assert not psutil.pid_exists(server_pid) or psutil.Process(server_pid).status() == psutil.STATUS_ZOMBIE
    copied = sorted(p.name for p in home.glob("*.ipynb"))
    assert copied == sorted(p.name for p in STUDENT.glob("*.ipynb"))
    assert json.loads((home / "00_start_here.ipynb").read_text()) == {"my": "work"}
    fresh = "02_poverty_alleviation.ipynb"
    assert (home / fresh).read_bytes() == (STUDENT / fresh).read_bytes()
