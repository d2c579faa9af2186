"""The one registry of tables, fields, vocabularies and coding rules.

Everything that describes the data is written here once: the loaders take their dtypes from it, the
validator its checks, and ``data/datapackage.json`` and ``data/CODEBOOK.md`` are generated from it
(``dprk-china metadata --write``). A test fails when the committed files drift from this registry.
"""
from __future__ import annotations

import datetime as dt

#: First day in scope: Xi Jinping was elected General Secretary of the CPC on 15 November 2012.
SCOPE_START = dt.date(2012, 11, 15)

LEADERS = ("Xi Jinping", "Kim Jong Un")

# Each vocabulary: code -> what it means. Order is the category order the loaders use.
VOCABULARIES: dict[str, dict[str, str]] = {
    "person": {
        "Xi Jinping": "Xi Jinping (given order, no hyphen)",
        "Kim Jong Un": "Kim Jong Un (given order, no hyphen; outlets also write Kim Jong-un)",
    },
    "date_precision": {
        "day": "the day is known",
        "month": "only the month is known; the date is stored as the 1st of the month",
        "year": "only the year is known; the date is stored as 1 January",
    },
    "medium": {
        "letter": "a letter (친서, 서한, 亲笔信, 信); also what outlets call a 'personal letter'",
        "verbal_message": "a verbal (oral) message (구두친서, 口信), usually relayed by an envoy or ambassador",
        "message": "a written message (축전, 답전, 위문전문, 조전; 贺电, 复电, 唁电, 慰问电)",
        "greeting_card": "a greeting card (연하장, 贺卡), typically for the New Year",
        "other": "any other form; say which in notes",
    },
    "purpose": {
        "congratulation": "congratulates on an anniversary, election, congress or achievement",
        "thanks": "thanks the other for a message, a visit or help (most replies)",
        "sympathy": "sympathy over an epidemic, disaster or accident",
        "condolence": "condolence on a death",
        "greeting": "season's or birthday greetings",
        "briefing": "informs the other of a party or state event (e.g. a congress)",
        "other": "any other purpose; say which in notes",
    },
    "occasion_type": {
        "covid": "the COVID-19 epidemic",
        "disaster": "floods, earthquakes, accidents and crashes",
        "party_congress": "a party congress, and election to party office at one",
        "election": "election to state office (NPC presidency, SPA / State Affairs chairmanship)",
        "anniversary_party": "founding anniversary of the CPC (1 July) or the WPK (10 October)",
        "anniversary_state": "founding anniversary of the PRC (1 October) or the DPRK (9 September)",
        "anniversary_treaty": "anniversary of the 1961 Treaty of Friendship, Cooperation and Mutual Assistance (11 July)",
        "anniversary_relations": "anniversary of diplomatic relations (6 October 1949)",
        "anniversary_war": "armistice / Victory Day (27 July) or the Chinese People's Volunteers' entry (25 October)",
        "new_year": "the New Year",
        "birthday": "a leader's birthday",
        "condolence": "a death",
        "summit": "before or after a visit or meeting of the leaders",
        "other": "any other occasion; say which in notes",
    },
    "direction": {
        "CN→KP": "from Xi Jinping to Kim Jong Un",
        "KP→CN": "from Kim Jong Un to Xi Jinping",
    },
    "outlet_side": {
        "CN": "Chinese state or party outlet (Xinhua, People's Daily, CCTV, China Daily, MFA)",
        "KP": "North Korean state outlet (KCNA, Rodong Sinmun, KCTV, Uriminzokkiri)",
        "other": "any other outlet (South Korean, Japanese, Western, wire services)",
    },
    "customary_direction": {
        "CN→KP": "Xi writes to Kim",
        "KP→CN": "Kim writes to Xi",
        "both": "both write",
    },
    "cadence": {
        "annual": "a message is customary every year",
        "round": "a message is customary on round anniversaries (every fifth year)",
        "on_event": "a message is customary whenever the event happens (elections, congresses)",
    },
    "event_type": {
        "summit": "a meeting of Xi Jinping and Kim Jong Un",
        "envoy_visit": "a senior envoy's visit, especially one that carried a leader's message",
        "party_congress": "a CPC or WPK congress, or a plenum that elects the leader",
        "election": "an NPC or SPA session electing Xi or Kim to state office",
        "other": "any other context event (a Friendship Year, a funeral)",
    },
    "lexicon_category": {
        "friendship": "the bond between the parties, countries and peoples",
        "cooperation": "practical and strategic cooperation, communication",
        "socialism": "ideology, the socialist cause and party leadership",
        "security": "peace, stability and the Korean Peninsula",
        "development": "development, prosperity and national goals",
        "era": "periodisation: new era, new situation, new historic period",
        "solidarity": "mutual support in difficulty (epidemic, disasters)",
        "wishes": "personal wishes: good health, greater success, greetings",
        "commitment": "declared lasting policy or stand on the relations",
    },
}

