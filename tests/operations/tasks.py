"""Tasks for the tests of the task log: the worker imports a task by its path, so they live in a module."""

from django.tasks import task

# What a failing task's error says: the log must show neither (the source line it is raised on may).
NAME, ADDRESS = "Jane Doe", "jane.doe@example.test"


@task()
def succeed():
    return "done"


@task()
def fail():
    raise ValueError(f"Could not email {ADDRESS} about {NAME}")
