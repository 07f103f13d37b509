from django import forms

from common.academic_years import AcademicYear

YEAR_INVALID = "Choose an academic year from the list."


class AcademicYearForm(forms.Form):
    """The academic year a report is for, chosen from the years that have records (newest first)."""

    year = forms.ChoiceField(label="Academic year", error_messages={"invalid_choice": YEAR_INVALID})

    def __init__(self, data=None, *, years: list[AcademicYear]):
        super().__init__(data)
        self.fields["year"].choices = [(year.label, year.label) for year in years]

    @property
    def academic_year(self) -> AcademicYear:
        return AcademicYear.from_label(self.cleaned_data["year"])
