"""The reasons staff give for placing and releasing a legal hold."""

from django import forms

from records.services import HOLD_REASON_REQUIRED, RELEASE_REASON_REQUIRED

REASON_TOO_LONG = "Enter the reason in 500 characters or fewer."
REASON_UNREADABLE = "The reason has a character that cannot be saved. Type it again rather than pasting it."


def reason_field(*, label, help_text, required):
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": required,
            "max_length": REASON_TOO_LONG,
            "null_characters_not_allowed": REASON_UNREADABLE,
        },
    )


class PlaceHoldForm(forms.Form):
    reason = reason_field(
        label="Why must it be kept?",
        help_text="For example a claim, a complaint, an inquiry or a request from the police, and who asked. "
        "Do not name the child: the reason is kept after the record goes.",
        required=HOLD_REASON_REQUIRED,
    )


class ReleaseHoldForm(forms.Form):
    reason = reason_field(
        label="Why can it go now?",
        help_text="For example: the claim is settled. Do not name the child.",
        required=RELEASE_REASON_REQUIRED,
    )
