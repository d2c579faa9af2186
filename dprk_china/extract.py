"""From a news article to proposed exchange rows: one record per Xi–Kim message the article reports.

>>> from dprk_china.extract import extract_messages
>>> text = "BEIJING, May 9 (Xinhua) -- Chinese President Xi Jinping on Saturday sent a verbal message to Kim Jong Un."
>>> [(r["sender"], r["date_sent"], r["medium"]) for r in extract_messages(text, published="2020-05-09")]
[('Xi Jinping', '2020-05-09', 'verbal_message')]

How it reads an article, in order:

1. Clean the text (HTML, bytes, odd characters) and find the dateline that relative dates hang on.
2. Split it into sentences and find in each the people (:mod:`dprk_china._names`), the words for a
   message ("letter", "verbal message", "exchanged messages", "a reply"), dates
   (:mod:`dprk_china._dates`) and occasions ("the 75th anniversary of the founding of the DPRK").
3. For every message word, work out who sent it to whom from the words around it ("from Kim",
   "to Xi", "Kim's letter", "Xi sent him", "In his message ..., Kim said"). A message is kept only
   when both ends are the two leaders; any other person, body or outlet in a slot blocks it.
4. Merge the mentions that can be the same message (same direction, no conflicting date, occasion
   or form), link replies to what they answer, and fill what the text leaves open (an occasion from
   the message it answers, an anniversary's month, the article's dominant occasion).

It is a rule-based reader of wire-service English (Xinhua, KCNA, Yonhap, Korea Herald, SCMP), with
a best-effort reading of Chinese and Korean sentences. It never raises: any input gives a list.
"""
from __future__ import annotations

import bisect
import csv
import datetime as dt
import html
import io
import json
import re
import sys
import warnings
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from ._dates import UNKNOWN, When, date_span, find_date_expressions, find_dateline, parse_iso, resolve
from ._names import BODY, BOTH, KIM, MEDIA, OTHER, PRONOUN, XI, Entity, find_entities, iter_entities, other_leader
from .metadata import SCOPE_START

#: Fields of every record, in output order.
RECORD_FIELDS = ["sender", "recipient", "date_sent", "date_precision", "medium", "purpose", "occasion_type",
                 "occasion", "occasion_id", "anniversary", "is_reply", "replies_to", "mentioned_in_passing", "phrases",
                 "concept_ids", "channel", "evidence", "date_reported", "source"]

_MAX_SENTENCE = 1200      # longer "sentences" (tables, run-on junk) are cut, so every regex stays linear
_RECENT_DAYS = 7          # a message sent this close to the dateline is news, not background

# ---------------------------------------------------------------------------------------------------
# Public API


def extract_messages(text, published=None, source: str = "<text>") -> list[dict]:
    """One record per Xi–Kim message that ``text`` reports (see :data:`RECORD_FIELDS`).

    ``published`` (a date or ``YYYY-MM-DD``) is used when the text has no dateline. Never raises:
    text that is empty, binary, HTML or about something else gives ``[]``.
    """
    return read_article(text, published, source).records


@dataclass
class Article:
    """What the extractor read in one article: its records and what it knows of the report itself."""
    records: list[dict]
    date: dt.date | None          # the dateline (or published) date
    published: dt.date | None     # publication date, as best known
    outlet: str | None            # from the dateline, e.g. "Xinhua"
    headline: str | None
    language: str                 # "en", "zh" or "ko"
    # Messages dated wholly before Xi led the party (Hu Jintao's, or a wrong date): not in ``records``,
    # kept for ingest to show for review
    before_scope: list[dict] = field(default_factory=list)


def read_article(text, published=None, source: str = "<text>") -> Article:
    """Like :func:`extract_messages`, with what the article says about itself (for ingest)."""
    try:
        return _read_article(text, published, source)
    except Exception as exc:  # pragma: no cover - the fuzz and property tests find none; last resort
        # An article must not stop a batch or a notebook: warn (visibly) and give no records.
        warnings.warn(f"the extractor failed on {source} ({exc!r}); no records", RuntimeWarning, stacklevel=2)
        day = parse_iso(published) if isinstance(published, (str, dt.date)) else None
        return Article([], day, day, None, None, "en")


# ---------------------------------------------------------------------------------------------------
# 1. Text and sentences

_HTML_HINT = re.compile(r"<(?:html|body|head|p|div|br|span|a|script|style|meta|article|section|h[1-6]|li|ul|ol"
                        r"|table|tr|td|strong|em|b|i)\b[^<>]{0,500}>", re.I)
_BLOCK_TAG = re.compile(r"<(?:/?(?:p|div|li|h[1-6]|tr|article|section|header|footer|ul|ol|table|blockquote)"
                        r"|br\s*/?)\b[^<>]{0,2000}>", re.I)
_ANY_TAG = re.compile(r"<[^<>]{0,2000}>")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ",
                         "\u2032": "'", "\u00b4": "'", "\r": "\n", "\x00": " "})


def clean_text(text) -> str:
    """``text`` as plain text: bytes decoded, HTML reduced to its text, quotes straightened."""
    if isinstance(text, (bytes, bytearray, memoryview)):
        text = bytes(text).decode("utf-8", errors="replace")
    if not isinstance(text, str):
        return ""
    if "<" in text and _HTML_HINT.search(text[:20000]):
        text = _html_to_text(text)
    if "(" in text and not text.isascii():
        text = _PINYIN_NOTE.sub("", text)
    return text.translate(_QUOTES)


# Pinyin that some sites put after a character: "習(xí)近平" is 習近平
_PINYIN_NOTE = re.compile("(?<=[\u4e00-\u9fff])\\([a-z\u00e0-\u00fc\u0101-\u01dc]{1,7}\\)(?=[\u4e00-\u9fff])")


def _drop_blocks(text: str, tag: str) -> str:
    """Remove <script>/<style> blocks with plain string search (a regex would go quadratic on
    unclosed tags)."""
    lowered, parts, pos = text.lower(), [], 0
    while True:
        start = lowered.find("<" + tag, pos)
        if start < 0:
            break
        end = lowered.find("</" + tag, start)
        if end < 0:
            break
        close = lowered.find(">", end)
        parts.append(text[pos:start])
        pos = len(text) if close < 0 else close + 1
    parts.append(text[pos:])
    return " ".join(parts)


def _html_to_text(text: str) -> str:
    for tag in ("script", "style"):
        text = _drop_blocks(text, tag)
    text = _BLOCK_TAG.sub("\n", text)
    text = _ANY_TAG.sub(" ", text)
    return html.unescape(text)


# Traditional characters of the message, name and occasion words, mapped one to one onto the simplified
# ones the patterns use (Taiwanese and Hong Kong outlets, KCNA's Chinese service).
_TRAD_TO_SIMP = str.maketrans(
    "習賀電復親筆問國慶週鮮勞動黨華義會當選災條約戰願軍發產強歡謝訊將領達轉來裡幹兩體處輸給韓個據報導號後連書總",
    "习贺电复亲笔问国庆周鲜劳动党华义会当选灾条约战愿军发产强欢谢讯将领达转来里干两体处输给韩个据报导号后连书总")


def _simplified(text: str) -> str:
    return text if text.isascii() else text.translate(_TRAD_TO_SIMP)


class Sentence:
    """One sentence of the article; its people are found when first asked for (most sentences of an
    article never are)."""
    __slots__ = ("index", "start", "text", "is_headline", "kim_is_kim_jong_il", "_entities", "_lower", "_subject",
                 "_occasions")

    def __init__(self, index: int, start: int, text: str):
        self.index, self.start, self.text = index, start, text  # start: offset in the cleaned article
        self.is_headline = False
        self.kim_is_kim_jong_il = False  # the article's "Kim", "김 위원장" is his father (see _Reader)
        self._entities: list[Entity] | None = None
        self._lower: str | None = None
        self._subject = _UNSET
        self._occasions: list | None = None

    @property
    def entities(self) -> list[Entity]:
        """People, bodies, outlets and pronouns, with offsets relative to the sentence."""
        if self._entities is None:
            self._entities = find_entities(self.text)
            if self.kim_is_kim_jong_il:
                self._entities = [Entity(OTHER, e.start, e.end, e.text) if e.kind == KIM and _KIM_SHORT.match(e.text)
                                  else e for e in self._entities]
        return self._entities

    @property
    def lower(self) -> str:
        """The sentence lowered (and, in Chinese, in simplified characters)."""
        if self._lower is None:
            self._lower = _simplified(self.text.lower())
        return self._lower

    @property
    def occasions(self) -> list:
        if self._occasions is None:
            self._occasions = find_occasions(self.text)
        return self._occasions


_UNSET = object()
# An opening participle or subordinate clause, up to its comma: "Saying that ..., ", "After ..., "
_OPENING_CLAUSE = re.compile(r"\s*(?:[A-Z][a-z]+ing|After|When|While|As|Although|Though|Since)\b[^,;.]{0,300},\s")
_LOWERED: dict = {}
# An article about Kim Jong Il that never names Kim Jong Un: its "Kim", "김 위원장", "金委员长" is the father
_KIM_JONG_IL = re.compile("Kim\\s+Jong[- ]?[Ii]l\\b|KIM\\s+JONG[- ]?IL\\b|\uae40\uc815\uc77c|\u91d1\u6b63\u65e5")
_KIM_JONG_UN = re.compile("Kim\\s+Jong[- ]?[Uu]n|KIM\\s+JONG[- ]?UN|\uae40\uc815\uc740|\u91d1\u6b63\u6069")
_KIM_SHORT = re.compile("Kim\\b|KIM\\b|\uae40|\u91d1")


def _lowered(pattern: re.Pattern) -> re.Pattern:
    """``pattern`` for lowered text: its case-insensitive groups made plain. On lowered text (same
    offsets) it finds the same places several times faster, as ``re`` is slow at ignoring case."""
    fast = _LOWERED.get(pattern)
    if fast is None:
        fast = _LOWERED[pattern] = re.compile(pattern.pattern.replace("(?i:", "(?:"), pattern.flags & ~re.I)
    return fast


_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "no", "gen", "col", "lt", "sgt", "rev", "jan", "feb", "mar", "apr",
                  "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "inc", "co", "corp", "vs", "etc", "jr",
                  "sr", "prof", "gov", "sen", "rep", "amb", "e.g", "i.e", "u.s", "u.n", "u.k", "p.m", "a.m"}
_BOUNDARY = re.compile(r"[.!?]+[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9\u3131-\u318e\uac00-\ud7a3\u4e00-\u9fff])|[\u3002\uff01\uff1f]")
_LOST_SPACE = re.compile(r"\.(?<=[a-z][a-z]\.)(?=[A-Z][a-z])")  # "... reported Monday.In his message"
_TOKEN_BEFORE = re.compile(r"([\w.]+)[.!?]+[\"')\]]*\s*$")


