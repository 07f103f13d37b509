"""gunicorn's settings for the live site, and for the benchmarks, which measure under exactly these.

    gunicorn -c config/gunicorn.py            # the site, on GUNICORN_BIND (default 127.0.0.1:8000)

Production (deploy/systemd/stepping-stones-web@.service), the stack test (tests/deploy/stack.py) and the
benchmarks all start gunicorn with this file; only GUNICORN_BIND and GUNICORN_WORKERS differ.

The app is loaded once in the master before it forks its workers (`preload_app`), with every view and
every template of the site's own (config/preload.py): the workers share that code and those compiled
templates page by page instead of each holding a copy, and a worker that is restarted is ready at once.
`gc.freeze()` before each fork moves everything loaded so far out of the garbage collector's reach, so
its passes in a worker never write to (and so never copy) those shared pages. The price: code changes
need a restart of the master (`systemctl restart`), not a HUP alone.
"""

import functools
import gc
import os

wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Two cores: two synchronous workers keep both busy on CPU-bound pages; more would only take memory.
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
preload_app = True
# A request still running after a minute is stuck: its worker is replaced. Stopping, a worker has 30 s to
# finish the request in hand.
timeout = 60
graceful_timeout = 30
# A worker is replaced after about 20,000 requests, so a slow leak never grows; the jitter keeps the workers
# from being replaced all at once. Not much sooner: a new worker starts with none of the copies of stored
# pages and admin menus the old one kept (common/page_cache.py, common/admin_sidebar.py), and stored pages
# are served at thousands a second.
max_requests = 20_000
max_requests_jitter = 2_000
# The workers' heartbeat files in memory: a slow or full disk never makes a busy worker look stuck.
worker_tmp_dir = "/dev/shm"  # noqa: S108 (a fixed system folder, not a temporary file)
# Off: its lines carry the query string, which people type (operations/logs.py logs each request).
accesslog = None
# No `gunicornc` socket: systemd starts and stops the server, and every gunicorn on a machine would share
# the one default path.
control_socket_disable = True


def when_ready(server):
    """In the master, once the app is loaded and before any worker is forked. (The benchmarks serve
    other apps under these settings too: their ceiling, bakerydemo; those have nothing more to load.)"""
    if server.app.app_uri == wsgi_app:
        from config.preload import load_views_and_templates

        load_views_and_templates()


def pre_fork(server, worker):
    gc.freeze()


# CPython 3.12 keeps the frames of Python calls in chunks of 16 KB, and frees a chunk the moment the call that
# needed it returns. A loop that calls again and again at the depth where one chunk ends (a template drawing
# its nodes, a form its fields) allocates and frees a chunk each time: a mmap, a page fault and a munmap,
# about 210 of each for a request section page, seen with strace: a sixth of its CPU. (CPython fixed this
# after 3.12: gh-142183.) So each worker runs its loop from a frame big enough that CPython gives it a chunk
# of its own, 128 KB, of which the frame takes less than half: every request, to the depth of several
# hundred ordinary frames, runs in the rest of that chunk, which is never freed. A new chunk is the smallest
# 16 KB doubled that holds the frame and 1,000 pointers more: 7,200 slots of 8 bytes pass 64 KB with them.
# Here rather than in a module of the site's: the benchmarks serve their ceiling and bakerydemo with these
# settings too.
RESERVED_STACK_SLOTS = 7_200


def _function_with_a_large_frame():
    # Names assigned in a function are its local slots even in code the compiler leaves out (`if False`):
    # the frame has them, and the function does nothing but call.
    names = " = ".join(f"_{index}" for index in range(RESERVED_STACK_SLOTS))
    source = (
        f"def run_above_reserved_stack(call):\n    if False:\n        {names} = None\n    return call()\n"
    )
    namespace = {}
    exec(source, namespace)  # noqa: S102 (fixed source written above, no outside input)
    return namespace["run_above_reserved_stack"]


run_above_reserved_stack = _function_with_a_large_frame()


def post_fork(server, worker):
    """In each worker, before its loop starts: the loop, and every request in it, runs above a reserved
    stretch of Python's frame stack (see RESERVED_STACK_SLOTS)."""
    worker.run = functools.partial(run_above_reserved_stack, worker.run)
