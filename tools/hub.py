"""Run the course's JupyterHub for a class, and drive one as a learner would (for tests and measurements).

    python -m tools.hub                 start the hub on http://127.0.0.1:8000 (Ctrl-C stops it and every server)
    SHANXI_HUB_IP=0.0.0.0 SHANXI_HUB_PASSWORD=... python -m tools.hub    the same, open to the classroom network

It needs JupyterHub (pinned in requirements-test-lock.txt) and configurable-http-proxy from npm, which it installs
into .hub/node_modules on first use (Node.js 18+ needed). The configuration is tools/hub_config.py.

:class:`Hub` starts a hub on free loopback ports in a temporary folder and stops it (and every learner's server) at
the end; :class:`Learner` logs in through the login form, waits for the server, opens a notebook and runs its code
cells over the Jupyter REST and kernel websocket APIs.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import requests
import websocket

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "tools" / "hub_config.py"
PROXY_VERSION = "5.3.0"  # configurable-http-proxy on npm
PROXY_PREFIX = ROOT / ".hub"
PROXY_BIN = PROXY_PREFIX / "node_modules" / ".bin" / "configurable-http-proxy"


class HubError(RuntimeError):
    """The hub or a learner's server did not do what was asked; the message says what and where."""


def proxy_command() -> Path:
    """configurable-http-proxy: the one on PATH, or the pinned one installed from npm into .hub/ on first use."""
    found = shutil.which("configurable-http-proxy")
    if found:
        return Path(found)
    if not PROXY_BIN.exists():
        if not shutil.which("npm"):
            raise HubError("JupyterHub needs configurable-http-proxy from npm, and npm is not installed. Install "
                           "Node.js 18 or newer (e.g. `sudo apt-get install nodejs npm`) and try again.")
        print(f"Installing configurable-http-proxy {PROXY_VERSION} from npm into {PROXY_PREFIX} ...", flush=True)
        subprocess.run(["npm", "install", "--silent", "--no-save", "--no-audit", "--no-fund", "--prefix",
                        str(PROXY_PREFIX), f"configurable-http-proxy@{PROXY_VERSION}"], check=True)
    return PROXY_BIN


def _jupyterhub() -> Path:
    path = Path(sys.executable).parent / "jupyterhub"
    if not path.exists():
        raise HubError("JupyterHub is not installed in this environment. Install the pinned version with "
                       "`.venv/bin/pip install -r requirements-test-lock.txt` (or `pip install jupyterhub==6.1.1`).")
    return path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Hub:
    """A JupyterHub on 127.0.0.1 with its state in ``state``; use as a context manager (stops everything)."""

    def __init__(self, state: Path, start_timeout: float = 120.0) -> None:
        self.state = state
        self.start_timeout = start_timeout
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.token = secrets.token_hex(16)
        self.log_path = state / "jupyterhub.log"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Hub:
        self.state.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "SHANXI_HUB_STATE": str(self.state), "SHANXI_HUB_PORT": str(self.port),
               "SHANXI_HUB_API_PORT": str(_free_port()), "SHANXI_HUB_PROXY_API_PORT": str(_free_port()),
               "SHANXI_HUB_PROXY": str(proxy_command()), "SHANXI_HUB_SERVICE_TOKEN": self.token,
               "SHANXI_HUB_IP": "127.0.0.1"}
        env.pop("SHANXI_HUB_PASSWORD", None)
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen([str(_jupyterhub()), "-f", str(CONFIG)], cwd=self.state, env=env,
                                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            self._wait_until_up()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise HubError(f"JupyterHub exited with code {self.process.returncode}; see {self.log_path}:\n"
                               + self.log_tail())
            with contextlib.suppress(requests.ConnectionError):
                if requests.get(f"{self.url}/hub/api/", timeout=5).ok:
                    return
            time.sleep(0.3)
        raise HubError(f"JupyterHub did not answer within {self.start_timeout:.0f} s; see {self.log_path}")

    def log_tail(self, lines: int = 30) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def api(self, method: str, path: str, **kwargs) -> requests.Response:
        """Call the hub's REST API as the admin service."""
        response = requests.request(method, f"{self.url}/hub/api{path}", timeout=30,
                                    headers={"Authorization": f"token {self.token}"}, **kwargs)
        if not response.ok:
            raise HubError(f"{method} /hub/api{path} answered {response.status_code}: {response.text[:300]}")
        return response

    def server_pid(self, user: str) -> int:
        """Process id of a learner's single-user server (the local spawner's state)."""
        model = self.api("GET", f"/users/{user}", params={"include_stopped_servers": "0"}).json()
        return int(model["servers"][""]["state"]["pid"])

    def __exit__(self, *_exc) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)  # the hub stops learners' servers and the proxy (cleanup_servers)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


