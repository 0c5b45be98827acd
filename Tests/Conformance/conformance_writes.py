"""The write endpoints of the SDK conformance check (sdk_conformance.py)."""
import datetime

import PureCloudPlatformClientV2 as gc

from conformance_checks import check


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
