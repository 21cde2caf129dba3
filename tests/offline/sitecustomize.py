"""Network guard for test runs: with SHANXI_OFFLINE=1, any Python process started by the tests (notebook
kernels, JupyterLab, Voila) may only connect to this machine. A notebook, helper or app that tries to
fetch anything at run time then fails loudly instead of silently needing the internet.

Loaded because tests/conftest.py puts this folder first on PYTHONPATH for the processes the tests start.
"""

import os
import socket

LOCAL_HOSTS = {"127.0.0.1", "::1", "localhost", "0.0.0.0", "::"}


def _refuse(target: object) -> None:
    raise OSError(f"network access is disabled during the course's tests (attempted: {target!r})")


if os.environ.get("SHANXI_OFFLINE") == "1":
    _connect, _connect_ex, _getaddrinfo = socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo

    def _is_remote(sock: socket.socket, address: object) -> bool:
        inet = sock.family in (socket.AF_INET, socket.AF_INET6)
        return inet and isinstance(address, tuple) and address[0] not in LOCAL_HOSTS

    def connect(self: socket.socket, address: object) -> None:
        if _is_remote(self, address):
            _refuse(address)
        return _connect(self, address)

    def connect_ex(self: socket.socket, address: object) -> int:
        if _is_remote(self, address):
            _refuse(address)
        return _connect_ex(self, address)

    def getaddrinfo(host: object, *args: object, **kwargs: object) -> list:
        if host not in LOCAL_HOSTS and host is not None:
            _refuse(host)
        return _getaddrinfo(host, *args, **kwargs)

    socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo = connect, connect_ex, getaddrinfo
