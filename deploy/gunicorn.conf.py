"""gunicorn settings of innobelt in production (docs/deploy.md):

    gunicorn -c deploy/gunicorn.conf.py innobelt.wsgi

nginx in front serves /static/ and proxies the rest to `bind`. Each value can be changed through the
environment named beside it, so one file serves every machine.
"""

import gc
import multiprocessing
import os

# One BLAS thread per process, set before the preloaded app imports numpy: a request's matrix products (the
# query's encoding, the scores) are small, the worker's threads are the parallelism, and the matching engine
# otherwise caps OpenBLAS's process-wide thread count around each query from four threads at once (ADR 0024).
for _threads in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
    os.environ.setdefault(_threads, "1")

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Threads per worker: requests mostly wait on PostgreSQL and Redis; processes for the CPU (matching, pages).
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", str(min(2 * multiprocessing.cpu_count() + 1, 9))))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# The app is imported once in the master before the fork: the matching index and the encoder's weights,
# memory-mapped, are shared by the workers. innobelt/wsgi.py closes every database connection it opened
# at start-up (the demo password check), so no worker inherits one.
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))  # exports and PDFs stay under it; imports run on Celery
graceful_timeout = 30
# No keep-alive: every request comes on its own connection, taken by whichever worker is free to accept it.
# A kept connection stays with the worker that accepted it: eight of them split 2/6 between two workers as often as
# 4/4, and the busier worker's requests waited while the other's core idled (the workbench's p95 5.9-10.8x the
# floor's over six identical runs, 6.9-8.7x over nine without, at the same requests a second; ADR 0024, ninth
# round). nginx in front opens a connection per request (deploy/nginx.conf keeps none to the upstream).
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "0"))
# A worker is replaced after this many requests (bounded memory growth), the jitter spreads the restarts.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))  # 0: never (bench/bench_pages.py)
max_requests_jitter = 200
# Only nginx on this machine (or the load balancer named in TRUSTED_PROXIES) may set X-Forwarded-*.
forwarded_allow_ips = os.environ.get("TRUSTED_PROXIES", "127.0.0.1").replace(" ", "")
# The request line and headers are bounded here too; bodies are bounded by nginx and the app's edge (ADR 0009).
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms rid=%({x-request-id}o)s'
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None


def child_exit(server, worker):
    """With PROMETHEUS_MULTIPROC_DIR (innobelt-web.service sets it), a dead worker's gauges leave the sums."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


def when_ready(server):
    """In the master, with the app preloaded and before the first fork: the objects loaded so far (the URLconf, every
    app's modules, the schemas, the matching engine's tables; about 300,000 tracked by the garbage collector) go to
    its permanent generation. Without this, each worker's full collection walks them all again: 0.3-0.8 s during
    which its threads answer nothing, the tail of the load table's signed-in rows (ADR 0024, third round). The
    workers inherit the frozen objects and still collect what they create themselves."""
    gc.collect()
    gc.freeze()
