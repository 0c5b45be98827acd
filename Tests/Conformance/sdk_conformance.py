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
import datetime
import json
import os
import re
import sys
import traceback
import urllib.request
import urllib.error

import PureCloudPlatformClientV2 as gc
from PureCloudPlatformClientV2 import models as sdk_models
from PureCloudPlatformClientV2.rest import ApiException

# Fields the simulator sends on purpose although SDK 269 dropped them: legacy-shaped messages
# (SDK <= 264 still knew MessageData.textBody/media; the reference documents them as removed in 265).
ALLOWED_UNKNOWN = {("MessageData", "textBody"), ("MessageData", "media")}

results = []


def record(name, ok, detail=""):
    results.append((name, ok, detail))
    print(("PASS " if ok else "FAIL ") + name + ((" — " + detail) if detail else ""), flush=True)


class Sim:
    def __init__(self, base, client_id, secret):
        self.base = base.rstrip("/")
        self.api_client = gc.api_client.ApiClient(host=self.base)
        self.api_client.get_client_credentials_token(client_id, secret)
        self.conversations = gc.ConversationsApi(self.api_client)
        self.analytics = gc.AnalyticsApi(self.api_client)

    def raw(self, method, path, body=None, auth=True, content_type="application/json"):
        return self.raw_with_headers(method, path, body, auth, content_type)[0]

    def raw_with_headers(self, method, path, body=None, auth=True, content_type="application/json"):
        data = None
        if body is not None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path if path.startswith("/") else path, data=data, method=method)
        if auth:
            request.add_header("Authorization", "Bearer " + self.api_client.access_token)
        request.add_header("Content-Type", content_type)
        with urllib.request.urlopen(request) as response:
            text = response.read()
            value = json.loads(text) if text and content_type == "application/json" else text
            return value, {name.lower(): header for name, header in response.getheaders()}


def outdated(value, path="$"):
    """Paths where the SDK mapped an enum value it does not know to 'outdated_sdk_version'."""
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            found += outdated(item, path + "." + str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += outdated(item, "%s[%d]" % (path, index))
    elif value == "outdated_sdk_version":
        found.append(path)
    return found


def unknown_fields(value, type_name, path="$"):
    """JSON members the SDK model `type_name` does not declare (recursively)."""
    if value is None:
        return []
    list_match = re.match(r"list\[(.*)\]$", type_name)
    if list_match:
        problems = []
        for index, item in enumerate(value if isinstance(value, list) else []):
            problems += unknown_fields(item, list_match.group(1), "%s[%d]" % (path, index))
        if not isinstance(value, list):
            problems.append(path + " is not a list")
        return problems
    dict_match = re.match(r"dict\(([^,]*), (.*)\)$", type_name)
    if dict_match:
        problems = []
        for key, item in (value.items() if isinstance(value, dict) else []):
            problems += unknown_fields(item, dict_match.group(2), path + "." + key)
        return problems
    if type_name in ("str", "int", "float", "bool", "date", "datetime", "object"):
        return []
    cls = getattr(sdk_models, type_name, None)
    if cls is None:
        return [path + ": SDK has no model " + type_name]
    instance = cls()
    by_json = {json_name: instance.swagger_types[attr] for attr, json_name in instance.attribute_map.items()}
    problems = []
    if not isinstance(value, dict):
        return [path + " is not an object for " + type_name]
    for key, item in value.items():
        if key not in by_json:
            if (type_name, key) not in ALLOWED_UNKNOWN:
                problems.append("%s.%s (not in SDK %s)" % (path, key, type_name))
            continue
        problems += unknown_fields(item, by_json[key], path + "." + key)
    return problems


DATETIME_LIKE = re.compile(r"^\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d")
CANONICAL_DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def noncanonical_datetimes(value, path="$"):
    """Strings that look like datetimes but are not yyyy-MM-ddTHH:mm:ss.SSSZ, as Genesys prints them."""
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in noncanonical_datetimes(item, path + "." + str(key))]
    if isinstance(value, list):
        return [p for index, item in enumerate(value) for p in noncanonical_datetimes(item, "%s[%d]" % (path, index))]
    if isinstance(value, str) and DATETIME_LIKE.match(value) and not CANONICAL_DATETIME.match(value):
        return ["%s = %s is not yyyy-MM-ddTHH:mm:ss.SSSZ" % (path, value)]
    return []


