"""Fuzz the article extractor: it must never raise and must always return well-formed records.

Runs N generated inputs (default 10,000; deterministic seed) through the unguarded reader
(``dprk_china.extract._read_article``, so that a bug is an exception here rather than an empty
result): random Unicode, random bytes, mutated wire-style sentences (written for this script),
HTML-wrapped text, Chinese and Korean text, odd ``published`` values, and a few huge inputs
(1-5 MB). Prints how many ran, how many failed, and the first failures.

    python benchmarks/fuzz_extract.py [--inputs 10000] [--seed 7] [--huge 6]
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dprk_china.extract import RECORD_FIELDS, _read_article  # noqa: E402
from dprk_china.metadata import LEADERS, VOCABULARIES  # noqa: E402

SENTENCES = [
    "BEIJING, May 9 (Xinhua) -- Chinese President Xi Jinping on Saturday sent a verbal message of thanks to Kim "
    "Jong Un in reply to an earlier verbal message from the latter.",
    "PYONGYANG, October 1 (KCNA) -- Kim Jong Un sent a congratulatory message on Sept. 30 to Xi Jinping on the 75th "
    "founding anniversary of the People's Republic of China.",
    "SEOUL, July 30 (Yonhap) -- Xi made the remarks in a reply to Kim's earlier letter to mark the 100th founding "
    "anniversary of the Communist Party of China.",
    "In the letter dated Saturday, Xi said the two countries were friendly neighbours linked by mountains and rivers.",
    "They did so in April after Xi was confirmed for a third term and in September, around the 75th anniversary.",
    "Xi Jinping and Kim Jong Un on Sunday exchanged congratulatory messages on the 60th anniversary of the treaty.",
    "The messages were delivered by the ambassador during their meeting on Monday in Beijing.",
    "Russian President Vladimir Putin sent a message of greetings to Kim on his birthday, the KCNA said.",
    "The CPC Central Committee sent a congratulatory message to the WPK Central Committee.",
    "Kim Jong Un did not send a message to Xi Jinping this year, state media reports showed.",
    "His remarks were a response to a message Kim sent last week, lauding Beijing's success against the virus.",
    "Kim Jong Un and the WPK Central Committee jointly sent a message of sympathy to Xi over the earthquake.",
    "May 10, 2020 - 13:14", "Published: 2023-10-12", "08:22, March 23, 2021",
    "\u4e60\u8fd1\u5e73\u81f4\u7535\u91d1\u6b63\u6069\uff0c\u795d\u8d3a\u671d\u9c9c\u6210\u7acb75\u5468\u5e74\u3002",
    "\uae40\uc815\uc740\ub3d9\uc9c0\uaed8\uc11c \uc2dc\uc9c4\ud551\ub3d9\uc9c0\uc5d0\uac8c 9\uc6d4 30\uc77c "
    "\ucd95\uc804\uc744 \ubcf4\ub0b4\uc2dc\uc600\ub2e4.",
]
JUNK = ["\x00", "\ufeff", "\u202e", "\u0301", "\ud800", "\U0001f600", "<", ">", "&amp;", "&#x0;", "\\", '"', "'",
        "\n", "\r\n", "\t", "(", ")", "--", "\u2014", "\u3002", "...", "Kim", "Xi", "message", "letter", "75th",
        "anniversary", "Saturday", "May", "Sept.", "2023-02-30", "\u00a0", " " * 50]
HTML = ["<html><head><style>p {{color: red}}</style></head><body><p>{}</p></body></html>",
        "<div class=\"article\"><h1>Title</h1><p>{}</p><script>var s = '<p>';</script></div>",
        "<p>{}", "{}</p></div></body>", "<br/>{}<br>", "<!-- {} -->", "<a href='x'>{}</a>", "<p>{}" + "<script>" * 50]
PUBLISHED = [None, "2020-05-09", "2023-10-12", "", "not a date", "2020-02-30", "9999-12-31", "0001-01-01",
             dt.date(2021, 7, 30), 20200509, "2020-05-09T10:00"]


def mutate(text: str, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(rng.randrange(1, 8)):
        op = rng.randrange(6)
        i = rng.randrange(len(chars) + 1)
        if op == 0 and chars:
            del chars[min(i, len(chars) - 1)]
        elif op == 1:
            chars.insert(i, rng.choice(JUNK))
        elif op == 2 and len(chars) > 1:
            j = rng.randrange(len(chars))
            chars[min(i, len(chars) - 1)], chars[j] = chars[j], chars[min(i, len(chars) - 1)]
        elif op == 3:
            chars = chars[:i]
        elif op == 4:
            chars.insert(i, chr(rng.randrange(0x20, 0x2FFFF)))
        else:
            chars = [c.swapcase() if rng.random() < 0.1 else c for c in chars]
    return "".join(chars)


def article(rng: random.Random) -> str:
    picked = [rng.choice(SENTENCES) for _ in range(rng.randrange(1, 12))]
    picked = [mutate(s, rng) if rng.random() < 0.5 else s for s in picked]
    return rng.choice(["\n\n", " ", "\n", ""]).join(picked)


def random_unicode(rng: random.Random) -> str:
    return "".join(chr(rng.randrange(0x110000)) if rng.random() < 0.3 else chr(rng.randrange(0x20, 0x7F))
                   for _ in range(rng.randrange(0, 2000)))


def generate(rng: random.Random):
    kind = rng.randrange(10)
    if kind == 0:
        return "unicode", random_unicode(rng)
    if kind == 1:
        return "bytes", bytes(rng.randrange(256) for _ in range(rng.randrange(0, 3000)))
    if kind == 2:
        return "html", rng.choice(HTML).format(article(rng))
    if kind == 3:
        return "utf8-bytes", article(rng).encode("utf-8", errors="surrogatepass")
    if kind == 4:
        return "cjk", "".join(chr(rng.choice([rng.randrange(0x4E00, 0xA000), rng.randrange(0xAC00, 0xD7A4)]))
                              for _ in range(rng.randrange(0, 800))) + rng.choice(SENTENCES[-2:])
    return "article", article(rng)


def huge(rng: random.Random, megabytes: float) -> tuple[str, str]:
    size = int(megabytes * 1_000_000)
    options = [
        ("huge-article", lambda: "\n\n".join(rng.choice(SENTENCES) for _ in range(size // 120))),
        ("huge-run-on", lambda: ("Kim message Xi letter anniversary 75th " * (size // 38))),
        ("huge-html", lambda: "<p>" + "<p>".join(rng.choice(SENTENCES) for _ in range(size // 120))),
        ("huge-unicode", lambda: "".join(chr(rng.randrange(0x20, 0x3000)) for _ in range(size // 2))),
    ]
    name, make = rng.choice(options)
    return name, make()[:size]


def check(records) -> None:
    assert isinstance(records, list), "records is not a list"
    for r in records:
        assert list(r) == RECORD_FIELDS, f"fields {list(r)}"
        assert r["sender"] in LEADERS and r["recipient"] in LEADERS and r["sender"] != r["recipient"]
        assert r["date_precision"] in ("day", "month", "year", "unknown")
        assert (r["date_sent"] is None) == (r["date_precision"] == "unknown")
        if r["date_sent"]:
            dt.date.fromisoformat(r["date_sent"])
        for name in ("medium", "purpose", "occasion_type"):
            assert r[name] in VOCABULARIES[name], f"{name}={r[name]!r}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--inputs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--huge", type=int, default=6, help="how many of the inputs are 1-5 MB")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    failures, kinds, records = [], {}, 0
    start = time.perf_counter()
    slowest = (0.0, "")
    for i in range(args.inputs):
        kind, value = huge(rng, rng.uniform(1, 5)) if i < args.huge else generate(rng)
        published = rng.choice(PUBLISHED)
        kinds[kind] = kinds.get(kind, 0) + 1
        t0 = time.perf_counter()
        try:
            result = _read_article(value, published, f"<fuzz {i}>").records
            check(result)
            records += len(result)
        except Exception:  # noqa: BLE001 - every failure is reported, not raised
            failures.append((i, kind, traceback.format_exc(limit=3)))
        took = time.perf_counter() - t0
        if took > slowest[0]:
            slowest = (took, kind)
    seconds = time.perf_counter() - start
    print(f"fuzz_extract: ran {args.inputs} inputs ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))}) "
          f"in {seconds:.1f} s; {records} records; slowest input {slowest[0]:.2f} s ({slowest[1]}); "
          f"failures: {len(failures)}")
    for i, kind, trace in failures[:5]:
        print(f"--- input {i} ({kind}):\n{trace}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
