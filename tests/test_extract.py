"""The article extractor: records for Xi–Kim messages, none for anything else.

The quality bar is measured the way ``../shared/tools/score_extraction.py`` measures it, with its
matching re-implemented here (the project's tests must not depend on ``../shared``): F1 over
messages on the hand-written articles in ``tests/articles/`` must be at least 0.95.
"""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from dprk_china.extract import RECORD_FIELDS, extract_messages, read_article
from dprk_china.metadata import VOCABULARIES

ARTICLES = Path(__file__).resolve().parent / "articles"
ROOT = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------------------------------------------
# The scorer's matching, re-implemented


def _date(value):
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _coarser(p1: str, p2: str) -> str:
    order = {"day": 0, "approx": 0, "month": 1, "year": 2}
    return p1 if order.get(p1, 3) >= order.get(p2, 3) else p2


def _agree(pred, gold, precision: str, slack_days: int = 0) -> bool:
    if precision in ("day", "approx"):
        return abs((pred - gold).days) <= slack_days
    if precision == "month":
        return (pred.year, pred.month) == (gold.year, gold.month)
    if precision == "year":
        return pred.year == gold.year
    return False


def _compatible(p: dict, g: dict) -> tuple[bool, int]:
    """Same sender and recipient, dates compatible (3 days' slack at day precision); the score
    prefers agreeing dates, occasions and media when pairing."""
    if (p.get("sender"), p.get("recipient")) != (g["sender"], g["recipient"]):
        return False, 0
    pd_, gd = _date(p.get("date_sent")), _date(g.get("date_sent"))
    score = 1
    if pd_ and gd:
        precision = _coarser(p.get("date_precision") or "day", g.get("date_precision") or "day")
        if not _agree(pd_, gd, precision, slack_days=3):
            return False, 0
        score += 2 if _agree(pd_, gd, g.get("date_precision") or "day") else 1
    if p.get("occasion_type") == g.get("occasion_type"):
        score += 2
    if p.get("medium") == g.get("medium"):
        score += 1
    return True, score


def match(predicted: list[dict], gold: list[dict]) -> list[tuple[dict, dict]]:
    """One-to-one pairs of predicted and gold messages, best pairs first."""
    pairs = []
    for i, p in enumerate(predicted):
        for j, g in enumerate(gold):
            ok, score = _compatible(p, g)
            if ok:
                pairs.append((score, i, j))
    used_p, used_g, matched = set(), set(), []
    for _score, i, j in sorted(pairs, reverse=True):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            matched.append((predicted[i], gold[j]))
    return matched


def score_articles(gold_path: Path, texts: Path) -> dict:
    gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    tp = fp = fn = 0
    date_ok = date_n = occasion_ok = negatives_clean = negatives = 0
    misses = []
    for record in gold:
        text = (texts / f"{record['id']}.txt").read_text(encoding="utf-8")
        predicted = [p for p in extract_messages(text, record.get("published"))
                     if {p["sender"], p["recipient"]} == {"Xi Jinping", "Kim Jong Un"}]
        matched = match(predicted, record["exchanges"])
        tp += len(matched)
        fp += len(predicted) - len(matched)
        fn += len(record["exchanges"]) - len(matched)
        if len(matched) != len(predicted) or len(matched) != len(record["exchanges"]):
            misses.append(record["id"])
        for p, g in matched:
            occasion_ok += p["occasion_type"] == g["occasion_type"]
            if _date(g.get("date_sent")):
                date_n += 1
                pd_ = _date(p.get("date_sent"))
                date_ok += bool(pd_ and _agree(pd_, _date(g["date_sent"]), g["date_precision"]))
        if record.get("negative"):
            negatives += 1
            negatives_clean += not predicted
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"f1": f1, "precision": precision, "recall": recall, "matched": tp, "date_ok": date_ok,
            "date_n": date_n, "occasion_ok": occasion_ok, "negatives_clean": negatives_clean,
            "negatives": negatives, "misses": misses, "articles": len(gold)}


# ---------------------------------------------------------------------------------------------------
# Quality on the hand-written articles


@pytest.fixture(scope="module")
def article_score():
    return score_articles(ARTICLES / "expected.jsonl", ARTICLES)


def test_f1_on_written_articles(article_score):
    assert article_score["articles"] >= 25
    assert article_score["f1"] >= 0.95, article_score["misses"]


def test_every_negative_article_gives_nothing(article_score):
    assert article_score["negatives"] >= 6
    assert article_score["negatives_clean"] == article_score["negatives"]


def test_dates_and_occasions_mostly_right(article_score):
    assert article_score["date_ok"] >= 0.9 * article_score["date_n"]
    assert article_score["occasion_ok"] >= 0.9 * article_score["matched"]


def test_articles_cover_the_vocabularies():
    gold = [json.loads(line) for line in (ARTICLES / "expected.jsonl").read_text().splitlines() if line.strip()]
    exchanges = [e for g in gold for e in g["exchanges"]]
    assert set(VOCABULARIES["medium"]) <= {e["medium"] for e in exchanges}
    assert {e["occasion_type"] for e in exchanges} == set(VOCABULARIES["occasion_type"])
    assert {e["date_precision"] for e in exchanges} >= {"day", "month", "year", "unknown"}


def test_scorer_logic_counts_misses():
    gold = [{"sender": "Xi Jinping", "recipient": "Kim Jong Un", "date_sent": "2020-05-09", "date_precision": "day",
             "occasion_type": "covid"}]
    near = dict(gold[0], date_sent="2020-05-11")
    far = dict(gold[0], date_sent="2020-06-09")
    wrong_way = dict(gold[0], sender="Kim Jong Un", recipient="Xi Jinping")
    assert len(match([near], gold)) == 1
    assert match([far], gold) == [] and match([wrong_way], gold) == []
    month = dict(gold[0], date_sent="2020-05-01", date_precision="month")
    assert len(match([month], gold)) == 1


# ---------------------------------------------------------------------------------------------------
# Records


def one(text, published=None):
    records = extract_messages(text, published)
    assert len(records) == 1, records
    return records[0]


def test_record_fields_and_vocabularies():
    r = one("BEIJING, May 9 (Xinhua) -- Chinese President Xi Jinping on Saturday sent a verbal message of thanks "
            "to Kim Jong Un, stressing the traditional friendship between the two countries.", "2020-05-09")
    assert list(r) == RECORD_FIELDS
    assert (r["sender"], r["recipient"], r["date_sent"], r["date_precision"]) == \
        ("Xi Jinping", "Kim Jong Un", "2020-05-09", "day")
    assert r["medium"] in VOCABULARIES["medium"] and r["purpose"] in VOCABULARIES["purpose"]
    assert r["occasion_type"] in VOCABULARIES["occasion_type"]
    assert r["medium"] == "verbal_message" and r["purpose"] == "thanks"
    assert "traditional friendship" in r["phrases"] and "traditional_friendship" in r["concept_ids"]
    assert r["evidence"].startswith("BEIJING, May 9 (Xinhua)") and r["source"] == "<text>"


@pytest.mark.parametrize("sender_words, recipient_words, sender", [
    ("North Korean leader Kim Jong-un", "Chinese President Xi Jinping", "Kim Jong Un"),
    ("Kim Jong Un, chairman of the WPK,", "the Chinese president", "Kim Jong Un"),
    ("The North's leader", "Xi", "Kim Jong Un"),
    ("General Secretary of the CPC Central Committee Xi Jinping", "Comrade General Secretary", "Xi Jinping"),
    ("Xi", "the North Korean leader", "Xi Jinping"),
])
def test_name_variants(sender_words, recipient_words, sender):
    r = one(f"SEOUL, July 30 (Yonhap) -- {sender_words} sent a letter to {recipient_words} on Friday.", "2021-07-30")
    assert r["sender"] == sender and r["date_sent"] == "2021-07-30"


@pytest.mark.parametrize("header, published", [
    ("BEIJING, May 9 (Xinhua) -- ", "2020-05-11"),   # the dateline's day, the year from --published
    ("PYONGYANG, May 9 (KCNA) -- ", "2020-05-11"),
    ("SEOUL, May 10, 2020 (Yonhap) -- ", None),
    ("SEOUL, May 10, 2020 -- ", None),               # no agency named
    ("May 10, 2020 - 13:14\n\n", None),
    ("08:22, May 11, 2020\n\n", "2021-01-01"),     # a dated header beats --published
    ("Published: 2020-05-12\n\n", None),
    ("", "2020-05-14"),
])
def test_dateline_styles(header, published):
    r = one(header + "Xi Jinping on Saturday sent a message to Kim Jong Un.", published)
    assert r["date_sent"] == "2020-05-09"


