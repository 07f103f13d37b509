"""The Multi-Agency Planning Panel (MAPP): meeting dates, request deadlines and placement capacity.

`rules` holds the date rules (no database), `selectors` the reads, `services` the writes and
`calendar` the .ics feed of meetings and deadlines.
"""
