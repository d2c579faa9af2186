"""Rhetoric: how often the stock concepts of the lexicon appear, what sets two groups apart, and
keyword-in-context over any texts.

The unit is the message, not the word: ``message_phrases`` records which concepts the reports of a
message quote (once per message and concept, whatever the number of reports), so rates are shares of
messages and keyness compares how many messages of two groups use a concept. With ~100 messages a
group holds a few dozen at most: every rate and score comes with its raw counts, and keyness uses
statistics that behave with small counts (log-likelihood G², a smoothed log ratio, and log-odds with
an informative Dirichlet prior).
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

from .cadence import prepared
from .periods import add_period
from .phrases import find_phrases


def _grouped(exchanges: pd.DataFrame, by, periods=None) -> tuple[pd.DataFrame, list[str]]:
    by = [by] if isinstance(by, str) else list(by or [])
    ex = prepared(exchanges)
    if "period" in by and "period" not in ex:
        ex = add_period(ex, periods=periods)
    missing = [c for c in by if c not in ex]
    if missing:
        raise KeyError(f"no column {missing[0]!r} in exchanges (use a column name or 'period')")
    return ex, by


def _concepts(message_phrases: pd.DataFrame, lexicon: pd.DataFrame | None, concepts) -> pd.DataFrame:
    """The concepts to report: the lexicon's (all, in its order) or those message_phrases uses."""
    if lexicon is not None:
        table = lexicon[["concept_id", "category", "label"]].copy()
    else:
        ids = sorted(message_phrases["concept_id"].dropna().astype(str).unique())
        table = pd.DataFrame({"concept_id": ids})
    if concepts is not None:
        wanted = [concepts] if isinstance(concepts, str) else list(concepts)
        table = table[table["concept_id"].isin(wanted)]
    return table.astype({c: "string" for c in table.columns}).reset_index(drop=True)


def _uses(exchanges: pd.DataFrame, message_phrases: pd.DataFrame) -> pd.DataFrame:
    """(message_id, concept_id) pairs of the messages in ``exchanges``, once each."""
    pairs = message_phrases[["message_id", "concept_id"]].astype("string").drop_duplicates()
    return pairs[pairs["message_id"].isin(exchanges["message_id"].astype("string"))]


# ---------------------------------------------------------------------------------------------------
# Presence rates

def presence_rates(exchanges: pd.DataFrame, message_phrases: pd.DataFrame, by=("period",),
                   lexicon: pd.DataFrame | None = None, concepts=None, quoted_only: bool = False,
                   periods=None) -> pd.DataFrame:
    """Share of messages in each group whose reports quote each concept.

    Parameters
    ----------
    by : grouping columns of exchanges ('period' for the named periods, 'direction',
        'occasion_type', 'year', ...); ``()`` for all messages together. Groups are those with at least
        one message (a rate over no messages is undefined).
    lexicon : ``load_lexicon()`` to report every concept (zeros included) with its category and
        label; without it, the concepts that ``message_phrases`` uses.
    concepts : restrict to these concept ids.
    quoted_only : count in N only messages whose reports quote at least one lexicon concept, so that
        messages no outlet quoted (undisclosed letters, one-line reports) do not dilute the rates.
    periods : a periodisation table for 'period' (default :data:`dprk_china.periods.PERIODS`).

    Returns
    -------
    One row per (group, concept): the ``by`` columns, ``concept_id`` (and ``category``, ``label``
    with a lexicon), ``n`` (int64: messages in the group quoting the concept), ``N`` (int64: messages
    in the group) and ``rate`` (float, n / N).
    """
    ex, keys = _grouped(exchanges, by, periods)
    table = _concepts(message_phrases, lexicon, concepts)
    uses = _uses(ex, message_phrases)
    if quoted_only:
        ex = ex[ex["message_id"].astype("string").isin(uses["message_id"])]
    columns = {**{c: ex[c].dtype for c in keys}, **{c: "string" for c in table.columns},
               "n": "int64", "N": "int64", "rate": "float64"}
    if ex.empty or table.empty:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in columns.items()})
    ex = ex.assign(message_id=ex["message_id"].astype("string"))
    groups = ex.groupby(keys, observed=True, sort=True) if keys else [((), ex)]
    rows = []
    for key, part in groups:
        key = key if isinstance(key, tuple) else (key,)
        used = uses[uses["message_id"].isin(part["message_id"])]["concept_id"].value_counts()
        for concept in table.itertuples(index=False):
            n = int(used.get(concept.concept_id, 0))
            rows.append({**dict(zip(keys, key)), **concept._asdict(), "n": n, "N": len(part), "rate": n / len(part)})
    return pd.DataFrame(rows, columns=list(columns)).astype(columns)