def test_a_dateline_without_an_agency_is_not_the_messages_day():
    r = one("TOKYO, March 12 -- Kim Jong Un sent a message to Xi Jinping on his re-election, state media said.",
            "2023-03-13")
    assert (r["date_sent"], r["date_precision"]) == ("2023-03-01", "month")  # not 12 March, day precision


def test_published_when_no_dateline():
    text = "Xi Jinping on Saturday sent a message to Kim Jong Un."
    assert one(text, "2020-05-10")["date_sent"] == "2020-05-09"
    assert one(text)["date_sent"] is None and one(text)["date_precision"] == "unknown"


@pytest.mark.parametrize("phrase, date, precision", [
    ("on Saturday", "2023-10-07", "day"),
    ("the previous day", "2023-10-11", "day"),
    ("last month", "2023-09-01", "month"),
    ("earlier this week", "2023-10-01", "month"),
    ("last week", "2023-10-01", "month"),
    ("on Oct. 3", "2023-10-03", "day"),
    ("in February this year", "2023-02-01", "month"),
    ("last year", "2022-01-01", "year"),
])
def test_relative_dates(phrase, date, precision):
    r = one(f"SEOUL, Oct. 12 (Yonhap) -- Kim Jong Un sent a letter to Xi Jinping {phrase}, KCNA said Thursday.",
            "2023-10-12")
    assert (r["date_sent"], r["date_precision"]) == (date, precision)


@pytest.mark.parametrize("words", ["Later that day", "Later the same day", "That same day", "Earlier that day"])
def test_that_day_is_the_day_of_the_message_before(words):
    text = ("SEOUL, March 9 (Yonhap) -- Kim Jong Un sent a message of sympathy to Xi Jinping on Monday over "
            f"the floods in the south of China, state media said. {words}, Xi sent Kim a reply thanking him.")
    records = extract_messages(text, "2021-03-09")
    assert [(r["sender"], r["date_sent"], r["date_precision"]) for r in records] == [
        ("Kim Jong Un", "2021-03-08", "day"), ("Xi Jinping", "2021-03-08", "day")]


def test_that_day_without_an_earlier_day_is_unknown():
    # the day "later that day" points to is only given further down: not the dateline's day
    text = ("SEOUL, March 9 (Yonhap) -- Kim Jong Un has sent a message of condolence to Xi Jinping over a "
            "mine disaster earlier this week. In the message sent later that day, Kim said he shared the grief. "
            "The accident happened on Sunday.")
    r = one(text, "2021-03-09")
    assert (r["date_sent"], r["date_precision"]) != ("2021-03-09", "day")


def test_last_years_message_is_not_the_undated_news():
    text = ("Xi Jinping pledged closer coordination with Pyongyang in a message to Kim Jong Un "
            "on the founding anniversary of the DPRK, state media said. The wording was cooler than it was last "
            "year. By contrast, in last year's message, Xi praised his summits with Kim at length.")
    records = sorted(extract_messages(text, "2024-09-10"), key=lambda r: r["date_sent"])
    assert [(r["sender"], r["date_sent"], r["date_precision"], r["mentioned_in_passing"]) for r in records] == [
        ("Xi Jinping", "2023-01-01", "year", True), ("Xi Jinping", "2024-09-01", "month", False)]


def test_a_message_of_an_earlier_year_is_not_the_undated_news():
    records = extract_messages("김정은 위원장이 시진핑 주석에게 연하장을 보냈다고 조선중앙통신이 3일 보도했다. 김 위원장이 "
                               "2024년 시 주석에게 보낸 연하장은 보도되지 않았다.", "2026-02-03")
    assert sorted((r["date_sent"], r["date_precision"]) for r in records) == \
        [("2024-01-01", "year"), ("2026-01-01", "year")]


def test_a_list_of_years_is_one_message_a_year():
    text = ("SEOUL, Oct. 2 (AFP) -- Kim Jong Un sent a national day message to Xi Jinping on Wednesday, state media "
            "said. He had sent similar messages to the Chinese president in 2014 and 2015.")
    records = sorted(extract_messages(text, "2019-10-02"), key=lambda r: r["date_sent"])
    assert [(r["date_sent"], r["date_precision"], r["mentioned_in_passing"]) for r in records] == [
        ("2014-01-01", "year", True), ("2015-01-01", "year", True), ("2019-10-02", "day", False)]


def test_messages_before_xi_led_the_party_are_someone_elses():
    # whatever title the report uses, a message of 2011 was not between General Secretary Xi and Kim
    assert extract_messages("The Chinese leader sent a message of sympathy to Kim Jong Un in 2011 over the "
                            "floods.", "2019-05-01") == []
    assert one("The Chinese leader sent a message of sympathy to Kim Jong Un in December 2012 over the "
               "floods.", "2019-05-01")["date_sent"] == "2012-12-01"


def test_adjectives_before_a_leaders_title_and_verbally_delivered():
    r = one("PYONGYANG, July 26 (AFP) -- On Thursday the visiting vice-president verbally delivered a message to "
            "the young North Korean leader from President Xi Jinping.", "2013-07-26")
    assert (r["sender"], r["recipient"], r["medium"], r["date_sent"]) == (
        "Xi Jinping", "Kim Jong Un", "verbal_message", "2013-07-25")


def test_greetings_and_a_verbal_message_are_one_message():
    records = extract_messages("BEIJING, June 1 (Xinhua) -- Xi Jinping said he was glad to receive the warm "
                               "greetings and verbal message sent by Kim Jong Un, which an envoy handed over on "
                               "Wednesday.", "2016-06-01")
    assert [(r["sender"], r["medium"]) for r in records] == [("Kim Jong Un", "verbal_message")]


@pytest.mark.parametrize("text, found", [
    ("Kim Jong Un sent New Year cards to foreign leaders including Xi Jinping and Vladimir Putin.", True),
    ("Kim sent New Year cards to the heads of state of countries such as China, Cuba and Vietnam.", True),
    ("Kim Jong Un sent New Year cards to leaders including Vladimir Putin and the Cuban president.", False),
])
def test_a_leader_in_a_list_of_recipients(text, found):
    records = extract_messages(text, "2020-01-03")
    assert [(r["sender"], r["recipient"], r["medium"]) for r in records] == (
        [("Kim Jong Un", "Xi Jinping", "greeting_card")] if found else [])


def test_the_occasions_side_names_the_missing_recipient():
    text = ("Analysts said the tone had cooled between the two neighbours. Trade has slowed, customs data show. "
            "In September Xi Jinping had likewise sent a message marking North Korea's founding anniversary.")
    r = one(text, "2014-10-02")
    assert (r["sender"], r["recipient"], r["date_sent"], r["occasion_type"]) == (
        "Xi Jinping", "Kim Jong Un", "2014-09-01", "anniversary_state")


def test_on_the_nth_is_a_day_of_the_reports_month():
    r = one("Kim Jong Un got a reply message from Xi Jinping on the 19th.", "2021-10-23")
    assert (r["sender"], r["date_sent"], r["date_precision"]) == ("Xi Jinping", "2021-10-19", "day")
    r = one("Ri Su Yong briefed Xi Jinping on the 7th Party Congress and delivered a verbal message from Kim Jong Un.",
            "2016-06-02")
    assert r["date_sent"] != "2016-06-07"


def test_a_date_right_after_the_message_word_and_a_paragraph_dateline():
    text = ("SEOUL, Feb. 26 (Yonhap) -- Xi Jinping wrote a letter Monday to Kim Jong Un, thanking him for the "
            "congratulatory messages he sent during the Winter Games.")
    got = {r["sender"]: (r["date_sent"], r["is_reply"]) for r in extract_messages(text, "2022-02-26")}
    assert got["Xi Jinping"] == ("2022-02-21", True) and got["Kim Jong Un"][0] != "2022-02-21"
    r = extract_messages("October 7, 2024_ Xi Jinping and Kim Jong Un traded congratulatory messages on the "
                         "75th anniversary of their diplomatic ties.", "2024-10-07")
    assert {x["date_sent"] for x in r} == {"2024-10-01"}


def test_dated_weekday_and_report_dates():
    r = one("Published: 2023-10-12\n\nIn the letter dated Saturday, Xi Jinping told Kim Jong Un that ties were "
            "strong, KCNA reported on Thursday.")
    assert r["date_sent"] == "2023-10-07"


