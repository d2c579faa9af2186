"""The phrase finder: which lexicon concepts a text uses, with the matched wording and offsets.

One finder serves everything: the rhetoric analysis, ``message_phrases`` in the data build and the
article extractor. Variants match case-insensitively on word boundaries; spaces, hyphens and dashes
inside a variant match any run of them (KCNA writes "DPRK-China", others "DPRK – China"), and straight
and curly apostrophes are the same.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_SEPARATORS = r"[\s\-\u2010-\u2015]+"


@dataclass(frozen=True)
class PhraseMatch:
    concept_id: str
    category: str
    label: str
    text: str    # the wording as it stands in the text
    start: int   # character offsets into the text
    end: int


def _variant_pattern(variant: str) -> str:
    words = re.split(r"[\s\-\u2010-\u2015]+", variant.strip())
    escaped = [re.escape(w).replace("'", "['\u2019]") for w in words if w]
    return _SEPARATORS.join(escaped)


@dataclass(frozen=True)
class _Concept:
    concept_id: str
    category: str
    label: str
    anchors: tuple[str, ...]   # words that any variant needs (its longest word), to skip most regexes
    regex: re.Pattern          # case-insensitive, word-bounded: for text whose lowering changes its length
    lowered: re.Pattern        # the same on lowered text, without the leading boundary (see _finditer)


class _Lexicon(tuple):
    """The compiled concepts, in lexicon order, with an index from each anchor word to the concepts
    that need it: a text's words then name the few concepts worth a regex."""

    by_anchor: dict[str, tuple[int, ...]]


def _compile(rows) -> _Lexicon:
    concepts = []
    for concept_id, category, label, variants in rows:
        parts = [v for v in str(variants).split("|") if v.strip()]
        # Longest first so that "traditional China-DPRK friendship" wins over a shorter variant.
        parts.sort(key=len, reverse=True)
        body = "|".join(_variant_pattern(v) for v in parts)
        regex = re.compile(rf"(?<![\w])(?:{body})(?![\w])", re.IGNORECASE)
        lowered = re.compile(rf"(?:{'|'.join(_variant_pattern(v.lower()) for v in parts)})(?![\w])")
        anchors = tuple(sorted({max(re.split(r"[\s\-\u2010-\u2015']+", v.lower()), key=len) for v in parts}))
        concepts.append(_Concept(str(concept_id), str(category), str(label), anchors, regex, lowered))
    lexicon = _Lexicon(concepts)
    by_anchor: dict[str, list[int]] = {}
    for i, concept in enumerate(concepts):
        for anchor in concept.anchors:
            by_anchor.setdefault(anchor, []).append(i)
    lexicon.by_anchor = {anchor: tuple(ids) for anchor, ids in by_anchor.items()}
    return lexicon


@lru_cache(maxsize=1)
def _shipped() -> _Lexicon:
    from ._io import read_table

    lex = read_table("lexicon")
    return _compile(zip(lex["concept_id"], lex["category"], lex["label"], lex["variants"]))


def compile_lexicon(lexicon=None) -> _Lexicon:
    """Compiled concepts of ``lexicon`` (a DataFrame like :func:`dprk_china.load_lexicon`'s, or None
    for the shipped lexicon)."""
    if lexicon is None:
        return _shipped()
    return _compile(zip(lexicon["concept_id"], lexicon["category"], lexicon["label"], lexicon["variants"]))


def find_phrases(text: str, lexicon=None) -> list[PhraseMatch]:
    """Every occurrence of a lexicon concept in ``text``, in order of position.

    >>> [m.concept_id for m in find_phrases("the traditional DPRK-China friendship and a new era")]
    ['traditional_friendship', 'new_era']
    """
    if not isinstance(text, str) or not text:
        return []
    lowered = text.lower()
    same_offsets = len(lowered) == len(text)
    found = []
    concepts = compile_lexicon(lexicon)
    by_anchor = concepts.by_anchor
    # Every word of a variant stands in the text as a whole word (separators and the boundaries at
    # its ends are not word characters), so a concept none of whose anchors is a word of the text
    # cannot match.
    candidates = {i for word in set(_WORD.findall(lowered)) for i in by_anchor.get(word, ())}
    for i in sorted(candidates):
        concept = concepts[i]
        spans = _finditer(concept.lowered, lowered) if same_offsets else \
            ((m.start(), m.end()) for m in concept.regex.finditer(text))
        for start, end in spans:
            found.append(PhraseMatch(concept.concept_id, concept.category, concept.label, text[start:end], start, end))
    found.sort(key=lambda m: (m.start, -m.end))
    return found


_WORD = re.compile(r"\w+")


def _finditer(pattern: re.Pattern, lowered: str):
    r"""Spans of ``pattern`` in ``lowered`` that start on a word boundary: the same matches as a
    leading ``(?<![\w])``, which would stop ``re`` from scanning ahead for the variants' first letters
    (three times slower over a lexicon)."""
    pos = 0
    search = pattern.search
    while (m := search(lowered, pos)) is not None:
        start = m.start()
        if start and (lowered[start - 1].isalnum() or lowered[start - 1] == "_"):
            pos = start + 1  # inside a word: look again from the next character
            continue
        yield start, m.end()
        pos = m.end() if m.end() > start else start + 1


def concepts_in(text: str, lexicon=None) -> dict[str, str]:
    """concept_id -> first matched wording, for each concept ``text`` uses."""
    first: dict[str, str] = {}
    for m in find_phrases(text, lexicon):
        first.setdefault(m.concept_id, m.text)
    return first
