"""Presence rates, keyness statistics and keyword-in-context, with hand-worked numbers."""
import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dprk_china
from dprk_china import rhetoric
from dprk_china.phrases import find_phrases
from fixtures import empty_exchanges, make_exchanges, make_lexicon, make_message_phrases

# Ten messages: four in the cool period (2015), six in the summitry period (2019), alternating Xi, Kim.
#   A1 XK-20150101  A2 KX-20150201  A3 XK-20150301  A4 KX-20150401
#   B1 XK-20190101  B2 KX-20190201  B3 XK-20190301  B4 KX-20190401  B5 XK-20190501  B6 KX-20190601
DATES = ["2015-01-01", "2015-02-01", "2015-03-01", "2015-04-01",
         "2019-01-01", "2019-02-01", "2019-03-01", "2019-04-01", "2019-05-01", "2019-06-01"]
ROWS = [dict(date_sent=d, direction="CN→KP" if i % 2 == 0 else "KP→CN") for i, d in enumerate(DATES)]
# blood: A1 A2 A3 B1      era: B1 B2 B3 B4      health: A1 B1      lips: never used
PAIRS = [("XK-20150101", "blood"), ("KX-20150201", "blood"), ("XK-20150301", "blood"), ("XK-20190101", "blood"),
         ("XK-20190101", "era"), ("KX-20190201", "era"), ("XK-20190301", "era"), ("KX-20190401", "era"),
         ("XK-20150101", "health"), ("XK-20190101", "health"),
         ("KX-20200101", "blood")]   # a message not in exchanges: ignored
LEXICON = [dict(concept_id="blood", variants="sealed in blood|cemented with blood"),
           dict(concept_id="era", category="era", variants="new era"),
           dict(concept_id="health", category="wishes", variants="good health"),
           dict(concept_id="lips", variants="lips and teeth")]


@pytest.fixture(scope="module")
def ex():
    return make_exchanges(ROWS)


@pytest.fixture(scope="module")
def mp():
    return make_message_phrases(PAIRS)


@pytest.fixture(scope="module")
def lex():
    return make_lexicon(LEXICON)


def rate(frame, concept, **keys):
    hit = frame[frame["concept_id"] == concept]
    for k, v in keys.items():
        hit = hit[hit[k] == v]
    assert len(hit) == 1
    return hit["n"].iloc[0], hit["N"].iloc[0], hit["rate"].iloc[0]


# ---------------------------------------------------------------------------------------- presence rates

def test_presence_rates_by_period(ex, mp, lex):
    out = rhetoric.presence_rates(ex, mp, lexicon=lex)
    assert list(out.columns) == ["period", "concept_id", "category", "label", "n", "N", "rate"]
    assert len(out) == 2 * 4   # two periods with messages x four concepts (zeros included)
    assert rate(out, "blood", period="cool_period") == (3, 4, 0.75)
    assert rate(out, "era", period="cool_period") == (0, 4, 0.0)
    assert rate(out, "era", period="summitry")[:2] == (4, 6)
    assert rate(out, "lips", period="summitry") == (0, 6, 0.0)
    assert rate(out, "health", period="summitry")[2] == pytest.approx(1 / 6)


def test_presence_rates_by_direction_and_overall(ex, mp):
    out = rhetoric.presence_rates(ex, mp, by="direction")
    # Xi: A1 A3 B1 B3 B5 (5): blood A1 A3 B1 = 3; era B1 B3 = 2; health A1 B1 = 2.
    # Kim: A2 A4 B2 B4 B6 (5): blood A2 = 1; era B2 B4 = 2; health 0.
    assert rate(out, "blood", direction="CN→KP") == (3, 5, 0.6)
    assert rate(out, "blood", direction="KP→CN") == (1, 5, 0.2)
    assert rate(out, "health", direction="KP→CN") == (0, 5, 0.0)
    assert set(out["concept_id"]) == {"blood", "era", "health"}   # without a lexicon: the concepts used
    overall = rhetoric.presence_rates(ex, mp, by=())
    assert list(overall.columns) == ["concept_id", "n", "N", "rate"]
    assert overall.set_index("concept_id")["n"].to_dict() == {"blood": 4, "era": 4, "health": 2}


