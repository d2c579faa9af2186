"""Altair, imported without jsonschema's slowest optional dependency.

jsonschema (which Altair imports) checks the 'iri' string format with ``rfc3987_syntax`` when that
is installed (Jupyter's ``jsonschema[format-nongpl]`` installs it), and that package builds some 35
Earley parsers as it is imported: about 2 s, every kernel, before the first chart. Neither Altair
nor the Vega-Lite schema uses that format (python-jsonschema/jsonschema#1428). So the first import of
jsonschema here is made with that one optional import failing, as it fails where the package is not
installed; the module stays importable for anyone else, and only jsonschema's 'iri' check is left out
in this process, as it would be without the package.
"""
from __future__ import annotations

import sys

if "jsonschema" not in sys.modules and "rfc3987_syntax" not in sys.modules:
    sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]  # makes `import rfc3987_syntax` fail
    try:
        import altair as alt
    finally:
        del sys.modules["rfc3987_syntax"]
else:
    import altair as alt

__all__ = ["alt"]