# ---------------------------------------------------------------------------------------------------
# Keyness statistics (vectorised, pure numpy)

def _xlogx_over(observed: np.ndarray, expected: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        term = observed * np.log(observed / expected)
    return np.where(observed > 0, term, 0.0)   # 0 * log 0 = 0


def g2_statistic(n_a, N_a, n_b, N_b) -> tuple[np.ndarray, np.ndarray]:
    """Log-likelihood G² of the 2x2 table [[n_a, N_a - n_a], [n_b, N_b - n_b]] and its p-value.

    G² = 2 Σ O ln(O / E) over the four cells, with E = row total x column total / grand total and
    0 ln 0 = 0. Under independence G² follows a chi-square with 1 degree of freedom, whose upper tail
    is P(X > g) = erfc(sqrt(g / 2)). Unlike Pearson's chi-square, G² stays usable for the small
    counts of this record (Dunning 1993); still read p-values of cells under 5 as rough.
    Accepts scalars or arrays; returns two float arrays (g2, p_value).
    """
    n_a, N_a, n_b, N_b = (np.asarray(x, dtype="float64") for x in (n_a, N_a, n_b, N_b))
    observed = [n_a, N_a - n_a, n_b, N_b - n_b]
    total = N_a + N_b
    present, absent = n_a + n_b, total - n_a - n_b
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = [N_a * present / total, N_a * absent / total, N_b * present / total, N_b * absent / total]
    g2 = 2 * sum(_xlogx_over(o, e) for o, e in zip(observed, expected))
    g2 = np.where(total > 0, np.maximum(g2, 0.0), 0.0)   # rounding can give -1e-16
    p = np.array([math.erfc(math.sqrt(g / 2)) for g in np.atleast_1d(g2)], dtype="float64").reshape(g2.shape)
    return g2, p


def log_ratio(n_a, N_a, n_b, N_b) -> np.ndarray:
    """Binary log of the ratio of the two groups' rates, an effect size beside G² (Hardie 2014).

    Each count gets 0.5 and each group size 1 ((n + 0.5) / (N + 1)) so that a concept absent from one
    group has a finite ratio. 1 means the concept is twice as common in group a, -1 in group b.
    """
    n_a, N_a, n_b, N_b = (np.asarray(x, dtype="float64") for x in (n_a, N_a, n_b, N_b))
    return np.log2(((n_a + 0.5) / (N_a + 1)) / ((n_b + 0.5) / (N_b + 1)))


def log_odds_dirichlet(n_a, N_a, n_b, N_b, prior_strength: float = 2.0) -> tuple[np.ndarray, np.ndarray]:
    """Log-odds ratio with an informative Dirichlet prior, and its z-score (Monroe, Colaresi & Quinn 2008).

    Adapted to presence counts: a concept is present in n of N messages, and the prior adds
    ``prior_strength`` pseudo-messages split by the pooled rate p = (n_a + n_b) / (N_a + N_b):
    α = prior_strength · p present, β = prior_strength · (1 - p) absent. Then

        δ = ln((n_a + α) / (N_a - n_a + β)) - ln((n_b + α) / (N_b - n_b + β))
        var(δ) ≈ 1/(n_a + α) + 1/(N_a - n_a + β) + 1/(n_b + α) + 1/(N_b - n_b + β)

    and z = δ / sqrt(var). The prior shrinks the estimates of rare concepts toward no difference,
    which small groups need. A concept present in every message of both groups gets δ = z = 0.
    Returns two float arrays (delta, z).
    """
    if prior_strength <= 0:
        raise ValueError("prior_strength must be positive")
    n_a, N_a, n_b, N_b = (np.asarray(x, dtype="float64") for x in (n_a, N_a, n_b, N_b))
    total = N_a + N_b
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(total > 0, (n_a + n_b) / total, 0.0)
        alpha, beta = prior_strength * p, prior_strength * (1 - p)
        cells = [n_a + alpha, N_a - n_a + beta, n_b + alpha, N_b - n_b + beta]
        delta = np.log(cells[0] / cells[1]) - np.log(cells[2] / cells[3])
        z = delta / np.sqrt(sum(1 / c for c in cells))
    defined = np.all([c > 0 for c in cells], axis=0)
    return np.where(defined, delta, 0.0), np.where(defined, z, 0.0)


KEYNESS_STATS = {"n_a": "int64", "N_a": "int64", "n_b": "int64", "N_b": "int64", "rate_a": "float64",
                 "rate_b": "float64", "g2": "float64", "keyness": "float64", "p_value": "float64", "log_ratio": "float64",
                 "log_odds": "float64", "z": "float64", "key_for": "string"}


def keyness(exchanges: pd.DataFrame, message_phrases: pd.DataFrame, by: str, a, b,
            lexicon: pd.DataFrame | None = None, prior_strength: float = 2.0, min_messages: int = 1,
            periods=None) -> pd.DataFrame:
    """Which concepts set group ``a`` apart from group ``b`` (two periods, the two directions, ...).

    ``by`` is a column of exchanges (or 'period'); ``a`` and ``b`` are a value of it or a list of
    values (e.g. ``by='period', a='summitry', b=['cool_period']``; ``by='direction', a='CN→KP',
    b='KP→CN'``). Counts are messages: n_a of the N_a messages of group a quote the concept.

    Concepts used by at least ``min_messages`` messages of the two groups together are scored with
    :func:`g2_statistic` (G² and p-value), :func:`log_ratio` and :func:`log_odds_dirichlet`
    (``prior_strength``).

    Returns one row per concept, highest G² first: ``concept_id`` (and ``category``, ``label`` with a
    lexicon), ``group_a``, ``group_b`` (the groups as text), ``n_a``, ``N_a``, ``n_b``, ``N_b``
    (int64), ``rate_a``, ``rate_b``, ``g2``, ``keyness`` (G² signed: positive when the concept is
    key for a, negative for b, as keyness lists show it), ``p_value``, ``log_ratio``, ``log_odds``,
    ``z`` (float) and ``key_for`` ('a' or 'b': the group whose rate is higher; <NA> when equal).
    """
    ex, keys = _grouped(exchanges, [by], periods)
    in_a = ex[by].isin([a] if isinstance(a, str) or not hasattr(a, "__iter__") else list(a))
    in_b = ex[by].isin([b] if isinstance(b, str) or not hasattr(b, "__iter__") else list(b))
    table = _concepts(message_phrases, lexicon, None)
    columns = {**{c: "string" for c in table.columns}, "group_a": "string", "group_b": "string", **KEYNESS_STATS}
    uses = _uses(ex, message_phrases)
    ids_a = set(ex.loc[in_a, "message_id"].astype(str))
    ids_b = set(ex.loc[in_b, "message_id"].astype(str))
    counts_a = uses[uses["message_id"].isin(ids_a)]["concept_id"].value_counts()
    counts_b = uses[uses["message_id"].isin(ids_b)]["concept_id"].value_counts()
    out = table.copy()
    out["n_a"] = [int(counts_a.get(c, 0)) for c in out["concept_id"]]
    out["n_b"] = [int(counts_b.get(c, 0)) for c in out["concept_id"]]
    out = out[(out["n_a"] + out["n_b"]) >= max(min_messages, 1)].reset_index(drop=True)
    if out.empty:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in columns.items()})
    out["N_a"], out["N_b"] = len(ids_a), len(ids_b)
    out["group_a"] = _label(a)
    out["group_b"] = _label(b)
    args = (out["n_a"], out["N_a"], out["n_b"], out["N_b"])
    out["rate_a"] = out["n_a"] / len(ids_a) if ids_a else np.nan
    out["rate_b"] = out["n_b"] / len(ids_b) if ids_b else np.nan
    out["g2"], out["p_value"] = g2_statistic(*args)
    out["log_ratio"] = log_ratio(*args)
    out["log_odds"], out["z"] = log_odds_dirichlet(*args, prior_strength=prior_strength)
    out["key_for"] = np.where(out["rate_a"] > out["rate_b"], "a", np.where(out["rate_a"] < out["rate_b"], "b", None))
    out["keyness"] = np.where(out["key_for"] == "b", -out["g2"], out["g2"])
    out = out.sort_values(["g2", "concept_id"], ascending=[False, True], kind="stable").reset_index(drop=True)
    return out[list(columns)].astype(columns)


