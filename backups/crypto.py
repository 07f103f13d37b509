"""Encryption of a backup as it is written and read, so that a large archive is never held in memory.

The key (BACKUP_ENCRYPTION_KEY) is 32 random bytes in base64. Each backup draws a random salt, from which
HKDF derives the backup's own AES-256-GCM key and a key check. The file is the header (a marker, the
format's version, the salt, the key check), then the archive in chunks of 1 MiB, each sealed by AES-GCM
with the header as associated data and a nonce made of the chunk's number and a flag on the last one (the
STREAM construction that age and Tink use). So a wrong key is told by the key check before anything is
decrypted, and a changed, reordered, missing or cut-off chunk fails its tag: neither can pass unnoticed.
"""

import base64
import binascii
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from common.errors import DomainError

MARKER = b"SSBACKUP"
VERSION = 1
SALT_BYTES = 32
HEADER_BYTES = len(MARKER) + 1 + SALT_BYTES + 32
CHUNK_BYTES = 1024 * 1024
TAG_BYTES = 16

KEY_MISSING = (
    "Set BACKUP_ENCRYPTION_KEY to the backups' key: 32 random bytes in base64, "
    "made with `openssl rand -base64 32`."
)
KEY_MALFORMED = "BACKUP_ENCRYPTION_KEY is not 32 bytes in base64: make one with `openssl rand -base64 32`."
NOT_A_BACKUP = "This file is not a backup of this site (or its beginning is damaged)."
NEWER_FORMAT = (
    "This backup was written in a newer format (version {version}): restore it with a newer release."
)
WRONG_KEY = (
    "This backup was encrypted with another key: set BACKUP_ENCRYPTION_KEY to the key it was made with."
)
DAMAGED = (
    "This backup is damaged or incomplete (part {chunk} fails its check): nothing can be trusted after "
    "that point. Use another backup."
)


def encryption_key(text):
    """The key from BACKUP_ENCRYPTION_KEY's text (standard or URL-safe base64)."""
    if not text:
        raise DomainError(KEY_MISSING)
    try:
        key = base64.b64decode(text.strip().replace("-", "+").replace("_", "/"), validate=True)
    except binascii.Error:
        raise DomainError(KEY_MALFORMED) from None
    if len(key) != 32:
        raise DomainError(KEY_MALFORMED)
    return key


def _derived(key, salt, purpose):
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=purpose).derive(key)


def _nonce(chunk, last):
    return chunk.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


class Encrypting:
    """A file-like object to write the archive to: it writes the header, then sealed chunks to `out`.
    `finish()` seals the last chunk; without it the backup reads as cut off."""

    def __init__(self, out, key):
        self.out = out
        salt = os.urandom(SALT_BYTES)
        self.header = MARKER + bytes([VERSION]) + salt + _derived(key, salt, b"key check")
        self.cipher = AESGCM(_derived(key, salt, b"archive"))
        self.pending = bytearray()
        self.chunk = 0
        out.write(self.header)

    def write(self, data):
        self.pending += data
        # Only a chunk that more data follows is sealed here: the last one is sealed by finish().
        while len(self.pending) > CHUNK_BYTES:
            self._seal(bytes(self.pending[:CHUNK_BYTES]), last=False)
            del self.pending[:CHUNK_BYTES]
        return len(data)

    def finish(self):
        self._seal(bytes(self.pending), last=True)
        self.pending.clear()

    def _seal(self, plain, *, last):
        self.out.write(self.cipher.encrypt(_nonce(self.chunk, last), plain, self.header))
        self.chunk += 1


class Decrypting:
    """A file-like object that reads the archive out of an encrypted backup, checking each chunk."""

    def __init__(self, source, key):
        self.source = source
        self.header = source.read(HEADER_BYTES)
        if len(self.header) < HEADER_BYTES or not self.header.startswith(MARKER):
            raise DomainError(NOT_A_BACKUP)
        version = self.header[len(MARKER)]
        if version != VERSION:
            raise DomainError(NEWER_FORMAT.format(version=version))
        salt = self.header[len(MARKER) + 1 : len(MARKER) + 1 + SALT_BYTES]
        if not hmac.compare_digest(self.header[-32:], _derived(key, salt, b"key check")):
            raise DomainError(WRONG_KEY)
        self.cipher = AESGCM(_derived(key, salt, b"archive"))
        self.chunk = 0
        # One sealed chunk read ahead: the chunk after which nothing follows must be the last one sealed.
        self.ahead = source.read(CHUNK_BYTES + TAG_BYTES)
        self.plain = memoryview(b"")
        self.finished = False

    def read(self, size=-1):
        """Up to `size` bytes (all that is left if `size` is negative); b"" at the end."""
        if size is None or size < 0:
            return b"".join(iter(lambda: self.read(CHUNK_BYTES), b""))
        while not self.plain and not self.finished:
            self._open_next()
        data, self.plain = bytes(self.plain[:size]), self.plain[size:]
        return data

    def _open_next(self):
        sealed, self.ahead = self.ahead, self.source.read(CHUNK_BYTES + TAG_BYTES)
        last = not self.ahead
        try:
            self.plain = memoryview(self.cipher.decrypt(_nonce(self.chunk, last), sealed, self.header))
        except InvalidTag:
            raise DomainError(DAMAGED.format(chunk=self.chunk + 1)) from None
        self.chunk += 1
        self.finished = last
