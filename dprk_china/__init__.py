"""dprk_china: the leader-level messages between Xi Jinping and Kim Jong Un as research data.

>>> import dprk_china
>>> exchanges = dprk_china.load_exchanges()      # one row per message
>>> reports = dprk_china.load_reports()          # one row per report of a message
>>> dprk_china.codebook()                        # the data dictionary

Importing the package loads only pandas; charts (Altair) and widgets load when first used.
"""
from ._io import DataError
from .datasets import (codebook, load_events, load_exchanges, load_lexicon, load_message_phrases,
                       load_occasions, load_reports, load_titles)

__version__ = "0.1.0"

__all__ = ["DataError", "codebook", "load_events", "load_exchanges", "load_lexicon", "load_message_phrases",
           "load_occasions", "load_reports", "load_titles", "validate", "extract_messages", "find_phrases",
           "__version__"]


_SUBMODULES = {"cadence", "absences", "threads", "rhetoric", "periods", "phrases", "filters", "charts", "widgets",
               "render", "extract", "ingest", "metadata", "datapackage"}


def __getattr__(name):
    # Lazy so that `import dprk_china` stays as cheap as `import pandas` (benchmarks/import_load.py), while
    # `dprk_china.cadence.messages_per_period(...)` works without a separate import.
    if name in _SUBMODULES:
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    if name == "validate":
        from .validate import validate
        return validate
    if name == "extract_messages":
        from .extract import extract_messages
        return extract_messages
    if name == "find_phrases":
        from .phrases import find_phrases
        return find_phrases
    raise AttributeError(f"module 'dprk_china' has no attribute {name!r}")
