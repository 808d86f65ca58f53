"""CloudWatch Logs filter patterns: AWS's documented examples, CloudTrail alarm patterns, VPC flow
log patterns, error messages, Arrow expressions and the metric-filter count.

Example events and expected matches are written from AWS's pages (our own restatement):
- https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
- https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/MonitoringPolicyExamples.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail-additional-examples.html
- https://docs.aws.amazon.com/vpc/latest/userguide/process-records-cwl.html
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import traceback
from datetime import UTC, datetime
from typing import Any

import pytest

import awslogparse
from awslogparse import filterpattern as fp
from awslogparse.filterpattern import ArrowUnsupportedError, FilterPatternError

pa = pytest.importorskip("pyarrow")
pc = pytest.importorskip("pyarrow.compute")


def hits(pattern: str, events: list[Any], **kw: Any) -> list[int]:
    compiled = fp.compile(pattern, **kw)
    return [i for i, e in enumerate(events) if compiled.matches(e)]


# ---- unstructured terms ------------------------------------------------------------------------

# The page's example messages (current page, plus the ones its "?" note lists).
MESSAGES = [
    "[ERROR 400] BAD REQUEST",            # 0
    "[ERROR 401] UNAUTHORIZED REQUEST",   # 1
    "[ERROR 419] MISSING ARGUMENTS",      # 2
    "[ERROR 420] INVALID ARGUMENTS",      # 3
    "[ERROR 500] INTERNAL SERVER ERROR",  # 4
    "[INFO] REQUEST FAILED",              # 5
    "[WARN] UNAUTHORIZED REQUEST",        # 6
    "[ERROR] 400 BAD REQUEST",            # 7
    "[SUCCESS 200] AUTHORIZED REQUEST",   # 8
    "[INFO] INVALID ARGUMENTS PROVIDED",  # 9
]


@pytest.mark.parametrize(("pattern", "expected"), [
    ("ERROR", [0, 1, 2, 3, 4, 7]),
    ("ERROR ARGUMENTS", [2, 3]),                   # both terms; not 0 and 1
    ("?ERROR ?ARGUMENTS", [0, 1, 2, 3, 4, 7, 9]),  # either term
    # "?" terms are ignored when the pattern has other terms: this is just REQUEST
    ("?ERROR ?ARGUMENTS REQUEST", [0, 1, 5, 6, 7, 8]),
    ('"INTERNAL SERVER ERROR"', [4]),
    ("ERROR -ARGUMENTS", [0, 1, 4, 7]),            # not 2 and 3
    ('" "', list(range(10))),                      # match everything
    ("", list(range(10))),
    ("%AUTHORIZED%", [1, 6, 8]),                   # the regex example
])
def test_unstructured_examples(pattern: str, expected: list[int]) -> None:
    assert hits(pattern, MESSAGES) == expected


def test_older_page_term_examples() -> None:
    # the earlier edition of the page: substring matching, exclusion, multiple terms
    events = ["[ERROR] A fatal exception has occurred", "Exiting with ERRORCODE: -1",
              "[ERROR] Caught IllegalArgumentException", "[ERROR] Unhandled Exception",
              "[WARN] Failed to process the request",
              "[ERROR] Unable to continue: Failed to process the request"]
    assert hits('"ERROR"', events) == [0, 1, 2, 3, 5]
    assert hits('"ERROR" - "Exiting"', events) == [0, 2, 3, 5]
    assert hits("ERROR Exception", events) == [2, 3]
    assert hits("Failed to process the request", events) == [4, 5]
    # its OR section: ERROR matches 1 and 2, ?ERROR ?WARN all, ERROR WARN 1, ERROR -WARN 2
    three = ["ERROR WARN message", "ERROR message", "WARN message"]
    assert hits("ERROR", three) == [0, 1]
    assert hits("?ERROR ?WARN", three) == [0, 1, 2]
    assert hits("ERROR WARN", three) == [0]
    assert hits("ERROR -WARN", three) == [1]


def test_terms_are_case_sensitive() -> None:
    # "All entries in Filter Pattern are case-sensitive" (count occurrences example)
    events = ["This message contains an Error", "This message also contains an Error",
              "ERROR in caps", "an error in lower case"]
    assert hits("Error", events) == [0, 1]
    assert hits("ERROR", events) == [2]


# ---- regular expressions -----------------------------------------------------------------------


@pytest.mark.parametrize(("pattern", "yes", "no"), [
    ("%^[hc]at%", ["hat trick", "cat"], ["that", "a cat"]),
    ("%[hc]at$%", ["the hat", "cat"], ["hats", "cat\n"]),
    ("%colou?r%", ["color", "colour"], ["colr"]),
    ("%[abc]%", ["a", "b", "c"], ["d"]),
    ("%[a-z]%", ["q"], ["Q9"]),
    ("%[abcx-z]%", ["a", "y"], ["d", "w"]),
    ("%a{3,5}%", ["aaa", "aaaa", "aaaaa"], ["aa", "a a a"]),
    ("%a{3, 5}%", ["aaa"], ["aa"]),            # AWS writes {m, n}
    ("%a{,2}b%", ["b", "aab"], ["c"]),         # either bound may be left out
    ("%gra|ey%", ["gray", "grey"], ["gry"]),
    ("%^starting|^initializing|^shutting down%",
     ["starting ...", "initializing ...", "shutting down"], ["skipping initializing ..."]),
    ("%abcc|ab[^c]$%", ["abcc ...", "aba"], ["aac"]),
    (r"%\[.\]%", ["[a]", "[b]", "[7]", "[@]", "[]]", "[ ]"], ["[]", "[ab]"]),
    (r"%10\.10\.0\.1%", ["10.10.0.1"], ["10010,051"]),
    ("%10.10.0.1%", ["10.10.0.1", "10010,051"], ["10.10.0.2"]),  # the unescaped-dot pitfall
    ("%ab*c%", ["ac", "abc", "abbbc"], ["a-c"]),
    ("%ab[0-9]*%", ["ab", "ab0", "ab129"], ["a b"]),
    ("%ab+c%", ["abc", "abbc", "abbbc"], ["ac"]),
    ("%.at%", ["hat", "cat", "bat", "4at", "#at", " at"], ["at"]),
    (r"%\d%", ["a1"], ["abc"]),
    (r"%\D%", ["1a"], ["123"]),
    (r"%^\s%", [" x", "\tx", "\nx"], ["x"]),
    (r"%^\S+$%", ["abc"], ["a c"]),
    (r"%^\w+$%", ["a_Z9"], ["a-b", "é"]),
    (r"%\W%", ["a-b"], ["a_b"]),
    (r"%\x3A%", ["a:b"], ["ab"]),
    (r"%\x28%", ["f(x)"], ["fx"]),
])
def test_regex_operator_examples(pattern: str, yes: list[str], no: list[str]) -> None:
    compiled = fp.compile(pattern)
    assert [compiled.matches(t) for t in yes] == [True] * len(yes)
    assert [compiled.matches(t) for t in no] == [False] * len(no)


@pytest.mark.parametrize(("pattern", "column", "words"), [
    ("%something!%", 11, "'!'"),           # AWS's own rejected example
    ("%(sub)pattern%", 2, "no parentheses"),
    ("%café%", 5, "ASCII"),
    ("%a**%", 4, "one quantifier"),
    ("%a*+%", 4, "one quantifier"),        # no possessive quantifiers
    ("%[abc%", 6, "']'"),
    (r"%\q%", 2, "escapes"),
    ("%%", 2, "regular expression"),
    ("%abc% ERROR", 7, "stands alone"),
    ("%*abc%", 2, "valid regular expression"),
])
def test_regex_restrictions(pattern: str, column: int, words: str) -> None:
    with pytest.raises(FilterPatternError) as info:
        fp.compile(pattern)
    assert info.value.column == column
    assert words in str(info.value)


# ---- JSON patterns -----------------------------------------------------------------------------

# The page's JSON example event (current edition, plus the older edition's ThisFlag).
EVENT = {
    "eventType": "UpdateTrail",
    "sourceIPAddress": "111.111.111.111",
    "arrayKey": ["value", "another value"],
    "objectList": [{"name": "a", "id": 1}, {"name": "b", "id": 2}],
    "SomeObject": None,
    "cluster.name": "c",
    "ThisFlag": True,
}

# The compound-expression example object.
USERS = {
    "user": {"id": 1, "email": "John.Stiles@example.com"},
    "users": [{"id": 2, "email": "John.Doe@example.com"},
              {"id": 3, "email": "Jane.Doe@example.com"}],
    "actions": ["GET", "PUT", "DELETE"],
    "coordinates": [[0, 1, 2], [4, 5, 6], [7, 8, 9]],
}


@pytest.mark.parametrize("pattern", [
    '{ $.eventType = "UpdateTrail" }',
    "{ $.sourceIPAddress != 123.123.* }",
    '{ $.arrayKey[0] = "value" }',
    "{ $.objectList[1].id = 2 }",
    "{ $.eventType = %Trail% }",
    "{ $.arrayKey[*] = %val.{2}% }",
    r"{ $.* = %111\.111\.111\.1[0-9]{1,2}% }",
    "{ $.['cluster.name'] = \"c\" }",
    "{ $.SomeObject IS NULL }",
    "{ $.SomeOtherObject NOT EXISTS }",
    "{ $.ThisFlag IS TRUE }",
])
def test_json_examples_match(pattern: str) -> None:
    compiled = fp.compile(pattern)
    assert compiled.matches(EVENT)
    assert compiled.matches(json.dumps(EVENT))        # the event as CloudWatch holds it
    assert compiled.matches(json.dumps(EVENT, indent=2).encode())


@pytest.mark.parametrize("pattern", [
    '{ $.eventType = "UpdateTrai" }',
    "{ $.sourceIPAddress != 111.111.* }",
    '{ $.arrayKey[1] = "value" }',
    "{ $.arrayKey[2] = value }",
    "{ $.objectList[1].id = 1 }",
    "{ $.ThisFlag IS FALSE }",
    "{ $.SomeObject NOT EXISTS }",      # null exists
    "{ $.eventType IS NULL }",
    "{ $.SomeOtherObject IS NULL }",    # missing is not null
    "{ $.cluster.name = c }",           # a dotted key needs the bracket form
    "{ $.eventType[0] = UpdateTrail }",  # not an array: false
    "{ $.sourceIPAddress.x = 1 }",      # not an object: false
])
def test_json_examples_do_not_match(pattern: str) -> None:
    assert not fp.compile(pattern).matches(EVENT)


@pytest.mark.parametrize(("pattern", "matches"), [
    ('{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }', True),
    ('{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = "nonmatch" '
     '&& $.actions[2] = "nonmatch" }', True),
    ('{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = "nonmatch") '
     '&& $.actions[2] = "nonmatch" }', False),
    ('{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }', False),
    # the older edition writes the same with bare words
    ('{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch '
     '&& $.actions[2] = nomatch }', True),
    ('{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch) '
     '&& $.actions[2] = nomatch }', False),
    ("{ $.coordinates[1][2] = 6 && $.actions[*] = DELETE }", True),
])
def test_json_compound_examples(pattern: str, matches: bool) -> None:
    assert fp.compile(pattern).matches(USERS) is matches


def test_json_or_example() -> None:
    events = [{"foo": "bar"}, {"foo": "baz"}]
    assert hits("{$.foo = bar}", events) == [0]
    assert hits("{$.foo = baz }", events) == [1]
    assert hits("{$.foo = bar || $.foo = baz }", events) == [0, 1]


def test_selector_on_array_or_object_never_matches() -> None:
    # "{$.users = 1} and {$.users != 1} will fail to match a log event where users is an array"
    event = {"users": [1, 2, 3], "obj": {"a": 1}}
    for pattern in ("{$.users = 1}", "{$.users != 1}", "{$.obj != 1}", '{$.obj = "*"}',
                    "{$.users > 0}"):
        assert not fp.compile(pattern).matches(event), pattern


@pytest.mark.parametrize(("pattern", "yes", "no"), [
    ("{ $.bandwidth > 75 }", {"bandwidth": 76}, {"bandwidth": 75}),
    ("{ $.latency < 50 }", {"latency": 49.9}, {"latency": 50}),
    ("{ $.refreshRate >= 60 }", {"refreshRate": 60}, {"refreshRate": 59}),
    ("{ $.responseTime <= 5 }", {"responseTime": 5}, {"responseTime": 6}),
    ("{ $.errorCode = 400}", {"errorCode": 400}, {"errorCode": 401}),
    ("{ $.errorCode != 500 }", {"errorCode": 404}, {"errorCode": 500}),
    ("{ $.number[0] = 1e+3 }", {"number": [1000]}, {"number": [100]}),
    ("{ $.number[0] != 1e-3 }", {"number": [1]}, {"number": [0.001]}),
    ("{ $.latency >= 500 }", {"latency": 500}, {"latency": 499}),
    ("{ $.numbers[0] < 10e3 }", {"numbers": [9999]}, {"numbers": [10000]}),
    ("{ $.numbers[0] < 10e-3 }", {"numbers": [0.001]}, {"numbers": [0.01]}),
    ("{ $.processes[4].averageRuntime <= 55.5 }",
     {"processes": [{}, {}, {}, {}, {"averageRuntime": 55.5}]},
     {"processes": [{}, {}, {}, {}, {"averageRuntime": 55.6}]}),
    ("{ $.latency > +1000 }", {"latency": 1001}, {"latency": 1000}),
    # numbers held as text compare as numbers; text that is no number fails
    ("{ $.latency > 1000 }", {"latency": "1001"}, {"latency": "fast"}),
    ("{ $.latency = * }", {"latency": 3}, {"other": 3}),  # "has a value", as metric values use
])
def test_json_numeric_examples(pattern: str, yes: dict[str, Any], no: dict[str, Any]) -> None:
    compiled = fp.compile(pattern)
    assert compiled.matches(yes)
    assert not compiled.matches(no)


def test_only_ascii_digits_spell_a_number() -> None:
    """Text spells a number in ASCII digits only (strict syntax): Arabic-Indic or full-width
    digits are text, in JSON values and in space-delimited fields alike."""
    for value in ("\u0663", "\uff13\uff14", "1\u0660"):
        assert not fp.compile("{ $.a = 34 || $.a = 3 || $.a = 10 }").matches({"a": value}), value
        assert fp.compile("{ $.a != 3 }").matches({"a": value}), value
        assert not fp.compile("[a > 0]").matches(value), value
    assert fp.compile("{ $.a = 34 }").matches({"a": "34"})
    with pytest.raises(FilterPatternError):
        fp.compile("{ $.a[\u0663] = 1 }")  # nor an array index


def test_string_wildcards_only_at_the_edges() -> None:
    # *Event matches PutEvent and GetEvent; Event* EventId and EventName; Ev*ent only "Ev*ent"
    names = ["PutEvent", "GetEvent", "EventId", "EventName", "Ev*ent", "Evxent"]
    events = [{"n": n} for n in names]
    assert hits("{ $.n = *Event }", events) == [0, 1]
    assert hits("{ $.n = Event* }", events) == [2, 3]
    assert hits("{ $.n = Ev*ent }", events) == [4]
    assert hits('{ $.n = "*ven*" }', events) == [0, 1, 2, 3]


@pytest.mark.parametrize(("pattern", "column", "words"), [
    ("{ $.a IS NOT NULL }", 10, "no IS NOT"),   # AWS: IS NOT and EXISTS aren't supported
    ("{ $.a EXISTS }", 7, "NOT EXISTS"),
    ("{ $.a.*.b[*] = 1 }", 3, "one wildcard"),  # one wildcard per selector
    ("{ $.a[*] = 1 || $.b[*] = 1 || $.c[*] = 1 || $.d.* = 1 }", 45, "3 wildcard"),
    ("{ $.a = %x% || $.b = %y% || $.c = %z% }", 35, "2 regular"),
    ("[a = %x%, b = %y%, c = %z%]", 24, "2 regular"),
])
def test_json_and_delimited_limits(pattern: str, column: int, words: str) -> None:
    with pytest.raises(FilterPatternError) as info:
        fp.compile(pattern)
    assert info.value.column == column
    assert words in str(info.value)


# ---- space-delimited patterns ------------------------------------------------------------------

APACHE = '127.0.0.1 Prod frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534'


@pytest.mark.parametrize(("pattern", "matches"), [
    (r"[ip=%127\.0\.0\.[1-9]%, user, username, timestamp, request =*.html*, status_code = 4*, "
     "bytes]", True),
    ("[..., request =*.html*, status_code = 4*, bytes]", True),
    ("[ip, user, username, timestamp, request =*.html*, status_code = 404 || status_code = 410, "
     "bytes]", True),
    ("[ip, user, username, timestamp, request =*.html*, status_code = 410 || status_code = 500, "
     "bytes]", False),
    ("[ip, user, username, timestamp, request =*.gif*, status_code = 4*, bytes]", False),
    (r"[ip=%^10\.%, ...]", False),
    ("[ip, user, username, timestamp, request, status_code, bytes > 1000]", True),
    ("[ip, user, username, timestamp, request, status_code, bytes > 2000]", False),
    ("[..., timestamp = 10/Oct/2000*, request, status_code, bytes]", True),  # brackets stripped
])
def test_delimited_apache_example(pattern: str, matches: bool) -> None:
    assert fp.compile(pattern).matches(APACHE) is matches


def test_delimited_older_page_examples() -> None:
    lines = [
        '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 200 1534',
        '127.0.0.1 - frank [10/Oct/2000:13:35:22 -0700] "GET /apache_pb.gif HTTP/1.0" 500 5324',
        '127.0.0.1 - frank [10/Oct/2000:13:50:35 -0700] "GET /apache_pb.gif HTTP/1.0" 200 4355',
    ]
    every = [0, 1, 2]
    assert hits("[ip, user, username, timestamp, request, status_code, bytes]", lines) == every
    assert hits("[..., status_code, bytes]", lines) == every
    assert hits("[ip, user, ..., status_code, bytes]", lines) == every
    assert hits("[ip, user, ...]", lines) == every
    assert hits("[ip, user, username, timestamp, request, status_code, bytes > 1000]",
                lines) == every
    assert hits("[ip, user, username, timestamp, request, status_code = 200, bytes]",
                lines) == [0, 2]
    assert hits("[ip, user, username, timestamp, request, status_code = 4*, bytes]", lines) == []
    assert hits("[ip, user, username, timestamp, request = *html*, status_code = 4*, bytes]",
                lines) == []
    assert hits("[ip, user, username, timestamp, request, status_code = 5* && "
                "status_code != 503, bytes]", lines) == [1]
    # the extraction example: a trailing comma leaves an unnamed last field
    line = '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534'
    assert fp.compile("[..., request=*.html*, status_code=4*,]").matches(line)


def test_delimited_condition_must_name_its_own_field() -> None:
    # the older page's "status_code = 4* && bytes > 1000" in one field: CloudWatch rejects it
    # (awsdocs/amazon-cloudwatch-logs-user-guide issue 21)
    with pytest.raises(FilterPatternError) as info:
        fp.compile("[ip, user, username, timestamp, request, status_code = 4* && bytes > 1000]")
    assert info.value.column == 62  # at "bytes"
    assert "'status_code'" in str(info.value)


W_LOG = [
    "INFO 09/25/2014 12:00:00 GET /service/resource/67 1200",
    "INFO 09/25/2014 12:00:01 POST /service/resource/67/part/111 1310",
    "WARNING 09/25/2014 12:00:02 Invalid user request",
    "ERROR 09/25/2014 12:00:02 Failed to process request",
]


@pytest.mark.parametrize(("pattern", "expected"), [
    # without "...", the last field takes the rest of the line: "first word is ERROR"
    ("[w1=ERROR, w2]", [3]),
    ("[w1=ERROR || w1=WARNING, w2]", [2, 3]),
    ("[w1!=ERROR && w1!=WARNING, w2]", [0, 1]),
    ("[logLevel, date, time, method, url=%/service/resource/[0-9]+$%, response_time]", [0]),
    ("[logLevel, date, time, method, url=%/service/resource/[0-9]+/part/[0-9]+$%, "
     "response_time]", [1]),
    ("[w1=ERROR]", []),  # one field is the whole message
    ("[level, ..., ms > 1250]", [1]),
])
def test_delimited_word_order_examples(pattern: str, expected: list[int]) -> None:
    assert hits(pattern, W_LOG) == expected


def test_metric_filter_examples() -> None:
    # count HTTP 404s / extract bytes (Apache access log examples)
    events = [
        '127.0.0.1 - - [24/Sep/2013:11:49:52 -0700] "GET /index.html HTTP/1.1" 404 287',
        '127.0.0.1 - - [24/Sep/2013:11:49:52 -0700] "GET /index.html HTTP/1.1" 404 287',
        '127.0.0.1 - - [24/Sep/2013:11:50:51 -0700] "GET /~test/ HTTP/1.1" 200 3',
        '127.0.0.1 - - [24/Sep/2013:11:50:51 -0700] "GET /favicon.ico HTTP/1.1" 404 308',
        '127.0.0.1 - - [24/Sep/2013:11:50:51 -0700] "GET /favicon.ico HTTP/1.1" 404 308',
        '127.0.0.1 - - [24/Sep/2013:11:51:34 -0700] "GET /~test/index.html HTTP/1.1" 200 3',
    ]
    assert hits("[ip, id, user, timestamp, request, status_code=404, size]", events) == \
        [0, 1, 3, 4]
    assert hits("[IP, UserInfo, User, Timestamp, RequestInfo, StatusCode=404, Bytes]", events) \
        == [0, 1, 3, 4]
    assert hits("[ip, id, user, timestamp, request, status_code=4*, size]", events) == \
        [0, 1, 3, 4]
    assert hits("[ip, id, user, timestamp, request, status_code, size]", events) == \
        list(range(6))


# ---- CloudTrail alarm patterns -----------------------------------------------------------------


def cloudtrail(event_name: str, source: str, **extra: Any) -> dict[str, Any]:
    """A CloudTrail record shaped as AWS documents it (record contents reference)."""
    event: dict[str, Any] = {
        "eventVersion": "1.08",
        "userIdentity": {
            "type": "IAMUser",
            "principalId": "AIDACKCEVSQ6C2EXAMPLE",
            "arn": "arn:aws:iam::111122223333:user/Mary",
            "accountId": "111122223333",
            "accessKeyId": "AKIAIOSFODNN7EXAMPLE",
            "userName": "Mary",
            "sessionContext": {"attributes": {"mfaAuthenticated": "false",
                                              "creationDate": "2023-07-19T21:11:57Z"}},
        },
        "eventTime": "2023-07-19T21:25:09Z",
        "eventSource": source,
        "eventName": event_name,
        "awsRegion": "us-east-2",
        "sourceIPAddress": "192.0.2.0",
        "userAgent": "aws-cli/2.13.5",
        "requestParameters": None,
        "responseElements": None,
        "requestID": "a3c4a2b1-ca12-40c0-a4d4-0123456789ab",
        "eventID": "0a1b2c3d-4e5f-6a7b-8c9d-0123456789ab",
        "readOnly": False,
        "eventType": "AwsApiCall",
        "managementEvent": True,
        "recipientAccountId": "111122223333",
    }
    event.update(extra)
    return event


def console_login(outcome: str, mfa: str = "No", **extra: Any) -> dict[str, Any]:
    event = cloudtrail("ConsoleLogin", "signin.amazonaws.com",
                       eventType="AwsConsoleSignIn",
                       responseElements={"ConsoleLogin": outcome},
                       additionalEventData={
                           "LoginTo": "https://console.aws.amazon.com/console/home",
                           "MobileVersion": "No", "MFAUsed": mfa},
                       **extra)
    event["userIdentity"].pop("sessionContext")
    event["userIdentity"].pop("accessKeyId")
    if outcome == "Failure":
        event["errorMessage"] = "Failed authentication"
    return event


def run_instances(instance_type: str) -> dict[str, Any]:
    return cloudtrail("RunInstances", "ec2.amazonaws.com", requestParameters={
        "instancesSet": {"items": [{"imageId": "ami-0abcdef1234567890", "minCount": 1,
                                    "maxCount": 1}]},
        "instanceType": instance_type,
        "blockDeviceMapping": {},
        "monitoring": {"enabled": False},
        "disableApiTermination": False,
    })


SIGN_IN_FAILURES = '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }'
EC2_INSTANCE_CHANGES = ("{ ($.eventName = RunInstances) || ($.eventName = RebootInstances) || "
                        "($.eventName = StartInstances) || ($.eventName = StopInstances) || "
                        "($.eventName = TerminateInstances) }")
EC2_LARGE_INSTANCES = ("{ ($.eventName = RunInstances) && (($.requestParameters.instanceType = "
                       "*.8xlarge) || ($.requestParameters.instanceType = *.4xlarge)) }")
SECURITY_GROUPS = ("{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = "
                   "AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) "
                   "|| ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = "
                   "CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }")
IAM_POLICIES = ("{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||"
                "($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||"
                "($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||"
                "($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||"
                "($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||"
                "($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||"
                "($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||"
                "($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}")
S3_BUCKET_ACTIVITY = ("{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || "
                      "($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || "
                      "($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication)"
                      " || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors)"
                      " || ($.eventName = DeleteBucketLifecycle) || ($.eventName = "
                      "DeleteBucketReplication)) }")
AUTHORIZATION_FAILURES = ('{ ($.errorCode = "*UnauthorizedOperation") || '
                          '($.errorCode = "AccessDenied*") }')
ROOT_USAGE = ('{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && '
              '$.eventType != "AwsServiceEvent" }')
NO_MFA_API = '{ $.userIdentity.sessionContext.attributes.mfaAuthenticated != "true" }'
NO_MFA_CONSOLE = '{ $.eventName = "ConsoleLogin" && $.additionalEventData.MFAUsed = "No" }'


def root(event: dict[str, Any], invoked_by: str | None = None) -> dict[str, Any]:
    event = copy.deepcopy(event)
    event["userIdentity"] = {"type": "Root", "principalId": "111122223333",
                             "arn": "arn:aws:iam::111122223333:root",
                             "accountId": "111122223333"}
    if invoked_by:
        event["userIdentity"]["invokedBy"] = invoked_by
    return event


CLOUDTRAIL_CASES = [
    (SIGN_IN_FAILURES,
     [console_login("Failure")],
     [console_login("Success"),
      cloudtrail("GetCallerIdentity", "sts.amazonaws.com", errorMessage="Failed authentication")]),
    (EC2_INSTANCE_CHANGES,
     [run_instances("t3.micro")] + [cloudtrail(n, "ec2.amazonaws.com") for n in
                                    ("RebootInstances", "StartInstances", "StopInstances",
                                     "TerminateInstances")],
     [cloudtrail("DescribeInstances", "ec2.amazonaws.com"),
      cloudtrail("RunInstancesX", "ec2.amazonaws.com")]),
    (EC2_LARGE_INSTANCES,
     [run_instances("m5.8xlarge"), run_instances("c5.4xlarge")],
     [run_instances("m5.xlarge"), run_instances("m5.24xlarge"),
      cloudtrail("StartInstances", "ec2.amazonaws.com",
                 requestParameters={"instanceType": "m5.8xlarge"})]),
    (SECURITY_GROUPS,
     [cloudtrail("AuthorizeSecurityGroupIngress", "ec2.amazonaws.com"),
      cloudtrail("DeleteSecurityGroup", "ec2.amazonaws.com")],
     [cloudtrail("DescribeSecurityGroups", "ec2.amazonaws.com")]),
    (IAM_POLICIES,
     [cloudtrail("PutRolePolicy", "iam.amazonaws.com"),
      cloudtrail("DetachGroupPolicy", "iam.amazonaws.com")],
     [cloudtrail("GetPolicy", "iam.amazonaws.com"), cloudtrail("CreateRole", "iam.amazonaws.com")]),
    (S3_BUCKET_ACTIVITY,
     [cloudtrail("PutBucketPolicy", "s3.amazonaws.com")],
     [cloudtrail("PutBucketPolicy", "s3-control.amazonaws.com"),
      cloudtrail("GetBucketPolicy", "s3.amazonaws.com")]),
    (AUTHORIZATION_FAILURES,
     [cloudtrail("RunInstances", "ec2.amazonaws.com", errorCode="Client.UnauthorizedOperation"),
      cloudtrail("GetObject", "s3.amazonaws.com", errorCode="AccessDenied")],
     [cloudtrail("RunInstances", "ec2.amazonaws.com"),
      cloudtrail("GetObject", "s3.amazonaws.com", errorCode="NoSuchKey")]),
    (ROOT_USAGE,
     [root(cloudtrail("ListBuckets", "s3.amazonaws.com"))],
     [root(cloudtrail("ListBuckets", "s3.amazonaws.com"), invoked_by="s3.amazonaws.com"),
      cloudtrail("ListBuckets", "s3.amazonaws.com"),
      root(cloudtrail("ListBuckets", "s3.amazonaws.com", eventType="AwsServiceEvent"))]),
    (NO_MFA_API,
     [cloudtrail("ListBuckets", "s3.amazonaws.com")],
     [console_login("Success"),  # no sessionContext at all: a comparison on a missing field fails
      cloudtrail("ListBuckets", "s3.amazonaws.com", userIdentity={
          "type": "IAMUser", "sessionContext": {"attributes": {"mfaAuthenticated": "true"}}})]),
    (NO_MFA_CONSOLE,
     [console_login("Success")],
     [console_login("Success", mfa="Yes")]),
]


@pytest.mark.parametrize(("pattern", "yes", "no"), CLOUDTRAIL_CASES,
                         ids=["sign-in-failures", "ec2-instances", "ec2-large", "security-groups",
                              "iam-policies", "s3-buckets", "authorization", "root", "no-mfa-api",
                              "no-mfa-console"])
def test_cloudtrail_alarm_patterns(pattern: str, yes: list[dict[str, Any]],
                                   no: list[dict[str, Any]]) -> None:
    compiled = fp.compile(pattern)
    for event in yes:
        assert compiled.matches(event), event["eventName"]
        assert compiled.matches(json.dumps(event)), event["eventName"]
    for event in no:
        assert not compiled.matches(event), event["eventName"]
        assert not compiled.matches(json.dumps(event)), event["eventName"]
    # canonical text parses back to the same pattern
    assert fp.compile(str(compiled)) == compiled


def test_cloudtrail_patterns_on_a_struct_table() -> None:
    events = [e for _, yes, no in CLOUDTRAIL_CASES for e in yes + no]
    columns = ["eventName", "eventSource", "eventType", "errorCode", "errorMessage",
               "requestParameters", "additionalEventData"]
    table = pa.Table.from_pylist([{k: e.get(k) for k in columns} for e in events])
    for pattern in (SIGN_IN_FAILURES, EC2_INSTANCE_CHANGES, EC2_LARGE_INSTANCES, IAM_POLICIES,
                    AUTHORIZATION_FAILURES, NO_MFA_CONSOLE, S3_BUCKET_ACTIVITY):
        compiled = fp.compile(pattern)
        assert isinstance(compiled.to_arrow_expression(table.schema), pc.Expression)
        assert compiled.filter_table(table).equals(compiled.filter_rows(table)), pattern
        expected = sum(map(compiled.matches, table.to_pylist()))
        assert compiled.filter_table(table).num_rows == expected


# ---- VPC flow logs -----------------------------------------------------------------------------

SSH_REJECT = ("[version, account, eni, source, destination, srcport, destport=\"22\", "
              "protocol=\"6\", packets, bytes, windowstart, windowend, action=\"REJECT\", "
              "flowlogstatus]")
FLOW_LINES = [
    "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 "
    "1418530010 1418530070 ACCEPT OK",
    "2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 "
    "1418530010 1418530070 REJECT OK",
    "2 123456789010 eni-1235b8ca123456789 198.51.100.7 172.31.9.12 49761 22 6 3 180 "
    "1418530010 1418530070 REJECT OK",
    "2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA",
    "2 123456789010 eni-11111111aaaaaaaaa - - - - - - - 1431280876 1431280934 - SKIPDATA",
    "2 123456789010 eni-1235b8ca123456789 203.0.113.12 172.31.16.139 0 0 1 4 336 1432917027 "
    "1432917142 ACCEPT OK",
    "2 123456789010 eni-1235b8ca123456789 172.31.16.139 203.0.113.12 0 0 1 4 336 1432917094 "
    "1432917142 REJECT OK",
]


@pytest.fixture(scope="module")
def flow_records() -> list[dict[str, Any]]:
    return list(awslogparse.iter_records("\n".join(FLOW_LINES).encode(), format="vpcflow"))


@pytest.fixture(scope="module")
def flow_table() -> Any:
    return awslogparse.read_arrow("\n".join(FLOW_LINES).encode(), format="vpcflow")


FLOW_PATTERNS = [
    (SSH_REJECT, [2]),
    ("[version, account, eni, source, destination, srcport, destport=22, protocol=6, ...]", [0, 2]),
    ("[..., action=REJECT, status]", [1, 2, 6]),
    ("[v, account, eni, src, dst, srcport, dstport, protocol, packets, bytes > 1000, ...]", [0, 1]),
    ("[v, account, eni, src = 172.31.*, ...]", [0, 1, 6]),
    ("[..., start, end, action, status = NODATA || status = SKIPDATA]", [3, 4]),
    ("[..., start >= 1432917027, end, action, status]", [5, 6]),
    ("[v, account, eni, src, dst, srcport, dstport != 22, rest]", [1, 3, 4, 5, 6]),
    ("[v, account, eni, src, dst, srcport, dstport = -, rest]", [3, 4]),
    ("[v, account, eni, src, dst, rest = *REJECT*]", [1, 2, 6]),  # the last field takes the rest
    ("REJECT", [1, 2, 6]),
    ('?NODATA ?SKIPDATA', [3, 4]),
    ('" 22 6 " -REJECT', [0]),
    (r"%^2 \d+ eni-[0-9a-f]+ 172\.31\.%", [0, 1, 6]),
    ("{ $.dstport = 22 && $.action = REJECT }", [2]),
    ("{ $.log-status = OK && $.bytes > 1000 }", [0, 1]),
    ("{ $.srcaddr = 172.31.* || $.srcaddr IS NULL }", [0, 1, 3, 4, 6]),
    ("{ $.start >= 1432917027 }", [5, 6]),                   # datetimes as epoch seconds
    ("{ $.start = 2015-05-29T16:31:34Z }", [6]),             # ... and as ISO 8601 text
    ("{ $.start = 2014-12-14* }", [0, 1, 2]),
    ("{ $.packets < 4.5 }", [2, 5, 6]),
]


@pytest.mark.parametrize(("pattern", "expected"), FLOW_PATTERNS)
def test_flow_log_patterns(pattern: str, expected: list[int], flow_records: list[dict[str, Any]],
                           flow_table: Any) -> None:
    compiled = fp.compile(pattern, format="vpcflow")
    if compiled.kind != "json":  # raw lines: exactly what CloudWatch sees
        assert hits(pattern, FLOW_LINES) == expected
    assert hits(pattern, flow_records, format="vpcflow") == expected
    # the Arrow expression and row evaluation of the table agree with the records
    expr = compiled.to_arrow_expression(flow_table.schema)
    assert isinstance(expr, pc.Expression)
    rows = flow_table.filter(expr)
    assert rows.equals(compiled.filter_rows(flow_table))
    assert rows.num_rows == len(expected)
    # a table written by awslogparse names its format: no format= needed for filter_table
    assert fp.compile(pattern).filter_table(flow_table).equals(rows)


def test_flow_record_needs_format_for_space_delimited(flow_records: list[dict[str, Any]]) -> None:
    with pytest.raises(ValueError, match="raw message"):
        fp.compile(SSH_REJECT).matches(flow_records[2])
    compiled = fp.compile(SSH_REJECT, format="vpcflow")
    assert compiled.message(flow_records[2]) == FLOW_LINES[2]
    assert list(compiled.filter(flow_records)) == [flow_records[2]]


def test_custom_layout(flow_records: list[dict[str, Any]]) -> None:
    fields = "${srcaddr} ${dstaddr} ${dstport} ${action}"
    compiled = fp.compile("[src, dst, port = 22, action = REJECT]", format="vpcflow",
                          fields=fields)
    assert compiled.message(flow_records[2]) == "198.51.100.7 172.31.9.12 22 REJECT"
    assert hits("[src, dst, port = 22, action = REJECT]", flow_records, format="vpcflow",
                fields=fields) == [2]
    line_writer = fp.line_writer("vpcflow", fields)
    assert line_writer(flow_records[3]) == "- - - -"


def test_terms_on_dicts_see_json_text() -> None:
    event = {"eventName": "ConsoleLogin", "when": datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)}
    assert fp.compile('"\\"eventName\\":\\"ConsoleLogin\\""').matches(event)
    assert fp.compile('"2024-01-02T03:04:05Z"').matches(event)
    assert fp.compile("%Console%").matches(event)


# ---- errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("pattern", "column", "expected"), [
    ("{ $.a = }", 9, "expected a value"),
    ("{ $.eventName = ConsoleLogin", 29, "expected '&&', '||' or '}'"),
    ("{ $.a = 1 && }", 14, "expected a condition"),
    ("{ ($.a = 1 }", 12, "expected '&&', '||' or ')'"),
    ("{ $.a > abc }", 9, "expected a number after '>'"),
    ("{ $ = 1 }", 3, "expected a condition"),
    ("{ $.a = 1 } x", 13, "expected the end of the pattern"),
    ("{ $.a b }", 7, "expected an operator"),
    ("[]", 2, "expected a field name"),
    ("[a, 5xx]", 5, "expected a field"),
    ("[a, b", 6, "expected ',' or ']'"),
    ("[a = ]", 6, "expected a value"),
    ("ERROR:", 6, "expected a term"),
    ("ERROR -", 8, "expected a term"),
    ('a"b"', 2, "expected a term"),
    ('"unterminated', 1, "expected a term"),
    ("(((", 1, "expected a term"),
])
def test_syntax_errors_name_column_and_expectation(pattern: str, column: int,
                                                   expected: str) -> None:
    with pytest.raises(FilterPatternError) as info:
        fp.compile(pattern)
    err = info.value
    assert isinstance(err, ValueError)
    assert err.column == column
    assert f"column {column}:" in str(err)
    assert expected in str(err)
    assert err.pattern == pattern
    # the caret line points at the column
    assert str(err).splitlines()[-1].index("^") == column + 1
    # no pyparsing traceback: the error is raised afresh, without chained context
    assert err.__cause__ is None and err.__suppress_context__
    assert "pyparsing" not in "".join(traceback.format_exception(err))


@pytest.mark.parametrize("pattern", [
    "ERROR " + "x" * 1018,                                   # terms
    "{ $.a = " + '"' + "y" * 1012 + '"' + " }",              # JSON
    "[a, b = " + "z" * 1015 + "]",                           # space-delimited
])
def test_a_pattern_longer_than_awss_1024_characters_is_an_error(pattern: str) -> None:
    """AWS takes a filter pattern of at most 1024 characters (the CloudWatch Logs API's
    SubscriptionFilter and LiveTailSessionStart types: "Length Constraints: Minimum length of 0.
    Maximum length of 1024."): a pattern checked here must not pass and then be refused there.
    The limit is on the text as given, blanks included."""
    assert len(pattern) == 1024
    assert fp.compile(pattern).matches("ERROR " + "x" * 1018) in (True, False)
    longer = pattern + " "
    with pytest.raises(FilterPatternError) as info:
        fp.compile(longer)
    err = info.value
    assert err.column == 1025 and err.pattern == longer
    assert "1024 characters" in str(err) and "1025" in str(err)


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    pattern = "{ " + "(" * 3000 + "$.a = 1" + ")" * 3000 + " }"
    with pytest.raises(FilterPatternError):
        fp.compile(pattern)


def test_pattern_must_be_text() -> None:
    with pytest.raises(TypeError):
        fp.compile(b"ERROR")  # type: ignore[arg-type]


def test_matches_rejects_other_types() -> None:
    with pytest.raises(TypeError):
        fp.compile("ERROR").matches(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        fp.compile("{ $.a = 1 }").matches(42)  # type: ignore[arg-type]


# ---- canonical text ----------------------------------------------------------------------------


@pytest.mark.parametrize(("pattern", "canonical"), [
    ('"ERROR" - "Exiting"', "ERROR -Exiting"),
    ('?ERROR ?"bad request"', '?ERROR ?"bad request"'),
    ("{($.a=1)||($.b=x)}", '{ $.a = 1 || $.b = "x" }'),
    ("{ ($.a = 1 || $.b = 2) && $.c IS null }", "{ ($.a = 1 || $.b = 2) && $.c IS NULL }"),
    ("{ $.['cluster.name'] = c && $.x[0][*] != %a|b% }",
     "{ $.['cluster.name'] = \"c\" && $.x[0][*] != %a|b% }"),
    ("[ip,user , ...,status=4*||status=5*]", '[ip, user, ..., status = "4*" || status = "5*"]'),
    ("[..., a=1,]", "[..., a = 1, ]"),
    ("  %a{1, 2}%  ", "%a{1, 2}%"),
])
def test_canonical_text(pattern: str, canonical: str) -> None:
    compiled = fp.compile(pattern)
    assert str(compiled) == canonical
    assert fp.compile(canonical) == compiled
    assert repr(compiled) == f"FilterPattern({canonical!r})"


# ---- Arrow -------------------------------------------------------------------------------------


def test_to_arrow_expression_unsupported_cases(flow_table: Any) -> None:
    schema = pa.schema([("s", pa.string()), ("l", pa.list_(pa.int64()))])
    for pattern in ("{ $.l[0] = 1 }", "{ $.* = 1 }", "{ $.s > 5 }"):
        with pytest.raises(ArrowUnsupportedError):
            fp.compile(pattern).to_arrow_expression(schema)
    with pytest.raises(NotImplementedError):  # needs format= to know the line
        fp.compile("ERROR").to_arrow_expression(schema)
    with pytest.raises(NotImplementedError):  # no schema, no format
        fp.compile("{ $.s = 1 }").to_arrow_expression()
    with pytest.raises(NotImplementedError):  # several "..."
        fp.compile("[..., a = 1, ..., b]", format="vpcflow").to_arrow_expression(flow_table.schema)
    # filter_table falls back to rows
    table = pa.table({"s": ["10", "3", None, "x"], "l": [[1], [2], None, []]})
    assert fp.compile("{ $.s > 5 }").filter_table(table).column("s").to_pylist() == ["10"]
    assert fp.compile("{ $.l[0] = 2 }").filter_table(table).column("s").to_pylist() == ["3"]
    several = fp.compile("[..., a = 1, ..., b]", format="vpcflow")
    assert several.filter_table(flow_table).num_rows == 2  # protocol 1 (ICMP) rows


def test_to_arrow_expression_from_format() -> None:
    expr = fp.compile("{ $.dstport = 22 }", format="vpcflow").to_arrow_expression()
    assert isinstance(expr, pc.Expression)


def test_json_expression_types() -> None:
    table = pa.table({
        "i": pa.array([1, 22, None, -5], pa.int32()),
        "f": pa.array([1.5, 22.0, None, float("nan")]),
        "b": pa.array([True, False, None, True]),
        "t": pa.array([0, 1418530010, None, 1432917094], pa.timestamp("s", tz="UTC")),
        "tus": pa.array([0, 1_418_530_010_500_000, None, 1], pa.timestamp("us", tz="UTC")),
        "st": pa.array([{"x": 1, "y": "a"}, None, {"x": None, "y": "b"}, {"x": 4, "y": None}]),
        "n": pa.array([None] * 4, pa.null()),
        "log_status": pa.array(["OK", "NODATA", None, "OK"]),
    })
    cases = {
        "{ $.i = 22 }": [1], "{ $.i != 22 }": [0, 3], "{ $.i > 1.5 }": [1], "{ $.i = 2* }": [1],
        "{ $.i < 100000000000000000000 }": [0, 1, 3], "{ $.i = %^-% }": [3],
        "{ $.f = 22 }": [1], "{ $.f != 22 }": [0, 3], "{ $.f <= 1.5 }": [0],
        "{ $.b IS TRUE }": [0, 3], "{ $.b IS FALSE }": [1], "{ $.b = true }": [0, 3],
        "{ $.b != 1 }": [0, 1, 3], "{ $.b IS NULL }": [2],
        "{ $.t = 1970* }": [0], "{ $.t > 1418530009.5 }": [1, 3], "{ $.t != 0 }": [1, 3],
        "{ $.tus > 1418530010 }": [1], "{ $.tus = 1418530010.5 }": [1],
        "{ $.st.x = 1 }": [0], "{ $.st.x IS NULL }": [2], "{ $.st.x NOT EXISTS }": [1],
        "{ $.st IS NULL }": [1], "{ $.st = 1 }": [], "{ $.st.y != a }": [2],
        "{ $.n IS NULL }": [0, 1, 2, 3], "{ $.n = * }": [],
        "{ $.missing NOT EXISTS }": [0, 1, 2, 3], "{ $.missing != 1 }": [],
        "{ $.log-status = OK }": [0, 3],
    }
    rows = table.to_pylist()
    for pattern, expected in cases.items():
        compiled = fp.compile(pattern)
        expr = compiled.to_arrow_expression(table.schema)
        got = table.add_column(0, "_i", pa.array(range(4))).filter(expr).column("_i").to_pylist()
        assert got == expected, pattern
        assert [i for i, r in enumerate(rows) if compiled.matches(r)] == expected, pattern


# ---- the metric-filter view --------------------------------------------------------------------


def test_count_matches_per_minute_and_hour(flow_records: list[dict[str, Any]]) -> None:
    counts = fp.count_matches(flow_records, "[..., action = REJECT, status]", format="vpcflow")
    assert counts.time_field == "start"
    assert (counts.matched, counts.total, counts.untimed) == (3, 7, 0)
    assert counts.as_rows() == [
        (datetime(2014, 12, 14, 4, 6, tzinfo=UTC), 2),
        (datetime(2015, 5, 10, 18, 1, tzinfo=UTC), 0),   # events arrived, none matched
        (datetime(2015, 5, 29, 16, 30, tzinfo=UTC), 0),
        (datetime(2015, 5, 29, 16, 31, tzinfo=UTC), 1),
    ]
    hourly = fp.count_matches(flow_records, fp.compile("REJECT", format="vpcflow"), by="hour")
    assert hourly.as_rows()[0] == (datetime(2014, 12, 14, 4, tzinfo=UTC), 2)
    # CloudTrail-shaped events carry ISO text times
    events = [console_login("Failure"), console_login("Success"), console_login("Failure")]
    events[2]["eventTime"] = "2023-07-19T21:26:00Z"
    by_minute = fp.count_matches(events, SIGN_IN_FAILURES)
    assert by_minute.time_field == "eventTime"
    assert by_minute.as_rows() == [(datetime(2023, 7, 19, 21, 25, tzinfo=UTC), 1),
                                   (datetime(2023, 7, 19, 21, 26, tzinfo=UTC), 1)]
    # raw lines have no time: counted, in no period
    lines = fp.count_matches(FLOW_LINES, "REJECT")
    assert (lines.matched, lines.untimed, lines.periods) == (3, 7, {})
    with pytest.raises(ValueError):
        fp.count_matches([], "x", by="week")  # type: ignore[arg-type]


def test_count_matches_takes_times_no_datetime_holds_as_untimed() -> None:
    """Epoch milliseconds read as seconds (beyond year 9999), NaN and infinities are no usable
    time: counted, in no period (they crashed the count)."""
    records = [{"timestamp": 1_700_000_000_000, "level": "ERROR"}, {"timestamp": float("nan")},
               {"timestamp": float("inf"), "level": "ERROR"}, {"timestamp": -1e300},
               {"timestamp": 1_700_000_000, "level": "ERROR"}]
    counts = fp.count_matches(records, '{ $.level = "ERROR" }')
    assert (counts.matched, counts.total, counts.untimed) == (3, 5, 4)
    assert counts.as_rows() == [(datetime(2023, 11, 14, 22, 13, tzinfo=UTC), 1)]


# ---- imports -----------------------------------------------------------------------------------


def test_pyparsing_and_pyarrow_load_only_when_needed() -> None:
    code = ("import sys, awslogparse, awslogparse.filterpattern as f\n"
            "heavy = lambda: sorted(m for m in ('pyparsing', 'pyarrow') if m in sys.modules)\n"
            "print(heavy())\n"
            "p = f.compile('{ $.a = 1 }')\n"
            "p.matches({'a': 1})\n"
            "print(heavy())\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:2] == ["[]", "['pyparsing']"]