class Learner:
    """One learner in a browser-like session: log in, wait for the server, open and run notebooks."""

    def __init__(self, hub: Hub, name: str, password: str = "any password") -> None:
        self.hub, self.name, self.password = hub, name, password
        self.session = requests.Session()
        self.base = f"{hub.url}/user/{name}"
        self.token = ""

    def log_in(self, logged_in: Callable[[], None] | None = None) -> requests.Response:
        """Submit the login form and follow it to the spawn page, as a browser does (this starts the server);
        ``logged_in`` is called when the form has answered."""
        self.session.get(f"{self.hub.url}/hub/login", timeout=30).raise_for_status()
        xsrf = self.session.cookies.get("_xsrf", path="/hub/")
        response = self.session.post(f"{self.hub.url}/hub/login?next=", timeout=120, allow_redirects=False,
                                     data={"username": self.name, "password": self.password, "_xsrf": xsrf})
        if response.status_code != 302:
            raise HubError(f"login of {self.name} answered {response.status_code}, not a redirect")
        if logged_in:
            logged_in()
        spawn = self.session.get(f"{self.hub.url}/hub/spawn", timeout=120)  # where the login redirect leads
        spawn.raise_for_status()
        return spawn

    def wait_for_server(self, timeout: float = 300.0) -> None:
        """Wait until the learner's server is ready (asking the hub twice a second, as a spawn page's progress
        bar hears about it); then get an API token for it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            server = self.hub.api("GET", f"/users/{self.name}").json()["servers"].get("")
            if server and server.get("ready"):
                break
            time.sleep(0.5)
        else:
            raise HubError(f"{self.name}'s server was not ready within {timeout:.0f} s:\n{self.hub.log_tail()}")
        self.token = self.hub.api("POST", f"/users/{self.name}/tokens",
                                  json={"note": "course measurement", "expires_in": 3600}).json()["token"]

    def get(self, path: str, **kwargs) -> requests.Response:
        """GET a path of the learner's server in their browser session (cookies from the login)."""
        return self.session.get(f"{self.base}{path}", timeout=60, **kwargs)

    def _api(self, method: str, path: str, **kwargs) -> requests.Response:
        response = requests.request(method, f"{self.base}/api{path}", timeout=60,
                                    headers={"Authorization": f"token {self.token}"}, **kwargs)
        if not response.ok:
            raise HubError(f"{method} {self.base}/api{path} answered {response.status_code}: {response.text[:300]}")
        return response

    def notebook_cells(self, path: str) -> list[str]:
        """The code cells of a notebook in the learner's home, read through the contents API."""
        model = self._api("GET", f"/contents/{path}", params={"content": "1"}).json()
        return ["".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
                for cell in model["content"]["cells"] if cell["cell_type"] == "code"]

    def open_kernel(self, path: str, timeout: float = 300.0) -> KernelSession:
        """Open ``path`` in a kernel session (as JupyterLab does), connected over the kernel websocket and answering
        (kernel_info), ready to run code; close it when done."""
        session = self._api("POST", "/sessions", json={"path": path, "type": "notebook", "name": path,
                                                      "kernel": {"name": "python3"}}).json()
        kernel = session["kernel"]["id"]
        ws_url = self.base.replace("http://", "ws://") + f"/api/kernels/{kernel}/channels"
        conn = websocket.create_connection(ws_url, timeout=timeout, suppress_origin=True,
                                           header=[f"Authorization: token {self.token}"])
        connected = KernelSession(self.name, path, kernel, conn, timeout)
        try:
            connected.request("kernel_info_request", {}, "kernel_info_reply")
        except BaseException:
            connected.close()
            raise
        return connected

    def run_notebook(self, path: str, timeout: float = 300.0,
                     kernel_ready: Callable[[], None] | None = None,
                     then: Callable[[KernelSession], None] | None = None) -> tuple[str, list[str]]:
        """Open ``path`` in a kernel session and run every code cell in order, stopping at the first error;
        ``kernel_ready`` is called once the kernel answers, ``then`` with the session after the last cell (when no
        cell failed). Returns the session's kernel id and the errors (empty when every cell ran)."""
        cells = self.notebook_cells(path)
        with self.open_kernel(path, timeout) as kernel:
            if kernel_ready:
                kernel_ready()
            errors = kernel.run_cells(cells)
            if then and not errors:
                then(kernel)
        return kernel.kernel_id, errors

    def stop_kernel(self, kernel: str) -> None:
        self._api("DELETE", f"/kernels/{kernel}")


SLIDERS = {"IntSliderModel", "FloatSliderModel"}  # ipywidgets model names of the explorers' sliders