@pytest.mark.parametrize("sender, occasion, kind, year", [
    ("Xi Jinping", "the 75th anniversary of the founding of the DPRK", "anniversary_state", 2023),
    ("Kim Jong Un", "the 74th anniversary of the founding of the People's Republic of China", "anniversary_state", 2023),
    ("Kim Jong Un", "the 100th anniversary of the founding of the Communist Party of China", "anniversary_party", 2021),
    ("Xi Jinping", "the 60th anniversary of the Treaty of Friendship, Cooperation and Mutual Assistance",
     "anniversary_treaty", 2021),
    ("Kim Jong Un", "the 70th anniversary of the establishment of diplomatic relations", "anniversary_relations", 2019),
    ("Kim Jong Un", "the 70th anniversary of the Chinese People's Volunteers' entry into the Korean War",
     "anniversary_war", 2020),
])
def test_ordinal_anniversaries_give_the_year(sender, occasion, kind, year):
    recipient = "Kim Jong Un" if sender == "Xi Jinping" else "Xi Jinping"
    r = one(f"{sender} sent a congratulatory message to {recipient} on {occasion}.")
    assert r["occasion_type"] == kind
    assert r["date_sent"] and r["date_sent"].startswith(str(year)) and r["date_precision"] == "month"


def test_years_since_is_an_anniversary_and_messages_keep_their_own_occasions():
    records = extract_messages(
        "BEIJING, July 11 (Wire) -- Xi Jinping and Kim Jong Un traded messages on Sunday marking 60 years since "
        "their countries signed the Treaty of Friendship, Cooperation and Mutual Assistance.\n\nThe two leaders last "
        "corresponded earlier this month, when Kim sent Xi a message congratulating him on the centenary of the "
        "Communist Party of China.", "2021-07-11")
    found = sorted((r["sender"], r["date_sent"], r["occasion_type"], r["anniversary"]) for r in records)
    assert found == [("Kim Jong Un", "2021-07-01", "anniversary_party", 100),
                     ("Kim Jong Un", "2021-07-11", "anniversary_treaty", 60),
                     ("Xi Jinping", "2021-07-11", "anniversary_treaty", 60)]


def test_a_countrys_birthday_and_occasions_that_clash_with_the_purpose():
    records = extract_messages("Kim Jong Un sent a reply to Xi Jinping for his congratulations on North Korea's "
                               "birthday.", "2024-09-20")
    assert [r["occasion_type"] for r in records] == ["anniversary_state", "anniversary_state"]
    # the only occasion in the article is a death, in background: not what a congratulation is for
    r = one("Xi congrats Kim on key date\n\nBEIJING (Yonhap) -- Xi Jinping sent Kim Jong Un a congratulatory message "
            "wishing the North success. Kim took power after the death of his father.", "2015-10-09")
    assert r["occasion_type"] == "other"


def test_a_headline_re_election_and_a_party_post_are_one_message():
    records = extract_messages("Kim congratulates Xi on his re-election\n\nPYONGYANG, Oct. 24 (KCNA) -- Kim Jong Un "
                               "sent a message to Xi Jinping on Sunday on his re-election as general secretary of "
                               "the Communist Party of China.", "2022-10-24")
    assert [(r["occasion_type"], r["date_sent"]) for r in records] == [("party_congress", "2022-10-23")]


@pytest.mark.parametrize("words, occasion", [
    ("over the COVID-19 outbreak", "covid"), ("over the floods", "disaster"),
    ("on his election as general secretary at the party congress", "party_congress"),
    ("on his re-election as president", "election"), ("for the New Year", "new_year"),
    ("on his birthday", "birthday"), ("over the death of his predecessor", "condolence"),
    ("after their summit in Pyongyang", "summit"),
    ("to celebrate China's National Day", "anniversary_state"), ("on China's 77th National Day", "anniversary_state"),
    # a title naming the congress or the assembly is not the occasion
    ("and met Choe Ryong Hae, president of the Presidium of the Supreme People's Assembly", "other"),
])
def test_occasion_types(words, occasion):
    assert one(f"Xi Jinping sent a message to Kim Jong Un {words}.")["occasion_type"] == occasion


def test_exchanged_messages_give_one_record_each_way():
    records = extract_messages("BEIJING, July 11 (Xinhua) -- Xi Jinping and Kim Jong Un on Sunday exchanged "
                               "congratulatory messages on the 60th anniversary of the friendship treaty.", "2021-07-11")
    assert sorted(r["sender"] for r in records) == ["Kim Jong Un", "Xi Jinping"]
    assert {r["date_sent"] for r in records} == {"2021-07-11"}


def test_reply_and_the_message_it_answers():
    records = extract_messages(
        "BEIJING, May 9 (Xinhua) -- Xi Jinping on Saturday sent a verbal message to Kim Jong Un in reply to an "
        "earlier verbal message from the latter.\n\nIn his verbal message sent to Xi on Thursday, Kim praised "
        "China's fight against the epidemic.", "2020-05-09")
    by_sender = {r["sender"]: r for r in records}
    assert len(records) == 2
    assert by_sender["Xi Jinping"]["is_reply"] and by_sender["Xi Jinping"]["replies_to"] == [records.index(
        by_sender["Kim Jong Un"])]
    assert by_sender["Kim Jong Un"]["date_sent"] == "2020-05-07"
    assert {r["occasion_type"] for r in records} == {"covid"}


def test_bare_reply_verb_answers_the_message_before_it():
    records = extract_messages("Kim Jong Un sent a congratulatory message to Xi Jinping in March after his "
                               "re-election, and Xi replied in April.", "2023-05-02")
    by_sender = {r["sender"]: r for r in records}
    assert by_sender["Xi Jinping"]["is_reply"] and by_sender["Xi Jinping"]["date_sent"] == "2023-04-01"
    assert by_sender["Kim Jong Un"]["date_sent"] == "2023-03-01"
    assert {r["occasion_type"] for r in records} == {"election"}
    assert extract_messages("Asked about the letter, Xi Jinping replied that ties with Kim Jong Un were good.") == []


def test_earlier_message_mentioned_in_passing():
    records = extract_messages(
        "SEOUL, July 30 (Yonhap) -- Xi Jinping made the remarks in a reply to Kim Jong Un's earlier letter to mark "
        "the 100th founding anniversary of the Communist Party of China.", "2021-07-30")
    earlier = next(r for r in records if r["sender"] == "Kim Jong Un")
    assert earlier["mentioned_in_passing"] and earlier["date_sent"] == "2021-07-01"
    assert next(r for r in records if r["sender"] == "Xi Jinping")["is_reply"]


@pytest.mark.parametrize("text, sender", [
    ("Kim Jong Un sent a letter to U.S. President Donald Trump and a message to Xi Jinping.", "Kim Jong Un"),
    ("Kim Jong Un received Chinese Ambassador Wang Yajun, who handed over a personal letter from Xi Jinping.",
     "Xi Jinping"),
    ("China's Xi Jinping has written to North Korea's Kim Jong Un, state media said.", "Xi Jinping"),
    ("Kim, in a letter to Xi, said the two countries would stand together.", "Kim Jong Un"),
    ("The Chinese leader's message to Kim, carried by KCNA, praised the North's pandemic response.", "Xi Jinping"),
])
def test_other_constructions(text, sender):
    assert one(text)["sender"] == sender


def test_joint_message_is_coded_for_the_leader():
    r = one("The WPK Central Committee and Kim Jong Un jointly sent a message of sympathy to the CPC Central "
            "Committee and Xi Jinping over the earthquake.")
    assert (r["sender"], r["recipient"], r["occasion_type"]) == ("Kim Jong Un", "Xi Jinping", "disaster")