def _label(group) -> str:
    if isinstance(group, str) or not hasattr(group, "__iter__"):
        return str(group)
    return "+".join(str(g) for g in group)


# ---------------------------------------------------------------------------------------------------
# Keyword in context

KWIC_COLUMNS = {"doc_id": "string", "concept_id": "string", "category": "string", "label": "string",
                "left": "string", "match": "string", "right": "string", "start": "int64", "end": "int64"}


def _documents(texts, id_column: str, text_column: str) -> list[tuple[str, str]]:
    if isinstance(texts, str):
        return [("0", texts)]
    if isinstance(texts, pd.DataFrame):
        return [(str(i), t) for i, t in zip(texts[id_column], texts[text_column])]
    if isinstance(texts, pd.Series):
        return [(str(i), t) for i, t in texts.items()]
    if isinstance(texts, Mapping):
        return [(str(i), t) for i, t in texts.items()]
    return [(str(i), t) for i, t in enumerate(texts)]


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def kwic(texts, lexicon: pd.DataFrame | None = None, width: int = 40, concepts=None,
         id_column: str = "doc_id", text_column: str = "text") -> pd.DataFrame:
    """Keyword in context: every lexicon phrase in ``texts`` with the words around it.

    ``texts`` may be a dict ``{doc_id: text}``, a Series (index = doc id), a DataFrame with
    ``id_column`` and ``text_column``, a list of texts (doc id = position) or one string. Phrases are
    found by :func:`dprk_china.phrases.find_phrases` (the package's one phrase finder) with
    ``lexicon`` (default the shipped one); ``concepts`` keeps only these concept ids.

    Returns one row per match, in document then text order: ``doc_id``, ``concept_id``,
    ``category``, ``label``, ``left`` (up to ``width`` characters before the match), ``match`` (the
    wording as written), ``right`` (up to ``width`` characters after), ``start``, ``end`` (int64
    character offsets of the match in the original text: ``text[start:end] == match``). Runs of
    whitespace (line breaks) in ``left`` and ``right`` are shown as one space; missing texts give no rows.
    """
    wanted = None if concepts is None else set([concepts] if isinstance(concepts, str) else concepts)
    rows = []
    for doc_id, text in _documents(texts, id_column, text_column):
        if not isinstance(text, str) or not text:
            continue
        for m in find_phrases(text, lexicon):
            if wanted is not None and m.concept_id not in wanted:
                continue
            rows.append({"doc_id": doc_id, "concept_id": m.concept_id, "category": m.category, "label": m.label,
                         "left": _squeeze(text[max(0, m.start - width):m.start]), "match": m.text,
                         "right": _squeeze(text[m.end:m.end + width]), "start": m.start, "end": m.end})
    return pd.DataFrame(rows, columns=list(KWIC_COLUMNS)).astype(KWIC_COLUMNS)
