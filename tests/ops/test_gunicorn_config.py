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


def test_the_workers_run_one_blas_thread_each(monkeypatch):
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):  # set, then removed: restored as they were after
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    runpy.run_path(str(CONFIG))
    import os

    assert os.environ["OPENBLAS_NUM_THREADS"] == os.environ["OMP_NUM_THREADS"] == "1"
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "2")  # an operator's own choice stays
    runpy.run_path(str(CONFIG))
    assert os.environ["OPENBLAS_NUM_THREADS"] == "2"


def test_no_connection_is_kept_so_each_request_goes_to_a_free_worker(monkeypatch):
    monkeypatch.delenv("GUNICORN_KEEPALIVE", raising=False)
    config = runpy.run_path(str(CONFIG))
    # a kept connection stays with the worker that accepted it, however busy (ADR 0024, ninth round)
    assert config["keepalive"] == 0
    nginx = (CONFIG.parent / "nginx.conf").read_text()
    upstream = nginx[nginx.index("upstream innobelt {"):nginx.index("}", nginx.index("upstream innobelt {"))]
    assert not [line for line in upstream.splitlines() if line.strip().startswith("keepalive")]
    assert 'Connection ""' not in (CONFIG.parent / "innobelt-proxy.conf").read_text()
