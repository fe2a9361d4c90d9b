"""Concept cues (tracker/text/cues.py): provisions described by two kinds of word close
together. Sentences made up for the tests; none is from the yardstick or the seeds."""

from pathlib import Path

import pytest

from tracker.text.cues import NUMBER, PARTY, Cue, Cues
from tracker.text.linking import How, Linker, fold
from tracker.text.vocabulary import Vocabulary


def cued(cues, text, parties=()):
    folded = fold(text)
    return [(key, text[s:e]) for key, s, e in cues.find(folded, [(0, len(text))], parties)]


class TestRule:
    CUE = Cue("isf-composition", (("troop", "contribut*"), ("send", "force")), window=3)

    def test_two_words_within_the_window_in_either_order(self):
        cues = Cues([self.CUE])
        assert cued(cues, "Oslo will send troops.") == [("isf-composition", "send troops")]
        assert cued(cues, "Troops? Oslo may send some.") == [
            ("isf-composition", "Troops? Oslo may send")
        ]

    def test_too_far_apart_or_across_a_semicolon(self):
        cues = Cues([self.CUE])
        assert cued(cues, "Oslo will send a long letter about its troops.") == []
        assert cued(cues, "Oslo will send aid; troops stay home.") == []

    def test_inflections_and_prefixes(self):
        cues = Cues([self.CUE])
        assert cued(cues, "Contributions to the force") == [
            ("isf-composition", "Contributions to the force")
        ]
        assert cued(cues, "Oslo is sending a troop") == [("isf-composition", "sending a troop")]
        # Not any word that merely begins like a plain cue word.
        assert cued(cues, "Oslo will sender troopers.") == []

    def test_unless_blocks_the_whole_sentence(self):
        cue = Cue("isf-composition", (("troop",), ("send",)), unless=("withdraw*",))
        assert cued(Cues([cue]), "Oslo will send troops after they withdraw.") == []

    def test_also_is_needed_somewhere_in_the_sentence(self):
        cue = Cue("isf-composition", (("countries",), ("join",)), also=("force",))
        assert cued(Cues([cue]), "Which countries join the club?") == []
        assert cued(Cues([cue]), "Which countries join is unclear, for the force.") != []

    def test_a_party_named_nearby(self):
        cue = Cue("isf-composition", (("troop",), (PARTY,)), window=2, not_parties=("ISR",))
        text = "Ruritanian troops would go; Israeli troops would not."
        ruritania = (text.index("Ruritanian"), text.index("Ruritanian") + 10)
        israel = (text.index("Israeli"), text.index("Israeli") + 7)
        parties = [("RUR", *ruritania), ("ISR", *israel)]
        assert cued(Cues([cue]), text, parties) == [("isf-composition", "Ruritanian troops")]

    def test_a_number_in_figures(self):
        cue = Cue("isf-composition", ((NUMBER,), ("troop",)), window=1)
        assert cued(Cues([cue]), "Some 20,000 troops.") == [("isf-composition", "000 troops")]
        assert cued(Cues([cue]), "Some 5000 troops.") == [("isf-composition", "5000 troops")]
        assert cued(Cues([cue]), "Some thousands of troops.") == []
        # "20 000": the number is 20 000, and its last figures stand next to the troops.
        assert cued(Cues([cue]), "The 20, 000 tents, 30 troops.") == [
            ("isf-composition", "30 troops")
        ]

    def test_multi_word_cue(self):
        cue = Cue("un-role", (("united nations",), ("role",)))
        assert cued(Cues([cue]), "A role for the United Nations.") == [
            ("un-role", "role for the United Nations")
        ]
        assert cued(Cues([cue]), "The nations united behind a role.") == []


@pytest.fixture(scope="module")
def linker():
    return Linker(Vocabulary.from_seeds(Path(__file__).resolve().parents[1] / "seeds"))


def provisions(linker, text):
    return {m.key for m in linker.mentions(text) if m.kind == "provision"}