# A field's meaning is the same in every table that uses it (PUDL's rule).
# type: Frictionless type. vocab: name in VOCABULARIES. required: non-empty in every row.
FIELDS: dict[str, dict] = {
    "message_id": {"type": "string", "required": True, "pattern": r"^(XK|KX)-\d{8}(-\d+)?$",
                   "description": "Stable id of a message: XK (Xi to Kim) or KX (Kim to Xi), the send date as "
                                  "first coded (YYYYMMDD; the 1st for month precision) and a counter when "
                                  "needed. Never reused, never changed, even if the date is later corrected."},
    "date_sent": {"type": "date", "required": True,
                  "description": "Date the message was sent or is dated (never a report date), at the "
                                 "precision in date_precision."},
    "date_precision": {"type": "string", "required": True, "vocab": "date_precision",
                       "description": "Precision of date_sent."},
    "date_reported": {"type": "date", "required": True,
                      "description": "Date of the earliest report of the message found (day precision)."},
    "sender": {"type": "string", "required": True, "vocab": "person", "description": "Who sent the message."},
    "recipient": {"type": "string", "required": True, "vocab": "person",
                  "description": "To whom the message was sent."},
    "sender_title": {"type": "string", "required": True,
                     "description": "Offices the sender held on date_sent, from the titles table."},
    "recipient_title": {"type": "string", "required": True,
                        "description": "Offices the recipient held on date_sent, from the titles table."},
    "medium": {"type": "string", "required": True, "vocab": "medium", "description": "The form of the message."},
    "purpose": {"type": "string", "required": True, "vocab": "purpose", "description": "What the message does."},
    "occasion_type": {"type": "string", "required": True, "vocab": "occasion_type",
                      "description": "Kind of occasion the message marks."},
    "occasion": {"type": "string", "required": True,
                 "description": "The occasion in a few words (e.g. '75th anniversary of the DPRK')."},
    "occasion_id": {"type": "string", "required": True, "pattern": r"^[a-z0-9_]+$",
                    "description": "Id of a customary occasion in the occasions calendar (in exchanges: the "
                                   "one the message marks, if any)."},
    "anniversary": {"type": "integer", "minimum": 1,
                    "description": "Ordinal of the anniversary (e.g. 75) when the occasion is one; else empty."},
    "in_reply_to": {"type": "string", "pattern": r"^(XK|KX)-\d{8}(-\d+)?(;(XK|KX)-\d{8}(-\d+)?)*$",
                    "description": "message_id(s) of the message(s) this one answers; a reply to several "
                                   "lists them separated by ';' in date order. Empty when not a reply."},
    "channel": {"type": "string",
                "description": "How the message travelled when a source says so (e.g. the envoy who delivered it)."},
    "notes": {"type": "string", "description": "Free-text notes: sources' disagreements, coding decisions."},
    "report_id": {"type": "string", "required": True, "pattern": r"^(XK|KX)-\d{8}(-\d+)?\.r\d+$",
                  "description": "Stable id of a report: the message_id, '.r' and a counter."},
    "outlet": {"type": "string", "required": True, "description": "Outlet that published the report (e.g. Xinhua, KCNA, Yonhap)."},
    "outlet_side": {"type": "string", "required": True, "vocab": "outlet_side",
                    "description": "Whose outlet it is: CN, KP or other."},
    "date": {"type": "date", "required": True, "description": "Publication date of the report."},
    "language": {"type": "string", "required": True, "pattern": r"^[a-z]{2}$",
                 "description": "ISO 639-1 language of the report (en, ko, zh, ...)."},
    "headline": {"type": "string",
                 "description": "Headline of the report as published; empty when the stored page showed none."},
    "url": {"type": "string", "required": True, "pattern": r"^https?://\S+$",
            "description": "Where the report was found."},
    "name": {"type": "string", "required": True, "description": "Name of the occasion."},
    "month": {"type": "integer", "minimum": 1, "maximum": 12,
              "description": "Month of the occasion; empty for occasions that follow events (elections, congresses)."},
    "day": {"type": "integer", "minimum": 1, "maximum": 31,
            "description": "Day of the occasion; empty for occasions that follow events (elections, congresses)."},
    "base_year": {"type": "integer",
                  "description": "Year of the founding event, so that anniversary = year - base_year; "
                                 "empty for occasions that are not anniversaries."},
    "marked_by": {"type": "string", "required": True, "vocab": "outlet_side",
                  "description": "Which side celebrates the occasion (CN or KP)."},
    "customary_direction": {"type": "string", "required": True, "vocab": "customary_direction",
                            "description": "Direction of the message that is customary on the occasion."},
    "cadence": {"type": "string", "required": True, "vocab": "cadence",
                "description": "How often a message is customary."},
    "first_year": {"type": "integer", "required": True,
                   "description": "First year in scope in which the occasion is expected."},
    "event_id": {"type": "string", "required": True, "pattern": r"^E-\d{8}(-\d+)?$",
                 "description": "Stable id of an event: 'E-' and its start date (and a counter when needed)."},
    "date_start": {"type": "date", "required": True, "description": "First day of the event."},
    "date_end": {"type": "date", "required": True, "description": "Last day of the event (= date_start for one day)."},
    "event_type": {"type": "string", "required": True, "vocab": "event_type", "description": "Kind of event."},
    "title": {"type": "string", "required": True, "description": "What the event was, in a few words."},
    "location": {"type": "string", "description": "Where it happened."},
    "participants": {"type": "string", "description": "Principal participants, separated by ';'."},
    "concept_id": {"type": "string", "required": True, "pattern": r"^[a-z0-9_]+$",
                   "description": "Id of a rhetoric concept in the lexicon."},
    "category": {"type": "string", "required": True, "vocab": "lexicon_category",
                 "description": "Category of the rhetoric concept."},
    "label": {"type": "string", "required": True, "description": "The concept's canonical English label."},
    "variants": {"type": "string", "required": True,
                 "description": "English wordings of the concept found in KCNA, Xinhua and other outlets, "
                                "separated by '|'; matched case-insensitively on word boundaries."},
    "matched_text": {"type": "string", "required": True,
                     "description": "The wording of the concept as the report quotes it."},
    "person": {"type": "string", "required": True, "vocab": "person", "description": "Who held the office."},
    "office": {"type": "string", "required": True,
               "description": "The offices held, in the stable English form used for sender_title and recipient_title."},
    "valid_from": {"type": "date", "required": True, "description": "First day the title was held."},
    "valid_to": {"type": "date", "description": "Last day the title was held; empty while still held."},
    "basis": {"type": "string", "required": True,
              "description": "What establishes the title or the date (the election or congress)."},
}

