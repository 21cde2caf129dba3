"""JupyterHub configuration for a class on one machine: `python -m tools.hub` (or `jupyterhub -f tools/hub_config.py`).

Every learner logs in at http://127.0.0.1:8000 and gets a JupyterLab server of their own, started in a writable
copy of the student edition (``<state>/home/<username>``, copied on first start, never overwritten), with the
course's packages from the environment this hub runs in. docs/classroom-setup.md has the whole setup.

Settings (environment variables, all optional):
    SHANXI_HUB_STATE     folder for the hub's database, cookie secret and learners' homes (default: .hub/)
    SHANXI_HUB_PORT      public port (default 8000); SHANXI_HUB_API_PORT (8081) and SHANXI_HUB_PROXY_API_PORT
                         (8001) are the hub's and the proxy's internal ports
    SHANXI_HUB_IP        address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 for a classroom)
    SHANXI_HUB_PASSWORD  a class password (8+ characters): every learner logs in with any name and this password.
                         Without it the hub uses the test authenticator: ANY name and ANY password get in.
    SHANXI_HUB_PROXY     the configurable-http-proxy command (default: found by tools/hub.py)
    SHANXI_HUB_SERVICE_TOKEN  an admin API token for tools/hub.py's tests and measurements

Authenticators: the test one (dummy) and the shared class password are for a classroom network you trust. For
real accounts use PAM (learners with accounts on this machine, with ``c.JupyterHub.spawner_class =
"localprocess"``), jupyterhub-nativeauthenticator (learners sign up, the teacher approves) or oauthenticator
(school Google, Microsoft or GitHub accounts). The spawner here runs every learner as the hub's own OS user,
with no isolation between learners: fine for a class on one teacher-run machine, not for strangers.
"""

import os
import sys
from pathlib import Path

from helpers.course import copy_edition

ROOT = Path(__file__).resolve().parent.parent
STATE = Path(os.environ.get("SHANXI_HUB_STATE", ROOT / ".hub")).resolve()
BIN = Path(sys.executable).parent


def copy_student_edition(spawner) -> None:
    """Give the learner a writable copy of the student notebooks in their home, keeping every file already there
    (their work is never overwritten): ``helpers.course.copy_edition``, as ``python -m helpers.course copy``."""
    done = copy_edition(spawner.home_dir, "student")
    if done.kept:
        spawner.log.info("%s: kept the learner's own %s", spawner.user.name, ", ".join(done.kept))


c = get_config()  # noqa: F821 - JupyterHub defines get_config when it loads this file
STATE.mkdir(parents=True, exist_ok=True)

c.JupyterHub.ip = os.environ.get("SHANXI_HUB_IP", "127.0.0.1")
c.JupyterHub.port = int(os.environ.get("SHANXI_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ.get("SHANXI_HUB_API_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ.get('SHANXI_HUB_PROXY_API_PORT', '8001')}"
if os.environ.get("SHANXI_HUB_PROXY"):
    c.ConfigurableHTTPProxy.command = [os.environ["SHANXI_HUB_PROXY"]]
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every learner's server

if os.environ.get("SHANXI_HUB_PASSWORD"):
    c.JupyterHub.authenticator_class = "shared-password"
    c.SharedPasswordAuthenticator.user_password = os.environ["SHANXI_HUB_PASSWORD"]
else:
    c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True

c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(STATE / "home" / "{username}")
c.Spawner.pre_spawn_hook = copy_student_edition
c.Spawner.cmd = [str(BIN / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab/tree/00_start_here.ipynb"
c.Spawner.environment = {"PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
                         # the test suite's network guard (tests/offline) reaches the learners' kernels too
                         **{k: os.environ[k] for k in ("SHANXI_OFFLINE",) if k in os.environ}}
c.Spawner.args = [
    "--LabApp.news_url=None",
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []),
]
c.Spawner.start_timeout = 300  # seconds; 30 learners starting at once on 2 cores queue for the CPU
c.Spawner.http_timeout = 300

if os.environ.get("SHANXI_HUB_SERVICE_TOKEN"):
    c.JupyterHub.services = [{"name": "shanxi-class", "api_token": os.environ["SHANXI_HUB_SERVICE_TOKEN"]}]
    c.JupyterHub.load_roles = [{
        "name": "shanxi-class",
        "scopes": ["admin:users", "admin:servers", "admin:server_state", "tokens", "access:servers"],
        "services": ["shanxi-class"],
    }]
