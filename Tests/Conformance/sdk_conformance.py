#!/usr/bin/env python3
"""Conformance check: Genesys Cloud's own Python SDK (PureCloudPlatformClientV2 269.0.0) against the simulator.

Usage:
    sdk_conformance.py BASE_URL [CLIENT_ID CLIENT_SECRET]
or set GENESYS_SIM_URL, GENESYS_SIM_CLIENT_ID, GENESYS_SIM_CLIENT_SECRET (defaults: sim-client / sim-secret).
GENESYS_SIM_INTERVAL overrides the analytics interval (default: the simulator's default org range).

Calls every read endpoint and a representative set of write endpoints through the SDK. A check fails on
any exception, on a model that comes back empty, on an enum value the SDK maps to "outdated_sdk_version",
and on a JSON field the simulator sends that the SDK model does not declare (raw responses are compared
with the SDK's swagger_types). Exits 0 when every check passes, 1 otherwise; prints one line per check.
"""
import os
import sys
import urllib.request
import urllib.error

import PureCloudPlatformClientV2 as gc

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from conformance_checks import Sim, check, expect_status, finish, record  # noqa: E402
from conformance_writes import writes  # noqa: E402


def main(argv):
    base = argv[1] if len(argv) > 1 else os.environ.get("GENESYS_SIM_URL")
    if not base:
        print(__doc__)
        return 2
    client_id = argv[2] if len(argv) > 2 else os.environ.get("GENESYS_SIM_CLIENT_ID", "sim-client")
    secret = argv[3] if len(argv) > 3 else os.environ.get("GENESYS_SIM_CLIENT_SECRET", "sim-secret")
    interval = os.environ.get("GENESYS_SIM_INTERVAL", "2026-10-02T00:00:00.000Z/2026-11-01T00:00:00.000Z")

    try:
        sim = Sim(base, client_id, secret)
        record("oauth client credentials", bool(sim.api_client.access_token))
    except Exception as error:  # noqa: BLE001
        record("oauth client credentials", False, str(error))
        return 1
    conv = sim.conversations
    analytics = sim.analytics

    # --- Analytics discovery (34) -------------------------------------------------------------
    predicate = gc.SegmentDetailQueryPredicate()
    predicate.type = "dimension"
    predicate.dimension = "mediaType"
    predicate.operator = "matches"
    predicate.value = "message"
    segment_filter = gc.SegmentDetailQueryFilter()
    segment_filter.type = "and"
    segment_filter.predicates = [predicate]
    paging = gc.PagingSpec()
    paging.page_size = 25
    paging.page_number = 1
    query = gc.ConversationQuery()
    query.interval = interval
    query.order = "asc"
    query.order_by = "conversationStart"
    query.paging = paging
    query.segment_filters = [segment_filter]
    raw_query = {"interval": interval, "order": "asc", "orderBy": "conversationStart",
                 "paging": {"pageSize": 25, "pageNumber": 1},
                 "segmentFilters": [{"type": "and", "predicates": [{"type": "dimension", "dimension": "mediaType",
                                                                  "operator": "matches", "value": "message"}]}]}
    details = check("34 POST analytics/conversations/details/query",
                    lambda: analytics.post_analytics_conversations_details_query(query),
                    "AnalyticsConversationQueryResponse",
                    lambda: sim.raw("POST", "/api/v2/analytics/conversations/details/query", raw_query),
                    lambda r: None if r.conversations and r.total_hits else "no conversations found")
    if not details or not details.conversations:
        return finish()
    ids = [c.conversation_id for c in details.conversations]

    # --- Snapshots (12, 42) and message bodies (18, 19, 20) --------------------------------------
    chosen = None
    for conversation_id in ids:
        snapshot = conv.get_conversations_message(conversation_id)
        if any(p.purpose == "agent" and p.wrapup is not None for p in snapshot.participants or []):
            chosen = conversation_id
            break
    chosen = chosen or ids[0]
    snapshot = check("12 GET conversations/messages/{id}", lambda: conv.get_conversations_message(chosen),
                     "MessageConversation", lambda: sim.raw("GET", "/api/v2/conversations/messages/" + chosen),
                     lambda r: None if r.id == chosen and r.participants else "participants missing")
    generic = check("42 GET conversations/{id}", lambda: conv.get_conversation(chosen), "Conversation",
                    lambda: sim.raw("GET", "/api/v2/conversations/" + chosen),
                    lambda r: None if r.participants and r.participants[0].messages and r.participants[0].messages[0].id
                    else "communication ids missing")
    message_ids = []
    for participant in (snapshot.participants if snapshot else []) or []:
        message_ids += [m.message_id for m in participant.messages or []]
    bulk = check("18 POST conversations/messages/{id}/messages/bulk",
                 lambda: conv.post_conversations_message_messages_bulk(chosen, body=message_ids[:1000]),
                 "TextMessageListing",
                 lambda: sim.raw("POST", "/api/v2/conversations/messages/%s/messages/bulk" % chosen, message_ids[:1000]),
                 lambda r: None if len(r.entities or []) == min(len(message_ids), 1000) else "bulk count differs")
    if message_ids:
        mid = message_ids[0]
        check("19 GET conversations/messages/{id}/messages/{messageId}",
              lambda: conv.get_conversations_message_message(chosen, mid), "MessageData",
              lambda: sim.raw("GET", "/api/v2/conversations/messages/%s/messages/%s" % (chosen, mid)),
              lambda r: None if r.id == mid and r.timestamp is not None else "id/timestamp missing")
        check("20 GET conversations/messages/{messageId}/details", lambda: conv.get_conversations_message_details(mid),
              "MessageData", lambda: sim.raw("GET", "/api/v2/conversations/messages/%s/details" % mid),
              lambda r: None if r.id == mid else "id missing")
    if bulk and bulk.entities:
        texts = [m for m in bulk.entities if m.normalized_message is not None and m.normalized_message.text]
        record("18 bulk messages carry normalizedMessage.text", bool(texts))
        attachments = [c.attachment for m in bulk.entities if m.normalized_message
                       for c in (m.normalized_message.content or []) if c.attachment is not None]
        if attachments:
            record("attachment sha256/url populated", all(a.sha256 and a.url for a in attachments))

    # --- Wrap-ups (30, 32, 33) ---------------------------------------------------------------------
    agent = next((p for p in (snapshot.participants if snapshot else []) or [] if p.purpose == "agent" and p.wrapup), None)
    if agent is not None and generic is not None:
        communication = next(p.messages[0].id for p in generic.participants if p.id == agent.id)
        check("32 GET participants/{pid}/wrapup",
              lambda: conv.get_conversations_message_participant_wrapup(chosen, agent.id), "AssignedWrapupCode",
              lambda: sim.raw("GET", "/api/v2/conversations/messages/%s/participants/%s/wrapup" % (chosen, agent.id)),
              lambda r: None if r.code else "code missing")
        check("30 GET participants/{pid}/communications/{cid}/wrapup",
              lambda: conv.get_conversations_message_participant_communication_wrapup(chosen, agent.id, communication,
                                                                                      provisional=False),
              "AssignedWrapupCode",
              lambda: sim.raw("GET", "/api/v2/conversations/messages/%s/participants/%s/communications/%s/wrapup"
                              % (chosen, agent.id, communication)),
              lambda r: None if r.code else "code missing")
        check("33 GET participants/{pid}/wrapupcodes",
              lambda: conv.get_conversations_message_participant_wrapupcodes(chosen, agent.id), "list[WrapupCode]",
              lambda: sim.raw("GET", "/api/v2/conversations/messages/%s/participants/%s/wrapupcodes" % (chosen, agent.id)),
              lambda r: None if r and all(c.id and c.name for c in r) else "codes empty")
        customer = snapshot.participants[0]
        expect_status("32 customer wrap-up is 404",
                      lambda: conv.get_conversations_message_participant_wrapup(chosen, customer.id), 404)
    else:
        record("30/32/33 wrap-ups", False, "no agent with a wrap-up in the first page")

    # --- Active conversations (1) and cached media (4, 5, 6) --------------------------------------
    check("1 GET conversations/messages", lambda: conv.get_conversations_messages(), "MessageConversationEntityListing",
          lambda: sim.raw("GET", "/api/v2/conversations/messages"))
    media = check("4 GET cachedmedia", lambda: conv.get_conversations_messages_cachedmedia(page_size=25, page_number=2),
                  "CachedMediaItemEntityListing",
                  lambda: sim.raw("GET", "/api/v2/conversations/messages/cachedmedia?pageSize=25&pageNumber=2"),
                  lambda r: None if r.entities and r.page_number == 2 and r.next_uri and r.previous_uri else "paging fields")
    if media and media.entities:
        item_id = media.entities[0].id
        check("5 GET cachedmedia/{id}", lambda: conv.get_conversations_messages_cachedmedia_cached_media_item_id(item_id),
              "CachedMediaItem", lambda: sim.raw("GET", "/api/v2/conversations/messages/cachedmedia/" + item_id),
              lambda r: None if r.id == item_id and r.date_created is not None else "item fields missing")
        check("6 DELETE cachedmedia/{id}",
              lambda: conv.delete_conversations_messages_cachedmedia_cached_media_item_id(item_id))
        expect_status("5 deleted item is 404",
                      lambda: conv.get_conversations_messages_cachedmedia_cached_media_item_id(item_id), 404)

    # --- Async jobs (35–39) and lookups (40, 41) ---------------------------------------------------
    async_query = gc.AsyncConversationQuery()
    async_query.interval = interval
    async_query.segment_filters = [segment_filter]
    job = check("35 POST details/jobs", lambda: analytics.post_analytics_conversations_details_jobs(async_query),
                "AsyncQueryResponse", None, lambda r: None if r.job_id else "jobId missing")
    if job:
        state = None
        for _ in range(5):
            status = check("36 GET details/jobs/{id}", lambda: analytics.get_analytics_conversations_details_job(job.job_id),
                           "AsyncQueryStatus",
                           None, lambda r: None if r.state in ("QUEUED", "PENDING", "FULFILLED") else "state " + str(r.state))
            state = status.state if status else None
            if state == "FULFILLED":
                break
        cursor = None
        pages = 0
        while True:
            kwargs = {"page_size": 50}
            if cursor:
                kwargs["cursor"] = cursor
            page = check("37 GET details/jobs/{id}/results",
                         lambda: analytics.get_analytics_conversations_details_job_results(job.job_id, **kwargs),
                         "AnalyticsConversationAsyncQueryResponse",
                         lambda: sim.raw("GET", "/api/v2/analytics/conversations/details/jobs/%s/results?pageSize=50%s"
                                         % (job.job_id, ("&cursor=" + urllib.request.quote(cursor, safe="")) if cursor else "")),
                         lambda r: None if r.data_availability_date is not None else "dataAvailabilityDate missing")
            pages += 1
            if page is None or not page.cursor or pages > 50:
                break
            cursor = page.cursor
        check("38 DELETE details/jobs/{id}", lambda: analytics.delete_analytics_conversations_details_job(job.job_id))
    check("39 GET details/jobs/availability", lambda: analytics.get_analytics_conversations_details_jobs_availability(),
          "DataAvailabilityResponse", lambda: sim.raw("GET", "/api/v2/analytics/conversations/details/jobs/availability"),
          lambda r: None if r.data_availability_date is not None else "date missing")
    check("40 GET analytics/conversations/details?id=", lambda: analytics.get_analytics_conversations_details(id=ids[:3]),
          "AnalyticsConversationWithoutAttributesMultiGetResponse",
          lambda: sim.raw("GET", "/api/v2/analytics/conversations/details?id=" + ",".join(ids[:3])),
          lambda r: None if len(r.conversations or []) == len(ids[:3]) else "count differs")
    check("41 GET analytics/conversations/{id}/details", lambda: analytics.get_analytics_conversation_details(ids[0]),
          "AnalyticsConversationWithoutAttributes",
          lambda: sim.raw("GET", "/api/v2/analytics/conversations/%s/details" % ids[0]),
          lambda r: None if r.conversation_id == ids[0] and r.participants else "participants missing")

    writes(sim, conv)
    raw_fidelity(sim)
    return finish()


