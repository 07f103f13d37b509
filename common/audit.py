"""Who did what: every state change that matters is recorded once, the same way in every domain.

A change is a Wagtail log entry on the record it changed (who, when, which record), whose data holds
what it changed `from` and `to`, what it was `about` (a person, for a school's people) and `why`.
Wagtail keeps log entries when the record itself is deleted, shows each record's entries on its
History page in the admin, and lists them all, filterable by action, under Reports > Site history.
Each app registers the labels of its actions with `register_changes` in its wagtail_hooks, and its
modeladmins use `common.admin.HistoryWithReasonsView`. A change of state is recorded by
`common.workflows.transition_apply`, never by hand.
"""

from django.db import migrations
from wagtail.log_actions import LogFormatter, log


def record_change(*, instance, action, user, from_=None, to=None, about="", why=""):
    data = {"from": from_, "to": to, "about": about, "why": why}
    return log(
        instance=instance,
        action=action,
        user=user,
        data={key: value for key, value in data.items() if value not in (None, "")},
    )


class ChangeFormatter(LogFormatter):
    """ "<label>: <about>, from <from> to <to>" in the history (a change that keeps its state, such as a
    deferral to a later meeting, says no "from"); the reason is the entry's comment."""

    def format_message(self, log_entry):
        data = log_entry.data or {}
        message = self.label
        if data.get("about"):
            message += f": {data['about']}"
        if "from" in data and "to" in data:
            if data["from"] != data["to"]:
                message += f", from {data['from']} to {data['to']}"
        elif "to" in data:
            message += f", now {data['to']}"
        return message

    def format_comment(self, log_entry):
        return (log_entry.data or {}).get("why", "")


def register_changes(actions, labels):
    """Register each `action: label` of `labels` with Wagtail's log action registry."""
    for action, label in labels.items():
        actions.register_action(action)(type("Formatter", (ChangeFormatter,), {"label": label}))


def renamed_actions(renamed):
    """A migration operation that gives the history recorded under each old action of `renamed` (old:
    new) its new action, so it keeps its label and reason; reversible."""

    def rename(apps, mapping):
        entries = apps.get_model("wagtailcore", "ModelLogEntry").objects
        for old, new in mapping.items():
            entries.filter(action=old).update(action=new)

    return migrations.RunPython(
        lambda apps, schema_editor: rename(apps, renamed),
        lambda apps, schema_editor: rename(apps, {new: old for old, new in renamed.items()}),
    )
