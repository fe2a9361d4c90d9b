"""Concept cues: a provision described in words no alias lists.

An alias is a phrase; writers paraphrase. "Israel insists on full veto power" over a force's
members, "possible contributions from those countries", "the UN's sidelined role": each says
which provision it is about by putting two kinds of word close together, something that joins
(troops, contingents, contributions) near something joined (the force, the mission, a veto),
the UN near a role it plays or loses. A cue is that rule, as data:

- `near`: two sets of words; the cue holds when a word of each lies within `window` words of
  the other in one sentence (a ";" ends the stretch), in either order;
- `unless`: words or phrases that, anywhere in the sentence, make the pairing something else
  ("Israeli troops" withdrawing are no contributors, "United Nations" in "United Nations
  General Assembly" is no role in Gaza);
- `also`: when given, one of these must be somewhere in the sentence as well (a country
  "joining" counts as joining the force only in a sentence about the force).

Words are matched lemma-ish, in lower case with accents off: a plain word also matches its
simple inflections (troop: troops; deploy: deployed, deploying; role: roles, role's; agency:
agencies), a word ending in "*" any word beginning with it (contribut*: contribute,
contribution, contributors), several words in a row as a phrase ("united nations"). `@party`
stands for a party the sentence names (by its name or a speaker), except those the cue lists
in `not_parties` ("Pakistani troops", "troops from Indonesia"); `@number` for a number in
figures ("20,000", "5000": the last figures of it stand next to what follows).

A cue links its provision only where no alias or reference back already did in that sentence,
and marks the words from the first cue word to the last (`How.CUE`). What a cue describes
counts as named for the references back after it ("a planned peacekeeping operation in Gaza.
… such a force"): the linker reads the cues over the names first. The rules are the
project's code, reviewed as code (tests/test_cues.py holds what each must and must not find);
the aliases staff approve stay in the database.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tracker.text.countries import OTHER_COUNTRIES

PARTY = "@party"
NUMBER = "@number"  # a number written in figures ("20,000", "5000")


@dataclass(frozen=True)
class Cue:
    provision: str
    near: tuple[tuple[str, ...], tuple[str, ...]]
    window: int = 6
    unless: tuple[str, ...] = ()
    not_parties: tuple[str, ...] = ()
    also: tuple[str, ...] = ()  # when given, one of these must be in the sentence too


# Parties whose own forces are no contributors to the force.
_NOT_CONTRIBUTORS = ("ISR", "hamas", "palestinian-authority", "palestinian-factions")

# Parties that are no candidate senders of troops: the Council's members speaking of the text
# (Pakistan aside, which was asked), Israel, Iran and the Palestinians.
_NOT_SENDERS = (
    *_NOT_CONTRIBUTORS,
    *("USA", "GBR", "FRA", "RUS", "CHN", "DZA", "DNK", "GRC", "GUY", "PAN", "KOR", "SLE", "SVN"),
    *("SOM", "IRN", "elected-members", "gaza-militias"),
)

# Israel's own troops withdrawing are no contributors. ("Contingent on" a condition is no
# contingent either: `Cues.find` skips the word, so that the sentence's other words still count.)
_ISRAELI_TROOPS = (
    *("withdraw*", "pull out", "pullback", "idf"),
    *("israeli troops", "israeli forces", "israeli soldiers"),
)
# Not a contributor's deployment: Israel's own, a redeployment, peacekeeping deployments in
# general ("the constraints typical of…").
_NOT_OWN_DEPLOYMENT = (
    *_ISRAELI_TROOPS,
    *("israel's deployment", "israeli deployment", "redeploy*"),
    *("typical*", "traditional", "conventional", "usual"),
    # Calling for the force's deployment ("Egypt urged the rapid deployment of an ISF") is no
    # deployment of one's own.
    *("calls for", "called for", "calling for", "call for", "urge*", "wants"),
    # ...nor is paying for it ("asked to contribute funding for deploying the force").
    "funding for",
)
# A role that is not a contributor's: Israel's troops', the police's, the UN's.
_NOT_A_CONTRIBUTORS_ROLE = (
    *_ISRAELI_TROOPS,
    *("police", "un", "u.n", "united nations", "security council"),
)
_TROOPS = (
    "troop",
    "soldier",
    "contingent",
    "personnel",
    "peacekeeper",
    "boots",
    "officer",
    "battalion",
    "army",
    "armed forces",
)
# An officer's title is no contributor's army ("US Army Major-General Jeffers", "Pakistan Army
# Chief Asim Munir", "US Army Central").
_ARMY_TITLES = (
    "army chief",
    "army major",
    "army major-general",
    "army central",
    "army general",
    "army reserve",
)
# Troops counted: not officers, who are as often police trained in their thousands.
_TROOPS_COUNTED = tuple(word for word in _TROOPS if word != "officer")
# Troops counted dead or wounded are no contingent.
_CASUALTIES = ("killed", "dead", "wounded", "injured")
_FORCE = ("force", "isf", "stabilization", "stabilisation", "mission", "peacekeeping")
_UN = (
    "un",
    "u.n",
    "united nations",
    "security council",
    "unsc",
    "secretary-general",
    "secretary general",
    "guterres",
    "world body",
    "multilateral",
)
# Another UN body or agency, or someone who once served the UN, is not the UN's role in what the
# resolution sets up.
_NOT_THE_UN = ("general assembly", "unrwa", "former un", "former u.n")
_STATE = ("statehood", "palestinian state", "independent state", "two-state", "self-determination")

# The US administration is no administration of Gaza.
_US_ADMINISTRATION = (
    "trump administration",
    "biden administration",
    "us administration",
    "u.s. administration",
    "american administration",
    "his administration",
)


CUES: tuple[Cue, ...] = (
    # Who joins the force: troops, soldiers, contingents near the act of joining or sending,
    # near countries, or near a party that would send them ("Pakistani troops")...
    Cue(
        "isf-composition",
        (
            _TROOPS,
            (
                "send",
                "join",
                "particip*",
                "commit",
                "pledge",
                "offer",
                "provide",
                "put",
                "include",
                "danger",
                "countries",
                "makeup",
                "make-up",
                "composition",
                "our",
                "their",
                "its",
                "comprise*",
                "consist*",
            ),
        ),
        window=6,
        unless=_ISRAELI_TROOPS,
    ),
    Cue(
        "isf-composition",
        (_TROOPS, (PARTY,)),
        window=2,
        # Nor another war's troops ("Russian troops invaded Ukraine").
        unless=(*_ISRAELI_TROOPS, *_ARMY_TITLES, "ukraine"),
        not_parties=_NOT_CONTRIBUTORS,
    ),
    # ...a contributor's forces or army in a sentence about the force or Gaza ("Indonesian
    # forces would arrive first", "the Pakistani military's part in Gaza")...
    Cue(
        "isf-composition",
        ((PARTY,), ("forces", "military", "army", "armed forces")),
        window=1,
        unless=(*_ISRAELI_TROOPS, "security forces", "police", *_ARMY_TITLES),
        not_parties=_NOT_CONTRIBUTORS,
        # Not "force" itself: "forces" is one of its forms.
        also=("isf", "stabiliz*", "stabilis*", "mission", "peacekeep*", "gaza", "strip", "enclave"),
    ),
    # ...a country, or a party, joining, sending or serving, in a sentence about the force...
    Cue(
        "isf-composition",
        (
            (PARTY, "countries", "nations", "which", "who"),
            (
                "join*",
                "take part",
                "taking part",
                "participat*",
                "contribut*",
                "send*",
                "serve",
                "commit*",
                "pledg*",
                "volunteer*",
                "offered",
                "offering",
                "involve*",
            ),
        ),
        window=4,
        # Not joining a bloc or a majority ("Pakistan has joined the Arab bloc in calling for…").
        unless=(
            *(*_ISRAELI_TROOPS, "board", "peace council", "committee", "bloc"),
            *("joined the majority", "joins the majority", "join the majority"),
            "abraham accords",
            # Money for the force is no troops ("asked to contribute funding for deploying…").
            *("contribute funding", "contributing funding", "contribute money"),
        ),
        not_parties=_NOT_CONTRIBUTORS,
        also=("force", "isf", "stabilization", "stabilisation", "peacekeep*", "troop", "soldier"),
    ),
    # ...a contributor's part in the force ("Pakistan could support a peacekeeping role")...
    Cue(
        "isf-composition",
        (("role", "part", "place", "seat"), ("peacekeeping", "force", "isf", "mission")),
        window=2,
        unless=_NOT_A_CONTRIBUTORS_ROLE,
        not_parties=_NOT_CONTRIBUTORS,
        also=(PARTY, "countries"),
    ),
    # ...a role a little further from it ("a leading role in the International Stabilization
    # Force"; not "part", which is as often a part of the plan)...
    Cue(
        "isf-composition",
        (("role",), ("force", "isf", "stabilization", "stabilisation")),
        window=4,
        unless=_NOT_A_CONTRIBUTORS_ROLE,
        not_parties=_NOT_CONTRIBUTORS,
        also=(PARTY, "countries"),
    ),
    # ...the deployment of a contributor's troops ("Jakarta's troop deployment", "approve the
    # deployment of troops", "Ruritania's stance on a peacekeeping deployment"; not troops that
    # "deploy in January")...
    Cue(
        "isf-composition",
        (
            ("deployment",),
            ("troop", "soldier", "peacekeeping", "peacekeeper", "personnel"),
        ),
        window=3,
        # Not Israel's own, nor peacekeeping deployments in general ("the constraints typical
        # of…").
        unless=(
            *_ISRAELI_TROOPS,
            "israel's troop",
            "israel's soldier",
            "israel's deployment",
            "israeli soldier",
            "israeli deployment",
            "typical*",
            "traditional",
            "conventional",
            "usual",
        ),
        not_parties=_NOT_CONTRIBUTORS,
        also=(PARTY,),
    ),
    # ...a contributor announcing, approving or ruling out a deployment of its own ("Ruritania
    # announces humanitarian deployment", "Jakarta's deployment"), in a sentence about Gaza or
    # the force...
    Cue(
        "isf-composition",
        ((PARTY,), ("deployment", "deploy")),
        window=3,
        unless=_NOT_OWN_DEPLOYMENT,
        not_parties=(*_NOT_CONTRIBUTORS, "USA"),
        also=(*_FORCE, "gaza", "strip", "enclave"),
    ),
    # ...a country given a part in what the force does, or ruling out a military one
    # ("might be given a role in disarming Hamas", "will have no military role in Gaza")...
    Cue(
        "isf-composition",
        (
            (PARTY, "countries", "nations"),
            ("given a role", "given a part", "assigned a role", "offered a role", "military role"),
        ),
        window=6,
        unless=(*_ISRAELI_TROOPS, "board", "committee", "police"),
        not_parties=_NOT_CONTRIBUTORS,
        also=(*_FORCE, "disarm*", "demilitari*", "gaza"),
    ),
    # ...contributions to the force...
    Cue("isf-composition", (("contribution", "contributor", "takers"), _FORCE), window=10),
    # ...what it is made of ("the role and composition of the Board and the force")...
    Cue(
        "isf-composition",
        (("composition", "make-up", "makeup", "made up"), ("force", "isf", "stabilization")),
        window=8,
    ),
    # ...countries deciding on it ("Countries to decide on Gaza force based on UN mandate")...
    Cue(
        "isf-composition",
        (("countries", "nations", "governments"), ("decide", "deciding", "decision", "decisions")),
        window=4,
        also=("force", "isf", "stabilization", "stabilisation", "troop"),
    ),
    # ...a say over who joins it, a readiness or reluctance to join, its command and size.
    Cue(
        "isf-composition",
        (
            (
                *("veto", "approve which", "decide which", "determine which", "which countries"),
                *("who joins", "whose size"),
            ),
            (*_FORCE, "contingent", "join*", "participa*", "countries", "troop"),
        ),
        window=8,
        # Not a veto in the Council's vote ("hoped Moscow would not use its veto").
        unless=("use its veto", "use their veto", "cast a veto", "block adoption"),
    ),
    Cue(
        "isf-composition",
        (
            (
                "readiness",
                "ready",
                "willing",
                "willingness",
                "prepared",
                "hesitat*",
                "reluctan*",
                "refus*",
                "approached",
                "contacted",
                "include only",
                "deputy",
                "commander",
                "cautious",
                "caution",
                "wary",
                "reservation*",
            ),
            ("peacekeeping", "force", "isf", "troop", "soldier", "officer", "peacekeeper"),
        ),
        window=7,
        unless=(
            *("israeli forces", "security forces", "police force", "idf"),
            # A text prepared is no readiness ("has prepared the draft resolution for the force").
            *(
                "prepared the draft",
                "prepared a draft",
                "prepared the text",
                "prepared the resolution",
            ),
        ),
    ),
    Cue(
        "isf-composition",
        (("countries", "nations", "states"), ("contacted", "approached", "hesitation")),
        window=6,
    ),
    # ...who commands or leads it ("a US general to command the force", "Egypt to lead the
    # international force")...
    Cue(
        "isf-composition",
        (
            ("command*", "lead", "leads", "leading", "led", "leadership", "general", "head"),
            ("force", "isf", "stabilization", "stabilisation", "contingent", "peacekeeper"),
        ),
        window=4,
        unless=(*_ISRAELI_TROOPS, "police", "security forces", "hamas", "board", "palestinian-led"),
    ),
    # ...and how many troops a contributor sends ("Indonesia is training about 20,000
    # soldiers"; not the force's size alone, nor the dead)...
    Cue(
        "isf-composition",
        ((NUMBER,), _TROOPS_COUNTED),
        window=1,
        unless=(*_ISRAELI_TROOPS, "israeli", *_CASUALTIES),
        not_parties=_NOT_CONTRIBUTORS,
        also=(PARTY,),
    ),
    # ...and the force's own size in figures, in a sentence about the force ("the force aims
    # to have 20,000 soldiers"; not Israel's troops, nor the dead).
    Cue(
        "isf-composition",
        ((NUMBER,), _TROOPS_COUNTED),
        window=1,
        unless=(*_ISRAELI_TROOPS, "israel", "israeli", *_CASUALTIES),
        also=("force", "isf", "stabilization", "stabilisation"),
    ),
    # ...and, a little further apart, a country that could send troops preparing or weighing
    # a deployment to Gaza ("Indonesia prepares for potential Gaza deployment").
    Cue(
        "isf-composition",
        ((PARTY,), ("deployment", "deploy")),
        window=6,
        unless=(*_NOT_OWN_DEPLOYMENT, "israel's", "israeli"),
        not_parties=_NOT_SENDERS,
        also=("gaza", "strip", "enclave", "force", "isf"),
    ),
    # ...and who commands it: the Board, or one command for all ("under BoP's command", "a
    # unified command").
    Cue(
        "isf-composition",
        (("command",), ("bop", "board", "unified", "single", "joint")),
        window=2,
        unless=("israeli", "idf"),
    ),
    # ...and its size ("a 20,000-strong force").
    Cue("isf-composition", (("strong",), ("force", "isf", "contingent", "mission")), window=2),
    # ...and whom it is made of ("must consist of forces from Muslim-majority nations", "be
    # comprised of countries Israel is comfortable with"), or its membership.
    Cue(
        "isf-composition",
        (
            ("consist of", "consists of", "comprised of", "composed of", "drawn from"),
            ("countries", "nations", "states", "forces", PARTY),
        ),
        window=4,
        # Not a body's members ("a Peace Council composed of senior representatives").
        unless=(*_ISRAELI_TROOPS, "council", "board", "committee"),
        also=("force", "isf", "stabilization", "stabilisation", "peacekeep*", "mission"),
    ),
    Cue("isf-composition", (("membership",), ("force", "isf", "mission")), window=5),
    # ...and a contributor's presence on the ground ("a Turkish presence in the enclave").
    Cue(
        "isf-composition",
        ((PARTY,), ("presence",)),
        window=1,
        unless=("palestinian presence", "israeli presence"),
        not_parties=_NOT_CONTRIBUTORS,
        also=("gaza", "enclave", "strip", "force", "isf"),
    ),
    # The Board: its chair at the helm of Gaza.
    Cue(
        "board-of-peace",
        (("trump", "president", "chair"), ("helm", "chair*", "preside", "at the head")),
        window=3,
        unless=("security council", "meeting", "session", "summit", "talks"),
        also=("gaza", "enclave", "strip", "territory", "transitional"),
    ),
    # Israel's forces leaving, handing over or staying ("territory vacated by the Israeli
    # military", "take over responsibility from the Israel Defense Forces", "as Israel phases
    # out its presence", "while Israel remains in Gaza").
    Cue(
        "israeli-withdrawal",
        (
            ("israel", "israeli", "idf", "israel defense forces", "israel defence forces"),
            (
                *("vacat*", "phase out", "phases out", "phasing out", "phased out"),
                *("take over from", "takes over from", "taking over from", "took over from"),
                *("remains in gaza", "remain in gaza", "remained in gaza", "stays in gaza"),
                *("remains in the strip", "remain in the strip", "stay in gaza"),
                *("remains in parts", "remain in parts"),
                *("retains control", "retain control", "maintains its occupation"),
                *("occupying parts", "occupies parts", "occupation of parts"),
                *("continues to occupy", "continue to occupy", "still occupies", "still occupy"),
                *("remain deployed", "remains deployed"),
                # ...holding a share of Gaza ("The IDF controls around 50 percent of the enclave").
                *("controls around", "controls about", "controls roughly", "controls nearly"),
                *("controls some", "controls half", "controls more than", "control of roughly"),
                *("occupy more than", "occupies more than", "occupy about", "occupies about"),
                *("control of around", "control of about", "control of nearly", "control of half"),
                *("control nearly", "control about", "control around", "control more than"),
                *("controls over half", "control over half", "controls over 50"),
                *("expands control", "expanded control", "expands its control"),
                *("expanded its control", "expanding its control"),
            ),
        ),
        window=5,
    ),
    # ...or replaced by the force ("a force to replace Israeli occupation troops", "replaces
    # the Zionist occupying army"; not the occupation replaced by a guardianship).
    Cue(
        "israeli-withdrawal",
        (
            ("replace", "replaces", "replaced", "replacing"),
            (
                *("israeli troops", "israeli forces", "israeli army", "israeli military"),
                *("israeli occupation troops", "israeli occupation forces", "israeli soldiers"),
                *("zionist", "idf"),
                *("occupying army", "occupation army", "occupation troops", "occupation forces"),
            ),
        ),
        window=3,
    ),
    # The UN's role, and the Council's oversight of what the resolution sets up.
    Cue(
        "un-role",
        (
            _UN,
            (
                "role",
                "oversight",
                "oversee",
                "sideline*",
                "exclud*",
                "bypass*",
                "marginali*",
                "supervis*",
                "accountab*",
                "legitimacy",
                "subordinate",
                "not directly",
                "answerable",
                "control",
                "experience",
                "involvement",
                "departure",
                "absent",
                "absence",
                "relegat*",
                "rubber-stamp*",
                "rubber stamp*",
                "outsourc*",
                "ced*",
                "handed",
                "options",
                # ...and more ways of saying it is sidelined or watches over the rest.
                "circumvent*",
                "undermin*",
                "diminish*",
                "weaken*",
                "sidestep*",
                "side-step*",
                "side-lin*",
                "say in",
                "seat at the table",
                "orders",  # "take orders from the UN"
                "prerogative*",  # "does not give the Security Council the prerogatives"
            ),
        ),
        window=6,
        unless=(
            *_NOT_THE_UN,
            "un experts",  # independent experts, not the organisation's role
            "u.n. experts",
            "former united nations",
            "human rights council",
            "children's agency",
            "unicef",
            "humanitarian",
            "council resolution",
        ),
    ),
    # ...or what is set up is its rival, replacement or a parallel structure ("a competing
    # structure to the UN Security Council", "not a replacement for the U.N."); not a rival
    # draft or resolution at the Council.
    Cue(
        "un-role",
        (
            _UN,
            (
                "rival*",
                "replacement",
                "supplant*",
                "usurp*",
                "parallel",
                "competing",
                "compete",
                "coexist*",
                "co-exist*",
                "primacy",
                "primary responsibility",
            ),
        ),
        window=6,
        unless=(
            "draft",
            "text",
            "proposal",
            "rival resolution",
            "competing resolution",
            "parallel resolution",
            "security council resolution",
            "the resolution",
            "its resolution",
            *_NOT_THE_UN,
        ),
    ),
    # ...or how the two stand to each other, a little further apart ("the relationship between
    # the new U.S.-backed Board of Peace and the United Nations Security Council", "overlap
    # with the United Nations"), in a sentence about a body set up.
    Cue(
        "un-role",
        (_UN, ("relationship", "overlap*", "alongside", "coexist*", "fit", "invit*", "coordinat*")),
        window=12,
        also=(
            "board",
            "bop",
            "body",
            "institution",
            "organisation",
            "organization",
            "peace council",
        ),
        unless=_NOT_THE_UN,
    ),
    # ...or the two set against each other ("The UNSC vs. the Board of Peace", "Unlike the
    # UNSC, the Board:", "the growing clash between Trump's Board and the UN", "separate from
    # the United Nations, Trump has established… the Board", "the UN is surrendering to the
    # Board", "U.N. is indispensable"), in a sentence that names the Board.
    Cue(
        "un-role",
        (
            _UN,
            (
                *("vs", "versus", "unlike", "clash*", "surrender*", "indispensable"),
                "separate from",
            ),
        ),
        window=12,
        also=("board", "bop", "peace council"),
        unless=(*_NOT_THE_UN, "draft"),
    ),
    # ...or what the Council gave the Board is bounded ("endorsed strictly for the work in
    # Gaza", "a very specific mandate", "only through 2027 and solely focused on Gaza").
    Cue(
        "un-role",
        (
            _UN,
            (
                *("strictly", "solely", "limited mandate", "specific mandate", "narrow mandate"),
                *("only through", "only until", "only in that context"),
            ),
        ),
        window=12,
        also=("board", "bop", "peace council"),
        unless=("general assembly", "unrwa"),
    ),
    # ...or stands outside of, above or below what is set up.
    Cue(
        "un-role",
        (
            (
                *("under", "outside", "beyond", "independent of", "independent from", "without"),
                *("answerable to", "independence from", "independently of"),
            ),
            _UN,
        ),
        window=2,
        unless=(
            "charter",
            "resolution",
            "mandate",
            "vote",
            "adopted",
            "general assembly",
            "humanitarian",
            "unrwa",
        ),
    ),
    # The path to a state: statehood near a path, a horizon, conditions or a timeline.
    Cue(
        "statehood-pathway",
        (
            ("statehood", "palestinian state", "self-determination", "sovereignty", "independence"),
            ("path*", "horizon", "route", "road", "credible", "condition*", "timeline", "toward*"),
        ),
        window=4,
        unless=("state of palestine said", "member state", "states", "security"),
    ),
    # ...or Palestine independent, its future or political status ("references to an
    # independent Palestine", "the future political status of Palestine").
    Cue(
        "statehood-pathway",
        (("independent", "political status", "future status"), ("palestine",)),
        window=2,
        unless=("state of palestine said",),
    ),
    # Who governs Gaza in the transition.
    Cue(
        "transitional-governance",
        (
            (
                "helm",
                "administ*",
                "run",
                "runs",
                "governance",
                "technocrat*",
                "in charge",
                "affairs",
                "rule",
                "take over",
                "hand over",
                "handover",
                "day-to-day",
                "manag*",
            ),
            ("gaza", "enclave", "strip", "territory", "palestinian"),
        ),
        window=5,
        unless=(
            "rules of",  # "the rules of international law", of engagement
            "rules out",
            "ruled out",
            "rule out",
            "ruling out",
            # A force in charge of a task in Gaza does not govern it.
            *("in charge of demilitaris*", "in charge of demilitariz*", "in charge of disarm*"),
            "in charge of security",
            # Trump's "post-war governance plan" is the 20-point plan as a whole.
            "governance plan",
            "israeli control",
            "occupation",
            "humanitarian",
            "aid",
            "security management",
            *_US_ADMINISTRATION,
            # "a resolution on Gaza runs counter to…"
            "run counter",
            "runs counter",
        ),
    ),
    # Money for Gaza: sums or contributions pledged, promised, provided or raised ("pledged $10
    # billion", "promised major contributions"), not troops.
    Cue(
        "reconstruction-funding",
        (
            ("billion", "million", "financial", "funds", "money", "contributions"),
            (
                *("pledg*", "promis*", "raise", "raised", "raising", "donat*", "commit*"),
                *("provide", "provides", "provided", "providing", "contribute", "contributed"),
                "support",
            ),
        ),
        window=4,
        # Not troops, nor the Board's fee for a permanent seat ("provide $1 billion for the Board…
        # for long-term membership", "contributes over $1 billion in the charter's first year").
        unless=(*_TROOPS, "force", "isf", "membership", "charter"),
    ),
    # ...or a sum for a relief package or rebuilding ("$7 billion toward a Gaza relief
    # package"), even in a sentence that also counts troops.
    Cue(
        "reconstruction-funding",
        (("billion", "million"), ("relief package", "package", "reconstruction", "rebuild*")),
        window=4,
    ),
    # ...and how it is governed after the war ("post-war administration", "interim rule").
    Cue(
        "transitional-governance",
        (
            ("administration", "governance", "government", "rule", "authority"),
            ("post war", "postwar", "interim", "provisional", "day after"),
        ),
        window=2,
        unless=(
            "israeli",
            "israel's",
            "governance plan",  # the 20-point plan as a whole
            *_US_ADMINISTRATION,
        ),
    ),
    # Palestinian police by another name ("Palestinian law enforcement agencies").
    Cue(
        "palestinian-police",
        (("palestinian",), ("law enforcement", "security agencies", "security agency")),
        window=2,
    ),
    # ...or officers trained or prepared for Gaza ("train 5,000 officers for Gaza", "500
    # officers were trained in Cairo"), or the local forces a force supports.
    Cue(
        "palestinian-police",
        (
            ("train", "trained", "training", "trains", "prepare"),
            ("officer", "policemen", "recruit*", "cadet*"),
        ),
        window=4,
        also=("gaza", "palestinian*", "palestine"),
        unless=("israeli", "idf"),
    ),
    Cue(
        "palestinian-police",
        (
            ("support*", "train*", "back*"),
            ("local forces", "local police", "local security forces"),
        ),
        window=3,
    ),
    # Giving up or removing weapons ("Hamas refuses to give up its weapons", "lay down its
    # guns and rockets", "removing Hamas's military capabilities").
    Cue(
        "demilitarization",
        (
            ("give up", "gives up", "giving up", "lay down", "lays down", "laying down", "remov*"),
            ("weapons", "arms", "guns", "rockets", "military capabilit*", "arsenal"),
        ),
        window=4,
    ),
    # Peacekeeping in Gaza is the force ("a planned peacekeeping operation in Gaza").
    Cue(
        "isf-mandate",
        (("peacekeep*",), ("gaza", "enclave", "strip")),
        window=5,
        unless=("unifil", "lebanon", "ukraine", "sudan", "libya"),
    ),
    Cue(
        "transitional-governance",
        (("hamas", "hamas'"), ("return", "comeback", "no role", "in power", "sidelin*")),
        window=3,
    ),
    # ...its giving up power ("relinquish political control of the territory", "give up
    # political power in Gaza"), not its weapons.
    Cue(
        "transitional-governance",
        (
            ("relinquish*", "give up", "giving up", "gives up", "cede", "ceding", "surrender*"),
            ("political control", "political power", "power", "governance", "political role"),
        ),
        window=4,
    ),
    # ...and the Palestinians left out of it ("excludes Palestinians from meaningful
    # participation", "marginalises Palestinian agency").
    Cue(
        "transitional-governance",
        (
            ("exclud*", "sideline*", "sidelining", "side-lin*", "marginali*"),
            ("palestinians", "palestinian agency", "palestinian participation"),
        ),
        window=4,
    ),
    # ...and the Palestinian Authority's part in it ("rejects any involvement by the
    # Palestinian Authority", "a role for the PA").
    Cue(
        "transitional-governance",
        (("involvement", "role", "return"), ("palestinian authority", "pa")),
        window=3,
        unless=("former",),
    ),
)


_WORD = re.compile(r"\w+(?:[.'’]\w+)*|;")


@functools.lru_cache(maxsize=2048)
def _forms(word: str) -> frozenset[str]:
    """A plain word and its simple inflections: plural, -ed, -ing, possessive."""
    forms = {word, word + "s", word + "es", word + "ed", word + "d", word + "ing"}
    if word.endswith("e"):
        forms |= {word[:-1] + "ing", word[:-1] + "ed"}
    if word.endswith("y"):
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    forms |= {form + "'s" for form in list(forms)} | {form + "’s" for form in list(forms)}
    return frozenset(forms)


_CUE_WORD = re.compile(r"\w+(?:[.'’]\w+)*\*?")


def _split(phrase: str) -> list[str]:
    """A cue phrase's words, a final "*" kept."""
    return _CUE_WORD.findall(phrase.lower())