@pytest.mark.parametrize("text", [
    "Russian President Vladimir Putin sent a congratulatory message to Kim Jong Un on Saturday.",
    "Kim Jong Un sent a message of greetings to Vladimir Putin on his birthday. In the message, Kim wished him "
    "good health.",
    "Xi Jinping sent a message to South Korean President Moon Jae-in after their phone call.",
    "U.S. President Donald Trump said he had received a beautiful letter from Kim Jong Un.",
    "Belarusian President Alexander Lukashenko sent a message to Xi Jinping.",
    "Kim Jong Un received messages from Cuban President Miguel Diaz-Canel and Lao President Thongloun Sisoulith.",
    "The Central Committee of the CPC sent a congratulatory message to the Central Committee of the WPK.",
    "Xi Jinping held talks with Kim Jong Un in Beijing and hosted a banquet, where both leaders proposed toasts.",
    "Chinese Ambassador Wang Yajun conveyed the greetings of Xi Jinping to Kim Jong Un at a reception.",
    "DPRK Foreign Minister Choe Son Hui sent a message to Chinese Foreign Minister Wang Yi.",
    "Kim Jong Un did not send a congratulatory message to Xi Jinping this year.",
    "Kim Yong Nam sent a message of greeting to Xi Jinping on the anniversary.",
    "The summit sent a clear message to Washington, Xi Jinping and Kim Jong Un said.",
    "Kim Jong Un usually sends Xi Jinping a message on his birthday.",
    "Kim Jong Un is expected to send a congratulatory message to Xi Jinping next week.",
    "Xi Jinping and Kim Jong Un have exchanged messages regularly since 2018.",
    "In his New Year message, Kim Jong Un said the economy had grown. He met Xi Jinping three times last year.",
    "김정은 위원장은 시진핑 총서기에게 안부를 전하고, 중국 예술단이 친선예술축전에 참가한 데 대해 환영했다.",
])
def test_negatives_give_no_record(text):
    assert extract_messages(text) == []


def test_chinese_and_korean():
    zh = one("习近平致电朝鲜劳动党总书记金正恩，热烈祝贺朝鲜民主主义人民共和国成立75周年。", "2023-09-09")
    ko = one("김정은동지께서 시진핑동지에게 9월 30일 축전을 보내시였다.", "2024-10-01")
    assert (zh["sender"], zh["occasion_type"]) == ("Xi Jinping", "anniversary_state")
    assert (ko["sender"], ko["recipient"], ko["date_sent"]) == ("Kim Jong Un", "Xi Jinping", "2024-09-30")


def test_recipient_between_the_verb_and_congratulations():
    r = one("Xi Jinping on Tuesday sent North Korean leader Kim Jong Un congratulations on his re-election as "
            "general secretary of the Workers' Party of Korea.", "2021-01-12")
    assert (r["sender"], r["recipient"], r["date_sent"]) == ("Xi Jinping", "Kim Jong Un", "2021-01-12")
    assert r["occasion_type"] == "party_congress"
    assert extract_messages("Xi Jinping sent a delegation to Kim Jong Un whose members expressed "
                            "congratulations on Tuesday.", "2021-01-12") == []


def test_recipient_with_long_titles_between_the_verb_and_the_message():
    # the leader's titles in apposition push the verb far from the message word; the verb still governs it
    r = one("HONG KONG, June 3 (Xinhua) -- Kim Jong Un, general secretary of the Workers' Party of Korea, on "
            "Wednesday sent Xi Jinping, general secretary of the Central Committee of the Communist Party of "
            "China and president of the People's Republic of China, a letter of sympathy over the flooding.",
            "2026-06-03")
    assert (r["sender"], r["recipient"], r["date_sent"], r["medium"]) == \
        ("Kim Jong Un", "Xi Jinping", "2026-06-03", "letter")
    assert r["occasion_type"] == "disaster"


def test_congratulated_him_names_the_earlier_message_and_the_ruling_workers_party():
    records = extract_messages("Kim Jong Un sent a message of thanks on Friday to Xi Jinping, who had "
                               "congratulated him on the 80th anniversary of the ruling Workers' Party.",
                               "2025-10-12")
    thanks = next(r for r in records if r["sender"] == "Kim Jong Un")
    earlier = next(r for r in records if r["sender"] == "Xi Jinping")
    assert len(records) == 2 and thanks["is_reply"] and thanks["date_sent"] == "2025-10-10"
    assert earlier["occasion_type"] == thanks["occasion_type"] == "anniversary_party"
    assert earlier["mentioned_in_passing"] and earlier["occasion_id"] == "wpk_founding"
    # in person it is no message
    assert extract_messages("Xi Jinping received Kim Jong Un in Beijing and congratulated him on his "
                            "re-election.", "2025-10-12") == []


def test_a_message_that_responded_to_the_others_takes_its_ends_from_it():
    records = extract_messages("Kim Jong Un told Xi Jinping that the friendship would grow stronger, the KCNA "
                               "said. The letter, dated Tuesday, responded to Xi's message of sympathy over the "
                               "typhoon.", "2026-09-10")
    letter = next(r for r in records if r["medium"] == "letter")
    answered = next(r for r in records if r["medium"] == "message")
    assert (letter["sender"], letter["recipient"], letter["date_sent"]) == ("Kim Jong Un", "Xi Jinping", "2026-09-08")
    assert letter["is_reply"] and letter["occasion_type"] == answered["occasion_type"] == "disaster"
    assert (answered["sender"], answered["purpose"]) == ("Xi Jinping", "sympathy") and len(records) == 2


def test_responded_by_doing_something_is_a_reaction_not_a_message():
    records = extract_messages("An envoy handed Xi Jinping a letter from Kim Jong Un on Wednesday. Xi responded "
                               "at once by calling on all sides to return to talks.", "2026-04-02")
    assert [(r["sender"], r["medium"]) for r in records] == [("Kim Jong Un", "letter")]
    # replying by sending something is still a reply
    reply = [r for r in extract_messages("Kim Jong Un sent Xi Jinping a letter. Xi replied to Kim by sending "
                                         "a verbal message on Friday.", "2026-04-05") if r["sender"] == "Xi Jinping"]
    assert len(reply) == 1 and reply[0]["is_reply"] and reply[0]["medium"] == "verbal_message"


def test_a_quoted_message_word_in_a_frame_names_its_sender_and_form():
    records = extract_messages("Xi Jinping thanked Kim Jong Un for his message of support. In a \"verbal message\", "
                               "Kim had praised the fight against the virus.", "2026-02-14")
    kims = [r for r in records if r["sender"] == "Kim Jong Un"]
    assert len(kims) == 1 and kims[0]["medium"] == "verbal_message"


def test_a_date_between_an_outlet_and_its_report_verb_is_the_reports():
    records = extract_messages("North Korea's state media on Thursday publicised a message from Xi Jinping to Kim "
                               "Jong Un that thanked him for his congratulations.", "2026-11-05")
    xi = next(r for r in records if r["sender"] == "Xi Jinping")
    assert (xi["date_sent"], xi["date_precision"], xi["date_reported"]) == (None, "unknown", "2026-11-05")


def test_a_message_to_someone_else_does_not_lend_its_date():
    r = one("Kim Jong Un sent a New Year card to Xi Jinping, state media said on Sunday. On Dec. 27 Pyongyang had "
            "published in full its message to Russian President Vladimir Putin.", "2026-01-18")
    assert (r["sender"], r["date_sent"], r["date_precision"]) == ("Kim Jong Un", "2026-01-01", "year")


def test_the_message_another_is_compared_to_is_another_message():
    records = extract_messages("A greeting letter from Kim Jong Un to Xi Jinping after his appointment to the "
                               "presidency was printed first. Compared to the letter in 2013, it was half as long.")
    # the 2013 letter's ends are not given, so it is no record, and it does not date the new one
    assert [(r["sender"], r["date_sent"], r["occasion_type"]) for r in records] == [("Kim Jong Un", None, "election")]


def test_messages_exchanged_the_north_korean_and_chinese_leaders_and_congratulations_received():
    records = extract_messages("TOKYO -- The North Korean and Chinese leaders pledged on Friday to deepen ties, in "
                               "messages exchanged to mark the anniversary of their friendship treaty.", "2026-07-11")
    assert sorted((r["sender"], r["date_sent"], r["occasion_type"]) for r in records) == \
        [("Kim Jong Un", "2026-07-10", "anniversary_treaty"), ("Xi Jinping", "2026-07-10", "anniversary_treaty")]
    r = one("Kim Jong Un also received congratulations from Chinese President Xi Jinping on the founding day.",
            "2026-09-10")
    assert (r["sender"], r["purpose"]) == ("Xi Jinping", "congratulation")
    assert extract_messages("Kim Jong Un received congratulations from Xi Jinping at their talks in Beijing.") == []


