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


def conversation_id(c: int) -> str:
    return f"{c:08x}-0000-4000-8000-00000000c0de"


def participant_id(c: int, p: int) -> str:
    """p = 1 customer, 2 agent."""
    return f"{c:08x}-0000-4000-a000-00000000000{p}"


def session_id(c: int, p: int) -> str:
    """The communication id of participant p (analytics `sessionId`)."""
    return f"{c:08x}-0000-4000-b000-00000000000{p}"


def message_id(c: int, m: int) -> str:
    return f"{c:08x}-0000-4000-9000-{m:012x}"


def parse_message_id(value: str) -> tuple[int, int] | None:
    """(conversation index, message index) of a message id, or None for an id of no message."""
    if len(value) != 36 or value[8:24] != "-0000-4000-9000-":
        return None
    try:
        return int(value[0:8], 16), int(value[24:], 16)
    except ValueError:
        return None


def parse_conversation_id(value: str) -> int | None:
    if len(value) != 36 or not value.endswith("-0000-4000-8000-00000000c0de"):
        return None
    try:
        return int(value[0:8], 16)
    except ValueError:
        return None


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
