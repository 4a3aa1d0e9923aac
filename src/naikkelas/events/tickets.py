"""Ticket codes in plain Python: random, typed by a person, signed in the QR code.

A code is 10 characters of Crockford's base32 (50 random bits, no I, L, O or U, so it can
be read aloud and typed): ``K7QM2XPA9F``, shown as ``K7QM2-XPA9F``. The QR code carries
``NKT1:<code>:<signature>``, the signature being the first 16 hex digits of an HMAC-SHA256
of the code; a scanner rejects a forged or mistyped QR code before any look-up. A typed
code has no signature: it is only looked up (50 bits cannot be guessed at the door)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 10
PREFIX = "NKT1"
# what people type for what they see (Crockford): O→0, I/L→1, and lower case
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


class TicketCodeError(ValueError):
    """The text is not a ticket code or its signature does not match."""


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise(text: str) -> str:
    """``k7qm2-xpa9f`` / ``K7QM2 XPA9F`` → ``K7QM2XPA9F``; raises on anything else."""
    code = "".join(ch for ch in text.upper() if ch.isalnum()).translate(_READ_AS)
    if len(code) != CODE_LENGTH or any(ch not in ALPHABET for ch in code):
        raise TicketCodeError(text)
    return code


def signature(code: str, key: bytes) -> str:
    return hmac.new(key, f"{PREFIX}:{code}".encode(), hashlib.sha256).hexdigest()[:16]


def payload(code: str, key: bytes) -> str:
    """What the QR code holds."""
    return f"{PREFIX}:{code}:{signature(code, key)}"


def read(text: str, key: bytes) -> tuple[str, bool]:
    """The code in a scanned QR payload or a typed code, and whether it came signed.

    Raises :class:`TicketCodeError` for a payload with a wrong signature or text that is
    no code at all."""
    text = text.strip()
    if text.upper().startswith(PREFIX + ":"):
        parts = text.split(":")
        if len(parts) != 3:
            raise TicketCodeError(text)
        code = normalise(parts[1])
        if not hmac.compare_digest(parts[2].lower(), signature(code, key)):
            raise TicketCodeError(text)
        return code, True
    return normalise(text), False


def display(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"