# Made-up sentences a cue must describe as the provision, though no alias names it.
MUST = [
    ("isf-composition", "Ruritania says it will not put its troops at risk in the Strip."),
    ("isf-composition", "Jakarta has signalled readiness to support peacekeeping there."),
    ("isf-composition", "Israel wants a veto on which contingents are admitted."),
    ("isf-composition", "Talks continue on possible contributions to the mission from the Gulf."),
    ("isf-composition", "Pakistan's soldiers would arrive first."),
    ("isf-composition", "Several countries approached so far have voiced hesitation."),
    ("isf-composition", "Officials in Oslo remain wary about the stabilisation force."),
    ("isf-composition", "Officials in Jakarta voiced reservations about the force's rules."),
    ("isf-composition", "Pakistan could take a peacekeeping role, its minister said."),
    ("board-of-peace", "The text puts the US president at the helm of the enclave."),
    ("un-role", "Critics say the plan leaves the United Nations relegated to the sidelines."),
    ("un-role", "The Security Council is reduced to a rubber stamp, he said."),
    ("un-role", "Any such body needs the legitimacy of the UN, the envoy argued."),
    ("palestinian-police", "Ruritania intends to prepare 5,000 officers for Gaza."),
    ("isf-composition", "Countries to decide on the force based on a UN mandate."),
    ("isf-composition", "Several countries have already offered to support the force."),
    ("un-role", "The text does not give the Security Council the prerogatives it needs."),
    ("un-role", "The new body would act independent of the United Nations."),
    ("un-role", "Critics say the arrangement circumvents the Security Council."),
    (
        "un-role",
        "The plan would further weaken the United Nations in the region, Ruritania warned.",
    ),
    ("un-role", "Few expect the UN to have much say in how the Strip is run."),
    ("statehood-pathway", "The text offers no clear timeline toward sovereignty."),
    ("statehood-pathway", "Delegates asked what conditions would open the road to independence."),
    ("transitional-governance", "A panel of experts would run the enclave's daily affairs."),
    ("transitional-governance", "Nobody wants Hamas to return to power, the minister said."),
    ("isf-composition", "Washington wants one of its generals to command the stabilisation force."),
    ("isf-composition", "Cairo is expected to head the multinational stabilisation force."),
    ("isf-composition", "Diplomats discussed a 12,000-strong force for the Strip."),
    ("isf-composition", "The contingent would comprise some 3,000 personnel."),
    ("isf-composition", "Pakistan's involvement in the ISF is still being weighed."),
    ("isf-composition", "The Turkish army would go in only with a clear mandate for the mission."),
    ("un-role", "Moscow wants Guterres to set out options instead."),
    # Round 46: the Council's endorsement of the Board, bounded.
    ("un-role", "The Security Council endorsed the Board of Peace strictly for Gaza."),
    ("un-role", "The Board got a mandate from the UN Security Council, but only through 2027."),
    ("palestinian-police", "Keeping order is a job for Palestinian law enforcement, she said."),
    ("isf-mandate", "Talks on peacekeeping efforts in Gaza resumed."),
    ("isf-mandate", "Soldiers trained for the planned peacekeeping operation in war-torn Gaza."),
    ("transitional-governance", "A temporary panel of experts would manage the territory."),
    ("isf-composition", "Jordan's position on any troop deployment has not changed."),
    (
        "isf-composition",
        "Lawmakers in Baku must approve any deployment of soldiers, Azerbaijan says.",
    ),
    ("isf-composition", "Reports said Indonesia might be given a role in disarming the militants."),
    ("isf-composition", "Gaza: Jordan announces medical deployment, rules out combat."),
    ("reconstruction-funding", "Gulf capitals pledged $4 billion at a conference in Cairo."),
    ("isf-composition", "Indonesian forces would be among the first in Gaza."),
    ("transitional-governance", "Diplomats sketched the priorities of a post-war administration."),
    ("isf-composition", "Indonesia has readied about 20,000 soldiers, a minister said."),
    ("transitional-governance", "An interim government for the coastal territory is years off."),
    ("reconstruction-funding", "Several states promised sizeable contributions, officials said."),
    ("isf-composition", "Indonesia could deploy within weeks of a vote on the Gaza force."),
    # The force's own size in figures (round 8; the labels count it as who joins).
    ("isf-composition", "The force aims to have 20,000 soldiers by the summer."),
    ("isf-composition", "A force of 20,000 troops would deploy next year."),
    # Palestine independent, or its future status (round 8).
    ("statehood-pathway", "Cairo wants an independent Palestine within a decade."),
    ("statehood-pathway", "The talks touched on the future political status of Palestine."),
    # The Board as the UN's rival, replacement or a parallel structure (round 8).
    ("un-role", "Critics fear the new body could rival the United Nations."),
    ("un-role", "It would become a parallel structure to the Security Council, she said."),
    ("un-role", "This is not a replacement for the U.N., the senator said."),
    # Round 9: how the Board and the UN stand to each other; officers trained for Gaza and
    # the local forces a force supports; Hamas giving up power and the PA's part; money for a
    # relief package.
    ("un-role", "Ruritania questioned the relationship between the body and the United Nations."),
    ("un-role", "Officials flagged the new body's overlap with the UN, the agency said."),
    ("palestinian-police", "Ruritania will train 3,000 officers for Gaza next year."),
    ("palestinian-police", "More than 400 officers were trained in Amman for Gaza."),
    ("palestinian-police", "A force should support local forces, not replace them."),
    ("transitional-governance", "The plan requires Hamas to relinquish political control."),
    ("transitional-governance", "Israel rejects any involvement by the Palestinian Authority."),
    ("reconstruction-funding", "Nine members pledged $5 billion toward a relief package."),
    (
        "un-role",
        "Moscow questioned the relationship between the new US-backed board and the United Nations.",
    ),
    ("un-role", "Its troops will not take orders from the UN, the general said."),
    ("un-role", "The force would operate with broad independence from the UN."),
    ("isf-composition", "The international force struggles to find takers."),
    ("isf-composition", "The force would operate under the BoP's command."),
    ("demilitarization", "Hamas refuses to give up its weapons, officials said."),
    ("demilitarization", "The plan aims at removing the group's military capabilities."),
    ("isf-composition", "Indonesia prepares for a potential Gaza deployment of its soldiers."),
    # Round 19: a deployment of personnel; "contingent on" a condition leaves the sentence's
    # other words their meaning.
    (
        "isf-composition",
        "Egypt is now finishing its plans for a possible deployment of military personnel to Gaza.",
    ),
    ("isf-composition", "Ruritania would commit soldiers, contingent on a UN mandate."),
    # Round 25: a say over which forces come.
    ("isf-composition", "Israel will determine which forces are unacceptable to it."),
    (
        "isf-composition",
        "Two countries were selected to play a big role in the stabilization force.",
    ),
    # Round 27: whom the force is made of; a contributor's presence; Israel's forces handing
    # over, leaving or staying.
    ("isf-composition", "The force must consist of units from neighbouring nations."),
    ("isf-composition", "The envoy asked about the mission's membership, the paper said."),
    ("isf-composition", "Israel objects to a Turkish presence in the enclave."),
    ("israeli-withdrawal", "The force would take over from the Israeli army in the south."),
    ("israeli-withdrawal", "It would secure areas vacated by Israeli units."),
    ("israeli-withdrawal", "No calm is possible while Israel remains in the Strip, he said."),
    # Round 28: the Palestinians left out.
    ("transitional-governance", "The plan excludes Palestinians from any real say."),
    ("transitional-governance", "Critics say it marginalises Palestinian agency."),
    # Round 29 (dev15): a country the catalogue does not track stands where a party would.
    ("isf-composition", "Bangladeshi forces would arrive in Gaza first."),
    ("isf-composition", "Kazakhstan has committed to the stabilization force."),
    # Round 31 (dev16): Israel's troops replaced by the force.
    ("israeli-withdrawal", "A force to replace Israeli occupation troops was proposed."),
    ("israeli-withdrawal", "The IDF controls about half of the enclave, officials say."),
    ("un-role", "Primary responsibility for peace rests with the Security Council, she said."),
    # The UN invited to the Board's meetings, or coordinating with it.
    ("un-role", "The UN has not been invited to the new body's first meeting."),
    ("un-role", "The United Nations will coordinate its work with the Board, he said."),
    # Round 50 (dev27): money provided, contributed or given in support.
    ("reconstruction-funding", "The UAE will provide $1.2 billion to support Gaza."),
    ("reconstruction-funding", "Allies had contributed more than $7 billion to relief efforts."),
]

