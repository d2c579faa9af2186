"""The extractor never raises and always returns well-formed records, whatever it is given.

The properties run the unguarded reader (``_read_article``) so that a bug shows up as an exception
here instead of being swallowed by the public function's last-resort guard.
"""
from __future__ import annotations

import datetime as dt
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dprk_china.extract import RECORD_FIELDS, _read_article, extract_messages
from dprk_china.metadata import LEADERS, VOCABULARIES

PRECISIONS = {"day", "month", "year", "unknown"}

# Pieces of wire-service English to build article-like text from: names, titles, verbs, dates,
# occasions, other people, and the punctuation that holds sentences together.
FRAGMENTS = [
    "Xi Jinping", "Kim Jong Un", "Kim Jong-un", "Xi", "Kim", "the Chinese president", "North Korean leader",
    "the North's leader", "Comrade General Secretary", "general secretary of the CPC Central Committee",
    "chairman of the WPK", "Putin", "Moon Jae-in", "Trump", "Lukashenko", "the CPC Central Committee",
    "the WPK Central Committee", "the Chinese ambassador", "he", "his", "him", "the latter", "the former",
    "the two leaders", "sent", "exchanged", "received", "replied to", "conveyed", "a message", "messages",
    "a verbal message", "a letter", "letters", "a congratulatory message", "a greeting card", "a reply",
    "in reply to", "in response to", "from", "to", "of", "by", "on Saturday", "the previous day", "last month",
    "earlier this week", "last week", "dated Saturday", "on July 23", "in February this year", "on Sept. 30",
    "the 75th anniversary of the founding of the DPRK", "the 74th anniversary of the PRC", "the 100th anniversary of the CPC",
    "COVID-19", "floods", "New Year", "birthday", "summit", "did so", "in April", "and", ",", ".", ";", '"', "'s",
    "BEIJING, May 9 (Xinhua) --", "PYONGYANG, October 1 (KCNA) --", "May 10, 2020 - 13:14", "Published: 2023-10-12",
    "\n", "\n\n", "习近平", "金正恩", "시진핑", "김정은", "贺电", "축전", "9월 30일", "5月9日", "did not", "several",
]


def check_records(records) -> None:
    assert isinstance(records, list)
    for r in records:
        assert list(r) == RECORD_FIELDS
        assert r["sender"] in LEADERS and r["recipient"] in LEADERS and r["sender"] != r["recipient"]
        assert r["date_precision"] in PRECISIONS
        if r["date_sent"] is None:
            assert r["date_precision"] == "unknown"
        else:
            day = dt.date.fromisoformat(r["date_sent"])
            assert r["date_precision"] != "unknown"
            assert r["date_precision"] != "month" or day.day == 1
            assert r["date_precision"] != "year" or (day.month, day.day) == (1, 1)
        assert r["medium"] in VOCABULARIES["medium"]
        assert r["purpose"] in VOCABULARIES["purpose"]
        assert r["occasion_type"] in VOCABULARIES["occasion_type"]
        assert isinstance(r["is_reply"], bool) and isinstance(r["mentioned_in_passing"], bool)
        assert all(isinstance(p, str) for p in r["phrases"]) and len(r["phrases"]) == len(r["concept_ids"])
        assert isinstance(r["evidence"], str) and r["evidence"]
        assert r["replies_to"] is None or all(0 <= i < len(records) for i in r["replies_to"])


article_text = st.lists(st.sampled_from(FRAGMENTS), max_size=60).map(" ".join)
published = st.one_of(st.none(), st.dates().map(str), st.text(max_size=12))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=3000), published)
def test_any_unicode_text(text, when):
    check_records(_read_article(text, when, "<t>").records)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=3000))
def test_any_bytes(raw):
    check_records(_read_article(raw, None, "<b>").records)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article_text, published)
def test_article_like_text(text, when):
    records = _read_article(text, when, "<a>").records
    check_records(records)
    assert records == _read_article(text, when, "<a>").records  # deterministic


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article_text, st.sampled_from(["<p>{}</p>", "<html><body><div>{}</div><script>var x = '<p>';</script>",
                                      "<br/>{}<br>", "<p>{}", "{}</p></div>", "&lt;{}&gt; &amp; &#8220;"]))
def test_html_wrapped(text, wrapper):
    check_records(_read_article(wrapper.format(text), "2020-05-09", "<h>").records)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=500),
       st.text(alphabet=st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3), max_size=500))
def test_chinese_and_korean_text(chinese, korean):
    check_records(_read_article("习近平 " + chinese + " 金正恩 贺电。", None, "<zh>").records)
    check_records(_read_article("김정은 " + korean + " 시진핑에게 축전.", None, "<ko>").records)


@pytest.mark.parametrize("text", ["Kim Jong Un sent a message to Xi Jinping this month.",
                                  "Xi Jinping sent Kim Jong Un a letter last year. Kim replied in December."])
@pytest.mark.parametrize("when", ["9999-12-31", "0001-01-01", "9999-12-01"])
def test_dates_at_the_ends_of_the_calendar(text, when):
    check_records(_read_article(text, when, "<edge>").records)  # found by the fuzz run: year 10000


def test_unusual_inputs():
    for value in (None, 42, 3.5, ["a"], {"x": 1}, b"", "", " \n\t ", "\x00" * 100, "\ufeff", "<" * 5000,
                  "<script>" * 2000, ")" * 10000, "Kim" * 20000):
        assert isinstance(extract_messages(value), list)


def test_five_megabytes_in_reasonable_time():
    sentence = ("Kim Jong Un sent a letter to Xi Jinping on Saturday. Putin met officials in Moscow, "
                "and the ambassador gave a speech at a banquet. ")
    text = (sentence * (5_000_000 // len(sentence)))[:5_000_000]
    start = time.perf_counter()
    records = extract_messages(text, "2020-05-10")
    assert time.perf_counter() - start < 120
    check_records(records)
    run_on = "message letter Xi Kim " * 250_000  # 5 MB with no sentence end at all
    check_records(extract_messages(run_on))