TABLES: dict[str, dict] = {
    "exchanges": {
        "description": "One row per leader-level message between Xi Jinping and Kim Jong Un. "
                       "A letter and its reply are two rows.",
        "fields": ["message_id", "date_sent", "date_precision", "date_reported", "sender", "recipient",
                   "sender_title", "recipient_title", "medium", "purpose", "occasion_type", "occasion",
                   "occasion_id", "anniversary", "in_reply_to", "channel", "notes"],
        "optional": ["occasion_id"],
        "primary_key": ["message_id"],
        # in_reply_to holds a list of ids, which Frictionless cannot express; the validator resolves each.
        "foreign_keys": [
            {"fields": ["occasion_id"], "reference": {"resource": "occasions", "fields": ["occasion_id"]}},
        ],
    },
    "reports": {
        "description": "One row per report of a message in an outlet. An article that reports two "
                       "messages gives two rows with the same URL.",
        "fields": ["report_id", "message_id", "outlet", "outlet_side", "date", "language", "headline", "url"],
        "primary_key": ["report_id"],
        "foreign_keys": [{"fields": ["message_id"], "reference": {"resource": "exchanges", "fields": ["message_id"]}}],
    },
    "occasions": {
        "description": "Calendar of customary occasions: on which days, from which year and in which "
                       "direction a message is expected.",
        "fields": ["occasion_id", "name", "occasion_type", "month", "day", "base_year", "marked_by",
                   "customary_direction", "cadence", "first_year", "notes"],
        "primary_key": ["occasion_id"],
        "foreign_keys": [],
    },
    "events": {
        "description": "Context events a timeline should show: summits, envoy visits, party congresses, elections.",
        "fields": ["event_id", "date_start", "date_end", "event_type", "title", "location", "participants",
                   "url", "notes"],
        "primary_key": ["event_id"],
        "foreign_keys": [],
    },
    "lexicon": {
        "description": "Stock concepts of the correspondence with their English variants.",
        "fields": ["concept_id", "category", "label", "variants", "notes"],
        "primary_key": ["concept_id"],
        "foreign_keys": [],
    },
    "message_phrases": {
        "description": "Which stock concepts the reports of a message quote: one row per (message, concept).",
        "fields": ["message_id", "concept_id", "matched_text"],
        "primary_key": ["message_id", "concept_id"],
        "foreign_keys": [
            {"fields": ["message_id"], "reference": {"resource": "exchanges", "fields": ["message_id"]}},
            {"fields": ["concept_id"], "reference": {"resource": "lexicon", "fields": ["concept_id"]}},
        ],
    },
    "titles": {
        "description": "Offices each leader held and when (role at time); exchanges' titles come from here.",
        "fields": ["person", "office", "valid_from", "valid_to", "basis"],
        "primary_key": ["person", "valid_from"],
        "foreign_keys": [],
    },
}