def test_presence_rates_quoted_only(ex, mp):
    # Messages quoting anything: A1 A2 A3 (cool) and B1-B4 (summitry); A4, B5, B6 drop out of N.
    out = rhetoric.presence_rates(ex, mp, quoted_only=True)
    assert rate(out, "blood", period="cool_period") == (3, 3, 1.0)
    assert rate(out, "era", period="summitry") == (4, 4, 1.0)
    assert rate(out, "blood", period="summitry") == (1, 4, 0.25)


def test_presence_rates_on_a_filtered_subset_and_chosen_concepts(ex, mp):
    kim = ex[ex["direction"] == "KP→CN"]
    out = rhetoric.presence_rates(kim, mp, concepts=["blood", "era"])
    assert rate(out, "blood", period="cool_period") == (1, 2, 0.5)          # A2 of A2, A4
    assert rate(out, "era", period="summitry")[:2] == (2, 3)                # B2, B4 of B2, B4, B6
    assert set(out["concept_id"]) == {"blood", "era"}


def test_presence_rates_with_a_users_periodisation(ex, mp):
    mine = [{"period_id": "early", "start": "2010-01-01"}, {"period_id": "late", "start": "2019-03-01"}]
    out = rhetoric.presence_rates(ex, mp, periods=mine)
    # early: A1-A4, B1, B2 (6): blood A1 A2 A3 B1 = 4.  late: B3-B6 (4): era B3 B4 = 2.
    assert rate(out, "blood", period="early") == (4, 6, pytest.approx(4 / 6))
    assert rate(out, "era", period="late") == (2, 4, 0.5)


# ------------------------------------------------------------------------------------------ statistics

def test_g2_of_a_symmetric_table():
    # [[8, 2], [2, 8]]: every expected count is 5.
    # G2 = 2 (8 ln(8/5) + 2 ln(2/5) + 2 ln(2/5) + 8 ln(8/5)) = 4 (8 x 0.470004 - 2 x 0.916291) = 7.709790
    g2, p = rhetoric.g2_statistic(8, 10, 2, 10)
    assert float(g2) == pytest.approx(7.709790, abs=1e-5)
    # chi-square(1) upper tail: z = sqrt(7.709790) = 2.7767, two-sided normal tail = 0.00549
    assert float(p) == pytest.approx(0.00549, abs=1e-5)


def test_g2_p_value_at_the_five_percent_critical_value():
    # 3.841459 is the 95th percentile of chi-square with 1 df.
    _, p = rhetoric.g2_statistic([0], [1], [0], [1])
    assert float(p[0]) == 1.0   # G2 = 0 -> p = 1
    assert math.erfc(math.sqrt(3.841459 / 2)) == pytest.approx(0.05, abs=1e-6)


def test_log_ratio_and_log_odds_by_hand():
    # log2(((8 + .5)/11) / ((2 + .5)/11)) = log2(3.4) = 1.765535
    assert float(rhetoric.log_ratio(8, 10, 2, 10)) == pytest.approx(1.765535, abs=1e-6)
    # pooled rate 10/20 = .5, prior 2 -> alpha = beta = 1:
    # delta = ln(9/3) - ln(3/9) = 2 ln 3 = 2.197225; var = 1/9 + 1/3 + 1/3 + 1/9 = 8/9; z = 2.197225/0.942809 = 2.330509
    delta, z = rhetoric.log_odds_dirichlet(8, 10, 2, 10)
    assert float(delta) == pytest.approx(2.197225, abs=1e-6)
    assert float(z) == pytest.approx(2.330509, abs=1e-6)
    with pytest.raises(ValueError):
        rhetoric.log_odds_dirichlet(1, 2, 1, 2, prior_strength=0)