def split_sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs: paragraphs are split at sentence ends that are not abbreviations,
    and very long runs are cut into pieces so that later passes stay linear."""
    pieces, offset = [], 0
    for paragraph in _paragraphs(text):
        if paragraph.strip():
            pieces.extend(_split_paragraph(paragraph, offset))
        offset += len(paragraph) + 1
    return pieces


_SENTENCE_END_CHARS = ".!?:;\"')]\u3002\u201d"


def _paragraphs(text: str) -> list[str]:
    """The text's lines, with hard-wrapped lines of one sentence put back together: a long line that
    stops mid-sentence and goes on in lowercase, in another long line or in the sentence's end, or a
    line that ends in a comma. A short line after a headline (a time stamp) stays apart. (Joined lines
    keep their newline, a space-like character, so offsets do not move.)"""
    lines = text.split("\n")
    out = [lines[0]]
    for line in lines[1:]:
        if _continues(out[-1], line):
            out[-1] = out[-1] + "\n" + line
        else:
            out.append(line)
    return out


# A short Korean line that ends in a particle stops mid-sentence: 께, 에게, 께서, 는, or 가/이 after a title
# (서기가, 위원장이; a bare 가 or 이 also ends nouns such as 국가, 추가).
_KO_OPEN_ENDS = "\uaed8\uac8c\uc11c\ub294\uac00\uc774"  # the particles' last syllables: 께, 게, 서, 는, 가, 이
_KO_OPEN_LINE = re.compile("(?:^|\n)[^\n]{0,58}(?:[\uac00-\ud7a3](?:\uaed8|\uc5d0\uac8c|\uaed8\uc11c|\ub294)"
                           "|(?:\uc11c\uae30|\uc704\uc6d0\uc7a5|\uc8fc\uc11d|\ub3d9\uc9c0|\ub300\ud1b5\ub839|\ucd1d\ub9ac)[\uac00\uc774])$")


def _continues(previous: str, line: str) -> bool:
    """Whether ``line`` goes on with the sentence ``previous`` (the text so far) broke off."""
    tail, head = previous.rstrip(), line.strip()
    if tail and tail[-1] in _KO_OPEN_ENDS and (not head or "\uac00" <= head[0] <= "\ud7a3") \
            and _KO_OPEN_LINE.search(tail, max(0, len(tail) - 64)):
        return True  # "김정은동지께 / 중국공산당 중앙위원회 총서기가 / 축전을 보내여왔다": a headline set in lines
    if not tail or not head:
        return False
    if tail[-1] in ",;":
        return True
    last_line = tail[tail.rfind("\n") + 1:]
    if len(last_line) < 60 or tail[-1] in _SENTENCE_END_CHARS:
        return False
    return head[0].islower() or head[0] == "(" or len(head) >= 40 or head[-1] in ".!?"





def _split_paragraph(paragraph: str, offset: int) -> list[tuple[int, str]]:
    out, start = [], 0
    boundaries = _BOUNDARY.finditer(paragraph)
    lost = _LOST_SPACE.search(paragraph)
    if lost is not None:  # a full stop with its space lost also ends a sentence
        boundaries = sorted([*boundaries, *_LOST_SPACE.finditer(paragraph, lost.start())], key=lambda b: b.start())
    for m in boundaries:
        if m.group(0)[0] == ".":
            before = _TOKEN_BEFORE.search(paragraph, max(0, m.start() - 12), m.end())
            token = before.group(1).lower() if before else ""
            if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
                continue
        out.extend(_cut(paragraph[start:m.end()], offset + start))
        start = m.end()
    out.extend(_cut(paragraph[start:], offset + start))
    return [(o, s) for o, s in out if s.strip()]


def _cut(sentence: str, offset: int) -> list[tuple[int, str]]:
    if len(sentence) <= _MAX_SENTENCE:
        return [(offset, sentence)]
    return [(offset + i, sentence[i:i + _MAX_SENTENCE]) for i in range(0, len(sentence), _MAX_SENTENCE)]


# ---------------------------------------------------------------------------------------------------
# 2. Message words, verbs and occasions

_TRIGGER = re.compile(
    r"(?P<exchange>\b(?i:exchang(?:e|ed|es|ing)|trade|trades|traded|trading)\s+(?i:of\s+)?(?:[\w'-]+\s+){0,3}?"
    r"(?i:messages|letters|notes|cables|telegrams|greetings|cards|congratulations)\b"
    r"|\b(?i:messages|letters|greetings|cards)\s+(?i:were\s+)?(?i:exchanged)\b)"  # "in New Year messages exchanged on Monday"
    r"|(?P<replied>\b(?i:replied|replies|responded|responds)(?:\s+to\b)?(?!\s+(?i:that|by\s+saying|with\s+a)\b|\s*[:,]))"
    r"|(?P<wrote>\b(?i:wrote|writes|has\s+written|had\s+written|written)\s+(?i:back\s+)?to\b|\b(?i:wrote\s+back)\b)"
    r"|(?P<noun>\b(?i:messages?|letters?|cards?|telegrams?|cables?|notes?|replies|reply|response|congratulations"
    r"|condolences|greetings?)\b)"
    r"|(?P<didso>\b(?i:did|had\s+done|have\s+done|has\s+done)\s+(?i:so|the\s+same)\b)"
    r"|(?P<congratulated>\b(?i:congratulated|congratulates|congratulating)\b)"
    r"|(?P<cjk>\u53e3\u4fe1|\u4eb2\u7b14\u4fe1|\u8d3a\u7535|\u590d\u7535|\u56de\u7535|\u5501\u7535|\u6170\u95ee\u7535"
    r"|\u6170\u95ee\u4fe1|\u7535\u8d3a|\u96fb\u8cc0"
    r"|\u8d3a\u4fe1|\u590d\u4fe1|\u8d3a\u5361|\u81f4\u7535|\u81f4\u4fe1|\u4eb2\u7f72\u4fe1|\u4fe1\u4ef6"
    r"|\u4eb2\u7f72\u51fd|\u4eb2\u7b14\u51fd|\u8d3a\u51fd|\u590d\u51fd|\u81f4\u51fd|\u56de\u4fe1|\u56de\u51fd|\uad6c\ub450\s?\uce5c\uc11c|\uce5c\uc11c"
    r"|\ucd95\uc804|\ub2f5\uc804|\uc704\ubb38\s?\uc804\ubb38|\uc704\ub85c\s?\uc804\ubb38|\uc704\ub85c\uc804(?!\ud654)"
    r"|\ucd95\ud558\s?\uc804\ubb38|\uc870\uc804|\uc5f0\ud558\uc7a5|\uc11c\ud55c"
    r"|\ub2f5\uc7a5|\uad6c\ub450\s?\ud3b8\uc9c0|\uc704\ubb38\s?\ud3b8\uc9c0|\ud3b8\uc9c0|\uc11c\uc2e0|\uba54\uc2dc\uc9c0"
    r"|\ucd95\ud558\ubb38)")
_TRIGGER_LOWER = re.compile(_TRIGGER.pattern.replace("(?i:", "(?:"))  # the same on lowered text, without (?i:)
# Where a message word can start; the full pattern is tried only there (``re`` would otherwise try
# every alternative at every character).
_TRIGGER_START = re.compile(r"\b(?:exchang|trad|repl|respon|wr[io]t|ha[sdv]|messag|letter|card|telegram|cable|note"
                            r"|congratulat|condolences|greeting|did)|[\u4e00-\u9fff\uac00-\ud7a3]")


def _trigger_matches(lowered: str) -> list[re.Match]:
    found, resume = [], 0
    for start in _TRIGGER_START.finditer(lowered):
        if start.start() < resume:
            continue
        m = _TRIGGER_LOWER.match(lowered, start.start())
        if m is not None:
            found.append(m)
            resume = m.end()
    return found

_SEND = r"sent|sends|send|sending|has\s+sent|had\s+sent|dispatched|addressed|wrote|writes|written|forwarded"
_OFFER = r"extended|extends|extending|offered|offers|offering"  # said of greetings, by letter or in person
_ENVOY = r"conveyed|conveys|convey|delivered|delivers|deliver|handed|hands|relayed|relays|passed\s+on|transmitted"
_RECEIVE = r"received|receives|receive|receiving|got|obtained"
_VERB = re.compile(rf"\b(?i:(?P<send>{_SEND})|(?P<envoy>{_ENVOY})|(?P<receive>{_RECEIVE}))\b")
_REPORT_VERB = re.compile(r"\b(?i:reported|reports|reporting|carried|published|aired|broadcast|announced|released"
                          r"|made\s+public|disclosed|revealed|unveiled|quoted|according\s+to|said|says|told)\b")
_CLAUSE_START = re.compile(r"[;:]\s|\bthat\s|\bsaying\s|\bwhile\s|\bafter\s|\bbefore\s|\bwhen\s|\bas\s|\"\s*")
_PREPOSITIONS = {"with", "to", "from", "of", "by", "for", "about", "on", "at", "in", "between", "among", "against",
                 "than", "toward", "towards", "over", "met", "meet", "meeting", "visited", "received", "thanked"}
# Words that report speech or writing (a sentence with one of them may quote a message).
_SPEECH_WORDS = {"said", "says", "added", "noted", "agreed", "agree", "stressed", "expressed", "congratulated",
                 "thanked", "wished", "hoped", "pledged", "vowed", "pointed", "recalled", "emphasized", "emphasised",
                 "praised", "lauded", "hailed", "wrote", "called", "urged", "reaffirmed", "affirmed", "underlined",
                 "highlighted", "voiced", "offered", "appreciated", "assured", "welcomed", "remarks", "expressing",
                 "saying", "adding", "noting", "stressing", "wishing", "hoping", "extended", "conveyed", "believes",
                 "believed", "willing", "ready", "will"}
_LOWER_WORDS = re.compile(r"[a-z]+")

# The patterns below run on lowered text (``re``'s case-insensitive matching is slow).
_MEDIUM_WORDS = [("verbal_message", re.compile(r"\b(?:verbal|oral)(?:ly)?\b")),  # "verbally delivered a message"
                 ("letter", re.compile(r"\b(?:personal|handwritten|autographed|signed)\b"))]
_PURPOSE_WORDS = [
    ("thanks", re.compile(r"\bthank[- ]you\b|\bof\s+(?:thanks|gratitude|appreciation)\b|\bthanks\b"
                          r"|\bthanking\b|\bgratitude\b")),
    ("condolence", re.compile(r"\bcondolen(?:ce|ces|tial)\b|\bcondolatory\b|\bmourning\b")),
    ("sympathy", re.compile(r"\bsympath(?:y|etic|ies)\b|\bsolace\b|\bconsolation\b|\bget[- ]well\b"
                            r"|\bsolicitude\b")),
    ("congratulation", re.compile(r"\bcongratulat\w*|\bfelicitation")),
    ("greeting", re.compile(r"\bgreetings?\b|\bnew[- ]year\b|\bbirthday\b|\bseason's\b")),
    ("briefing", re.compile(r"\bbriefing\b|\bbriefed\b|\binform(?:ed|ing)\b")),
]
_OWN_MODIFIERS = re.compile(r"(?:[\w'-]+\s+){0,2}$")  # the two words right before the noun
_OF_PHRASE = re.compile(r"(?:\s+of\s+(?:[\w'-]+\s+)?[\w'-]+)?")  # "of (deep) sympathy"
_CARD_MODIFIER = re.compile(r"(?:greeting|greetings|new[- ]year(?:'s)?|congratulatory|birthday|season's)\s+$")
_NOUN_DETERMINER = re.compile(r"\b(?:a|an|the|his|her|its|their|this|that|whose|written|[\w]+'s|'s)\s+"
                              r"(?:[\w'-]+\s+){0,2}$")
_SENT_BEFORE = re.compile(rf"\b(?:{_SEND}|{_OFFER})\s+(?:[\w'-]+\s+){{0,4}}$"
                          # "sent North Korean leader Kim Jong-un (his) congratulations": a recipient in between
                          rf"|\b(?:{_SEND}|extended|extends)\s+(?:(?!to\s|for\s|with\s)[\w'-]+\s+){{0,3}}"
                          r"(?:xi(?:\s+jinping)?|kim(?:\s+jong[- ]?un)?)\s+(?:(?:his|her|their|warm|warmest|sincere|heartfelt|cordial"
                          r"|hearty|deep|deepest|best|the|a|an)\s+){0,2}$")
# after the noun: "the congratulations he had sent", "congratulations Xi sent", "congratulations from Kim"
_SENT_AFTER = re.compile(r"\s+(?:(?:that|which)\s+)?(?:[\w'-]+\s+){1,3}?(?:had\s+|has\s+)?(?:sent|extended|conveyed)\b")
# "in response to (the) congratulations from Kim": what a reply answers is a message
_ANSWERED_BEFORE = re.compile(r"\b(?:in\s+(?:reply|response|answer)|replying|responding|replied|responded)\s+to\s+"
                              r"(?:[\w'-]+\s+){0,3}$")
# "Kim received congratulations from Xi": a message (not when they met); "greetings" received are as
# often passed on by an ambassador
_RECEIVED_BEFORE = re.compile(r"\b(?:received|receives|receiving|got)\s+(?:[\w'-]+\s+){0,2}$")
# "in response to his (warm) congratulations"
_OWNED_BEFORE = re.compile(r"\b(?:his|her|their|[\w-]+'s)\s+(?:[\w-]+\s+){0,2}$")
_NOT_A_MESSAGE_AFTER = re.compile(r"\s*(?:of\s+credence|of\s+credentials|of\s+intent|of\s+the\s+law)\b")
_REPLY_NOUN_AFTER = re.compile(r"\s+(?:message|letter)")
_NOTE_DETERMINER = re.compile(r"\b(?:a|the|his|her|this|that|[\w]+'s)\s+(?:(?:brief|short|handwritten|personal|diplomatic"
                              r"|congratulatory|rare)\s+)?$")
_NOT_A_NOTE_AFTER = re.compile(r"\s+(?:of|that|on\s+the\s+(?:agenda|margin))\b|\s*-")
_FOR_YOUR = re.compile(r"\bfor\s+your\s+(?:[\w'-]+\s+){0,3}$")  # "grateful to you for your congratulations": a quoted letter
_REPLY_TO_BEFORE = re.compile(r"\b(?:reply|answer|response)\s+to\s+(?:\w+\s+)?$")
_VIDEO_BEFORE = re.compile(r"\b(?:video|audio|recorded)\s+$")
_REPLY_WORD = re.compile(r"\b(?:reply|answer|response)\b")
_CLAUSE_PUNCTUATION = re.compile(r"[,;]")
_NOT_A_MESSAGE_BEFORE = re.compile(r"(?:\btext\s+|\bstrong\s+|\bclear\s+|\bmixed\s+|\bkey\s+|\bpolitical\s+"
                                   r"|\bwrong\s+|\bcredence\s+)$")


@dataclass(eq=False)  # compared by identity: mentions and messages point at each other
class Trigger:
    kind: str            # "noun", "exchange", "replied", "didso", "cjk"
    start: int
    end: int
    text: str
    medium: str | None = None    # from the words: letter, verbal_message, message, greeting_card or None
    purpose: str | None = None   # only when the words say it
    reply_word: bool = False     # "a reply", "a response", "reply message"
    plural: bool = False


def find_triggers(sentence: str, lowered: str | None = None) -> list[Trigger]:
    """The words in ``sentence`` that name a message, with the form and purpose their modifiers give."""
    found = []
    lowered = sentence.lower() if lowered is None else lowered
    same_offsets = len(lowered) == len(sentence)
    matches = _trigger_matches(lowered) if same_offsets else _TRIGGER.finditer(sentence)
    for m in matches:
        kind, word = m.lastgroup, sentence[m.start():m.end()]
        if kind == "cjk" and same_offsets:
            word = lowered[m.start():m.end()]  # simplified
        before = sentence[max(0, m.start() - 60):m.start()].lower()
        after = sentence[m.end():m.end() + 40].lower()
        if kind == "noun":
            trigger = _noun_trigger(word, before, after, m)
            if trigger and word.lower() in _GREETING_NOUNS \
                    and (_OFFERED_BEFORE.search(before) or _RECEIVED_BEFORE.search(before)) \
                    and _IN_PERSON.search(lowered if same_offsets else sentence.lower()):
                trigger = None  # "offered condolences to Xi during their talks": said in person
        else:
            trigger = Trigger(kind, m.start(), m.end(), word, plural=kind == "exchange")
            if kind == "exchange":
                _describe(trigger, word.lower(), word.lower(), "")
            elif kind == "replied":
                if _RESPONDED_BY.match(lowered if same_offsets else sentence, m.end()):
                    continue  # "Xi responded after the meeting by urging ...": a reaction, not a message
                trigger.reply_word = True
            elif kind == "wrote":
                trigger.medium = "letter"
                trigger.reply_word = " back" in word.lower()
            elif kind == "cjk":
                if word == "\ucd95\uc804" and m.start() and "\uac00" <= sentence[m.start() - 1] <= "\ud7a3":
                    continue  # "예술축전", "친선축전": a festival (祝典), not a telegram (祝電)
                _describe_cjk(trigger, word)
            elif kind == "congratulated":
                trigger = _congratulated_trigger(trigger, sentence, lowered if same_offsets else sentence.lower())
        if trigger:
            found.append(trigger)
    return _merge_adjacent(found, sentence)


# "Xi congratulated Kim on his election": the verb alone names a message (Xinhua's and KCNA's way of
# reporting one) when a person follows it and then "on" an occasion, and nothing in the sentence puts
# the two leaders in one room or on the phone.
_RESPONDED_BY = re.compile(r"\s+(?:[\w'-]+\s+){0,6}?(?i:by)\s+(?:[a-z]+ly\s+)?(?!send|writ|dispatch)[a-z]+ing\b")
_CONGRATULATED_OBJECT = re.compile(r"\s+(?:[\w.'(),-]+\s+){1,12}?(?:on|upon)\s"
                                   # "congratulated Chinese President Xi Jinping's re-election"
                                   r"|\s+(?:[\w.-]+\s+){0,4}[\w.-]+'s\s+(?:[\w-]+\s+){0,2}"
                                   r"(?:re-?election|election|birthday|anniversary|inauguration)\b")
_IN_PERSON = re.compile(r"\b(?:met|meets|meeting|talks|phone|call|banquet|toast|visit\w*|reception|during|when\s+they"
                        r"|in\s+person|face\s+to\s+face)\b"
                        # "received Kim in Beijing" (a guest), not "received Xi's message in May"
                        r"|\breceived\s+(?!(?:a|an|the|his|her)\s)(?:(?!messag|letter|greeting|congratulation|card)"
                        r"[\w.'-]+\s+){1,5}?(?:in|at)\s+(?:beijing|pyongyang|the\s)")


_HIM_ON = re.compile(r"\s+(?:him|her)\s+(?:on|upon)\s")


def _congratulated_trigger(trigger: Trigger, sentence: str, lowered: str) -> Trigger | None:
    if not _CONGRATULATED_OBJECT.match(sentence, trigger.end) or _IN_PERSON.search(lowered):
        return None
    if trigger.text.lower() == "congratulating":
        # "thanked Kim for congratulating him on ...": the message thanked for
        if not (_FOR_BEFORE.search(sentence, max(0, trigger.start - 12), trigger.start)
                and _THANKS_FOR.search(sentence, max(0, trigger.start - _THANKS_WINDOW), trigger.start)):
            return None
    elif not sentence[trigger.end:].lstrip()[:1].isupper() and not _HIM_ON.match(sentence, trigger.end):
        return None  # "congratulated the party", "congratulated them"; "congratulated him on" is a person
    trigger.medium, trigger.purpose = "message", "congratulation"
    return trigger


def _noun_trigger(text: str, before: str, after: str, m: re.Match) -> Trigger | None:
    word = text.lower()
    if _NOT_A_MESSAGE_AFTER.match(after) or _NOT_A_MESSAGE_BEFORE.search(before):
        return None
    if word.startswith("card") and not _CARD_MODIFIER.search(before):
        return None
    if word.startswith("note") and (not _NOTE_DETERMINER.search(before) or _NOT_A_NOTE_AFTER.match(after)):
        return None  # "the note was sent in response to ..."; not "take note", "a note of caution", "noted"
    if word in ("reply", "replies", "response") and (not _NOUN_DETERMINER.search(before) or before.endswith(" in ")
                                                     and after.startswith(" to ")) \
            and not _REPLY_NOUN_AFTER.match(after):
        return None  # "(a message) in reply to" relates two messages; it is not one
    if word in ("congratulations", "condolences", "greetings", "greeting") and not _SENT_BEFORE.search(before) \
            and not _SENT_AFTER.match(after) and not (_THANKS_FOR_LOWER.search(before) and not _FOR_YOUR.search(before)) \
            and not ((_ANSWERED_BEFORE.search(before)
                      or word in ("congratulations", "condolences") and _RECEIVED_BEFORE.search(before))
                     and (after.lstrip().startswith("from ") or _OWNED_BEFORE.search(before))):
        # only "sent (his) congratulations", "the congratulations he sent", "thanked Kim for his
        # congratulations" is a message; "expressed congratulations" is talk
        return None
    trigger = Trigger("noun", m.start(), m.end(), text,
                      plural=word.endswith("s") and word not in ("congratulations", "condolences", "greetings"))
    _describe(trigger, word, before[-40:], after[:30])
    return trigger


def _describe(trigger: Trigger, word: str, before: str, after: str) -> None:
    """Form and purpose from the noun and the words right around it (all three lowered)."""
    context = before + " " + word + " " + _CLAUSE_PUNCTUATION.split(after, maxsplit=1)[0]
    near = before[-30:] + " " + word + " " + after[:25]
    if "letter" in word:
        trigger.medium = "letter"
    elif "card" in word:
        trigger.medium = "greeting_card"
    elif word.startswith(("repl", "respon")):
        trigger.reply_word = True
    elif "note" in word:
        trigger.medium = None
    else:
        trigger.medium = "message"
    for medium, pattern in _MEDIUM_WORDS:
        if pattern.search(before[-25:] + " " + word) and (medium != "letter" or "letter" in word):
            trigger.medium = medium
    if _VIDEO_BEFORE.search(before):
        trigger.medium = "other"  # a video message is a message in another form
    if _REPLY_WORD.search(before[-12:]) and not _REPLY_TO_BEFORE.search(before[-14:]):
        trigger.reply_word = True  # "a reply message"; not "in reply to (the) message"
    # the noun's own modifiers first ("a message of sympathy", "a condolence message"), then the words
    # around it ("thanked Kim for sending a message of sympathy" is about sympathy, not thanks)
    own = _OWN_MODIFIERS.search(before[-24:]).group(0) + word + _OF_PHRASE.match(after).group(0)
    trigger.purpose = next((purpose for purpose, pattern in _PURPOSE_WORDS if pattern.search(own)), None) \
        or next((purpose for purpose, pattern in _PURPOSE_WORDS
                 if pattern.search(near if purpose != "congratulation" else context)), None)
    if word == "congratulations":
        trigger.purpose = "congratulation"
    elif word == "condolences":
        trigger.purpose = "condolence"
    elif word.startswith("greeting") and trigger.purpose is None:
        trigger.purpose = "greeting"


def _describe_cjk(trigger: Trigger, word: str) -> None:
    if word.replace(" ", "") in ("\u53e3\u4fe1", "\uad6c\ub450\uce5c\uc11c", "\uad6c\ub450\ud3b8\uc9c0"):
        trigger.medium = "verbal_message"
    elif word.replace(" ", "") in ("\u4eb2\u7b14\u4fe1", "\u4eb2\u7f72\u4fe1", "\u4fe1\u4ef6", "\u81f4\u4fe1",
                                   "\u4eb2\u7f72\u51fd", "\u4eb2\u7b14\u51fd", "\u8d3a\u51fd", "\u590d\u51fd", "\u81f4\u51fd",
                                   "\u590d\u4fe1", "\u8d3a\u4fe1", "\u6170\u95ee\u4fe1", "\u56de\u4fe1", "\u56de\u51fd",
                                   "\uce5c\uc11c", "\uc11c\ud55c", "\ud3b8\uc9c0", "\uc11c\uc2e0", "\uc704\ubb38\ud3b8\uc9c0"):
        trigger.medium = "letter"
    elif word in ("\u8d3a\u5361", "\uc5f0\ud558\uc7a5"):
        trigger.medium = "greeting_card"
    else:
        trigger.medium = "message"
    if word[0] in "\u590d\ub2f5\u56de":
        trigger.reply_word, trigger.purpose = True, "thanks"
    elif trigger.medium == "greeting_card":
        trigger.purpose = "greeting"  # 贺卡, 연하장: a greeting, though 贺 also heads 贺电 (congratulations)
    elif word[0] in "\u8d3a\ucd95" or word == "\u7535\u8d3a":  # 贺, 축; 电贺 (congratulated by telegram)
        trigger.purpose = "congratulation"
    elif word in ("\u5501\u7535", "\uc870\uc804"):
        trigger.purpose = "condolence"
    elif word.replace(" ", "") in ("\u6170\u95ee\u7535", "\u6170\u95ee\u4fe1", "\uc704\ubb38\uc804\ubb38", "\uc704\ubb38\ud3b8\uc9c0",
                                   "\uc704\ub85c\uc804\ubb38", "\uc704\ub85c\uc804"):
        trigger.purpose = "sympathy"


_GREETING_NOUNS = {"greetings", "greeting", "congratulations", "condolences"}
_OFFERED_BEFORE = re.compile(rf"\b(?:{_OFFER})\s+(?:[\w'-]+\s+){{0,4}}$")
_AND_BETWEEN = re.compile(r"\s+and\s+(?:a\s+|an\s+)?(?:[a-z-]+\s+){0,2}")


def _merge_adjacent(triggers: list[Trigger], sentence: str) -> list[Trigger]:
    """"reply message", "reply letter", "greetings and a verbal message": one message, not two."""
    out: list[Trigger] = []
    for t in triggers:
        if out and out[-1].kind == "noun" and t.kind == "noun" and (
                not sentence[out[-1].end:t.start].strip()
                # "the greetings and verbal message Kim sent"
                or out[-1].text.lower() in _GREETING_NOUNS and _AND_BETWEEN.fullmatch(sentence, out[-1].end, t.start)):
            previous = out.pop()
            t.reply_word = t.reply_word or previous.reply_word
            t.purpose = t.purpose or previous.purpose
            t.start = previous.start
        out.append(t)
    return out


# Occasions -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Occasion:
    type: str
    occasion_id: str | None = None
    anniversary: int | None = None
    side: str | None = None      # whose occasion it is (XI or KIM), when one side's
    text: str = ""
    start: int = 0
    end: int = 0

    @property
    def year(self) -> int | None:
        base = _ANNIVERSARY_SUBJECTS_BY_ID.get(self.occasion_id, (None, None, None, None))[1]
        return base + self.anniversary if base and self.anniversary else None

    @property
    def month(self) -> int | None:
        return _ANNIVERSARY_SUBJECTS_BY_ID.get(self.occasion_id, (None, None, None, None))[2]


# (occasion_id, type, base year, month of the day, side, pattern of the subject)
_ANNIVERSARY_SUBJECTS = [
    ("treaty", "anniversary_treaty", 1961, 7, None,
     r"treaty|friendship,\s+cooperation\s+and\s+mutual\s+assistance"),
    ("diplomatic_relations", "anniversary_relations", 1949, 10, None,
     r"diplomatic\s+(?:relations|ties)|establishment\s+of\s+(?:the\s+)?(?:[\w-]+\s+)?(?:relations|ties)"),
    ("cpv_entry", "anniversary_war", 1950, 10, None,
     r"people's\s+volunteers|\bcpv\b|resist\s+(?:us|u\.s\.|american)\s+aggression|aid\s+korea|entry\s+into\s+the"
     r"\s+korean\s+war|korean\s+front"),
    ("victory_day", "anniversary_war", 1953, 7, None,
     r"armistice|victory\s+(?:day|in\s+the)|fatherland\s+liberation\s+war|end\s+of\s+the\s+(?:[\d-]+\s+)?korean\s+war"),
    ("cpc_founding", "anniversary_party", 1921, 7, XI,
     r"communist\s+party\s+of\s+china|\bcpc\b|\bccp\b|chinese\s+communist\s+party|chinese\s+(?:ruling\s+)?party"
     r"|party\s+of\s+china"),
    ("wpk_founding", "anniversary_party", 1945, 10, KIM,
     # "the ruling Workers' Party" is Korea's; the "Workers' Party of Brazil" is not
     r"workers'\s+party\b(?!\s+of\s+(?!korea))|\bwpk\b|north\s+korean\s+(?:ruling\s+)?party"
     r"|\bthe\s+north's\s+(?:ruling\s+)?(?:workers'\s+)?party"
     r"|ruling\s+party\s+of\s+(?:north\s+korea|the\s+dprk)"),
    ("prc_founding", "anniversary_state", 1949, 10, XI,
     # "China's National Day": the window before the keyword ends with "china's"
     r"people's\s+republic\s+of\s+china|\bprc\b|new\s+china|founding\s+of\s+china|china's\s+national\s+day"
     r"|\bchina's\s+(?:\d{1,3}(?:st|nd|rd|th)\s+)?$"
     r"|chinese\s+(?:state|republic)"),
    ("dprk_founding", "anniversary_state", 1948, 9, KIM,
     r"democratic\s+people's\s+republic\s+of\s+korea|\bdprk\b|north\s+korea\b|north\s+korean\s+(?:government|state)"
     r"|\bthe\s+north's\b"
     r"|the\s+republic\b|foundation\s+of\s+the\s+(?:dprk|republic)"),
]
_ANNIVERSARY_SUBJECTS_BY_ID = {oid: (kind, base, month, side) for oid, kind, base, month, side, _ in
                               _ANNIVERSARY_SUBJECTS}
_SUBJECT_RE = [(oid, kind, side, re.compile(p)) for oid, kind, _b, _m, side, p in _ANNIVERSARY_SUBJECTS]  # lowered text

_ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                  "eighth": 8, "ninth": 9, "tenth": 10, "twentieth": 20, "thirtieth": 30, "fortieth": 40,
                  "fiftieth": 50, "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90,
                  "hundredth": 100, "centennial": 100, "centenary": 100}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_ORDINAL = (r"(?:\d{1,3}(?:st|nd|rd|th)|(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-)?"
            r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|tenth|twentieth|thirtieth|fortieth"
            r"|fiftieth|sixtieth|seventieth|eightieth|ninetieth|hundredth|centennial|centenary)")
_CARDINAL = (r"\d{1,3}|ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|(?:one|a)\s+hundred"
             r"|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(?:one|two|three|four|five|six|seven|eight|nine)")
_ANNIVERSARY_PATTERN = (rf"(?P<ord>{_ORDINAL})[\s-]+(?:founding\s+|birth\s+)?(?:anniversary|(?P<bday>birthday))"
                        rf"|\banniversary|\b(?P<cent>centenary|centennial)\b|\bnational\s+day\b"
                        rf"|\b(?P<years>{_CARDINAL})\s+years\s+(?:since|of|after)\b")  # "marking 60 years since ..."
_ANNIVERSARY = re.compile(_ANNIVERSARY_PATTERN, re.I)
_ANNIVERSARY_LOWER = re.compile(_ANNIVERSARY_PATTERN)

_CUES = [  # (type, pattern), most specific first
    ("party_congress", r"\b(?:\w+\s+)?(?:national\s+)?congress\s+of\s+the\s+(?:cpc|wpk|communist\s+party|workers'\s+party"
                       r"|party|chinese\s+communist\s+party)|\b(?:cpc|wpk|party)(?:'s)?\s+(?:\w+\s+)?(?:national\s+)?"
                       r"congress|\bparty\s+congress|\b(?:re-?)?elect(?:ed|ion)\s+(?:as\s+)?(?:the\s+)?general\s+secretary"
                       r"|\b(?:re-?)?elect(?:ed|ion)\s+(?:as\s+)?(?:the\s+)?(?:party\s+(?:chief|leader|head)|(?:leader|head|chief"
                       r"|chairman|first\s+secretary)"
                       r"\s+of\s+(?:the\s+)?(?:ruling\s+)?(?:communist\s+party|workers'\s+party|party|cpc|wpk))"
                       # "re-election as Workers' Party leader"
                       r"|\b(?:re-?)?elect(?:ed|ion)\s+as\s+(?:the\s+)?(?:ruling\s+)?(?:workers'\s+party|communist\s+party|wpk|cpc)"
                       r"(?:'s)?\s+(?:leader|head|chief)\b"
                       r"|\b(?:second|third|fourth|new)\s+(?:five-year\s+)?term\s+as\s+(?:the\s+)?(?:head|leader|chief"
                       r"|general\s+secretary)\s+of\s+(?:the\s+)?(?:[\w']+\s+){0,2}?(?:ruling\s+)?(?:communist\s+)?party"
                       r"|\bfirst\s+plenary\s+(?:session|meeting)"),
    ("election", r"\bre-?elect(?:ed|ion)\b|\belect(?:ed|ion)\s+(?:as\s+)?(?:the\s+)?(?:chinese\s+|state\s+)?"
                 r"(?:president|chairman)|\bpresidential\s+term|\bthird\s+term"
                 # the congress and the assembly, not inside a title ("chairman of the Standing Committee of
                 # the National People's Congress", "president of the Presidium of the SPA")
                 r"|(?<!committee of the )(?<!committee of the chinese )\bnational\s+people's\s+congress"
                 r"|(?<!presidium of the )(?<!presidium of the dprk )\bsupreme\s+people's\s+assembly|\bnpc\s+session"
                 r"|\bassum(?:ed|ing|ption\s+of)\s+(?:the\s+)?(?:office|presidency)|\binauguration"
                 r"|\bappoint(?:ed|ment)\s+(?:to|as)\s+(?:the\s+)?(?:new\s+)?(?:presidency|president)\b"
                 r"|(?:(?<=\bon\shis\s)|(?<=\bupon\shis\s)|(?<=\bon\sher\s))election\b"),  # "congratulations on his election"
    ("condolence", r"\bdeath\s+of|\bdied\b|\bpassed\s+away|\bpassing\s+of|\bdemise|\bfuneral|\bmourn"),
    ("disaster", r"\bflood\w*|\btyphoon|\bearthquake|\bquake|\blandslide|\bmudslide|\bdownpour|\btorrential"
                 r"|\bheavy\s+rain|\bdisaster|\baccident|\bcrash\w*|\bcollapse|\bexplosion|\bblast\b|\bwildfire"
                 r"|\bstorm\b|\bcapsiz\w*|\bderail\w*|\bfire\b"),
    ("covid", r"\bcovid|\bcoronavirus|\bpandemic|\bepidemic|\banti-epidemic|\bvirus\b|\bpneumonia"),
    ("new_year", r"\bnew[- ]year|\blunar\s+new|\bspring\s+festival"),
    # "on North Korea's birthday": the founding day of a state, not a person's birthday
    ("anniversary_state", r"\b(?:north\s+korea|korea|the\s+dprk|dprk|china|the\s+prc|prc|the\s+country|the\s+nation"
                          r"|the\s+republic)'s\s+birthday\b"),
    ("birthday", r"\bbirthday"),
    ("summit", r"\bsummit|\bstate\s+visit|\bofficial\s+visit|\b(?:his|xi's|kim's|recent)\s+(?:visit|trip)\s+to"
               r"|\bvisit(?:ed)?\s+(?:to\s+)?(?:china|pyongyang|beijing|the\s+dprk|north\s+korea)\b"
               r"|\bwarm\s+(?:reception|hospitality)|\btheir\s+talks"),
]
_CUE_RE = re.compile("|".join(f"(?P<{t}>{p})" for t, p in _CUES), re.I)
# The same cues one type at a time, on the lowered sentence, each tried only when a word it needs is
# there: most sentences name no occasion at all.
_CUE_KEYS = {
    "party_congress": ("congress", "general secretary", "plenary", "elect", "term as"),
    "election": ("elect", "term", "congress", "assembly", "npc", "assum", "inaugur", "appoint"),
    "condolence": ("death", "died", "passed away", "passing", "demise", "funeral", "mourn"),
    "disaster": ("flood", "typhoon", "quake", "slide", "downpour", "torrential", "rain", "disaster", "accident",
                 "crash", "collapse", "explosion", "blast", "fire", "storm", "capsiz", "derail"),
    "covid": ("covid", "corona", "pandemic", "epidemic", "virus", "pneumonia"),
    "new_year": ("new year", "new-year", "lunar", "spring festival"),
    "anniversary_state": ("birthday",),
    "birthday": ("birthday",),
    "summit": ("summit", "visit", "hospitality", "reception", "talks"),
}
_CUE_BY_TYPE = [(t, _CUE_KEYS[t], re.compile(f"(?P<{t}>{p})")) for t, p in _CUES]
# Every occasion pattern needs one of these (in the lowered sentence): a cheap test first.
_OCCASION_HINT = re.compile(
    r"\b(?:anniversar|centen|national day|congress|elect|re-elect|plenary|term|assembly|inaugur|assum|death|died"
    r"|passed away|passing|demise|funeral|mourn|flood|typhoon|quake|earthquake|slide|landslide|mudslide|downpour"
    r"|torrential|rain|heavy rain|disaster|accident|crash|collapse|explosion|blast|fire|wildfire|storm|capsiz"
    r"|derail|covid|corona|pandemic|epidemic|anti-epidemic|virus|pneumonia|new year|new-year|lunar|spring festival"
    r"|birthday|summit|visit|state visit|hospitality|reception|talks|npc|years|appoint)")
_PRIORITY = {t: i for i, t in enumerate(["anniversary_treaty", "anniversary_relations", "anniversary_war",
                                         "anniversary_party", "anniversary_state", "party_congress", "election",
                                         "condolence", "disaster", "covid", "new_year", "birthday", "summit"])}
_CJK_CUES = [("covid", "\u65b0\u51a0|\u75ab\u60c5|\ucf54\ub85c\ub098|\ube44\ub8e8\uc2a4"),
             ("new_year", "\u65b0\u5e74|\u65b0\u6625|\uc2e0\ub144|\uc0c8\ud574|\uc5f0\ud558\uc7a5"),  # 연하장: a New Year card
             ("birthday", "\u751f\u65e5|\uc0dd\uc77c|\ud0c4\uc0dd"),
             ("disaster", "\u6d2a\u6c34|\u6d2a\u707e|\u6c34\u707e|\u5730\u9707|\u4e8b\u6545|\ud070\ubb3c|\ud64d\uc218"
                          r"|\uc9c0\uc9c4|\uc0ac\uace0"),
             ("condolence", "\u901d\u4e16|\u53bb\u4e16|\uc11c\uac70"),
             ("party_congress", "\u4ee3\u8868\u5927\u4f1a|\ub2f9\ub300\ud68c|\ucc28\\s?(?:\ub2f9\\s?)?\ub300\ud68c"
                                "|(?<!\uad6d\ubb34)(?:\ucd1d\uc11c\uae30|\ucd1d\ube44\uc11c|\uc704\uc6d0\uc7a5)\\w{0,2}\\s?(?:\ub2e4\uc2dc\\s?)?(?:\uc5f0\uc784|\uc7ac\uc120|\uc624\ub978|\uc624\ub97c|\uc62c\ub790|\uc624\ub974|\ucde8\uc784|\uc120\uac70|\uc120\ucd9c|\ucd94\ub300)"
                                "|\u515a(?:\u7684)?[\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d\u5341]{1,3}\u5927"
                                # 「十九大」, 中共二十大 (the CPC's 16th-21st congresses by their short names); 一中全会
                                "|(?:(?<=[\u300c\u201c\"\u300e\u300a(\uff08\\s])|(?<=\u4e2d\u5171))(?:\u5341[\u516d\u4e03\u516b\u4e5d]|\u4e8c\u5341\u4e00?)\u5927"
                                "|\u4e00\u4e2d\u5168\u4f1a"
                                # 总书记 after 当选/连任; 총서기 ... 중책 ("the heavy duty of general secretary")
                                "|(?:\u5f53\u9009|\u8fde\u4efb)[^\uff0c\u3002]{0,12}\u603b\u4e66\u8bb0"
                                "|(?:\ucd1d\uc11c\uae30|\ucd1d\ube44\uc11c)[^.\u3002]{0,30}?\uc911\ucc45"),
             ("election", "\u5f53\u9009|\u8fde\u4efb|\uc120\uac70|\ucd94\ub300|\uc7ac\uc120\ucd9c"  # 当选, 连任, 선거, 추대, 재선출
                          # 국가주석에 오른/선출/재선 ...: the state presidency
                          "|\uad6d\uac00\\s?\uc8fc\uc11d\\w{0,2}\\s?(?:\ub2e4\uc2dc\\s?)?(?:\uc120\ucd9c|\ub2f9\uc120|\uc624\ub978|\uc62c\ub790|\uc624\ub974"
                          "|\ucde8\uc784|\uc7ac\uc120|\uc5f0\uc784)")]
# Founding days named without an ordinal: "9·9절", "정권수립일", "(중국) 국경절", "国庆节"
_CJK_DAYS = [("dprk_founding", "9\u00b79\\s?\uc808|9\\.9\\s?\uc808|\uc815\uad8c\\s?\uc218\ub9bd|\u4e5d\u4e5d\u8282|9\u00b79\\s?\u8282"
                              "|\u671d\u9c9c\u56fd\u5e86|\u5317\u97e9\u56fd\u5e86|\ubd81\ud55c\\s?\uac74\uad6d"),
             ("prc_founding", "\uad6d\uacbd\uc808|\u56fd\u5e86\u8282|\uc911\uad6d\\s?\uac74\uad6d")]
_CJK_DAY_RE = re.compile("|".join(f"(?P<{oid}>{p})" for oid, p in _CJK_DAYS))
_CJK_CUE_RE = re.compile("|".join(f"(?P<{t}>{p})" for t, p in _CJK_CUES))


def _cardinal_value(text: str | None) -> int | None:
    """60 from "60" or "sixty" (in "60 years since ...")."""
    if not text:
        return None
    text = " ".join(text.lower().split())
    if text.isdigit():
        return int(text)
    if text.endswith("hundred"):
        return 100
    tens, _, unit = text.partition("-")
    units = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
    value = {"ten": 10, **_TENS}.get(tens)
    return value + units.get(unit, 0) if value else None


def _ordinal_value(text: str | None) -> int | None:
    if not text:
        return None
    text = text.lower()
    digits = re.match(r"\d+", text)
    if digits:
        return int(digits.group(0))
    if "-" in text:
        tens, unit = text.split("-", 1)
        return _TENS.get(tens, 0) + _ORDINAL_WORDS.get(unit, 0) or None
    return _ORDINAL_WORDS.get(text)


def find_occasions(sentence: str) -> list[Occasion]:
    """Occasions named in ``sentence``: anniversaries (with ordinal and subject) and other cues."""
    found = []
    taken: list[tuple[int, int]] = []
    lowered = sentence.lower()
    if not _OCCASION_HINT.search(lowered) and sentence.isascii():
        return found
    # Case-insensitive matching is slow in ``re``; the lowered text (same offsets) does without it.
    same_offsets = len(lowered) == len(sentence)
    searched = lowered if same_offsets else sentence
    anniversaries = _ANNIVERSARY_LOWER if same_offsets else _ANNIVERSARY
    if "anniversar" in lowered or "centen" in lowered or "national day" in lowered or "years " in lowered \
            or "birthday" in lowered:
        # the pattern starts with an ordinal that could be anywhere: look for it only before the keyword
        for keyword in _ANNIVERSARY_KEYWORD.finditer(searched):
            m = _anniversary_match(anniversaries, searched, keyword)
            occasion = _anniversary(sentence, m) if m else None
            if occasion:
                found.append(occasion)
                taken.append((m.start(), occasion.end))
    for m in _cue_matches(searched, lowered, same_offsets):
        if any(a <= m.start() < b for a, b in taken):
            continue
        found.append(Occasion(m.lastgroup, text=sentence[m.start():m.end()], start=m.start(), end=m.end(),
                              side=_cue_side(sentence, m)))
    if not sentence.isascii():
        simplified = sentence.translate(_TRAD_TO_SIMP)
        found.extend(_cjk_anniversaries(simplified))
        for m in _CJK_CUE_RE.finditer(simplified):
            found.append(Occasion(m.lastgroup, text=m.group(0), start=m.start(), end=m.end()))
        for m in _CJK_DAY_RE.finditer(simplified):
            if not any(o.start <= m.start() < o.end or m.start() <= o.start < m.end()
                       # "중국 건국 75주년": the day names the subject of an anniversary already found
                       or o.occasion_id == m.lastgroup and o.anniversary and 0 <= o.start - m.end() <= 30
                       for o in found):
                kind, _base, _month, side = _ANNIVERSARY_SUBJECTS_BY_ID[m.lastgroup]
                found.append(Occasion(kind, m.lastgroup, None, side, m.group(0), m.start(), m.end()))
    found.sort(key=lambda o: o.start)
    return found


_CJK_ANNIVERSARY = re.compile("(\\d{1,3})\\s*(?:\ub3d0|\uc8fc\ub144|\u5468\u5e74)")
_CJK_SUBJECTS = [  # most specific first: "중화인민공화국" contains "공화국"
    # 중국(　)공산당, 공산당 창건/창당, 中国共产党, 建党
    ("cpc_founding", "\uc911\uad6d\\s?\uacf5\uc0b0\ub2f9|\uacf5\uc0b0\ub2f9\\s?\ucc3d[\uac74\ub2f9]|\u4e2d\u56fd\u5171\u4ea7\u515a|\u5efa\u515a"),
    ("wpk_founding", "\uc870\uc120\ub85c\ub3d9\ub2f9|[\ub178\ub85c]\ub3d9\ub2f9|\u52b3\u52a8\u515a"),  # 조선로동당, 노동당, 로동당, 劳动党
    ("treaty", "\uc870\uc57d|\u6761\u7ea6"),
    ("diplomatic_relations", "\uc678\uad50\uad00\uacc4|\uc218\uad50|\u5efa\u4ea4"),
    ("victory_day", "\uc804\uc2b9|\uc815\uc804|\u505c\u6218"),
    ("cpv_entry", "\uc9c0\uc6d0\uad70|\u5fd7\u613f\u519b"),
    # "朝鲜国庆", "北韩国庆", "북한 건국", "정권 수립" before "国庆" and "중국"
    ("dprk_founding", "\u671d\u9c9c\u56fd\u5e86|\u5317\u97e9\u56fd\u5e86|(?:\u671d\u9c9c|\u5317\u97e9)\u5efa[\u56fd\u653f]"
                      "|\ubd81\ud55c\\s?(?:\uc815\uad8c\\s?)?(?:\uac74\uad6d|\uc218\ub9bd)|\uc815\uad8c\\s?\uc218\ub9bd"),
    ("prc_founding", "\uc911\ud654\uc778\ubbfc\uacf5\ud654\uad6d|\u4e2d\u534e\u4eba\u6c11\u5171\u548c\u56fd"
                     "|\u65b0\u4e2d\u56fd|\u56fd\u5e86|\uc911\uad6d\\s?(?:\uac74\uad6d|\uad6d\uacbd\uc808)|\u4e2d\u56fd\u5efa\u56fd"),  # 중국 건국, 中国建国
    ("dprk_founding", "\uacf5\ud654\uad6d|\u671d\u9c9c"),
]


def _cue_matches(searched: str, lowered: str, same_offsets: bool) -> list[re.Match]:
    """Non-overlapping cue matches, leftmost first and, at one place, the more specific type."""
    if not same_offsets:
        return list(_CUE_RE.finditer(searched))
    hits = []
    for order, (kind, keys, pattern) in enumerate(_CUE_BY_TYPE):
        if any(k in lowered for k in keys):
            hits.extend((m.start(), order, m) for m in pattern.finditer(searched))
    hits.sort(key=lambda h: (h[0], h[1]))
    kept, end = [], -1
    for start, _order, m in hits:
        if start >= end:
            kept.append(m)
            end = m.end()
    return kept


def _cjk_anniversaries(sentence: str) -> list[Occasion]:
    """"중화인민공화국 창건 75돐", "朝鲜民主主义人民共和国成立75周年": subject before the ordinal."""
    found = []
    for m in _CJK_ANNIVERSARY.finditer(sentence):
        window = sentence[max(0, m.start() - 30):m.start()]
        best, best_end = None, -1
        for oid, pattern in _CJK_SUBJECTS:  # the subject closest to the ordinal; ties go to the more specific
            ends = [hit.end() for hit in re.finditer(pattern, window)]
            if ends and ends[-1] > best_end:
                best, best_end = oid, ends[-1]
        if best:
            kind, _base, _month, side = _ANNIVERSARY_SUBJECTS_BY_ID[best]
            found.append(Occasion(kind, best, int(m.group(1)), side, m.group(0), m.start(), m.end()))
    return found


_AFTER_ANNIVERSARY_END = re.compile(r"\banniversary\b|[.;]")
_ANNIVERSARY_KEYWORD = re.compile(r"(?i:anniversary|centenary|centennial|national\s+day|years\s+(?:since|of|after)"
                                  r"|birthday)")
# "the 73rd birthday of the DPRK", "new China's 70th birthday": a state's or party's birthday is its
# founding anniversary; the subject must stand right there (a leader's birthday is not one)
_BIRTHDAY_OF = re.compile(r"\s+of\s+(?:the\s+)?")
_BIRTHDAY_POSSESSIVE = re.compile(r"(?:'s)?\s*")


def _anniversary_match(pattern: re.Pattern, text: str, keyword: re.Match) -> re.Match | None:
    """The anniversary pattern's match ending at ``keyword``: tried from the few word starts just
    before it (where an ordinal may stand), then at the keyword itself."""
    for start in _WORD_STARTS.finditer(text, max(0, keyword.start() - 40), keyword.start()):
        m = pattern.match(text, start.start())
        if m is not None and m.end() >= keyword.end():
            return m
    return pattern.match(text, keyword.start())


_WORD_STARTS = re.compile(r"\b\w")


def _anniversary(sentence: str, m: re.Match) -> Occasion | None:
    ordinal = _ordinal_value(m.group("ord") or m.group("cent")) or _cardinal_value(m.group("years"))
    if ordinal is None:
        before = re.search(rf"(?i:({_ORDINAL})\s+)$", sentence[max(0, m.start() - 30):m.start()])
        ordinal = _ordinal_value(before.group(1)) if before else None
    national_day = m.group(0).lower().startswith("national")
    birthday = m.group("bday") is not None
    after = _AFTER_ANNIVERSARY_END.split(sentence[m.end():m.end() + 110].lower(), maxsplit=1)[0]
    windows = [(after, m.end())] + [(sentence[max(0, m.start() - 45):m.start()].lower(), max(0, m.start() - 45))]
    for window, offset in windows:
        for oid, kind, side, pattern in _SUBJECT_RE:
            hit = pattern.search(window)
            if hit and birthday and not (_BIRTHDAY_OF.fullmatch(window, 0, hit.start()) if offset >= m.end()
                                         else _BIRTHDAY_POSSESSIVE.fullmatch(window, hit.end())):
                continue
            if hit and not (national_day and kind != "anniversary_state"):
                end = offset + hit.end() if offset >= m.end() else m.end()
                return Occasion(kind, oid, ordinal, side, sentence[m.start():end], m.start(), end)
    if national_day or birthday:
        return None  # a birthday with no state or party named is a person's: the birthday cue
    return Occasion("other", None, ordinal, None, m.group(0), m.start(), m.end()) if ordinal else None


def _cue_side(sentence: str, m: re.Match) -> str | None:
    """Whose election or congress a cue is about, from the names just before or after it."""
    if m.lastgroup not in ("election", "party_congress"):
        return None
    window = sentence[max(0, m.start() - 60):m.end() + 60]
    xi = re.search(r"\bXi\b|(?i:chinese\s+president|\bcpc\b|\bnpc\b|national\s+people's|communist\s+party\s+of\s+china)",
                   window)
    kim = re.search(r"\bKim\b|(?i:\bwpk\b|workers'\s+party|supreme\s+people's|state\s+affairs)", window)
    if xi and not kim:
        return XI
    if kim and not xi:
        return KIM
    return None


# ---------------------------------------------------------------------------------------------------
# 3. Mentions: one message word read in its sentence


@dataclass(eq=False)  # compared by identity: mentions and messages point at each other
class Mention:
    sender: str | None
    recipient: str | None
    sentence: int
    trigger: Trigger
    when: When = UNKNOWN
    occasion: Occasion | None = None
    is_reply: bool = False
    answers: list["Mention"] = field(default_factory=list)
    exchange: int | None = None       # mentions from one "exchanged messages" share a number
    lead: bool = False
    answered: bool = False            # this mention is the thing a reply answers
    channel: str | None = None
    message: "Message | None" = None  # set when merged
    separate: bool = False            # "Kim also sent a message", "another letter": not one mentioned before


@dataclass(eq=False)  # compared by identity: mentions and messages point at each other
class Message:
    sender: str
    recipient: str
    mentions: list[Mention] = field(default_factory=list)
    when: When = UNKNOWN
    occasion: Occasion | None = None
    medium: str | None = None
    purpose: str | None = None
    is_reply: bool = False
    answers: list["Message"] = field(default_factory=list)
    lead: bool = False
    channel: str | None = None
    phrase_sentences: set[int] = field(default_factory=set)
    date_keys: set[str] = field(default_factory=set)  # how the text dated it ("last month"), resolved or not
    exchanges: set[int] = field(default_factory=set)  # numbers of the exchanges it is half of
    related: set[int] = field(default_factory=set)    # ids of the mentions its mentions answer
    mention_ids: set[int] = field(default_factory=set)


class _Reader:
    """Reads one article: holds its sentences and the mentions found so far."""

    def __init__(self, text: str, published: dt.date | None):
        self.text = text
        pieces = split_sentences(text)
        self.sentences = [Sentence(i, start, s) for i, (start, s) in enumerate(pieces)]
        if _KIM_JONG_IL.search(text) and not _KIM_JONG_UN.search(text):
            for s in self.sentences:
                s.kim_is_kim_jong_il = True
        self._mark_headline()
        self.year_hint = self._year_hint()
        self.dateline = find_dateline(text, published, self.year_hint)
        self.ref = self.dateline.date
        self.mentions: list[Mention] = []
        self._exchanges = 0
        self.bare_sentences: set[int] = set()  # sentences with a message word whose ends are not given
        self.last_event_day: dt.date | None = None  # the last day a message was dated to
        self.partner: dict[str, str] = {}  # leader -> kind of the last partner named in a message
        self.report_days: list[dt.date] = []  # days the text says the news was reported (on or before ref)

    # --- article level ------------------------------------------------------------------------

    def _mark_headline(self) -> None:
        """The first line is a headline when it is short and does not end like a sentence."""
        if not self.sentences:
            return
        first = self.sentences[0]
        line_end = self.text.find("\n", first.start)
        whole_line = line_end < 0 or first.start + len(first.text) >= line_end
        stripped = first.text.strip()
        if whole_line and len(stripped) < 160 and not stripped.endswith((".", '"')):
            first.is_headline = True

    def _year_hint(self) -> int | None:
        """The year the article's ordinal anniversaries point to (used when there is no dateline)."""
        years: dict[int, int] = {}
        for s in self.sentences:
            if "nniversar" not in s.text and "entenn" not in s.text and "entenar" not in s.text \
                    and (s.text.isascii() or not _CJK_ANNIVERSARY.search(s.text)):
                continue
            for occasion in s.occasions:
                if occasion.year:
                    years[occasion.year] = years.get(occasion.year, 0) + 1
        return max(years, key=lambda y: (years[y], y)) if years else None

    # --- people ------------------------------------------------------------------------------

    def subject(self, s: Sentence, depth: int = 0) -> str | None:
        """Kind of the first person of ``s`` that is not behind a preposition (who the sentence is
        about; "He" in the next sentence is them). ``depth`` bounds chains of "He ... He ..."."""
        if s._subject is _UNSET:
            if depth > 3:
                return None
            subject = None
            people = s.entities if s._entities is not None or not s.text.isascii() else iter_entities(s.text)
            opening = _OPENING_CLAUSE.match(s.text)
            if opening:  # "Saying that he was pleased ..., Kim Jong Un wished": the main clause's subject
                people = [e for e in s.entities if e.start >= opening.end()] + \
                    [e for e in s.entities if e.start < opening.end()]
            for e in people:
                if e.kind == MEDIA or _after_preposition(s.text, e.start):
                    continue
                subject = self.resolve_pronoun(s, e, None, depth + 1) if e.kind == PRONOUN else e.kind
                break
            s._subject = subject
        return s._subject

    def resolve_pronoun(self, s: Sentence, pronoun: Entity, exclude: str | None, depth: int = 0) -> str | None:
        """What a pronoun stands for: a leader, OTHER, or None when nothing fits. ``exclude`` is the
        person in the other slot (a message is not sent to oneself)."""
        word = pronoun.text.lower()
        if word in ("the latter", "the former"):
            kinds = self._recent_people(s, pronoun.start)
            if word == "the latter":
                return kinds[0] if kinds else None
            distinct = [k for k in kinds if k != (kinds[0] if kinds else None)]
            return distinct[0] if distinct else None
        at_start = not s.text[:pronoun.start].strip(" \"'(")
        if not at_start and word == "he" and s.text[:pronoun.start].rstrip().endswith(","):
            # "Saying that ..., he sent": the main clause's subject after an opening clause that names no one
            at_start = not any(e.kind in (XI, KIM, OTHER) and e.end <= pronoun.start for e in s.entities)
        if at_start and s.index > 0:
            previous = self.subject(self.sentences[s.index - 1], depth)
            if previous and previous != exclude:
                return previous
        for kind in self._recent_people(s, pronoun.start):
            if kind != exclude:
                return kind
        return None

    def _recent_people(self, s: Sentence, before: int) -> list[str]:
        """Kinds of the people mentioned before offset ``before`` of ``s``, most recent first, looking
        back up to two sentences."""
        kinds = [e.kind for e in s.entities if e.end <= before and e.kind in (XI, KIM, OTHER)]
        kinds.reverse()
        for back in (1, 2):
            if s.index - back >= 0:
                earlier = self.sentences[s.index - back]
                kinds.extend(e.kind for e in reversed(earlier.entities) if e.kind in (XI, KIM, OTHER))
        return kinds

    def leader_nearby(self, s: Sentence, kind: str) -> bool:
        """Whether ``kind`` is mentioned in this sentence, the two before it or the headline."""
        for index in (s.index, s.index - 1, s.index - 2, 0):
            if 0 <= index < len(self.sentences) and any(e.kind == kind for e in self.sentences[index].entities):
                return True
        return False


