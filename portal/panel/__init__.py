"""The Multi-Agency Planning Panel (MAPP): meeting dates, request deadlines and placement capacity.

`rules` holds the date rules (no database), `selectors` the reads, `services` the writes,
`calendar` builds the .ics feed that `views` serves, and `factories` makes test data.
The models are in `portal.models.panel`; the admin screens in `portal.wagtail_admin.panel`.
"""