@dataclass(frozen=True)
class _Entry:
    words: tuple[str, ...]  # the words after the first
    prefixes: tuple[bool, ...]

    def matches(self, tokens: Sequence[str], at: int) -> bool:
        for offset, (word, prefix) in enumerate(
            zip(self.words, self.prefixes, strict=True), start=1
        ):
            if at + offset >= len(tokens):
                return False
            token = tokens[at + offset]
            if not (token.startswith(word) if prefix else token in _forms(word)):
                return False
        return True


class Cues:
    """The cues compiled: which (cue, group) each word may start."""

    def __init__(self, cues: Iterable[Cue] = CUES):
        self.cues = list(cues)
        self._exact: defaultdict[str, list[tuple[int, int, _Entry, int]]] = defaultdict(list)
        self._prefix: list[tuple[str, int, int, _Entry, int]] = []
        self._party_groups: list[tuple[int, int]] = []
        self._number_groups: list[tuple[int, int]] = []
        self._seen: dict[str, list[tuple[int, int, _Entry, int]]] = {}
        for number, cue in enumerate(self.cues):
            # groups 0 and 1: the two sets; 2: what blocks the cue; 3: what it also needs
            groups = [*cue.near, cue.unless, cue.also]
            for group, phrases in enumerate(groups):
                for phrase in phrases:
                    if phrase == PARTY:
                        self._party_groups.append((number, group))
                        # A country the catalogue does not track stands where a party would.
                        self._add(number, group, OTHER_COUNTRIES)
                        continue
                    if phrase == NUMBER:
                        self._number_groups.append((number, group))
                        continue
                    self._add(number, group, (phrase,))

    def _add(self, number: int, group: int, phrases: Iterable[str]) -> None:
        for phrase in phrases:
            words = _split(phrase)
            stars = [w.endswith("*") for w in words]
            words = [w.rstrip("*") for w in words]
            entry = _Entry(tuple(words[1:]), tuple(stars[1:]))
            if stars[0]:
                self._prefix.append((words[0], number, group, entry, len(words)))
            else:
                for form in _forms(words[0]):
                    self._exact[form].append((number, group, entry, len(words)))

    def _starting(self, token: str) -> list[tuple[int, int, _Entry, int]]:
        """The cue phrases `token` may begin (remembered: a text repeats its words)."""
        found = self._seen.get(token)
        if found is None:
            found = list(self._exact.get(token, ()))
            found += [
                (number, group, entry, length)
                for prefix, number, group, entry, length in self._prefix
                if token.startswith(prefix)
            ]
            if len(self._seen) < 50_000:
                self._seen[token] = found
        return found

    def find(
        self,
        folded: str,
        sentences: Sequence[tuple[int, int]],
        parties: Sequence[tuple[str, int, int]] = (),
        mentioned: Sequence[set[str]] | None = None,
    ) -> list[tuple[str, int, int]]:
        """(provision, start, end) of each cue that holds in a sentence of `folded` (the
        text in lower case, accents off); `parties`: (code, start, end) of the parties named;
        `mentioned`: per sentence, the provisions already found there (not cued again)."""
        found: list[tuple[str, int, int]] = []
        party_at = sorted(parties, key=lambda p: p[1])
        cursor = 0
        seen = self._seen
        for index, (start, end) in enumerate(sentences):
            tokens: list[str] = []
            spans: list[tuple[int, int]] = []
            for match in _WORD.finditer(folded, start, end):
                tokens.append(match.group(0))
                spans.append(match.span())
            hits: defaultdict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
            for at, token in enumerate(tokens):
                # "contingent on a UN mandate": a condition, not troops.
                if token == "contingent" and tokens[at + 1 : at + 2] in (["on"], ["upon"]):
                    continue
                starting = seen.get(token)
                if starting is None:
                    starting = self._starting(token)
                for number, group, entry, length in starting:
                    if not entry.words or entry.matches(tokens, at):
                        hits[(number, group)].append((at, at + length - 1))
                if self._number_groups and token[0].isdigit():
                    # "20,000" is the words "20" and "000": a number ends with its last.
                    if (
                        at + 1 < len(tokens)
                        and tokens[at + 1].isdigit()
                        and spans[at + 1][0] == spans[at][1] + 1
                    ):
                        continue
                    for number, group in self._number_groups:
                        hits[(number, group)].append((at, at))
            while cursor < len(party_at) and party_at[cursor][1] < start:
                cursor += 1
            named = []
            probe = cursor
            while probe < len(party_at) and party_at[probe][1] < end:
                named.append(party_at[probe])
                probe += 1
            if named and self._party_groups:
                starts = [s for s, _ in spans]
                for code, s, e in named:
                    first = _token_at(starts, s)
                    last = _token_at(starts, max(s, e - 1))
                    for number, group in self._party_groups:
                        if code not in self.cues[number].not_parties:
                            hits[(number, group)].append((first, last))
            if not hits:
                continue
            done = set(mentioned[index]) if mentioned is not None else set()
            breaks = [at for at, token in enumerate(tokens) if token == ";"]
            # Only the cues with a word of each of their two sets in the sentence, in order.
            firsts = {number for number, group in hits if group == 0}
            for number in sorted(firsts & {number for number, group in hits if group == 1}):
                cue = self.cues[number]
                if cue.provision in done or (number, 2) in hits:
                    continue
                if cue.also and (number, 3) not in hits:
                    continue
                span = _near(hits.get((number, 0)), hits.get((number, 1)), cue.window, breaks)
                if span is not None:
                    found.append((cue.provision, spans[span[0]][0], spans[span[1]][1]))
                    done.add(cue.provision)
        return found


def _token_at(starts: Sequence[int], offset: int) -> int:
    return max(0, bisect.bisect_right(starts, offset) - 1)


def _near(
    first: list[tuple[int, int]] | None,
    second: list[tuple[int, int]] | None,
    window: int,
    breaks: Sequence[int],
) -> tuple[int, int] | None:
    """The first pair of a word of each group within `window` words, not across a ";"."""
    if not first or not second:
        return None
    for a in first:
        for b in second:
            if a[0] <= b[1] and b[0] <= a[1]:
                continue  # one word standing for both
            low, high = (a, b) if a[0] < b[0] else (b, a)
            if high[0] - low[1] > window:
                continue
            if any(low[1] < at < high[0] for at in breaks):
                continue
            return low[0], max(low[1], high[1])
    return None