@pytest.mark.parametrize("text, found", [
    ("PYONGYANG, Oct. 11 (KCNA) -- Kim Jong Un received congratulatory messages from heads of state of many "
     "countries on the 81st founding anniversary of the Workers' Party of Korea. Among them were Xi Jinping, "
     "president of China, and the president of Laos.", [("Xi Jinping", "Kim Jong Un", "anniversary_party")]),
    ("PYONGYANG, Oct. 11 (KCNA) -- Kim Jong Un received congratulatory messages from foreign leaders including "
     "Xi Jinping on the founding anniversary of the Workers' Party of Korea.",
     [("Xi Jinping", "Kim Jong Un", "anniversary_party")]),
    ("多国领导人向习近平致唁电，对这位老同志逝世表示深切哀悼。朝鲜劳动党总书记金正恩表示，对逝世深感悲痛。",
     [("Kim Jong Un", "Xi Jinping", "condolence")]),
    ("许多国家、政党领导人致电习近平，祝贺中华人民共和国成立77周年。朝鲜劳动党总书记、国务委员长金正恩表示，朝中友谊牢不可破。",
     [("Kim Jong Un", "Xi Jinping", "anniversary_state")]),
    ("각국 정상들이 김정은 위원장에게 축전을 보냈다. 이 가운데 시진핑 주석은 양국 친선을 강조했다.",
     [("Xi Jinping", "Kim Jong Un", "other")]),
    ("BEIJING, March 11 -- Leaders of many countries sent congratulatory messages to Xi Jinping on his "
     "re-election as president. Some of the messages follow. Chairman of the State Affairs Commission of the "
     "DPRK Kim Jong Un said he wished Xi new successes.", [("Kim Jong Un", "Xi Jinping", "election")]),
    # only others among the senders; the other leader named without being among them
    ("PYONGYANG, Oct. 11 (KCNA) -- Kim Jong Un received congratulatory messages from heads of state of many "
     "countries. Among them were the presidents of Laos and Cuba.", []),
    ("PYONGYANG, Oct. 11 (KCNA) -- Kim Jong Un received congratulatory messages from heads of state of many "
     "countries. Xi Jinping visited Vietnam the same week.", []),
])
def test_roundups_of_many_leaders_messages(text, found):
    records = extract_messages(text, "2026-10-12")
    assert [(r["sender"], r["recipient"], r["occasion_type"]) for r in records] == found


def test_a_frame_whose_recipient_has_titles_in_a_who_clause():
    r = one("In a congratulatory message sent to Xi, who is also general secretary of the Communist Party of "
            "China, General Secretary of the Workers' Party of Korea Kim Jong Un said the friendship was firm.",
            "2026-03-11")
    assert (r["sender"], r["recipient"]) == ("Kim Jong Un", "Xi Jinping")


def test_he_after_an_opening_clause_is_the_main_subject_of_the_sentence_before():
    records = extract_messages("Kim Jong Un sent a message to Xi Jinping praising China's fight against the "
                               "epidemic. Noting that he was glad, Kim Jong Un wished Xi Jinping good health. "
                               "Adding that ties were growing closer, he sent greetings to every member of the "
                               "Communist Party of China.", "2026-05-20")
    assert [(r["sender"], r["recipient"]) for r in records] == [("Kim Jong Un", "Xi Jinping")]


def test_a_message_words_own_modifier_gives_its_purpose_before_the_words_around_it():
    records = extract_messages("Xi offered thanks to Kim for his message of sympathy about the storm.", "2026-08-30")
    answered = next(r for r in records if r["sender"] == "Kim Jong Un")
    assert (answered["purpose"], answered["occasion_type"]) == ("sympathy", "disaster")


def test_undated_lead_message_is_coded_in_the_report_month():
    late = one("PYONGYANG, March 20 (KCNA) -- Kim Jong Un received a verbal message from Xi Jinping, who "
               "thanked him for his support.", "2021-03-20")
    assert (late["sender"], late["date_sent"], late["date_precision"]) == ("Xi Jinping", "2021-03-01", "month")
    early = one("PYONGYANG, March 3 (KCNA) -- Kim Jong Un received a verbal message from Xi Jinping, who "
                "thanked him for his support.", "2021-03-03")
    assert (early["date_sent"], early["date_precision"]) == (None, "unknown")  # may be February's


def test_chinese_signed_letter_pinyin_notes_and_a_letter_handed_over():
    r = one("新华社平壤3月2日电 3月2日,金正恩向習(xí)近平致亲署信,祝贺中国抗疫取得成果。", "2021-03-02")
    assert (r["sender"], r["recipient"], r["medium"], r["date_sent"]) == ("Kim Jong Un", "Xi Jinping", "letter",
                                                                         "2021-03-02")
    # 向 goes with the first person after it: the delegation hands Xi's letter to Kim
    r = one("代表团团长向金正恩面交了一封由习近平签署的信件。", "2023-07-27")
    assert (r["sender"], r["recipient"]) == ("Xi Jinping", "Kim Jong Un")


def test_chinese_day_with_hao_a_signed_letter_in_han_and_negation():
    r = one("习近平8号给金正恩发去贺电。", "2014-09-10")
    assert (r["sender"], r["date_sent"], r["date_precision"]) == ("Xi Jinping", "2014-09-08", "day")
    r = one("刘云山昨天在平壤把习近平的亲署函交给了金正恩。", "2015-10-11")
    assert (r["sender"], r["medium"], r["date_sent"]) == ("Xi Jinping", "letter", "2015-10-10")
    text = "9月30日金正恩向习近平致贺电。今年建交纪念日,朝方媒体并未报道两国领导人互致回电。"
    assert [(r["sender"], r["date_sent"]) for r in extract_messages(text, "2014-10-08")] == [
        ("Kim Jong Un", "2014-09-30")]


def test_chinese_new_year_cards_are_greetings():
    records = extract_messages("新华社北京1月1日电 习近平同金正恩互致新年贺卡。", "2026-01-01")
    assert [(r["medium"], r["purpose"], r["occasion_type"]) for r in records] == [("greeting_card", "greeting", "new_year")] * 2


@pytest.mark.parametrize("text, purpose", [
    ("习近平复电金正恩，感谢他对自己再次当选国家主席的祝贺。", "congratulation"),
    ("金正恩复电习近平，感谢习近平对朝鲜遭受水灾的慰问。", "sympathy"),
    ("김 위원장은 답전에서 시 주석이 자신의 생일을 축하해준 데 대해 사의를 표했다.", "congratulation"),
    ("시 주석은 김 위원장에게 답전을 보내 위문에 깊은 감사를 표했다.", "sympathy"),
    # "you" inside the quoted reply is its addressee
    ('시 주석은 김 위원장에게 보낸 답전에서 "당신이 나의 생일에 보내준 축전에 감사한다"고 밝혔다.', "congratulation"),
    ('김 위원장은 시 주석에게 보낸 답전에서 “동지께서 보내준 축전에 감사를 드린다”고 했다.', "congratulation"),
    ('金正恩在致习近平的复电中表示：“衷心感谢您在我当选时发来贺电。”', "congratulation"),
])
def test_chinese_and_korean_replies_name_the_message_they_answer(text, purpose):
    records = extract_messages(text, "2026-03-20")
    reply = next(r for r in records if r["is_reply"])
    answered = next(r for r in records if not r["is_reply"])
    assert len(records) == 2 and (answered["sender"], answered["purpose"]) == (reply["recipient"], purpose)
    assert answered["mentioned_in_passing"] and answered["occasion_type"] == reply["occasion_type"]


def test_chinese_message_received_from_someone_else():
    assert extract_messages("据朝中社25日报道，金正恩收到普京18日发来的贺电。", "2025-12-27") == []
    # and a leader's letter that someone else received
    assert extract_messages("韩国总统文在寅4日收到金正恩的亲笔信。", "2026-03-05") == []
    r = one("据朝中社25日报道，金正恩收到习近平18日发来的贺电。", "2025-12-27")
    assert (r["sender"], r["date_sent"]) == ("Xi Jinping", "2025-12-18")


@pytest.mark.parametrize("text, sender, occasion", [
    ("朝鲜劳动党委员长金正恩电贺习近平再次当选国家主席。", "Kim Jong Un", "election"),
    ("金正恩電賀習近平連任。", "Kim Jong Un", "election"),
    ("习近平电贺金正恩当选朝鲜劳动党总书记。", "Xi Jinping", "party_congress"),
])
def test_chinese_congratulated_by_telegram(text, sender, occasion):
    r = one(text, "2026-03-18")
    assert (r["sender"], r["purpose"], r["occasion_type"]) == (sender, "congratulation", occasion)


