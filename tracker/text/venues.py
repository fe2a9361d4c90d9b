"""Places that are only places: "talks in Cairo", "a meeting in Turkey", "arrived in Cairo
Saturday", "will travel to Washington", "his visit to Israel", "to visit Egypt", "returned from
Cairo", "went to Doha", "heads toward Israel", "cross to Egypt", "studied in both London and
Cairo", "the Rafah crossing with Egypt" (or "from Egypt", "between Gaza and Egypt"; not Gaza's
borders with Israel and Egypt, which the force secures), "3 a.m. Pakistan time", "a UAE-based
outlet", a dateline such as "UN/RAMALLAH:" or "Kiryat Gat [Israel], October 22 :". A party's name
used so says where something happened, not who acted, and links no party. "Cairo is expected to
lead the force" and "in Israel's view" still do.

Likewise a nationality that only describes a news outlet or a writer ("Qatari news outlet Al
Jazeera", "Israeli media", "British-Israeli historian Avi Shlaim") or a capital named after it
("the Qatari capital of Doha", "the Egyptian capital, Cairo", "arrived in the Egyptian capital",
"the Egyptian resort town of Sharm El-Sheikh"): they do not speak for the party; nor does one who
held its office and holds it no more ("former British prime minister Tony Blair", "Former Pakistani
Ambassador Hussain Haqqani"), nor a private person of that nationality ("a Jordanian truck driver",
"Israeli businessman Yakir Gabay"). "Israeli officials", "the Qatari foreign ministry", "Qatari
capital" as money still do. Someone else's people in a capital are only there ("Hamas leaders in
Cairo", "its senior officials in Doha"), while "officials in Ankara" are Türkiye's and "mediators
in Egypt and Qatar" those states.
"""

from __future__ import annotations

import re

# A compass word before a place: "southern " in "in southern Israel".
_COMPASS = r"(?:north|south|east|west)(?:ern)?\s+"
# The names coordinated before a name, to the end: "Cairo and " in "in Cairo and Doha".
_NAMES_BEFORE = (
    r"(?:[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)?(?:,\s+|\s+(?:and|or)\s+|,\s+(?:and|or)\s+))*$"
)
# "in Cairo", "at the White House", "here in Israel", "based in Doha", "in southern Israel"; but
# "officials in Ankara" are its government, and "mediators in Egypt and Qatar" those states.
# "in Cairo and Doha": each is a place; so is "the Qatari capital of Doha" (", Cairo").
_BEFORE = re.compile(
    r"(?<!\w)(?<![Oo]fficials )(?<![Dd]iplomats )(?<![Ss]ources )(?<![Aa]uthorities )"
    r"(?<![Ll]eaders )(?<![Gg]overnment )(?<![Mm]ediators )"
    r"(?:[Ii]n|[Aa]t|[Nn]ear|[Oo]utside|[Ii]nside|capital(?: of|,)|"
    # "will travel to Washington", "his visit to Israel", "Fidan heads to US"
    r"(?:travel(?:s|led|ed|ling|ing)?|trip|visit|visits|head(?:s|ed|ing)?|flew|fly|flying|went|"
    r"goes|going|came|comes|cross(?:es|ed|ing)?)\s+(?:to|into|towards?)|"
    # "Trump is expected to visit Egypt over the weekend"
    r"(?:to|will|would)\s+visit|"
    # "had just returned from Cairo"
    r"(?:return(?:s|ed|ing)?|back)\s+from)"
    r"\s+(?:the\s+|both\s+)?"
    # "a town in southern Israel"
    r"(?:" + _COMPASS + r"|central\s+)?" + _NAMES_BEFORE,
)
# A place in a region of a country: "in southern Israel's Kiryat Gat".
_REGION_OF = re.compile(r"(?<!\w)(?:[Ii]n|[Aa]t|[Nn]ear)\s+" + _COMPASS + "$")
_PLACE_NAMED_AFTER = re.compile(r"(?:['’]s)?\s+[A-Z]")
# ...unless someone else's: "Hamas leaders in Cairo", "Israeli officials in Doha", "one of its
# senior officials in Doha" (Hamas's) are there, not the government of the place.
_OWNED_BEFORE = re.compile(
    r"(?<!\w)(?:[A-Z][\w’'-]*|its|their)\s+(?:(?:senior|top|political|exiled)\s+)?"
    r"(?:officials|diplomats|sources|authorities|leaders|leadership|government|"
    r"delegation|delegates|negotiators)\s+[Ii]n\s+(?:the\s+)?$"
)
# Where someone else's envoy is posted: "U.S. Ambassador to Israel Mike Huckabee" speaks for the
# United States, not for Israel.
_POSTED_TO = re.compile(r"(?<!\w)(?:[Aa]mbassador|[Ee]nvoy|[Cc]onsul)s?\s+to\s+(?:the\s+)?$")
# A neighbour: "Egypt, which borders both Israel and Gaza" (each name coordinated with it too).
_BORDERING = re.compile(
    r"(?<!\w)(?:(?:which|that)\s+borders|bordering)\s+(?:both\s+)?" + _NAMES_BEFORE
)
# A nationality's capital where something happens: "in the Egyptian capital", not "Qatari
# capital" as money.
_IN_THE_BEFORE = re.compile(r"(?<!\w)(?:in|to|from|at|near|inside|outside)\s+the\s+$", re.I)
_CAPITAL_AFTER = re.compile(r"\s+capital(?!\w)")

