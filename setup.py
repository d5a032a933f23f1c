"""The one build step setup.cfg cannot declare: the top-level files a wheel must carry.

The metadata and dependencies live in setup.cfg. Two things sit beside the
package rather than in it, so that a checkout reads naturally: ``migrations/``
(Flask-Migrate's usual place) and ``gunicorn.conf.py`` (gunicorn's usual
name). An installed wheel has no checkout, so building one copies them into
the package: ``blogapp/_migrations/`` (where blogapp.storage.migrations looks
first) and ``blogapp/gunicorn_conf.py`` (``gunicorn --config
python:blogapp.gunicorn_conf``). An editable install (``pip install -e .``)
copies nothing and reads the checkout's own files.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
# (source in the checkout, destination inside the built package)
CARRIED = [("migrations", "blogapp/_migrations"), ("gunicorn.conf.py", "blogapp/gunicorn_conf.py")]


class build_py_with_checkout_files(build_py):
    """build_py, then the checkout's migrations and gunicorn settings into the built package."""

    def run(self):
        super().run()
        if self.editable_mode:
            return
        for source, destination in CARRIED:
            target = Path(self.build_lib, destination)
            if (HERE / source).is_dir():
                shutil.rmtree(target, ignore_errors=True)
                shutil.copytree(HERE / source, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(HERE / source, target)


setup(cmdclass={"build_py": build_py_with_checkout_files})