def test_chinese_short_congress_names_and_a_page_date_in_brackets():
    records = extract_messages("【某网2017年11月2日讯】「十九大」上月闭幕,金正恩随即致电习近平表示祝贺。", "2017-11-02")
    assert [(r["sender"], r["date_sent"], r["date_precision"], r["occasion_type"]) for r in records] == [
        ("Kim Jong Un", "2017-10-01", "month", "party_congress")]


def test_chinese_reply_verb_before_the_answered_message():
    text = "习近平于11月1日回复了金正恩发来的贺电。"
    got = sorted((r["sender"], r["date_sent"], r["is_reply"]) for r in extract_messages(text, "2017-11-02"))
    assert got == [("Kim Jong Un", None, False), ("Xi Jinping", "2017-11-01", True)]


def test_chinese_reply_letter_same_day_and_traditional_last_month():
    r = one("习近平给金正恩回信,表示愿同朝方一道努力。", "2022-11-26")
    assert (r["sender"], r["medium"], r["is_reply"]) == ("Xi Jinping", "letter", True)
    r = one("新华社平壤10月10日电 金正恩当天向习近平发去慰问电。", "2024-10-10")
    assert (r["sender"], r["date_sent"]) == ("Kim Jong Un", "2024-10-10")
    records = extract_messages("據報導,金正恩上個月曾向習近平發出賀電;習近平近日寄出回信。", "2022-11-26")
    got = sorted((x["sender"], x["date_sent"], x["is_reply"]) for x in records)
    assert got[0] == ("Kim Jong Un", "2022-10-01", False) and got[1][::2] == ("Xi Jinping", True)
    # 向 X 致电 in one clause, X again in the next: the message is to X
    r = extract_messages("金正恩9日向习近平致电,对习近平表示感谢。", "2026-03-10")
    assert [(x["sender"], x["date_sent"]) for x in r] == [("Kim Jong Un", "2026-03-09")]


def test_chinese_sender_is_the_leader_before_the_verb():
    headline = one("金正恩连任劳动党总书记 习近平致电表示祝贺", "2021-01-11")
    assert (headline["sender"], headline["recipient"]) == ("Xi Jinping", "Kim Jong Un")
    # someone the extractor does not know sends to Kim, and Xi is nowhere: no Xi-Kim message
    assert extract_messages("有分析认为，可能是普丁先向金正恩发送了生日贺电。") == []


def test_korean_sender_topic_and_subject():
    topic = one("김정은 위원장은 2012년 시 주석이 처음 총서기에 오른 당시 첫 축전을 보냈다.", "2017-11-02")
    assert (topic["sender"], topic["date_sent"], topic["date_precision"]) == ("Kim Jong Un", "2012-01-01", "year")
    records = extract_messages("조선중앙통신은 12일 김 위원장이 지난 1일 보낸 축전에 대해 시 주석이 지난 9일 답전을 "
                               "보내왔다고 전했다.", "2025-10-12")
    reply = next(r for r in records if r["sender"] == "Xi Jinping")
    assert reply["is_reply"] and reply["date_sent"] == "2025-10-09"


@pytest.mark.parametrize("text", [
    "김정은 위원장은 지난달 10일 시진핑 주석에게 축전을 보냈다.",
    "金正恩上月10日向习近平致贺电。",
])
def test_day_of_last_month_in_korean_and_chinese(text):
    r = one(text, "2023-04-08")
    assert (r["sender"], r["date_sent"], r["date_precision"]) == ("Kim Jong Un", "2023-03-10", "day")


@pytest.mark.parametrize("text", [
    "劳动新闻还刊登了普京上月25日寄给金正恩的贺电。",     # Putin's message to Kim, by name alone
    "勞動新聞還刊登了普丁上月25日寄給金正恩的賀電。",     # the same in traditional characters
    "김정은 위원장은 푸틴에게 답전을 보냈다.",
])
def test_other_leaders_named_without_a_title_in_chinese_and_korean(text):
    assert extract_messages(text, "2026-01-19") == []


def test_second_message_this_year_is_refined_to_the_report_month():
    records = extract_messages(
        "SEOUL, May 20 (Yonhap) -- Kim Jong Un has sent a verbal message to Xi Jinping, state media said. "
        "It was the second time he had sent a message to Xi this year.", "2020-05-20")
    assert [(r["sender"], r["date_sent"], r["date_precision"]) for r in records] == \
        [("Kim Jong Un", "2020-05-01", "month")]


def test_photo_caption_date_is_not_the_page_date():
    text = ("金正恩回电习近平\n图为2019年6月21日，金正恩与习近平握手。\n"
            "朝鲜领导人金正恩9月15日向中国国家主席习近平回电，感谢习近平致电祝贺朝鲜建政76周年。")
    records = {r["sender"]: r for r in extract_messages(text)}
    r = records["Kim Jong Un"]
    assert (r["sender"], r["date_sent"], r["is_reply"]) == ("Kim Jong Un", "2024-09-15", True)
    # and the congratulation it thanks for ("感谢习近平致电祝贺"), which it answers
    assert (records["Xi Jinping"]["date_sent"], records["Xi Jinping"]["is_reply"]) == ("2024-09-01", False)
    assert len(records) == 2 and r["replies_to"] == [1]


def test_day_in_chinese_numerals():
    r = one("中共中央总书记习近平也于十日向金正恩致贺电，祝贺朝鲜劳动党成立80周年。", "2025-10-12")
    assert (r["sender"], r["date_sent"], r["date_precision"]) == ("Xi Jinping", "2025-10-10", "day")


def test_congratulated_on_an_occasion_is_a_message():
    r = one("BEIJING, May 10 (Xinhua) -- Xi Jinping on Monday congratulated Kim Jong Un on his election as "
            "chairman of the Workers' Party of Korea.", "2016-05-10")
    assert (r["sender"], r["recipient"], r["date_sent"]) == ("Xi Jinping", "Kim Jong Un", "2016-05-09")
    assert (r["medium"], r["purpose"], r["occasion_type"]) == ("message", "congratulation", "party_congress")
    assert one("Xi congratulates Kim on re-election as Workers' Party leader")["occasion_type"] == "party_congress"
    r = one("Kim Jong Un has congratulated Chinese President Xi Jinping's re-election to a third term.")
    assert (r["sender"], r["recipient"], r["occasion_type"]) == ("Kim Jong Un", "Xi Jinping", "election")


def test_thanks_for_congratulating_is_the_message_answered():
    records = extract_messages("BEIJING, Oct. 16 (Xinhua) -- Xi Jinping sent a reply to Kim Jong Un on Wednesday, "
                               "thanking him for congratulating him on the 75th anniversary of the founding of the "
                               "People's Republic of China.", "2024-10-16")
    pairs = sorted((r["sender"], r["date_sent"], r["is_reply"]) for r in records)
    assert pairs == [("Kim Jong Un", "2024-10-01", False), ("Xi Jinping", "2024-10-16", True)]


def test_offered_condolences_is_a_message_unless_said_in_person():
    r = one("Kim Jong Un offered condolences to Xi Jinping on Tuesday over the plane crash in southern China.",
            "2022-03-23")
    assert (r["sender"], r["purpose"], r["date_sent"]) == ("Kim Jong Un", "condolence", "2022-03-22")
    for text in ("Kim Jong Un offered condolences to Xi Jinping during their talks in Beijing.",
                 "Kim Jong Un extended congratulations to Xi Jinping at the banquet."):
        assert extract_messages(text) == []


def test_a_reply_for_his_congratulations_names_the_message_answered():
    records = extract_messages("SEOUL, Sept. 20 (Yonhap) -- Kim Jong Un wished China prosperity in a reply message "
                               "to Xi Jinping for his congratulations on the founding anniversary of the DPRK, the "
                               "North's state media said.", "2024-09-20")
    pairs = sorted((r["sender"], r["is_reply"], r["occasion_type"]) for r in records)
    assert pairs == [("Kim Jong Un", True, "anniversary_state"), ("Xi Jinping", False, "anniversary_state")]


def test_in_response_to_his_congratulations_is_the_others_message():
    records = extract_messages("PYONGYANG, March 22 (KCNA) -- Xi Jinping sent Kim Jong Un a warm greeting on "
                               "Tuesday in response to his congratulations on his election.", "2023-03-22")
    got = sorted((r["sender"], r["is_reply"], r["occasion_type"], r["date_sent"]) for r in records)
    assert got == [("Kim Jong Un", False, "election", None), ("Xi Jinping", True, "election", "2023-03-21")]