# Someone who held a state's office and holds it no more: "former British prime minister", "ex-US
# envoy", "Former Pakistani Ambassador Hussain Haqqani".
_FORMER_BEFORE = re.compile(r"(?<!\w)(?:former|ex-)\s*$", re.IGNORECASE)
_TITLE_AFTER = re.compile(
    r"\s+(?:prime\s+minister|prme\s+minister|PM|premier|president|foreign\s+minister|minister|"
    r"foreign\s+secretary|secretary\s+of\s+state|ambassador|envoy|official|diplomat|negotiator|"
    r"intelligence\s+chief|army\s+chief|general|national\s+security\s+adviser)(?!\w)",
    re.IGNORECASE,
)

# The other side of Gaza's crossings: "the Rafah crossing with Egypt", "between Gaza and Egypt",
# "between Egypt and the Gaza Strip".
_CROSSING_BEFORE = re.compile(
    r"(?<!\w)(?:crossing|terminal|gateway)s?\s+"
    r"(?:with|from|between\s+(?:the\s+)?Gaza(?:\s+Strip)?\s+and)"
    r"\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_BETWEEN_BEFORE = re.compile(
    r"(?<!\w)(?:crossing|terminal|gateway)s?\s+between\s+(?:the\s+)?$", re.IGNORECASE
)
_AND_GAZA_AFTER = re.compile(r"\s+and\s+(?:the\s+)?Gaza(?!\w)")

# What may follow a place: punctuation, the end, or a word that is no noun ("in Cairo on
# Monday", "in Turkey with…"). A noun after it makes the name an adjective or an actor ("in
# Israeli custody", "in Egypt's view").
_AFTER_PLACE = re.compile(
    # A dash joining two names ("the Israeli–Palestinian conflict") is no punctuation.
    # (The end of a line is an end too: a headline "…meeting in Washington" before the lead.)
    r"\s*(?:$|\n|[,.;:!?)\]”\"’]|[—–](?!\w)|(?:-|\s)(?:on|with|and|or|last|this|next|earlier|"
    r"later|where|when|after|before|for|to|since|during|until|in|at|of|from|by|as|amid|while|"
    r"that|which|who|"
    r"early|late|today|yesterday|tomorrow|shortly|soon|recently|ahead|following|between|under|"
    # "arrived in Cairo Saturday night" (a weekday, as the wires write it)
    r"over|(?:mon|tues|wednes|thurs|fri|satur|sun)day)(?!\w)"
    # ...or a verb in the past, in lower case ("a meeting in Doha discussed…"; not "Ahmed").
    r"|(?-i:\s[a-z]+ed)(?!\w))",
    re.IGNORECASE,
)
_PLACE_SUFFIX = re.compile(r"(?:-based|\s+time)(?!\w)", re.IGNORECASE)
# A dateline: capitals (and / , .) opening a line, then ":" or a dash ("UN/RAMALLAH:",
# "DUBAI, Nov 17 (Reuters) -", "CAIRO, November 18. /TASS/.").
_DATELINE = re.compile(
    r"[A-Z][A-Z/ .,’'-]*?(?=[:—–]|\s-\s|,\s[A-Z][a-z]{2,8}\.?\s\d|\s\()"
    # ...or a line of its own naming two places ("JERUSALEM / ISTANBUL").
    r"|[A-Z][A-Z .’'-]*\s*/\s*[A-Z][A-Z .’'-]*(?=\s*(?:\n|$))"
)

# A dateline naming the country after the city: "DOHA, Qatar:", "GAZA CITY, Gaza Strip —" (a
# city of four letters or more: not "UAE, Qatar: talks resume").
_DATELINE_COUNTRY = re.compile(
    r"[A-Z][A-Z .’'-]{3,},\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?(?=\s*(?:[:—–]|\s-\s))"
)