def test_a_concept_in_every_message_has_no_difference():
    delta, z = rhetoric.log_odds_dirichlet(5, 5, 3, 3)
    g2, p = rhetoric.g2_statistic(5, 5, 3, 3)
    assert (float(delta), float(z), float(g2), float(p)) == (0.0, 0.0, 0.0, 1.0)


# ------------------------------------------------------------------------------------------- keyness

def test_keyness_between_two_periods(ex, mp, lex):
    out = rhetoric.keyness(ex, mp, by="period", a="summitry", b="cool_period", lexicon=lex)
    assert out["concept_id"].tolist() == ["era", "blood", "health"]   # by G2; 'lips' unused: left out
    era = out.iloc[0]
    assert (era["n_a"], era["N_a"], era["n_b"], era["N_b"]) == (4, 6, 0, 4)
    # [[4, 2], [0, 4]], T = 10, column totals 4 and 6 -> E = 2.4, 3.6, 1.6, 2.4
    # G2 = 2 (4 ln(4/2.4) + 2 ln(2/3.6) + 0 + 4 ln(4/2.4)) = 2 (8 x 0.510826 - 2 x 0.587787) = 5.822063
    assert era["g2"] == pytest.approx(5.822063, abs=1e-5)
    assert era["p_value"] == pytest.approx(0.015826, abs=1e-5)
    # log2((4.5/7) / (0.5/5)) = log2(6.428571) = 2.684498
    assert era["log_ratio"] == pytest.approx(2.684498, abs=1e-5)
    # p = 0.4 -> alpha 0.8, beta 1.2: delta = ln(4.8/3.2) - ln(0.8/5.2) = 2.277267;
    # var = 1/4.8 + 1/3.2 + 1/0.8 + 1/5.2 = 1.963141 -> z = 2.277267 / 1.401121 = 1.625318
    assert era["log_odds"] == pytest.approx(2.277267, abs=1e-5)
    assert era["z"] == pytest.approx(1.625318, abs=1e-5)
    assert (era["key_for"], era["group_a"], era["group_b"]) == ("a", "summitry", "cool_period")
    blood = out.iloc[1]
    # [[1, 5], [3, 1]] -> E = 2.4, 3.6, 1.6, 2.4: G2 = 2 (ln(1/2.4) + 5 ln(5/3.6) + 3 ln(3/1.6) + ln(1/2.4)) = 3.554818
    assert blood["g2"] == pytest.approx(3.554818, abs=1e-5) and blood["key_for"] == "b"
    assert blood["keyness"] == pytest.approx(-3.554818, abs=1e-5) and era["keyness"] == era["g2"]   # signed
    # [[1, 5], [1, 3]] -> E = 1.2, 4.8, 0.8, 3.2: G2 = 0.102633
    assert out.iloc[2]["g2"] == pytest.approx(0.102633, abs=1e-5)


def test_keyness_between_directions_and_with_lists_of_values(ex, mp):
    out = rhetoric.keyness(ex, mp, by="direction", a="CN→KP", b="KP→CN").set_index("concept_id")
    # era: 2 of 5 each way -> no difference at all.
    assert out.loc["era", ["n_a", "n_b", "g2", "log_ratio", "log_odds"]].tolist() == [2, 2, 0.0, 0.0, 0.0]
    assert pd.isna(out.loc["era", "key_for"])
    assert out.loc["blood", ["n_a", "N_a", "n_b", "N_b"]].tolist() == [3, 5, 1, 5]
    by_year = rhetoric.keyness(ex, mp, by="year", a=[2019], b=[2015])
    by_period = rhetoric.keyness(ex, mp, by="period", a="summitry", b="cool_period")
    pd.testing.assert_series_equal(by_year["g2"], by_period["g2"])
    assert by_year["group_a"].iloc[0] == "2019"


