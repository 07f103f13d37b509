"""A browser journey's database is emptied only once the live server has answered its last request."""

import threading
import time

from tests.e2e.conftest import LiveServerRequests


def test_waits_for_the_request_being_answered():
    requests = LiveServerRequests()
    requests.started()
    threading.Timer(0.3, requests.finished).start()
    started = time.monotonic()

    requests.wait_until_quiet(quiet_for=0.05)

    assert requests.answering == 0
    assert time.monotonic() - started >= 0.3


def test_waits_for_a_request_just_begun_and_answered():
    requests = LiveServerRequests()
    requests.started()
    requests.finished()
    started = time.monotonic()

    requests.wait_until_quiet(quiet_for=0.2)

    assert time.monotonic() - started >= 0.15


def test_gives_up_after_the_longest_wait():
    requests = LiveServerRequests()
    requests.started()
    started = time.monotonic()

    requests.wait_until_quiet(quiet_for=0.05, at_most=0.2)

    assert requests.answering == 1
    assert time.monotonic() - started < 2