def _after_preposition(text: str, start: int) -> bool:
    words = re.findall(r"[A-Za-z']+", text[max(0, start - 15):start])
    return bool(words) and words[-1].lower() in _PREPOSITIONS


def _entity_at(entities: list[Entity], start: int, end: int) -> Entity | None:
    """The first entity beginning inside [start, end)."""
    for e in entities:
        if start <= e.start < end:
            return e
        if e.start >= end:
            break
    return None


# Who sent it, to whom ---------------------------------------------------------------------------

_FROM = re.compile(r"\b(?i:from)\s+")
_TO = re.compile(r"\b(?i:to|addressed\s+to)\s+")
_OF = re.compile(r"\s+(?i:of)\s+")  # used with .match(text, pos)
_BY = re.compile(r"\b(?i:sent|written|signed|addressed)\s+by\s+")
_BY_DIRECT = re.compile(r"\s+by\s+(?=[A-Z]|the\s+[A-Z])")  # "a letter by Kim", used with .match
_RELATIVE_SENDER = re.compile(r"\s*(?:(?i:that|which)\s+)?(?P<who>[A-Z][\w' -]{0,40}?)\s+(?:had\s+|has\s+)?"
                              r"(?i:sent|wrote|dispatched|addressed)\b")
_INFINITIVE_OBJECT = re.compile(r"^(?:the|his|her|its|their|our|new|newly|re-elected|reelected|a)\s+", re.I)
# What may stand between "to"/"from" and a person: "to the young North Korean leader", "to newly elected Xi"
_BEFORE_A_NAME = re.compile(r"(?:(?:the|his|her|its|their|[A-Z][\w.'-]*|newly|re-?elected|young|reclusive|ailing"
                            r"|top|supreme|current|incumbent)\s+){0,4}")