def test_keyness_with_an_empty_group_does_not_raise(ex, mp):
    only_2019 = ex[ex["year"] == 2019]
    out = rhetoric.keyness(only_2019, mp, by="period", a="summitry", b="cool_period")
    assert (out["N_b"] == 0).all() and out["rate_b"].isna().all()
    assert (out["g2"] == 0).all() and out["key_for"].isna().all()


# ------------------------------------------------------------------------------------------------ KWIC

TEXT = "Our friendship, sealed in blood, enters a new era.\nIt was cemented with blood."


def test_kwic_rows_and_offsets(lex):
    out = rhetoric.kwic({"kcna-1": TEXT}, lexicon=lex, width=10)
    assert list(out.columns) == ["doc_id", "concept_id", "category", "label", "left", "match", "right", "start", "end"]
    assert out["concept_id"].tolist() == ["blood", "era", "blood"]
    # "sealed" starts at 16 (after "Our friendship, "); "new era" at 42; "cemented" at 58 (after "\nIt was ").
    assert out["start"].tolist() == [16, 42, 58]
    assert out["end"].tolist() == [16 + 15, 42 + 7, 58 + 19]
    assert out["match"].tolist() == ["sealed in blood", "new era", "cemented with blood"]
    assert all(TEXT[s:e] == m for s, e, m in zip(out["start"], out["end"], out["match"]))
    era = out.iloc[1]
    assert (era["left"], era["right"]) == (" enters a ", ". It was c")   # the line break shown as a space
    assert out.iloc[2]["left"] == "a. It was " and out.iloc[2]["right"] == "."
    assert out.iloc[0]["category"] == "friendship" and era["category"] == "era"


def test_kwic_accepts_the_usual_containers(lex):
    texts = {"a": "a new era", "b": "good health"}
    expected = rhetoric.kwic(texts, lexicon=lex)
    assert expected["doc_id"].tolist() == ["a", "b"]
    as_series = rhetoric.kwic(pd.Series(texts), lexicon=lex)
    as_frame = rhetoric.kwic(pd.DataFrame({"doc_id": ["a", "b"], "text": ["a new era", "good health"]}), lexicon=lex)
    pd.testing.assert_frame_equal(as_series, expected)
    pd.testing.assert_frame_equal(as_frame, expected)
    assert rhetoric.kwic(["a new era", "x"], lexicon=lex)["doc_id"].tolist() == ["0"]
    assert rhetoric.kwic("A NEW-ERA", lexicon=lex)["match"].tolist() == ["NEW-ERA"]   # case, hyphen
    assert rhetoric.kwic(TEXT, lexicon=lex, concepts="era")["concept_id"].tolist() == ["era"]


def test_kwic_is_the_phrase_finder_with_context(lex):
    found = find_phrases(TEXT, lex)
    out = rhetoric.kwic([TEXT], lexicon=lex)
    assert list(zip(out["concept_id"], out["start"], out["end"])) == [(m.concept_id, m.start, m.end) for m in found]


def test_kwic_with_the_shipped_lexicon():
    # KCNA writes "DPRK-China", Xinhua "China-DPRK": one concept.
    out = rhetoric.kwic({"kcna": "the traditional DPRK-China friendship", "xinhua": "the traditional China-DPRK friendship"})
    assert out.groupby("doc_id")["concept_id"].apply(lambda s: "traditional_friendship" in set(s)).all()


def test_shipped_lexicon_has_enough_concepts():
    assert len(dprk_china.load_lexicon()) >= 30


# ----------------------------------------------------------------------------------------------- empty

