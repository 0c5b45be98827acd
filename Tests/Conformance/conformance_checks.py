"""What the SDK conformance check is made of: the simulator handle, the checks and their record."""
import json
import re
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


def finish():
    failed = [r for r in results if not r[1]]
    print("%d checks, %d failed" % (len(results), len(failed)))
    return 1 if failed else 0
