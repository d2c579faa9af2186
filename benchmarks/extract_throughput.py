"""Extraction throughput: articles per second on one core, against a single ``re`` pass.

Generates N wire-style articles (default 10,000; deterministic seed): positives in Xinhua, KCNA,
Yonhap and Korea Herald styles (congratulations, replies, exchanges, sympathy, New Year cards, with
datelines, relative dates and anniversaries), negatives (other leaders' messages, summits, banquets)
and background paragraphs, 1-4 KB each. Times ``extract_messages`` over all of them, and one
``re.finditer`` pass for the message words over the same text, and prints a one-line summary.
Target: >= 2,000 articles/s.

    python benchmarks/extract_throughput.py [--articles 10000] [--repeat 3]
"""
from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import platform
import random
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dprk_china.extract import extract_messages  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "extract_throughput.json"
TARGET = 2000.0
BASELINE = re.compile(r"\b(?:message|letter|card|reply)s?\b", re.IGNORECASE)

XI_NAMES = ["Chinese President Xi Jinping", "Xi Jinping, general secretary of the Communist Party of China (CPC) "
            "Central Committee and Chinese president,", "Xi", "the Chinese leader", "Xi Jinping"]
KIM_NAMES = ["Kim Jong Un, general secretary of the Workers' Party of Korea (WPK),", "North Korean leader Kim Jong-un",
             "Kim", "the North's leader", "Kim Jong Un"]
MEDIA = ["a verbal message", "a congratulatory message", "a letter", "a message of sympathy", "a New Year card",
         "a message of thanks"]
WHEN = ["on Saturday", "on Monday", "the previous day", "last week", "earlier this week", "on Sept. 30", "last month"]
OCCASIONS = ["on the 75th anniversary of the founding of the DPRK", "on the 74th anniversary of the founding of "
             "the People's Republic of China", "over the COVID-19 outbreak", "over the floods", "on his birthday",
             "on his re-election as general secretary", "to mark the 60th anniversary of the friendship treaty"]
DATELINES = ["BEIJING, {m} {d} (Xinhua) -- ", "PYONGYANG, {m} {d} (KCNA) -- ", "SEOUL, {m} {d} (Yonhap) -- ",
             "{m} {d}, {y} - 13:14\n\n", "Published: {iso}\n\n", ""]
QUOTES = ["the traditional friendship between the two countries is a precious treasure",
          "China is ready to strengthen strategic communication and deepen exchanges and cooperation",
          "the two sides will defend, consolidate and develop their relations in the new era",
          "the socialist cause of both countries will achieve new and greater successes"]
NEGATIVES = ["Russian President Vladimir Putin sent a message of greetings to {kim} {when}.",
             "{xi} held talks with {kim} in Beijing and hosted a banquet in his honor, where both proposed toasts.",
             "The CPC Central Committee sent a congratulatory message to the WPK Central Committee.",
             "Chinese Ambassador Wang Yajun conveyed greetings at a reception attended by senior officials.",
             "{xi} held a phone call with South Korean President Moon Jae-in on Tuesday.",
             "Belarusian President Alexander Lukashenko sent a letter to {kim}, the KCNA said."]
BACKGROUND = ["North Korea has conducted a series of missile tests this year, drawing condemnation from the "
              "United States, South Korea and Japan.",
              "Trade between the two neighbours has recovered since the border reopened, customs data showed.",
              "Analysts in Seoul said the exchange underscored the importance Pyongyang attaches to its ties with "
              "Beijing as it faces international sanctions.",
              "The two countries signed a treaty of friendship in 1961 and describe their ties as sealed in blood.",
              "Officials did not give further details, and the foreign ministry declined to comment on Tuesday."]


