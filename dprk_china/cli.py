"""The ``dprk-china`` command: validate, metadata, extract, ingest."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _validate(args) -> int:
    from .validate import problems

    found = problems(args.data_dir)
    where = args.data_dir or "the shipped data"
    if found:
        for problem in found:
            print(problem, file=sys.stderr)
        print(f"{len(found)} problem(s) in {where}", file=sys.stderr)
        return 1
    print(f"{where}: valid")
    return 0


def _metadata(args) -> int:
    from . import datapackage
    from ._io import package_data_dir

    target = Path(args.data_dir) if args.data_dir else Path(str(package_data_dir()))
    if args.write:
        for name in datapackage.write(target):
            print(f"wrote {target / name}")
        return 0
    stale = datapackage.stale_files(target)
    for name in stale:
        print(f"{target / name} is out of date: run `dprk-china metadata --write`", file=sys.stderr)
    return 1 if stale else 0


def _extract(args) -> int:
    from .extract import run_extract_command

    return run_extract_command(args)


def _ingest(args) -> int:
    from .ingest import run_ingest_command

    return run_ingest_command(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dprk-china", description="Xi Jinping–Kim Jong Un messages as data.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="check a data directory (default: the shipped data)")
    p.add_argument("data_dir", nargs="?", help="a working copy of the data")
    p.set_defaults(run=_validate)

    p = sub.add_parser("metadata", help="check (or --write) datapackage.json and CODEBOOK.md against the registry")
    p.add_argument("data_dir", nargs="?", help="where the files are (default: the shipped data)")
    p.add_argument("--write", action="store_true", help="regenerate the files")
    p.set_defaults(run=_metadata)

    p = sub.add_parser("extract", help="propose message rows from news articles (plain text)")
    p.add_argument("paths", nargs="+", metavar="PATH", help="article text files ('-' for standard input)")
    p.add_argument("--published", metavar="YYYY-MM-DD", help="publication date when the text has no dateline")
    p.add_argument("--format", choices=["jsonl", "csv", "table"], default="table")
    p.set_defaults(run=_extract)

    p = sub.add_parser("ingest", help="add what articles report to a working copy of the data")
    p.add_argument("paths", nargs="+", metavar="ARTICLE", help="article text files")
    p.add_argument("--into", required=True, metavar="DIR", help="the working copy (created from the shipped data if new)")
    p.add_argument("--published", metavar="YYYY-MM-DD", help="publication date when the text has no dateline")
    p.add_argument("--url", help="URL of the article, recorded in the report row")
    p.add_argument("--outlet", help="outlet of the article (default: guessed from the text)")
    p.set_defaults(run=_ingest)
    return parser


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