def test_empty_inputs(ex, mp, lex):
    none = empty_exchanges()
    full = rhetoric.presence_rates(ex, mp, lexicon=lex)
    empty = rhetoric.presence_rates(none, mp, lexicon=lex)
    assert empty.empty and list(empty.columns) == list(full.columns)
    assert empty.dtypes.astype(str).tolist() == full.dtypes.astype(str).tolist()
    k_full = rhetoric.keyness(ex, mp, by="direction", a="CN→KP", b="KP→CN", lexicon=lex)
    k_empty = rhetoric.keyness(none, mp, by="direction", a="CN→KP", b="KP→CN", lexicon=lex)
    assert k_empty.empty and list(k_empty.columns) == list(k_full.columns)
    assert k_empty.dtypes.astype(str).tolist() == k_full.dtypes.astype(str).tolist()
    assert rhetoric.presence_rates(ex, mp.iloc[0:0]).empty           # no phrases, no lexicon: no concepts
    assert rhetoric.presence_rates(ex, mp.iloc[0:0], lexicon=lex)["n"].sum() == 0
    for texts in ([], {}, {"a": None}, {"a": ""}, pd.Series([], dtype="string")):
        k = rhetoric.kwic(texts, lexicon=lex)
        assert k.empty and list(k.columns) == ["doc_id", "concept_id", "category", "label", "left", "match",
                                               "right", "start", "end"]


def test_invariants_on_the_shipped_data():
    ex, mp, lex = dprk_china.load_exchanges(), dprk_china.load_message_phrases(), dprk_china.load_lexicon()
    rates = rhetoric.presence_rates(ex, mp, by="direction", lexicon=lex)
    assert rates["rate"].between(0, 1).all() and (rates["n"] <= rates["N"]).all()
    assert rates.groupby("concept_id")["N"].sum().eq(len(ex)).all()
    # Every (message, concept) pair is counted once.
    assert rates["n"].sum() == len(mp.drop_duplicates(["message_id", "concept_id"]))
    key = rhetoric.keyness(ex, mp, by="direction", a="CN→KP", b="KP→CN", lexicon=lex)
    assert (key["g2"] >= 0).all() and key["p_value"].between(0, 1).all()
    assert key["g2"].is_monotonic_decreasing
    higher = key["rate_a"].gt(key["rate_b"]).map({True: "a", False: "b"}).where(key["rate_a"] != key["rate_b"])
    assert key["key_for"].fillna("").eq(higher.fillna("")).all()


# ------------------------------------------------------------------------------------ properties


@st.composite
def two_groups(draw):
    N_a, N_b = draw(st.integers(1, 40)), draw(st.integers(1, 40))
    return draw(st.integers(0, N_a)), N_a, draw(st.integers(0, N_b)), N_b


@settings(max_examples=200, deadline=None)
@given(two_groups())
def test_statistics_are_symmetric_in_the_groups(counts):
    n_a, N_a, n_b, N_b = counts
    g2, p = rhetoric.g2_statistic(n_a, N_a, n_b, N_b)
    g2_swapped, _ = rhetoric.g2_statistic(n_b, N_b, n_a, N_a)
    # Swapping present and absent is the same 2x2 table with its columns swapped: same G2.
    g2_complement, _ = rhetoric.g2_statistic(N_a - n_a, N_a, N_b - n_b, N_b)
    assert float(g2) >= 0 and 0 <= float(p) <= 1
    assert float(g2) == pytest.approx(float(g2_swapped), abs=1e-9)
    assert float(g2) == pytest.approx(float(g2_complement), abs=1e-9)
    assert float(rhetoric.log_ratio(n_a, N_a, n_b, N_b)) == pytest.approx(-float(rhetoric.log_ratio(n_b, N_b, n_a, N_a)))
    delta, z = rhetoric.log_odds_dirichlet(n_a, N_a, n_b, N_b)
    delta_swapped, z_swapped = rhetoric.log_odds_dirichlet(n_b, N_b, n_a, N_a)
    assert float(delta) == pytest.approx(-float(delta_swapped), abs=1e-9)
    assert float(z) == pytest.approx(-float(z_swapped), abs=1e-9)
    if n_a * N_b == n_b * N_a:   # equal rates: no difference
        assert float(g2) == pytest.approx(0, abs=1e-9) and float(delta) == pytest.approx(0, abs=1e-9)