# "(to) foreign leaders including ...", "(to) the presidents of countries such as ..."
_GROUP_INCLUDING = re.compile(r"(?i:(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:leaders|heads\s+of\s+state|presidents|counterparts)"
                              r"(?:\s+of\s+(?:[\w-]+\s+){0,3}?(?:countries|nations|states))?,?\s+"
                              r"(?:including|such\s+as|among\s+them)\s+)")
_LIST_END = re.compile(r"[.;:]|,\s+(?:who|which|while|but|saying|according)\b")
_LEADERS_COUNTRY = re.compile(r"\b(?:China|North\s+Korea|the\s+DPRK|DPRK)\b")
_OPENING_PHRASE = re.compile(r"(?:[A-Za-z]+\s+){0,2}[A-Za-z]+,")  # "For instance,", "However,", "In contrast,"
_IN_FRAME = re.compile(r"(?:^|[^\w])(?P<prep>[Ii]n|[Tt]hrough|[Ww]ith|[Vv]ia)\s+(?:(?:a|an|the|his|her|its|their|this|"
                       r"that|[\w]+'s)\s+)?(?:[\"']?[\w'-]+\s+){0,3}[\"']?$")  # 'In a "verbal message", Kim ...'
# "thanked Xi for his congratulations", and a reply that names what it answers: "a reply to Xi for his
# congratulations"
_THANKS_WORDS = r"thank(?:s|ed|ing)?|gratitude|appreciation|grateful|reply|replied|response"
_THANKS_FOR = re.compile(rf"\b(?i:{_THANKS_WORDS})\b[^.;]{{0,160}}?"
                         r"\b(?i:for)\s+"
                         r"(?:(?i:sending|having\s+sent|extending|having\s+extended)\s+)?(?:[\w'-]+\s+){0,4}$")
_THANKS_FOR_LOWER = re.compile(_THANKS_FOR.pattern.replace("(?i:", "(?:"))
_THANKS_WINDOW = 230  # "thanks on behalf of the WPK, ... and on his own behalf to Xi for ..." is long
_MESSAGE_THANKS = re.compile(r"(?!\s+of\s)[^.;]{0,80}?\b(?i:thanked|thanks|thanking|expressed\s+(?:his\s+|deep\s+|sincere\s+)?"
                             r"(?:thanks|gratitude))\b[^.;]{0,60}?\b(?i:for)\s+(?:[\w'-]+\s+){0,3}?"
                             r"(?i:congratulat\w*|message|letter|greetings?|card|sympathy|condolences?|wishes)")
_FOR_BEFORE = re.compile(r"\b(?i:for)\s+(?:(?i:having)\s+)?$")  # "for (having) sent ..."
_OWN_BEHALF = re.compile(r"\s+(?i:own\s+behalf)")
_THANKS_WORD = re.compile(rf"\b(?i:{_THANKS_WORDS})\b")
_REPLY_TO_BETWEEN = re.compile(r"\b(?i:in\s+(?:reply|response|answer)\s+to|replying\s+to|responding\s+to|"
                               r"answering|answered|answers|replied\s+to|responded\s+to|(?:a|the|his|its)\s+(?:reply|response)\s+to|in\s+return\s+for)\b")
_VERB_WINDOW = 70
_CHANNEL_TITLE = re.compile(r"(?i)ambassador|envoy|minister|spokes|official|delegation|secretary\s+of\s+state")
_QUANTIFIER = re.compile(r"\b(?i:several|many|numerous|multiple|dozens\s+of|a\s+number\s+of|a\s+series\s+of|"
                         r"scores\s+of|countless|\d+|two|three|four|five|six|seven|eight|nine|ten|twenty)\s+"
                         r"(?:[\w'-]+\s+){0,3}$")
# between two message words of one verb: "a letter to Trump and a message", "a letter, and a card"
_WHO_IS_BEFORE = re.compile(r"\b(?i:who)\s+(?i:is|was)\s+(?:(?i:also)\s+)?$")
_WHO = re.compile(r"\b(?i:who)\s+(?!is\b|was\b|are\b)")
# "his state visit to Russia", "after a trip to Moscow": that "to" is the journey's, not the message's
_TRAVEL_BEFORE = re.compile(r"\b(?i:visit|visits|trip|travel|travels|journey|tour|flight|return|returning|way)\s+(?:[\w'-]+\s+){0,1}$")
_GENERIC_BEFORE = re.compile(r"\b(?i:such\s+as|various\s+(?:forms|means|channels)|forms\s+of|kinds\s+of)\b[^.;]*$"
                             r"|\b(?i:through|via|by)\s+(?:[\w-]+\s+(?i:and|or)\s+)?$")  # "communication through visits and letters": a means
_COORDINATED = re.compile(r"[^;]{0,80}?(?:,\s*|\s)(and|as\s+well\s+as)\s+(?:(?:a|an|the|his|another)\s+)?(?:[\w-]+\s+){0,2}")
_ANOTHER = re.compile(r"\b(?i:(?:also|separately)\s+(?:sent|written|wrote|dispatched)"
                      r"|another|a\s+separate|a\s+second|a\s+further|similar)\s+(?:[\w'-]+\s+){0,3}$")
# Between a message word and a "to" or "from" that then belongs to another clause: "..., expressing
# condolences to the victims", "..., who spoke to reporters".
_CLAUSE_BREAK = re.compile(r"[;]|,\s+(?:who|which|while|but|and\s+(?:he|she|it)|[a-z]+ing)\b|\b(?:said|saying)\b")
_HABIT_OR_PROSPECT = re.compile(
    r"\b(?i:usually|normally|typically|customarily|traditionally|routinely|regularly|often|frequently|annually"
    r"|every\s+year|each\s+year|(?:is|are|was|were)\s+(?:expected|likely|set|due|poised|scheduled)\s+to"
    r"|plans?\s+to|planning\s+to|(?:will|would|may|might|could|should)\s+(?:likely\s+|probably\s+)?"
    r"(?:send|write|reply|respond|exchange))\b[^.;]{0,40}$")
_HABIT_AFTER = re.compile(r"\s+(?:[\w-]+\s+){0,3}?(?i:regularly|often|frequently|every\s+year|annually|each\s+year"
                          r"|several\s+times|many\s+times|over\s+the\s+years|for\s+years|since\s+\d{4})\b")
_NEW_YEAR_SPEECH = re.compile(r"(?i:new[- ]year(?:'s)?)\s+$")
_COUNTED = re.compile(r"\b(?i:several|many|numerous|multiple|dozens|scores|more\s+than|\d+)\b")
_NEGATION = re.compile(r"(?i:\b(?:not|never|no|without|neither|nor)\b|n't\b|\bfail(?:s|ed)?\s+to\b"
                       r"|\b(?:absence|lack)\s+of\b|\bskip(?:s|ped|ping)?\b|\bomit\w*|\binstead\s+of\b"
                       r"|\brefus\w+)")
_LIST_GAP = re.compile(r"[\s,]*(?:and\s+|as\s+well\s+as\s+)?(?:the\s+)?(?:[A-Z][\w.'-]*\s+){0,3}")


_MAY_BE_A_LEADER = (XI, KIM, PRONOUN, BOTH)


