"""deploy/gunicorn.conf.py's hooks, called as gunicorn calls them."""

import gc
import runpy
from pathlib import Path

CONFIG = Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py"


def test_the_master_freezes_what_the_preloaded_app_made_before_forking_its_workers():
    config = runpy.run_path(str(CONFIG))
    assert config["preload_app"] is True  # the app is in the master when when_ready runs, before the first fork
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    try:
        config["when_ready"](None)
        # what exists now (this test process's modules) is out of every later collection's walk
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