def article(rng: random.Random) -> str:
    day = dt.date(2013, 1, 1) + dt.timedelta(days=rng.randrange(4700))
    head = rng.choice(DATELINES).format(m=day.strftime("%B"), d=day.day, y=day.year, iso=day.isoformat())
    xi, kim = rng.choice(XI_NAMES), rng.choice(KIM_NAMES)
    sender, recipient = (xi, kim) if rng.random() < 0.5 else (kim, xi)
    speaker = sender.split(",")[0]
    paragraphs = [rng.choice(["Xi, Kim exchange messages", "Kim sends message to Xi", "Xi replies to Kim",
                              "Leaders mark anniversary", "Putin meets Kim"])]
    if rng.random() < 0.8:
        paragraphs.append(f"{head}{sender} {rng.choice(WHEN)} sent {rng.choice(MEDIA)} to {recipient} "
                          f"{rng.choice(OCCASIONS)}.")
        paragraphs.append(f"In the message, {speaker} said {rng.choice(QUOTES)}.")
        if rng.random() < 0.5:
            paragraphs.append(f"The message came in reply to {rng.choice(MEDIA)} {recipient.split(',')[0]} sent "
                              f"{rng.choice(WHEN)}.")
        if rng.random() < 0.3:
            paragraphs.append(f"{xi} and {kim} exchanged verbal messages {rng.choice(WHEN)}, according to the KCNA.")
    else:
        paragraphs.append(head + rng.choice(NEGATIVES).format(xi=xi, kim=kim, when=rng.choice(WHEN)))
    for _ in range(rng.randrange(2, 9)):
        paragraphs.append(rng.choice(BACKGROUND + [n.format(xi=xi, kim=kim, when=rng.choice(WHEN)) for n in NEGATIVES]))
    paragraphs.append(f'"{rng.choice(QUOTES).capitalize()}," {speaker} said.')
    return "\n\n".join(paragraphs)


def generate(n: int, seed: int = 20240601) -> list[str]:
    rng = random.Random(seed)
    return [article(rng) for _ in range(n)]


def time_pass(texts: list[str], work) -> float:
    gc.collect()
    start = time.perf_counter()
    for text in texts:
        work(text)
    return time.perf_counter() - start


def time_in_phrase_finder(texts: list[str]) -> float:
    """Seconds spent inside ``dprk_china.phrases.find_phrases`` during one pass (the shared phrase
    finder, which the extractor calls once per article)."""
    import dprk_china.phrases as phrases

    original, spent = phrases.find_phrases, [0.0]

    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - start

    phrases.find_phrases = timed
    try:
        for text in texts:
            extract_messages(text, "2020-05-10")
    finally:
        phrases.find_phrases = original
    return spent[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3, help="timed passes; the median is reported")
    args = parser.parse_args()
    texts = generate(args.articles)
    size = sum(len(t.encode("utf-8")) for t in texts)
    extract_messages(texts[0])  # load the lexicon and compile patterns outside the timing
    records = sum(len(extract_messages(t, "2020-05-10")) for t in texts[:1000])
    extract_times = [time_pass(texts, lambda t: extract_messages(t, "2020-05-10")) for _ in range(args.repeat)]
    regex_times = [time_pass(texts, lambda t: sum(1 for _ in BASELINE.finditer(t))) for _ in range(args.repeat)]
    seconds, regex_seconds = statistics.median(extract_times), statistics.median(regex_times)
    phrase_seconds = time_in_phrase_finder(texts)
    result = {
        "articles": args.articles,
        "megabytes": round(size / 1e6, 2),
        "mean_article_bytes": round(size / args.articles),
        "records_per_article_first_1000": round(records / 1000, 2),
        "extract_seconds": round(seconds, 3),
        "articles_per_second": round(args.articles / seconds, 1),
        "megabytes_per_second": round(size / 1e6 / seconds, 2),
        "regex_pass_seconds": round(regex_seconds, 4),
        "ratio_to_one_regex_pass": round(seconds / regex_seconds, 1),
        "share_in_phrase_finder": round(phrase_seconds / seconds, 2),
        "target_articles_per_second": TARGET,
        "repeats": args.repeat,
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    status = "OK" if result["articles_per_second"] >= TARGET else "BELOW TARGET"
    print(f"extract: {result['articles']} articles ({result['megabytes']} MB) in {result['extract_seconds']} s = "
          f"{result['articles_per_second']} articles/s ({result['megabytes_per_second']} MB/s), "
          f"{result['ratio_to_one_regex_pass']}x one re pass ({result['regex_pass_seconds']} s); "
          f"{result['share_in_phrase_finder']:.0%} of the time in phrases.find_phrases; "
          f"target {TARGET:.0f}/s {status}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
