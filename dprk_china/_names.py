"""Who is who in an article: the two leaders under their many names and titles, other people, party
and state bodies, news outlets, and the pronouns that may stand for any of them.

Private helper of :mod:`dprk_china.extract`. The extractor needs more than the leaders' names: a
message is only Xi–Kim when neither end is someone else, so Putin, an ambassador or the CPC Central
Committee must be recognised as well, to block a slot rather than leave it open.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

XI, KIM = "Xi Jinping", "Kim Jong Un"
LEADERS = (XI, KIM)
OTHER = "other"      # another person (Putin, an ambassador, a minister)
BODY = "body"        # a party or state body, a government, a people
MEDIA = "media"      # a news outlet (its verbs report, they do not send)
PRONOUN = "pronoun"  # he, his, him, the latter, the former
BOTH = "both"        # the two leaders

_A = "['\u2019]"  # apostrophe, straight or curly

_XI = [
    r"\bXi\s+Jin[- ]?ping\b", r"\bXI\s+JINPING\b", rf"\bXi\b(?!{_A}an|-an)",
    r"(?i:\bchinese\s+president\b|\bpresident\s+of\s+(?:china|the\s+people's\s+republic\s+of\s+china|the\s+prc)\b"
    r"|\bchinese\s+(?:top\s+)?leader\b|\bchina's\s+(?:top\s+|paramount\s+)?leader\b|\btop\s+chinese\s+leader\b"
    r"|\bchinese\s+head\s+of\s+state\b|\b(?:chinese|china's)\s+counterpart\b"
    r"|\bgeneral\s+secretary\s+of\s+the\s+(?:central\s+committee\s+of\s+the\s+)?(?:communist\s+party\s+of\s+china|cpc"
    r"|chinese\s+communist\s+party|ccp)"
    r"(?:\s*\((?:cpc|ccp)\))?(?:\s+central\s+committee)?"
    r"|\bchairman\s+of\s+the\s+(?:chinese\s+)?central\s+military\s+commission)",
    "\u4e60\u8fd1\u5e73", "\u7fd2\u8fd1\u5e73", "\uc2dc\uc9c4\ud551", "\uc2b5\uadfc\ud3c9",
]
_KIM = [
    r"\bKim\s+Jong[- ]?[Uu]n\b", r"\bKIM\s+JONG[- ]?UN\b",
    r"(?i:\bnorth\s+korean\s+(?:top\s+)?(?:leader|chairman|head\s+of\s+state|counterpart)\b"
    r"|\bnorth\s+korea's\s+(?:top\s+)?leader\b|\bthe\s+north's\s+(?:top\s+)?leader\b|\bnorth's\s+leader\b"
    r"|\b(?:top\s+)?leader\s+of\s+(?:north\s+korea|the\s+dprk)\b|\bdprk\s+(?:top\s+)?leader\b|\bthe\s+dprk's\s+leader\b"
    r"|\bpyongyang's\s+leader\b|\bdprk\s+counterpart\b|\bkorean\s+counterpart\b"
    r"|\b(?:general\s+secretary|chairman|first\s+secretary)\s+of\s+the\s+(?:central\s+committee\s+of\s+the\s+)?"
    r"(?:workers'\s+party\s+of\s+korea|wpk)"
    r"(?:\s*\(wpk\))?(?:\s+central\s+committee)?"
    r"|\b(?:first\s+)?(?:chairman|president)\s+of\s+(?:the\s+)?(?:state\s+affairs(?:\s+commission)?"
    r"|national\s+defen[cs]e\s+commission)(?:\s+of\s+the\s+(?:dprk|democratic\s+people's\s+republic\s+of\s+korea)"
    r"(?:\s*\(dprk\))?)?"
    r"|\bcomrade\s+general\s+secretary\b|\brespected\s+comrade\b|\bsupreme\s+leader\b)",
    "\uae40\uc815\uc740", "\u91d1\u6b63\u6069",
    # bare "Kim" last among Kim's names, and never before a capitalised word ("Kim Jong Il" is OTHER)
    r"\bKim\b(?![ -][A-Z])",
]
_BOTH = [r"(?i:\b(?:the|both)\s+(?:two\s+)?(?:top\s+)?leaders\b(?!\s+of\s+(?!the\s+two))"
         r"|\bthe\s+leaders\s+of\s+the\s+two\s+(?:countries|parties|nations)\b|\bthe\s+two\s+heads\s+of\s+state\b)"]
_BODY = [
    r"(?i:\b(?:the\s+)?(?:cpc|wpk|ccp|communist\s+party\s+of\s+china|chinese\s+communist\s+party"
    r"|workers'\s+party\s+of\s+korea)(?:\s*\((?:cpc|wpk)\))?\s+central\s+committee\b"
    r"|\bcentral\s+committee\s+of\s+the\s+(?:cpc|wpk|communist\s+party\s+of\s+china|workers'\s+party\s+of\s+korea)"
    r"|\bpolitical\s+bureau\b|\bpolitburo\b|\bstate\s+council\b|\bpresidium\b|\bstanding\s+committee\b"
    r"|\b(?:chinese|dprk|north\s+korean|korean|the\s+two)\s+(?:government|governments|embassy|side|sides|people"
    r"|peoples|parties|party)\b"
    r"|\binternational\s+(?:liaison\s+)?department\b|\bforeign\s+ministry\b|\bministry\s+of\s+foreign\s+affairs\b)",
]
_MEDIA = [
    r"\b(?:KCNA|KCTV|Korean\s+Central\s+(?:News\s+Agency|Television)|Xinhua(?:\s+News\s+Agency)?|Yonhap"
    r"|Rodong\s+Sinmun|CCTV|People's\s+Daily|Global\s+Times|China\s+Daily|NK\s+News|Uriminzokkiri)\b",
    r"(?i:\bstate(?:-run)?\s+(?:media|news\s+agency|television|tv)\b|\bofficial\s+(?:media|news\s+agency)\b"
    r"|\bnews\s+agency\b|\bmedia\s+outlet\b)",
]
_OTHER = [
    # a predecessor is not the leader: "former Chinese President Jiang Zemin"
    r"(?i:\b(?:former|late|then)\s+(?:chinese\s+|north\s+korean\s+|dprk\s+)?(?:president|leader|premier|chairman"
    r"|general\s+secretary)\b)",
    # other people whose name starts with Kim (Kim Jong Il, Kim Yo Jong, Kim Song Nam ...)
    r"\bKim[ -](?!Jong[- ]?[Uu]n\b)[A-Z][a-z]+(?:[ -][A-Za-z][a-z]+)?",
    r"\b(?:Vladimir\s+)?Putin\b|\bMedvedev\b|\bLavrov\b|\bShoigu\b|\bMoon(?:\s+Jae[- ]?[Ii]n)?\b"
    r"|\bYoon(?:\s+Suk[- ]?[Yy]eol)?\b|\bLee\s+Jae[- ]?[Mm]yung\b|\bPark\s+Geun[- ]?[Hh]ye\b|\b(?:Donald\s+)?Trump\b"
    r"|\b(?:Joe\s+)?Biden\b|\bObama\b|\b(?:Alexander\s+)?Lukashenko\b|\b(?:Miguel\s+)?D[i\u00ed]az[- ]Canel\b"
    r"|\bCastro\b|\bThongloun(?:\s+Sisoulith)?\b|\bBounnhang\b|\bNguyen\s+Phu\s+Trong\b|\bTo\s+Lam\b"
    r"|\bVo\s+Van\s+Thuong\b|\bKishida\b|\bAbe\b|\bMaduro\b|\bAssad\b|\bHun\s+(?:Sen|Manet)\b|\bLula\b"
    r"|\bLi\s+(?:Keqiang|Qiang|Zhanshu|Jinjun|Jianguo)\b|\bWang\s+(?:Yi|Yajun|Wenbin|Huning|Qishan)\b"
    r"|\bZhao\s+(?:Leji|Lijian)\b|\bSong\s+Tao\b|\bLiu\s+(?:Jianchao|Xiaoming)\b|\bHu\s+Jintao\b|\bJiang\s+Zemin\b"
    r"|\bChoe\s+(?:Ryong\s+Hae|Son\s+Hui)\b|\bPak\s+Pong\s+Ju\b|\bRi\s+(?:Ryong\s+Nam|Son\s+Gwon|Il\s+Hwan)\b",
    # other heads of state and officials by title
    r"\bPresident\s+(?!Xi\b|Kim\b|of\b)[A-Z][a-z]+",
    r"(?:\bSouth\s+Korean|\bU\.S\.|\bUS|\bAmerican|\b[A-Z][a-z]+(?:an|ese|ian|ish|ch|ss|ai|ao|ek))\s+"
    r"(?i:president|leader|prime\s+minister|premier|counterpart|head\s+of\s+state|king|chairman"
    r"|general\s+secretary|chancellor)\b",
    r"(?i:\b(?:vice[- ])?premier\b|\bprime\s+minister\b|\b(?:foreign\s+)?minister\b|\bambassador\b|\benvoy\b"
    r"|\bvice[- ](?:president|chairman|chairwoman)\b|\bspokes(?:man|woman|person)\b|\bsecretary\s+of\s+state\b"
    r"|\bchancellor\b|\bemperor\b|\bking\b|\bqueen\b|\bpope\b)",
    r"\b(?:she|She|her|Her)\b",
]
_PRONOUN = [r"\b(?:he|He|his|His|him|Him|himself)\b", r"(?i:\bthe\s+(?:latter|former)\b)"]

_GROUPS = [("xi", _XI), ("kim", _KIM), ("both", _BOTH), ("body", _BODY), ("media", _MEDIA),
           ("other", _OTHER), ("pronoun", _PRONOUN)]
_KIND = {"xi": XI, "kim": KIM, "both": BOTH, "body": BODY, "media": MEDIA, "other": OTHER, "pronoun": PRONOUN}
ENTITY_RE = re.compile("|".join(f"(?P<{name}>{'|'.join(parts)})" for name, parts in _GROUPS))

# "Sung Kim", "Andrew Kim": a bare "Kim" right after a capitalised word is another person, unless that
# word is a title or the kind of word that starts a sentence.
_NOT_A_GIVEN_NAME = {
    "Chairman", "Comrade", "Marshal", "Leader", "Secretary", "General", "President", "Mr", "Supreme", "Respected",
    "Dear", "Korean", "Korea", "DPRK", "North", "The", "A", "On", "In", "At", "And", "But", "So", "Then", "When",
    "While", "After", "Before", "Also", "Meanwhile", "However", "Earlier", "Later", "Today", "Yesterday", "Since",
    "As", "That", "This", "Both", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December", "Xi", "Jinping", "Chinese", "China", "Beijing", "Pyongyang", "Said", "Why", "How", "If",
}
_PREVIOUS_WORD = re.compile(r"([A-Z][a-z]+)\.? $")


@dataclass(frozen=True, slots=True)
class Entity:
    kind: str
    start: int
    end: int
    text: str

    @property
    def is_leader(self) -> bool:
        return self.kind == XI or self.kind == KIM

    @property
    def is_pronoun(self) -> bool:
        return self.kind == PRONOUN


def other_leader(kind: str | None) -> str | None:
    return KIM if kind == XI else XI if kind == KIM else None


def find_entities(text: str) -> list[Entity]:
    """Every mention of a person, body, outlet or pronoun in ``text``, in order."""
    found = []
    for m in ENTITY_RE.finditer(text):
        kind = _KIND[m.lastgroup]
        if kind == KIM and m.group(0) == "Kim" and _follows_given_name(text, m.start()):
            kind = OTHER
        found.append(Entity(kind, m.start(), m.end(), m.group(0)))
    return found


def _follows_given_name(text: str, start: int) -> bool:
    previous = _PREVIOUS_WORD.search(text, max(0, start - 20), start)
    return bool(previous) and previous.group(1) not in _NOT_A_GIVEN_NAME