class _MentionReader:
    """Reads the mentions of one sentence."""

    def __init__(self, reader: _Reader, s: Sentence, triggers: list[Trigger]):
        self.r, self.s, self.triggers = reader, s, triggers
        self.text = s.text
        self.low = s.lower if len(s.lower) == len(s.text) else None

    def _search(self, pattern: re.Pattern, start: int, end: int | None = None):
        fast, text = self._fast(pattern)
        return fast.search(text, start, len(text) if end is None else end)

    def _match(self, pattern: re.Pattern, start: int, end: int | None = None):
        fast, text = self._fast(pattern)
        return fast.match(text, start, len(text) if end is None else end)

    def _finditer(self, pattern: re.Pattern, start: int, end: int):
        fast, text = self._fast(pattern)
        return fast.finditer(text, start, end)

    def _fast(self, pattern: re.Pattern) -> tuple[re.Pattern, str]:
        """The pattern and text to search for a case-insensitive pattern (positions are the same)."""
        return (_lowered(pattern), self.low) if self.low is not None else (pattern, self.text)

    def read(self) -> list[Mention]:
        if not any(e.kind in _MAY_BE_A_LEADER for e in self.s.entities):
            # no leader can be an end: the message words can only refer back ("The messages were delivered
            # ..."), unless someone else is named as an end ("its message to Russian President Putin")
            others = any(e.kind == OTHER for e in self.s.entities)
            out: list[Mention] = [_Bare(t, self.s.index) for t in self.triggers if t.kind in ("noun", "exchange")
                                  and not (others and self._someone_elses(t))]
            for t in self.triggers:  # "양국 정상의 구두 친서를 교환했다": the two leaders of the article
                if t.kind == "cjk":
                    out.extend(self._cjk_exchange(t, 0))
            return out
        mentions: list[Mention] = []
        self.previous_sender = None  # the sender read for the previous message word of the sentence
        for i, trigger in enumerate(self.triggers):
            nxt = self.triggers[i + 1].start if i + 1 < len(self.triggers) else len(self.text)
            prv = self.triggers[i - 1].end if i > 0 else 0
            if trigger.kind == "exchange":
                mentions.extend(self._exchange(trigger, prv, nxt))
            elif trigger.kind == "cjk":
                exchanged = self._cjk_exchange(trigger, prv)
                if exchanged:
                    mentions.extend(exchanged)
                    continue
                mention = self._addressed_in_quote(trigger, mentions) or self._cjk(trigger)
                if mention:
                    reply = self._zh_reply_to(mention)
                    if reply:
                        mentions.append(reply)
                    mentions.append(mention)
                    thanked = self._zh_thanked_for(mention)
                    if thanked:
                        mentions.append(thanked)
            elif trigger.kind != "didso":
                mention = self._single(trigger, prv, nxt)
                if mention:
                    mentions.append(mention)
        return mentions

    def _someone_elses(self, t: Trigger) -> bool:
        """Whether the message word is to or from someone other than the two leaders."""
        tail = (t.end, min(len(self.text), t.end + 260))
        head = (max(0, t.start - _VERB_WINDOW), t.start)
        return OTHER in (self._recipient(t, head, tail), self._sender(t, head, tail))

    # -- one message ----------------------------------------------------------------------------

    def _single(self, t: Trigger, prv: int, nxt: int) -> Mention | None:
        tail = (t.end, min(nxt, t.end + 260))
        head = (self._window_start(t.start, _VERB_WINDOW, prv), t.start)
        sender = self._sender(t, head, tail)
        if sender is None and self.previous_sender is not None and t.kind == "noun":
            coordinated = _COORDINATED.fullmatch(self.text, prv, t.start)
            if coordinated and _entity_at(self.s.entities, coordinated.end(1), t.start) is None:
                sender = self.previous_sender  # "sent a letter to Trump and a message to Xi"
        self.previous_sender = sender
        recipient = self._recipient(t, head, tail)
        if t.kind in ("replied", "wrote", "congratulated"):
            sender = sender or self._verb_subject(t.start) or self._clause_subject(t.start)
        if t.reply_word and sender is None:
            sender = self._clause_subject(t.start)  # "His remarks were a response to ..."
        self._note_partners(sender, recipient)
        explicit_recipient = recipient
        sender, recipient = self._fill(sender, recipient)
        if sender not in (XI, KIM) or recipient not in (XI, KIM) or sender == recipient:
            if sender is None and recipient is None and not self._compared(t, prv):
                return _Bare(t, self.s.index)
            return None
        if self._negated(t) or self._quantified(t) or self._not_one_real_message(t):
            return None
        if explicit_recipient is None and self._search(_NEW_YEAR_SPEECH, max(0, t.start - 20), t.start):
            return None  # "In his New Year message, Kim said ...": the New Year address, a speech
        self.r.partner[sender], self.r.partner[recipient] = recipient, sender
        mention = Mention(sender, recipient, self.s.index, t, is_reply=t.reply_word)
        # "Kim had also sent ...", "compared to his letter in 2013": another message than the one told of
        mention.separate = bool(self._search(_ANOTHER, max(prv, t.start - 40), t.start)) or self._compared(t, prv)
        mention.channel = self._channel(head)
        return mention

    def _compared(self, t: Trigger, prv: int) -> bool:
        """Whether the message word is what another is compared to ("compared to the letter in 2013")."""
        return bool(_COMPARED_BEFORE.search(self.text, max(prv, t.start - 40), t.start))

    def _not_one_real_message(self, t: Trigger) -> bool:
        """"Kim usually sends Xi a message", "Kim is expected to send a letter", "they have exchanged
        messages regularly": a habit or a prospect, not a message that was sent."""
        if self._search(_HABIT_OR_PROSPECT, max(0, t.start - 60), t.start):
            return True
        return t.plural and bool(self._match(_HABIT_AFTER, t.end))

    def _quantified(self, t: Trigger) -> bool:
        """"several messages", "more than 20 letters": a count of messages, not one message; "in various
        forms such as visits and letters": a kind of contact, not a message."""
        return bool(t.plural and (_QUANTIFIER.search(self.text, max(0, t.start - 30), t.start)
                                  or _GENERIC_BEFORE.search(self.text, max(0, t.start - 80), t.start)))

    def _note_partners(self, sender, recipient) -> None:
        """Remember that a leader's last message partner named in the text was someone else, so that
        "In the message, Kim said ..." after "Kim sent a message to Putin" is not taken for Xi."""
        for leader, partner in ((sender, recipient), (recipient, sender)):
            if leader in (XI, KIM) and partner in (OTHER, BODY, MEDIA):
                self.r.partner[leader] = OTHER

    def _negated(self, t: Trigger) -> bool:
        """"did not send a message", "no message to Xi", "the absence of a message", "skips message"."""
        window = self.text[max(0, t.start - 45):t.start]
        m = None
        for m in _NEGATION.finditer(window):
            pass
        if m is None:
            return False
        between = window[m.end():]
        if re.search(r"[,;]|'s\b", between) or len(re.findall(r"[\w-]+", between)) > 6:
            return False
        return not self._search(_FROM, t.end, t.end + 12)

    def _sender(self, t: Trigger, head, tail) -> str | None:
        e = self._after_word(_FROM, tail, limit=30)
        if e is not None:
            return self._kind(self._pick_from_list(e), None)
        source = self._search(_FROM, tail[0], min(tail[1], tail[0] + 36))
        if source is not None and not self._crosses_clause(tail[0], source.start()):
            group = self._leader_in_group(source.end())  # "from foreign leaders including Xi Jinping"
            if group is not None:
                return group
        of = self._match(_OF, t.end, tail[1])
        if of:
            e = _entity_at(self.s.entities, of.end(), of.end() + 3)
            if e is not None and e.kind != BODY:
                return self._kind(e, None)
        e = self._after_word(_BY, tail, limit=20, within=40)
        direct = _BY_DIRECT.match(self.text, t.end)
        if e is None and direct:
            e = _entity_at(self.s.entities, direct.end(), direct.end() + 20)
        if e is not None:
            return self._kind(e, None)
        rel = _RELATIVE_SENDER.match(self.text, t.end, tail[1])
        if rel:
            e = _entity_at(self.s.entities, rel.start("who"), rel.end("who"))
            return self._kind(e, None) if e else OTHER
        possessive = self._possessive(t)
        if possessive is not None and possessive.kind != PRONOUN:
            return self._kind(possessive, None)
        verb = self._governing_verb(head, t.start)
        if verb is not None:
            kind, start, end = verb
            if kind == "send" and _FOR_BEFORE.search(self.text, max(0, start - 12), start):
                return self._thanked_person(start)  # "thanks to Kim for sending a message"
            if kind in ("send", "envoy"):
                subject = self._clause_subject(start)
                if kind == "send" or subject in (XI, KIM):
                    return subject
        frame = self._search(_IN_FRAME, max(0, t.start - 60), t.start)
        if frame:
            return self._frame_speaker(frame.start("prep"), t)
        thanks = self._search(_THANKS_FOR, max(0, t.start - _THANKS_WINDOW), t.start)
        if thanks:
            return self._thanked_person(thanks.end())
        if possessive is not None:
            return self._kind(possessive, None)
        return None

    def _recipient(self, t: Trigger, head, tail) -> str | None:
        if t.kind == "congratulated":  # "congratulated Kim on ...": the object
            target = self._to_object(t.end + 1, tail[1]) if t.end < len(self.text) else _NO_OBJECT
            return None if target is _NO_OBJECT else target
        if t.kind == "wrote" and t.text.lower().endswith("to"):  # "writes to Xi": the "to" is the trigger's
            target = self._to_object(t.end + 1, tail[1]) if t.end < len(self.text) else _NO_OBJECT
            if target is not _NO_OBJECT:
                return target
        to = self._message_to(tail)
        if to and self._short_gap(t.end, to.start()) and not self._crosses_clause(t.end, to.start()):
            group = self._leader_in_group(to.end())
            if group is not None:
                return group
            target = self._to_object(to.end(), tail[1])
            if target is not _NO_OBJECT:
                return target
        verb = self._governing_verb(head, t.start)
        if verb is not None:
            kind, start, end = verb
            if kind == "send":
                between = _entity_at(self.s.entities, end, t.start)
                if between is not None and self.text[end:between.start].strip() == "":
                    return self._kind(between, self._clause_subject(start))  # "sent him a letter"
            if kind == "receive":
                return self._clause_subject(start)
        return None

    def _leader_in_group(self, start: int) -> str | None:
        """"to foreign leaders including Xi Jinping and Putin", "to the presidents of countries including
        China, Russia and Cuba": a leader (or his country) in the list is one of the recipients."""
        group = _GROUP_INCLUDING.match(self.text, start)
        if group is None:
            return None
        end = _LIST_END.search(self.text, group.end())
        end = end.start() if end else len(self.text)
        named = [e.kind for e in self.s.entities if group.end() <= e.start < end and e.kind in (XI, KIM)]
        if named:
            return named[0]
        country = _LEADERS_COUNTRY.search(self.text, group.end(), end)
        return (XI if country.group(0).lower().startswith("chin") else KIM) if country else None

    def _fill(self, sender, recipient):
        """Resolve pronouns and infer a missing end when the article is about the two leaders."""
        s = self.s
        if isinstance(sender, Entity):
            sender = self.r.resolve_pronoun(s, sender, recipient if recipient in (XI, KIM) else None)
        if isinstance(recipient, Entity):
            recipient = self.r.resolve_pronoun(s, recipient, sender if sender in (XI, KIM) else None)
        if sender in (XI, KIM) and recipient is None and self._may_infer(other_leader(sender)):
            recipient = other_leader(sender)
        elif recipient in (XI, KIM) and sender is None and self._may_infer(other_leader(recipient)):
            sender = other_leader(recipient)
        return sender, recipient

    def _may_infer(self, kind: str) -> bool:
        """A missing end may be the other leader when they are in the air and no one else is (an
        ambassador or envoy who carries the message does not count)."""
        if self._someone_else_here():
            return False
        if self.r.partner.get(other_leader(kind)) == OTHER:
            return False
        # "Xi sent a message marking North Korea's founding day": the occasion is Kim's side's
        return self.r.leader_nearby(self.s, kind) or any(o.side == kind for o in self.s.occasions)

    def _message_to(self, tail):
        """The first "to" after the message word that is not part of someone's title ("ambassador
        to China")."""
        for to in self._finditer(_TO, tail[0], tail[1]):
            titled = any(e.kind in (OTHER, BODY) and 0 <= to.start() - e.end <= 2 for e in self.s.entities)
            if not titled and not self._search(_TRAVEL_BEFORE, max(tail[0], to.start() - 30), to.start()):
                return to
        return None

    def _short_gap(self, start: int, end: int, limit: int = 70) -> bool:
        """Whether [start, end) is short once the names and titles in it are left out ("a message
        from Xi Jinping, general secretary of ... and president of ..., to Kim")."""
        return (end - start) - self._named_chars(start, end) <= limit

    def _named_chars(self, start: int, end: int) -> int:
        return sum(min(e.end, end) - max(e.start, start) for e in self.s.entities if e.start < end and e.end > start)

    def _window_start(self, end: int, limit: int, floor: int) -> int:
        """Where a window that ends at ``end`` starts so that it holds ``limit`` characters besides
        names and titles ("sent Kim Jong Un, general secretary of ... and chairman of ..., a message"
        is as near as "sent Kim a message"); never before ``floor``."""
        start = max(floor, end - limit)
        for _ in range(3):  # each widening can take in more of a long title
            wider = max(floor, end - limit - self._named_chars(start, end))
            if wider == start:
                break
            start = wider
        return start

    def _someone_else_here(self) -> bool:
        """Whether the sentence names someone other than the two leaders who is not a mere channel."""
        return any(e.kind == OTHER and not self._is_channel(e) for e in self.s.entities)

    def _is_channel(self, e: Entity) -> bool:
        """An ambassador or envoy carrying a message, not a party to it."""
        if _CHANNEL_TITLE.search(e.text):
            return True
        if re.search(r"\b(?i:by|through|via)\s+(?:the\s+)?$", self.text[max(0, e.start - 15):e.start]):
            return True
        title = _entity_at(self.s.entities, e.end, e.end + 4)
        if title is not None and _CHANNEL_TITLE.search(title.text):
            return True  # "Li Jinjun, Chinese ambassador to the DPRK, ..."
        before = [x for x in self.s.entities if x.end <= e.start and e.start - x.end <= 2]
        if before and before[-1].kind == OTHER and _CHANNEL_TITLE.search(before[-1].text):
            return True  # "Chinese Ambassador Wang Yajun"
        if not self.text.isascii() and _CJK_CHANNEL_AFTER.match(self.text, e.end):
            return True  # "쑹타오 ... 리룡남 대사를 만나 ... 구두 친서를 교환", "李建国 ... 转交习近平的亲笔信"
        verb = re.match(rf"[^.;]{{0,80}}?\b(?i:{_ENVOY}|handed\s+over)\b", self.text[e.end:])
        return bool(verb) and not any(x.kind in (XI, KIM) for x in self.s.entities
                                      if e.end <= x.start < e.end + verb.start())

    def _kind(self, e: Entity | None, exclude):
        """A slot's value: a leader, OTHER/BODY/MEDIA, or the pronoun entity itself (resolved later)."""
        if e is None:
            return None
        if e.kind == PRONOUN:
            return e
        if e.kind == BOTH:
            return None
        return e.kind

    def _after_word(self, pattern, span, limit: int, within: int | None = None):
        """The entity right after the first ``pattern`` in ``span`` (e.g. the person after "from")."""
        m = self._search(pattern, span[0], span[1])
        if not m or (within is not None and m.start() - span[0] > within):
            return None
        if self._crosses_clause(span[0], m.start()):
            return None
        e = _entity_at(self.s.entities, m.end(), m.end() + limit)
        if e is not None and not self.text[m.end():e.start].strip(" \"'").replace("the ", "").strip():
            return e
        if e is not None and _BEFORE_A_NAME.fullmatch(self.text, m.end(), e.start):
            return e
        word = self.text[m.end():m.end() + 20]
        if pattern is _FROM and re.match(r"[A-Z]", word):
            return Entity(OTHER, m.end(), m.end() + 1, word)  # "from Mongolian leader ...": someone else
        return None

    def _crosses_clause(self, start: int, end: int) -> bool:
        return bool(_CLAUSE_BREAK.search(self.text, start, end))

    def _to_object(self, start: int, end: int):
        """Who stands after "to": a person (Entity or kind), OTHER when it is someone or something
        else, or _NO_OBJECT for "to mark", "to congratulate"."""
        e = _entity_at(self.s.entities, start, min(end, start + 40))
        gap = self.text[start:e.start] if e is not None else ""
        if e is not None and _BEFORE_A_NAME.fullmatch(gap):
            e = self._pick_from_list(e)
            if e.kind == BOTH:
                return OTHER
            if e.kind in (BODY, MEDIA):
                return OTHER
            return e if e.kind == PRONOUN else e.kind
        word = re.match(r"[\w'-]+", self.text[start:end])
        if not word:
            return _NO_OBJECT
        w = word.group(0)
        if w[0].isupper() or _INFINITIVE_OBJECT.match(self.text[start:end]):
            if self._to_holds_message(start, end):
                return _NO_OBJECT  # "a reply to the letter from Kim": the letter is another mention
            return OTHER
        return _NO_OBJECT

    def _pick_from_list(self, first: Entity) -> Entity:
        """In "to Putin, Lukashenko and Xi" or "from Xi and other leaders", the leader among them."""
        entities = self.s.entities
        if first not in entities:
            return first  # a stand-in for an unnamed someone else
        i = entities.index(first)
        chosen = first
        while not chosen.is_leader and i + 1 < len(entities):
            gap = self.text[entities[i].end:entities[i + 1].start]
            if not _LIST_GAP.fullmatch(gap):
                break
            i += 1
            if entities[i].is_leader:
                chosen = entities[i]
        return chosen

    def _to_holds_message(self, start: int, end: int) -> bool:
        return any(start <= t.start < start + 50 for t in self.triggers)

    def _possessive(self, t: Trigger) -> Entity | None:
        """"Kim's earlier letter", "his verbal message": the owner before the message word."""
        window_start = max(0, t.start - 50)
        for e in reversed(self.s.entities):
            if e.end > t.start or e.end < window_start:
                continue
            between = self.text[e.end:t.start]
            is_possessive = e.kind == PRONOUN and e.text.lower() == "his" or between.startswith(("'s", "'"))
            if is_possessive and len(re.findall(r"[\w-]+", between)) <= 6 and not re.search(r"[,;]", between):
                return e
            break
        return None

    def _governing_verb(self, head, trigger_start: int):
        """The send/receive/convey verb the message word is the object of, if it is close."""
        last = None
        for m in self._finditer(_VERB, head[0], trigger_start):
            last = m
        if last is None:
            return None
        between = self.text[last.end():trigger_start]
        if re.search(r"[;]|,\s+\w+\s+\w+\s+(?:sent|said)", between):
            return None
        # names and titles are left out of the count: "sent Kim Jong Un, general secretary of the
        # Workers' Party of Korea, a message" is the verb's own object
        unnamed = len(re.findall(r"[\w-]+", between))
        if unnamed > 8:
            unnamed -= sum(len(re.findall(r"[\w-]+", e.text)) for e in self.s.entities
                           if last.end() <= e.start and e.end <= trigger_start)
        if unnamed > 8:
            return None
        return last.lastgroup, last.start(), last.end()

    def _clause_subject(self, before: int):
        """The subject of the clause that ends at ``before``: its first person not behind a
        preposition; a body or someone else counts (and blocks), a pronoun is returned unresolved. In a
        relative clause ("President Moon, who also sent him a letter") it is the person before "who"."""
        clause_start = 0
        for m in self._finditer(_CLAUSE_START, 0, before):
            clause_start = m.end()
        who = None
        for who in self._finditer(_WHO, clause_start, before):
            pass
        if who is not None:
            antecedent = [e for e in self.s.entities if e.end <= who.start() and who.start() - e.end <= 3]
            if antecedent and antecedent[-1].kind != MEDIA:
                return self._kind(antecedent[-1], None)
        candidates = [e for e in self.s.entities if clause_start <= e.start < before and e.kind != MEDIA
                      and not _after_preposition(self.text, e.start)]
        if not candidates and clause_start > 0:
            candidates = [e for e in self.s.entities if e.start < before and e.kind != MEDIA
                          and not _after_preposition(self.text, e.start)]
        if not candidates:
            return None
        first = candidates[0]
        if first.kind in (BODY, OTHER):
            joint = [e for e in candidates[1:] if e.kind in (XI, KIM)
                     and re.search(r"\b(?:and|together\s+with|jointly\s+with|along\s+with)\b",
                                   self.text[first.end:e.start])]
            if joint:
                return joint[0].kind  # a joint message in the leader's name (coding rule 9)
        if first.kind == PRONOUN:
            return first
        if first.kind == BOTH:
            return None
        return first.kind

    def _verb_subject(self, verb_start: int):
        """"..., and Xi replied": the person right before a verb, when nothing but a title or an adverb
        stands between them."""
        people = [e for e in self.s.entities if e.end <= verb_start and e.kind in (XI, KIM, OTHER, PRONOUN, BODY)]
        if people and re.fullmatch(r"[\s,]*(?:\w+ly\s+|also\s+|has\s+|had\s+|then\s+)*", self.text[people[-1].end:verb_start]):
            return self._kind(people[-1], None)
        return None

    def _thanked_person(self, before: int):
        """In "thanked Kim for (sending) his message", the one thanked sent it; in "Kim expressed thanks
        for the message" no one is named, so it came from whoever Kim writes to."""
        thanks = None
        for thanks in self._finditer(_THANKS_WORD, max(0, before - _THANKS_WINDOW), before):
            pass
        if thanks is None:
            return None
        named = [e for e in self.s.entities if thanks.end() <= e.start < before and e.kind in (XI, KIM, OTHER, PRONOUN)
                 and not (e.kind == PRONOUN and _OWN_BEHALF.match(self.text, e.end))]  # "on his own behalf"
        if named:
            return self._kind(named[0], None)
        thanker = self._clause_subject(thanks.start())
        if isinstance(thanker, Entity):
            thanker = self.r.resolve_pronoun(self.s, thanker, None)
        return other_leader(thanker) if thanker in (XI, KIM) else thanker

    def _frame_speaker(self, prep_start: int, t: Trigger):
        """"Kim said in the message", "In his letter ..., Xi said": the speaker sent the message. A short
        opening phrase may stand before the frame ("For instance, in his letter ...")."""
        opening = self.text[:prep_start].strip(" \"'(")
        if not opening or (_OPENING_PHRASE.fullmatch(opening)
                           and not any(e.start < prep_start for e in self.s.entities)):
            comma = self.text.find(",", t.end)
            if comma >= 0:
                # (not a title in a clause about the recipient: "sent to Xi, who is also general secretary of
                # the CPC, General Secretary of the WPK Kim Jong Un said")
                after = [e for e in self.s.entities if e.start > comma and e.kind != MEDIA
                         and not _WHO_IS_BEFORE.search(self.text, comma, e.start)]
                if after and not _after_preposition(self.text, after[0].start):
                    return self._kind(after[0], None)
            return None
        return self._clause_subject(prep_start)

    def _channel(self, head) -> str | None:
        m = re.search(rf"(?i:{_ENVOY})\b", self.text[head[0]:head[1]])
        if not m:
            m2 = re.search(r"\b(?:delivered|conveyed|handed\s+over|relayed)\s+by\s+([A-Z][\w' -]{2,40}?)(?=[,.;]|\s+(?:to|at|during|in|on)\b)",
                           self.text)
            return m2.group(1).strip() if m2 else None
        subject = re.search(r"([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,3})[^A-Z]*$", self.text[:head[0] + m.start()])
        return subject.group(1) if subject and subject.group(1).split()[0] not in ("Xi", "Kim") else None

    # -- exchanged messages ---------------------------------------------------------------------

    def _exchange(self, t: Trigger, prv: int, nxt: int) -> list[Mention]:
        people = self._exchange_parties(t, nxt)
        if people is None or self._negated(t) or _COUNTED.search(t.text) or self._not_one_real_message(t):
            return [_Bare(t, self.s.index)] if people is None else []
        if people != {XI, KIM}:
            return []
        self.r._exchanges += 1
        number = self.r._exchanges
        return [Mention(a, b, self.s.index, t, exchange=number) for a, b in ((XI, KIM), (KIM, XI))]

    def _exchange_parties(self, t: Trigger, nxt: int):
        """The set of people exchanging, None when the text does not say."""
        people: set = set()
        with_m = re.compile(r"\b(?i:with|between)\s+").search(self.text, t.end, min(nxt, t.end + 40))
        if with_m:
            after = [e for e in self.s.entities if with_m.end() <= e.start < with_m.end() + 80]
            for e in after[:3]:
                if e.kind in (XI, KIM, OTHER, BODY):
                    people.add(e.kind)
                    if e.kind != (after[0].kind if after else None):
                        break
            if after and after[0].kind == PRONOUN:
                people.add(self.r.resolve_pronoun(self.s, after[0], None))
        subject = self._exchange_subjects(t.start)
        people |= subject
        if BOTH in people:
            people.discard(BOTH)
            if self.r.leader_nearby(self.s, XI) and self.r.leader_nearby(self.s, KIM) or self._named_pair():
                people |= {XI, KIM}
            else:
                people.add(OTHER)
        people.discard(None)
        return people or None

    def _named_pair(self) -> bool:
        """"The leaders of North Korea and China" are Xi and Kim in a report written since Xi took office."""
        return any(e.kind == BOTH and "chin" in e.text.lower() for e in self.s.entities) \
            and (self.r.ref is None or self.r.ref >= SCOPE_START)

    def _exchange_subjects(self, before: int) -> set:
        clause_start = 0
        for m in self._finditer(_CLAUSE_START, 0, before):
            clause_start = m.end()
        found = set()
        for e in self.s.entities:
            if clause_start <= e.start < before and e.kind != MEDIA and not _after_preposition(self.text, e.start):
                if e.kind == PRONOUN:
                    resolved = self.r.resolve_pronoun(self.s, e, None)
                    if e.text.lower() in ("they", "them"):
                        continue
                    found.add(resolved)
                else:
                    found.add(e.kind)
        if re.search(r"\b(?i:they|the\s+two)\b", self.text[clause_start:before]) and not found:
            found.add(BOTH)
        return found

    # -- Chinese and Korean, best effort --------------------------------------------------------

    def _cjk_exchange(self, t: Trigger, prv: int) -> list[Mention]:
        """"互致口信", "구두친서를 교환": one message each way, when the two leaders are the article's."""
        if not (_CJK_EXCHANGE.search(self.text, max(prv, t.start - 6), t.start) or _KO_EXCHANGE.match(self.text, t.end)):
            return []
        if _ZH_NEGATED.search(self.text, max(0, t.start - 24), t.start):
            return []  # "并未报道双方互致回电": not sent, or not reported
        if _CJK_HABIT.search(self.text, max(0, t.start - 25), t.start):
            return []  # "양국은 매년 ... 축전을 교환하며": a custom, not a message
        if not all(self.r.leader_nearby(self.s, k) for k in (XI, KIM)) \
                or self._someone_else_here():
            return []
        self.r._exchanges += 1
        number = self.r._exchanges
        return [Mention(a, b, self.s.index, t, exchange=number) for a, b in ((XI, KIM), (KIM, XI))]

    def _zh_reply_to(self, answered: Mention) -> Mention | None:
        """"习近平于11月1日回复了金正恩发来的贺电": the message word is what the verb answers; the reply is a message
        of its own, sent by the other leader (the verb stands for it, so that its date binds there)."""
        t = answered.trigger
        verb = _ZH_REPLY_VERB.search(self.text, max(0, t.start - 16), t.start)
        if verb is None or answered.sender is None or answered.trigger.reply_word \
                or _ZH_CLAUSE_END.search(self.text, verb.end(), t.start):
            return None
        word = Trigger("cjk", verb.start(), verb.end(), verb.group(0), medium="message", purpose="thanks",
                       reply_word=True)
        answered.answered = True
        return Mention(answered.recipient, answered.sender, self.s.index, word, is_reply=True, answers=[answered])

    def _addressed_in_quote(self, t: Trigger, before: list[Mention]) -> Mention | None:
        """A message word inside the quoted text of a message, after "you" (당신, 동지께서, 귀하, 您, 你):
        the message the quoted one's addressee sent ("시 주석은 답전에서 \"당신이 보내준 축전에 감사한다\"")."""
        openings = [m.start() for m in _QUOTE_OPEN.finditer(self.text, 0, t.start)]
        if not openings or not before:
            return None
        quote_start = openings[-1]
        if self.text.count('"', 0, t.start) % 2 == 0 and not _CJK_QUOTE_OPEN.search(self.text, quote_start, t.start):
            return None  # not inside a quotation
        if not _SECOND_PERSON.search(self.text, quote_start, t.start):
            return None
        frame = next((m for m in reversed(before) if m.sender and m.trigger.end <= quote_start), None)
        if frame is None or frame.recipient not in (XI, KIM):
            return None
        answered = Mention(frame.recipient, frame.sender, self.s.index, t)
        answered.answered = True
        if t.purpose != "thanks":
            frame.is_reply = True
            frame.answers.append(answered)
        return answered

    def _zh_thanked_for(self, reply: Mention) -> Mention | None:
        """"习近平复电金正恩，感谢他对自己当选的祝贺", "답전에서 ... 축하해준 데 대해 사의를 표했다": the
        congratulation a reply thanks for is a message of the other leader's, named by a word that is not a
        message word (祝贺, 慰问, 问候; 축하, 위문)."""
        if not reply.trigger.reply_word or reply.sender is None:
            return None
        thanks = _ZH_THANKED_FOR.search(self.text, reply.trigger.end)
        if thanks is None:
            return None
        group = "what" if thanks.group("what") else "ko"
        word = thanks.group(group)
        answered = Mention(reply.recipient, reply.sender, self.s.index,
                           Trigger("cjk", thanks.start(group), thanks.end(group), word, medium="message",
                                   purpose=_THANKED_PURPOSE.get(word, "greeting")))
        answered.answered = True
        reply.is_reply = True
        reply.answers.append(answered)
        return answered

    def _cjk(self, t: Trigger) -> Mention | None:
        if _CJK_HABIT.search(self.text, max(0, t.start - 25), t.start) \
                or _ZH_NEGATED.search(self.text, max(0, t.start - 24), t.start):
            return None
        if _KO_NEGATED_AFTER.match(self.text, t.end) or _KO_NOT_LISTED.match(self.text, t.end) \
                or _KO_WHETHER.match(self.text, t.end) or _ZH_WHETHER.search(self.text, max(0, t.start - 16), t.start):
            # "답장을 하지 않았다", "연하장을 받은 인사로 언급되지 않았다", "친서 전달을 했는지 여부", "是否转交了亲笔信"
            return None
        if t.text == "\uba54\uc2dc\uc9c0" and not _KO_SENT.search(self.text):
            return None  # "메시지" is a message only when one is sent ("보낸 메시지"), not "a political message"
        leaders = [e for e in self.s.entities if e.kind in (XI, KIM)]
        kinds = {e.kind for e in leaders}
        if not kinds:
            return None
        text = self.s.lower if len(self.s.lower) == len(self.text) else self.text
        if re.search("[\uac00-\ud7a3]", text):
            sender, recipient = self._cjk_korean(t, leaders)
        else:
            sender, recipient = self._cjk_chinese(t, leaders, text)
        if sender is None and recipient is None:
            if len(kinds) < 2:
                return None
            sender = leaders[0].kind
        if OTHER in (sender, recipient):
            return None
        others = self._someone_else_here()
        if recipient is None and (len(kinds) == 2 or not others and self.r.leader_nearby(self.s, other_leader(sender))):
            recipient = other_leader(sender)
        if sender is None and (len(kinds) == 2 or not others and self.r.leader_nearby(self.s, other_leader(recipient))):
            sender = other_leader(recipient)
        if sender not in (XI, KIM) or recipient != other_leader(sender):
            return None
        if t.text == "\uce5c\uc11c" and _KO_VERBAL.search(self.r.text):
            t.medium = "verbal_message"  # "구두친서를 보냈다 ... 친서에서": the verbal message again
        return Mention(sender, recipient, self.s.index, t, is_reply=t.reply_word)

    def _cjk_korean(self, t: Trigger, leaders: list[Entity]):  # noqa: ARG002 (leaders: same call as Chinese)
        sent = _KO_SENT_BY_NEXT.match(self.text, t.end)
        if sent:  # "축전을 보낸 시 주석에게": the person the clause describes sent it
            after = next((e for e in self.s.entities if e.start >= sent.end()), None)
            if after is not None and after.start - sent.end() <= 1 and after.kind in (XI, KIM):
                return after.kind, other_leader(after.kind)
        people_before = [e for e in self.s.entities if e.end <= t.start and e.kind in (XI, KIM, OTHER)]
        if people_before and people_before[-1].kind in (XI, KIM) \
                and (_KO_OWNER.fullmatch(self.text, people_before[-1].end, t.start)
                     or self.s.is_headline and not self.text[people_before[-1].end:t.start].strip(" '\"")):
            owner = people_before[-1].kind
            return owner, self._unsaid_end(owner)  # "김정은 위원장의 축전", "시 주석이 보낸 축전", headline "김정은 친서"
        recipient = None
        people = [e for e in self.s.entities if e.kind in (XI, KIM, OTHER)]
        # "시진핑 주석(과 푸틴 대통령)으로부터 연하장을 받고": the sender, alone or in a list
        senders = [e for e in people if e.end <= t.start and _KO_FROM.match(self.text, e.end, t.start)]
        if senders:
            leader = next((e.kind for e in senders if e.kind in (XI, KIM)), None)
            return (leader, other_leader(leader)) if leader else (OTHER, OTHER)
        for e in people:
            if re.match(rf"\s*{_KO_TITLE}?"
                        r"\s*(?:\uc5d0\uac8c|\ud55c\ud14c|\uaed8(?!\uc11c)|\uc55e|\uc5d0\s*\ubcf4\ub0b4|\uc5d0\s*\ubcf4\ub0b8)",
                        self.text[e.end:e.end + 12]) or _KO_TO_HEADLINE.fullmatch(self.text, e.end, t.start):
                recipient = e
        if recipient is not None and recipient.kind == OTHER:
            return OTHER, OTHER
        if recipient is not None:
            # "푸틴 대통령이 김 위원장에게 보낸 축전": someone else is the subject right before the recipient
            subject = next((e for e in reversed(people) if e.end <= recipient.start
                            and _KO_SUBJECT.match(self.text, e.end)), None)
            if subject is not None and subject.kind == OTHER and not self._is_channel(subject) \
                    and not self._any_leader_between(subject.end, recipient.start) \
                    and not self._listed_with(subject, other_leader(recipient.kind)):
                return OTHER, recipient.kind
            return self._unsaid_end(recipient.kind), recipient.kind
        # The sender is the leader who is the topic (은/는: "김정은 위원장은 ... 시 주석이 ... 오른 당시 첫
        # 축전을 보냈다"), else the subject nearest before the message word ("A가 보낸 축전에 대해 B가
        # 답전을 보내왔다"); a subject with 이/가 is often that of a clause inside the sentence.
        marked = [(e, m.group(1)) for e in people_before if e.kind in (XI, KIM)
                  for m in [_KO_SUBJECT.match(self.text, e.end)] if m
                  and self.text.count('"', e.end, t.start) % 2 == 0]  # not a word inside their quoted speech
        topics = [e for e, particle in marked if particle in ("\uc740", "\ub294")]
        subjects = [e for e, particle in marked if particle not in ("\uc740", "\ub294")]
        if subjects and _KO_SENT_CLAUSE.match(self.text, t.end):
            return subjects[-1].kind, None  # "시 주석은 김 위원장이 축전을 보낸 데 대해 답전을": the clause's subject
        if subjects and _KO_SENT_BEFORE.search(self.text, max(0, t.start - 8), t.start):
            return subjects[-1].kind, None  # "김 총비서가 축하하며 보낸 구두친서": the relative clause's subject
        if topics:
            return topics[-1].kind, None
        if marked and marked[-1][0] is people_before[-1] and t.start - people_before[-1].end <= 40:
            return people_before[-1].kind, None
        return leaders[0].kind, None

    def _unsaid_end(self, kind: str) -> str | None:
        """The other leader as the end a Korean or Chinese sentence leaves unsaid, unless he is not in it
        and someone else is ("푸틴 대통령 등이 김 위원장의 연하장을 받았다", "文在寅收到金正恩的亲笔信")."""
        other = other_leader(kind)
        if all(e.kind != other for e in self.s.entities) \
                and self._someone_else_here():
            return None
        return other

    def _listed_with(self, last: Entity, kind: str) -> bool:
        """Whether the leader ``kind`` stands in a list that ends with ``last`` ("시진핑 주석과 푸틴
        대통령이", "习近平和普京")."""
        return any(e.kind == kind and e.end <= last.start and last.start - e.end <= 16
                   and _LIST_JOIN.match(self.text, e.end) for e in self.s.entities)

    def _any_leader_between(self, start: int, end: int) -> bool:
        return any(e.kind in (XI, KIM) and start <= e.start < end for e in self.s.entities)

    def _cjk_chinese(self, t: Trigger, leaders: list[Entity], text: str):
        """Sender and recipient of a Chinese message word: "向金正恩致贺电", "致电金正恩", "金正恩致习近平的
        口信", "收到习近平的贺电", "发来贺电的习近平"."""
        before = [e for e in leaders if e.end <= t.start]
        after = [e for e in leaders if e.start >= t.end]
        # The recipient alone: the sender is whoever stands before 向 or 致电, who may be someone else
        # ("普京向金正恩发送贺电"); the caller infers the other leader only when they are in the air.
        for e in reversed(before):  # "向/给/致 [titles] 金正恩 ... 致贺电": the recipient
            marker = _ZH_TO.search(text, max(0, e.start - _ZH_TITLE_GAP), e.start)
            if marker and not _ZH_CLAUSE.search(text, marker.end(), e.start) \
                    and not any(marker.end() <= b.start and b.end <= e.start for b in before) \
                    and not _ZH_CLAUSE_END.search(text, e.end, t.start):
                # (向 goes with the first person after it: "向金正恩转交由习近平签署的信件" is to Kim; and
                # with a message word of its own clause: "向习近平致电，对习近平的祝贺表示感谢")
                return self._zh_sender([b for b in before if b.end <= marker.start()], marker.start(), text), e.kind
        if t.text[0] in "\u81f4\u7535" and after and after[0].start - t.end <= _ZH_TITLE_GAP:
            return self._zh_sender(before, t.start, text), after[0].kind  # "致电金正恩", "电贺习近平"
        if after and _ZH_OF_AFTER.match(text, t.end) and after[0].start - t.end <= _ZH_TITLE_GAP + 2:
            return after[0].kind, other_leader(after[0].kind)  # "发来贺电的中国国家主席习近平"
        if before:
            owner = before[-1]
            someone_else = any(e.kind == OTHER and owner.end <= e.start < t.start for e in self.s.entities)
            if not someone_else and _ZH_OWNER.fullmatch(text, owner.end, t.start):
                return owner.kind, self._unsaid_end(owner.kind)  # "习近平的贺电", "金正恩在21日的回电中"
            subject = before[0]
            received = _ZH_RECEIVE.search(text, subject.end, t.start)
            if received:
                if any(e.kind == OTHER and received.end() <= e.start < t.start for e in self.s.entities):
                    return OTHER, subject.kind  # "金正恩收到普京18日发来的贺电"
                return other_leader(subject.kind), subject.kind  # "金正恩收到...的贺电"
            return self._zh_sender(before, t.start, text) or subject.kind, None
        return None, None

    @staticmethod
    def _zh_sender(before: list[Entity], start: int, text: str) -> str | None:
        """The leader who is the subject of the verb at offset ``start`` (a message word or 向): the
        last one named before it in the same clause ("金正恩连任总书记 习近平致电祝贺": Xi)."""
        if before and not _ZH_CLAUSE.search(text, before[-1].end, start) and " " not in text[before[-1].end:start] \
                and start - before[-1].end <= _ZH_TITLE_GAP:
            return before[-1].kind
        return None


