"""What the staff screens show about a record above an action's form."""


def person(user):
    """Who asked, as staff see them: name and email, or that their account is gone."""
    return f"{user} <{user.email}>" if user else "(account removed)"
