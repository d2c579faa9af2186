"""Who is who in an article: the two leaders under their many names and titles, other people, party
and state bodies, news outlets, and the pronouns that may stand for any of them.

Private helper of :mod:`dprk_china.extract`. The extractor needs more than the leaders' names: a
message is only Xi–Kim when neither end is someone else, so Putin, an ambassador or the CPC Central
Committee must be recognised as well, to block a slot rather than leave it open.

Speed matters (the extractor reads thousands of articles a second), and one regular expression with a
hundred alternatives tries all of them at every character. So each name pattern is filed under the
first words it can start with, the text is cut into words once, and at each word only the patterns
filed under it are tried.
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

# (kind, first words, pattern). Within one first word, earlier rows win: the leaders' titles come
# before bodies ("general secretary of the WPK Central Committee" is Kim, not the committee).
_PATTERNS: list[tuple[str, tuple[str, ...], str]] = [
    # Xi Jinping
    (XI, ("xi",), r"Xi\s+Jin[- ]?ping\b|XI\s+JINPING\b|Xi\b(?!['\u2019]an|-an)"),
    (XI, ("chinese",), r"(?i:chinese\s+(?:president|(?:top\s+)?leader|head\s+of\s+state|counterpart)\b)"),
    (XI, ("china's",), r"(?i:china's\s+(?:top\s+|paramount\s+)?leader\b|china's\s+counterpart\b)"),
    (XI, ("top",), r"(?i:top\s+chinese\s+leader\b)"),
    (XI, ("president",), r"(?i:president\s+of\s+(?:china|the\s+people's\s+republic\s+of\s+china|the\s+prc)\b)"),
    (XI, ("general",), r"(?i:general\s+secretary\s+of\s+the\s+(?:central\s+committee\s+of\s+the\s+)?"
                       r"(?:communist\s+party\s+of\s+china|cpc|chinese\s+communist\s+party|ccp)"
                       r"(?:\s*\((?:cpc|ccp)\))?(?:\s+central\s+committee)?)"),
    (XI, ("chairman",), r"(?i:chairman\s+of\s+the\s+(?:chinese\s+)?central\s+military\s+commission)"),
    # Kim Jong Un
    (KIM, ("kim",), r"Kim\s+Jong[- ]?[Uu]n\b|KIM\s+JONG[- ]?UN\b"),
    (OTHER, ("kim",), r"Kim[ -][A-Z][a-z]+(?:[ -][A-Za-z][a-z]+)?"),  # Kim Jong Il, Kim Yo Jong, Kim Song Nam
    (KIM, ("kim",), r"Kim\b(?![ -][A-Z])"),
    (KIM, ("north",), r"(?i:north\s+korean\s+(?:top\s+)?(?:leader|chairman|head\s+of\s+state|counterpart)\b"
                      r"|north\s+korea's\s+(?:top\s+)?leader\b|north's\s+leader\b)"),
    (KIM, ("north's",), r"(?i:north's\s+(?:top\s+)?leader\b)"),
    (KIM, ("the",), r"(?i:the\s+north's\s+(?:top\s+)?leader\b|the\s+dprk's\s+leader\b)"),
    (KIM, ("top", "leader"), r"(?i:(?:top\s+)?leader\s+of\s+(?:north\s+korea|the\s+dprk)\b)"),
    (KIM, ("dprk",), r"(?i:dprk\s+(?:top\s+)?leader\b|dprk\s+counterpart\b)"),
    (KIM, ("pyongyang's",), r"(?i:pyongyang's\s+leader\b)"),
    (KIM, ("korean",), r"(?i:korean\s+counterpart\b)"),
    (KIM, ("general", "chairman", "first"),
     r"(?i:(?:general\s+secretary|chairman|first\s+secretary)\s+of\s+the\s+(?:central\s+committee\s+of\s+the\s+)?"
     r"(?:workers'\s+party\s+of\s+korea|wpk)(?:\s*\(wpk\))?(?:\s+central\s+committee)?)"),
    (KIM, ("chairman", "president", "first"),
     r"(?i:(?:first\s+)?(?:chairman|president)\s+of\s+(?:the\s+)?(?:state\s+affairs(?:\s+commission)?"
     r"|national\s+defen[cs]e\s+commission)(?:\s+of\s+the\s+(?:dprk|democratic\s+people's\s+republic\s+of\s+korea)"
     r"(?:\s*\(dprk\))?)?)"),
    (KIM, ("comrade", "respected", "supreme"),
     r"(?i:comrade\s+general\s+secretary\b|respected\s+comrade\b|supreme\s+leader\b)"),
    # the two of them
    (BOTH, ("the", "both"), r"(?i:(?:the|both)\s+(?:two\s+)?(?:top\s+)?leaders\b(?!\s+of\s+(?!the\s+two))"
                            r"|the\s+leaders\s+of\s+the\s+two\s+(?:countries|parties|nations)\b"
                            r"|the\s+two\s+heads\s+of\s+state\b"
                            r"|the\s+leaders\s+of\s+(?:china|north\s+korea|the\s+dprk)\s+and\s+(?:china|north\s+korea|the\s+dprk)\b"
                            # "the North Korean and Chinese leaders"
                            r"|the\s+(?:north\s+korean|dprk|chinese)\s+and\s+(?:north\s+korean|dprk|chinese)\s+leaders\b)"),
    # party and state bodies, peoples, governments
    (BODY, ("the", "cpc", "wpk", "ccp", "communist", "chinese", "workers'"),
     r"(?i:(?:the\s+)?(?:cpc|wpk|ccp|communist\s+party\s+of\s+china|chinese\s+communist\s+party"
     r"|workers'\s+party\s+of\s+korea)(?:\s*\((?:cpc|wpk)\))?\s+central\s+committee\b)"),
    (BODY, ("central",), r"(?i:central\s+committee\s+of\s+the\s+(?:cpc|wpk|communist\s+party\s+of\s+china"
                         r"|workers'\s+party\s+of\s+korea))"),
    (BODY, ("political", "politburo", "state", "presidium", "standing"),
     r"(?i:political\s+bureau\b|politburo\b|state\s+council\b|presidium\b|standing\s+committee\b)"),
    (BODY, ("chinese", "dprk", "north", "korean", "the"),
     r"(?i:(?:chinese|dprk|north\s+korean|korean|the\s+two)\s+(?:government|governments|embassy|side|sides"
     r"|people|peoples|parties|party)\b)"),
    (BODY, ("international", "foreign", "ministry"),
     r"(?i:international\s+(?:liaison\s+)?department\b|foreign\s+ministry\b|ministry\s+of\s+foreign\s+affairs\b)"),
    # news outlets
    (MEDIA, ("kcna", "kctv", "korean", "xinhua", "yonhap", "rodong", "cctv", "people's", "global", "china", "nk",
             "uriminzokkiri"),
     r"(?:KCNA|KCTV|Korean\s+Central\s+(?:News\s+Agency|Television)|Xinhua(?:\s+News\s+Agency)?|Yonhap"
     r"|Rodong\s+Sinmun|CCTV|People's\s+Daily|Global\s+Times|China\s+Daily|NK\s+News|Uriminzokkiri)\b"),
    (MEDIA, ("state", "official", "news", "media"),
     r"(?i:state(?:-run)?\s+(?:media|news\s+agency|television|tv)\b|official\s+(?:media|news\s+agency)\b"
     r"|news\s+agency\b|media\s+outlet\b)"),
    # other people: predecessors, named leaders and officials, titles
    (OTHER, ("former", "late", "then"),
     r"(?i:(?:former|late|then)\s+(?:chinese\s+|north\s+korean\s+|dprk\s+)?(?:president|leader|premier|chairman"
     r"|general\s+secretary)\b)"),
    (OTHER, ("vladimir", "putin", "medvedev", "lavrov", "shoigu", "moon", "yoon", "lee", "park", "donald", "trump",
             "joe", "biden", "obama", "alexander", "lukashenko", "miguel", "diaz", "d\u00edaz", "castro", "thongloun",
             "bounnhang", "nguyen", "to", "vo", "kishida", "abe", "maduro", "assad", "hun", "lula", "li", "wang",
             "zhao", "song", "liu", "hu", "jiang", "choe", "pak", "ri", "sergei"),
     r"(?:Vladimir\s+)?Putin\b|Medvedev\b|Lavrov\b|(?:Sergei\s+)?Shoigu\b|Moon(?:\s+Jae[- ]?[Ii]n)?\b"
     r"|Yoon(?:\s+Suk[- ]?[Yy]eol)?\b|Lee\s+Jae[- ]?[Mm]yung\b|Park\s+Geun[- ]?[Hh]ye\b|(?:Donald\s+)?Trump\b"
     r"|(?:Joe\s+)?Biden\b|Obama\b|(?:Alexander\s+)?Lukashenko\b|(?:Miguel\s+)?D[i\u00ed]az[- ]Canel\b|Castro\b"
     r"|Thongloun(?:\s+Sisoulith)?\b|Bounnhang\b|Nguyen\s+Phu\s+Trong\b|To\s+Lam\b|Vo\s+Van\s+Thuong\b|Kishida\b"
     r"|Abe\b|Maduro\b|Assad\b|Hun\s+(?:Sen|Manet)\b|Lula\b|Li\s+(?:Keqiang|Qiang|Zhanshu|Jinjun|Jianguo)\b"
     r"|Wang\s+(?:Yi|Yajun|Wenbin|Huning|Qishan)\b|Zhao\s+(?:Leji|Lijian)\b|Song\s+Tao\b"
     r"|Liu\s+(?:Jianchao|Xiaoming)\b|Hu\s+Jintao\b|Jiang\s+Zemin\b|Choe\s+(?:Ryong\s+Hae|Son\s+Hui)\b"
     r"|Pak\s+Pong\s+Ju\b|Ri\s+(?:Ryong\s+Nam|Son\s+Gwon|Il\s+Hwan)\b"),
    (OTHER, ("president",), r"President\s+(?!Xi\b|Kim\b|of\b)[A-Z][a-z]+"),
    (OTHER, ("south", "u", "us", "american"),
     r"(?:South\s+Korean|U\.S\.|US|American)\s+(?i:president|leader|prime\s+minister|premier|counterpart"
     r"|head\s+of\s+state|chairman|secretary\s+of\s+state)\b"),
    (OTHER, ("premier", "vice", "prime", "foreign", "minister", "ambassador", "envoy", "spokesman", "spokeswoman",
             "spokesperson", "secretary", "chancellor", "emperor", "king", "queen", "pope"),
     r"(?i:(?:vice[- ])?premier\b|prime\s+minister\b|(?:foreign\s+)?minister\b|ambassador\b|envoy\b"
     r"|vice[- ](?:president|chairman|chairwoman)\b|spokes(?:man|woman|person)\b|secretary\s+of\s+state\b"
     r"|chancellor\b|emperor\b|king\b|queen\b|pope\b)"),
    (OTHER, ("she", "her"), r"(?:she|She|her|Her)\b"),
    # pronouns
    (PRONOUN, ("he", "his", "him", "himself"), r"(?:he|He|his|His|him|Him|himself)\b"),
    (PRONOUN, ("the",), r"(?i:the\s+(?:latter|former)\b)"),
]

# Heads of state named by nationality ("Russian President", "Cuban leader", "Lao President"): tried at
# any capitalised word that nothing above matched.
_NATIONALITY_TITLE = re.compile(
    r"[A-Z][a-z]+(?:an|ese|ian|ish|ch|ss|ai|ao|ek)\s+(?i:president|leader|prime\s+minister|premier|counterpart"
    r"|head\s+of\s+state|king|chairman|general\s+secretary|chancellor)\b")

# Full names, and the surname-and-title forms Korean and Chinese reports use after the first mention
# ("시 주석", "김 위원장", "习主席", "金总书记").
_CJK_NAMES = re.compile("(?P<xi>\u4e60\u8fd1\u5e73|\u7fd2\u8fd1\u5e73|\uc2dc\uc9c4\ud551|\uc2b5\uadfc\ud3c9"
                        "|(?<![\uac00-\ud7a3])\uc2dc\\s?(?:\uc8fc\uc11d|\ucd1d\uc11c\uae30|\uad6d\uac00\uc8fc\uc11d)"
                        "|[\u4e60\u7fd2](?:\u4e3b\u5e2d|\u603b\u4e66\u8bb0|\u7e3d\u66f8\u8a18)"
                        "|(?<![\u4e00-\u9fff])\u7fd2(?=\\s?[,\uff0c])"  # Korean headlines: "習, 김정은의 축전에 ..."
                        # titles alone, as KCNA and Xinhua head a message (중국공산당 중앙위원회 총서기가 축전을)
                        "|\uc911\uad6d\\s?\uacf5\uc0b0\ub2f9\\s?(?:\uc911\uc559\uc704\uc6d0\ud68c\\s?)?\ucd1d\uc11c\uae30"
                        "|\uc911\ud654\uc778\ubbfc\uacf5\ud654\uad6d\\s?\uc8fc\uc11d|\uc911\uad6d\\s?\uad6d\uac00\\s?\uc8fc\uc11d"
                        "|\u4e2d\u5171\u4e2d\u592e\u603b\u4e66\u8bb0|\u4e2d\u5171\u4e2d\u592e\u7e3d\u66f8\u8a18"
                        "|\u4e2d\u534e\u4eba\u6c11\u5171\u548c\u56fd\u4e3b\u5e2d|\u4e2d\u83ef\u4eba\u6c11\u5171\u548c\u570b\u4e3b\u5e2d)"
                        "|(?P<kim>\uae40\uc815\uc740|\u91d1\u6b63\u6069"
                        "|(?<![\uac00-\ud7a3])\uae40\\s?(?:\uc704\uc6d0\uc7a5|\ucd1d\ube44\uc11c|\uad6d\ubb34\uc704\uc6d0\uc7a5"
                        "|\uc81c1(?:\uc704\uc6d0\uc7a5|\ube44\uc11c))"  # 김 제1위원장, 김 제1비서 (his titles 2012-2016)
                        "|\u91d1(?:\u59d4\u5458\u957f|\u603b\u4e66\u8bb0|\u59d4\u54e1\u9577|\u7e3d\u66f8\u8a18)"
                        # 조선로동당 위원장, 국무위원회 위원장, 최고령도자; 朝鲜劳动党委员长, 国务委员会委员长
                        "|\uc870\uc120\ub85c\ub3d9\ub2f9\\s?\uc704\uc6d0\uc7a5|\uad6d\ubb34\uc704\uc6d0\ud68c\\s?\uc704\uc6d0\uc7a5"
                        "|\ucd5c\uace0\ub839\ub3c4\uc790|\u671d\u9c9c\u52b3\u52a8\u515a\u59d4\u5458\u957f"
                        "|\u56fd\u52a1\u59d4\u5458\u4f1a\u59d4\u5458\u957f)")


def _compile_by_word() -> dict[str, tuple[re.Pattern, list[str]]]:
    rows: dict[str, list[tuple[str, str]]] = {}
    for kind, words, pattern in _PATTERNS:
        for word in words:
            rows.setdefault(word, []).append((kind, pattern))
    compiled = {}
    for word, entries in rows.items():
        body = "|".join(f"(?P<g{i}>{pattern})" for i, (_, pattern) in enumerate(entries))
        compiled[word] = (re.compile(body), [kind for kind, _ in entries])
    return compiled


_BY_WORD = _compile_by_word()
# Words that can start a name: capitalised ones, and the lowercase first words of the patterns.
_CANDIDATE_WORD = re.compile(r"(?<![A-Za-z\u00c0-\u024f'\u2019])[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f'\u2019]*")

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


# Other heads of state and government in Korean and Chinese: "푸틴 러시아 대통령", "문재인 대통령",
# "普京总统", "俄罗斯总统" (neither leader is a 대통령 or 总统).
# The counterparts the Latin-script list names, by name alone (simplified and traditional Chinese, Korean):
# 普京/普丁, 梅德韦杰夫, 拉夫罗夫, 特朗普/川普, 拜登, 文在寅, 尹锡悦, 李在明, 朴槿惠, 岸田, 石破, 安倍;
# 푸틴, 메드베데프, 라브로프, 트럼프, 바이든, 문재인, 윤석열, 이재명, 박근혜, 기시다, 이시바.
_CJK_OTHER_NAMES = ("\u666e\u4eac|\u666e\u4e01|\u6885\u5fb7\u97e6\u6770\u592b|\u6885\u5fb7\u97cb\u5091\u592b"
                    "|\u62c9\u592b\u7f57\u592b|\u62c9\u592b\u7f85\u592b|\u7279\u6717\u666e|\u5ddd\u666e|\u62dc\u767b"
                    "|\u6587\u5728\u5bc5|\u5c39\u9521\u60a6|\u5c39\u932b\u6085|\u674e\u5728\u660e|\u6734\u69ff\u60e0"
                    "|\u5cb8\u7530|\u77f3\u7834|\u5b89\u500d"
                    "|\ud478\ud2f4|\uba54\ub4dc\ubca0\ub370\ud504|\ub77c\ube0c\ub85c\ud504|\ud2b8\ub7fc\ud504|\ubc14\uc774\ub4e0"
                    "|\ubb38\uc7ac\uc778|\uc724\uc11d\uc5f4|\uc774\uc7ac\uba85|\ubc15\uadfc\ud61c|\uae30\uc2dc\ub2e4|\uc774\uc2dc\ubc14"
                    # the other signatories of joint messages and the envoys who carry them: 김영남, 박봉주, 최룡해,
                    # 리커창, 장더장, 리잔수, 자오러지 ...; 金永南, 朴奉珠, 李克强, 张德江, 栗战书, 赵乐际 ...
                    "|\uae40\uc601\ub0a8|\ubc15\ubd09\uc8fc|\ucd5c\ub8e1\ud574|\uae40\uc7ac\ub8e1"
                    "|\uae40\ub355\ud6c8|\ub9ac\uc218\uc6a9|\ucd5c\uc120\ud76c|\uae40\uc5ec\uc815"
                    "|\uae40\uc131\ub0a8|\ub9ac\ucee4\ucc3d|\uc7a5\ub354\uc7a5|\ub9ac\uc794\uc218"
                    "|\uc790\uc624\ub7ec\uc9c0|\uc655\ud6c4\ub2dd"
                    "|(?<![\uac00-\ud7a3])\ub9ac\ucc3d(?![\uac00-\ud7a3])|\uc655\uc591|\ub958\uc708\uc0b0"
                    "|\ub9ac\uc704\uc548\ucc28\uc624|\uc479\ud0c0\uc624|\ub9ac\uc820\uad88"
                    "|(?<![\uac00-\ud7a3])\uc655\uc774(?![\uac00-\ud7a3])"
                    "|\u91d1\u6c38\u5357|\u6734\u5949\u73e0|\u5d14\u9f99\u6d77|\u5d14\u9f8d\u6d77"
                    "|\u91d1\u624d\u9f99|\u91d1\u5fb7\u8bad|\u674e\u6d19\u5889|\u5d14\u5584\u59ec"
                    "|\u91d1\u4e0e\u6b63|\u91d1\u8207\u6b63|\u674e\u514b\u5f3a|\u5f20\u5fb7\u6c5f"
                    "|\u5f35\u5fb7\u6c5f|\u6817\u6218\u4e66|\u6817\u6230\u66f8|\u8d75\u4e50\u9645"
                    "|\u8d99\u6a02\u969b|\u738b\u6caa\u5b81|\u738b\u6eec\u5be7|\u6c6a\u6d0b|\u5218\u4e91\u5c71"
                    "|\u5289\u96f2\u5c71|\u674e\u6e90\u6f6e|\u5b8b\u6d9b|\u5b8b\u6fe4|\u674e\u5efa\u56fd"
                    "|\u674e\u5efa\u570b|\u738b\u6bc5")
_CJK_OTHERS = re.compile("[\uac00-\ud7a3]{2,5}\\s?(?:\ub300\ud1b5\ub839|\ucd1d\ub9ac|\uad6d\uc655|\uc0ac\ubb34\ucd1d\uc7a5)"  # 사무총장
                         "(?![\uac00-\ud7a3]{0,1}\uc2e4)"
                         # unnamed others: 각국(에서), 여러 나라, 各国 ("각국에서 김 위원장에게 연하장을 보낸")
                         "|(?<![\uac00-\ud7a3])\uac01\uad6d|\uc5ec\ub7ec\\s?\ub098\ub77c|\u5404\u56fd"
                         "|[\u4e00-\u9fff]{2,4}(?:\u603b\u7edf|\u7e3d\u7d71|\u9996\u76f8)|" + _CJK_OTHER_NAMES)


def find_entities(text: str) -> list[Entity]:
    """Every mention of a person, body, outlet or pronoun in ``text``, in order."""
    found = _titles_of_others(list(iter_entities(text)), text)
    if not text.isascii():
        leaders = [Entity(XI if m.lastgroup == "xi" else KIM, m.start(), m.end(), m.group(0))
                   for m in _CJK_NAMES.finditer(text)]
        found.extend(leaders)
        found.extend(Entity(OTHER, m.start(), m.end(), m.group(0)) for m in _CJK_OTHERS.finditer(text)
                     if not any(e.start < m.end() and m.start() < e.end for e in leaders))
        found.sort(key=lambda e: e.start)
    return found


def _titles_of_others(found: list[Entity], text: str) -> list[Entity]:
    """"Chinese President Hu Jintao", "North Korean leader Kim Jong Il": a leader's title right before
    someone else's name is that person's title, not the leader."""
    drop = [i for i, (a, b) in enumerate(zip(found, found[1:]))
            if a.is_leader and b.kind == OTHER and b.start - a.end <= 1 and not text[a.end:b.start].strip()
            and not _LEADER_NAME.search(a.text)]
    return [e for i, e in enumerate(found) if i not in drop] if drop else found


_LEADER_NAME = re.compile(r"\b(?:Xi|Kim|XI|KIM)\b")


def iter_entities(text: str):
    """The entities of ``text`` one by one, for callers that stop at the first that fits (Latin
    script only; :func:`find_entities` adds Chinese and Korean names)."""
    resume = 0
    by_word = _BY_WORD
    for w in _CANDIDATE_WORD.finditer(text):
        start = w.start()
        if start < resume:
            continue
        word = w.group(0)
        if word[0].islower() and word not in by_word:  # the common case, kept cheap
            continue
        entity = _entity_at_word(text, w)
        if entity is not None:
            resume = entity.end
            yield entity


def _entity_at_word(text: str, w: re.Match) -> Entity | None:
    word = w.group(0).lower()
    entry = _BY_WORD.get(word)
    if entry is None and word.endswith(("'s", "\u2019s")):
        entry = _BY_WORD.get(word[:-2])  # "Kim's letter", "Xi's reply"
    if entry is not None:
        pattern, kinds = entry
        m = pattern.match(text, w.start())
        if m is not None:
            kind = kinds[m.lastindex - 1] if m.lastindex else kinds[0]
            if kind == KIM and m.group(0) == "Kim" and _follows_given_name(text, m.start()):
                kind = OTHER
            return Entity(kind, m.start(), m.end(), m.group(0))
    if w.group(0)[0].isupper():
        m = _NATIONALITY_TITLE.match(text, w.start())
        if m is not None:
            return Entity(OTHER, m.start(), m.end(), m.group(0))
    return None


def _follows_given_name(text: str, start: int) -> bool:
    previous = _PREVIOUS_WORD.search(text, max(0, start - 20), start)
    return bool(previous) and previous.group(1) not in _NOT_A_GIVEN_NAME