# A dateline naming the outlet, then places in mixed case on a line of their own: "Shafaq
# News – Gaza / Washington".
_DATELINE_OUTLET = re.compile(
    r"[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3}\s*[—–-]\s*"
    r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?(?:\s*/\s*[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)+(?=\s*(?:\n|$))"
)

# An agency's dateline in mixed case: "Amman, Feb. 1 (Petra) -", "Cairo, 18 November (MENA) –";
# or with no agency, a date or "DC" before a dash: "Washington, February 20 –", "Washington,
# DC –".
_DATELINE_AGENCY = re.compile(
    r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?,\s+(?:"
    r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?),?(?:\s+\d{4})?"  # "Feb. 1"
    # ...then the agency and a dash (a hyphen too), or a dash and a space alone; or "DC".
    r"(?:\s+\([A-Z][\w .-]*\)\s*(?:[—–]\s|-)|\s*[—–]\s)"
    r"|D\.?C\.?\s*[—–]\s)"
)

# ANI's dateline, the country in brackets after the city: "Kiryat Gat [Israel], October 22 :",
# "New Delhi [India], November 18 (ANI):".
_DATELINE_BRACKETED = re.compile(
    r"[A-Z][\w .’'-]*?\s*\[[A-Z][\w .’'-]*\],\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}"
    r"(?:\s+\([A-Z]+\))?\s*:"
)

# What a nationality may describe without its government speaking: an outlet or a writer
# ("Qatari news outlet", "Israeli media", "British-Israeli historian"; "-Israeli" chained on).
_OUTLET_OR_WRITER = re.compile(
    r"(?:-[A-Z][\w’'-]*)*\s+(?:state[ -]run\s+|state\s+|public\s+|private\s+|"
    # "Iranian-American political analyst"
    r"political\s+|military\s+|security\s+|legal\s+|independent\s+)?"
    r"(?:news\s+(?:outlet|agency|agencies|site|website|channel|network|media)|media|press|"
    r"newspaper|daily|broadcaster|television|TV|radio|outlet|news|journalist|reporter|"
    r"commentator|columnist|historian|scholar|academic|analyst|writer|author|novelist|"
    r"researcher|professor|think[ -]tank|capital(?=,?\s+(?:of\s+)?[A-Z])|"
    # "the Egyptian resort town of Sharm El-Sheikh", "the Israeli city of Haifa"
    r"(?:resort\s+|coastal\s+|border\s+|port\s+)?(?:town|city|village|resort)(?=\s+of\s+[A-Z]))"
    r"s?(?!\w)",
)

# ...or a private person of that nationality: "a Jordanian truck driver", "An Egyptian man",
# "Israeli businessman Yakir Gabay", "Israeli settlers" act for no government.
_PRIVATE_PERSON = re.compile(
    r"\s+(?:truck\s+)?(?:man|woman|men|women|driver|businessman|businesswoman|businessmen|"
    r"tycoon|settlers?)(?!\w)"
)


def is_venue(text: str, start: int, end: int) -> bool:
    """Whether the name at text[start:end] says only where something was, or (as a
    nationality) only what kind of outlet or writer something is."""
    if _PLACE_SUFFIX.match(text, end):
        return True
    owned = text[end : end + 2] in ("'s", "’s")  # "Israel's view": an actor's, no place
    if (
        _REGION_OF.search(text, max(0, start - 20), start)
        and _PLACE_NAMED_AFTER.match(text, end)
        and (text[start:end].endswith(("'s", "’s")) or owned)
    ):
        return True
    if _OUTLET_OR_WRITER.match(text, end) or _PRIVATE_PERSON.match(text, end):
        return True
    if _FORMER_BEFORE.search(text, max(0, start - 10), start) and _TITLE_AFTER.match(text, end):
        return True  # "former British prime minister Tony Blair" speaks for no one now
    if _CAPITAL_AFTER.match(text, end) and _IN_THE_BEFORE.search(text, max(0, start - 12), start):
        return True  # "arrived in the Egyptian capital on Thursday"
    before = max(0, start - 60)
    if not owned and (
        _POSTED_TO.search(text, before, start)
        or _BORDERING.search(text, before, start)
        or _CROSSING_BEFORE.search(text, max(0, start - 40), start)
        or (
            _BETWEEN_BEFORE.search(text, max(0, start - 30), start)
            and _AND_GAZA_AFTER.match(text, end)
        )
    ):
        return True
    if (
        _BEFORE.search(text, before, start) or _OWNED_BEFORE.search(text, before, start)
    ) and _AFTER_PLACE.match(text, end):
        return not owned
    line_start = text.rfind("\n", 0, start) + 1
    if start - line_start < 40:
        dateline = _DATELINE.match(text, line_start)
        if dateline and end <= dateline.end() and text[start:end].isupper():
            return True
        # "DOHA, Qatar:": the city in capitals and its country; "Shafaq News – Gaza / Cairo";
        # "Amman, Feb. 1 (Petra) -".
        dateline = (
            _DATELINE_COUNTRY.match(text, line_start)
            or _DATELINE_OUTLET.match(text, line_start)
            or _DATELINE_AGENCY.match(text, line_start)
            or _DATELINE_BRACKETED.match(text, line_start)
        )
        if dateline and end <= dateline.end():
            return True
    return False