# Made-up sentences with cue words that describe no such provision.
MUST_NOT = [
    ("isf-composition", "Israeli troops would withdraw to a new line."),
    ("isf-composition", "The first troops would deploy in January, a US official said."),
    ("isf-composition", "Several countries joined the Board as founding members."),
    ("isf-composition", "The police force will have a role in Gaza, Egypt said."),
    ("board-of-peace", "Trump chaired a meeting on Gaza in Sharm el-Sheikh."),
    ("un-role", "The UN General Assembly will debate the role of women in peacebuilding."),
    ("un-role", "The UN General Assembly said oversight of budgets is its business."),
    ("un-role", "The UN General Assembly voted to weaken the budget rules."),
    ("isf-composition", "The Gulf states promised contributions, the United Nations less."),
    ("isf-composition", "The minister praised Ruritania's contributions to peace."),
    ("un-role", "The force would act under a UN Charter provision."),
    ("statehood-pathway", "The state of the roads toward the crossings is poor."),
    ("transitional-governance", "Aid groups run clinics in the north."),
    ("isf-composition", "Hamas leaders said their commanders in Gaza would not disarm."),
    ("isf-composition", "A strong mandate for the force is what Cairo asks for."),
    ("isf-composition", "The Board of Peace, led by Trump, will oversee the force."),
    ("isf-composition", "The police force will be led by trained Palestinian officers."),
    ("un-role", "Unlike UN peacekeeping missions, this force could use coercion."),
    ("un-role", "A former UN envoy will supervise the committee for the Board."),
    ("un-role", "Jakarta needs a mandate from the Security Council before it sends anyone."),
    ("transitional-governance", "Critics of the Trump administration's Gaza plan spoke out."),
    ("transitional-governance", "Aid agencies struggle to manage supplies entering Gaza."),
    ("isf-mandate", "Ruritania sent peacekeepers to Lebanon, far from Gaza, years ago."),
    ("isf-composition", "Their participation is contingent on a truce, Egypt says."),
    ("isf-composition", "Israel's troop deployment along the line was criticised, Egypt said."),
    (
        "isf-composition",
        "The mandate avoids the constraints of traditional peacekeeping deployments, the US said.",
    ),
    ("isf-composition", "The committee was given a role in running Gaza, Egypt said."),
    ("isf-composition", "Egypt condemned Israel's deployment of tanks near Gaza."),
    ("transitional-governance", "Israel's interim government approved the budget."),
    ("isf-composition", "Israeli forces shelled the north of Gaza overnight."),
    ("isf-composition", "Egyptian forces secured the frontier near Rafah."),
    ("isf-composition", "Egyptian security forces will train the Gaza police."),
    ("isf-composition", "Israel says 1,200 soldiers were wounded in the north."),
    ("isf-composition", "Egypt said 5,000 Israeli troops remain near the line."),
    ("isf-composition", "Israel keeps 20,000 troops near the stabilisation force's area."),
    ("isf-composition", "Some 3,000 soldiers were killed before the force was proposed."),
    ("un-role", "Russia submitted a rival draft at the Security Council."),
    ("statehood-pathway", "An independent commission met in Ramallah, Palestine, on Monday."),
    ("statehood-pathway", "The independent inquiry visited the Palestine Museum."),
    ("un-role", "The UN will replace its envoy in the spring."),
    (
        "reconstruction-funding",
        "Ruritania pledged 2,000 troops and millions of rounds to the force.",
    ),
    ("isf-composition", "Hamas said its deployment in Gaza's south was defensive."),
    ("isf-composition", "Indonesia will deploy a frigate to the Natuna Sea next spring."),
    ("palestinian-police", "Israeli instructors trained 200 officers near Gaza."),
    ("palestinian-police", "The officers were trained in Ruritania for its own army."),
    ("transitional-governance", "Hamas refuses to give up its weapons, the group said."),
    ("transitional-governance", "A former PA official had a role in the talks."),
    ("reconstruction-funding", "Israel received $3 billion in military aid last year."),
    ("transitional-governance", "Ruritania rules out sending troops to Gaza."),
    ("un-role", "The UN General Assembly's relationship with the new council was debated."),
    ("un-role", "The Security Council approved the force, alongside a path to statehood."),
    (
        "isf-composition",
        "Israel praised the courage of Israeli soldiers and Trump's efforts to free the hostages.",
    ),
    # Round 13 (dev9, more leads): joining a bloc; a force in charge of a task; the plan.
    ("isf-composition", "Pakistan has joined the Arab bloc in asking about the force."),
    ("transitional-governance", "It sets up a security force in charge of demilitarising Gaza."),
    ("transitional-governance", "The force is part of Trump's post-war governance plan for Gaza."),
    # Round 14: the Council's veto; joining the majority of the Council.
    ("isf-composition", "Other countries hoped Russia would not use its veto against the force."),
    ("isf-composition", "Guyana has joined the majority in supporting the stabilization force."),
    ("isf-composition", "Ruritania has prepared the draft resolution for the force."),
    ("isf-composition", "The draft, which the paper viewed, offers no timeline for the force."),
    ("un-role", "UN experts warned it could undermine the right to self-determination."),
    # Round 26: a part of the plan is no part in the force.
    ("isf-composition", "Deploying the force is a key part of Ruritania's plan for Gaza."),
    # Round 27: a body's members are not the force's; Palestinians present are no contributors.
    (
        "isf-composition",
        "The force will answer to a council composed of envoys from several nations.",
    ),
    ("isf-composition", "The plan for the force lacks a Palestinian presence in Gaza."),
    ("israeli-withdrawal", "Israel remains in talks with Egypt about the crossing."),
    ("un-role", "The UN invited donors to a meeting on Sudan."),
    (
        "israeli-withdrawal",
        "Hamas called it a replacement of Israeli occupation with guardianship.",
    ),
    ("isf-composition", "It calls for a Palestinian-led force under the committee."),
    # The drafter calling for the force's deployment is no contributor's own.
    ("isf-composition", "Washington calls for deploying a multinational force in Gaza."),
    # Round 69: nor any other party's call for it ("Egypt urged the rapid deployment…").
    ("isf-composition", "Egypt urged the rapid deployment of the force in the Gaza Strip."),
    ("isf-composition", "The UK wants rapid deployment of the stabilisation force."),
    # Round 76 (dev42): money for the force is no troops.
    (
        "isf-composition",
        "It asked the UAE to contribute funding for deploying the stabilization force in Gaza.",
    ),
    # Round 30: officers counted are as often police trained in their thousands.
    ("isf-composition", "Egypt plans to train 5,000 officers for Gaza."),
    # Round 29: joining the Abraham Accords is no joining the force.
    (
        "isf-composition",
        "Kazakhstan's involvement in the Abraham Accords was noted as the force formed.",
    ),
    # Round 37: a US-led text at the UN, or a group at the UN led by a member, is no role of
    # the UN's ("led by the United Nations" is an alias now).
    ("un-role", "The UN Security Council approved a US-led resolution on the force."),
    ("un-role", "Talks went on with the Arab group at the UN, led by Algeria."),
    ("un-role", "The UN Security Council endorsed the Board of Peace."),
    # Round 50: the Board's fee for a permanent seat is no money for Gaza.
    (
        "reconstruction-funding",
        "Russia would provide $1 billion for the Board for long-term membership.",
    ),
    # Round 51: an officer's title is no contributor's army; a resolution that runs counter to
    # the law governs nothing.
    ("isf-composition", "US Army Major-General Jeffers visited Rafah on Monday."),
    ("transitional-governance", "Moscow said the resolution on Gaza runs counter to the law."),
    # Round 54: a member's fee in the charter's first year is no money for Gaza.
    (
        "reconstruction-funding",
        "The rule is waived if a member contributes over $1 billion in the charter's first year.",
    ),
]


