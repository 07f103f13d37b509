"""The sections of a placement request (the task list), which answers each holds, and which of them a
request needs before it can be sent.

A section is either a set of the request's own fields (`fields`), or a list of records that hang off it
(`list_of`: parents or carers, professionals, interventions, documents). The service that saves a section
and the forms that show it both read these definitions, so a field belongs to exactly one section.
"""

from dataclasses import dataclass, field

from portal.placements.models.requests import EhcPlanStatus, PlacementRequest

NEEDS_AREAS = ("need_communication", "need_cognition", "need_semh", "need_sensory_physical")

# Answers that must be "yes", not just answered, before the request can be sent.
MUST_BE_YES = {
    "consent_to_referral": "The parents or carers must agree to the referral before the request is sent.",
    "consent_to_sharing": (
        "The parents or carers must agree to information being shared with the panel's agencies before "
        "the request is sent."
    ),
    "governing_board_approved": "The governing board must approve the request before it is sent.",
}


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    fields: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    # The records a list section holds: the related name on PlacementRequest.
    list_of: str = ""
    minimum: int = 0
    # Only for people with the view_safeguarding permission.
    restricted: bool = False
    hint: str = ""
    conditions: tuple = field(default=())

    @property
    def is_list(self):
        return bool(self.list_of)

    @property
    def is_optional(self):
        return not (self.required or self.minimum or self.conditions)


def _when(condition_field, condition, needed, message):
    """An answer needed only when another answer is `condition` (a value, or a test of the value)."""

    def check(placement_request):
        value = getattr(placement_request, condition_field)
        applies = condition(value) if callable(condition) else value == condition
        if applies and getattr(placement_request, needed) in (None, ""):
            return message
        return None

    return check


def _any_need(placement_request):
    if not any(getattr(placement_request, name) for name in NEEDS_AREAS):
        return "Select at least one broad area of need."
    return None