class KernelSession:
    """A notebook's kernel, as a browser tab holds it: one websocket, the widgets the kernel has opened (comm id →
    state, kept up to date from the kernel's messages), code execution and widget changes."""

    def __init__(self, user: str, path: str, kernel_id: str, conn: websocket.WebSocket, timeout: float) -> None:
        self.user, self.path, self.kernel_id, self.conn, self.timeout = user, path, kernel_id, conn, timeout
        self.client_session = uuid.uuid4().hex
        self.widgets: dict[str, dict] = {}

    def __enter__(self) -> KernelSession:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    def send(self, msg_type: str, content: dict) -> str:
        """Send a shell message; return its id."""
        msg_id = uuid.uuid4().hex
        self.conn.send(json.dumps({
            "header": {"msg_id": msg_id, "username": self.user, "session": self.client_session,
                       "msg_type": msg_type, "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [], "content": content}))
        return msg_id

    def receive(self, deadline: float) -> dict:
        """The next message from the kernel (widget openings and updates recorded on the way)."""
        if time.monotonic() > deadline:
            raise HubError(f"{self.user}: {self.path}'s kernel did not answer before the deadline")
        message = json.loads(self.conn.recv())
        content = message.get("content", {})
        if message.get("msg_type") == "comm_open" and content.get("target_name") == "jupyter.widget":
            self.widgets[content["comm_id"]] = dict(content["data"].get("state", {}))
        elif message.get("msg_type") == "comm_msg" and content.get("data", {}).get("method") == "update":
            self.widgets.setdefault(content["comm_id"], {}).update(content["data"].get("state", {}))
        return message

    def request(self, msg_type: str, content: dict, reply_type: str) -> dict:
        """Send a shell request and wait for its reply; return the reply's content."""
        msg_id = self.send(msg_type, content)
        deadline = time.monotonic() + self.timeout
        while True:
            message = self.receive(deadline)
            if (message.get("channel") == "shell" and message["msg_type"] == reply_type
                    and message["parent_header"].get("msg_id") == msg_id):
                return message["content"]

    def run_cells(self, cells: list[str]) -> list[str]:
        """Run code cells in order (Run All), stopping at the first error; return the errors (empty: all ran)."""
        for index, code in enumerate(cells):
            reply = self.request("execute_request", {
                "code": code, "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False,
                "stop_on_error": True}, "execute_reply")
            if reply["status"] != "ok":
                return [f"{self.path} code cell {index + 1}: {reply.get('ename')}: {reply.get('evalue')}"]
        return []

    def move_slider(self) -> str:
        """Move the first slider the notebook shows by one step, as a learner's browser does (a ``comm_msg`` that
        updates the slider widget's ``value``), and wait until the kernel sends the explorer's new figure (an
        update of a widget holding a PNG that differs from the one shown before). Returns what moved."""
        sliders = [(comm, state) for comm, state in self.widgets.items() if state.get("_model_name") in SLIDERS]
        if not sliders:
            raise HubError(f"{self.user}: {self.path} showed no slider widget after Run All")
        comm, state = sliders[0]
        value, step = state["value"], state.get("step") or 1
        moved = value + step if value + step <= state["max"] else value - step
        if state["_model_name"] == "FloatSliderModel":
            moved = round(moved, 10)
        shown = {c: s.get("value") for c, s in self.widgets.items() if _png_in(s.get("value"))}
        self.send("comm_msg", {"comm_id": comm, "data": {"method": "update", "state": {"value": moved},
                                                         "buffer_paths": []}})
        deadline = time.monotonic() + self.timeout
        while True:
            message = self.receive(deadline)
            content = message.get("content", {})
            if message.get("msg_type") == "error" or (message.get("msg_type") == "stream"
                                                      and "Traceback" in content.get("text", "")):
                raise HubError(f"{self.user}: moving slider {state.get('description')!r} failed: "
                               f"{content.get('evalue') or content.get('text', '')[-300:]}")
            new = content.get("data", {}).get("state", {}).get("value")
            if (message.get("msg_type") == "comm_msg" and _png_in(new) and new != shown.get(content["comm_id"])):
                return f"{state.get('description') or 'slider'} {value} → {moved}"
            if message.get("msg_type") == "display_data" and "image/png" in content.get("data", {}):
                return f"{state.get('description') or 'slider'} {value} → {moved}"


def _png_in(value: object) -> bool:
    """True for an explorer figure's HTML (an ``<img>`` holding a PNG)."""
    return isinstance(value, str) and "data:image/png;base64," in value



def main() -> None:
    os.environ.setdefault("SHANXI_HUB_PROXY", str(proxy_command()))
    ip = os.environ.get("SHANXI_HUB_IP", "127.0.0.1")
    print(f"JupyterHub for the course on http://{ip}:{os.environ.get('SHANXI_HUB_PORT', '8000')} (Ctrl-C stops it)."
          + ("" if os.environ.get("SHANXI_HUB_PASSWORD") else
             " Test login: any name and any password get in; set SHANXI_HUB_PASSWORD for a class password."),
          flush=True)
    os.execv(_jupyterhub(), [str(_jupyterhub()), "-f", str(CONFIG)])


if __name__ == "__main__":
    try:
        main()
    except HubError as err:
        sys.exit(str(err))
