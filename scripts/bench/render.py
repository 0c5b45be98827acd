"""JSON bodies of the synthetic org, rendered from string templates (no json.dumps on the hot path).

Shapes follow /work/shared/genesys/api-reference.md: the analytics detail record (endpoints 34, 40), the
MessageConversation snapshot (12) and MessageData (18). Every value is ASCII and needs no JSON escaping.
"""

from __future__ import annotations

import random

from shapes import (
    Shape,
    conversation_end_ms,
    conversation_id,
    conversation_start_ms,
    is_inbound,
    iso,
    message_id,
    message_ms,
    participant_id,
    session_id,
)

INTEGRATION_ID = "5e1f7c0a-2b3d-4e5f-8a9b-0c1d2e3f4a5b"
QUEUE_ID = "7a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d"
DIVISION_ID = "0d1e2f3a-4b5c-4d6e-8f7a-8b9c0d1e2f3a"
WRAPUP_CODE_ID = "9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
AGENT_USER_ID = "3f2e1d0c-9b8a-4765-8432-10fedcba9876"
ORG_ADDRESS = "+15550100000"

_WORDS = (
    "hello hi thanks thank you order orders refund refunds delivery delivered parcel package tracking number "
    "account card payment invoice address change changed please could would you we I my our check when will "
    "arrive arrived today tomorrow yesterday week month sorry delay delayed help update status confirm email "
    "phone cancel cancelled subscription plan upgrade downgrade store pickup return returns label warranty "
    "broken screen battery charger replacement ticket reference agent minute minutes again great perfect "
    "understood yes no maybe later morning evening afternoon monday tuesday wednesday thursday friday weekend "
    "price discount voucher code promo shipping courier driver door neighbour signed missing damaged wrong "
    "size colour blue black red small large medium item items box open closed branch manager supervisor call "
    "back text message chat online app website login password reset locked blocked verify identity bank "
    "transfer charged twice double fee fees bill billing statement balance credit debit limit overdue"
).split()


def _sentences(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(_WORDS) for _ in range(rng.randint(3, 6))) for _ in range(count)]


_HEADS = [s.capitalize() for s in _sentences(4096, 11)]
_TAILS = _sentences(4093, 12)


def customer_address(c: int) -> str:
    return f"+1555{2000000 + c % 8000000:07d}"