SECTIONS = (
    Section(
        "pupil",
        "About the pupil",
        fields=(
            "legal_first_name",
            "legal_last_name",
            "date_of_birth",
            "year_group",
            "sex",
            "upn",
            "home_address",
            "previous_schools",
            "pupil_premium",
            "free_school_meals",
            "first_language",
            "interpreter_needed",
        ),
        required=(
            "legal_first_name",
            "legal_last_name",
            "date_of_birth",
            "year_group",
            "sex",
            "upn",
            "home_address",
            "pupil_premium",
            "free_school_meals",
            "first_language",
            "interpreter_needed",
        ),
    ),
    Section(
        "parents",
        "Parents or carers",
        list_of="parents",
        minimum=1,
        hint="Everyone with parental responsibility, and their contact details.",
    ),
    Section(
        "consent",
        "Consent",
        fields=(
            "consent_to_referral",
            "consent_to_referral_on",
            "consent_to_sharing",
            "consent_to_sharing_on",
        ),
        required=(
            "consent_to_referral",
            "consent_to_referral_on",
            "consent_to_sharing",
            "consent_to_sharing_on",
        ),
    ),
    Section(
        "needs",
        "Needs",
        fields=(*NEEDS_AREAS, "ehc_plan_status", "ehc_plan_date", "sen_support", "diagnoses"),
        required=("ehc_plan_status", "sen_support"),
        conditions=(
            _any_need,
            _when(
                "ehc_plan_status",
                lambda status: status not in ("", EhcPlanStatus.NONE),
                "ehc_plan_date",
                "Enter the date of the EHC plan, or of the request for an assessment.",
            ),
        ),
    ),
    Section(
        "professionals",
        "Professionals involved",
        list_of="professionals",
        hint="Optional: anyone from health, social care or other services working with the pupil.",
    ),
    Section(
        "reasons",
        "Why a placement now",
        fields=("concerns", "strengths", "pupil_views", "parent_views"),
        required=("concerns", "strengths", "pupil_views", "parent_views"),
    ),
    Section(
        "interventions",
        "What the school has tried",
        list_of="interventions",
        minimum=1,
        hint="The graduated approach: each intervention, how long it ran and its impact.",
    ),
    Section(
        "outreach",
        "Outreach support already bought",
        fields=("outreach_orders",),
        hint="Optional: our support your school has bought.",
    ),
    Section(
        "attendance",
        "Attendance and exclusions",
        fields=("attendance_percent", "suspensions", "suspension_days", "exclusion_history"),
        required=("attendance_percent", "suspensions"),
    ),
    Section(
        "safeguarding",
        "Safeguarding",
        fields=(
            "dsl_name",
            "dsl_contact",
            "social_care_involved",
            "social_worker",
            "child_plan",
            "looked_after",
            "virtual_school_contact",
            "virtual_school_email",
            "early_help_assessment",
            "camhs_involved",
            "safeguarding_notes",
        ),
        required=(
            "dsl_name",
            "dsl_contact",
            "social_care_involved",
            "child_plan",
            "looked_after",
            "early_help_assessment",
            "camhs_involved",
        ),
        restricted=True,
        hint="Only people cleared for safeguarding information can see or complete this section.",
        conditions=(
            _when(
                "social_care_involved", True, "social_worker", "Enter the social worker's name and contact."
            ),
            _when(
                "looked_after", True, "virtual_school_contact", "Enter the virtual school's name and contact."
            ),
            _when("looked_after", True, "virtual_school_email", "Enter the virtual school's email address."),
        ),
    ),
    Section("category", "The pupil's category", fields=("category",), required=("category",)),
    Section(
        "what-works",
        "What works and what to avoid",
        fields=("triggers", "strategies", "risk_assessment"),
        required=("triggers", "strategies", "risk_assessment"),
    ),
    Section(
        "travel",
        "Travel to the unit",
        fields=("travel_arrangements", "travel_arranged_by"),
        required=("travel_arrangements", "travel_arranged_by"),
        hint="How the pupil will get to the unit on the four days a week they attend.",
    ),
    Section(
        "key-worker",
        "Key worker and governing board",
        fields=(
            "key_worker_name",
            "key_worker_role",
            "key_worker_email",
            "key_worker_phone",
            "governing_board_approved",
            "governing_board_approved_on",
        ),
        required=(
            "key_worker_name",
            "key_worker_role",
            "key_worker_email",
            "governing_board_approved",
            "governing_board_approved_on",
        ),
    ),
    Section(
        "documents",
        "Supporting documents",
        list_of="documents",
        hint="Optional: reports and plans, as PDF, Word or image files of up to 10 MB each.",
    ),
)
SECTIONS_BY_SLUG = {section.slug: section for section in SECTIONS}
RESTRICTED_FIELDS = frozenset(name for section in SECTIONS if section.restricted for name in section.fields)


def label_of(field_name):
    return PlacementRequest._meta.get_field(field_name).verbose_name


def _unanswered(name, value):
    """Blank, or (for a tick box, which cannot say "no") not ticked; a "No" to a yes/no question is an
    answer."""
    if value is False:
        return not PlacementRequest._meta.get_field(name).null
    return value is None or value == ""


def missing_in(section, placement_request, *, counts) -> list[str]:
    """What `section` still lacks before the request can be sent, as messages (empty when complete).

    `counts` maps each list section's related name to how many records it has.
    """
    if section.is_list:
        if counts[section.list_of] < section.minimum:
            return [f"Add at least one entry to “{section.title}”."]
        return []
    missing = []
    for name in section.required:
        value = getattr(placement_request, name)
        if name in MUST_BE_YES and value is not True and value is not None:
            missing.append(MUST_BE_YES[name])
        elif _unanswered(name, value):
            missing.append(f"Answer “{label_of(name)}”.")
    for condition in section.conditions:
        if message := condition(placement_request):
            missing.append(message)
    return missing


def is_started(section, placement_request, *, counts) -> bool:
    if section.is_list:
        return counts[section.list_of] > 0
    return any(not _unanswered(name, getattr(placement_request, name)) for name in section.fields)