# what an envoy or ambassador does with a message, in the clause after their name: 전달, 교환, 만나,
# 접견, 회견; 转交, 转达, 面交, 递交, 会见, 接见
_CJK_CHANNEL_AFTER = re.compile("[^\u3002.]{0,60}?(?:\uc804\ub2ec|\uad50\ud658|\ub9cc\ub098|\ub9cc\ub09c|\ub9cc\ub0ac"
                                "|\uc811\uacac|\ud68c\uacac|\u63a5\u89c1|\u8f6c\u4ea4|\u8f49\u4ea4"
                                "|\u8f6c\u8fbe|\u8f49\u9054|\u9762\u4ea4|\u9012\u4ea4|\u905e\u4ea4|\u4f1a\u89c1|\u6703\u898b)")
_ZH_REPLY_VERB = re.compile("\u56de\u590d|\u56de\u8986|\u7b54\u590d|\u7b54\u8986")  # 回复, 回覆, 答复: "replied to (Kim's message)"
_ZH_CLAUSE_MARKS = "\uff0c,\u3002\uff1b;"  # ，,。；;
_ZH_CLAUSE_END = re.compile(f"[{_ZH_CLAUSE_MARKS}]")
_ZH_NEGATED = re.compile(f"(?:\u672a|\u6ca1\u6709|\u6c92\u6709|\u4e0d\u66fe)[^{_ZH_CLAUSE_MARKS}]*$")  # 未, 没有, 不曾 in the clause
_CJK_EXCHANGE = re.compile("\u4e92\u81f4|\u4e92\u76f8\u81f4|\u4ea4\u6362|\u4ea4\u63db|\u4e92\u9001")  # 互致, 互相致, 交换, 互送
_KO_EXCHANGE = re.compile("\\s*(?:\ub97c|\uc744)?\\s*(?:\uc11c\ub85c\\s*)?(?:\uad50\ud658|\uc8fc\uace0\ubc1b)")  # 를 교환, 주고받
# "X (북한 노동당 위원장)의 축전", "X가 (지난 12일) 보낸 축전": the message's sender
_KO_OWNER = re.compile("(?:(?!\uc5d0\uac8c|\uaed8|[\uc744\ub97c]\\s|\ubcf4\ub0b4)[^,.\u3002\"]){0,20}?"  # not past 에게, 께, 을/를, 보내
                       "(?:\uc758|(?:\uc774|\uac00)\\s[^,.\"]{0,12}?\ubcf4\ub0b8)[\\s']*")  # "의 '친서'"
_KO_COUNTRY = "(?:\ubd81\ud55c|\uc911\uad6d|\uc870\uc120)"  # 북한, 중국, 조선 before a title: "김정은 북한 국무위원장이"
# titles after a Korean name: 동지, 총비서, 주석, 위원장, 국무위원장, 국가주석, 제1위원장, 제1비서
_KO_TITLE = ("(?:\ub3d9\uc9c0|\ucd1d\ube44\uc11c|\uc8fc\uc11d|\uc704\uc6d0\uc7a5|\uad6d\ubb34\uc704\uc6d0\uc7a5|\uad6d\uac00\uc8fc\uc11d"
             "|\uc81c1\uc704\uc6d0\uc7a5|\uc81c1\ube44\uc11c)")
_KO_PARTY = "(?:(?:\uc870\uc120)?[\ub178\ub85c]\ub3d9\ub2f9|(?:\uc911\uad6d\\s?)?\uacf5\uc0b0\ub2f9)"  # (조선)노동당/로동당, (중국)공산당
_KO_SUBJECT = re.compile(f"\\s*(?:{_KO_COUNTRY}\\s?)?(?:{_KO_PARTY}\\s?)?{_KO_TITLE}?"
                         "(\uc740|\ub294|\uc774|\uac00|\uaed8\uc11c)[\\s)]")  # 은, 는, 이, 가, 께서 (used with .match)
# a list goes on after a name and its title: 과, 와, the list commas, 和, 及
_LIST_JOIN = re.compile(f"\\s*{_KO_TITLE}?\\s*(?:[\uacfc\uc640]\\s|[,\u3001\uff0c\u548c\u53ca])")
_KO_SENT_VERB = "(?:\ubcf4\ub0b8|\ubcf4\ub0b4\\s?[\uc628\uc900])"  # 보낸, 보내온, 보내준: "(that) sent"
# a message word, then a relative clause that ends right before a person: "축전을 보낸 시진핑"
_KO_SENT_BY_NEXT = re.compile(f"\\s*[\uc744\ub97c]?\\s*{_KO_SENT_VERB}\\s*")
_KO_SENT_BEFORE = re.compile(f"{_KO_SENT_VERB}\\s*$")  # a message word's relative clause ends right before it
# "... 축전을 보낸 데 대해", "서한을 보낸 것에": the message word is inside a clause with its own subject
_KO_SENT_CLAUSE = re.compile(f"[^,.\"]{{0,12}}?{_KO_SENT_VERB}\\s*(?:\uac83|\ub370)")  # ... 보낸 것/데
# A headline's bare 에 right before the message word: "시진핑에 축전", "'김정은에 연하장'"
_KO_TO_HEADLINE = re.compile(f"\\s*{_KO_TITLE}?\\s*\uc5d0\\s*['\"\u2018\u2019\u201c\u201d]?\\s*")
_KO_NEGATED_AFTER = re.compile("\\s*[\uc744\ub97c]?\\s*(?:\ud558\uc9c0|\ubcf4\ub0b4\uc9c0|\ubcf4\ub0b4\uc624\uc9c0|\ubc1b\uc9c0)\\s*\uc54a")  # 하지/보내지/받지 않
# "(시 주석은) 연하장을 받은 인사로 언급되지 않았다/명단에서 빠졌다": not among those listed
_KO_NOT_LISTED = re.compile("[^,.\u3002]{0,24}?(?:(?:\uc5b8\uae09|\ud3ec\ud568|\ud638\uba85|\uac70\ub860)\ub418\uc9c0\\s*\uc54a"
                            "|\ube60\uc84c|\ube60\uc838)")  # 언급/포함/호명/거론되지 않, 빠졌, 빠져
# whether a message was sent is not that it was: "친서 전달을 했는지 여부", "是否转交了亲笔信"
_KO_WHETHER = re.compile("[^,.\u3002]{0,16}?(?:\ud588|\ud558|\ub410|\ub418|\ubcf4\ub0c8|\ubcf4\ub0b4|\uc804\ub2ec\ud588)\ub294\uc9c0")
_ZH_WHETHER = re.compile("[\u662f\u6703\u4f1a]\u5426[^\uff0c,\u3002]{0,12}$")  # 是否, 會否, 会否
# 으로부터, 로부터, 에게서, 한테서 after a person, or after the last of a list ("A 주석과 B 대통령으로부터")
_KO_FROM = re.compile(f"\\s*{_KO_TITLE}?\\s*(?:[\uacfc\uc640]\\s*[^,.\u3002]{{1,20}}?)?"
                      "(?:\uc73c\ub85c\ubd80\ud130|\ub85c\ubd80\ud130|\uc5d0\uac8c\uc11c|\ud55c\ud14c\uc11c)")
_KO_VERBAL = re.compile("\uad6c\ub450\\s?\uce5c\uc11c")  # 구두친서
# 매년, 해마다, 전통적으로, 관례적으로; 每年, 历年: a habit, not one message
_CJK_HABIT = re.compile("\ub9e4\ub144|\ud574\ub9c8\ub2e4|\uc804\ud1b5\uc801\uc73c\ub85c|\uad00\ub840\uc801\uc73c\ub85c"
                        "|\u6bcf\u5e74|\u5386\u5e74|\u6b77\u5e74")
_KO_SENT = re.compile("\ubcf4\ub0b8|\ubcf4\ub0b4|\ubcf4\ub0c8|\ubc1b\uc740|\ubc1b\uc558")  # 보낸, 보내, 보냈, 받은, 받았
_ZH_TITLE_GAP = 30  # a name's titles in Chinese ("朝鲜劳动党总书记、国务委员长") stand before it
_ZH_TO = re.compile("[\u5411\u7ed9\u81f4]")  # 向, 给, 致
_ZH_CLAUSE = re.compile(f"[{_ZH_CLAUSE_MARKS}\u7684]")  # the clause marks and 的
_ZH_OF_AFTER = re.compile("\u7684")  # 的
_ZH_OWNER = re.compile("[^\uff0c,\u3002]{0,12}?\u7684(?:[^\uff0c,\u3002]{0,4})")  # "X(在21日)的(复谢)口信"
_QUOTE_OPEN = re.compile('["\u201c\u300c]')
_CJK_QUOTE_OPEN = re.compile('[\u201c\u300c][^\u201d\u300d]*$')  # an opening “ or 「 not yet closed
_SECOND_PERSON = re.compile("\ub2f9\uc2e0|\ub3d9\uc9c0\uaed8\uc11c|\uadc0\ud558|\u60a8|\u4f60")  # 당신, 동지께서, 귀하, 您, 你
# What a reply thanks for, named by a word that is not a message word: 感谢 ... (的)祝贺/慰问/问候;
# 축하(해 준 데 대해) ... 사의/감사, 위문에 사의
_ZH_THANKED_FOR = re.compile("\u611f\u8c22[^\u3002\uff1b;]{0,40}?(?P<what>\u795d\u8d3a|\u6170\u95ee|\u95ee\u5019)"
                             "|(?P<ko>\ucd95\ud558|\uc704\ubb38|\uc704\ub85c)(?:\ud574\\s?\uc900|\ud558\uc5ec\\s?\uc900|\ud55c)?"
                             "\\s*(?:\ub370|\uac83)?\\s*(?:\uc5d0)?\\s*(?:\ub300\ud574|\ub300\ud558\uc5ec|\ub300\ud55c)?"
                             "[^.\u3002]{0,15}?(?:\uc0ac\uc758|\uac10\uc0ac|\uace0\ub9c8\uc6c0)")
_THANKED_PURPOSE = {"\u795d\u8d3a": "congratulation", "\u6170\u95ee": "sympathy", "\ucd95\ud558": "congratulation",
                    "\uc704\ubb38": "sympathy", "\uc704\ub85c": "sympathy"}  # 祝贺, 慰问, 축하, 위문, 위로
_ZH_RECEIVE = re.compile("\u6536\u5230|\u6536\u6089|\u63a5\u5230|\u63a5\u83b7")  # 收到, 收悉, 接到, 接获


class _NoObject:
    pass


_NO_OBJECT = _NoObject()


class _Bare(Mention):
    """A message word whose ends the sentence does not give ("The messages were delivered on Monday")."""

    def __init__(self, trigger: Trigger, sentence: int):
        super().__init__(None, None, sentence, trigger)


# ---------------------------------------------------------------------------------------------------
# 4. Binding dates and occasions to the mentions of a sentence

_DATED_APPOSITION = re.compile(r"\s*,\s*(?:(?:which|that)\s+(?:was|is)\s+)?(?i:dated|sent|delivered)\s+(?:(?i:on)\s+)?")
_SEND_NEAR = re.compile(rf"\b(?i:{_SEND}|{_ENVOY}|exchanged|dated)\b")
_MEDIA_SAID = re.compile(r"(?i:\b(?:kcna|xinhua|yonhap|media|agency|outlet|newspaper|television|tv|sinmun|daily"
                         r"|ministry|spokes\w+)\b[^.;]{0,25}\b(?:said|says|reported|reports|announced)\b)")


_MESSAGE_WORD = re.compile(r"(?i:message|letter|card|reply|greetings)")
_LEADER_SPEAKER = re.compile(r"(?:\bXi(?:\s+Jinping)?|\bKim(?:\s+Jong[- ]?[Uu]n)?|\b[Hh]e|\bleader|\bpresident"
                             r"|\bsecretary)\s*$", re.I)


# "据朝中社23日报道", "조선중앙통신은 19일 ... 보도했다": a date an outlet reported on
_CJK_REPORT_AFTER = re.compile("[\u8baf\u8a0a]"  # "【某网2017年11月2日讯】": the page's date
                               "|[\u7535\u96fb](?![\u8d3a\u8cc0])"  # "新华社北京12月2日电": a dispatch, not 电贺
                               "|[^,.\uff0c\u3002]{0,8}?(?:\u62a5\u9053|\u62a5\u5bfc|\u5831\u5c0e|\u5831\u9053|\ubcf4\ub3c4|\ubc1c\ud45c|\uacf5\uac1c|\uc804\ud588)"
                               "|[^,.\uff0c\u3002\"]{0,24}?\uc5d0\\s?\ub530\ub974\uba74"  # "26일 노동신문에 따르면"
                               # "18일 <노동신문>이 2면에 보도했다": further on, when nothing is sent in between
                               "|(?:(?!\ubcf4\ub0b4|\ubcf4\ub0b8|\uc804\ub2ec)[^,.\uff0c\u3002\"]){9,24}?\ubcf4\ub3c4\ud588")
_CJK_REPORT_BEFORE = re.compile("(?:\u793e|\ud1b5\uc2e0\uc740|\ud1b5\uc2e0\uc774|\uc2e0\ubb38\uc740|\ub9e4\uccb4\ub294|\ub9e4\uccb4\ub4e4\uc740"
                                "|\ub2f9\uad6d\uc740|\uc758\ud558\uba74)\\s*$")


_ACCORDING_TO = re.compile(r"\b(?i:according\s+to)\b[^,;.]{0,100}?\b(?i:on|last)?\s*$")


_MEDIA_JUST_BEFORE = re.compile(r"\b(?i:kcna|xinhua|yonhap|sinmun|media|agency|newspaper|daily|television|tv|outlet)"
                                r"\s+(?i:on\s+|last\s+)?$")
_REPORTED_RIGHT_AFTER = re.compile(r"\s*,?\s*(?:[\w-]+\s+){0,2}?(?i:reported|publici[sz]ed|published|carried|announced"
                                   r"|released|quoted|said|aired)\b")


def _report_date(text: str, start: int, end: int) -> bool:
    """Whether the date at [start, end) is when something was reported, not sent."""
    according = _ACCORDING_TO.search(text, max(0, start - 120), start)
    if according and not _SEND_NEAR.search(text, according.end(), start):
        return True  # "according to KCNA and China's Xinhua news agency on Sunday"
    if not text.isascii() and (_CJK_REPORT_AFTER.match(text, end) or _CJK_REPORT_BEFORE.search(text, max(0, start - 8), start)):
        return True
    before = text[max(0, start - 45):start]
    verbs = list(_REPORT_VERB.finditer(before))
    sends = list(_SEND_NEAR.finditer(before))
    if verbs and (not sends or sends[-1].start() < verbs[-1].start()):
        word = verbs[-1].group(0).lower()
        if word not in ("said", "says", "told"):
            return True
        # "a source said on Thursday" reports; "Xi said in the message on July 23" quotes the message
        return not _LEADER_SPEAKER.search(before[:verbs[-1].start()])
    if _MEDIA_JUST_BEFORE.search(text, max(0, start - 40), start) and _REPORTED_RIGHT_AFTER.match(text, end):
        return True  # "KCNA on Thursday publicised Xi's message", "state media on Monday carried ..."
    after = text[end:end + 70]
    return bool(re.match(r"[\s,]*(?:the\s+)?(?:[\w'-]+\s+){0,6}?(?i:reported|announced|said\s+in\s+a\s+report)\b", after)
                and _MEDIA_SAID.search(text[end:end + 70]))


_EVENT_BEFORE = re.compile(r"\b(?i:briefing|conference|interview|speech|session|hearing|forum)\s+(?:in\s+[A-Z][\w-]+\s+)?"
                           r"(?i:on|last|this)\s+$")


# "warmer than it was last year", "compared with last year": the time of what it is compared with
_COMPARED_BEFORE = re.compile(r"\b(?i:than|compared\s+(?:with|to)|in\s+contrast\s+to)\s+(?:[\w']+\s+){0,3}$")


def _in_relative_clause(text: str, start: int) -> bool:
    """Whether a date sits in a relative clause about something else ("Xi, who visited Pyongyang in
    June 2019, sent ..."); "the message, which was delivered on Tuesday," is about the message."""
    comma = text.rfind(",", 0, start)
    if comma < 0:
        return False
    m = re.match(r",\s+(who|which|where|whose|that)\b", text[comma:start])
    if not m:
        return False
    return m.group(1) != "which" or not _MESSAGE_WORD.search(text, max(0, comma - 60), comma)


def _bind(items, mentions: list[Mention], text: str, send_near=True) -> dict[int, list]:
    """Assign each dated or occasion item to one mention of the sentence. A date goes to the message
    after it when a send verb leads there ("on Saturday sent a letter"), else to the one before it
    ("the message on July 23", "a reply ... on Tuesday in response to"), else to the first after.
    An occasion goes to the closest message word (``send_near=False``)."""
    by_trigger: dict[int, list] = {}
    starts = sorted({m.trigger.start for m in mentions})
    ends = {m.trigger.start: m.trigger.end for m in mentions}
    segments = all(m.trigger.kind == "didso" for m in mentions)
    for item in items:
        inside = [s for s in starts if s <= item.start < ends[s]]
        if inside:
            by_trigger.setdefault(inside[0], []).append(item)
            continue
        if segments:  # "did so in April after ... and in September, around ...": each date owns what follows it
            owner = [s for s in starts if s <= item.start]
            by_trigger.setdefault(owner[-1] if owner else starts[0], []).append(item)
            continue
        i = bisect.bisect_left(starts, item.end)
        nxt = starts[i] if i < len(starts) else None
        prv = None
        for s in reversed(starts[:i]):
            if ends[s] <= item.start:
                prv = s
                break
        if prv is None and i > 0:
            prv = starts[i - 1]
        apposition = prv is not None and (_DATED_APPOSITION.fullmatch(text, ends[prv], item.start)
                                          or ends[prv] < item.start and not text[ends[prv]:item.start].strip())
        if apposition and send_near:
            # "The letter, dated Monday, was sent in response to ...", "sent a letter Monday to ...":
            # the letter's date
            choice = prv
        elif nxt is not None and send_near and _SEND_NEAR.search(text, item.end, nxt):
            choice = nxt
        elif nxt is not None and send_near and nxt - item.end <= 3 and not text.isascii():
            choice = nxt  # Korean and Chinese put the date right before its message: "지난 9일 답전을"
        elif nxt is not None and prv is not None and send_near and not text.isascii() \
                and _ZH_CLAUSE_END.search(text, ends[prv], item.start) and not _ZH_CLAUSE_END.search(text, item.end, nxt):
            choice = nxt  # "...때 축전을 보냈고, 작년 10월 ...때도 축전을 보냈다": the date opens the next clause
        elif prv is not None and (send_near or nxt is None or item.start - ends[prv] <= nxt - item.end):
            choice = prv
        else:
            choice = nxt if nxt is not None else prv
        if choice is not None:
            by_trigger.setdefault(choice, []).append(item)
    return by_trigger


_FRAMED = re.compile(r"\b(?i:in|through)\s+(?i:the|his|her|its|this|that)\s+(?:[\w'-]+\s+){0,2}$")
_DATED_BEFORE = re.compile(r"\b(?i:dated|sent|delivered|written)\s+(?:(?i:on)\s+)?$")  # "In the reply, dated Monday,"
_CJK_FRAME = re.compile("\uc5d0\uc11c|\u4e2d")  # 에서 ("답전에서"), 中 ("在贺电中"); used with .match after the word
_CONTENT_START = re.compile(r"\b(?i:that|saying|noting|stressing|adding)\b")


