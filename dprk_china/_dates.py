"""Dates in news articles: the dateline a report is written against, and the date expressions in its
sentences ("on Saturday", "last month", "July 23", "in February this year"), resolved against it.

Private helper of :mod:`dprk_china.extract`. Nothing here raises on odd input: a date that cannot be
built (February 30, a year out of range) is simply not a date.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
          "oct": 10, "nov": 11, "dec": 12}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}

# Month names are matched capitalised only, so that the verb "may" and the word "march" are not months.
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
          r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "a": 1}

# A dateline: "BEIJING, May 9 (Xinhua) --", "PYONGYANG, October 1 (KCNA) --", "SEOUL, 9 May (Reuters) -".
_DATELINE = re.compile(
    rf"(?:^|(?<=[\s>]))(?P<city>[A-Z][A-Za-z'.]+(?:[ -][A-Z][A-Za-z'.]+){{0,2}}),\s+"
    rf"(?:(?P<m1>{_MONTH})\s+(?P<d1>{_DAY})|(?P<d2>{_DAY})\s+(?P<m2>{_MONTH}))(?:,?\s+(?P<y>{_YEAR}))?\s*"
    rf"\((?P<agency>[A-Za-z][A-Za-z .'&-]{{1,40}}?)\)\s*(?:--|-|\u2014|\u2013|:)?")

# The same without the agency, at the start of one of the first lines: "SEOUL, March 12 --".
_DATELINE_BARE = re.compile(
    rf"(?m)^[ \t]*(?P<city>[A-Z][A-Za-z'.]+(?:[ -][A-Z][A-Za-z'.]+){{0,2}}),\s+"
    rf"(?:(?P<m1>{_MONTH})\s+(?P<d1>{_DAY})|(?P<d2>{_DAY})\s+(?P<m2>{_MONTH}))(?:,?\s+(?P<y>{_YEAR}))?"
    rf"\s*(?:--|\u2014|\u2013)")
_BARE_DATELINE_ZONE = 600

# A full date standing in a short header line: "May 10, 2020 - 13:14", "08:22, March 23, 2021",
# "Published: 2023-10-12", "12 October 2023", "2023/10/12", "2023年10月12日", "2023.10.12".
_FULL_DATES = [
    re.compile(rf"\b(?P<m>{_MONTH})\s+(?P<d>{_DAY}),?\s+(?P<y>{_YEAR})\b"),
    re.compile(rf"\b(?P<d>{_DAY})\s+(?P<m>{_MONTH}),?\s+(?P<y>{_YEAR})\b"),
    re.compile(rf"(?<!\d)(?P<y>{_YEAR})[-/.](?P<mn>0?[1-9]|1[0-2])[-/.](?P<d>[12]\d|3[01]|0?[1-9])(?!\d)"),
    re.compile(rf"(?P<y>{_YEAR})\s*[年년]\s*(?P<mn>1[0-2]|0?[1-9])\s*[月월]\s*(?P<d>[12]\d|3[01]|0?[1-9])\s*[日일]"),
]
_HEADER_LINES = 15
_HEADER_LINE_MAX = 90
_BANNER_GAP_DAYS = 366


def make_date(year, month, day) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except (TypeError, ValueError, OverflowError):
        return None


def month_number(name: str) -> int:
    return MONTHS[name.lower()[:3]]


def _day_number(text: str) -> int:
    return int(re.match(r"\d+", text).group(0))


@dataclass(frozen=True)
class Dateline:
    """What the top of an article says about when and by whom it was written."""
    date: dt.date | None        # the date relative expressions are resolved against
    outlet: str | None          # the agency named in the dateline, e.g. "Xinhua"
    span: tuple[int, int] | None  # where the dateline stands (its date is not a message's date)
    published: dt.date | None   # the publication date (header date, else the dateline, else --published)


def _is_sentence(line: str) -> bool:
    """A short line that is a sentence (a photo caption: "图为2019年6月21日，金正恩与习近平握手。",
    "Kim and Xi shake hands in Beijing on June 20, 2019.") carries an event's date, not the page's."""
    line = line.strip()
    return "\u3002" in line or (line.endswith(".") and len(line.split()) >= 6)


def _header_dates(text: str) -> list[tuple[dt.date, tuple[int, int]]]:
    """Full dates on the short lines at the top of an article (time stamps, 'Published:' lines)."""
    found, offset = [], 0
    for i, line in enumerate(text.split("\n")):
        if i >= _HEADER_LINES:
            break
        if 0 < len(line.strip()) <= _HEADER_LINE_MAX and not _is_sentence(line):
            for pattern in _FULL_DATES:
                m = pattern.search(line)
                if m:
                    month = int(m.group("mn")) if "mn" in m.groupdict() else month_number(m.group("m"))
                    day = make_date(m.group("y"), month, _day_number(m.group("d")))
                    if day:
                        found.append((day, (offset + m.start(), offset + m.end())))
                        break
        offset += len(line) + 1
    return found


def _closest_year(month: int, day: int, anchor: dt.date) -> dt.date | None:
    """The date (month, day) in the year around ``anchor`` that lies closest to it."""
    options = [d for d in (make_date(anchor.year + k, month, day) for k in (-1, 0, 1)) if d]
    return min(options, key=lambda d: abs((d - anchor).days)) if options else None


def find_dateline(text: str, published: dt.date | None = None, year_hint: int | None = None) -> Dateline:
    """The article's reference date: the dateline (its year from a header date above it, ``published``
    or the year the article's anniversaries point to), else a header date, else ``published``. A header
    date more than a year away from the ``published`` the caller gives is a banner or crawl stamp of the
    page, not its date."""
    head = text[:3000]
    headers = _header_dates(head)
    header_date = headers[0][0] if headers else None
    # A dateline with "(Agency)" is looked for only in the lines up to the first one that has that;
    # one without it only at the start of a line near the top.
    bracket = head.find("(")
    m = None
    while m is None and 0 <= bracket:
        line_start = head.rfind("\n", 0, bracket) + 1
        m = _DATELINE.search(head, line_start, min(len(head), bracket + 60))
        bracket = head.find("(", bracket + 1)
    if m is None:
        m = _DATELINE_BARE.search(head, 0, _BARE_DATELINE_ZONE)
    if m:
        month = month_number(m.group("m1") or m.group("m2"))
        day = _day_number(m.group("d1") or m.group("d2"))
        # a header date is one above the dateline; a full date further down is a page's footer or
        # crawl stamp, weaker than the publication date the caller gives
        above = [d for d, span in headers if span[0] < m.start()]
        anchor = (above[0] if above else None) or published or header_date
        if m.group("y"):
            date = make_date(m.group("y"), month, day)
        elif anchor:
            date = _closest_year(month, day, anchor)
        elif year_hint:
            date = make_date(year_hint, month, day)
        else:
            date = None
        agency = m.groupdict().get("agency")
        return Dateline(date, agency.strip() if agency else None, (m.start(), m.end()), anchor or date)
    if header_date and not (published and abs((header_date - published).days) > _BANNER_GAP_DAYS):
        return Dateline(header_date, None, headers[0][1], header_date)
    return Dateline(published, None, None, published)


# ---------------------------------------------------------------------------------------------------
# Date expressions inside sentences

@dataclass(frozen=True)
class When:
    """A resolved date: ``day`` is stored as the 1st of the month (month precision) or 1 January
    (year precision); None with precision 'unknown'. ``key`` names the expression, so that two
    unresolved mentions of "last month" can still be recognised as the same."""
    day: dt.date | None
    precision: str
    key: str
    start: int = 0
    end: int = 0

    @property
    def known(self) -> bool:
        return self.day is not None


UNKNOWN = When(None, "unknown", "")

_RELATIVE_WORDS = (r"new\s+year's\s+day|new\s+year's\s+eve|today|this morning|tonight|yesterday|the previous day|the day before|a day earlier"
                   r"|the same day|(?:later|earlier)\s+(?:that|the\s+same)\s+day|that\s+same\s+day"
                   r"|the following day|the next day|earlier this week|earlier in the week"
                   r"|this week|last week|the previous week|earlier (?:this|in the) month|(?:early|late|later) this month"
                   r"|this month|(?:early |late |earlier )?last month|the previous month|earlier (?:this|in the) year"
                   r"|this year|last year|the previous year")
_EXPRESSIONS = re.compile(
    rf"(?P<iso>(?<!\d){_YEAR}-(?:0[1-9]|1[0-2])-(?:[12]\d|3[01]|0[1-9])(?!\d))"
    rf"|(?P<mdy>\b{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?(?![\d:]))"
    rf"|(?P<dmy>\b{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?\b)"
    rf"|(?P<lastwd>\b(?:last|this past|past)\s+{_WEEKDAY}\b)"
    rf"|(?P<weekday>\b{_WEEKDAY}\b)"
    rf"|(?P<month>\b(?:(?i:in|since|during|by|until|of|last|early|late|mid|the end of|the beginning of"
    rf"|the middle of)[\s-]+)+{_MONTH}(?:\s+(?:this|last)\s+year|,?\s+{_YEAR})?(?!\s*\d)"
    rf"|\b{_MONTH}(?:\s+(?:this|last)\s+year|,?\s+{_YEAR})(?!\s*\d))"
    # KCNA's "on the 19th": a day of the report's month
    rf"|(?P<ordday>(?<=\b[Oo]n\s)the\s+(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)\b(?!\s*(?i:of\b|[a-z-]*\s*"
    rf"(?:anniversar|birthday|centur|congress|plenary|session|founding|time|day|meeting|conference|party|round|year))))"
    rf"|(?P<ago>\b(?:\d{{1,2}}|one|two|three|four|five|six|seven|eight|nine|ten|a)\s+days?\s+(?:ago|earlier|before))"
    rf"|(?P<relative>\b(?i:{_RELATIVE_WORDS})\b)"
    rf"|(?P<year>\b(?i:in|since|during|of)\s+{_YEAR}\b(?!-\d))"
    # the later years of a list: "in 2012 and 2013", "in 2013, 2014 and 2015"
    rf"|(?P<listyear>(?:(?<=\d\d\d\d\sand\s)|(?<=\d\d\d\d,\sand\s)|(?<=\d\d\d\d,\s)){_YEAR}\b(?!-\d))"
    rf"|(?P<cjk>(?:(?P<cy>{_YEAR})\s*[年년]\s*)?(?P<cm>1[0-2]|0?[1-9])\s*[月월]\s*(?:(?P<cd>[12]\d|3[01]|0?[1-9])\s*[日일])?)")

_WORDS = re.compile(r"[A-Za-z]+|\d+")

# Chinese and Korean relative dates and days of the month without a month ("10日", "지난 15일"), with the
# English expression each stands for.
_CJK_RELATIVE = {
    "\u4e0a\u4e2a\u6708": "last month", "\u4e0a\u6708": "last month", "\uc9c0\ub09c\ub2ec": "last month",
    "\u672c\u6708": "this month", "\u8fd9\u4e2a\u6708": "this month", "\uc774\ub2ec": "this month",
    "\u53bb\u5e74": "last year", "\uc9c0\ub09c\ud574": "last year", "\uc791\ub144": "last year",
    "\u4eca\u5e74": "this year", "\uc62c\ud574": "this year",
    "\u6628\u5929": "yesterday", "\u6628\u65e5": "yesterday", "\uc5b4\uc81c": "yesterday",
    "\u4eca\u5929": "today", "\u4eca\u65e5": "today", "\uc624\ub298": "today",
    "\u524d\u4e00\u5929": "the previous day", "\uc804\ub0a0": "the previous day",
    "\u5f53\u5929": "the same day", "\u5f53\u65e5": "the same day", "\u540c\u65e5": "the same day",  # 当天, 当日, 同日
    "\u7576\u5929": "the same day", "\uac19\uc740 \ub0a0": "the same day",  # 當天, 같은 날
    "\u4e0a\u5468": "last week", "\uc9c0\ub09c\uc8fc": "last week",
}
# A month (and day) of last or this year: "작년 10월", "지난해 9월 9일", "去年10月", "今年1月1日"
_CJK_YEAR_OFFSET = {word: -1 if meaning == "last year" else 0 for word, meaning in _CJK_RELATIVE.items()
                    if meaning in ("last year", "this year")}
# A day of last or this month: "지난달 10일", "上月10日", "이달 3일"
_CJK_MONTH_OFFSET = {word: -1 if meaning == "last month" else 0 for word, meaning in _CJK_RELATIVE.items()
                     if meaning in ("last month", "this month")}
_CJK_EXPRESSIONS = re.compile(
    "(?P<cjkyearmonth>(?:" + "|".join(sorted(_CJK_YEAR_OFFSET, key=len, reverse=True)) + ")\\s*"
    "(?:1[0-2]|0?[1-9])\\s*[\u6708\uc6d4](?:\\s*(?:[12]\\d|3[01]|0?[1-9])\\s*[\u65e5\uc77c])?)"
    "|(?P<cjkmonthday>(?:" + "|".join(sorted(_CJK_MONTH_OFFSET, key=len, reverse=True)) + ")\\s*"
    "(?:[12]\\d|3[01]|0?[1-9])\\s*[\u65e5\uc77c])"
    "|(?P<cjkrel>" + "|".join(sorted(_CJK_RELATIVE, key=len, reverse=True)) + ")"
    "|(?P<cjkyear>(?<!\\d)(?:19|20)\\d\\d\\s*[\u5e74\ub144](?!\\s*\\d))"
    # "于十日", "於二十三日": a day in Chinese numerals after the word for "on"
    "|(?P<cjknumday>(?<=[\u4e8e\u65bc\u5728])(?:[\u4e8c\u4e09]?\u5341[\u4e00-\u4e5d]?|[\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d])[\u65e5\u53f7])"
    "|(?P<cjkday>(?<![\\d\u6708\uc6d4.\\-/])(?<!\u6708\\s)(?<!\uc6d4\\s)(?:[12]\\d|3[01]|0?[1-9])\\s*(?:[\u65e5\uc77c]"
    "(?![\ubcf8\ub300])(?!\\s*(?:\ud6c4|\ub4a4|\ub9cc\uc5d0|\ub3d9\uc548|\uac04|\u540e|\u4ee5\u540e|\u524d))"  # not "6일 후", "3일간", "六日后"
    # 号 for 日 in speech-like Chinese ("8号向金正恩发去贺电"), but not "1号文件", "3号线"
    "|[\u53f7\u865f](?=[\u5411\u7ed9\u81f4\u53d1\u767c\u5728\uff0c,\u665a\u4e0a\u4e0b\u51cc\u7535\u96fb\u8d77])))")


# A date expression starts with a number or one of these words; trying the expression only there (not
# at every character) is what keeps this fast.
_START_WORDS = {
    "last", "this", "past", "in",
    "since", "during", "by", "until", "of", "early", "late", "mid", "the", "one", "two", "three", "four", "five",
    "six", "seven", "eight", "nine", "ten", "a", "today", "tonight", "yesterday", "earlier", "later", "new", "that",
}
_THAT_SAME_DAY = re.compile(r"\s+same\s+day\b", re.I)  # the only date that starts with "that"
# Tokens are cut by a plain pattern and tested in Python: one alternation of all the start words
# would have ``re`` try each of them at every character.
_TOKEN = re.compile(r"\d+|[A-Za-z]+")
_MONTHS_AND_DAYS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "mon", "tue",
                    "wed", "thu", "fri", "sat", "sun"}
_FUNCTION_WORDS = {"in", "since", "during", "by", "until", "of", "the", "a", "early", "late", "mid"}
# what may follow a function word in a date: a capitalised month, a year, or the words of a relative date
_PLAUSIBLE_AFTER = re.compile(r"[\s-]+(?:[A-Z0-9]|(?i:early|late|mid|the|previous|same|following|next|day|end"
                              r"|beginning|middle|month|year|week))")


def find_date_expressions(text: str) -> list[re.Match]:
    """Every date expression in ``text``, unresolved, left to right and not overlapping."""
    found = _find_date_expressions(text)
    if text.isascii():
        return found
    extra = []
    for m in _CJK_EXPRESSIONS.finditer(text):
        if m.lastgroup == "cjkyearmonth":  # "작년 10월" rather than its "10월"
            found = [f for f in found if not m.start() <= f.start() < m.end()]
        if not any(f.start() < m.end() and m.start() < f.end() for f in found):
            extra.append(m)
    return sorted(found + extra, key=lambda m: m.start()) if extra else found


def _find_date_expressions(text: str) -> list[re.Match]:
    found, resume = [], 0
    for w in _TOKEN.finditer(text):
        start = w.start()
        if start < resume:
            continue
        token = w.group()
        if not token[0].isdigit():
            lowered = token.lower()
            if lowered not in _START_WORDS and (not token[0].isupper() or lowered[:3] not in _MONTHS_AND_DAYS):
                continue
            if lowered in _FUNCTION_WORDS and not _PLAUSIBLE_AFTER.match(text, w.end()):
                continue  # "of the", "in a": not a date; checked before the costly pattern
            if lowered == "that" and not _THAT_SAME_DAY.match(text, w.end()):
                continue
        m = _EXPRESSIONS.match(text, start)
        if m is not None and m.end() > start:
            found.append(m)
            resume = m.end()
    return found


def date_span(day: dt.date, precision: str) -> tuple[dt.date, dt.date]:
    """The first and last day a date stands for at its precision ("year", "month", else the day)."""
    if precision == "year":
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    if precision == "month":
        if day.month == 12:  # (without the next January, which year 9999 does not have)
            return day.replace(day=1), dt.date(day.year, 12, 31)
        return day.replace(day=1), dt.date(day.year, day.month + 1, 1) - dt.timedelta(days=1)
    return day, day


def _month_start(year: int, month: int) -> dt.date | None:
    while month < 1:
        year, month = year - 1, month + 12
    return make_date(year, month, 1)


def _span_when(first: dt.date, last: dt.date, key: str) -> When:
    """A period known to lie between two days: the month if both are in it, else unknown."""
    if (first.year, first.month) == (last.year, last.month):
        return When(first.replace(day=1), "month", key)
    return When(None, "unknown", key)


def _week(ref: dt.date) -> tuple[dt.date, dt.date]:
    """This week so far (weeks start on Monday)."""
    return ref - dt.timedelta(days=ref.weekday()), ref


def _last_week(ref: dt.date) -> tuple[dt.date, dt.date]:
    """Last week: the Monday-to-Sunday week before this one; written on a Sunday, the week that is
    ending (a Sunday paper's "last week" is the six days before)."""
    if ref.weekday() == 6:
        return ref - dt.timedelta(days=6), ref - dt.timedelta(days=1)
    monday = ref - dt.timedelta(days=ref.weekday())
    return monday - dt.timedelta(days=7), monday - dt.timedelta(days=1)


def _year_for(month: int, day: int, ref: dt.date | None, year_hint: int | None) -> int | None:
    """Year of a month (and day) given without one: the reference year, or the year before when
    that would put it after the reference date."""
    if ref is None:
        return year_hint
    if (month, day) > (ref.month, ref.day + 2):
        return ref.year - 1
    return ref.year


def resolve(m: re.Match, ref: dt.date | None, year_hint: int | None = None,
            anchor: dt.date | None = None) -> When:
    """The date an expression stands for. ``ref`` is the dateline; ``year_hint`` a year to use when
    there is no dateline; ``anchor`` the last day-precise date of the sentence ("the previous day")."""
    try:
        when = _resolve(m, ref, year_hint, anchor)
    except (ValueError, OverflowError, KeyError, AttributeError):
        when = When(None, "unknown", m.group(0).lower())
    return When(when.day, when.precision, when.key, m.start(), m.end())


def _resolve(m: re.Match, ref, year_hint, anchor) -> When:
    kind, text = m.lastgroup, m.group(0)
    key = " ".join(_WORDS.findall(text.lower()))
    if kind in ("cy", "cm", "cd"):
        kind = "cjk"
    if kind == "iso":
        return When(dt.date.fromisoformat(text), "day", key)
    if kind in ("mdy", "dmy"):
        return _resolve_full(text, ref, year_hint, key)
    if kind in ("weekday", "lastwd"):
        if ref is None:
            return When(None, "unknown", key)
        target = WEEKDAYS[re.search(_WEEKDAY, text).group(0).lower()]
        back = (ref.weekday() - target) % 7
        if kind == "lastwd" and back == 0:
            back = 7
        return When(ref - dt.timedelta(days=back), "day", key)
    if kind == "month":
        return _resolve_month(text, ref, year_hint, key)
    if kind == "ago":
        if ref is None:
            return When(None, "unknown", key)
        count = text.split()[0].lower()
        days = int(count) if count.isdigit() else _NUMBER_WORDS[count]
        return When(ref - dt.timedelta(days=days), "day", key)
    if kind == "relative":
        return _resolve_relative(key, ref, year_hint, anchor)
    if kind in ("year", "listyear"):
        return When(dt.date(int(text[-4:]), 1, 1), "year", key)
    if kind == "cjk":
        return _resolve_cjk(m, ref, year_hint, key)
    if kind == "cjkrel":
        return _resolve_relative(_CJK_RELATIVE[text], ref, year_hint, anchor)
    if kind == "cjkyear":
        return When(dt.date(int(text[:4]), 1, 1), "year", text[:4])
    if kind == "cjkyearmonth":
        word, month, day = re.fullmatch(r"(\D+?)\s*(\d+)\s*\D(?:\s*(\d+)\s*\D)?", text).groups()
        if ref is None:
            return When(None, "unknown", key)
        year = ref.year + _CJK_YEAR_OFFSET[word]
        date = make_date(year, int(month), int(day) if day else 1)
        if date is None:
            return When(None, "unknown", key)
        return When(date, "day" if day else "month", f"{_CJK_RELATIVE[word]} {month} {day or ''}".strip())
    if kind == "cjkmonthday":
        word, day = re.fullmatch(r"(\D+?)\s*(\d+)\s*\D", text).groups()
        if ref is None:
            return When(None, "unknown", key)
        start = _month_start(ref.year, ref.month + _CJK_MONTH_OFFSET[word])
        date = make_date(start.year, start.month, int(day)) if start else None
        return When(date, "day", f"{_CJK_RELATIVE[word]} {day}") if date else When(None, "unknown", key)
    if kind in ("cjkday", "cjknumday", "ordday"):  # a day of the reference month, or of the month before when it is still to come
        day = _chinese_number(text[:-1]) if kind == "cjknumday" else int(re.search(r"\d+", text).group(0))
        if ref is None:
            return When(None, "unknown", key)
        year, month = (ref.year, ref.month) if day <= ref.day + 2 else \
            ((ref.year, ref.month - 1) if ref.month > 1 else (ref.year - 1, 12))
        date = make_date(year, month, day)
        return When(date, "day", f"day {day}") if date else When(None, "unknown", key)
    return When(None, "unknown", key)


_CHINESE_DIGITS = {c: i for i, c in enumerate("\u96f6\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d")}


def _chinese_number(text: str) -> int:
    """1-39 in Chinese numerals: 九 9, 十 10, 十三 13, 二十 20, 二十三 23."""
    if "\u5341" not in text:
        return _CHINESE_DIGITS[text]
    tens, _, units = text.partition("\u5341")
    return (_CHINESE_DIGITS[tens] if tens else 1) * 10 + (_CHINESE_DIGITS[units] if units else 0)


def _resolve_full(text, ref, year_hint, key) -> When:
    month = month_number(re.search(_MONTH, text).group(0))
    numbers = re.findall(r"\d+", text)
    day = int(numbers[0])
    year = int(numbers[1]) if len(numbers) > 1 else _year_for(month, day, ref, year_hint)
    date = make_date(year, month, day) if year else None
    return When(date, "day", key) if date else When(None, "unknown", key)


def _resolve_month(text, ref, year_hint, key) -> When:
    month = month_number(re.search(_MONTH, text).group(0))
    year_match = re.search(_YEAR, text)
    lowered = text.lower()
    if year_match:
        year = int(year_match.group(0))
    elif "last year" in lowered:
        year = (ref.year if ref else year_hint) - 1 if (ref or year_hint) else None
    elif "this year" in lowered:
        year = ref.year if ref else year_hint
    elif lowered.startswith("last ") and ref is not None:
        year = ref.year if month < ref.month else ref.year - 1
    else:
        year = _year_for(month, 1, ref, year_hint)
    if year is None:
        return When(None, "unknown", key)
    return When(dt.date(year, month, 1), "month", key)


_THAT_DAY = ("later that day", "earlier that day", "later the same day", "earlier the same day", "that same day")


def _resolve_relative(key, ref, year_hint, event) -> When:
    """``event`` is the last day-precise date before the expression, if any."""
    if key in ("this year", "earlier this year", "earlier in the year") and ref is None and year_hint:
        return When(dt.date(year_hint, 1, 1), "year", key)
    if ref is None:
        return When(None, "unknown", key)
    if key in _THAT_DAY:  # "later that day" points back to a day already given, never to the dateline
        return When(event, "day", key) if event else When(None, "unknown", key)
    anchor = event or ref
    one = dt.timedelta(days=1)
    if key.startswith("new year"):  # the New Year around the reference date
        year = ref.year if ref.month <= 6 else ref.year + 1
        return When(dt.date(year, 1, 1) if key.endswith("day") else dt.date(year - 1, 12, 31), "day", key)
    if key in ("today", "this morning", "tonight"):
        return When(ref, "day", key)
    if key == "the same day":
        return When(anchor, "day", key)
    if key in ("yesterday",):
        return When(ref - one, "day", key)
    if key in ("the previous day", "the day before", "a day earlier"):
        return When(anchor - one, "day", key)
    if key in ("the following day", "the next day"):
        return When(anchor + one, "day", key) if anchor < ref else When(None, "unknown", key)
    if key in ("earlier this week", "earlier in the week", "this week"):
        return _span_when(*_week(ref), key)
    if key in ("last week", "the previous week"):
        return _span_when(*_last_week(ref), key)
    if key in ("earlier this month", "earlier in the month", "early this month", "late this month",
               "later this month", "this month"):
        return When(ref.replace(day=1), "month", key)
    if key in ("last month", "the previous month", "early last month", "late last month", "earlier last month"):
        return When(_month_start(ref.year, ref.month - 1), "month", key)
    if key in ("earlier this year", "earlier in the year", "this year"):
        return When(dt.date(ref.year, 1, 1), "year", key)
    if key in ("last year", "the previous year"):
        return When(dt.date(ref.year - 1, 1, 1), "year", key)
    return When(None, "unknown", key)


def _resolve_cjk(m, ref, year_hint, key) -> When:
    month = int(m.group("cm"))
    year = int(m.group("cy")) if m.group("cy") else _year_for(month, int(m.group("cd") or 1), ref, year_hint)
    if year is None:
        return When(None, "unknown", key)
    if m.group("cd"):
        date = make_date(year, month, int(m.group("cd")))
        return When(date, "day", key) if date else When(None, "unknown", key)
    return When(dt.date(year, month, 1), "month", key)


def parse_iso(value) -> dt.date | None:
    """A ``YYYY-MM-DD`` string (or a date) as a date, else None."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        return None