def check(name, call, sdk_type=None, raw=None, expect=None):
    """Runs `call`; validates the SDK model and (optionally) the raw JSON against `sdk_type`."""
    try:
        result = call()
    except ApiException as error:
        record(name, False, "HTTP %s: %s" % (error.status, (error.body or "")[:300]))
        return None
    except Exception as error:  # noqa: BLE001 - any SDK failure is a conformance failure
        record(name, False, "%s: %s" % (type(error).__name__, error))
        traceback.print_exc()
        return None
    problems = []
    if sdk_type is not None and result is None:
        problems.append("SDK returned None")
    if result is not None and hasattr(result, "to_dict"):
        problems += ["enum not accepted at " + p for p in outdated(result.to_dict())]
    elif isinstance(result, list):
        for item in result:
            if hasattr(item, "to_dict"):
                problems += ["enum not accepted at " + p for p in outdated(item.to_dict())]
    if raw is not None and sdk_type is not None:
        try:
            raw_value = raw()
            problems += unknown_fields(raw_value, sdk_type)
            problems += noncanonical_datetimes(raw_value)
        except Exception as error:  # noqa: BLE001
            problems.append("raw fetch failed: %s" % error)
    if expect is not None and result is not None:
        try:
            message = expect(result)
            if message:
                problems.append(message)
        except Exception as error:  # noqa: BLE001
            problems.append("expectation raised %s: %s" % (type(error).__name__, error))
    record(name, not problems, "; ".join(problems[:8]))
    return result


def expect_status(name, call, status):
    try:
        call()
        record(name, False, "expected HTTP %d, the call succeeded" % status)
    except ApiException as error:
        record(name, error.status == status, "HTTP %s" % error.status)


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


