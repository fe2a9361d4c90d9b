"""References back, within one text: what "the force", "It", "he said" or a list item refer to.

The linker finds names anywhere; these rules read a text in order and link a reference back only
to what the same text named shortly before, so the same words in a text that never named the
thing link nothing:

- a phrase that refers back ("the force", "the Board", "the group": an alias marked so) links
  its provision or party when the text named it (or referred to it) within the last
  REFER_WINDOW sentences; a phrase that may refer back to several ("the body": the Board or
  the committee) links the one named last;
- "It" or "Its" opening a sentence links what the nearest earlier sentence (at most
  IT_WINDOW back) that names the force, the Board or the draft itself names first: its subject,
  as a rule. When that is the draft or the resolution ("The draft … It also …"), nothing; the
  draft reporting a clause ("The draft suggests that the Board would…") leaves "It" to the
  clause's subject;
- "it" or "its" inside a sentence ("Since it was unveiled, …", "its members include…") links
  the Board when the nearest earlier sentence that names the force, the Board or the draft
  (at most IT_WINDOW back) has the Board as its subject, and nothing in the sentence is named
  before it (a party, a capitalized name, the draft: "The World Bank estimated it would cost…"),
  nor is it what is made or given ("make it one"); a sentence opening with "It" keeps its
  own rule;
- a sentence-opening "It" doing what only the force does ("It would train and support police",
  "It will secure border areas") links the force when the sentence before named it, even
  after the draft that authorizes it;
- "it" as the object of what is done to a force ("deploy it", "join it", "contribute to it")
  links the force when it is among what the sentence before (at most IT_WINDOW back) names;
- "it" as what is led, chaired, headed or commanded ("Trump will lead it") links whichever
  body, the force or the Board, the sentence before or its own named last;
- in a text about the Board (its headline or lead, the first TOPIC_SENTENCES sentences, names
  it), "the meeting", "the first summit" and "to join" link the Board, within REFER_WINDOW of
  where it was last named; not "the meeting of…", nor joining a force, a mission or talks, nor
  "join" when the force was named since;
- "the decision", "the move", "this stance" link who joins the force when the sentence before
  (or its own, earlier) named it (by an alias, or described it: the linker passes what the
  cues describe as named): a country's decision to send troops or not;
- "that point", "this provision", "opposition to this." link the provision the sentence just
  before named last ("this plan", "this proposal" are the draft; "that," a conjunction);
- "he", "she", "the ambassador", "the official", "the source"… link the party of whoever was
  last named as speaking, within SPEAKER_WINDOW sentences: a person in the speakers' list, or a
  party named with a role or a verb of speech ("China's representative", "Hamas said", "Russia
  and China abstained", "Hamas and other groups said": both; "the ministry" as "the
  official"), not inside a quotation nor
  after a preposition of the same sentence ("wrote to U.S. Ambassador…"). A person named in
  between who speaks for no party (the Secretary-General), or the draft speaking ("the draft
  says"), links nothing. Of the
  speakers one sentence names, the first is its subject ("Netanyahu meets US Secretary of
  State Rubio"); a later one takes over only with words of speech ("…, Fidan said"). A title's
  own preposition is none ("Secretary of State Marco Rubio", "Ambassador to the UN…"); "the
  president", "the prime minister", "the king" and "a spokesperson" refer back as "the
  ambassador" does, but not as a title before a name the text gives ("the Prime Minister
  Narendra Modi-led government") nor as the minister's office. "The official", "the envoy",
  "the minister"… link first the party last named with that role ("a senior U.S. official"),
  or the party of a person who spoke under that title ("Minister Ali AlKhulaif says…", "Fidan,
  Türkiye's foreign minister, said…": nobody's when they speak for no party; not someone named
  in passing), within SPEAKER_WINDOW, even when others spoke since ("According to a senior
  U.S. official, Egypt and Qatar have backed the draft. …, the official told Reuters": the
  United States), and one such person ("the minister", not "the ministers") speaks from there
  on;
  "the ministers", "the officials" link only the parties named with that role ("foreign
  ministers from Egypt and Qatar"). A party
  between commas before words of speech speaks ("Palestinian groups, including Hamas,
  stressed");
- after a party was named speaking: "It" or "They" opening the next sentence with a verb of
  speech ("It also reaffirmed…", "They said…") and "the country" (within SPEAKER_WINDOW)
  link that party; "the country", and "It" with a verb of speech, also link the party the
  sentence just before opened with ("Turkey, a NATO member, played a role… The country has also
  expressed…", "…It vowed to monitor…"), not a person;
  "we" and "our" link it too, within SPEAKER_WINDOW inside a quotation that
  the sentence does not attribute to someone else ("“We need…,” X said" is X's), and within
  REFER_WINDOW outside quotations (a party's own statement: "We urge all parties…"). Each of
  these keeps the speaker current;
- "Both powers", "the two countries", "the two ministers", "Both stressed…" link the two
  parties last named together ("Russia and China", "Araghchi and Safadi"), "the four
  countries", "the three mediators" the three to nine last named together when they were as
  many, and "those countries", "these nations", "the signatories" all of them ("Qatar, Egypt,
  [Jordan] and Türkiye"), within SPEAKER_WINDOW sentences;
- a sentence that opens a quotation the sentence does not attribute ("“The draft provides no
  such arrangements.”") just after someone spoke, or a point in their list ("Secondly, …",
  within SPEAKER_WINDOW), links the speaker's party;
- a lead-in ending with ":", or a heading (a line of at most HEADING_WORDS words and no full
  stop), carries what it mentions to the list items under it (lines that begin with a bullet or
  a number).

Offsets are Python string indices into the text: a context mention points at the words that
refer back ("the force", "It", "he"), a list item's at its bullet or number.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

REFER_WINDOW = 6  # sentences back that "the force" may reach
IT_WINDOW = 1  # sentences back that a sentence-opening "It" may reach
SPEAKER_WINDOW = 3  # sentences back that "he said" may reach
HEADING_WORDS = 15  # a line this short without a full stop is a heading

CONTEXT = "context"
HEADING = "heading"

FORCE = ("provision", "isf-mandate")
BOARD = ("provision", "board-of-peace")
# "it" as the object of what is done to a force: deploying, joining, sending troops to it.
_FORCE_IT = re.compile(
    r"(?:deploy(?:s|ed|ing)?|join(?:s|ed|ing)?|(?:contribut|participat)(?:e|es|ed|ing) (?:troops )?"
    r"(?:to|in)|tak(?:e|es|ing) part in|send(?:s|ing)? troops to|sent troops to)\s+$",
    re.IGNORECASE,
)

# A sentence-opening "It" doing what only the force does ("It would train and support
# Palestinian police", "It will secure border areas"): the force, when the sentence before named
# it, even after naming the draft that authorizes it.
_FORCE_TASK = re.compile(
    r"\s+(?:(?:would|will|could|should|is to|is expected to|is meant to|is set to|"
    r"is intended to|is supposed to|is designed to|is due to)\s+)?"
    r"(?:also\s+)?(?:be\s+deployed|deploy|train|secure|patrol|disarm|demilitari[sz]e|"
    r"protect civilians|stabili[sz]e|consist of|comprise|be made up of)(?:s|d|ed)?(?!\w)",
    re.IGNORECASE,
)

# "it" as the object of leading or chairing a body ("Trump will lead it", "who would command
# it"): whichever body, the force or the Board, was named last, in the sentence before or its
# own.
_BODY_IT = re.compile(
    r"(?:lead(?:s|ing)?|led|chair(?:s|ed|ing)?|head(?:s|ed|ing)?|command(?:s|ed|ing)?|"
    r"preside(?:s|d)? over|presiding over)\s+$",
    re.IGNORECASE,
)

# "That point", "this provision", "opposition to this.": what the sentence just before said
# last, a part of the text (not "this plan" or "this proposal", which are the draft).
_THIS_POINT = re.compile(
    r"(?:[Tt]his|[Tt]hat)\s+(?:point|provision|clause|language|wording|stipulation|passage|"
    r"paragraph|element|idea|demand|condition)s?(?!\w)|[Tt]his(?=\s*[.!?,;:])|[Tt]hat(?=\s*[.!?])"
)

# "The latter", "the former", opening a sentence: of the two or more provisions the sentence
# before named, the last or the first ("…international forces, as well as a Council of Peace.
# The latter is to be chaired by…"). Not "the former president".
_LATTER = re.compile(r"[Tt]he (?:latter|former)(?=\s+(?:is|was|will|would|has|had|could)\b)")

JOINING = ("provision", "isf-composition")
# "The meeting", "the first summit", "agreed to join": the Board's, in a text whose opening
# (its first TOPIC_SENTENCES sentences: a headline and a lead) names the Board; not the
# Council's meeting, nor joining the force.
TOPIC_SENTENCES = 2
_MEETING = re.compile(
    r"(?:the|this|that|its) (?:(?:first|inaugural|upcoming|next) )?(?:meeting|summit)",
    re.IGNORECASE,
)
# ...and "to join": the Board, there; not joining a force or anything international.
_JOIN_ELSE = re.compile(
    r"\s+(?:the\s+|an?\s+)?(?:ISF|international|multinational|stabili[sz]ation|force|mission|"
    r"troops|peacekeep|coalition|talks)",
    re.IGNORECASE,
)
_MEETING_OF = re.compile(r"\s+(?:of|with|between)\s")  # "the meeting of the Council"
# A country's act, referred back to: "the decision", "this move", "Azerbaijan's stance".
_ACT = re.compile(
    r"(?:the|this|that|such a|(?:a |no )?final|its|their|\w+['’]s) (?:decision|move|stance)s?\b",
    re.IGNORECASE,
)

# Words that refer back as often to the plan or the draft as to a body ("the initiative"): they
# refer back to the body only when it was named after the draft or the plan last was.
_LIKE_THE_DRAFT = re.compile(r"initiative", re.IGNORECASE)

# Words naming the draft or the resolution itself: "It" after them is the text, not a part of it.
_DRAFT = re.compile(
    r"(?<!\w)(?:draft|resolution|text|document|plan|proposal|version|measure)s?(?!\w)",
    re.IGNORECASE,
)
# ("- It would…": a list item's "It" opens its sentence too.)
_IT = re.compile(
    r"(?:[-•–—*]\s+)?[\"“‘'(\[]*(?:(?:And|But|Instead|However|Also|Yet),?\s+)?(It|Its)\b"
)
# Words that open a sentence without naming anything ("Since it was unveiled", "He said it…").
_OPENERS = frozenset(
    (
        *("the", "this", "that", "that's", "that’s", "these", "those", "he", "she", "they"),
        *("we", "you", "but", "and", "or", "so", "yet", "since", "while", "when", "what"),
        *("how", "why", "if", "as", "after", "before", "in", "on", "at", "for", "with", "by"),
        *("still", "however", "meanwhile", "everybody", "everyone", "some", "many", "its"),
        *("although", "though", "because", "once", "until", "unless", "whether", "now"),
        *("critics", "officials", "observers", "analysts", "diplomats", "sources", "there"),
    )
)
# A capitalized word after a sentence's first ("I" aside): a name.
_CAPITALIZED = re.compile(r"(?<=[\s(“\"‘'])(?!I\b)[A-Z]")
_MADE_IT = re.compile(
    r"(?<!\w)(?:make|makes|made|making|give|gives|gave|giving)\s+$", re.IGNORECASE
)
# "It is expected that…", "It's unclear whether…", "It remains to be seen…": "It" stands for
# nothing. "It said…": an institution speaking, not the force or the Board.
_EXPLETIVE = re.compile(
    r"It(?:\s+(?:is|was|remains|would be|will be|has been|had been|seems|seemed|appears)|['’]s)"
    r"\s+(?:not\s+)?(?:yet\s+)?(?:immediately\s+|also\s+|now\s+|still\s+|too\s+)?"
    r"(?:expected|reported|believed|understood|hoped|said|thought|feared|likely|unlikely|"
    r"unclear|clear|important|essential|necessary|crucial|vital|critical|possible|impossible|"
    r"noteworthy|notable|remarkable|significant|striking|interesting|"
    r"difficult|hard|easy|time|worth|true|known|noted|estimated|to be seen|early|enough)\b"
    r"|It\s+(?:also\s+)?(?:said|says|added|reported|stated|noted|told|quoted|cited)\b"
)
# ...and inside a sentence ("it remains unclear which…", "make it clear").
_INNER_EXPLETIVE = re.compile(
    r"it(?:\s+(?:is|was|remains|would be|will be|has been|had been|seems|seemed|appears)|['’]s)"
    r"\s+(?:not\s+)?(?:\w+\s+)?(?:that|to|whether|if|which|who|how|when|why|what)\b"
    r"|it\s+(?:clear|plain|possible|hard)\b",
    re.IGNORECASE,
)
_SPEAKER_REFERENCE = re.compile(
    # "a spokesperson for the Secretary-General" is someone else's, not the last speaker's.
    r"(?<!\w)(?:he|she|him|(?:the|a) spokes(?:person|man|woman)(?! (?:for|of)\b)|"
    # "In his view", "in her words": the speaker's own.
    r"(?<=in )(?:his|her) (?:view|words|opinion|assessment)|"
    # Not "the official" of "the official Palestinian institutions", "the official news agency".
    # "The top diplomat", "the senior official" refer back as "the diplomat".
    r"the (?:(?:top|senior|chief) )?(?:ambassador|envoy|"
    r"official(?!\s+(?:(?-i:[A-Z])|(?:news|media|website|account|agency|"
    r"line|position|channels?|institutions?|figures?|toll|text|version|record|results?|launch|"
    r"visit|announcement|start|opening)\b))|"
    # Not a title before a name the text gives ("the Prime Minister Narendra Modi-led
    # government"), nor the minister's office or court.
    r"diplomat|(?:(?:prime |foreign )?minister|president(?! of))(?!\s+(?-i:[A-Z])|['’]s\s+"
    r"(?:office|court)\b)|(?:foreign )?ministry(?! of)|delegation|representative|"
    r"statement|source|king|emir|crown prince)|his excellency|her excellency|"
    # Plural, only for those named with that role ("ministers from…": "the ministers").
    r"the (?:ministers|officials|envoys|diplomats|ambassadors|representatives|delegates))(?!\w)",
    re.IGNORECASE,
)
# What a speaker does with words (or a vote): "said", "rejects", "called on", "abstained".
_SPEECH_VERBS = (
    r"(?:said|says|say|added|adds|told|tells|stressed|stresses|stress|noted|notes|note|warned|"
    r"warns|warn|urged|urges|urge|called|calls|call|argued|argues|argue|explained|explains|"
    r"emphasi[sz]ed|emphasi[sz]es|insisted|insists|insist|stated|declared|declares|"
    r"described|describes|describe|wrote|writes|posted|expressed|expresses|express|highlighted|"
    r"reiterated|reiterates|pointed|considered|considers|consider|welcomed|welcomes|welcome|"
    r"criticized|criticised|criticizes|criticises|criticize|criticise|rejected|rejects|reject|"
    r"condemned|condemns|condemn|announced|announces|confirmed|confirms|demanded|demands|demand|"
    r"accused|accuses|accuse|affirmed|affirms|reaffirmed|reaffirms|underlined|underscored|"
    r"voted|abstained|continued|decried|decries|slammed|hailed|praised|thanked|objected|opposed|"
    r"opposes|oppose|wants|want|wanted|seeks|seek|sought|supports|support|supported|backs|"
    r"backed|fears|fear|feared|agreed|agrees|refused|refuses|signalled|signaled|signals|"
    r"indicated|indicates|claimed|claims|claim|asserted|asserts|assert|vowed|vows|vow|"
    r"maintained|maintains|contended|contends|complained|complains|cautioned|cautions|"
    r"acknowledged|acknowledges|labell?ed|labels)"
)
# A speaker's words: "Hamas said", "the group rejected", "Algeria called on…".
_SPEECH_AFTER = re.compile(
    r"[’'s]*,?(?:\s+(?:to|at)\s+the\s+(?:UN|U\.N\.|United Nations))?(?:\s+on\s+[A-Z]\w+day)?"
    # "Hamas and other factions in Gaza said"
    r"(?:\s+in\s+(?:the\s+)?(?-i:[A-Z])[\w-]+)?"
    # "the Hamas terrorist group rejected", "the Hamas movement said"
    r"(?:\s+(?:(?:terrorist|militant|Islamist|resistance|armed|Palestinian)\s+)?(?:group|movement))?"
    # "Hamas immediately rejected", "It further asserted", "has also said": up to two such words.
    r"\s+(?:(?:also|later|then|further|again|had|has|have|(?-i:[a-z]+ly))\s+){0,2}"
    + _SPEECH_VERBS
    + r"(?!\w)",
    re.IGNORECASE,
)
# Who speaks, said outside a quotation: "…,” Fidan said", "a clause saying “…”".
_SPEECH = re.compile(
    r"(?<!\w)(?:said|says|say|told|tells|added|adds|stated|noted|wrote|writes|explained|stressed|"
    r"warned|argued|insisted|declared|emphasi[sz]ed|continued|acknowledged|asked|posted|"
    r"confirmed|announced|according to|saying|reads|read|stating|adding|writing)(?!\w)",
    re.IGNORECASE,
)
# "It said", "They also rejected": an institution or a group speaking, at a sentence's opening.
_PRONOUN_SPEAKS = re.compile(
    r"[\"“‘'(\[]*(?:(?:And|But|Also|Yet|However|Instead),?\s+)?(It|They)(?="
    + _SPEECH_AFTER.pattern
    + ")",
    re.IGNORECASE,
)
# "Both powers abstained", "the two countries": the two parties last named together.
_BOTH = re.compile(
    r"(?<!\w)(?:(?:[Bb]oth|[Tt]he two)\s+(?:[\w-]+\s+)?(?:powers|countries|nations|states|"
    r"governments|members|capitals|delegations|ministers|leaders|presidents|envoys)(?!\w)"
    # "Both stressed…": the two who were just named, speaking.
    r"|[Bb]oth(?=\s+(?:also\s+)?" + _SPEECH_VERBS + r"(?!\w)))"
)
# "Those countries stood with…", "these nations", "the signatories": the parties last named
# together, however many.
_THOSE = re.compile(
    r"(?<!\w)(?:[Tt]hose|[Tt]hese)\s+(?:[\w-]+\s+)?(?:countries|nations|states|governments|"
    r"capitals)(?!\w)"
)
# "The four countries", "the three mediators": the parties last named together, when they were
# as many.
_NUMBERS = {"three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_COUNTED = re.compile(
    r"[Tt]he\s+(three|four|five|six|seven|eight|nine)\s+(?:[\w-]+\s+)?(?:countries|nations|"
    r"states|governments|capitals|mediators|ministers|guarantors)(?!\w)"
)
_SIGNATORIES = re.compile(r"(?<=[Tt]he )signator(?:ies|y\s+(?:countries|states|governments))(?!\w)")
# A sentence that opens a quotation ("“The draft is vague.”") or a point in a list of them
# ("Secondly, …"): the speaker's words go on.
_GOES_ON = re.compile(r"([\"“])|(?:First|Second|Third|Fourth|Fifth|Finally|Lastly)(?:ly)?,")
# Coordinated parties: "Russia and China", "Egypt, Qatar and Türkiye"; "Hamas and other …".
_AND = re.compile(
    r"[’'s\])]*\s*(?:,\s*(?:and\s+|as well as\s+)?|\s+(?:and|as well as)\s+)(?:the\s+)?[\[(]?"
)
_AND_OTHER = re.compile(r"[’'s]*\s+and\s+(?:the\s+)?other\s+(?:[\w-]+\s+){0,2}")
# "We", "our": the party whose statement it is (or whose speaker is quoted).
# Not a word of a web address ("…/liveblog_entry/us-ambassador-to-the-un…").
_FIRST_PERSON = re.compile(r"(?<![\w/-])(?:[Ww]e|[Oo]ur|[Oo]urs|us|[Oo]urselves)(?![\w/-])")
# "The country thanked…": the party last named speaking.
_COUNTRY = re.compile(r"(?<!\w)[Tt]he (?:country|kingdom)(?!\w)")
# A name that is not the speaker's: "Trump's plan", "wrote to US Ambassador Mike Waltz".
_OBJECT_BEFORE = re.compile(
    r"(?<!\w)(?:to|from|with|for|of|at|on|about|against|towards?)\s+(?:(?:the|his|her|their)\s+)?"
    r"(?:[A-Z][\w.’'-]*\s+|(?:counterpart|colleague|host)s?\s+){0,4}$"
)
# "in the Foreign Ministry": a place or an owner, not a speaker.
_PREPOSITION_BEFORE = re.compile(r"(?<!\w)(?:in|of|at|from|to|with|by|for|within)\s+$", re.I)
# A quotation may open with one kind of mark and close with the other, as typed ("…” or “…").
_QUOTATION = re.compile(r"“[^”]*”|\"[^\"\n]*\"|\"[^\"”\n]*”|“[^”\"\n]*\"")
# The draft reporting what a clause says ("The draft suggests that the Board would…"): the
# clause's subject is what a next "It" stands for, not the draft.
_DRAFT_SAYS_THAT = re.compile(
    r"\s+(?:also\s+)?(?:says|said|states|stated|suggests|suggested|notes|noted|stipulates|"
    r"stipulated|specifies|specified|proposes|proposed|envisions|envisioned|envisages|"
    r"envisaged|indicates|indicated|shows|showed|adds|added|makes clear|made clear)\s+that(?!\w)",
    re.IGNORECASE,
)
# A word that puts the draft in a phrase of its own ("according to the draft"), not the subject.
_FRAMING = re.compile(
    r"(?<!\w)(?:according to|under|in|of|on|by|with|from|to|for|into|about|within|through)\s+"
    r"(?:[\w.’'-]+\s+){0,3}$",
    re.IGNORECASE,
)
# "China's representative", "the Russian envoy", "Pakistan's permanent representative": a party
# named as the speaker's, within three words before the role.
_ROLE_AFTER = re.compile(
    r"[’'s]*\s+(?:[\w.-]+\s+){0,3}?(?:ambassador|envoy|representative|spokes(?:person|man|woman)|"
    r"minister|ministry|official|diplomat|president|delegate|delegation|mission|chargé|secretary|"
    r"leader|leadership|ruler|government|authorities)s?(?!\w)",
    re.IGNORECASE,
)
# "a senior U.S. official", "Egypt's foreign minister": whom "the official", "the minister"
# later stands for.
_OWN_ROLE = re.compile(
    r"[’'s]*\s+(?:[\w-]+\s+){0,2}?(ambassador|envoy|representative|spokes(?:person|man|woman)|"
    r"minister|official|diplomat|president|delegate)s?(?!\w)(?![’']s)",
    re.IGNORECASE,
)
# "Minister Ali AlKhulaif", "Noor AlKhulaif, Minister of Sustainable Development": a speaker
# named with a role, whom "the minister" later stands for (whatever party they speak for, or
# none), before the name (a name may stand between) or just after it, between commas.
_PERSON_ROLE_BEFORE = re.compile(
    r"(?<!\w)(minister|president|ambassador|envoy|spokes(?:person|man|woman)|diplomat)"
    r"\s+(?:(?-i:[A-Z])[\w.’'-]*\s+){0,2}$",
    re.IGNORECASE,
)
_PERSON_ROLE_AFTER = re.compile(
    r",\s+(?:an?\s+|the\s+)?(?:[\w.’'-]+\s+){0,3}?(minister|president|ambassador|envoy|"
    r"spokes(?:person|man|woman)|diplomat)(?!\w)",
    re.IGNORECASE,
)
# "foreign ministers from Egypt and Qatar", "officials of the UAE": whom "the ministers" later
# stands for.
_ROLE_BEFORE = re.compile(
    r"(?<!\w)(minister|official|envoy|diplomat|ambassador|representative|delegate|leader)s?"
    r"\s+(?:from|of)\s+(?:the\s+|several\s+|some\s+|other\s+)?$",
    re.IGNORECASE,
)
# A title ending in a preposition is no preposition: "Secretary of State Marco Rubio".
_TITLE_BEFORE = re.compile(
    r"(?<!\w)(?:secretary|minister|ministry|ambassador|envoy|representative|chargé d['’]affaires|"
    r"president|head|chief|director|spokes(?:person|man|woman))\s+\w+\s+(?:the\s+)?[\w.’'-]*\s*$",
    re.IGNORECASE,
)
_LIST_ITEM = re.compile(r"[ \t]*(?:[•◦▪▫●○■□*·–—-]|\(?\d{1,2}[.)]|\(?[a-z][.)]|#\d{1,2}\.?)\s+")


class Named(Protocol):
    """What these rules read of a mention: a Found, or the linker's Mention."""

    @property
    def kind(self) -> str: ...
    @property
    def key(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


@dataclass(frozen=True)
class Found:
    """A mention as these rules need it; `linker.Mention` is built from it."""

    kind: str
    key: str
    start: int
    end: int
    how: str


@dataclass(frozen=True)
class Person:
    """Where a person's name occurs, and the parties they speak for (none: the UN's chief)."""

    start: int
    end: int
    parties: tuple[str, ...]


@dataclass(frozen=True)
class _Speaker:
    """Who speaks, as far as the text has said: from sentence `index`, for `parties`; by_party
    when a party was named speaking ("Hamas said"), not a person ("Fu said")."""

    index: int
    parties: tuple[str, ...]
    by_party: bool
    start: int  # where the text names them (or refers to them)


# (sentence index, start, end, what, item): the item is a Named for "named" and "refers", a
# Person for "person", None for the others.
_Event = tuple[int, int, int, str, Any]


def references(
    text: str,
    sentences: Sequence[tuple[int, int]],
    named: Sequence[Named],
    refers: Sequence[Found],
    people: Sequence[Person],
    focus_keys: Iterable[tuple[str, str]],
    words: Mapping[str, Sequence[int]] | None = None,
) -> list[Found]:
    """The mentions that the references back in `text` make, given what it names (`named`,
    sorted by start), the phrases that refer back (`refers`), where people are named, and the
    things "It" may stand for (`focus_keys`: the force, the Board). `words`: where each word
    of the text starts, by the word in lower case (`word_starts`; the linker has it already)."""
    focus_keys = set(focus_keys)
    if words is None:
        words = word_starts(text)
    events = _events(text, sentences, named, refers, people, words)
    found: list[Found] = []
    last_seen: dict[tuple[str, str], int] = {}
    last_at: dict[tuple[str, str], int] = {}  # where each was last named or referred back to
    last_draft = -1  # where the draft or the plan was last named
    # Per sentence, what "It" could stand for, in order: (kind, key) or None for the draft.
    focus: list[list[tuple[str, str] | None]] = [[] for _ in sentences]
    speaker: _Speaker | None = None
    quotations = _Quotations(text)
    drafts: dict[int, int] = {}  # sentence -> where the draft is first named, not framed
    parties_named: list[Named] = []  # the parties named in the sentence being read
    pair: tuple[int, tuple[str, ...]] | None = None  # the last parties named together
    rivals: dict[tuple[int, int], list[tuple[str, str]]] = {}
    for refer in refers:
        rivals.setdefault((refer.start, refer.end), []).append((refer.kind, refer.key))
    nearest: dict[tuple[int, int], set[tuple[str, str]]] = {}
    # Per sentence, the provisions it names or refers back to, in order.
    said: dict[int, list[tuple[str, str]]] = {}
    roles: dict[str, tuple[int, tuple[str, ...]]] = {}  # "official": (sentence, parties)
    person_roles: dict[str, tuple[int, tuple[str, ...]]] = {}  # the same, of one person named
    person_starts = {person.start for person in people}
    opening_names_board = False  # whether the Board is the text's topic (see _MEETING)
    party_starts = {item.start for item in named if item.kind == "party"}
    role_before: tuple[str, int, int] | None = None  # ("minister", sentence, where named)
    opening: dict[int, str] = {}  # sentence -> the party its first words name ("Turkey, a…")
    # Sentences that name the Board and not the force: "mandate" there is the Board's.
    boards_only: dict[int, bool] = {}
    for index, _, _, what, item in events:
        if what == "named" and (item.kind, item.key) in (BOARD, FORCE):
            boards_only[index] = boards_only.get(index, True) and (item.kind, item.key) == BOARD
    for index, start, end, what, item in events:
        if what == "named":
            if index < TOPIC_SENTENCES and (item.kind, item.key) == BOARD:
                opening_names_board = True
            last_seen[(item.kind, item.key)] = index
            last_at[(item.kind, item.key)] = start
            if item.kind == "provision":
                said.setdefault(index, []).append((item.kind, item.key))
            if (item.kind, item.key) in focus_keys:
                focus[index].append((item.kind, item.key))
            if item.kind != "party":
                continue
            if parties_named and parties_named[-1].start < sentences[index][0]:
                parties_named = []
            opens = not text[sentences[index][0] : item.start].strip(" \"“‘'(")
            if opens and item.start not in person_starts:  # a person is no country
                opening.setdefault(index, item.key)
            parties_named.append(item)
            first = speaker is None or speaker.index < index
            if item.start not in person_starts and not quotations.inside(item.start):
                role = _OWN_ROLE.match(text, item.end)
                if role:
                    roles[role.group(1).lower()] = (index, _subject(text, parties_named))
                near = text[max(item.start - 16, 0) : item.start]
                titled = (" of " in near or " from " in near) and _ROLE_BEFORE.search(
                    text, max(item.start - 60, 0), item.start
                )
                if titled and role_before != (titled.group(1).lower(), index, item.start):
                    role_before = (titled.group(1).lower(), index, item.start)
                    roles[role_before[0]] = (index, (item.key,))
                elif role_before and role_before[1] == index:
                    # "ministers from Egypt, Qatar and Jordan": each coordinated party too.
                    same = roles[role_before[0]]
                    together = _coordinated(text, parties_named)
                    if item.start == role_before[2] or set(same[1]) & set(together[:-1]):
                        roles[role_before[0]] = (index, (*same[1], item.key))
            if (
                _speaks(text, item.end, first)
                and _unquoted_subject(text, item.start, quotations, sentences[index][0])
                and not _reported(text, speaker, index, item.start)
            ):
                speaker = _Speaker(index, _subject(text, parties_named), True, start)
            together = _coordinated(text, parties_named)
            if len(together) > 1:
                pair = (index, together)
        elif what == "refers":
            seen = last_seen.get((item.kind, item.key))
            span = (item.start, item.end)
            if span not in nearest:
                # Words that refer back to several things ("the body": the Board, the
                # committee) refer to the one named last.
                seens = [last_seen.get(rival, -1) for rival in rivals[span]]
                nearest[span] = {
                    r for r, s in zip(rivals[span], seens, strict=True) if s == max(seens)
                }
            if (item.kind, item.key) not in nearest[span]:
                continue
            if (
                (item.kind, item.key) == FORCE
                and text[start:end].lower() == "mandate"
                and boards_only.get(index)
            ):
                continue  # "a two-year mandate for a transitional body called the Board of Peace"
            if _LIKE_THE_DRAFT.search(text, start, end) and last_draft > last_at.get(
                (item.kind, item.key), -1
            ):
                continue
            if seen is not None and index - seen <= REFER_WINDOW:
                found.append(Found(item.kind, item.key, start, end, CONTEXT))
                last_seen[(item.kind, item.key)] = index
                last_at[(item.kind, item.key)] = start
                if item.kind == "provision":
                    said.setdefault(index, []).append((item.kind, item.key))
                if (item.kind, item.key) in focus_keys:
                    focus[index].append((item.kind, item.key))
                if item.kind == "party" and _SPEECH_AFTER.match(text, end):
                    speaker = _Speaker(index, (item.key,), True, start)
        elif what == "draft":
            last_draft = start
            floor = max(sentences[index][0], start - 40)  # not the sentence before's words
            if not _FRAMING.search(text, floor, start) and not _DRAFT_SAYS_THAT.match(text, end):
                focus[index].append(None)
                drafts.setdefault(index, start)
            if _SPEECH_AFTER.match(text, end):
                speaker = None  # "the draft says": the text speaks, no party
        elif what == "person":
            # The first speaker a sentence names is its subject, as a rule ("Netanyahu meets
            # US Secretary of State Rubio"); a later one only when words of speech follow.
            first = speaker is None or speaker.index < index
            if (
                _may_speak(text, start, end, quotations, sentences[index][0])
                and (first or _SPEECH_AFTER.match(text, end))
                and not _reported(text, speaker, index, start)
            ):
                speaker = _Speaker(index, item.parties, False, start)
                # ...and whom "the minister" later stands for, if named with that role.
                role = _PERSON_ROLE_AFTER.match(text, end) or _PERSON_ROLE_BEFORE.search(
                    text, max(start - 60, sentences[index][0]), start
                )
                if role:
                    person_roles[role.group(1).lower()] = (index, item.parties)
        elif what == "stranger":
            # Someone the vocabulary does not know, speaking: "he said" after them is no
            # party's ("Richard Gowan, UN director at the Crisis Group, said…").
            if not quotations.inside(start) and (speaker is None or speaker.index != index):
                speaker = _Speaker(index, item or (), False, start)
            # A surname standing for a full name the text gave earlier, of someone the
            # vocabulary knows or named beside a party ("Burhanettin Duran, Türkiye's
            # communications director… Duran said"): that party, speaking.
            found.extend(Found("party", code, start, end, CONTEXT) for code in item or ())
        elif what in ("both", "those", "counted"):
            # "Both powers" are two; "the four countries" four ("US, Qatari, Turkish, and
            # Egyptian officials"); "those countries" however many were named together.
            many: int | None = 2 if what == "both" else None
            if what == "counted":
                counted = _COUNTED.match(text, start)
                many = _NUMBERS[counted.group(1)] if counted else 0
            if pair and many in (None, len(pair[1])) and index - pair[0] <= SPEAKER_WINDOW:
                found.extend(Found("party", code, start, end, CONTEXT) for code in pair[1])
        elif what in ("meeting", "join"):
            seen = last_seen.get(BOARD)
            if not opening_names_board or seen is None or index - seen > REFER_WINDOW:
                continue
            if what == "join" and last_seen.get(FORCE, -1) > seen:
                continue  # joining the force, named since
            found.append(Found(*BOARD, start, end, CONTEXT))
            last_seen[BOARD] = index
        elif what == "act":
            seen = last_seen.get(JOINING)
            if seen is not None and index - seen <= IT_WINDOW:
                found.append(Found(*JOINING, start, end, CONTEXT))
        elif what == "force it":
            if any(FORCE in focus[back] for back in range(max(index - IT_WINDOW, 0), index + 1)):
                found.append(Found(*FORCE, start, end, CONTEXT))
                last_seen[FORCE] = index
        elif what == "this point":
            before = said.get(index - 1)
            # A bare "this" or "that" is the sentence before's one provision; of several, it
            # may be any or all of them ("the debate centres on statehood and the force. The
            # draft attempts to address this,"), so none.
            bare = text[start:end].lower() in ("this", "that")
            if before and not (bare and len(set(before)) > 1):
                found.append(Found(*before[-1], start, end, CONTEXT))
                last_seen[before[-1]] = index
        elif what == "latter":
            before = list(dict.fromkeys(said.get(index - 1, ())))
            if len(before) > 1 and not text[sentences[index][0] : start].strip(" \"“‘'("):
                which = before[-1] if text[start:end].endswith("latter") else before[0]
                found.append(Found(*which, start, end, CONTEXT))
                last_seen[which] = index
                said.setdefault(index, []).append(which)
        elif what == "body it":
            bodies = [
                key
                for back in range(max(index - IT_WINDOW, 0), index + 1)
                for key in focus[back]
                if key is not None
            ]
            if bodies:
                found.append(Found(*bodies[-1], start, end, CONTEXT))
                last_seen[bodies[-1]] = index
        elif what == "inner it":
            # "Since it was unveiled, …", "its members include…": the Board, when the sentence
            # before had it as its subject and nothing in this one has been named before "it".
            # (The antecedent first: it rules out almost every "it" a text has, cheaply.)
            if focus[index] or _antecedent(focus, index) != BOARD:
                continue
            lead = text[sentences[index][0] : start]
            opens = not lead.strip(" \"“‘'([-•–—*")
            named_here = [p for p in parties_named if sentences[index][0] <= p.start < start]
            # A name before "it" ("Gaza will not be governed by its inhabitants", "The World
            # Bank estimated it would cost…") is what "it" stands for, as is what is made or
            # given ("make it one", "give it power").
            first_word = lead.split(maxsplit=1)[0].strip("\"“‘'(") if lead.strip() else ""
            named_before = (
                _CAPITALIZED.search(lead, 1)
                or _MADE_IT.search(lead)
                or (first_word[:1].isupper() and first_word.lower() not in _OPENERS)
            )
            # A sentence opening with "It" has its own rules ("It is clear that it…").
            its_own = _IT.match(text, sentences[index][0], start)
            if opens or its_own or named_here or named_before:
                continue
            found.append(Found(*BOARD, start, end, CONTEXT))
            last_seen[BOARD] = index
            focus[index].append(BOARD)
        elif what == "it":
            target = _antecedent(focus, index)
            recent = range(max(index - IT_WINDOW, 0), index)
            if _FORCE_TASK.match(text, end) and any(FORCE in focus[back] for back in recent):
                target = FORCE
            if target is not None:
                found.append(Found(*target, start, end, CONTEXT))
                last_seen[target] = index
                focus[index].append(target)
        elif (
            what == "pronoun"
            and (role_parties := _same_role(text, start, end, roles, person_roles, index))
            is not None
        ):
            # "a senior U.S. official … the official told Reuters": the party whose official
            # (ambassador, envoy…) was named, even if others spoke since; nobody's when that
            # was a person who speaks for no party ("Minister Ali AlKhulaif … the minister").
            # One of them ("the minister", not "the ministers") speaks from here on, and the
            # next "the minister" is them again.
            found.extend(Found("party", code, start, end, CONTEXT) for code in role_parties)
            title = text[start:end].lower().split()[-1]
            if not title.endswith("s"):
                speaker = _Speaker(index, role_parties, False, start)
                person_roles[title] = (index, role_parties)
        elif what == "country" and any(
            sentences[index][0] <= party.start < start for party in parties_named
        ):
            # "Pakistan might be given a role…, which sparked opposition in the country": the
            # party its own sentence named, not one named before.
            continue
        elif (
            what == "country" and index - 1 in opening and not (speaker and speaker.index == index)
        ):
            # "Turkey, a NATO member, played a role… The country has also expressed…"
            found.append(Found("party", opening[index - 1], start, end, CONTEXT))
        elif (
            what == "they"
            and text[start] in "Ii"
            and index - 1 in opening
            and not (speaker and speaker.by_party and speaker.index == index - 1)
        ):
            # "Turkey played a key role… It vowed to monitor…": the party the sentence just
            # before opened with, speaking now.
            found.append(Found("party", opening[index - 1], start, end, CONTEXT))
            speaker = _Speaker(index, (opening[index - 1],), True, start)
        elif speaker is None or not speaker.parties:
            continue
        elif what == "pronoun" and text[end - 1] in "sS" and text[start:end].count(" "):
            continue  # "the ministers": only those named with the role (above)
        elif (
            what == "pronoun"
            and text[start:end].lower().endswith(("ministry", "delegation"))
            and _PREPOSITION_BEFORE.search(text, max(start - 12, 0), start)
        ):
            continue  # "head of policy planning in the Foreign Ministry": no one speaking
        elif what == "pronoun" and index - speaker.index <= SPEAKER_WINDOW:
            found.extend(Found("party", code, start, end, CONTEXT) for code in speaker.parties)
        elif what == "they" and speaker.by_party and index - speaker.index <= IT_WINDOW:
            # "It said" / "They rejected", just after a party spoke; not when the sentence
            # before had the draft as its subject before the party ("The draft … It says").
            if not (text[start] in "Ii" and drafts.get(index - 1, len(text)) < speaker.start):
                found.extend(Found("party", code, start, end, CONTEXT) for code in speaker.parties)
                speaker = _Speaker(index, speaker.parties, True, start)
        elif what == "country" and speaker.by_party:
            if index - speaker.index <= SPEAKER_WINDOW:
                found.extend(Found("party", code, start, end, CONTEXT) for code in speaker.parties)
                speaker = _Speaker(index, speaker.parties, True, start)
        elif what.endswith("goes on"):
            window = IT_WINDOW if what == "quote goes on" else SPEAKER_WINDOW
            # "Finally, Abdelatty addressed…": the point is that of whom the sentence names.
            subject = end + len(text[end : end + 4]) - len(text[end : end + 4].lstrip())
            if what == "point goes on" and (subject in person_starts or subject in party_starts):
                continue
            if index - speaker.index <= window and not _attributed(
                text, sentences[index], quotations
            ):
                found.extend(Found("party", code, start, end, CONTEXT) for code in speaker.parties)
                speaker = _Speaker(index, speaker.parties, speaker.by_party, start)
        elif what == "we":
            quoted = quotations.inside(start)
            if quoted and _attributed(text, sentences[index], quotations):
                continue  # “We …,” X said: X is the speaker, named (or not) in the sentence
            window = SPEAKER_WINDOW if quoted else REFER_WINDOW
            if index - speaker.index <= window:
                found.extend(Found("party", code, start, end, CONTEXT) for code in speaker.parties)
                speaker = _Speaker(index, speaker.parties, speaker.by_party, start)
    found.extend(_list_items(text, [*named, *found]))
    return found


def _same_role(
    text: str,
    start: int,
    end: int,
    roles: Mapping[str, tuple[int, tuple[str, ...]]],
    person_roles: Mapping[str, tuple[int, tuple[str, ...]]],
    index: int,
) -> tuple[str, ...] | None:
    """The parties a role named back ("the official", "the envoy") stands for: those last
    named with that role ("a senior U.S. official", or, for one, "Minister Ali AlKhulaif"),
    within SPEAKER_WINDOW sentences; none for a person who speaks for no party; None when no
    one was."""
    words = text[start:end].lower().split()
    if len(words) < 2 or words[0] != "the":
        return None
    role = words[-1]
    plural = role.endswith("s")  # "the ministers": only parties named with the role
    named = [roles.get(role.removesuffix("s"))]
    if not plural:
        named.append(person_roles.get(role))
    latest = max((entry for entry in named if entry), default=None, key=lambda entry: entry[0])
    if latest is None or index - latest[0] > SPEAKER_WINDOW:
        return None
    return latest[1]


def _speaks(text: str, end: int, first: bool) -> bool:
    """Whether the party named just before `end` is speaking: "Hamas said", or, as the first
    speaker its sentence names, "China's representative", "the Russian envoy"."""
    return bool(_SPEECH_AFTER.match(text, end) or (first and _ROLE_AFTER.match(text, end)))


def _may_speak(text: str, start: int, end: int, quotations: _Quotations, floor: int = 0) -> bool:
    """Whether a person named at text[start:end] can be whom a later "he said" means: not a
    name quoted, owned ("Trump's plan") or the object of a preposition ("wrote to Waltz");
    `floor`: where the sentence begins (a preposition before it is another sentence's)."""
    if quotations.inside(start):
        return False
    if text[end - 2 : end] in ("'s", "’s") or text[end : end + 2] in ("'s", "’s"):
        return False
    return not _after_preposition(text, start, floor)


def _coordinated(text: str, parties: Sequence[Named]) -> tuple[str, ...]:
    """The parties named together with the last of `parties` ("Russia and China")."""
    after = parties[-1]
    keys = [after.key]
    for before in parties[-2::-1]:
        if before.end > after.start:
            after = before if before.start < after.start else after
            continue
        if not _AND.fullmatch(text, before.end, after.start):
            break
        keys.append(before.key)
        after = before
    return tuple(dict.fromkeys(reversed(keys)))


def _subject(text: str, parties: Sequence[Named]) -> tuple[str, ...]:
    """The parties that speak when the last of `parties` (named in one sentence, in order)
    does: with those it is coordinated with ("Russia and China said": both; "Hamas and other
    Palestinian groups said": both, as readers label it)."""
    after = parties[-1]
    keys = [after.key]
    for before in parties[-2::-1]:
        if before.end > after.start:  # overlapping names of one party: one name
            after = before if before.start < after.start else after
            continue
        joint = text[before.end : after.start]
        if not (_AND.fullmatch(joint) or _AND_OTHER.fullmatch(joint)):
            break
        keys.append(before.key)
        after = before
    return tuple(dict.fromkeys(reversed(keys)))


def _after_preposition(text: str, start: int, floor: int = 0) -> bool:
    """Whether the name at `start` is the object of a preposition ("wrote to Waltz", "wrote to
    U.S. Ambassador to the U.N. Mike Waltz"); a title's own preposition ("Secretary of State
    Marco Rubio") does not count, nor one before `floor` (the sentence's start: "…talks held
    with the U.S. Hamas said…" names Hamas as the subject)."""
    before = text[max(floor, start - 80) : start]
    title = _TITLE_BEFORE.search(before)
    if title:
        before = before[: title.start()]
    return bool(_OBJECT_BEFORE.search(before))


class _Quotations:
    """Where a text's quotations are (“…” or "…")."""

    def __init__(self, text: str):
        spans = [(m.start(), m.end()) for m in _QUOTATION.finditer(text)]
        self.opens = [open_ for open_, _ in spans]
        self.closes = [close for _, close in spans]

    def inside(self, position: int) -> bool:
        at = bisect.bisect_left(self.opens, position) - 1
        return at >= 0 and position < self.closes[at]


# A clause that reports or conditions what the sentence's speaker says ("Safadi said that
# Israel…", "as long as Israel maintains…"), unless a new clause is joined to it ("…, and Hamas
# said…").
_CLAUSE_WORD = re.compile(
    r"(?<!\w)(?:(that|if|unless|whether|while|because|until|when|once|as long as)|and|but)"
    r"(?!\w)|;",
    re.IGNORECASE,
)


def _reported(text: str, speaker: _Speaker | None, index: int, start: int) -> bool:
    """Whether a party or person named at `start` stands in a clause under the speaker the
    same sentence named before it ("Safadi said that Israel rejects the force": Safadi still
    speaks), not as a new speaker."""
    if speaker is None or speaker.index != index or speaker.start >= start:
        return False
    words = list(_CLAUSE_WORD.finditer(text, speaker.start, start))
    return bool(words) and words[-1].group(1) is not None


def _unquoted_subject(text: str, start: int, quotations: _Quotations, floor: int = 0) -> bool:
    """Whether a party named at `start` may be the one speaking: not inside a quotation, not
    the object of a preposition ("wrote to U.S. Ambassador Mike Waltz") in its sentence (which
    begins at `floor`)."""
    if quotations.inside(start):
        return False
    return not _after_preposition(text, start, floor)


def _attributed(text: str, sentence: tuple[int, int], quotations: _Quotations) -> bool:
    """Whether the sentence says, outside its quotations, who speaks ("…,” Fidan said)."""
    start, end = sentence
    return any(not quotations.inside(match.start()) for match in _SPEECH.finditer(text, start, end))


# The words that may refer back anywhere in a sentence, by the (lower-case) word each match
# begins with: they are tried only where those words are (see `references`' `words`).
_ANYWHERE: tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...] = (
    (
        "draft",
        _DRAFT,
        tuple(
            word + ending
            for word in ("draft", "resolution", "text", "document", "plan", "proposal")
            + ("version", "measure")
            for ending in ("", "s")
        ),
    ),
    ("pronoun", _SPEAKER_REFERENCE, ("he", "she", "him", "the", "a", "his", "her")),
    ("we", _FIRST_PERSON, ("we", "our", "ours", "us", "ourselves")),
    ("country", _COUNTRY, ("the",)),
    ("both", _BOTH, ("both", "the")),
    ("those", _THOSE, ("those", "these")),
    ("those", _SIGNATORIES, ("signatories", "signatory")),
    ("counted", _COUNTED, ("the",)),
    ("this point", _THIS_POINT, ("this", "that")),
    ("latter", _LATTER, ("the",)),
)


