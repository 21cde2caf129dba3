"""JupyterLab configuration for the course, loaded by ``python3 course.py start`` (``jupyter lab --config=...``).

* custom/custom.css (LabApp.custom_css): the bundled font as the browser's fallback for 汉字. JupyterLab serves
  /custom/ from the folders in ``static_custom_path``: custom/ here and helpers/fonts/ (the font itself).
* lab-settings/overrides.json (LabApp.app_settings_dir): default settings, so no "Jupyter news?" question appears.
* No announcements fetched and no update check: nothing goes to the internet.
"""

from pathlib import Path

HERE = Path(__file__).resolve().parent
c = get_config()  # noqa: F821 - defined by traitlets when it loads this file

c.LabApp.custom_css = True
c.ServerApp.tornado_settings = {"static_custom_path": [str(HERE / "custom"), str(HERE.parent / "fonts")]}
c.LabApp.app_settings_dir = str(HERE / "lab-settings")
c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"