def _mix(c: int, m: int) -> int:
    """A 64-bit hash of (c, m) (splitmix64 finaliser)."""
    z = (c * 0x9E3779B97F4A7C15 + m * 0xBF58476D1CE4E5B9 + 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
    return z ^ (z >> 31)


def message_text(c: int, m: int) -> str:
    h = _mix(c, m)
    return f"{_HEADS[h & 4095]}, {_TAILS[(h >> 12) % 4093]} (#{m})"


# MARK: - MessageData (endpoint 18)

_MESSAGE = (
    '{"id":"%s","conversationId":"%s","timestamp":"%s","direction":"%s","messengerType":"sms",'
    '"fromAddress":"%s","toAddress":"%s","status":"%s",'
    '"normalizedMessage":{"id":"%s","channel":{"id":"' + INTEGRATION_ID + '","platform":"Sms","messageId":"SM%016x%016x"},'
    '"type":"Text","text":"%s","direction":"%s","status":"%s"}}'
)
_INBOUND = ("inbound", "received", "Inbound", "Delivered")
_OUTBOUND = ("outbound", "sent", "Outbound", "Sent")


def message_data(shape: Shape, c: int, m: int) -> bytes:
    """One MessageData (about 550 bytes)."""
    direction, status, ndirection, nstatus = _INBOUND if is_inbound(m) else _OUTBOUND
    customer = customer_address(c)
    frm, to = (customer, ORG_ADDRESS) if direction == "inbound" else (ORG_ADDRESS, customer)
    mid = message_id(c, m)
    h = _mix(m, c)
    return (
        _MESSAGE
        % (mid, conversation_id(c), iso(message_ms(shape, c, m)), direction, frm, to, status, mid, h, _mix(h, m),
           message_text(c, m), ndirection, nstatus)
    ).encode()


# MARK: - MessageConversation (endpoint 12)


def _details(shape: Shape, c: int, m: int) -> str:
    return (
        f'{{"messageId":"{message_id(c, m)}","messageURI":"/api/v2/conversations/messages/{conversation_id(c)}'
        f'/messages/{message_id(c, m)}","messageStatus":"{"received" if is_inbound(m) else "sent"}",'
        f'"messageSegmentCount":1,"messageTime":"{iso(message_ms(shape, c, m))}"}}'
    )


def wrapup_json(shape: Shape, c: int) -> str:
    end = conversation_end_ms(shape, c)
    return (
        f'{{"code":"{WRAPUP_CODE_ID}","name":"Resolved","notes":"Customer helped, case {c}",'
        f'"durationSeconds":20,"endTime":"{iso(end + 20_000)}"}}'
    )


def message_conversation(shape: Shape, c: int) -> bytes:
    cid = conversation_id(c)
    start, end = conversation_start_ms(shape, c), conversation_end_ms(shape, c)
    n = shape.messages_per_conversation
    customer = customer_address(c)
    inbound = ",".join(_details(shape, c, m) for m in range(0, n, 2))
    outbound = ",".join(_details(shape, c, m) for m in range(1, n, 2))
    org = f'{{"name":"Benchmark Org","addressNormalized":"{ORG_ADDRESS}","addressRaw":"{ORG_ADDRESS}"}}'
    cust = f'{{"name":"Customer {c}","addressNormalized":"{customer}","addressRaw":"{customer}"}}'
    customer_part = (
        f'{{"id":"{participant_id(c, 1)}","name":"Customer {c}","address":"{customer}",'
        f'"startTime":"{iso(start)}","connectedTime":"{iso(start)}","endTime":"{iso(end)}","purpose":"customer",'
        f'"state":"disconnected","direction":"inbound","disconnectType":"endpoint","held":false,'
        f'"wrapupRequired":false,"provider":"PureCloud Messaging","peer":"{session_id(c, 2)}",'
        f'"fromAddress":{cust},"toAddress":{org},"messages":[{inbound}],"type":"sms"}}'
    )
    agent_part = (
        f'{{"id":"{participant_id(c, 2)}","name":"Agent Smith","address":"{ORG_ADDRESS}",'
        f'"startTime":"{iso(start + 2_000)}","connectedTime":"{iso(start + 3_000)}","endTime":"{iso(end)}",'
        f'"purpose":"agent","state":"disconnected","direction":"inbound","disconnectType":"client","held":false,'
        f'"wrapupRequired":true,"user":{{"id":"{AGENT_USER_ID}","name":"Agent Smith",'
        f'"selfUri":"/api/v2/users/{AGENT_USER_ID}"}},"queue":{{"id":"{QUEUE_ID}",'
        f'"selfUri":"/api/v2/routing/queues/{QUEUE_ID}"}},"wrapup":{wrapup_json(shape, c)},'
        f'"provider":"PureCloud Messaging","peer":"{session_id(c, 1)}",'
        f'"fromAddress":{org},"toAddress":{cust},"messages":[{outbound}],"type":"sms"}}'
    )
    return (
        f'{{"id":"{cid}","participants":[{customer_part},{agent_part}],'
        f'"divisions":[{{"division":{{"id":"{DIVISION_ID}","name":"Home",'
        f'"selfUri":"/api/v2/authorization/divisions/{DIVISION_ID}"}},"entities":[]}}],'
        f'"selfUri":"/api/v2/conversations/messages/{cid}"}}'
    ).encode()


# MARK: - Analytics detail record (endpoints 34, 40)


def analytics_record(shape: Shape, c: int) -> bytes:
    cid = conversation_id(c)
    start, end = conversation_start_ms(shape, c), conversation_end_ms(shape, c)
    customer = customer_address(c)
    customer_session = (
        f'{{"sessionId":"{session_id(c, 1)}","mediaType":"message","messageType":"sms","direction":"inbound",'
        f'"provider":"PureCloud Messaging","peerId":"{session_id(c, 2)}","addressFrom":"{customer}",'
        f'"addressTo":"{ORG_ADDRESS}","remote":"Customer {c}","segments":[{{"segmentStart":"{iso(start)}",'
        f'"segmentEnd":"{iso(end)}","segmentType":"interact","disconnectType":"endpoint"}}]}}'
    )
    agent_session = (
        f'{{"sessionId":"{session_id(c, 2)}","mediaType":"message","messageType":"sms","direction":"inbound",'
        f'"provider":"PureCloud Messaging","peerId":"{session_id(c, 1)}","addressFrom":"{ORG_ADDRESS}",'
        f'"addressTo":"{customer}","remote":"Customer {c}","segments":['
        f'{{"segmentStart":"{iso(start + 3_000)}","segmentEnd":"{iso(end)}","segmentType":"interact",'
        f'"queueId":"{QUEUE_ID}","disconnectType":"client"}},'
        f'{{"segmentStart":"{iso(end)}","segmentEnd":"{iso(end + 20_000)}","segmentType":"wrapup",'
        f'"queueId":"{QUEUE_ID}","wrapUpCode":"{WRAPUP_CODE_ID}","wrapUpNote":"Customer helped, case {c}"}}]}}'
    )
    return (
        f'{{"conversationId":"{cid}","conversationStart":"{iso(start)}","conversationEnd":"{iso(end)}",'
        f'"divisionIds":["{DIVISION_ID}"],"originatingDirection":"inbound","conversationInitiator":"customer",'
        f'"customerParticipation":true,"participants":['
        f'{{"participantId":"{participant_id(c, 1)}","participantName":"Customer {c}","purpose":"customer",'
        f'"sessions":[{customer_session}]}},'
        f'{{"participantId":"{participant_id(c, 2)}","participantName":"Agent Smith","purpose":"agent",'
        f'"userId":"{AGENT_USER_ID}","sessions":[{agent_session}]}}]}}'
    ).encode()
