"""A request's answers as the "check your answers" page and the request's own page show them."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.text import capfirst

from portal.placements import selectors
from portal.placements.forms import QUESTIONS
from portal.placements.sections import NEEDS_AREAS, SECTIONS, label_of

NOT_ANSWERED = "Not answered"
AREAS_OF_NEED = "Broad areas of need"


@dataclass(frozen=True)
class SectionAnswers:
    section: object
    rows: list[tuple[str, str]]
    items: list
    hidden: bool  # the safeguarding section, for someone not cleared to see it


def _shown(placement_request, name):
    value = getattr(placement_request, name)
    if value is None or value == "":
        return NOT_ANSWERED
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if hasattr(value, "strftime"):
        return date_format(value, "j F Y")
    if isinstance(value, Decimal):
        # 86.0 reads as 86, 2.5 stays 2.5; a percentage says so.
        number = f"{value.normalize():f}"
        return f"{number}%" if name.endswith("_percent") else number
    display = getattr(placement_request, f"get_{name}_display", None)
    return str(display() if display else value)


def areas_of_need(placement_request) -> str:
    areas = [capfirst(label_of(name)) for name in NEEDS_AREAS if getattr(placement_request, name)]
    return ", ".join(areas) or NOT_ANSWERED


def _rows(section, placement_request):
    names = list(section.fields)
    rows = []
    if names[: len(NEEDS_AREAS)] == list(NEEDS_AREAS):
        rows.append((AREAS_OF_NEED, areas_of_need(placement_request)))
        names = names[len(NEEDS_AREAS) :]
    for name in names:
        label = QUESTIONS.get(name, capfirst(label_of(name)))
        if name == "outreach_orders":
            orders = ", ".join(order.reference for order in placement_request.outreach_orders.all())
            rows.append((label, orders or "None"))
        else:
            rows.append((label, _shown(placement_request, name)))
    return rows


def answers_of(placement_request, *, user) -> list[SectionAnswers]:
    cleared = selectors.may_see_safeguarding(user=user)
    answers = []
    for section in SECTIONS:
        hidden = section.restricted and not cleared
        if hidden:
            answers.append(SectionAnswers(section, [], [], hidden=True))
        elif section.is_list:
            answers.append(
                SectionAnswers(section, [], list(getattr(placement_request, section.list_of).all()), False)
            )
        else:
            answers.append(SectionAnswers(section, _rows(section, placement_request), [], False))
    return answers


def decision_summary(placement_request) -> list[tuple[str, str]]:
    """What the panel weighs, in brief, beside the decision form: who the pupil is, the needs, what the
    school has tried and whether the request is complete (its safeguarding section is not part of it)."""
    missing = selectors.missing_answers(placement_request=placement_request)
    tried = "; ".join(
        f"{each.description} ({each.duration})" for each in placement_request.interventions.all()
    )
    return [
        (
            "Pupil",
            f"{placement_request.pupil_name or NOT_ANSWERED}, {_shown(placement_request, 'year_group')}",
        ),
        ("School", placement_request.school.name),
        (AREAS_OF_NEED, areas_of_need(placement_request)),
        ("EHC plan", _shown(placement_request, "ehc_plan_status")),
        ("What the school has tried", tried or "Nothing listed"),
        (
            "Completeness check",
            "Complete"
            if not missing
            else "; ".join(f"{section.title}: {message}" for section, message in missing),
        ),
    ]