def word_starts(text: str) -> dict[str, list[int]]:
    """Where each word of `text` starts, by the word in lower case."""
    starts: dict[str, list[int]] = {}
    for match in re.finditer(r"\w+", text.lower() if text.isascii() else text):
        starts.setdefault(match.group(0).lower(), []).append(match.start())
    return starts


def _events(
    text: str,
    sentences: Sequence[tuple[int, int]],
    named: Iterable[Named],
    refers: Iterable[Found],
    people: Iterable[Person],
    words: Mapping[str, Sequence[int]],
) -> list[_Event]:
    """Everything the rules react to, as (sentence index, start, end, what, item), in reading
    order."""
    starts = [start for start, _ in sentences]
    events: list[_Event] = []

    def sentence_of(position: int) -> int:
        return bisect.bisect_right(starts, position) - 1

    for item in named:
        events.append((sentence_of(item.start), item.start, item.end, "named", item))
    for item in refers:
        events.append((sentence_of(item.start), item.start, item.end, "refers", item))
    for person in people:
        events.append((sentence_of(person.start), person.start, person.end, "person", person))
    for what, pattern, first_words in _ANYWHERE:
        for word in first_words:
            for at in words.get(word, ()):
                match = pattern.match(text, at)
                if match:
                    events.append((sentence_of(at), at, match.end(), what, None))
    for word in ("decision", "decisions", "move", "moves", "stance", "stances"):
        for at in words.get(word, ()):
            if act := _phrase_ending(_ACT, text, at, word):
                events.append((sentence_of(act.start()), act.start(), act.end(), "act", None))
    for at in words.get("join", ()):
        if not _JOIN_ELSE.match(text, at + 4):
            events.append((sentence_of(at), at, at + 4, "join", None))
    for word in ("meeting", "summit"):
        for at in words.get(word, ()):
            meeting = _phrase_ending(_MEETING, text, at, word)
            if meeting and not _MEETING_OF.match(text, meeting.end()):
                where = meeting.start()
                events.append((sentence_of(where), where, meeting.end(), "meeting", None))
    for at in words.get("it", ()):
        if _FORCE_IT.search(text, max(0, at - 30), at):
            events.append((sentence_of(at), at, at + 2, "force it", None))
        elif _BODY_IT.search(text, max(0, at - 30), at):
            events.append((sentence_of(at), at, at + 2, "body it", None))
        elif not _INNER_EXPLETIVE.match(text, at):
            events.append((sentence_of(at), at, at + 2, "inner it", None))
    for at in words.get("its", ()):
        events.append((sentence_of(at), at, at + 3, "inner it", None))
    for index, (start, end) in enumerate(sentences):
        speaks = _PRONOUN_SPEAKS.match(text, start, end)
        if speaks:  # "It said…": someone speaking, not the force or the Board
            events.append((index, speaks.start(1), speaks.end(1), "they", None))
        opening = _IT.match(text, start, end)
        if opening and not speaks and not _EXPLETIVE.match(text, opening.start(1), end):
            events.append((index, opening.start(1), opening.end(1), "it", None))
        goes_on = _GOES_ON.match(text, start, end)
        if goes_on:
            what = "quote goes on" if goes_on.group(1) else "point goes on"
            events.append((index, start, goes_on.end(), what, None))
    known = sorted((event[1], event[2]) for event in events if event[3] in ("named", "person"))
    parties = sorted(
        (event[1], event[2], event[4].key)
        for event in events
        if event[3] == "named" and event[4].kind == "party"
    )
    people_ending = {event[2]: event[4].parties for event in events if event[3] == "person"}
    events += _strangers(text, sentences, words, known, parties, people_ending)
    events.sort(key=lambda event: (event[1], event[2]))
    return [event for event in events if event[0] >= 0]


