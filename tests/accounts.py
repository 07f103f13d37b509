"""Test helpers for accounts: verified users, two-factor, and RFC 6238 codes computed independently."""

import base64
import hashlib
import hmac
import struct
import time

from allauth.account.models import EmailAddress
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from portal.factories import UserFactory

PASSWORD = "changeme-password"  # what UserFactory sets


def verified_user(**fields):
    """A user whose email address is confirmed, so allauth lets them sign in."""
    user = UserFactory(**fields)
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    return user


def turn_on_two_factor(user):
    """Give the user an authenticator app (and recovery codes, as allauth does); return the secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


def totp_code(secret, *, at=None, digits=6, period=30):
    """The RFC 6238 code an authenticator app would show for this base32 secret (HMAC-SHA1)."""
    counter = int((time.time() if at is None else at) // period)
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)
