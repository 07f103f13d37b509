"""How long someone must wait when a limit refuses them, in words they can act on.

allauth keeps each sign-in limit (settings.ACCOUNT_RATE_LIMITS) as a list of recent attempts in the
cache. When it refuses an attempt it does not say which limit did it or for how long, so the sign-in
page reads the same lists to tell people whether their account or their network is paused, and when
they can try again.
"""

import math
import time

from allauth.core.internal.ratelimit import get_cache_key, get_rates
from django.core.cache import cache

ACCOUNT_APP = "allauth.account"
# The error code allauth gives a sign-in refused by a limit, so the sign-in page can answer 429.
TOO_MANY_LOGIN_ATTEMPTS = "too_many_login_attempts"

# The messages for a refused sign-in; `wait` is filled in with how_long(seconds).
ACCOUNT_PAUSED = (
    "There have been too many attempts to sign in to this account. For your security, wait {wait} "
    "and try again, or reset your password."
)
NETWORK_PAUSED = (
    "There have been too many attempts to sign in from your network. Wait {wait}, then try again."
)
# When the cache could not be read in time to tell which limit refused.
SIGN_IN_PAUSED = "There have been too many attempts to sign in. Wait {wait}, then try again."


def how_long(seconds):
    """A wait in whole minutes (at least one), or hours from two hours up: "1 minute", "15 minutes"."""
    minutes = max(1, math.ceil(seconds / 60))
    if minutes >= 120:
        hours = math.ceil(minutes / 60)
        return f"{hours} hours"
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


def seconds_until_allowed(request, *, action, per, key=None):
    """How long until every `per` ("ip" or "key") limit of `action` admits another attempt; 0 if now."""
    longest = 0.0
    now = time.time()
    for rate in get_rates(app=ACCOUNT_APP, action=action):
        if rate.per != per:
            continue
        cache_key = get_cache_key(request, app=ACCOUNT_APP, action=action, rate=rate, key=key)
        # Newest first, as allauth stores them; attempts older than the window no longer count.
        recent = [at for at in cache.get(cache_key, []) if at > now - rate.duration]
        if len(recent) >= rate.amount:
            # Once the attempt that filled the window is older than the window, one more is let in.
            longest = max(longest, recent[rate.amount - 1] + rate.duration - now)
    return longest


def sign_in_refusal(request, *, action, key=None):
    """The message for a sign-in refused by `action`'s limits: the account's own limit first (it is the
    one that usually applies), then the network's."""
    if key is not None:
        wait = seconds_until_allowed(request, action=action, per="key", key=key)
        if wait:
            return ACCOUNT_PAUSED.format(wait=how_long(wait))
    wait = seconds_until_allowed(request, action=action, per="ip")
    if wait:
        return NETWORK_PAUSED.format(wait=how_long(wait))
    return SIGN_IN_PAUSED.format(wait=how_long(60))
