"""A browser journey's database is emptied only once the live server has answered its last request."""

import threading
import time

from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from tests.e2e.conftest import LiveServerRequests


def answer_in_a_server_thread(requests, *, answering_for, finished=True):
    """A request answered by a live server thread: begun now, finished (or not) `answering_for` seconds
    later, or sooner once the returned event is set, when the thread ends. Returns once the request has
    begun, with that event and the thread."""
    begun, answered = threading.Event(), threading.Event()

    def answer():
        requests.started()
        begun.set()
        answered.wait(answering_for)
        if finished:
            requests.finished()

    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    begun.wait()
    return answered, thread


def test_waits_for_the_request_being_answered():
    requests = LiveServerRequests()
    answer_in_a_server_thread(requests, answering_for=0.3)
    started = time.monotonic()

    requests.wait_until_quiet(quiet_for=0.05)

    assert requests.answering == 0
    assert time.monotonic() - started >= 0.25


def test_waits_for_a_request_just_begun_and_answered():
    requests = LiveServerRequests()
    answer_in_a_server_thread(requests, answering_for=0)
    started = time.monotonic()

    requests.wait_until_quiet(quiet_for=0.2)

    assert time.monotonic() - started >= 0.15


def test_gives_up_after_the_longest_wait():
    requests = LiveServerRequests()
    answered, thread = answer_in_a_server_thread(requests, answering_for=5)
    started = time.monotonic()

    requests.wait_until_quiet(quiet_for=0.05, at_most=0.2)

    assert requests.answering == 1
    assert time.monotonic() - started < 2
    answered.set()  # no thread outlives the test (a later test that forks would copy it)
    thread.join()


def test_a_thread_that_ended_without_finishing_its_request_is_not_waited_for():
    requests = LiveServerRequests()
    answer_in_a_server_thread(requests, answering_for=0.1, finished=False)
    started = time.monotonic()

    requests.wait_until_quiet(quiet_for=0.05, at_most=5)

    assert requests.answering == 0
    assert time.monotonic() - started < 2


def test_a_streamed_response_the_test_client_left_unread_is_not_waited_for(db, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    image = get_image_model().objects.create(title="Playground", file=get_test_image_file())
    requests = LiveServerRequests()

    response = client.get(image.file.url)

    assert response.streaming  # so request_finished comes only once it is read to the end
    started = time.monotonic()
    requests.wait_until_quiet(quiet_for=0.05, at_most=5)
    assert requests.answering == 0
    assert time.monotonic() - started < 2
