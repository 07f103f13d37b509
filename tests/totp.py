"""RFC 6238 codes computed independently of allauth, to sign in as an authenticator app would."""

import base64
import hashlib
import hmac
import struct
import time


def totp_code(secret, *, at=None, digits=6, period=30):
    """The RFC 6238 code an authenticator app would show for this base32 secret (HMAC-SHA1)."""
    counter = int((time.time() if at is None else at) // period)
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)