@pytest.mark.parametrize("text", [
    "Xi Jinping congratulated Kim Jong Un on the success of the summit during their talks in Beijing.",
    "Kim Jong Un congratulated the Chinese people on the anniversary at a banquet.",
    "Xi Jinping congratulated Vladimir Putin on his re-election.",
    "Kim Jong Un met Xi Jinping and congratulated him on the anniversary.",
])
def test_congratulated_in_person_or_someone_else_is_no_message(text):
    assert extract_messages(text) == []


def test_korean_owner_before_a_quoted_message_word():
    r = one("평양을 찾은 중국 대표단은 3일 김정은 제1비서에게 시진핑 총서기의 '친서'를 건넸다.", "2012-12-04")
    assert (r["sender"], r["recipient"], r["medium"], r["date_sent"]) == ("Xi Jinping", "Kim Jong Un", "letter", "2012-12-03")


def test_korean_headline_set_in_lines_with_titles_alone():
    text = ("2019년 10월 6일\n\n존경하는 최고령도자 김정은동지께\n\n중화인민공화국 주석이\n\n답전을 보내여왔다\n\n"
            "나는 당신이 보내온 축전에 감사를 표합니다.")
    records = extract_messages(text)
    assert ("Xi Jinping", "Kim Jong Un") in [(r["sender"], r["recipient"]) for r in records]


def test_korean_owner_is_not_past_the_recipient():
    # "위로의 메시지": the 의 is the message's own (of sympathy), not 시진핑's
    r = one("김 위원장은 5일 시 주석에게 전문을 보내 깊은 위로의 메시지를 전했다.", "2015-06-08")
    assert (r["sender"], r["recipient"]) == ("Kim Jong Un", "Xi Jinping")


def test_korean_relative_clause_subject_and_the_report_day():
    text = ("시진핑 주석이 올림픽이 끝난 뒤 김정은 총비서가 축하의 뜻을 담아 보낸 구두친서에 답전을 보냈다. "
            "27일 노동신문에 따르면 시 주석은 답전에서 사의를 표했다.")
    records = extract_messages(text, "2022-02-27")
    assert sorted((r["sender"], r["medium"]) for r in records) == [("Kim Jong Un", "verbal_message"),
                                                                    ("Xi Jinping", "message")]
    assert "2022-02-27" not in [r["date_sent"] for r in records]  # the day of the report, not of a message


@pytest.mark.parametrize("word, purpose", [("위문 전문", "sympathy"), ("위로전", "sympathy"), ("축하 전문", "congratulation")])
def test_korean_telegram_words(word, purpose):
    r = one(f"김정은 위원장이 21일 시진핑 주석 앞으로 {word}을 보냈다.", "2022-03-22")
    assert (r["sender"], r["purpose"], r["date_sent"]) == ("Kim Jong Un", purpose, "2022-03-21")


def test_korean_message_word_in_a_clause_describing_its_sender():
    text = ("김 위원장은 기념일에 축전을 보낸 시진핑 주석에게 고마움을 전했다. "
            "통신에 따르면 김 위원장은 전날 답전을 보냈다.")
    got = sorted((r["sender"], r["is_reply"]) for r in extract_messages(text, "2025-10-17"))
    assert got == [("Kim Jong Un", True), ("Xi Jinping", False)]


def test_korean_other_leader_as_the_subject_before_the_recipient():
    assert extract_messages("이번 답전은 지난주 푸틴 대통령이 김 위원장에게 보낸 연하장에 화답한 것이다.",
                            "2026-01-05") == []
    # unless the leader is listed with him
    r = one("정권 수립일을 맞아 시진핑 주석과 푸틴 대통령이 김정은 위원장에게 축전을 보냈다.", "2026-09-09")
    assert (r["sender"], r["recipient"], r["occasion_type"]) == ("Xi Jinping", "Kim Jong Un", "anniversary_state")
    r = one("이번 답전은 지난주 시 주석이 김 위원장에게 보낸 연하장에 화답한 것이다.", "2026-01-05")
    assert (r["sender"], r["recipient"], r["medium"]) == ("Xi Jinping", "Kim Jong Un", "greeting_card")


def test_kim_in_an_article_about_kim_jong_il_is_the_father():
    old = ("Hu Jintao sent a letter to Kim Jong Il, the North's defence chief, on Monday. Two years earlier, "
           "Vice President Xi Jinping had met Kim in Pyongyang and conveyed a verbal message from Hu to Kim.")
    assert extract_messages(old, "2010-02-10") == []
    assert extract_messages("후진타오 주석이 김정일 국방위원장에게 친서를 보냈다. 앞서 시진핑 부주석이 김 위원장을 "
                            "만났을 때 김 위원장에게 구두 친서를 보냈었다.") == []
    # with Kim Jong Un named as well, "Kim" is the son
    r = one("Kim Jong Un laid flowers for Kim Jong Il. Kim later sent Xi Jinping a letter.", "2026-12-18")
    assert (r["sender"], r["recipient"]) == ("Kim Jong Un", "Xi Jinping")


@pytest.mark.parametrize("text, occasion", [
    ("金正恩致电习近平，祝贺他当选中共中央总书记。", "party_congress"),
    ("金正恩致电习近平，祝贺他连任国家主席。", "election"),
    ("김정은 위원장은 축전에서 시진핑 동지가 총서기의 중책을 맡게 된 것을 축하했다.", "party_congress"),
])
def test_chinese_and_korean_party_posts_and_re_election(text, occasion):
    r = one(text, "2026-03-11")
    assert (r["sender"], r["occasion_type"]) == ("Kim Jong Un", occasion)


@pytest.mark.parametrize("text, found", [
    # 로부터 marks the sender, alone or last in a list
    ("김 위원장은 지난해 말 시 주석과 푸틴 대통령으로부터 연하장을 받았다.", [("Xi Jinping", "new_year")]),
    ("김 위원장은 지난해 말 푸틴 대통령과 시 주석으로부터 연하장을 받았다.", [("Xi Jinping", "new_year")]),
    # a message word followed by a negated verb; a habit; unnamed others and a secretary-general
    ("시진핑 주석이 축전을 보냈다. 김 위원장은 시 주석에게 답전을 하지 않았다.", []),
    ("북한 매체는 전통적으로 김 위원장과 시 주석의 연하장 교환을 크게 보도해 왔다.", []),
    ("시진핑 주석은 지난주 베트남을 방문했다. 새해를 맞아 각국에서 김 위원장에게 연하장을 보내왔다.", []),
    ("시진핑 주석은 지난주 베트남을 방문했다. 김 위원장은 유엔 사무총장에게도 연하장을 보냈다.", []),
    ("시진핑 주석은 지난주 베트남을 방문했다. 푸틴 대통령 등이 김 위원장의 연하장을 받았다.", []),
    ("김 위원장이 연하장을 보낸 명단에서 시 주석은 빠졌다.", []),
    ("통신 보도에서 시 주석은 연하장을 받은 정상으로 언급되지 않았다.", []),
    # a title without a name in a list; a headline's bare 에
    ("새해를 맞아 러시아 대통령, 중국 국가 주석 등이 김 위원장에게 연하장을 보내왔다.", [("Xi Jinping", "new_year")]),
    ("시진핑, 김정은에 연하장", [("Xi Jinping", "new_year")]),
])
def test_korean_new_year_card_roundups(text, found):
    assert [(r["sender"], r["occasion_type"]) for r in extract_messages(text, "2026-01-05")] == found


def test_korean_two_dated_clauses_give_two_messages():
    records = extract_messages("김 위원장은 2018년 3월 시 주석이 국가주석에 재선됐을 때 축전을 보냈고, 작년 10월 총서기에 "
                               "다시 오를 때도 축전을 보냈다.", "2023-05-02")
    assert sorted((r["date_sent"], r["occasion_type"]) for r in records) == \
        [("2018-03-01", "election"), ("2022-10-01", "party_congress")]
    assert all((r["sender"], r["recipient"]) == ("Kim Jong Un", "Xi Jinping") for r in records)


def test_korean_headline_name_right_before_the_message_word_owns_it():
    assert [(r["sender"], r["is_reply"]) for r in extract_messages("김정은, 시진핑 축전에 답전", "2026-06-20")] == \
        [("Xi Jinping", False), ("Kim Jong Un", True)]
    r = one("시진핑에 대한 김정은 친서 외교 석 달 만에 재개", "2026-06-20")
    assert (r["sender"], r["recipient"], r["medium"]) == ("Kim Jong Un", "Xi Jinping", "letter")


