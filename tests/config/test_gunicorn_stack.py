"""A gunicorn worker's loop runs above a reserved stretch of Python's frame stack (config/gunicorn.py), so
calls that go back and forth across the depth where one of CPython's stack chunks ends do not each allocate a
chunk and free it again (each time a page fault, seen here in the process's count of them)."""

import resource
from types import SimpleNamespace

import pytest

from config import gunicorn
from config.gunicorn import run_above_reserved_stack

# A frame of `nested` is about a hundred bytes: 300 depths span more than two 16 KB chunks, wherever the
# test starts, and fit in the reserved stretch.
DEPTHS = 300
CALLS_AT_EACH_DEPTH = 10


def nested(depth):
    return nested(depth - 1) if depth else None


def page_faults_going_back_and_forth():
    """The page faults of calling down to every depth and back, several times each."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for depth in range(DEPTHS):
        for _ in range(CALLS_AT_EACH_DEPTH):
            nested(depth)
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


def test_without_the_reserve_calls_across_a_chunk_s_end_fault_each_time():
    """What the reserve is for: on this Python, a chunk is allocated and freed each time."""
    faults = page_faults_going_back_and_forth()

    if faults < DEPTHS:
        pytest.skip(f"this Python keeps its stack chunks ({faults} page faults): nothing to reserve")
    assert faults >= DEPTHS


def test_above_the_reserve_the_same_calls_do_not_fault():
    assert run_above_reserved_stack(page_faults_going_back_and_forth) < 20


def test_the_reserve_returns_what_the_call_returns_and_lets_its_errors_through():
    assert run_above_reserved_stack(lambda: "answered") == "answered"
    with pytest.raises(ZeroDivisionError):
        run_above_reserved_stack(lambda: 1 / 0)


def test_each_gunicorn_worker_runs_its_loop_above_the_reserve():
    worker = SimpleNamespace(run=page_faults_going_back_and_forth)

    gunicorn.post_fork(server=None, worker=worker)

    assert worker.run() < 20