def _not_reported_content(text: str, m: Mention, occasions: list) -> list:
    """"Kim said in the message that he was pleased with the success against the coronavirus", "In his
    message, Kim declared 2024 the year of friendship marking the 75th anniversary of ...": what the
    message says (after "that", or after the opening frame's comma) is its content, not its occasion."""
    if occasions and _CJK_FRAME.match(text, m.trigger.end) \
            and (text[m.trigger.end] != "\u4e2d" or "\u5728" in text[max(0, m.trigger.start - 12):m.trigger.start]):
        # "답전에서 시 주석은 ... 지난달 ...", "习近平在贺电中说 ...": all after the frame word is content
        return [o for o in occasions if o.start < m.trigger.start]
    frame = _FRAMED.search(text, max(0, m.trigger.start - 30), m.trigger.start) if occasions else None
    if frame is None:
        return occasions
    content = _CONTENT_START.search(text, m.trigger.end)
    cut = content.start() if content else len(text)
    if not text[:frame.start()].strip(" \"'"):  # "In his message to Xi, Kim declared ...": the frame ends at the comma
        comma = text.find(",", m.trigger.end)
        if 0 <= comma < cut:
            cut = comma
    return [o for o in occasions if o.start < cut or _DATED_BEFORE.search(text, max(0, o.start - 14), o.start)]


def _best_occasion(occasions: list[Occasion], trigger: Trigger | None = None) -> Occasion | None:
    """The occasion that names the message itself ("New Year messages", "birthday greetings"), else
    the most specific one."""
    if not occasions:
        return None
    if trigger is not None:
        touching = [o for o in occasions if trigger.start - 2 <= o.end and o.start <= trigger.end]
        if touching:
            return touching[0]
    return min(occasions, key=lambda o: (_PRIORITY.get(o.type, 99), o.start))


# ---------------------------------------------------------------------------------------------------
# 5. The article: reading every sentence, merging mentions into messages


def _read_article(text, published, source) -> Article:
    text = clean_text(text)
    published_date = parse_iso(published)
    if not text.strip():
        return Article([], published_date, published_date, None, None, "en")
    reader = _Reader(text, published_date)
    mentions = _read_mentions(reader)
    messages = _merge(mentions, reader.ref)
    _complete(messages, reader)
    early = [m for m in messages if _before_xi_era(m.when)]
    messages = [m for m in messages if m not in early]
    phrases_found = _phrases_by_sentence(messages + early, reader)
    records = [_record(m, messages, reader, source, phrases_found) for m in messages]
    headline = reader.sentences[0].text.strip() if reader.sentences and reader.sentences[0].is_headline else None
    return Article(records, reader.ref, reader.dateline.published, reader.dateline.outlet, headline,
                   _language(text), [_record(m, early, reader, source, phrases_found) for m in early])


def _before_xi_era(when: When) -> bool:
    """Whether every day ``when`` can stand for is before Xi led the party: then the message was
    someone else's (Hu Jintao's, or sent to him), whatever title the report uses."""
    return when.known and date_span(when.day, when.precision)[1] < SCOPE_START


def _read_mentions(reader: _Reader) -> list[Mention]:
    mentions: list[Mention] = []
    lead_seen = False
    previous_triggers: list[Mention] = []
    roundup: _Roundup | None = None  # messages from many leaders to one of the two
    for s in reader.sentences:
        if roundup is not None:
            member = _roundup_member(s, roundup)
            if member is not None:
                member.lead = not lead_seen  # the roundup is the report's news unless a message came before
                mentions.append(member)
                continue
            if s.index - roundup.head >= _ROUNDUP_REACH:
                roundup = None
        if not _may_mention(s):
            continue
        triggers = find_triggers(s.text, s.lower)
        if not triggers:
            continue
        roundup = _roundup_head(reader, s, triggers) or roundup
        sentence_mentions = _MentionReader(reader, s, triggers).read()
        if any(t.kind == "didso" for t in triggers) and not [m for m in sentence_mentions if m.sender]:
            sentence_mentions = _repeat_previous(reader, s, triggers, previous_triggers)
        if not sentence_mentions:
            continue
        _relate(s.lower if len(s.lower) == len(s.text) else s.text, sentence_mentions)
        _date_and_occasion(reader, s, sentence_mentions)
        real = [m for m in sentence_mentions if m.sender]
        if real and (s.is_headline or not lead_seen):
            for m in real:
                m.lead = not m.answered
            lead_seen = lead_seen or not s.is_headline
        mentions.extend(sentence_mentions)
        reader.bare_sentences.update(m.sentence for m in sentence_mentions if m.sender is None)
        if real:
            previous_triggers = real
    return mentions


# A roundup: "Kim received congratulatory messages from heads of state of many countries. Among them
# were Xi Jinping ...", "多国领导人向习近平致唁电。……金正恩表示，……", "각국 정상들이 김 위원장에게 축전을
# 보냈다. 이 가운데 시진핑 ...": the many senders are named in the sentences after the head.
_ROUNDUP_GROUP = re.compile(
    r"(?i:\b(?:foreign\s+|world\s+|many\s+|other\s+)?(?:leaders|heads\s+of\s+state)\b)"
    # 多国/各国/外国领导人, 许多国家、政党领导人, 世界各国领导人
    "|(?:\u8bb8\u591a|\u591a|\u5404|\u5916)[^\uff0c,\u3002]{0,10}?\u9886\u5bfc\u4eba"
    "|\uac01\uad6d\\s?(?:\uc815\uc0c1|\uc9c0\ub3c4\uc790|\uc218\ubc18)|\uc5ec\ub7ec\\s?\ub098\ub77c\\s?(?:\uc815\uc0c1|\uc9c0\ub3c4\uc790|\uad6d\uac00\uc218\ubc18)")
# the member sentence: "Among them were ...", "They included ...", 其中(包括), 이 가운데, 이들 중; or, in
# Chinese and Korean, the leader's name opening the sentence and then what he said (表示, 밝혔다)
_ROUNDUP_AMONG = re.compile(r"\s*[\"']?(?:(?i:among\s+(?:them|those|the\s+\w+))[^.;]{0,40}?\s+(?i:were|was|are|is)\b"
                            r"|(?i:they\s+included|those\s+who\s+sent)\b"
                            "|\u5176\u4e2d|\uc774\\s?\uac00\uc6b4\ub370|\uc774\ub4e4\\s?\uc911)")
_ROUNDUP_SAID = re.compile("[^\u3002.]{0,40}?(?:\u8868\u793a|\u8bf4|\ubc1d\ud614|\uac15\uc870\ud588|\ub9d0\ud588)")
_ROUNDUP_SAID_EN = re.compile(r"[\s,]*(?:[\w'-]+\s+){0,2}?(?i:said|says|expressed|wished|wishes|noted|hoped|extended|stressed)\b")
_ROUNDUP_REACH = 8  # sentences after the head that may name its senders


class _Roundup(NamedTuple):
    head: int            # the index of the sentence that says many leaders sent messages
    word: Trigger        # its message word: the form and purpose of every message it stands for
    recipient: str       # the one of the two leaders it names
    when: When           # its date and occasion, which the senders named after it share
    occasion: Occasion | None


def _roundup_head(reader: _Reader, s: Sentence, triggers: list[Trigger]) -> _Roundup | None:
    """A sentence saying that many leaders sent messages to one of the two, who alone is named."""
    if s.text.isascii() and "leaders" not in s.lower and "heads of state" not in s.lower:
        return None  # (a cheap test first: most sentences with a message word are not roundups)
    if not _ROUNDUP_GROUP.search(s.text):
        return None
    leaders = {e.kind for e in s.entities if e.kind in (XI, KIM)}
    words = [t for t in triggers if t.plural or t.kind == "cjk" or t.text.lower() in _GREETING_NOUNS]
    if len(leaders) != 1 or not words:
        return None
    dates = _sentence_dates(reader, s)
    return _Roundup(s.index, words[0], leaders.pop(), _finest(dates) if dates else UNKNOWN,
                    _best_occasion([o for o in s.occasions if o.type != "summit"]))


def _roundup_member(s: Sentence, roundup: _Roundup) -> Mention | None:
    """The other leader named among a roundup's senders: his message to the head's leader, with the
    head's form, purpose, date and occasion."""
    sender = other_leader(roundup.recipient)
    named = next((e for e in s.entities if e.kind == sender), None)
    if named is None:
        return None
    opening = _ROUNDUP_AMONG.match(s.text)
    if s.text.isascii():
        # "Chairman of the State Affairs Commission of the DPRK Kim Jong Un said he wishes ...": he opens
        # the sentence (his titles may come first) and says what his message says
        first = next((e for e in s.entities if e.kind != MEDIA), None)
        said = first is not None and first.kind == sender and first.start <= 3 \
            and _ROUNDUP_SAID_EN.match(s.text, max(e.end for e in s.entities if e.kind == sender and e.start < 200))
    else:
        # (Chinese puts the titles first: "朝鲜劳动党总书记金正恩表示")
        said = named.start <= _ZH_TITLE_GAP and not _ZH_CLAUSE_END.search(s.text, 0, named.start) \
            and _ROUNDUP_SAID.match(s.text, named.end)
    if not opening and not said:
        return None
    word = roundup.word
    trigger = Trigger("roundup", named.start, named.end, word.text, medium=word.medium, purpose=word.purpose)
    return Mention(sender, roundup.recipient, s.index, trigger, when=roundup.when, occasion=roundup.occasion)


# Every message word needs one of these (in the lowered sentence): a cheap test before the real one.
_HINT = re.compile(r"messag|letter|card|telegram|cable|repl|respon|congratulat|condolences|greeting|"
                   r"exchang|trad|did so|done so|the same|wrote|writ|[\u4e00-\u9fff\uac00-\ud7a3]")


def _may_mention(s: Sentence) -> bool:
    return bool(_HINT.search(s.lower))


def _repeat_previous(reader: _Reader, s: Sentence, triggers, previous: list[Mention]) -> list[Mention]:
    """"They did so in April ... and in September ...": the previous sentence's messages again, once
    for every date the sentence gives."""
    if not previous:
        return []
    didso = next(t for t in triggers if t.kind == "didso")
    dates = [d for d in find_date_expressions(s.text) if d.start() > didso.start]
    out = []
    for k, d in enumerate(dates or [None]):
        pseudo = Trigger("didso", d.start() if d else didso.start, d.end() if d else didso.end,
                         d.group(0) if d else didso.text, medium=previous[0].trigger.medium)
        reader._exchanges += 1
        for m in previous:
            out.append(Mention(m.sender, m.recipient, s.index, pseudo,
                               exchange=reader._exchanges if m.exchange else None))
    return out


_TO_WHO_DID = re.compile(r"\b(?i:to)\s+[^;]{1,120}?,\s+(?i:who)\s+(?:(?i:had|has)\s+)?(?:[a-z]+ly\s+)?$")


def _relate(text: str, mentions: list[Mention]) -> None:
    """Replies and what they answer, within one sentence (``text`` lowered when offsets allow)."""
    ordered = sorted(mentions, key=lambda m: m.trigger.start)
    # "The message ... responded to Kim's telegram": a reply verb with no ends of its own relates the
    # two messages around it
    paired = [m for m in ordered if m.sender or m.trigger.kind != "replied"]
    for a, b in zip(paired, paired[1:]):
        if b.trigger.kind in ("replied", "wrote") and b.trigger.reply_word and a.sender and b.sender == a.recipient \
                and a.sender == b.recipient and not b.trigger.text.lower().endswith("to"):
            b.is_reply = True  # "Kim sent a message in March, and Xi replied in April"
            b.answers.append(a)
            a.answered = True
            continue
        if a.sender is None and b.sender and _lowered(_REPLY_TO_BETWEEN).search(text, a.trigger.end, b.trigger.start):
            a.sender, a.recipient = b.recipient, b.sender  # "The letter answered a message Xi sent Kim"
        if a.sender and (b.sender, b.recipient) == (a.sender, a.recipient) and b.recipient \
                and _lowered(_REPLY_TO_BETWEEN).search(text, a.trigger.end, b.trigger.start):
            # "Xi sent Kim a greeting in response to his congratulations": no one answers himself, so
            # "his" is the other's
            b.sender, b.recipient = a.recipient, a.sender
        if not (a.sender and b.sender) or a.sender != b.recipient:
            continue
        between = text[a.trigger.end:b.trigger.start]
        directly_to = re.match(r"\s*(?i:to)\b", between) or (a.trigger.kind == "replied" and len(between) < 40)
        # "a message of thanks to Xi, who had congratulated him": what the one he thanks did
        thanks_to_who = a.trigger.purpose == "thanks" and _lowered(_TO_WHO_DID).search(between)
        if a.trigger.reply_word and directly_to or thanks_to_who or _lowered(_REPLY_TO_BETWEEN).search(between):
            a.is_reply = True
            a.answers.append(b)
            b.answered = True
    for r in ordered:  # "金正恩向...发来贺电的习近平回电", "김정은 위원장의 축전에 답전을 보내"
        if r.trigger.kind == "cjk" and r.trigger.reply_word and r.sender and not r.answers:
            answered = [a for a in ordered if a.sender == r.recipient and a.recipient == r.sender
                        and not a.trigger.reply_word]
            if answered:
                r.is_reply = True
                r.answers.append(answered[0])
                answered[0].answered = True
    for i, m in enumerate(ordered):
        if m.sender and _lowered(_THANKS_FOR).search(text, max(0, m.trigger.start - _THANKS_WINDOW), m.trigger.start):
            m.answered = True
            # "In his message, Kim thanked Xi for the congratulations ...": that message answers it
            replies = [r for r in ordered[:i] if r.sender == m.recipient and r.recipient == m.sender and not r.answers]
            if replies:
                replies[-1].is_reply = True
                replies[-1].answers.append(m)
        limit = ordered[i + 1].trigger.start if i + 1 < len(ordered) else len(text)
        if m.sender and _lowered(_MESSAGE_THANKS).match(text, m.trigger.end, min(limit, m.trigger.end + 90)):
            m.is_reply = True  # "Kim's message, carried by KCNA, thanked Xi for his congratulations"
            m.trigger.purpose = "thanks"


def _date_and_occasion(reader: _Reader, s: Sentence, mentions: list[Mention]) -> None:
    dates = _sentence_dates(reader, s)
    more = []
    for trigger_start, whens in _bind(dates, mentions, s.text).items():
        for m in mentions:
            if m.trigger.start == trigger_start and m.when is UNKNOWN:
                # "In his message, Xi pointed out that in 1961 ...": a date the message tells of
                own = _not_reported_content(s.text, m, whens)
                if own:
                    m.when = _finest(own)
                series = _date_series(own, s.text) if m.trigger.plural and not m.exchange else []
                if series:  # "sent national day messages in 2013 and 2014": one message a date
                    m.when = series[0]
                    more.extend(replace(m, when=w, answers=[], separate=True) for w in series[1:])
    mentions.extend(more)
    for m in mentions:
        if m.when is UNKNOWN and m.sender and _HANDED.search(s.lower, max(0, m.trigger.start - 60), m.trigger.start):
            m.when = _meeting_day(reader, s.index - 1)  # "Choe handed over a letter" at the meeting just reported
        if m.sender and m.when.precision == "day":
            reader.last_event_day = m.when.day
    occasions = [_summit_with_others(o, s.entities, s.text) for o in s.occasions]
    bound = _bind(occasions, mentions, s.text, send_near=False)
    for m in mentions:
        m.occasion = _best_occasion(_not_reported_content(s.text, m, bound.get(m.trigger.start, [])), m.trigger)
    for m in mentions:  # a reply and what it answers are about the same occasion
        for answered in m.answers:
            if answered.occasion is None:
                answered.occasion = m.occasion
            if m.occasion is None:
                m.occasion = answered.occasion


_OUR_SUMMIT_PLACES = {"china", "chinese", "beijing", "pyongyang", "dprk", "sino", "xi", "kim", "china-dprk",
                      "dprk-china", "china-north", "their", "his", "the", "a", "first", "second", "third", "fourth",
                      "fifth", "recent", "latest", "historic"}


_HEAD_DATE_ZONE = 12
_DATELINE_MARK = re.compile(r"\s*(?:[_|:\u2013\u2014]|--?\s)")
_DATED_HEADER = re.compile(r"(?:19|20)\d\d-\d\d-\d\d$|[A-Z][a-z]+\.?\s+\d{1,2},?\s+(?:19|20)\d\d$")


def _sentence_dates(reader: _Reader, s: Sentence) -> list[When]:
    """The message dates of a sentence, resolved in order. Report dates ("KCNA said on Sunday") are
    not message dates, but "the previous day" after them counts from them."""
    dateline = reader.dateline.span
    dates = []
    anchor = reader.last_event_day
    # (in simplified characters, which keep the offsets: "上個月" is "上个月")
    for m in find_date_expressions(s.text if s.text.isascii() else _simplified(s.text)):
        if dateline and dateline[0] <= s.start + m.start() < dateline[1]:
            continue
        if s.start + m.start() < _HEAD_DATE_ZONE and _DATED_HEADER.match(m.group(0)):
            continue  # "2025-09-24 据..." at the very top: the page's date, not a message's
        if not s.text[:m.start()].strip() and _DATED_HEADER.match(m.group(0)) and _DATELINE_MARK.match(s.text, m.end()):
            continue  # "October 7, 2024_ ...", "May 3, 2019 -- ...": a dateline
        when = resolve(m, reader.ref, reader.year_hint, anchor)
        if when.precision == "day":
            anchor = when.day
        if _report_date(s.text, m.start(), m.end()):
            if when.precision == "day" and reader.ref and 0 <= (reader.ref - when.day).days <= _RECENT_DAYS:
                reader.report_days.append(when.day)  # "KCNA said on the 31st": the report, older than the page
            continue
        if _in_relative_clause(s.text, m.start()) \
                or _EVENT_BEFORE.search(s.text, max(0, m.start() - 40), m.start()) \
                or _COMPARED_BEFORE.search(s.text, max(0, m.start() - 30), m.start()):
            continue  # "at a press briefing on Thursday": the briefing's day; "warmer than last year"
        dates.append(when)
    return dates


_MEETING_LOOKBACK = 5
_HANDED = re.compile(r"\b(?i:handed(?:\s+over)?|delivered|conveyed|presented|passed\s+on)\b"
                     "|\u8f6c\u8fbe|\u8f6c\u4ea4|\uc804\ub2ec")  # 转达, 转交, 전달
_MEETING = re.compile(r"\b(?i:met|meets|meeting|talks|received|receives|visit|visited)\b"
                      "|\u4f1a\u89c1|\u4f1a\u6664|\u4f1a\u8c08|\uc811\uacac|\ud68c\ub2f4")  # 会见, 会晤, 会谈, 접견, 회담


def _meeting_day(reader: _Reader, index: int) -> When:
    """The day of the meeting reported in sentence ``index`` or in one of the few before it (the other
    message handed over there and what it said may stand between), if it gives one."""
    for i in range(index, max(-1, index - _MEETING_LOOKBACK), -1):
        if _MEETING.search(reader.sentences[i].lower):
            days = [w for w in _sentence_dates(reader, reader.sentences[i]) if w.precision == "day"]
            return days[-1] if days else UNKNOWN
    return UNKNOWN


def _summit_with_others(occasion: Occasion, entities: list[Entity], text: str) -> Occasion:
    """A summit with someone else ("his summit with Trump", "the Singapore summit") is not an Xi-Kim
    summit: its occasion is 'other'."""
    if occasion.type != "summit":
        return occasion
    previous = re.findall(r"[\w.'-]+", text[max(0, occasion.start - 25):occasion.start])
    elsewhere = bool(previous) and previous[-1][0].isupper() and previous[-1].lower().rstrip("'s") \
        not in _OUR_SUMMIT_PLACES
    destination = re.match(r"\s+(?:to|in)\s+([A-Z][a-z]+)", text[occasion.end:occasion.end + 25])
    if destination and destination.group(1).lower() not in _OUR_SUMMIT_PLACES:
        elsewhere = True  # "his state visit to Russia"
    if elsewhere or re.match(r"(?i:inter-korean|u\.?s\.?-|us-)", previous[-1] if previous else "") \
            or any(e.kind == OTHER and -20 < e.start - occasion.end < 60 for e in entities):
        return Occasion("other", text=occasion.text, start=occasion.start, end=occasion.end)
    return occasion


_SERIES_GAP = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)(?:(?i:in|on)\s+)?")


def _date_series(whens: list[When], text: str) -> list[When]:
    """Dates of one precision listed together ("in 2013 and 2014", "in April, June and September"),
    or [] when ``whens`` are not such a list."""
    if len(whens) < 2 or len({w.precision for w in whens}) != 1 or not all(w.known for w in whens):
        return []
    ordered = sorted(whens, key=lambda w: w.start)
    if any(not _SERIES_GAP.fullmatch(text, a.end, b.start) for a, b in zip(ordered, ordered[1:])):
        return []
    return ordered if len({w.day for w in ordered}) == len(ordered) else []


def _finest(whens: list[When]) -> When:
    order = {"day": 0, "month": 1, "year": 2, "unknown": 3}
    return min(whens, key=lambda w: order[w.precision])


# Merging ------------------------------------------------------------------------------------------

_SPECIFIC_MEDIA = {"letter", "verbal_message", "greeting_card"}
_CLASHING_PURPOSES = [{"sympathy", "congratulation"}, {"condolence", "congratulation"}, {"sympathy", "greeting"},
                      {"condolence", "greeting"}]


def _merge(mentions: list[Mention], ref: dt.date | None = None) -> list[Message]:
    """Mentions of one message into one :class:`Message`. ``ref`` is the report's date."""
    messages: list[Message] = []
    last_exchange: list[Message] = []  # the messages of the latest "exchanged messages"
    newest_exchange = 0
    last_sender = None
    for m in mentions:
        if m.sender is None:
            _attach_bare(m, messages[-1:] if not m.trigger.plural else last_exchange)
            continue
        if m.separate and last_sender is not None and last_sender != m.sender and not m.exchange:
            m.separate = False  # "Kim said in his message ... Xi also sent a message": also, as Kim did
        last_sender = m.sender
        target = _best_match(m, messages, ref)
        if target is None:
            target = Message(m.sender, m.recipient)
            messages.append(target)
        _absorb(target, m)
        if m.exchange and m.exchange >= newest_exchange:
            if m.exchange > newest_exchange:
                newest_exchange, last_exchange = m.exchange, []
            if target not in last_exchange:
                last_exchange.append(target)
    for msg in messages:
        for m in msg.mentions:
            for answered in m.answers:
                if answered.message is not None and answered.message is not msg and answered.message not in msg.answers:
                    msg.answers.append(answered.message)
    return messages


def _attach_bare(m: Mention, targets: list[Message]) -> None:
    """A message word without ends lends its date to what it refers to: the last exchange for a
    plural ("The messages were delivered on Monday"), the last message for a singular."""
    if not m.when.known:
        return
    for msg in targets:
        if not msg.when.known or _coarser_or_equal(msg.when, m.when):
            msg.when = m.when


def _coarser_or_equal(a: When, b: When) -> bool:
    order = {"day": 0, "month": 1, "year": 2, "unknown": 3}
    return order[a.precision] > order[b.precision]