def test_whether_a_letter_was_delivered_is_not_a_letter_and_days_after_are_not_a_day():
    assert extract_messages("쑹 부장이 김 위원장을 만나 시 주석의 친서 전달을 했는지 여부는 확인되지 않았다.", "2026-11-20") == []
    assert extract_messages("宋涛是否转交了习近平致金正恩的亲笔信，目前尚不清楚。", "2026-11-20") == []
    records = extract_messages("김 위원장은 축전을 받고 6일 후인 9월 15일에 시 주석에게 답장 서한을 보냈다.", "2026-09-22")
    assert ("Kim Jong Un", "2026-09-15") in [(r["sender"], r["date_sent"]) for r in records]
    r = one("김정은 위원장이 17일 국가주석 겸 중앙군사위 주석에 재선출된 시진핑 주석에게 축전을 보냈다.", "2026-03-18")
    assert (r["sender"], r["occasion_type"]) == ("Kim Jong Un", "election")


def test_korean_co_signatories_and_envoys():
    # Kim Yong Nam's own message to Xi and Zhang Dejiang is not an Xi-Kim message
    text = ("김정은 제1위원장이 14일 시진핑 국가주석에게 축전을 보냈다. 같은 날 김영남 위원장은 시 주석과 "
            "장더장 위원장 앞으로 따로 축전을 보냈다.")
    assert [(r["sender"], r["date_sent"]) for r in extract_messages(text, "2013-03-15")] == [("Kim Jong Un", "2013-03-14")]
    # an envoy who meets the ambassador and exchanges the leaders' verbal messages is a channel
    r = extract_messages("북중 정상 시진핑과 김정은\n\n22일 쑹타오 부장은 리룡남 대사를 만난 자리에서 두 정상의 "
                         "구두 친서를 서로 주고받았다.", "2021-06-23")
    assert sorted((x["sender"], x["date_sent"]) for x in r) == [("Kim Jong Un", "2021-06-22"), ("Xi Jinping", "2021-06-22")]


def test_korean_report_day_further_from_the_report_verb():
    r = one("시진핑 주석은 김정은 총비서에게 답전을 보내 감사를 전했으며, 이를 18일 <노동신문>이 2면에 실어 보도했다.",
            "2023-04-18")
    assert r["sender"] == "Xi Jinping" and r["date_sent"] != "2023-04-18"


def test_korean_cpc_anniversary_with_a_space_and_sent_for_me():
    r = one("김정은 총비서가 중국 공산당 창건 100주년을 맞아 시진핑 총서기에게 축전을 보냈다.", "2021-07-02")
    assert (r["sender"], r["occasion_type"], r["anniversary"]) == ("Kim Jong Un", "anniversary_party", 100)
    records = extract_messages("시 주석은 답전에서 김 위원장이 축전을 보내준 데 대해 감사를 표했다.", "2021-07-05")
    assert sorted((x["sender"], x["is_reply"]) for x in records) == [("Kim Jong Un", False), ("Xi Jinping", True)]


def test_korean_message_word_inside_a_clause_with_its_own_subject():
    records = extract_messages("시진핑 중국 국가주석은 김정은 북한 국무위원장이 최근 국경절 74주년을 맞아 축전을 보낸 데 "
                               "대해 답전을 보냈다.", "2023-10-16")
    assert sorted((r["sender"], r["is_reply"]) for r in records) == [("Kim Jong Un", False), ("Xi Jinping", True)]


def test_kim_first_chairman_short_form_in_korean():
    r = one("김 제1위원장은 2013년에 시진핑 주석에게 여섯 문장으로 된 축전을 보냈다.", "2015-10-01")
    assert (r["sender"], r["recipient"], r["date_sent"]) == ("Kim Jong Un", "Xi Jinping", "2013-01-01")


def test_korean_frame_word_keeps_content_dates_out():
    records = extract_messages("시 주석이 지난 9일 김 위원장에게 답전을 보냈다. 답전에서 시 주석은 지난달 김 위원장의 "
                               "베이징 방문을 떠올렸다.", "2025-10-12")
    assert [(r["sender"], r["date_sent"]) for r in records] == [("Xi Jinping", "2025-10-09")]


@pytest.mark.parametrize("text, occasion_id, year", [
    ("시진핑 주석이 노동당 창건 80주년을 맞아 김정은 위원장에게 축전을 보냈다.", "wpk_founding", 2025),
    ("김정은 위원장이 중국 건국 75주년을 맞아 시진핑 주석에게 축전을 보냈다.", "prc_founding", 2024),
    ("시진핑 주석이 북한 정권수립 75주년을 맞아 김정은 위원장에게 축전을 보냈다.", "dprk_founding", 2023),
    ("习近平就北韩国庆75周年向金正恩致贺电。", "dprk_founding", 2023),
])
def test_korean_and_chinese_anniversary_subjects(text, occasion_id, year):
    r = one(text)
    assert r["occasion_id"] == occasion_id
    assert r["date_sent"][:4] == str(year) and r["date_precision"] == "month"


def test_new_year_card_rule_11_counts_from_the_report_the_text_names():
    # the page is dated 1 January, but the agency reported the card on 31 December
    r = one("조선중앙통신은 31일 시진핑 주석이 김정은 위원장에게 연하장을 보내왔다고 전했다.", "2027-01-01")
    assert (r["sender"], r["date_sent"], r["date_precision"]) == ("Xi Jinping", "2026-12-01", "month")


def test_undated_new_year_cards_follow_coding_rule_11():
    december = one("SEOUL, Dec. 30 (Yonhap) -- Kim Jong Un sent a New Year card to Xi Jinping, state media said.",
                   "2024-12-30")
    january = one("SEOUL, Jan. 2 (Yonhap) -- Kim Jong Un sent a New Year card to Xi Jinping, state media said.",
                  "2025-01-02")
    assert (december["date_sent"], december["date_precision"]) == ("2024-12-01", "month")
    assert (january["date_sent"], january["date_precision"]) == ("2025-01-01", "year")


def test_no_message_is_no_record_not_an_error():
    assert extract_messages("") == []
    assert extract_messages("North Korea launched a missile on Tuesday.") == []
    assert extract_messages(None) == []
    assert extract_messages(b"\x00\xff binary \x80") == []


def test_read_article_reports_outlet_and_dates():
    article = read_article("Kim, Xi exchange messages\n\nPYONGYANG, October 1 (KCNA) -- Kim Jong Un sent a "
                           "message to Xi Jinping.", "2024-10-02")
    assert article.outlet == "KCNA" and article.date == dt.date(2024, 10, 1)
    assert article.headline == "Kim, Xi exchange messages" and article.language == "en"


# ---------------------------------------------------------------------------------------------------
# Command line


def run_cli(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "dprk_china", "extract", *args], capture_output=True, text=True,
                          input=stdin, cwd=ROOT, timeout=120)


def test_cli_jsonl_csv_table(tmp_path):
    path = ARTICLES / "a17_xinhua_treaty60_exchange.txt"
    out = run_cli(str(path), "--format", "jsonl", "--published", "2021-07-11")
    assert out.returncode == 0, out.stderr
    records = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(records) == 2 and all(r["source"] == str(path) for r in records)
    csv_out = run_cli(str(path), "--format", "csv")
    assert csv_out.stdout.splitlines()[0] == ",".join(RECORD_FIELDS) and len(csv_out.stdout.splitlines()) == 3
    table = run_cli(str(path))
    assert "Xi Jinping" in table.stdout and "anniversary_treaty" in table.stdout


def test_cli_stdin_empty_and_missing_file(tmp_path):
    out = run_cli("-", "--format", "jsonl", stdin="Kim Jong Un sent a letter to Xi Jinping.")
    assert json.loads(out.stdout)["source"] == "<stdin>"
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    assert run_cli(str(empty), "--format", "jsonl").stdout == ""
    missing = run_cli(str(tmp_path / "nope.txt"))
    assert missing.returncode == 1 and "cannot read" in missing.stderr
    bad_date = run_cli(str(empty), "--published", "May 9")
    assert bad_date.returncode == 2


def test_import_does_not_load_the_extractor():
    code = "import sys, dprk_china; print('dprk_china.extract' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "False"
    code = "import dprk_china; print(len(dprk_china.extract_messages('Xi Jinping sent a letter to Kim Jong Un.')))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT).stdout.strip() == "1"
