"""A browser journey's database is emptied only once the live server takes no new request and has
answered those it let through (tests/e2e/conftest.py, LiveServerGate)."""

import threading
import time

from tests.e2e.conftest import LiveServerGate


class SlowApp:
    """A WSGI application that answers once told to (or after `at_most` seconds), body in two parts."""

    def __init__(self, at_most=5.0):
        self.begun, self.answer, self.at_most = threading.Event(), threading.Event(), at_most
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        self.begun.set()
        self.answer.wait(self.at_most)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return iter([b"answered ", b"in full"])


def ask(gate):
    """A request to `gate` in a thread of its own, as the live server answers each: what came back (its
    status and body, or the error), and the thread."""
    answered = {}

    def request():
        def start_response(status, headers):
            answered["status"] = status

        try:
            answered["body"] = b"".join(gate({}, start_response))
        except RuntimeError as error:  # what the server would log and answer 500 for
            answered["error"] = str(error)

    thread = threading.Thread(target=request, daemon=True)
    thread.start()
    return answered, thread


def answer_from(gate):
    """What `gate` answers a request, once it has."""
    answered, thread = ask(gate)
    thread.join()
    return answered


def test_closing_waits_for_the_request_being_answered_and_its_whole_body():
    app = SlowApp()
    gate = LiveServerGate(app)
    answered, thread = ask(gate)
    app.begun.wait()
    threading.Timer(0.3, app.answer.set).start()
    started = time.monotonic()

    gate.close()

    assert time.monotonic() - started >= 0.25
    assert gate.answering == 0
    thread.join()
    assert answered == {"status": "200 OK", "body": b"answered in full"}


def test_a_request_once_closed_is_refused_without_reaching_the_site():
    app = SlowApp()
    gate = LiveServerGate(app)
    gate.close()

    assert answer_from(gate)["status"] == "503 Service Unavailable"
    assert app.calls == 0


def test_opened_again_it_lets_requests_through():
    app = SlowApp()
    app.answer.set()
    gate = LiveServerGate(app)
    gate.close()

    gate.open()

    assert answer_from(gate) == {"status": "200 OK", "body": b"answered in full"}
    assert app.calls == 1


def test_closing_gives_up_after_the_longest_wait():
    app = SlowApp()
    gate = LiveServerGate(app)
    _answered, thread = ask(gate)
    app.begun.wait()
    started = time.monotonic()

    gate.close(at_most=0.2)

    assert gate.answering == 1
    assert time.monotonic() - started < 2
    app.answer.set()  # no thread outlives the test (a later test that forks would copy it)
    thread.join()


def test_a_request_that_fails_is_no_longer_counted():
    def failing_app(environ, start_response):
        raise RuntimeError("the site failed")

    gate = LiveServerGate(failing_app)

    assert answer_from(gate) == {"error": "the site failed"}
    assert gate.answering == 0
