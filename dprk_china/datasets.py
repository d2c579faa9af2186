"""Loaders: one ``load_*`` function per table, returning a pandas DataFrame with proper dtypes.

Dtypes come from the registry in :mod:`dprk_china.metadata`: dates are ``datetime64[ns]``, codes of a
vocabulary are categoricals whose categories are the whole vocabulary (so counts show zeros), whole
numbers are nullable ``Int64``, text is pandas ``string``. Each loader takes ``data_dir`` to read a
working copy (e.g. one made by ``dprk-china ingest --into DIR``) instead of the shipped data.
"""
from __future__ import annotations

import pandas as pd

from ._io import read_table
from .metadata import TABLES, VOCABULARIES, field

_DERIVED_EXCHANGES = {
    "year": "Year of date_sent (Int64).",
    "direction": "'CN→KP' (Xi to Kim) or 'KP→CN' (Kim to Xi).",
    "is_reply": "True when in_reply_to is set.",
    "reply_lag_days": "Days from the (latest) message answered to this reply; empty unless both dates "
                      "are known to the day.",
    "report_lag_days": "Days from date_sent to date_reported; empty unless date_sent is known to the day.",
    "n_reports": "Number of reports rows of the message.",
    "reported_cn": "True when a Chinese outlet (outlet_side CN) reported the message.",
    "reported_kp": "True when a North Korean outlet (outlet_side KP) reported the message.",
}


def _series(table: str, name: str, values: list) -> pd.Series:
    spec = field(table, name)
    if spec["type"] == "date":
        return pd.Series(pd.to_datetime(values), name=name).astype("datetime64[ns]")
    if spec["type"] == "integer":
        return pd.Series(values, dtype="Int64", name=name)
    if "vocab" in spec:
        dtype = pd.CategoricalDtype(list(VOCABULARIES[spec["vocab"]]))
        return pd.Series(values, dtype=dtype, name=name)
    return pd.Series(values, dtype="string", name=name)


def _load(table: str, data_dir=None) -> pd.DataFrame:
    columns = read_table(table, data_dir)
    return pd.DataFrame({name: _series(table, name, values) for name, values in columns.items()})


def load_exchanges(data_dir=None, derived: bool = True) -> pd.DataFrame:
    """Messages between Xi Jinping and Kim Jong Un, one row per message.

    With ``derived=True`` (the default) the columns after the stored ones are computed on load
    (they are not in the file).
    """
    frame = _load("exchanges", data_dir)
    if not derived:
        return frame
    frame["year"] = frame["date_sent"].dt.year.astype("Int64")
    frame["direction"] = pd.Categorical(
        ["CN→KP" if s == "Xi Jinping" else "KP→CN" for s in frame["sender"]],
        categories=list(VOCABULARIES["direction"]))
    frame["is_reply"] = frame["in_reply_to"].notna()
    day_known = frame["date_precision"] == "day"
    sent = frame.set_index("message_id")["date_sent"]
    exact = sent[day_known.to_numpy()]
    lags = []
    for replies_to, date_sent, known in zip(frame["in_reply_to"], frame["date_sent"], day_known):
        if pd.isna(replies_to) or not known:
            lags.append(pd.NA)
            continue
        answered = [exact.get(mid) for mid in str(replies_to).split(";")]
        if any(d is None for d in answered):
            lags.append(pd.NA)  # an answered message's day is unknown: no exact lag
        else:
            lags.append((date_sent - max(answered)).days)
    frame["reply_lag_days"] = pd.array(lags, dtype="Int64")
    report_lag = (frame["date_reported"] - frame["date_sent"]).dt.days.astype("Int64")
    frame["report_lag_days"] = report_lag.where(day_known, pd.NA)
    # Plain Python over the reports columns: a pandas groupby here costs more than the rest of the load.
    reports = read_table("reports", data_dir)
    n_reports: dict[str, int] = {}
    sides: dict[str, set] = {}
    for mid, side in zip(reports["message_id"], reports["outlet_side"]):
        n_reports[mid] = n_reports.get(mid, 0) + 1
        sides.setdefault(mid, set()).add(side)
    ids = frame["message_id"].tolist()
    frame["n_reports"] = pd.array([n_reports.get(mid, 0) for mid in ids], dtype="Int64")
    frame["reported_cn"] = pd.array([("CN" in sides.get(mid, ())) for mid in ids], dtype=bool)
    frame["reported_kp"] = pd.array([("KP" in sides.get(mid, ())) for mid in ids], dtype=bool)
    return frame


def load_reports(data_dir=None) -> pd.DataFrame:
    """Reports of messages in outlets, one row per (report, message)."""
    return _load("reports", data_dir)


def load_occasions(data_dir=None) -> pd.DataFrame:
    """The calendar of customary occasions on which a message is expected."""
    return _load("occasions", data_dir)


def load_events(data_dir=None) -> pd.DataFrame:
    """Context events: summits, envoy visits, party congresses and elections."""
    return _load("events", data_dir)


def load_lexicon(data_dir=None) -> pd.DataFrame:
    """Stock concepts of the correspondence and their English variants ('|'-separated)."""
    return _load("lexicon", data_dir)


def load_message_phrases(data_dir=None) -> pd.DataFrame:
    """Which lexicon concepts the reports of each message quote."""
    return _load("message_phrases", data_dir)


def load_titles(data_dir=None) -> pd.DataFrame:
    """Offices held by each leader and when (role at time)."""
    return _load("titles", data_dir)


def codebook() -> pd.DataFrame:
    """The data dictionary: one row per (table, field), with type, whether required, allowed values
    and description; derived columns of ``load_exchanges`` are listed with ``derived=True``."""
    rows = []
    for table, spec in TABLES.items():
        for name in spec["fields"]:
            f = field(table, name)
            rows.append({
                "table": table, "field": name, "type": f["type"], "required": bool(f.get("required")),
                "allowed": ", ".join(VOCABULARIES[f["vocab"]]) if "vocab" in f else f.get("pattern", ""),
                "description": f["description"], "derived": False,
            })
    for name, description in _DERIVED_EXCHANGES.items():
        rows.append({"table": "exchanges", "field": name, "type": "derived", "required": False,
                     "allowed": "", "description": description, "derived": True})
    return pd.DataFrame(rows).astype({"table": "string", "field": "string", "type": "string",
                                      "allowed": "string", "description": "string"})


def _data_dictionary(table: str) -> str:
    lines = ["", "    Columns", "    -------"]
    for name in TABLES[table]["fields"]:
        f = field(table, name)
        allowed = f" One of: {', '.join(VOCABULARIES[f['vocab']])}." if "vocab" in f else ""
        lines.append(f"    {name} : {f['type']}{'' if f.get('required') else ', optional'}")
        lines.append(f"        {f['description']}{allowed}")
    if table == "exchanges":
        lines.append("")
        lines.append("    Derived columns (``derived=True``)")
        lines.append("    ----------------------------------")
        for name, description in _DERIVED_EXCHANGES.items():
            lines.append(f"    {name}")
            lines.append(f"        {description}")
    return "\n".join(lines) + "\n"


for _func, _table in [(load_exchanges, "exchanges"), (load_reports, "reports"), (load_occasions, "occasions"),
                      (load_events, "events"), (load_lexicon, "lexicon"),
                      (load_message_phrases, "message_phrases"), (load_titles, "titles")]:
    _func.__doc__ = (_func.__doc__ or "") + _data_dictionary(_table)