# Two to four capitalized words ("Richard Gowan", "Anna Petrova").
_NAME = r"((?:[A-Z][a-z]+(?:[-’'][A-Za-z]+)?\s+){1,3}[A-Z][a-z]+(?:[-’'][A-Za-z]+)?)"
# A person the vocabulary does not know, named speaking ("Richard Gowan, UN director at the
# International Crisis Group, said"): the speaker is then someone who speaks for no known party.
# Looked for just before the words of speech, as the name, then what may stand between.
_STRANGER_VERBS = (
    *("said", "says", "told", "added", "stressed", "noted", "warned", "explained", "posted"),
    *("expressed", "argued", "wrote", "insisted", "claimed", "urged", "emphasized", "emphasised"),
    *("reiterated", "described", "stated", "declared", "pointed", "announced", "confirmed"),
)
_STRANGER = re.compile(r"(?<![\w’'.-])" + _NAME + r"(,[^,.;:“”\"]{3,90},)?\s+$")
# ...or just after them ("…,” said Richard Gowan, UN director at the Crisis Group).
_STRANGER_AFTER = re.compile(
    r"\w+\s+" + _NAME + r"(,[^.;:“”\"]{3,90})?(?=[,.;]|$)",
    re.MULTILINE,
)
# ...or by surname alone, once the text has given their full name ("Ghazi Hamad, a member of
# the Hamas political bureau, rejected… Hamad said…", "Carney's office said"): the one word
# before the words of speech, then the full name looked for earlier in the text.
_SURNAME = re.compile(
    r"(?<![\w’'.-])([A-Z][a-z]+(?:[-’'][A-Za-z]+)?)(?:['’]s\s+office)?(,[^,.;:“”\"]{3,90},)?\s+$"
)
_FORENAMES = re.compile(r"(?<![\w’'.-])(?:[A-Z][a-z]+(?:[-’'][A-Za-z]+)?\s+){1,3}$")
# What stands after a full name to say whom they speak for ("Ghazi Hamad, a member of Hamas's
# political bureau,"), up to its closing comma or the sentence's end.
_APPOSITION = re.compile(r",\s+[^,.;:“”\"]{3,90}?(?=[,.;]|$)", re.MULTILINE)
# Capitalized words that open a sentence or a clause, not a name.
_NOT_A_NAME = frozenset(
    (
        *("The", "However", "But", "And", "In", "On", "At", "According", "Meanwhile", "Speaking"),
        *("Earlier", "Later", "Last", "This", "That", "These", "Those", "It", "He", "She", "They"),
        *("We", "A", "An", "Officials", "Sources", "Analysts", "Diplomats", "Critics", "While"),
        *("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "When"),
        *("After", "Before", "Also", "Still", "Yet", "Then", "Now"),
    )
)


def _phrase_ending(pattern: re.Pattern[str], text: str, at: int, word: str) -> re.Match[str] | None:
    """The phrase of `pattern` that ends with `word`, found at `at` ("the decision", "the first
    meeting"), beginning at most 30 characters before it; None if there is none."""
    phrase = pattern.search(text, max(0, at - 30), at + len(word))
    return phrase if phrase and phrase.end() == at + len(word) else None


def _strangers(
    text: str,
    sentences: Sequence[tuple[int, int]],
    words: Mapping[str, Sequence[int]],
    known: Sequence[tuple[int, int]],
    parties: Sequence[tuple[int, int, str]],
    people_ending: Mapping[int, tuple[str, ...]],
) -> list[_Event]:
    """Where a name the vocabulary does not know is named speaking, as "stranger" events (and
    a surname alone, standing for a full name given earlier: see `_surname`);
    `known`: where people and parties are named, `parties`: where parties are and which
    (both sorted), `people_ending`: the parties of each person named, by where the name ends."""
    starts = [start for start, _ in sentences]
    known_starts = {start for start, _ in known}
    party_starts = [start for start, *_ in parties]
    found: list[_Event] = []
    for verb in _STRANGER_VERBS:
        for at in words.get(verb, ()):
            index = bisect.bisect_right(starts, at) - 1
            if index < 0:
                continue
            match = _STRANGER.search(text, max(sentences[index][0], at - 160), at)
            until = at  # where a party named with them may stand, after the name
            if match is None:
                match = _STRANGER_AFTER.match(text, at, sentences[index][1])
                if match is not None:
                    until = match.end()
            if match is None:
                surname = _surname(
                    text, sentences[index][0], at, words, known, parties, people_ending
                )
                if surname is not None:
                    found.append((index, *surname))
                continue
            a, b = match.span(1)
            if any(word in _NOT_A_NAME for word in match.group(1).split()):
                continue
            if _known_within(known, a, b):
                continue
            # ...or the first words of a name known earlier in the text ("Sheikh Mohammed bin
            # Abdulrahman Al-Thani… Sheikh Mohammed emphasized").
            name = match.group(1)
            if any(
                where < a and where in known_starts and text.startswith(name, where)
                for where in words.get(name.split()[0].lower(), ())
            ):
                continue
            # Named with a party ("Ali Hassan, a senior Hamas official, said"): the party speaks.
            if bisect.bisect_left(party_starts, b) < bisect.bisect_left(party_starts, until):
                continue
            found.append((index, a, b, "stranger", None))
    return found


def _known_within(known: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """Whether a name in `known` (where people and parties are named, sorted) overlaps
    text[start:end]; a name that begins at most 80 characters before `start` may cover it."""
    first = bisect.bisect_left(known, (start - 80,))
    last = bisect.bisect_left(known, (end,))
    return any(e > start for _, e in known[first:last])


def _surname(
    text: str,
    floor: int,
    at: int,
    words: Mapping[str, Sequence[int]],
    known: Sequence[tuple[int, int]],
    parties: Sequence[tuple[int, int, str]],
    people_ending: Mapping[int, tuple[str, ...]],
) -> tuple[int, int, str, tuple[str, ...]] | None:
    """Someone named by surname just before the words of speech at `at` ("Hamad said"),
    whose full name the text gave earlier: (start, end, "stranger", parties). The parties are
    those of the person the vocabulary knows by that full name ("Lt. General Ahmed Sharif
    Chaudhry… Chaudhry told"), or else the one named beside the full name, if any. None if
    there is none."""
    match = _SURNAME.search(text, max(floor, at - 120), at)
    if match is None or match.group(1) in _NOT_A_NAME:
        return None
    a, b = match.span(1)
    if _known_within(known, a, b):
        return None
    for before in reversed([where for where in words.get(match.group(1).lower(), ()) if where < a]):
        full = _FORENAMES.search(text, max(before - 60, 0), before)
        if full:
            break
    else:
        return None
    end = before + b - a
    if end in people_ending:
        return a, b, "stranger", people_ending[end]
    if _known_within(known, full.start(), end):
        return None
    beside = _APPOSITION.match(text, end)
    codes = [code for s, _, code in parties if beside and beside.start() <= s < beside.end()]
    return a, b, "stranger", tuple(codes[:1])


def _antecedent(
    focus: Sequence[Sequence[tuple[str, str] | None]], index: int
) -> tuple[str, str] | None:
    """What a sentence-opening "It" in sentence `index` stands for: the first thing named in
    the nearest earlier sentence that names any, or None (the draft, or nothing near)."""
    for back in range(index - 1, max(index - IT_WINDOW, 0) - 1, -1):
        if focus[back]:
            return focus[back][0]
    return None


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each line of `text`, blank ones included."""
    start = 0
    for line in text.split("\n"):
        yield start, start + len(line)
        start += len(line) + 1


def _leads_in(line: str) -> bool:
    """A lead-in ("The force would:") or a heading (a short line with no full stop: "What the
    ISF would do"), either of which may head a list."""
    if _LIST_ITEM.match(line):
        return False  # an item is not the heading of the next one
    line = line.strip()
    if line.endswith(":"):
        return True
    return bool(line) and line[-1] not in '.!?…"”’)' and len(line.split()) <= HEADING_WORDS


def _list_items(text: str, mentions: Iterable[Named]) -> list[Found]:
    """The provisions a lead-in or a heading mentions, carried to the list items below it
    (blank lines between them allowed). Not its parties: "Mediators (the U.S., Qatar and
    Egypt) push a plan:" heads steps that are the plan's, not the mediators' words."""
    carried: list[Found] = []
    lines = [(start, end) for start, end in _lines(text) if text[start:end].strip()]
    starts = sorted(m.start for m in mentions)
    keys = sorted((m.start, m.kind, m.key) for m in mentions)
    for number, (start, end) in enumerate(lines[:-1]):
        if not _LIST_ITEM.match(text, *lines[number + 1]) or not _leads_in(text[start:end]):
            continue
        first, last = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
        lead = sorted({(kind, key) for _, kind, key in keys[first:last] if kind == "provision"})
        for item_start, item_end in lines[number + 1 :]:
            marker = _LIST_ITEM.match(text, item_start, item_end)
            if not marker:
                break
            begin = item_start + len(marker.group(0)) - len(marker.group(0).lstrip())
            end_ = item_start + len(marker.group(0).rstrip())
            carried.extend(Found(kind, key, begin, end_, HEADING) for kind, key in lead)
    return carried
