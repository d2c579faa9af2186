"""Reply links, threads and unanswered messages on a hand-made fixture."""
import pandas as pd
import pytest

import dprk_china
from dprk_china import threads
from fixtures import empty_exchanges, make_exchanges

#  1 XK-20190909 Xi congratulates (dprk_founding)           -> answered by 2 (10 days)
#  2 KX-20190919 thanks, reply to 1
#  3 KX-20200201 Kim's sympathy (covid)                      -> answered by 5
#  4 KX-20200507 Kim congratulates (covid)                   -> answered by 5
#  5 XK-20200509 one thanks for both 3 and 4 (links: 98 and 2 days; reply_lag_days 2, from the latest)
#  6 KX-20200512 a reply to the thanks (depth 2)
#  7 KX-20180317 Kim congratulates Xi on his election        -> nobody answers
#  8 KX-20191006 / 9 XK-20191006: both congratulate on the same day (diplomatic_relations): an exchange
# 10 KX-20190615 birthday congratulation                     -> birthdays are not answered by custom
# 11 XK-20191201 New Year greeting (month precision)         -> greetings are not answered
# 12 KX-20200301 condolence (month precision)                -> customarily answered, unanswered
# 13 XK-20210701 month precision / 14 KX-20210711: treaty 60th, no occasion_id -> an exchange by type and
#    anniversary (July 2021 contains 11 July)
# 15 XK-20210801 treaty 60th again, 21 days after 14: not an exchange -> customarily answered, unanswered
ROWS = [
    dict(date_sent="2019-09-09", occasion_type="anniversary_state", occasion_id="dprk_founding", anniversary=71),
    dict(date_sent="2019-09-19", direction="KP→CN", in_reply_to="XK-20190909", occasion_type="anniversary_state",
         occasion_id="dprk_founding", anniversary=71),
    dict(date_sent="2020-02-01", direction="KP→CN", purpose="sympathy", occasion_type="covid", medium="letter"),
    dict(date_sent="2020-05-07", direction="KP→CN", occasion_type="covid"),
    dict(date_sent="2020-05-09", in_reply_to="KX-20200201;KX-20200507", occasion_type="covid"),
    dict(date_sent="2020-05-12", direction="KP→CN", in_reply_to="XK-20200509", occasion_type="covid"),
    dict(date_sent="2018-03-17", direction="KP→CN", occasion_type="election", occasion_id="xi_election"),
    dict(date_sent="2019-10-06", direction="KP→CN", occasion_type="anniversary_relations",
         occasion_id="diplomatic_relations", anniversary=70),
    dict(date_sent="2019-10-06", occasion_type="anniversary_relations", occasion_id="diplomatic_relations",
         anniversary=70),
    dict(date_sent="2019-06-15", direction="KP→CN", occasion_type="birthday", occasion_id="xi_birthday"),
    dict(date_sent="2019-12-01", date_precision="month", purpose="greeting", occasion_type="new_year",
         date_reported="2019-12-31"),
    dict(date_sent="2020-03-01", date_precision="month", direction="KP→CN", purpose="condolence",
         occasion_type="disaster", date_reported="2020-03-31"),
    dict(date_sent="2021-07-01", date_precision="month", occasion_type="anniversary_treaty", anniversary=60,
         date_reported="2021-07-31"),
    dict(date_sent="2021-07-11", direction="KP→CN", occasion_type="anniversary_treaty", anniversary=60),
    dict(date_sent="2021-08-01", occasion_type="anniversary_treaty", anniversary=60),
]


@pytest.fixture(scope="module")
def ex():
    return make_exchanges(ROWS)


def test_reply_links_one_row_per_link(ex):
    out = threads.reply_links(ex)
    assert list(zip(out["reply_id"], out["answered_id"])) == [
        ("KX-20190919", "XK-20190909"), ("XK-20200509", "KX-20200201"), ("XK-20200509", "KX-20200507"),
        ("KX-20200512", "XK-20200509")]
    # 2020-02-01 -> 2020-05-09: 29 (Feb, leap year) + 31 + 30 + 8 = 98; 05-07 -> 05-09 = 2; 05-09 -> 05-12 = 3
    assert out["lag_days"].tolist() == [10, 98, 2, 3]
    assert out["answered_in_rows"].all()


def test_threads_join_a_reply_to_two_messages(ex):
    out = threads.reply_threads(ex).set_index("message_id")
    covid = ["KX-20200201", "KX-20200507", "XK-20200509", "KX-20200512"]
    assert out.loc[covid, "thread_id"].tolist() == ["KX-20200201"] * 4
    assert out.loc[covid, "depth"].tolist() == [0, 0, 1, 2]
    assert out.loc[covid, "thread_size"].tolist() == [4] * 4
    assert out.loc["XK-20200509", "reply_lag_days"] == 2   # from the latest answered message
    assert out.loc[["XK-20190909", "KX-20190919"], "depth"].tolist() == [0, 1]
    assert out.loc["KX-20180317", ["thread_id", "thread_size", "depth"]].tolist() == ["KX-20180317", 1, 0]
    assert not out["answered_missing"].any()


def test_threads_are_listed_in_time_order(ex):
    out = threads.reply_threads(ex)
    assert len(out) == len(ROWS)
    assert out["message_id"].iloc[0] == "KX-20180317"
    firsts = out.drop_duplicates("thread_id")["date_sent"]
    assert firsts.is_monotonic_increasing