def writes(sim, conv):
    # --- Open Messaging inbound (9, 8, 10, 11, 7) --------------------------------------------------
    sender = {"id": "sdk-user-1", "idType": "Opaque", "nickname": "SDK Tester"}
    inbound = gc.OpenInboundNormalizedMessage()
    inbound.channel = gc.OpenInboundMessageMessagingChannel()
    inbound.channel.message_id = "sdk-msg-1"
    from_recipient = gc.OpenMessagingFromRecipient()
    from_recipient.id = sender["id"]
    from_recipient.id_type = sender["idType"]
    from_recipient.nickname = sender["nickname"]
    inbound.channel.pcFrom = from_recipient
    inbound.channel.time = datetime.datetime(2026, 11, 20, 10, 0, tzinfo=datetime.timezone.utc)
    inbound.text = "Hello from the Python SDK 🐍"
    created = check("9 POST {integrationId}/inbound/open/message",
                    lambda: conv.post_conversations_message_inbound_open_message("sdk-integration", inbound,
                                                                               prefetch_conversation_id=True),
                    "OpenMessageNormalizedMessage", None,
                    lambda r: None if r.id and r.conversation_id else "id/conversationId missing")
    if not created:
        return
    conversation_id = created.conversation_id
    event = gc.OpenInboundNormalizedEvent()
    event.channel = gc.OpenInboundMessagingChannel()
    event.channel.pcFrom = from_recipient
    event.channel.time = inbound.channel.time
    typing_event = gc.OpenMessageEvent()
    typing_event.event_type = "Typing"
    typing_event.typing = gc.ConversationEventTyping()
    typing_event.typing.type = "On"
    event.events = [typing_event]
    check("8 POST {integrationId}/inbound/open/event",
          lambda: conv.post_conversations_message_inbound_open_event("sdk-integration", event),
          "OpenEventNormalizedMessage", None, lambda r: None if r.id else "id missing")
    receipt = gc.OpenInboundNormalizedReceipt()
    receipt.id = created.id
    receipt.channel = gc.OpenInboundMessagingReceiptChannel()
    receipt.channel.to = gc.OpenMessagingToRecipient()
    receipt.channel.to.id = sender["id"]
    receipt.status = "Delivered"
    receipt.is_final_receipt = True
    check("10 POST {integrationId}/inbound/open/receipt",
          lambda: conv.post_conversations_message_inbound_open_receipt("sdk-integration", receipt),
          "OpenReceiptNormalizedMessage", None, lambda r: None if r.status == "Delivered" else "status " + str(r.status))
    structured = gc.OpenInboundStructuredResponseMessage()
    structured.channel = inbound.channel
    structured.button_response = gc.ContentButtonResponse()
    structured.button_response.type = "Button"
    structured.button_response.text = "Yes"
    structured.button_response.payload = "yes"
    check("11 POST {integrationId}/inbound/open/structured/response",
          lambda: conv.post_conversations_message_inbound_open_structured_response("sdk-integration", structured),
          "OpenStructuredResponseNormalizedMessage", None, lambda r: None if r.id else "id missing")

    generic = check("42 GET conversations/{id} (created)", lambda: conv.get_conversation(conversation_id), "Conversation")
    if generic is None:
        return
    agent = next(p for p in generic.participants if p.purpose == "agent")
    communication = agent.messages[0].id

    body = gc.AdditionalMessage()
    body.text_body = "Reply from the SDK ✅"
    check("15 POST communications/{cid}/messages",
          lambda: conv.post_conversations_message_communication_messages(conversation_id, communication, body),
          "MessageData", None, lambda r: None if r.id and r.normalized_message and r.normalized_message.text else "text missing")
    social = gc.AdditionalSocialMediaMessage()
    social.text_body = "Public reply"
    check("16 POST communications/{cid}/socialmedia/messages",
          lambda: conv.post_conversations_message_communication_socialmedia_messages(conversation_id, communication, social),
          "SocialMediaMessageData", None, lambda r: None if r.id else "id missing")
    typing = gc.MessageTypingEventRequest()
    typing.typing = gc.ConversationEventTyping()
    typing.typing.type = "On"
    typing.typing.duration = 2000
    check("17 POST communications/{cid}/typing",
          lambda: conv.post_conversations_message_communication_typing(conversation_id, communication, typing))

    upload_request = gc.UploadMediaRequest()
    upload_request.file_name = "sdk.txt"
    upload = check("23 POST messages/media/uploads",
                   lambda: conv.post_conversations_message_communication_messages_media_uploads(conversation_id, communication,
                                                                                               upload_request),
                   "MessageMediaUploadData", None, lambda r: None if r.id and r.upload_url else "uploadUrl missing")
    if upload:
        sim.raw("PUT", upload.upload_url, b"hello media", auth=False, content_type="text/plain")
        check("24 GET messages/media/{mediaId}",
              lambda: conv.get_conversations_message_communication_messages_media_media_id(conversation_id, communication,
                                                                                            upload.id),
              "MessageMediaData", None, lambda r: None if r.status == "valid" and r.url else "upload not valid")
        check("21 GET messages/media?status=valid",
              lambda: conv.get_conversations_message_communication_messages_media(conversation_id, communication,
                                                                                   status="valid"),
              "MessageMediaListing", None, lambda r: None if r.total == 1 else "listing total %s" % r.total)
    check("22 POST messages/media (deprecated)",
          lambda: conv.post_conversations_message_communication_messages_media(conversation_id, communication),
          "MessageMediaData")

    codes = conv.get_conversations_message_participant_wrapupcodes(conversation_id, agent.id)
    wrapup = gc.WrapupInput()
    wrapup.code = codes[0].id
    wrapup.notes = "applied by the SDK"
    wrapup.tags = ["sdk"]
    wrapup.duration_seconds = 12
    check("31 POST participants/{pid}/communications/{cid}/wrapup",
          lambda: conv.post_conversations_message_participant_communication_wrapup(conversation_id, agent.id, communication,
                                                                                   body=wrapup))
    check("32 wrap-up readable after POST", lambda: conv.get_conversations_message_participant_wrapup(conversation_id, agent.id),
          "AssignedWrapupCode", None, lambda r: None if r.code == codes[0].id and r.notes == "applied by the SDK" else "mismatch")
    attributes = gc.ParticipantAttributes()
    attributes.attributes = {"crm.id": "42"}
    check("26 PATCH participants/{pid}/attributes",
          lambda: conv.patch_conversations_message_participant_attributes(conversation_id, agent.id, body=attributes),
          "ParticipantAttributes", None, lambda r: None if r.attributes.get("crm.id") == "42" else "attributes missing")
    participant_update = gc.MediaParticipantRequest()
    participant_update.recording = True
    check("25 PATCH participants/{pid}",
          lambda: conv.patch_conversations_message_participant(conversation_id, agent.id, body=participant_update))
    check("28 POST participants/{pid}/monitor",
          lambda: conv.post_conversations_message_participant_monitor(conversation_id, agent.id))
    transfer = gc.TransferRequest()
    transfer.user_id = "sdk-user"
    transfer.user_name = "SDK Agent"
    check("29 POST participants/{pid}/replace",
          lambda: conv.post_conversations_message_participant_replace(conversation_id, agent.id, transfer))
    recording = gc.SetRecordingState()
    recording.recording_state = "PAUSED"
    check("14 PUT recordingstate", lambda: conv.put_conversations_message_recordingstate(conversation_id, recording))
    customer = next(p for p in generic.participants if p.purpose == "customer")
    disconnect = gc.MediaParticipantRequest()
    disconnect.state = "disconnected"
    check("27 PATCH participants/{pid}/communications/{cid}",
          lambda: conv.patch_conversations_message_participant_communication(conversation_id, customer.id,
                                                                              customer.messages[0].id, disconnect))
    end = gc.Conversation()
    end.state = "disconnected"
    check("13 PATCH conversations/messages/{id}", lambda: conv.patch_conversations_message(conversation_id, end),
          "Conversation", None, lambda r: None if r.end_time is not None and r.recording_state == "PAUSED" else "not ended")

    outbound = gc.CreateOutboundMessagingConversationRequest()
    outbound.to_address = "+14155550123"
    outbound.to_address_messenger_type = "sms"
    check("2 POST conversations/messages", lambda: conv.post_conversations_messages(outbound),
          "CreateOutboundMessagingConversationResponse", None, lambda r: None if r.id else "id missing")
    agentless = gc.SendAgentlessOutboundMessageRequest()
    agentless.from_address = "+18885550100"
    agentless.to_address = "+14155550124"
    agentless.to_address_messenger_type = "sms"
    agentless.text_body = "Your appointment is confirmed"
    check("3 POST conversations/messages/agentless", lambda: conv.post_conversations_messages_agentless(agentless),
          "SendAgentlessOutboundMessageResponse", None,
          lambda r: None if r.id and r.conversation_id else "ids missing")
    legacy = gc.OpenNormalizedMessage()
    legacy.channel = inbound.channel
    legacy.type = "Text"
    legacy.text = "deprecated inbound path"
    legacy.direction = "Inbound"
    check("7 POST inbound/open (deprecated)", lambda: conv.post_conversations_messages_inbound_open(legacy),
          "OpenNormalizedMessage", None, lambda r: None if r.id else "id missing")


def finish():
    failed = [r for r in results if not r[1]]
    print("%d checks, %d failed" % (len(results), len(failed)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
