"""What is masked in every log line and error report: email addresses, and the values a database error
quotes from a row (PostgreSQL's "Key (column)=(value)" and "Failing row contains (...)", to the end
of the line), which may be a child's name. Both the logs and Sentry use it; neither needs the values
to find a fault."""

import re

EMAIL_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# To the end of the line: a value may itself hold brackets.
ROW_VALUES = re.compile(r"(\)=|Failing row contains ).*")
MASK = "[Filtered]"


def redact(text):
    text = EMAIL_ADDRESS.sub(MASK, text)
    return ROW_VALUES.sub(lambda match: f"{match.group(1)}{MASK}", text)