def raw_fidelity(sim):
    """What the SDK's lenient parsing would hide: datetimes echoed in the client's spelling, rate-limit headers."""
    sent = "2026-11-20T10:00:00.250000+00:00"  # what datetime.isoformat() writes
    canonical = "2026-11-20T10:00:00.250Z"
    sender = {"id": "sdk-raw-1", "idType": "Opaque"}
    base = "/api/v2/conversations/messages/sdk-raw/inbound/open"
    bodies = [
        ("9", base + "/message?prefetchConversationId=true",
         {"channel": {"messageId": "raw-1", "from": sender, "time": sent}, "text": "raw"}),
        ("8", base + "/event", {"channel": {"from": sender, "time": sent},
                                "events": [{"eventType": "Typing", "typing": {"type": "On"}}]}),
        ("11", base + "/structured/response", {"channel": {"from": sender, "time": sent},
                                               "buttonResponse": {"type": "Button", "text": "Yes", "payload": "y"}}),
        ("7", "/api/v2/conversations/messages/inbound/open",
         {"channel": {"id": "sdk-raw", "from": {"id": "sdk-raw-2"}, "time": sent}, "type": "Text", "text": "old"}),
    ]
    message_id = None
    for number, path, body in bodies:
        try:
            value, headers = sim.raw_with_headers("POST", path, body)
        except Exception as error:  # noqa: BLE001
            record(number + " raw channel.time", False, str(error))
            continue
        message_id = message_id or value.get("id")
        time = (value.get("channel") or {}).get("time")
        record(number + " raw channel.time is canonical", time == canonical, "got %r" % time)
    try:
        value, headers = sim.raw_with_headers("POST", base + "/receipt", {
            "id": message_id, "channel": {"to": sender, "time": sent}, "status": "Delivered"})
        time = (value.get("channel") or {}).get("time")
        record("10 raw channel.time is canonical", time == canonical, "got %r" % time)
        counts = [headers.get(h) for h in ("inin-ratelimit-count", "inin-ratelimit-allowed", "inin-ratelimit-reset")]
        ok = all(c is not None and c.isdigit() for c in counts) and 1 <= int(counts[0]) and 1 <= int(counts[2]) <= 60
        record("inin-ratelimit-count/allowed/reset on API responses", ok, "got %r" % counts)
    except Exception as error:  # noqa: BLE001
        record("10 raw channel.time", False, str(error))



if __name__ == "__main__":
    sys.exit(main(sys.argv))