# Written down once, printed in the codebook. Numbered so notes and issues can cite them ("rule 3").
CODING_RULES: list[tuple[str, str]] = [
    ("Unit of observation",
     "A row of exchanges is one message. A message and its reply are two rows; an exchange of messages "
     "(both leaders writing on the same occasion) is two rows, one per direction."),
    ("Messages and reports",
     "One message reported by many outlets is one exchanges row; every report is a reports row. An "
     "article that reports two messages gives one reports row for each, with the same URL."),
    ("Sent date",
     "date_sent is the date the message was sent or is dated. A report date is never copied into it; "
     "a Xinhua or KCNA dispatch saying the message was sent 'today' or 'on Tuesday' gives the day."),
    ("Relative dates",
     "Relative dates ('on Saturday', 'the previous day', 'last month') are resolved against the "
     "report's dateline; the report date used is recorded in reports.date. 'The previous day' and 'later "
     "that day' count from the last day the report has already given; 'later that day' with no such day "
     "is not the dateline's day."),
    ("Date precision",
     "date_precision says how much of date_sent is known. When no source gives the day, the month is "
     "coded (stored as the 1st) if it is certain, else the year (stored as 1 January). notes says why."),
    ("Reported date",
     "date_reported is the date of the earliest report found; it equals the smallest reports.date of "
     "the message. KCNA often reports days after sending; Xinhua usually the same day."),
    ("Replies",
     "in_reply_to gives the message_id of what a reply answers. A reply that answers several messages "
     "(e.g. thanks for a congratulation and for a sympathy message) lists all their ids, separated by "
     "';', oldest first. reply_lag_days is measured from the latest of them."),
    ("Medium and purpose",
     "medium is the form (letter, verbal message, message, greeting card); purpose is what it does. "
     "A reply message (답전, 复电) is medium 'message' with purpose 'thanks' unless it does something else."),
    ("Joint messages",
     "A message sent by Kim or Xi jointly with other officials (e.g. in the name of the party Central "
     "Committee and the leader) is coded when the leader is named as a sender; notes say it was joint. "
     "Messages from bodies alone (the CPC Central Committee, the WPK Central Committee) are not coded."),
    ("Envoys",
     "A verbal message or letter relayed by an envoy or ambassador is coded as a message of the leader "
     "who sent it, with the envoy in channel. Greetings an envoy conveys in conversation without "
     "calling them a message are not coded."),
    ("New Year cards",
     "A New Year card or message whose send date no source gives is coded with the most precise date that "
     "is certain: reported before 1 January, the month of the report (December, month precision); "
     "reported on or after 1 January, the year it greets (year precision, stored as 1 January), since it "
     "may have been sent in the last days of the year before (notes say so). A card is 'greeting_card' "
     "when outlets call it a card (연하장, 贺卡), else 'message'."),
    ("Absences",
     "A customary message that was not sent is not a row: absences are derived from the occasions "
     "calendar (dprk_china.absences). Pages that say outright that a message was not sent are kept in "
     "data-raw/candidates.jsonl with 'absence' in notes, as evidence for the reading of silence."),
    ("Titles",
     "sender_title and recipient_title are the offices held on date_sent, taken from the titles table, "
     "in one stable English form per office (outlets' translations vary)."),
    ("Occasions",
     "occasion_type classifies the occasion; occasion names it; anniversary gives the ordinal of an "
     "anniversary (the 75th anniversary of the DPRK is 75). A reply takes the occasion of the message "
     "it answers. occasion_id links a message to the customary occasion in the calendar that it marks "
     "(a message for the PRC's founding day, or a reply to one); it is empty for messages on "
     "non-calendar occasions (COVID-19, disasters, summits)."),
    ("Sources",
     "Every message has at least one report with a URL that was found and read. Messages believed to "
     "exist but not sourced stay in data-raw/candidates.jsonl, which the loaders do not read."),
    ("Ids",
     "message_id, report_id and event_id are stable strings, never reused and never changed; the date "
     "in an id is the date as first coded and may differ from a corrected date."),
    ("Phrases",
     "message_phrases records which lexicon concepts the reports of a message quote, found with the "
     "package's phrase finder (dprk_china.phrases.find_phrases) in the quoted wordings."),
]


def field_names(table: str) -> list[str]:
    """Field names of ``table`` in file order."""
    return list(TABLES[table]["fields"])


def field(table: str, name: str) -> dict:
    """The registry entry of field ``name`` as used in ``table`` (tables may make a field optional)."""
    spec = dict(FIELDS[name])
    if name in TABLES[table].get("optional", ()):
        spec["required"] = False
    return spec