def test_a_same_day_reply_does_not_become_the_head_of_its_thread():
    # KX-... sorts before XK-... by id, but the Chinese message of the same day is the one answered.
    same_day = make_exchanges([dict(date_sent="2024-01-01"),
                               dict(date_sent="2024-01-01", direction="KP→CN", in_reply_to="XK-20240101")])
    out = threads.reply_threads(same_day)
    assert out["message_id"].tolist() == ["XK-20240101", "KX-20240101"]
    assert out["thread_id"].tolist() == ["XK-20240101"] * 2 and out["depth"].tolist() == [0, 1]


def test_threads_of_a_filtered_subset(ex):
    # Without Kim's sympathy letter, the thanks still joins Kim's second message (depth 1) and says that
    # something it answers is missing.
    sub = ex[ex["message_id"] != "KX-20200201"]
    out = threads.reply_threads(sub).set_index("message_id")
    assert out.loc["XK-20200509", ["thread_id", "depth"]].tolist() == ["KX-20200507", 1]
    assert out.loc["XK-20200509", "answered_missing"]
    # Xi's messages alone: the thanks answers nothing among them, so it heads its own thread.
    xi = threads.reply_threads(ex[ex["direction"] == "CN→KP"]).set_index("message_id")
    assert xi.loc["XK-20200509", ["thread_id", "depth", "thread_size"]].tolist() == ["XK-20200509", 0, 1]


def test_thread_summary(ex):
    out = threads.thread_summary(ex)
    assert len(out) == 15 - 1 - 3   # 15 messages; reply 2 joins 1; 4, 5, 6 join 3
    covid = out[out["thread_id"] == "KX-20200201"].iloc[0]
    assert (covid["n_messages"], covid["max_depth"], covid["span_days"]) == (4, 2, 101)  # 98 + 3 days
    assert covid["started_by"] == "KP→CN" and covid["occasion_type"] == "covid"
    assert covid["message_ids"] == "KX-20200201;KX-20200507;XK-20200509;KX-20200512"


def test_customarily_answered_follows_the_documented_rule(ex):
    flags = threads.customarily_answered(ex)
    # Not: replies (2, 5, 6), the exchanges (8, 9, 13, 14), the birthday (10), the greeting (11).
    assert set(ex.loc[flags, "message_id"]) == {"XK-20190909", "KX-20200201", "KX-20200507", "KX-20180317",
                                                "KX-20200301", "XK-20210801"}
    assert flags.index.equals(ex.index)


def test_unanswered(ex):
    out = threads.unanswered(ex, as_of="2021-09-01")
    assert out["message_id"].tolist() == ["KX-20180317", "KX-20200301", "XK-20210801"]
    # 2020-03-01 -> 2021-09-01: 365 + (31+30+31+30+31+31) = 549; 2021-08-01 -> 2021-09-01: 31 (< 60: awaiting)
    assert out["days_since"].tolist()[1:] == [549, 31]
    assert out["status"].tolist() == ["unanswered", "unanswered", "awaiting_reply"]
    assert list(out.columns) == ["message_id", "date_sent", "date_precision", "direction", "medium", "purpose",
                                 "occasion_type", "occasion_id", "days_since", "status"]


def test_unanswered_on_one_direction_cannot_see_the_replies(ex):
    # Documented: the replies live in the other direction, so pass the full table and filter after.
    kim_only = threads.unanswered(ex[ex["direction"] == "KP→CN"], as_of="2021-09-01")
    assert {"KX-20200201", "KX-20200507"} <= set(kim_only["message_id"])
    full = threads.unanswered(ex, as_of="2021-09-01")
    assert full[full["direction"] == "KP→CN"]["message_id"].tolist() == ["KX-20180317", "KX-20200301"]


@pytest.mark.parametrize("call", [threads.reply_links, threads.reply_threads, threads.thread_summary,
                                  lambda e: threads.unanswered(e, as_of="2026-01-01")])
def test_empty_input(ex, call):
    full, empty = call(ex), call(empty_exchanges())
    assert empty.empty and list(empty.columns) == list(full.columns)
    assert empty.dtypes.astype(str).tolist() == full.dtypes.astype(str).tolist()
    assert threads.customarily_answered(empty_exchanges()).empty


def test_invariants_on_the_shipped_data():
    ex = dprk_china.load_exchanges()
    out = threads.reply_threads(ex)
    assert len(out) == len(ex) and set(out["message_id"]) == set(ex["message_id"])
    assert ((out["depth"] > 0) == out["in_reply_to"].notna()).all()   # the full table answers within itself
    assert not out["answered_missing"].any()
    assert set(out["thread_id"]) <= set(out.loc[out["depth"] == 0, "message_id"])
    summary = threads.thread_summary(ex)
    assert summary["n_messages"].sum() == len(ex)
    links = threads.reply_links(ex)
    assert len(links) == sum(len(v.split(";")) for v in ex["in_reply_to"].dropna())
    gone = threads.unanswered(ex, as_of="2100-01-01")
    assert not gone["message_id"].isin(links["answered_id"]).any()
    assert (gone["status"] == "unanswered").all()


def test_as_of_defaults_to_the_newest_report_not_today(ex):
    # The record runs to its newest report, XK-20210801 reported 2021-08-01, whatever today's date is.
    out = threads.unanswered(ex)
    assert out["message_id"].tolist() == ["KX-20180317", "KX-20200301", "XK-20210801"]
    # 2020-03-01 -> 2021-03-01: 365, + 31 + 30 + 31 + 30 + 31 (March to July) = 518; the newest: 0 days
    assert out["days_since"].tolist()[1:] == [518, 0]
    assert out["status"].tolist() == ["unanswered", "unanswered", "awaiting_reply"]
