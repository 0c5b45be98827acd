"""Benchmark shapes and the deterministic synthetic org they describe (shared by the fake and the exporters).

Python 3.11 standard library only. Every id, timestamp and text is a pure function of (conversation index,
message index), so the fake Genesys Cloud can render any record on demand and the benchmark can check an export
without keeping the org in memory.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

#: The one-day window every conversation starts in (END exclusive).
WINDOW_START = _dt.datetime(2026, 11, 1, tzinfo=_dt.timezone.utc)
WINDOW_END = WINDOW_START + _dt.timedelta(days=1)
INTERVAL = "2026-11-01T00:00:00.000Z/2026-11-02T00:00:00.000Z"


@dataclass(frozen=True)
class Shape:
    name: str
    conversations: int
    messages_per_conversation: int

    @property
    def messages(self) -> int:
        return self.conversations * self.messages_per_conversation


SHAPES: dict[str, Shape] = {
    "900x250": Shape("900x250", 900, 250),
    "10000x20": Shape("10000x20", 10_000, 20),
    "1x20000": Shape("1x20000", 1, 20_000),
    "memory": Shape("memory", 2_000, 1_000),
    # Not part of `all`: a quick check that everything is wired up.
    "smoke": Shape("smoke", 20, 30),
}

#: What `--shape all` runs.
ALL = ("900x250", "10000x20", "1x20000")


def parse_shape(name: str) -> Shape:
    """A named shape, or an ad-hoc `CxM` (C conversations of M messages)."""
    if name in SHAPES:
        return SHAPES[name]
    conversations, sep, messages = name.partition("x")
    if sep and conversations.isdigit() and messages.isdigit() and int(conversations) > 0 and int(messages) > 0:
        return Shape(name, int(conversations), int(messages))
    raise ValueError(f"unknown shape {name!r}; known: {', '.join(SHAPES)} or CxM such as 50x400")


# MARK: - Ids
#
# Ids look like random v4 UUIDs (so they compress like real ones), yet encode (kind, conversation, message) through a
# bijective 64-bit scramble, so the fake can render any id on demand and reject ids of no object.

_MASK = (1 << 64) - 1
_K1, _K2 = 0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F
_K1_INV, _K2_INV = pow(_K1, -1, 1 << 64), pow(_K2, -1, 1 << 64)
KIND_CONVERSATION, KIND_MESSAGE, KIND_PARTICIPANT, KIND_SESSION = 1, 2, 3, 4


def _scramble(x: int) -> int:
    x ^= x >> 32
    x = (x * _K1) & _MASK
    x ^= x >> 32
    x = (x * _K2) & _MASK
    return x ^ (x >> 32)


def _unscramble(y: int) -> int:
    y ^= y >> 32
    y = (y * _K2_INV) & _MASK
    y ^= y >> 32
    y = (y * _K1_INV) & _MASK
    return y ^ (y >> 32)


def _uuid(kind: int, c: int, m: int) -> str:
    s = f"{_scramble((kind << 56) | (c << 24) | m):016x}"
    t = f"{_scramble(_scramble((kind << 56) | (c << 24) | m) ^ 0x5DEECE66D):016x}"
    return f"{s[0:8]}-{s[8:12]}-4{t[0:3]}-{'89ab'[int(t[3], 16) & 3]}{t[4:7]}-{s[12:16]}{t[7:15]}"


def _parse(value: str, kind: int) -> tuple[int, int] | None:
    if len(value) != 36:
        return None
    try:
        x = _unscramble(int(value[0:8] + value[9:13] + value[24:28], 16))
    except ValueError:
        return None
    if x >> 56 != kind:
        return None
    c, m = (x >> 24) & 0xFFFFFFFF, x & 0xFFFFFF
    return (c, m) if _uuid(kind, c, m) == value else None


def conversation_id(c: int) -> str:
    return _uuid(KIND_CONVERSATION, c, 0)


def participant_id(c: int, p: int) -> str:
    """p = 1 customer, 2 agent."""
    return _uuid(KIND_PARTICIPANT, c, p)


def session_id(c: int, p: int) -> str:
    """The communication id of participant p (analytics `sessionId`)."""
    return _uuid(KIND_SESSION, c, p)


def message_id(c: int, m: int) -> str:
    return _uuid(KIND_MESSAGE, c, m)


def parse_message_id(value: str) -> tuple[int, int] | None:
    """(conversation index, message index) of a message id, or None for an id of no message."""
    return _parse(value, KIND_MESSAGE)


def parse_conversation_id(value: str) -> int | None:
    parsed = _parse(value, KIND_CONVERSATION)
    return parsed[0] if parsed else None


# MARK: - Times


_DAY_PREFIX: dict[int, str] = {}


def iso(ms: int) -> str:
    """Epoch milliseconds as `yyyy-MM-ddTHH:mm:ss.SSSZ`."""
    day, rest = divmod(ms, 86_400_000)
    prefix = _DAY_PREFIX.get(day)
    if prefix is None:
        prefix = _dt.datetime.fromtimestamp(day * 86_400, tz=_dt.timezone.utc).strftime("%Y-%m-%dT")
        _DAY_PREFIX[day] = prefix
    seconds, millis = divmod(rest, 1000)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    return f"{prefix}{hour:02d}:{minute:02d}:{second:02d}.{millis:03d}Z"


_WINDOW_MS = int(WINDOW_START.timestamp() * 1000)


def conversation_start_ms(shape: Shape, c: int) -> int:
    """Spread over the first 20 hours of the window."""
    return _WINDOW_MS + (c * 72_000_000) // max(1, shape.conversations)


def message_ms(shape: Shape, c: int, m: int) -> int:
    """One message a second after a 5-second greeting gap (1x20000 ends about 5.6 h after its start)."""
    return conversation_start_ms(shape, c) + 5_000 + m * 1_000


def conversation_end_ms(shape: Shape, c: int) -> int:
    return message_ms(shape, c, shape.messages_per_conversation - 1) + 30_000


def is_inbound(m: int) -> bool:
    """Customer and agent take turns, the customer first."""
    return m % 2 == 0