def test_a_country_the_catalogue_does_not_track_links_no_party(linker):
    mentions = linker.mentions("Bangladeshi forces would arrive in Gaza first.")
    assert [m.kind for m in mentions] == ["provision"]


@pytest.mark.parametrize(("slug", "sentence"), MUST)
def test_cue_finds(linker, slug, sentence):
    assert slug in provisions(linker, sentence)
    assert any(m.how == How.CUE and m.key == slug for m in linker.mentions(sentence))


@pytest.mark.parametrize(("slug", "sentence"), MUST_NOT)
def test_cue_does_not_find(linker, slug, sentence):
    assert slug not in provisions(linker, sentence)


def test_no_cue_where_an_alias_already_links(linker):
    sentence = "Pakistan may send troops to the force."  # "send troops" is an alias
    hows = [m.how for m in linker.mentions(sentence) if m.key == "isf-composition"]
    assert hows and How.CUE not in hows


class TestDescribedThenReferredBack:
    """What a cue describes is named for what refers back to it, as a name is."""

    def test_the_force_after_a_cue_described_it(self, linker):
        text = (
            "Ruritania will train soldiers for the planned peacekeeping operation in Gaza. "
            "Officials say such a force needs a clear mandate."
        )
        second = text.index("Officials")
        found = [(m.key, m.how) for m in linker.mentions(text) if m.start >= second]
        assert ("isf-mandate", How.CONTEXT) in found

    def test_a_decision_after_a_cue_described_who_joins(self, linker):
        text = (
            "Washington wants one of its generals to command the stabilisation force. "
            "The decision, if confirmed, would be a first."
        )
        second = text.index("The decision")
        assert any(
            m.key == "isf-composition" and m.how == How.CONTEXT and m.start >= second
            for m in linker.mentions(text)
        )

    def test_no_cue_twice_where_a_reference_back_already_links(self, linker):
        text = "The ISF was approved. Talks on peacekeeping efforts in Gaza and the force went on."
        second = text.index("Talks")
        hows = [m.how for m in linker.mentions(text) if m.start >= second]
        assert How.CONTEXT in hows
        assert How.CUE not in [
            m.how for m in linker.mentions(text) if m.start >= second and m.key == "isf-mandate"
        ]

    def test_the_same_words_without_the_description_link_nothing(self, linker):
        text = "Ruritania will train soldiers at home. Officials say such a force needs a mandate."
        assert "isf-mandate" not in provisions(linker, text)


@pytest.mark.parametrize(
    "text",
    [
        "The ISF was discussed in Cairo. Egypt asked whether such a mission should be UN-led.",
        "The ISF was discussed in Cairo. Few want such an operation to begin soon.",
    ],
)
def test_such_a_mission_refers_back_to_the_force(linker, text):
    second = text.index(".") + 2
    assert any(
        m.key == "isf-mandate" and m.how == How.CONTEXT and m.start >= second
        for m in linker.mentions(text)
    )


def test_such_a_mission_with_no_force_before_links_nothing(linker):
    assert "isf-mandate" not in provisions(linker, "Few want such a mission to Mars.")
