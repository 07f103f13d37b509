from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """What an operator needs to run the site: the health check, the request and task logs with their
    request ids, error reports, and the one schedule of jobs with a record of each run."""

    name = "operations"
    label = "operations"
    verbose_name = "Operations"

    def ready(self):
        from operations import logs

        logs.stamp_records_with_request_id()
        logs.connect_task_logging()