def _best_match(m: Mention, messages: list[Message], ref: dt.date | None = None) -> Message | None:
    best, best_score = None, -1
    for k, msg in enumerate(messages):
        if (msg.sender, msg.recipient) != (m.sender, m.recipient) or not _compatible(msg, m):
            continue
        if msg.lead and not msg.when.known and _long_before(m.when, ref) \
                and (m.when.key in _BEFORE_THE_REPORT or m.when.precision == "year" and m.when.day.year < ref.year):
            continue  # an undated lead is the report's news: "last year's message", "the 2015 cards" are others
        if m.separate and all(x.sentence < m.sentence for x in msg.mentions) and not _same_day(msg.when, m.when):
            continue  # "Kim had also sent a message ...": not the message told of before
        if m.exchange and m.exchange in msg.exchanges:
            continue  # the two halves of one exchange are different messages
        if id(m) in msg.related or any(id(a) in msg.mention_ids for a in m.answers):
            continue  # a reply and what it answers are different messages
        score = k  # later messages are likelier referents
        if m.when.key and m.when.key in msg.date_keys:
            score += 100
        if m.occasion and msg.occasion and m.occasion.type == msg.occasion.type:
            score += 50
        if m.trigger.medium and m.trigger.medium == msg.medium:
            score += 20
        if score > best_score:
            best, best_score = msg, score
    return best


_BEFORE_THE_REPORT = {"last year", "the previous year", "last month", "the previous month", "early last month",
                      "late last month", "earlier last month"}  # date keys that say "before the report"


def _long_before(when: When, ref: dt.date | None) -> bool:
    """Whether the latest day ``when`` can stand for is more than a month before ``ref``."""
    if ref is None or not when.known:
        return False
    return (ref - date_span(when.day, when.precision)[1]).days > 31


def _bare_reelection(o: Occasion) -> bool:
    """"on his re-election", which a report may say of the party post as well as the presidency."""
    return o.type == "election" and _BARE_REELECTION.fullmatch(o.text.lower()) is not None


_BARE_REELECTION = re.compile(r"re-?elect(?:ed|ion)")


def _compatible(msg: Message, m: Mention) -> bool:
    if not _dates_agree(msg.when, m.when):
        return False
    a, b = msg.occasion, m.occasion
    if a and b and a.type != "other" and b.type != "other":
        if a.type != b.type and not (_bare_reelection(a) and b.type == "party_congress"
                                     or _bare_reelection(b) and a.type == "party_congress"):
            return False
        if a.occasion_id and b.occasion_id and a.occasion_id != b.occasion_id:
            return False
        if a.anniversary and b.anniversary and a.anniversary != b.anniversary:
            return False
    medium = m.trigger.medium
    if medium in _SPECIFIC_MEDIA and msg.medium in _SPECIFIC_MEDIA and medium != msg.medium:
        return False
    purpose = m.trigger.purpose
    if purpose and msg.purpose and {purpose, msg.purpose} in _CLASHING_PURPOSES:
        return False
    return True


def _same_day(a: When, b: When) -> bool:
    return a.known and b.known and a.precision == b.precision == "day" and a.day == b.day


def _dates_agree(a: When, b: When) -> bool:
    if not (a.known and b.known):
        return True
    coarse = a.precision if _coarser_or_equal(a, b) else b.precision
    if coarse == "day":
        return abs((a.day - b.day).days) <= 1
    if coarse == "month":
        return (a.day.year, a.day.month) == (b.day.year, b.day.month)
    return a.day.year == b.day.year


def _absorb(msg: Message, m: Mention) -> None:
    msg.mentions.append(m)
    msg.mention_ids.add(id(m))
    msg.related.update(id(a) for a in m.answers)
    if m.exchange:
        msg.exchanges.add(m.exchange)
    m.message = msg
    if m.when.key:
        msg.date_keys.add(m.when.key)
    if m.when.known and (not msg.when.known or _coarser_or_equal(msg.when, m.when)):
        msg.when = m.when
    elif not msg.when.known and not msg.when.key and m.when.key:
        msg.when = m.when
    if m.occasion and (msg.occasion is None or msg.occasion.type == "other"
                       or (m.occasion.anniversary and not msg.occasion.anniversary)
                       or (_bare_reelection(msg.occasion) and m.occasion.type == "party_congress")):
        msg.occasion = m.occasion
    medium = m.trigger.medium
    if medium and (msg.medium is None or (msg.medium == "message" and medium in _SPECIFIC_MEDIA)):
        msg.medium = medium
    if m.trigger.purpose and (msg.purpose is None or msg.purpose == "greeting"):
        msg.purpose = m.trigger.purpose
    msg.is_reply = msg.is_reply or m.is_reply
    msg.lead = msg.lead or m.lead
    msg.channel = msg.channel or m.channel
    msg.phrase_sentences.add(m.sentence)


# Completing what the text leaves open -----------------------------------------------------------

def _complete(messages: list[Message], reader: _Reader) -> None:
    """Fill what the sentences of a message leave open, from the rest of the article."""
    _attribute_content(messages, reader)
    _link_thanked(messages)
    _link_lone_reply(messages)
    for msg in messages:
        for answered in msg.answers:  # a reply takes the occasion of what it answers (coding rule 14)
            if answered.occasion and (msg.occasion is None or msg.occasion.type == "other"):
                msg.occasion = answered.occasion
            if msg.occasion and answered.occasion is None:
                answered.occasion = msg.occasion
    for msg in messages:
        if msg.occasion is None:  # the occasion may be named in the message's quoted text
            msg.occasion = _best_occasion([o for i in sorted(msg.phrase_sentences)
                                           for o in reader.sentences[i].occasions if o.type != "summit"])
    dominant = _dominant_occasion(reader) if any(msg.occasion is None for msg in messages) else None
    for msg in messages:
        if msg.occasion is None and dominant is not None and not _clashes(msg.purpose, dominant.type):
            msg.occasion = dominant
        _date_from_occasion(msg)
        _date_new_year(msg, reader)
        _date_from_report(msg, reader)
        _reply_in_exchange(msg)


_SAD_OCCASIONS = {"condolence", "disaster", "covid"}


def _clashes(purpose: str | None, occasion_type: str) -> bool:
    """A congratulation is not on a death or a disaster, and condolences are not on an anniversary."""
    if purpose == "congratulation":
        return occasion_type in _SAD_OCCASIONS
    if purpose in ("condolence", "sympathy"):
        return occasion_type not in _SAD_OCCASIONS and occasion_type != "other"
    return False


def _link_lone_reply(messages: list[Message]) -> None:
    """A reply that the text does not tie to what it answers answers the other leader's message when
    the article tells of just one that it can answer (not a reply itself, not answered already, not
    sent after it): "Kim sent a reply on the 17th. Xi had congratulated him on the 12th."."""
    answered = {id(a) for msg in messages for a in msg.answers}
    for reply in messages:
        if not reply.is_reply or reply.answers:
            continue
        candidates = [m for m in messages if (m.sender, m.recipient) == (reply.recipient, reply.sender)
                      and not m.is_reply and id(m) not in answered
                      and not (m.when.known and reply.when.known and m.when.day > reply.when.day)]
        if len(candidates) == 1:
            reply.answers.append(candidates[0])
            answered.add(id(candidates[0]))


def _link_thanked(messages: list[Message]) -> None:
    """"Kim received a reply from Xi. Xi thanked Kim for sending a message ...": the message thanked
    for is answered by the thanker's message told of just before (or in the same sentence)."""
    answering = {id(a) for msg in messages for a in msg.answers}
    for msg in messages:
        thanked = [x.sentence for x in msg.mentions if x.answered]
        if not thanked or id(msg) in answering:
            continue
        at = min(thanked)
        best, best_gap = None, None
        for other in messages:
            if other is msg or (other.sender, other.recipient) != (msg.recipient, msg.sender) or other.answers:
                continue
            gaps = [at - x.sentence for x in other.mentions if 0 <= at - x.sentence <= 3]
            if gaps and (best_gap is None or min(gaps) < best_gap):
                best, best_gap = other, min(gaps)
        if best is not None:
            best.answers.append(msg)
            best.is_reply = True
            answering.add(id(msg))


# a cheap stand-in for "names one of the leaders" (the dominant occasion is a fallback; it need not be exact)
_LEADER_HINT = re.compile(r"\b(?:Xi|Kim|XI|KIM)\b|(?i:chinese\s+president|north\s+korean\s+leader)"
                          r"|\u4e60\u8fd1\u5e73|\u7fd2\u8fd1\u5e73|\u91d1\u6b63\u6069|\uc2dc\uc9c4\ud551|\uae40\uc815\uc740")


def _dominant_occasion(reader: _Reader) -> Occasion | None:
    """The occasion an article is about, from the sentences that name a leader."""
    counts: dict[str, int] = {}
    first: dict[str, Occasion] = {}
    for s in reader.sentences:
        if s.text.isascii() and not _OCCASION_HINT.search(s.lower):
            continue
        if not _LEADER_HINT.search(s.text) and (s.text.isascii() or not any(e.is_leader for e in s.entities)):
            continue
        for o in s.occasions:
            if o.type in ("other", "summit"):
                continue
            counts[o.type] = counts.get(o.type, 0) + 1
            first.setdefault(o.type, o)
    if not counts:
        return None
    kind = max(counts, key=lambda k: (counts[k], -_PRIORITY.get(k, 99)))
    return first[kind]


def _date_from_occasion(msg: Message) -> None:
    """A congratulation on a dated anniversary with no date of its own was sent in that month."""
    o = msg.occasion
    if msg.is_reply or o is None or not o.year or not o.month:
        return
    if msg.when.known and not (msg.when.precision == "year" and msg.when.day.year == o.year):
        return
    if msg.sender != other_leader(o.side) and o.side is not None:
        return
    msg.when = When(dt.date(o.year, o.month, 1), "month", msg.when.key)


def _date_new_year(msg: Message, reader: _Reader) -> None:
    """A New Year card or message with no date (coding rule 11): reported in December, the month of the
    report; reported from 1 January, the year it greets (it may have been sent in late December)."""
    if msg.when.known or msg.occasion is None or msg.occasion.type != "new_year":
        return
    # the first report the text names ("KCNA reported on the 31st"), else the page's date
    reported = min(reader.report_days) if reader.report_days else reader.ref
    if reported is not None and reported.month == 12:
        # reported before 1 January: sent in December, the month of the report
        msg.when = When(dt.date(reported.year, 12, 1), "month", msg.when.key)
        return
    if reported is not None:
        year = reported.year
    elif reader.year_hint:
        year = reader.year_hint
    else:
        return
    msg.when = When(dt.date(year, 1, 1), "year", msg.when.key)


def _date_from_report(msg: Message, reader: _Reader) -> None:
    """The news of a report with no date of its own ("Kim received a verbal message from Xi") was sent
    in the report's month (month precision, coding rule 5), when the report is more than a week into
    the month; nearer its start the message may be last month's, and stays undated."""
    if not msg.lead or reader.ref is None or reader.ref.day <= _RECENT_DAYS:
        return
    if msg.occasion is not None and msg.occasion.type == "new_year":
        return  # coding rule 11: an undated New Year card may be December's
    if msg.when.known and not (msg.when.precision == "year" and msg.when.day.year == reader.ref.year):
        return  # dated; "the second message this year" is refined to the report's month
    msg.when = When(dt.date(reader.ref.year, reader.ref.month, 1), "month", msg.when.key)


def _reply_in_exchange(msg: Message) -> None:
    """In an exchange on one side's occasion (an election, a founding day), that side's message
    answers the other's congratulations."""
    o = msg.occasion
    if msg.is_reply or o is None or o.side is None or o.type == "party_congress":
        return
    if any(x.exchange for x in msg.mentions) and msg.sender == o.side:
        msg.is_reply = True


_REFERS_BACK = re.compile(r"\s*[\"']?(?:(?:The|This|That|Its|His|Her)\s+(?:\w+\s+){0,2}?(?:message|letter|card|reply"
                          r"|response|greetings?)\b|It\s+(?:said|noted|added|stressed|expressed|wished|hoped|"
                          r"pointed|went|also|reads|read)\b)")


def _attribute_content(messages: list[Message], reader: _Reader) -> None:
    """Sentences that report what a message says belong to it (their phrases are its rhetoric): a
    sentence whose speaker is a leader goes to that leader's nearest message; "The message said",
    "It noted" and unattributed quotations continue the message before; "The two leaders agreed"
    goes to both halves of the last exchange."""
    if not messages:
        return
    by_sender: dict[str, list[tuple[int, Message]]] = {}
    in_sentence: dict[int, list[Message]] = {}
    for msg in messages:
        first = min(x.sentence for x in msg.mentions)
        by_sender.setdefault(msg.sender, []).append((first, msg))
        for x in msg.mentions:
            in_sentence.setdefault(x.sentence, []).append(msg)
    previous: list[Message] = []
    quoting = False  # inside a message's text ("The message reads: Dear Comrade ... I wish you ...")
    for s in reader.sentences:
        if s.is_headline:
            continue
        words = _LOWER_WORDS.findall(s.lower)
        if s.index in in_sentence:  # its own mentions carry it; remember whose words follow
            speaker = reader.subject(s)
            own = [msg for msg in in_sentence[s.index] if msg.sender == speaker]
            previous = [(own or in_sentence[s.index])[0]]
            quoting = s.text.rstrip().endswith(":")
            continue
        owners: list[Message] = []
        speaks = not _SPEECH_WORDS.isdisjoint(words)
        speaker = reader.subject(s) if speaks else None
        quoting = quoting and bool(previous) and not _FIRST_AND_SECOND_PERSON.isdisjoint(words)
        if quoting or ((_REFERS_BACK.match(s.text) or s.index in reader.bare_sentences) and previous):
            owners = previous
            quoting = quoting or s.text.rstrip().endswith(":")
        elif speaker in (XI, KIM) and speaks and by_sender.get(speaker):
            owners = [min(by_sender[speaker], key=lambda c: (abs(c[0] - s.index), c[0] > s.index))[1]]
        elif speaker == BOTH and speaks:
            owners = _last_exchange(messages, s.index)
        elif s.text.lstrip().startswith('"') and previous:
            owners = previous
        for owner in owners:
            owner.phrase_sentences.add(s.index)
        previous = owners


_FIRST_AND_SECOND_PERSON = {"i", "we", "you", "your", "my", "our", "me", "us", "dear"}


def _last_exchange(messages: list[Message], before: int) -> list[Message]:
    numbered = [(x.exchange, msg) for msg in messages for x in msg.mentions if x.exchange and x.sentence < before]
    if not numbered:
        return []
    last = max(n for n, _ in numbered)
    return list({id(msg): msg for n, msg in numbered if n == last}.values())


# ---------------------------------------------------------------------------------------------------
# 6. Records

_DEFAULT_PURPOSE = {"anniversary_party": "congratulation", "anniversary_state": "congratulation",
                    "anniversary_treaty": "congratulation", "anniversary_relations": "congratulation",
                    "anniversary_war": "congratulation", "party_congress": "congratulation",
                    "election": "congratulation", "covid": "sympathy", "disaster": "sympathy",
                    "condolence": "condolence", "new_year": "greeting", "birthday": "greeting"}
_OCCASION_NAMES = {"covid": "COVID-19 epidemic", "disaster": "a disaster", "party_congress": "a party congress",
                   "election": "an election to state office", "condolence": "a death", "summit": "a summit",
                   "new_year": "New Year", "birthday": "a birthday", "other": "unspecified"}
_ANNIVERSARY_NAMES = {"cpc_founding": "founding of the CPC", "wpk_founding": "founding of the WPK",
                      "prc_founding": "founding of the PRC", "dprk_founding": "founding of the DPRK",
                      "treaty": "the 1961 China-DPRK treaty", "diplomatic_relations": "diplomatic relations",
                      "victory_day": "the Korean War armistice (Victory Day)",
                      "cpv_entry": "the Chinese People's Volunteers' entry into the Korean War"}


def _record(msg: Message, messages: list[Message], reader: _Reader, source: str, phrases_found: dict) -> dict:
    occasion = msg.occasion
    occasion_type = occasion.type if occasion else "other"
    purpose = msg.purpose
    if msg.is_reply and purpose in (None, "congratulation", "greeting"):
        purpose = "thanks" if purpose is None or msg.answers or msg.is_reply else purpose
    purpose = purpose or _DEFAULT_PURPOSE.get(occasion_type, "other")
    phrases = _phrases(msg, phrases_found)
    evidence_mention = next((x for x in msg.mentions if not reader.sentences[x.sentence].is_headline), msg.mentions[0])
    return {
        "sender": msg.sender,
        "recipient": msg.recipient,
        "date_sent": msg.when.day.isoformat() if msg.when.known else None,
        "date_precision": msg.when.precision if msg.when.known else "unknown",
        "medium": msg.medium or "message",
        "purpose": purpose,
        "occasion_type": occasion_type,
        "occasion": _occasion_name(occasion),
        "occasion_id": _calendar_id(msg, occasion),
        "anniversary": _ordinal(msg, occasion),
        "is_reply": msg.is_reply,
        "replies_to": [messages.index(a) for a in msg.answers if a in messages] or None,
        "mentioned_in_passing": _in_passing(msg, reader),
        "phrases": [p[0] for p in phrases],
        "concept_ids": [p[1] for p in phrases],
        "channel": msg.channel,
        "evidence": reader.sentences[evidence_mention.sentence].text.strip(),
        "date_reported": reader.dateline.published.isoformat() if reader.dateline.published else None,
        "source": source,
    }


def _ordinal(msg: Message, occasion: Occasion | None) -> int | None:
    """The anniversary's ordinal: as the text gives it, else from the message's year ("the friendship
    treaty" in a 2021 message: the 60th)."""
    if occasion is None or not occasion.type.startswith("anniversary"):
        return None
    if occasion.anniversary:
        return occasion.anniversary
    base = _ANNIVERSARY_SUBJECTS_BY_ID.get(occasion.occasion_id, (None, None, None, None))[1]
    if base and msg.when.known and msg.when.precision in ("day", "month") and msg.when.day.year > base:
        return msg.when.day.year - base
    return None


_OWN_OCCASIONS = {  # occasion type -> the calendar ids of Xi's and Kim's own occasions of that type
    "birthday": ("xi_birthday", None), "election": ("xi_election", "kim_election"),
    "party_congress": ("cpc_congress", "wpk_congress"), "new_year": ("new_year", "new_year"),
}


def _calendar_id(msg: Message, occasion: Occasion | None) -> str | None:
    """The occasion's id in the calendar (data/occasions.csv) when it is a customary one: an
    anniversary, the New Year, or one leader's birthday, election or party congress (whose it is: the
    side the text names, else the one congratulated)."""
    if occasion is None:
        return None
    if occasion.type.startswith("anniversary"):
        return occasion.occasion_id
    ids = _OWN_OCCASIONS.get(occasion.type)
    if ids is None:
        return None
    honoured = occasion.side or (msg.sender if msg.is_reply else msg.recipient)
    return ids[0] if honoured == XI else ids[1] if honoured == KIM else None


def _occasion_name(occasion: Occasion | None) -> str:
    if occasion is None:
        return _OCCASION_NAMES["other"]
    if occasion.occasion_id in _ANNIVERSARY_NAMES:
        ordinal = f"{occasion.anniversary}th anniversary of " if occasion.anniversary else "anniversary of "
        return ordinal + _ANNIVERSARY_NAMES[occasion.occasion_id]
    return _OCCASION_NAMES.get(occasion.type, occasion.text or occasion.type)


def _in_passing(msg: Message, reader: _Reader) -> bool:
    """A message is the article's news when the lead reports it or it was sent in the last days;
    anything else is background."""
    if msg.lead:
        return False
    if reader.ref and msg.when.known and msg.when.precision == "day":
        return not (0 <= (reader.ref - msg.when.day).days <= _RECENT_DAYS)
    if msg.when.key in ("last week", "earlier this week", "this week", "yesterday", "today", "the previous day") \
            or re.fullmatch(r"(?:on |last )?(?:mon|tues|wednes|thurs|fri|satur|sun)day", msg.when.key or ""):
        return False
    return True


def _phrases_by_sentence(messages: list[Message], reader: _Reader) -> dict[int, list]:
    """Lexicon phrases of every sentence some message rests on, found with the package's phrase finder
    in one pass over those sentences (one call per article, not per sentence)."""
    from .phrases import find_phrases

    wanted = sorted({i for msg in messages for i in msg.phrase_sentences})
    if not wanted:
        return {}
    starts, parts, offset = [], [], 0
    for i in wanted:
        starts.append(offset)
        parts.append(reader.sentences[i].text)
        offset += len(parts[-1]) + 1
    found: dict[int, list] = {}
    for match in find_phrases("\n".join(parts)):
        k = bisect.bisect_right(starts, match.start) - 1
        found.setdefault(wanted[k], []).append(match)
    return found


def _phrases(msg: Message, by_sentence: dict[int, list]) -> list[tuple[str, str]]:
    """(wording, concept_id) of each distinct wording, in text order: "warm congratulations and best
    wishes" gives both, though they are one concept."""
    seen: dict[str, tuple[str, str]] = {}
    for index in sorted(msg.phrase_sentences):
        for match in by_sentence.get(index, ()):
            seen.setdefault(" ".join(match.text.lower().split()), (match.text, match.concept_id))
    return list(seen.values())


def _language(text: str) -> str:
    sample = text[:5000]
    if sample.isascii():
        return "en"
    hangul = len(re.findall(r"[\uac00-\ud7a3]", sample))
    han = len(re.findall(r"[\u4e00-\u9fff]", sample))
    latin = len(re.findall(r"[A-Za-z]", sample))
    if hangul > latin / 4 and hangul >= han:
        return "ko"
    if han > latin / 4:
        return "zh"
    return "en"


# ---------------------------------------------------------------------------------------------------
# Command line


def run_extract_command(args) -> int:
    """``dprk-china extract PATH... [--published DATE] [--format jsonl|csv|table]``."""
    published = getattr(args, "published", None)
    if published and parse_iso(published) is None:
        print(f"--published {published!r} is not a date in the form YYYY-MM-DD", file=sys.stderr)
        return 2
    records, status = [], 0
    for path in args.paths:
        try:
            raw = sys.stdin.buffer.read() if path == "-" else open(path, "rb").read()
        except OSError as exc:
            print(f"{path}: cannot read ({exc.strerror or exc})", file=sys.stderr)
            status = 1
            continue
        records.extend(extract_messages(raw, published, source="<stdin>" if path == "-" else str(path)))
    fmt = getattr(args, "format", "table") or "table"
    out = sys.stdout
    if fmt == "jsonl":
        for r in records:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        out.write(format_csv(records))
    else:
        out.write(format_table(records))
    return status


def format_csv(records: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=RECORD_FIELDS, lineterminator="\n")
    writer.writeheader()
    for r in records:
        writer.writerow({k: _flat(r.get(k)) for k in RECORD_FIELDS})
    return buffer.getvalue()


def _flat(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


_TABLE_COLUMNS = [("sender", "from"), ("recipient", "to"), ("date_sent", "date"), ("date_precision", "prec."),
                  ("medium", "medium"), ("purpose", "purpose"), ("occasion_type", "occasion"),
                  ("is_reply", "reply"), ("mentioned_in_passing", "passing"), ("source", "source")]


def format_table(records: list[dict]) -> str:
    if not records:
        return "no Xi-Kim message found\n"
    rows = [[label for _, label in _TABLE_COLUMNS]]
    for r in records:
        rows.append([_flat(r.get(key)) or "-" for key, _ in _TABLE_COLUMNS])
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"
