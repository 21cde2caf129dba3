"""Shared test setup: every process the tests start runs offline (see tests/offline/sitecustomize.py)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent
OFFLINE_DIR = ROOT / "tests" / "offline"

os.environ["SHANXI_OFFLINE"] = "1"
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(OFFLINE_DIR), os.environ.get("PYTHONPATH")]))
