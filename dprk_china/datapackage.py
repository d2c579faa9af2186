"""Generate ``data/datapackage.json`` (Frictionless Data Package) and ``data/CODEBOOK.md`` from the
registry in :mod:`dprk_china.metadata`, so that neither is ever written by hand."""
from __future__ import annotations

import json
from pathlib import Path

from . import __version__
from .metadata import CODING_RULES, TABLES, VOCABULARIES, field

LICENSES = [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
             "path": "https://creativecommons.org/licenses/by/4.0/"}]


def _schema(table: str) -> dict:
    fields = []
    for name in TABLES[table]["fields"]:
        f = field(table, name)
        entry = {"name": name, "type": f["type"], "description": f["description"]}
        if f["type"] == "date":
            entry["format"] = "%Y-%m-%d"
        constraints = {}
        if f.get("required"):
            constraints["required"] = True
        if "vocab" in f:
            constraints["enum"] = list(VOCABULARIES[f["vocab"]])
        if "pattern" in f:
            constraints["pattern"] = f["pattern"].lstrip("^").rstrip("$")  # Frictionless anchors patterns itself
        for bound in ("minimum", "maximum"):
            if bound in f:
                constraints[bound] = f[bound]
        if constraints:
            entry["constraints"] = constraints
        fields.append(entry)
    schema = {"fields": fields, "missingValues": [""], "primaryKey": TABLES[table]["primary_key"]}
    if TABLES[table]["foreign_keys"]:
        schema["foreignKeys"] = TABLES[table]["foreign_keys"]
    return schema


def datapackage() -> dict:
    """The Frictionless descriptor of the shipped tables."""
    return {
        "name": "dprk-china-leader-messages",
        "title": "Leader-level messages between Xi Jinping and Kim Jong Un",
        "description": "Messages (letters, verbal messages, congratulations, replies, condolences, sympathy, "
                       "greetings) between Xi Jinping and Kim Jong Un from November 2012, each with the "
                       "reports that source it; a calendar of customary occasions, context events, a "
                       "rhetoric lexicon and the offices each leader held. See CODEBOOK.md.",
        "version": __version__,
        "licenses": LICENSES,
        "resources": [
            {"name": table, "path": f"{table}.csv", "profile": "tabular-data-resource", "format": "csv",
             "mediatype": "text/csv", "encoding": "utf-8", "description": spec["description"],
             "schema": _schema(table)}
            for table, spec in TABLES.items()
        ],
    }


def codebook_markdown() -> str:
    """The codebook: coding rules, then every table's fields and every vocabulary."""
    from .datasets import _DERIVED_EXCHANGES

    out = ["# Codebook", "",
           f"Generated from `dprk_china/metadata.py` (version {__version__}); do not edit by hand: "
           "run `dprk-china metadata --write`.", "", "## Coding rules", ""]
    for n, (title, text) in enumerate(CODING_RULES, start=1):
        out.append(f"{n}. **{title}.** {text}")
    out += ["", "## Tables", ""]
    for table, spec in TABLES.items():
        key = ", ".join(spec["primary_key"])
        out += [f"### {table}", "", f"{spec['description']} File `{table}.csv`; key: {key}.", "",
                "| field | type | required | allowed | description |", "|---|---|---|---|---|"]
        for name in spec["fields"]:
            f = field(table, name)
            allowed = f"vocabulary `{f['vocab']}`" if "vocab" in f else (f"`{f['pattern']}`" if "pattern" in f else "")
            out.append(f"| {name} | {f['type']} | {'yes' if f.get('required') else ''} | {allowed} | {f['description']} |")
        if table == "exchanges":
            out += ["", "Derived on load by `load_exchanges()` (not stored):", ""]
            out += [f"- `{name}`: {text}" for name, text in _DERIVED_EXCHANGES.items()]
        out.append("")
    out += ["## Vocabularies", ""]
    for vocab, codes in VOCABULARIES.items():
        out += [f"### {vocab}", "", "| code | meaning |", "|---|---|"]
        out += [f"| `{code}` | {meaning} |" for code, meaning in codes.items()]
        out.append("")
    return "\n".join(out)


def render() -> dict[str, str]:
    """File name -> content of every generated metadata file."""
    return {"datapackage.json": json.dumps(datapackage(), indent=2, ensure_ascii=False) + "\n",
            "CODEBOOK.md": codebook_markdown()}


def stale_files(data_dir: Path) -> list[str]:
    """Generated files in ``data_dir`` that differ from what the registry gives."""
    return [name for name, text in render().items()
            if not (data_dir / name).exists() or (data_dir / name).read_text(encoding="utf-8") != text]


def write(data_dir: Path) -> list[str]:
    """Write the generated files into ``data_dir``; return the names written."""
    for name, text in render().items():
        (data_dir / name).write_text(text, encoding="utf-8")
    return list(render())
