"""A backup is encrypted as it is written and checked as it is read: the wrong key, a changed byte, a
missing or reordered chunk or a file cut short is a clear refusal, never a partial read."""

import base64
import io
import os

import pytest

from backups import crypto
from common.errors import DomainError

KEY = os.urandom(32)
OTHER_KEY = os.urandom(32)
CHUNK = 64


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch):
    """Chunks of 64 bytes, so a few hundred bytes make several."""
    monkeypatch.setattr(crypto, "CHUNK_BYTES", CHUNK)


def sealed(plain, key=KEY, pieces=7):
    """`plain` encrypted, written in pieces of `pieces` bytes as tarfile writes."""
    out = io.BytesIO()
    encrypting = crypto.Encrypting(out, key)
    for start in range(0, len(plain), pieces):
        encrypting.write(plain[start : start + pieces])
    encrypting.finish()
    return out.getvalue()


def opened(data, key=KEY, size=10):
    decrypting = crypto.Decrypting(io.BytesIO(data), key)
    return b"".join(iter(lambda: decrypting.read(size), b""))


@pytest.mark.parametrize("length", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 5 * CHUNK + 17])
def test_what_is_written_is_read_back(length):
    plain = os.urandom(length)

    data = sealed(plain)

    assert opened(data) == plain
    assert crypto.Decrypting(io.BytesIO(data), KEY).read() == plain


def test_nothing_of_the_content_shows_in_the_backup():
    plain = b"Alex Example, Year 4, excluded on 3 March. " * 20

    data = sealed(plain)

    assert b"Alex Example" not in data
    assert len(data) == crypto.HEADER_BYTES + len(plain) + 14 * crypto.TAG_BYTES  # 14 chunks of 64 bytes


def test_each_backup_has_its_own_salt_so_the_same_content_never_encrypts_the_same():
    assert sealed(b"same content") != sealed(b"same content")


def test_the_wrong_key_is_told_before_anything_is_decrypted():
    with pytest.raises(DomainError, match="encrypted with another key"):
        crypto.Decrypting(io.BytesIO(sealed(b"children's data" * 20)), OTHER_KEY)


def test_a_file_that_is_not_a_backup_is_told():
    with pytest.raises(DomainError, match="not a backup of this site"):
        crypto.Decrypting(io.BytesIO(b"PK\x03\x04 a zip file" + bytes(100)), KEY)


def cut_after(data, chunks):
    return data[: crypto.HEADER_BYTES + chunks * (CHUNK + crypto.TAG_BYTES)]


def damaged(data, at):
    return data[:at] + bytes([data[at] ^ 1]) + data[at + 1 :]


@pytest.mark.parametrize(
    ("change", "part"),
    [
        # A byte changed in the second chunk.
        (lambda data: damaged(data, crypto.HEADER_BYTES + CHUNK + crypto.TAG_BYTES + 5), 2),
        # A byte changed in the header (the salt): every chunk was sealed with the header.
        (lambda data: damaged(data, len(crypto.MARKER) + 3), None),
        # Cut off after whole chunks: the last one left was not sealed as the last.
        (lambda data: cut_after(data, 2), 2),
        # Cut off in the middle of a chunk.
        (lambda data: data[:-10], 4),
        # The second chunk left out.
        (lambda data: cut_after(data, 1) + data[crypto.HEADER_BYTES + 2 * (CHUNK + crypto.TAG_BYTES) :], 2),
    ],
)
def test_a_damaged_or_incomplete_backup_is_refused(change, part):
    data = change(sealed(os.urandom(3 * CHUNK + 10)))

    with pytest.raises(DomainError) as refused:
        opened(data)

    if part is None:  # the salt changed: the key check no longer matches
        assert refused.value.message == crypto.WRONG_KEY
    else:
        assert refused.value.message == crypto.DAMAGED.format(chunk=part)


def test_the_key_is_32_bytes_in_base64_either_alphabet():
    key = bytes(range(250, 256)) * 5 + b"ab"

    assert crypto.encryption_key(base64.b64encode(key).decode()) == key
    assert crypto.encryption_key(base64.urlsafe_b64encode(key).decode() + "\n") == key


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", crypto.KEY_MISSING),
        ("not base64!", crypto.KEY_MALFORMED),
        (base64.b64encode(b"only sixteen.16b").decode(), crypto.KEY_MALFORMED),
    ],
)
def test_a_missing_or_malformed_key_says_how_to_make_one(text, message):
    with pytest.raises(DomainError) as refused:
        crypto.encryption_key(text)

    assert refused.value.message == message
    assert "openssl rand -base64 32" in message
