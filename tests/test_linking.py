"""The linker: sentence splitting, alias matching, offsets."""

import pytest

from tests.long_articles import long_article
from tracker.text.linking import Linker, _fold_char, alias_pattern, fold, split_sentences
from tracker.text.vocabulary import Vocabulary


def sentences(text):
    return [text[s.start : s.end] for s in split_sentences(text)]


class TestSentences:
    def test_dotted_abbreviations_do_not_end_a_sentence(self):
        text = "The U.S. draft went to the U.N. Security Council on Monday. France asked for time."
        assert sentences(text) == [
            "The U.S. draft went to the U.N. Security Council on Monday.",
            "France asked for time.",
        ]

    def test_dotted_abbreviation_can_still_end_a_sentence(self):
        text = "The draft was written in the U.S. The vote is next week."
        assert sentences(text) == ["The draft was written in the U.S.", "The vote is next week."]

    def test_titles_and_months(self):
        text = "Dr. Kalin met Mr. Hayya on Nov. 3, 2025 in Istanbul. They talked."
        assert sentences(text) == [
            "Dr. Kalin met Mr. Hayya on Nov. 3, 2025 in Istanbul.",
            "They talked.",
        ]

    def test_quotation_stays_with_its_attribution(self):
        text = (
            "“We are ready. We are ready to make sacrifices. But… it is hard,” Fidan said. "
            "Israel objected."
        )
        assert sentences(text) == [
            "“We are ready. We are ready to make sacrifices. But… it is hard,” Fidan said.",
            "Israel objected.",
        ]

    def test_sentence_ending_inside_closing_quotes(self):
        text = "He said Hamas was “ready to hand over Gaza.” Israel rejected that."
        assert sentences(text) == [
            "He said Hamas was “ready to hand over Gaza.”",
            "Israel rejected that.",
        ]

    def test_a_quotation_inside_another_keeps_every_stop_in_both(self):
        text = (
            'Egypt said: "Gaza needs “a plan. Now.” Soon. Please." Israel objected. Qatar agreed.'
        )
        assert sentences(text) == [
            'Egypt said: "Gaza needs “a plan. Now.” Soon. Please."',
            "Israel objected.",
            "Qatar agreed.",
        ]

    def test_an_article_on_one_line_splits_as_it_does_in_lines(self):
        # Each line of these ends a sentence; a text pasted without its line breaks is one line
        # of a million characters, read a word either side of each stop.
        text = long_article(20_000, seed=5)
        assert sentences(text.replace("\n", " ")) == sentences(text)

    def test_headlines_and_captions_without_a_full_stop_are_sentences(self):
        text = "US circulates draft on Gaza force\n-\nThe draft was sent on Monday.\n\n"
        assert sentences(text) == [
            "US circulates draft on Gaza force",
            "The draft was sent on Monday.",
        ]

    def test_lowercase_after_a_stop_does_not_split(self):
        assert sentences("The ceasefire vs. the plan… and then talks.") == [
            "The ceasefire vs. the plan… and then talks."
        ]

    def test_spans_are_offsets_into_the_text(self):
        text = "  First one.   Second one!\nThird?  "
        for span in split_sentences(text):
            assert text[span.start : span.end].strip() == text[span.start : span.end]
        assert sentences(text) == ["First one.", "Second one!", "Third?"]


def matches(phrase, text):
    pattern, lower = alias_pattern(phrase)
    return [text[m.start() : m.end()] for m in pattern.finditer(fold(text, lower))]


class TestAliases:
    def test_case_insensitive_whole_words(self):
        assert matches("Board of Peace", "the board of peace and the BOARD OF PEACE") == [
            "board of peace",
            "BOARD OF PEACE",
        ]
        assert matches("ISF", "the ISFX and the xISF") == []
        assert matches("aid", "the mission said aid would flow") == ["aid"]
        assert matches("Israel", "Israeli officials") == []

    def test_capital_only_alias_does_not_match_ordinary_words(self):
        assert matches("US", "it could be used against us, the US said") == ["US"]
        assert matches("PA", "the PA and a spa in Pa") == ["PA"]

    def test_plural_and_possessive_forms(self):
        assert matches("border", "Gaza’s borders and the border's length") == [
            "borders",
            "border's",
        ]
        assert matches("Turkey", "Turkey’s role, Turkey's role") == ["Turkey’s", "Turkey's"]
        assert matches("Hamas", "Hamas’ negotiators") == ["Hamas’"]

    def test_numerals_roman_numerals_and_words_are_one(self):
        text = "Chapter 7, Chapter VII, chapter seven, Chapter 77, Chapter VIII"
        assert matches("Chapter VII", text) == ["Chapter 7", "Chapter VII", "chapter seven"]
        assert matches("Chapter 7", text) == ["Chapter 7", "Chapter VII", "chapter seven"]

    def test_accents_are_ignored_both_ways(self):
        assert matches("Türkiye", "Turkiye and Türkiye") == ["Turkiye", "Türkiye"]
        assert matches("Turkiye", "Türkiye") == ["Türkiye"]

    def test_hyphen_and_space_are_interchangeable(self):
        assert matches("non-binding", "a non binding text, a non-binding one") == [
            "non binding",
            "non-binding",
        ]

    def test_a_word_in_brackets_is_still_a_word_of_the_phrase(self):
        phrase = "further action by the Security Council"
        assert matches(phrase, "subject to further action by the (Security) Council") == [
            "further action by the (Security) Council"
        ]
        assert matches("UN Security Council", "the [UN] Security Council met") == [
            "UN] Security Council"
        ]
        # Brackets only around words the phrase has; no other word slips in.
        assert matches(phrase, "further action by the (General) Assembly") == []
        assert matches("Security Council", "the Security (and other) Council") == []

    def test_dots_stand_for_up_to_four_words_within_a_clause(self):
        assert matches("send ... troops", "ready to send up to 20,000 troops") == [
            "send up to 20,000 troops"
        ]
        assert matches("send ... troops", "send troops") == ["send troops"]
        assert matches("send ... troops", "send them home. Troops") == []
        assert matches("send ... troops", "send a small number of additional troops") == []

    def test_a_word_in_quotation_marks_is_still_a_word_of_the_phrase(self):
        text = "a mandate until 2027 for a “board of peace”"
        assert matches("mandate ... for a board", text) == ["mandate until 2027 for a “board"]
        assert matches("Board of Peace", 'the "Board of Peace"') == ["Board of Peace"]

    def test_dots_step_over_an_abbreviation_but_not_a_full_stop(self):
        phrase = "report from ... Secretary-General"
        text = "a report from the U.N. Secretary-General"
        assert matches(phrase, text) == ["report from the U.N. Secretary-General"]
        assert matches("send ... troops", "will not send U.S. troops") == ["send U.S. troops"]
        assert matches("send ... troops", "will send help. Troops") == []

    def test_trailing_star_matches_word_beginnings(self):
        assert matches("disarm*", "disarm, disarming, disarmament; undisarmed") == [
            "disarm",
            "disarming",
            "disarmament",
        ]

    def test_apostrophes_in_an_alias_match_either_kind(self):
        assert matches("Security Council's involvement", "the Security Council’s involvement") == [
            "Security Council’s involvement"
        ]


class TestLinker:
    def test_one_link_per_sentence_with_everything_it_mentions(self):
        linker = Linker(
            {
                "provision": {"chapter-vii": ["Chapter VII"], "isf-mandate": ["ISF", "mandate"]},
                "party": {"ISR": ["Israel"], "TUR": ["Türkiye", "Turkey"]},
            }
        )
        text = "Israel rejects Chapter 7 for the ISF mandate. Turkey waits. Nothing here."
        links = linker.link(text)
        assert [(link.text, link.provisions, link.parties) for link in links] == [
            (
                "Israel rejects Chapter 7 for the ISF mandate.",
                ["chapter-vii", "isf-mandate"],
                ["ISR"],
            ),
            ("Turkey waits.", [], ["TUR"]),
        ]
        for link in links:
            assert text[link.start : link.end] == link.text
            for mention in link.mentions:
                assert link.start <= mention.start < mention.end <= link.end

    def test_overlapping_aliases_of_one_provision_count_once(self):
        linker = Linker(
            {"provision": {"isf": ["stabilization force", "International Stabilization Force"]}}
        )
        [link] = linker.link("The International Stabilization Force deploys.")
        assert [(m.start, m.end) for m in link.mentions] == [(4, 37)]


class TestExclusions:
    @pytest.fixture
    def linker(self):
        vocabulary = Vocabulary.from_mapping(
            {"provision": {"isf-mandate": ["mandate"]}, "party": {"GBR": ["British"]}}
        )
        vocabulary.exclusions["provision"]["isf-mandate"] += ["British Mandate", "would mandate"]
        vocabulary.exclusions["party"]["GBR"] += ["British Mandate", "former ... prime minister"]
        return Linker(vocabulary)

    def test_a_match_inside_an_exclusion_of_its_key_is_no_mention(self, linker):
        text = "It recalls the League of Nations British Mandate for Palestine."
        assert linker.mentions(text) == []

    def test_the_same_words_elsewhere_still_match(self, linker):
        text = "The British envoy asked about the mandate."
        assert [(m.kind, m.key) for m in linker.mentions(text)] == [
            ("party", "GBR"),
            ("provision", "isf-mandate"),
        ]

    def test_an_exclusion_blocks_only_its_own_key_and_may_have_a_gap(self, linker):
        text = "The text would mandate it, said former British prime minister Tony Blair."
        assert linker.mentions(text) == []

    def test_a_phrase_may_end_in_a_symbol(self):
        linker = Linker({"party": {"USA": ["US"]}})
        linker_with = Linker(
            Vocabulary(
                names={"provision": {}, "party": {"USA": ["US"]}},
                exclusions={"provision": {}, "party": {"USA": ["US$"]}},
            )
        )
        text = "a cost of US$70 billion, the US said"
        assert len(linker.mentions(text)) == 2
        assert [text[m.start : m.end] for m in linker_with.mentions(text)] == ["US"]


# Sentences written for these tests, in the way journalists and diplomats write, none from the
# seed articles: the seeded aliases must find what each one is about and nothing else.
UNSEEN = [
    (
        # "the board", the text's first board, is the Board of Peace (round 8).
        "Moscow circulated amendments that would require the board to report to the Council every six months.",
        {"reporting-requirements", "board-of-peace"},
        {"RUS"},
    ),
    (
        "Beijing said any text invoking the enforcement chapter of the Charter needed broader consultation.",
        {"chapter-vii"},
        {"CHN"},
    ),
    (
        "Algeria wants the multinational force's tasks spelled out before the vote.",
        {"isf-mandate"},
        {"DZA"},
    ),
    (
        "Jakarta has offered to send troops, officials in Ankara and Cairo said.",
        {"isf-composition"},
        {"IDN", "TUR", "EGY"},
    ),
    (
        "The draft asks for regular briefings to the Council on the force's progress.",
        {"reporting-requirements"},
        set(),
    ),
    (
        "Hamas said it would not lay down its arms while the occupation continued.",
        {"demilitarization"},
        {"hamas", "ISR"},  # "the occupation": Israel, as Hamas and the PA write
    ),
    (
        "Egyptian officials want the Rafah crossing reopened for aid convoys.",
        {"humanitarian-access"},
        {"EGY"},
    ),
    (
        "Abu Dhabi is weighing whether to fund the training of a new Palestinian police force.",
        {"palestinian-police"},
        {"ARE"},
    ),
    (
        "The Israeli military would pull back to the yellow line as the ISF deploys.",
        {"israeli-withdrawal", "isf-mandate"},
        {"ISR"},
    ),
    (
        "London and Paris pressed for the Board of Peace to answer to the Council.",
        {"board-of-peace"},
        {"GBR", "FRA"},
    ),
    (
        "A technocratic committee would run Gaza's day-to-day affairs.",
        {"transitional-governance"},
        set(),
    ),
    (
        "Weapons smuggling through tunnels under the border remains Israel's main worry.",
        {"border-security", "demilitarization"},
        {"ISR"},
    ),
    (
        "Indonesia said it was prepared to send up to 20,000 troops.",
        {"isf-composition"},
        {"IDN"},
    ),
    # "the force" refers back; alone, it links nothing (see TestContext).
    (
        "The text lets the force use all necessary measures until December 31, 2027.",
        {"chapter-vii"},
        set(),
    ),
    # A transitional administration is the Board described as governing Gaza: both.
    (
        "Under the text, the board would serve as a transitional administration.",
        {"board-of-peace", "transitional-governance"},
        set(),
    ),
    (
        "Beijing wants a clearer role for the United Nations and more Council oversight.",
        {"un-role"},
        {"CHN"},
    ),
    (
        "Donors would pay into a trust fund run with the World Bank to rebuild Gaza.",
        {"reconstruction-funding"},
        set(),
    ),
    (
        "Arab ministers asked for a credible path to Palestinian statehood.",
        {"statehood-pathway"},
        set(),
    ),
    (
        "Hamas called the Peace Council an international guardianship.",
        {"board-of-peace", "transitional-governance"},
        {"hamas"},
    ),
    (
        "The Russian envoy said the UN was being sidelined.",
        {"un-role"},
        {"RUS"},
    ),
    (
        "Bendjama stressed that Palestinians must govern Gaza, Fu Cong agreed.",
        {"transitional-governance"},
        {"DZA", "CHN"},
    ),
    (
        "President Trump will chair the body, the White House said.",
        set(),
        {"USA"},
    ),
    (
        "Arab and Muslim governments were asked to back the text.",
        set(),
        {"arab-states", "muslim-majority-states"},
    ),
    ("The U.A.E. said it would help pay for reconstruction.", {"reconstruction-funding"}, {"ARE"}),
    ("Relief would be handed out under UN and Red Cross leadership.", {"un-role"}, set()),
    (
        "Israel has ruled out any PA involvement in Gaza.",
        {"transitional-governance"},
        {"ISR", "palestinian-authority"},
    ),
    (
        "The text hands a supranational international entity broad powers.",
        {"board-of-peace"},
        set(),
    ),
    (
        "Ministers want a credible path to statehood. Israel says the path is closed.",
        {"statehood-pathway"},
        {"ISR"},
    ),
    (
        "Azerbaijan said it was ready to deploy a battalion if the mandate is clear.",
        {"isf-composition"},
        {"AZE"},
    ),
    (
        "Critics say the plan sidelines the United Nations and leaves the Council's role unclear.",
        {"un-role"},
        set(),
    ),
    # Nothing to find: ordinary words that look like aliases, and names that are not parties.
    ("The report sidelines Palestinian voices, its authors said.", set(), set()),
    ("Teams worked on the recovery of the hostages' bodies.", set(), set()),
    (
        "Gaza's recovery will be paid for through voluntary contributions.",
        {"reconstruction-funding"},
        set(),
    ),
    (
        "Pakistan called for the full withdrawal of Israeli troops from Gaza.",
        {"israeli-withdrawal"},
        {"PAK", "ISR"},
    ),
    ("The path to the sea is long, and the Bank holiday is on Monday.", set(), set()),
    ("The League of Nations British Mandate ended in 1948.", set(), set()),
    (
        "A two-state solution within the pre-1967 borders was the goal.",
        {"statehood-pathway"},
        set(),
    ),
    ("Talks were held in Cairo and Doha for two years.", set(), set()),
    (
        "Few nations are ready to participate in the proposed Gaza stabilization force.",
        {"isf-mandate", "isf-composition"},
        set(),
    ),
    (
        "The Board of Peace will report to the Council but will not be under UN authority.",
        {"board-of-peace", "reporting-requirements", "un-role"},
        set(),
    ),
    ("No one knows who will participate in the Peace Council.", {"board-of-peace"}, set()),
    ("The World Bank will run a donor-governed trust fund.", {"reconstruction-funding"}, set()),
    ("Critics called it a colonial mandate over the Palestinians.", set(), set()),
    (
        "Moscow warned that the Council was ceding complete control to Washington.",
        {"un-role"},
        {"RUS", "USA"},
    ),
    ("The envoy said the plan dismantles Hamas' grip on the enclave.", set(), {"hamas"}),
    (
        "Several capitals remain reluctant to join, and troop pledges are few.",
        {"isf-composition"},
        set(),
    ),
    (
        "Jakarta is prepared to send peacekeepers to Gaza, officials in Ankara said.",
        {"isf-composition", "isf-mandate"},
        {"IDN", "TUR"},
    ),
    (
        "Israel opposes Turkey's military involvement and wants a veto over the planned force.",
        {"isf-composition"},
        {"ISR", "TUR"},
    ),
    (
        "Hamas demanded a Palestinian state with Jerusalem as its capital.",
        {"statehood-pathway"},
        {"hamas"},
    ),
    # "humanitarian" as background, "aid" as a verb, a crossing as a venue: no access.
    ("The envoy warned of a worsening humanitarian crisis in the north.", set(), set()),
    ("Engineers will aid reconstruction, the envoy said.", {"reconstruction-funding"}, set()),
    ("The minister held a press conference at the Kerem Shalom crossing.", set(), set()),
    ("Two ministers spoke to reporters at the Kerem Shalom border crossing.", set(), set()),
    ("Aid trucks queued at the Kerem Shalom crossing on Sunday.", {"humanitarian-access"}, set()),
    (
        "The plan aims to restore basic infrastructure in the north.",
        {"reconstruction-funding"},
        set(),
    ),
    (
        "Hamas wants to restore its military infrastructure, Israel says.",
        {"demilitarization"},
        {"hamas", "ISR"},
    ),
    # Another body's mandate is not the force's.
    (
        "The transitional authority's mandate would be reviewed, Egypt said.",
        {"board-of-peace", "transitional-governance"},
        {"EGY"},
    ),
    ("Palestinians deserve a state of their own, the envoy said.", {"statehood-pathway"}, set()),
    # Israel's control is no transitional governance.
    (
        "Critics say the text entrenches Israeli control over Gaza.",
        {"israeli-withdrawal"},
        {"ISR"},
    ),
    ("A multinational contingent would patrol the Strip from January.", {"isf-mandate"}, set()),
    ("Let us see what the ambassador says about the weather in New York.", set(), set()),
    ("She said the hearing was postponed because of a family matter.", set(), set()),
    # Round 8: a line Israel holds inside Gaza is no border of Gaza's; one police officer is no
    # police force; Indonesia as "the largest Muslim-majority country" is not the bloc;
    # reconstruction as what a contributor's soldiers do is no reconstruction provision.
    ("Israel called the line a new border on Sunday.", set(), {"ISR"}),
    ("The line serves as a de facto military border inside the Strip.", set(), set()),
    ("The ISF would secure Gaza's border with Egypt.", {"isf-mandate", "border-security"}, {"EGY"}),
    ("The remains of a police officer were returned on Monday.", set(), set()),
    ("Indonesia, the world's largest Muslim-majority country, will send medics.", set(), {"IDN"}),
    ("Muslim-majority countries were asked to join.", set(), {"muslim-majority-states"}),
    (
        "Ruritanian soldiers would take on health and reconstruction missions.",
        set(),
        set(),
    ),
    ("Donors discussed the reconstruction of Gaza.", {"reconstruction-funding"}, set()),
    # The Board's other organs and its officer are the Board.
    ("Kushner sits on the Gaza Executive Board.", {"board-of-peace"}, {"USA"}),
    ("Mladenov was named High Representative for Gaza.", {"board-of-peace"}, set()),
    # Round 9: the Board as translations name it; a former PA minister does not speak for it;
    # the Board's composition is not the force's; nor is an outlet's name Israel.
    (
        "Ruritania backed the peace committee overseen by the US president.",
        {"board-of-peace"},
        {"USA"},
    ),
    (
        "Ali Shaath, a former deputy minister in the Palestinian Authority (PA), will lead it.",
        set(),
        set(),
    ),
    ("The composition of the Board of Peace is still unclear.", {"board-of-peace"}, set()),
    ("Get The Times of Israel's Daily Edition", set(), set()),
    ("The committee is close to pro-Israel figures.", set(), set()),
    ("Baku has no plans to deploy troops outside its borders.", {"isf-composition"}, {"AZE"}),
    ("Pledges will flow only once Gaza is rebuilt.", {"reconstruction-funding"}, set()),
    ("Hamas has rebuilt its tunnels, Israel says.", {"demilitarization"}, {"hamas", "ISR"}),
    (
        "The ISF would oversee Gaza after Israel leaves.",
        {"isf-mandate", "israeli-withdrawal"},
        {"ISR"},
    ),
    ("Israel left the talks early, officials said.", set(), {"ISR"}),
    # Round 10 (tuned on dev6, the leads): an outlet named after a city, another body's
    # mandate, a file named after a country are no mentions; the Arab League is the Arab states.
    ("The Washington Post reported the talks stalled.", set(), set()),
    (
        "Disarming militants will be the mandate of the Palestinian Authority.",
        {"demilitarization"},
        {"palestinian-authority"},
    ),
    ("Ministers also reviewed the Iranian nuclear file.", set(), set()),
    ("The Arab League welcomed the vote.", set(), {"arab-states"}),
    ("Aboul Gheit urged a swift start.", set(), {"arab-states"}),
    ("Can a UN-authorized force keep the peace?", {"isf-mandate"}, set()),
    (
        "Beijing sees ambiguity in the post-war arrangement of Gaza.",
        {"transitional-governance"},
        {"CHN"},
    ),
    # Round 11 (tuned on dev7, more leads): Fatah is a faction; Putin speaks for Russia; the
    # force "not a UN force"; a future sovereign State of Palestine is no PA.
    ("A Fatah spokesman welcomed the text.", set(), {"palestinian-factions"}),
    ("Putin and Trump spoke on Friday.", set(), {"RUS", "USA"}),
    # Round 12 (dev8, more leads): the Secretary-General's report; the Board's own mandate.
    (
        "Russia asks for a report from U.N. Secretary General António Guterres.",
        {"reporting-requirements", "un-role"},
        {"RUS"},
    ),
    (
        "It grants a mandate until 2027 for a board of peace chaired by Trump.",
        {"board-of-peace"},
        {"USA"},
    ),
    ("Israel sees the ISF not as a UN force.", {"isf-mandate", "un-role"}, {"ISR"}),
    ("Malaysia backs a sovereign State of Palestine.", {"statehood-pathway"}, set()),
    (
        "The draft asks for a report for the Security Council every six months.",
        {"reporting-requirements"},
        set(),
    ),
    # Round 13 (dev9, more leads): groups in Gaza; Arab and Islamic; forces of one's own; a
    # mission named by its place; a role for the Council; to police is no police.
    ("Hamas-led terror groups in Gaza rejected it.", set(), {"hamas", "palestinian-factions"}),
    ("An Arab-Islamic agreement was reached.", set(), {"arab-states", "muslim-majority-states"}),
    (
        "Ruritania, for its part, will not be sending its own forces to the Strip.",
        {"isf-composition"},
        set(),
    ),
    ("Pakistan weighs the US Gaza mission proposal.", {"isf-mandate"}, {"PAK", "USA"}),
    ("The Trump plan makes no mention of a role for the Council.", {"un-role"}, {"USA"}),
    (
        "It hands the Board of Peace a mandate to run and police the enclave.",
        {"board-of-peace", "transitional-governance"},
        set(),
    ),
    ("Pakistan seeks a political roadmap.", {"statehood-pathway"}, {"PAK"}),
    # Round 14 (dev to dev9): peacekeeping forces in general are who sends them, not the force.
    ("Ruritania is willing to send peacekeeping forces.", {"isf-composition"}, set()),
    ("Aides to the minister met on Monday.", set(), set()),
    # Round 15: the pullback in its forms.
    ("Israeli forces have pulled back behind the line.", {"israeli-withdrawal"}, {"ISR"}),
    ("Hamas will not accept foreign military forces in Gaza.", {"isf-mandate"}, {"hamas"}),
    # Round 16 (dev10, wire copy and articles on one part): a monitoring force; replacing the
    # Israeli army; a forum, a river and a state-owned channel are no parties.
    ("Egypt called for a monitoring force in Gaza.", {"isf-mandate"}, {"EGY"}),
    ("The ISF will replace the Israeli army.", {"isf-mandate", "israeli-withdrawal"}, {"ISR"}),
    ("Fidan spoke at the Doha Forum.", set(), {"TUR"}),
    ("No state west of the Jordan River, Netanyahu said.", set(), {"ISR"}),
    ("Saudi state-owned Al Arabiya reported the talks.", set(), set()),
    ("Whether the force falls under Chapter VI or VII is unclear.", {"chapter-vii"}, set()),
    (
        "The Palestinians could be sidelined in Gaza's governance.",
        {"transitional-governance"},
        set(),
    ),
    # Round 17 (dev11: large outlets, state agencies): foreign troops are the force; Iran's
    # names for Israel; the Council deciding otherwise; a longer name is its own person.
    ("Hamas rejects the foreign troop plan.", {"isf-mandate"}, {"hamas"}),
    ("It allows a multinational peacekeeping contingent.", {"isf-mandate"}, set()),
    ("It ends the Zionist regime's war.", set(), {"ISR"}),
    ("Both run to 2027 unless the Council decides otherwise.", {"un-role"}, set()),
    ("Abbas Araghchi phoned Ayman Safadi.", set(), {"IRN", "JOR"}),
    (
        "The international force at the heart of the plan struggles to find takers.",
        {"isf-mandate", "isf-composition"},
        set(),
    ),
    (
        "It amounts to placing Gaza under international tutelage.",
        {"board-of-peace", "transitional-governance"},
        set(),
    ),
    # Round 19: resistance movements are the factions.
    (
        "Hamas warned against disarming resistance movements.",
        {"demilitarization"},
        {"hamas", "palestinian-factions"},
    ),
    # Round 20 (dev12, more leads): the UK's Foreign Secretary; civilian protection; a
    # transnational governing body.
    ("Yvette Cooper welcomed the vote.", set(), {"GBR"}),
    ("Ruritania stressed civilian protection.", {"humanitarian-access"}, set()),
    # Round 25: a neighbour is no border of Gaza's; weapons handed over; enforcement.
    ("Egypt, which borders Israel, will help.", set(), {"EGY"}),
    ("Cairo wants a handover of heavy weapons by Hamas.", {"demilitarization"}, {"EGY", "hamas"}),
    ("It would be executive rather than peacekeeping.", {"chapter-vii"}, set()),
    # Round 22: the IDF leaving.
    ("The force would let the IDF leave the Strip.", {"israeli-withdrawal"}, {"ISR"}),
    (
        "It backs a transnational governing body of Gaza.",
        {"board-of-peace", "transitional-governance"},
        set(),
    ),
    # Round 28: who would rule, an arrangement for running Gaza, a framework for the transition.
    (
        "Ruritania would become the de facto ruler of the enclave.",
        {"transitional-governance"},
        set(),
    ),
    ("It calls for a local government composed of Gazans.", {"transitional-governance"}, set()),
    ("It imposes a new transitional framework.", {"transitional-governance"}, set()),
    # Round 29 (dev15): the Kremlin's spokesman; money to restore Gaza.
    ("Dmitry Peskov said the funds should restore Gaza.", {"reconstruction-funding"}, {"RUS"}),
    ("The Kremlin said it would wait.", set(), {"RUS"}),
    # Round 30: international law or other resolutions being binding is no Chapter VII; the
    # text's being binding still is.
    ("It ignores binding UN resolutions, the group said.", set(), set()),
    ("Cairo wants a legally binding text.", {"chapter-vii"}, {"EGY"}),
    # Sending troops to Gaza is who joins the force, not yet the force's mandate.
    ("Jordan rejects sending troops to Gaza.", {"isf-composition"}, {"JOR"}),
    # Round 31 (dev16): a Hamas leader; a Palestinian-led force; aid let in; "a terror state".
    ("Abu Marzouk said the plan is unacceptable.", set(), {"hamas"}),
    ("It calls for a Palestinian-led force.", {"palestinian-police"}, set()),
    ("It would allow more assistance into Gaza.", {"humanitarian-access"}, set()),
    ("Israel rejects a Palestinian terror state.", {"statehood-pathway"}, {"ISR"}),
    # Round 32: troops empowered to use force; a militarized force.
    ("The troops would be empowered to use force.", {"chapter-vii"}, set()),
    ("Critics see a militarised force.", {"chapter-vii"}, set()),
    # Round 33 (dev17): aid that is no relief.
    ("Protesters want a halt to military aid to Israel.", set(), {"ISR"}),
    ("Ruritania offered logistical aid.", set(), set()),
    ("Critics call it a bid to replace the United Nations.", {"un-role"}, set()),
    # Indonesia's defence minister by his family name; the Emirates.
    ("Mr Sjamsoeddin said the Emirates agreed.", set(), {"IDN", "ARE"}),
    # Round 35 (dev18): the Board as foreign oversight or an external administration; Sierra
    # Leone's president by his family name.
    (
        "Hamas warned it would not accept foreign oversight.",
        {"board-of-peace", "transitional-governance"},
        {"hamas"},
    ),
    (
        "It seeks to install an external administration.",
        {"board-of-peace", "transitional-governance"},
        set(),
    ),
    ("Bio praised the adoption.", set(), {"SLE"}),
    # Round 36 (dev19): the Board as a foreign-led authority or a governing structure.
    (
        "Critics fear a foreign-led authority on Gaza.",
        {"board-of-peace", "transitional-governance"},
        set(),
    ),
    (
        "Russia doubts the proposed governing structure.",
        {"board-of-peace", "transitional-governance"},
        {"RUS"},
    ),
    # Round 37 (dev20): disarming said other ways; enforcing peace; a state on Israel's
    # borders, the longest border, a toll or matters called humanitarian, institutional reform
    # (none of them the provision); led by the United Nations (and a US-led text at the UN,
    # which is no role of the UN's).
    ("Ruritania demands the demobilization of the militias.", {"demilitarization"}, set()),
    ("The group said the issue of weapons is internal.", {"demilitarization"}, set()),
    ("Nobody wants a force perceived as enforcing peace.", {"chapter-vii"}, set()),
    ("Netanyahu fears a larger state on Israel's borders.", set(), {"ISR"}),
    ("Jordan has the longest border with the West Bank.", set(), {"JOR"}),
    ("The envoy spoke of the humanitarian toll of the war.", set(), set()),
    ("Ruritania hopes for progress on humanitarian matters.", set(), set()),
    ("The text opens the way to institutional reform in Gaza.", set(), set()),
    ("Should the mission be led by the United Nations?", {"un-role"}, set()),
    ("The UN Security Council approved a US-led resolution.", set(), {"USA"}),
    # Round 38 (dev21): the Islamic world, Palestinian armed groups; a former official of the
    # Authority speaks for it no more; fundraising; members taking part in the Board are no
    # contributors of troops; usurping the UN, and a rival to the UN in a sentence that says
    # "conflict resolution".
    ("The Islamic world endorsed the plan.", set(), {"muslim-majority-states"}),
    ("Hostages were held by Palestinian armed groups.", set(), {"palestinian-factions"}),
    ("Mr Haddad, a former Palestinian Authority deputy minister, will head it.", set(), set()),
    ("A conference will fundraise for Gaza.", {"reconstruction-funding"}, set()),
    ("Critics see a means of usurping the United Nations.", {"un-role"}, set()),
    (
        "It can never be a replacement for the UN, the body for conflict resolution.",
        {"un-role"},
        set(),
    ),
    # Round 39 (dev to dev21): the Board as an international protection mechanism or control
    # imposed; countries deploying troops.
    (
        "Hamas says the text imposes an international protection mechanism.",
        {"board-of-peace", "transitional-governance"},
        {"hamas"},
    ),
    (
        "Critics say it imposes international control.",
        {"board-of-peace", "transitional-governance"},
        set(),
    ),
    ("Politicians question the plan to deploy troops in Gaza.", {"isf-composition"}, set()),
    # Round 41 (dev22): Israel as the occupying army; the force as a multinational military
    # force or an international task force; aid as a verb; troops near the border.
    (
        "Hamas rejects any force that would replace the occupying army.",
        {"israeli-withdrawal"},
        {"hamas", "ISR"},
    ),
    ("Ruritania could set up a multinational military force.", {"isf-mandate"}, set()),
    ("Talks covered an international task force for Gaza.", {"isf-mandate"}, set()),
    ("The emir urged efforts to aid reconstruction.", {"reconstruction-funding"}, set()),
    ("Gunfire targeted troops near the border, the army said.", set(), set()),
    # Round 45 (dev23): the Council's sole authority, a UN-centred order, the work of the UN,
    # the Board "looking over" the UN or as an alternative body; armed groups disbanded; the
    # IDF's commanders are no contributor's, the rules of international law no rule of Gaza,
    # and missions governed by a Chapter are not governing.
    ("Guterres said only the Security Council can take binding decisions.", {"un-role"}, set()),
    ("Beijing upholds the UN-centred international system.", {"un-role"}, {"CHN"}),
    ("Officials worry about the impact on the work of the U.N.", {"un-role"}, set()),
    (
        "Trump said the Board of Peace would be looking over the United Nations.",
        {"board-of-peace", "un-role"},
        {"USA"},
    ),
    ("Critics see an alternative body to the Council.", {"board-of-peace"}, set()),
    ("The talks are about the disbandment of armed groups.", {"demilitarization"}, set()),
    ("The Israeli Defence forces (IDF) targeted a senior commander.", set(), {"ISR"}),
    (
        "Annexation breaches the rules of international law, the Palestinian envoy said.",
        set(),
        {"palestinian-authority"},
    ),
    ("Missions are governed by Chapter VI of the Charter.", set(), set()),
    # Round 46: Trump's remarks on the UN as reported ("the UN should continue to exist").
    ("Trump said the UN should continue to exist.", {"un-role"}, {"USA"}),
    # Round 47 (dev24): rehabilitating Gaza, a "New Gaza"; freezing or storing weapons, giving
    # them up; the Board as Trump's board or a pay-to-play club; the UN's universal membership.
    ("Israel will rehabilitate the Gaza Strip only later.", {"reconstruction-funding"}, {"ISR"}),
    ("Investors are courted for a New Gaza.", {"reconstruction-funding"}, set()),
    (
        "Hamas is ready to discuss freezing or storing its weapons.",
        {"demilitarization"},
        {"hamas"},
    ),
    ("The Pope will not join Trump's board.", {"board-of-peace"}, {"USA"}),
    ("Critics call it a pay-to-play club.", {"board-of-peace"}, set()),
    ("The UN is the only organization with universal membership.", {"un-role"}, set()),
    # Round 48 (dev25): dollars are no United States; an invitation withdrawn is no
    # withdrawal; a border as a place; surrendering or relinquishing weapons; the national
    # committee; "a new United Nations".
    ("Ruritania joined without the 1 billion US dollars contribution.", set(), set()),
    ("The Board of Peace is withdrawing its invitation to Canada.", {"board-of-peace"}, set()),
    ("Israel shot a soldier at the border in September.", set(), {"ISR"}),
    (
        "Rafah, near the Egyptian border, will be rebuilt first.",
        {"reconstruction-funding"},
        {"EGY"},
    ),
    (
        "Hamas must surrender all weapons capable of striking Israel.",
        {"demilitarization"},
        {"hamas", "ISR"},
    ),
    ("Waltz wants Hamas to relinquish its weapons.", {"demilitarization"}, {"USA", "hamas"}),
    ("The national committee will enter Gaza soon.", {"transitional-governance"}, set()),
    ("Troops came under small arms fire near the line.", set(), set()),
    ("Netanyahu said the body is like a new United Nations.", {"un-role"}, {"ISR"}),
    # Round 49 (dev26): Kushner's masterplan and its skyscrapers; Palestine's standing at the UN
    # and ceasefire monitors are no observers of the Board.
    ("Kushner showed a masterplan with skyscrapers.", {"reconstruction-funding"}, {"USA"}),
    (
        "The Board of Peace met. Palestine is an observer state at the UN.",
        {"board-of-peace"},
        set(),
    ),
    # Round 50 (dev27): Hamas handing over its weapons; the Board set above the UN; a
    # Palestinian security force is the police; aid charities' names are no border and no
    # party; the UAE's foreign minister and minister of state speak for it.
    ("Hamas is handing over its weapons to Egypt.", {"demilitarization"}, {"hamas", "EGY"}),
    ("Trump aims to position BoP above UN", {"board-of-peace", "un-role"}, {"USA"}),
    ("A new Palestinian security force will train soon.", {"palestinian-police"}, set()),
    (
        "Doctors Without Borders and the Danish Refugee Council lost licences.",
        {"humanitarian-access"},
        set(),
    ),
    ("The list names the American Friends Service Committee.", set(), set()),
    ("Sheikh Abdullah bin Zayed spoke to the Board of Peace.", {"board-of-peace"}, {"ARE"}),
    ("We have made progress, said Ms Al Hashimy.", set(), {"ARE"}),
    # Round 51: humanitarian support, pressure, or humanitarian and reconstruction efforts are
    # donors' background; the committee entering via the Rafah crossing is no aid; a Washington
    # meeting and the US invasion of Iraq are no US stance; "the day after" is a day.
    ("Ruritania gave humanitarian support to Gaza.", set(), set()),
    ("Pledges went to humanitarian and reconstruction efforts.", {"reconstruction-funding"}, set()),
    ("The committee will enter via the Rafah crossing.", set(), set()),
    ("Ruritania will attend the Washington meeting.", set(), set()),
    ("Blair backed the US invasion of Iraq.", set(), set()),
    ("The talks resumed a day after the strike.", set(), set()),
    # Round 52 (dev28): a charity's name in French is no border and no France; the Rafah border
    # crossing by its name is a place; the letter and spirit of a law is no Board's letter; the
    # Board working in conjunction with the UN.
    (
        "Medecins Sans Frontieres, known by its French name, spoke.",
        {"humanitarian-access"},
        set(),
    ),
    ("The Rafah border crossing will reopen next week.", {"humanitarian-access"}, set()),
    (
        "The Board of Peace met. That breaks the letter and spirit of the law.",
        {"board-of-peace"},
        set(),
    ),
    (
        "Trump said the Board would work in conjunction with the UN.",
        {"board-of-peace", "un-role"},
        {"USA"},
    ),
    ("Trump might want his board to replace the world body.", {"un-role"}, {"USA"}),
    # Round 54 (dev29): the aid group Israel barred, by name; Israel occupying more than half.
    ("Israel bans MSF from Gaza after the charity refuses.", {"humanitarian-access"}, {"ISR"}),
    (
        "Israeli forces now occupy more than 50 percent of the Strip.",
        {"israeli-withdrawal"},
        {"ISR"},
    ),
    # Round 55 (dev30): Gaza's Government Media Office is Hamas's; Russian troops invading
    # Ukraine, or an officer of the Army Reserve, are no contributors.
    ("The Government Media Office urged the officials to enter.", set(), {"hamas"}),
    ("Russian troops invaded Ukraine from Belarus in 2022.", set(), {"RUS"}),
    # Round 57 (dev31, dev32): a Washington summit, the US capital, the Indonesian Ulema Council
    # and Israeli Channel 12 are no stance of their states; the World Bank's president and aid
    # groups' own funding are no money for Gaza; a report asked of the Secretary-General; a
    # role that stays peacekeeping-oriented.
    ("Ruritania made pledges at the Washington summit.", set(), set()),
    ("The Board of Peace meets on Thursday in the U.S. capital.", {"board-of-peace"}, set()),
    ("The Indonesian Ulema Council confirmed the invitation.", set(), set()),
    ("Waltz told the Israeli Channel 12 it was agreed.", set(), {"USA"}),
    ("World Bank President Ajay Banga spoke in Davos.", set(), set()),
    ("Aid groups must give details about their funding.", {"humanitarian-access"}, set()),
    ("It asks the Secretary-General to submit a report.", {"reporting-requirements"}, set()),
    ("Dar said Pakistan's role would remain peacekeeping-oriented.", {"chapter-vii"}, {"PAK"}),
    # Round 59 (dev33): leaving the Board is no Israeli withdrawal; rebuilding the police,
    # Ukraine or a country's standing is no funding for Gaza.
    ("Prabowo says he will withdraw if Board of Peace fails.", {"board-of-peace"}, {"IDN"}),
    ("Egypt and Jordan took over police reconstruction.", {"palestinian-police"}, {"EGY", "JOR"}),
    ("Assets could go to the reconstruction of Ukraine.", set(), set()),
    ("It shows our role as a donor of peace.", set(), set()),
    # Round 60 (dev34): an interim governing authority is the Board; an international police
    # force is the force, not the Palestinian police; fighting abroad is nobody's contribution.
    (
        "An interim governing authority is to be set up.",
        {"board-of-peace", "transitional-governance"},
        set(),
    ),
    ("It depends on what the international police force looks like.", {"isf-mandate"}, set()),
    ("Aliyev rules out participation in battles outside Azerbaijan's borders.", set(), {"AZE"}),
    # Round 61: decision-making is no governance of Gaza ("Hamas' decision-making political
    # bureau", "the Council's decision-making").
    ("Naim, a member of Hamas' decision-making political bureau, spoke.", set(), {"hamas"}),
    # Round 62 (dev35): global governance, or the Board's own governance, is no governance of
    # Gaza; the resistance movement Hamas is Hamas, not the factions.
    ("Ruritania proposes fresh approaches to global governance.", set(), set()),
    ("Aspects of the governance could be improved, Carney said.", set(), set()),
    ("The governance of Gaza will pass to a committee.", {"transitional-governance"}, set()),
    ("The Palestinian resistance movement Hamas condemned the abuse.", set(), {"hamas"}),
    # Round 63 (dev36): the US monitors at the coordination centre are no force; troops for
    # Gaza are a contributor's; Khaled Meshaal speaks for Hamas.
    ("The U.S. monitoring force oversees the truce from Kiryat Gat.", set(), {"USA"}),
    ("Aliyev Rules Out Troops for Gaza", {"isf-composition"}, {"AZE"}),
    ("Disarmament is stripping away his soul, Meshaal added.", {"demilitarization"}, {"hamas"}),
    # Round 64 (dev37): Islamic nations as a group; the Board's report to the Council.
    ("8 Islamic nations agree to join", set(), {"muslim-majority-states"}),
    (
        "The Board of Peace report cited Hamas's refusal.",
        {"board-of-peace", "reporting-requirements"},
        {"hamas"},
    ),
    # Round 65 (dev38): the news agency is no French stance.
    ("An European diplomat told Agence France-Presse it was new.", set(), set()),
    # Round 66 (older parts): Israel reducing its military presence, its forces replaced or
    # moving to an agreed line; a coercive framework, guarantee or control is no Chapter VII.
    ("Israel would gradually reduce its military presence.", {"israeli-withdrawal"}, {"ISR"}),
    ("Israeli forces will reposition to an agreed line.", {"israeli-withdrawal"}, {"ISR"}),
    ("It is a coercive framework that imposes a solution.", set(), set()),
    ("Without consent, the deployment would be coercive.", {"chapter-vii"}, set()),
    # Round 67 (older parts): the UN's primacy restated against the Board.
    (
        "China upholds the international system with the United Nations at its core.",
        {"un-role"},
        {"CHN"},
    ),
    ("Diplomats fear it could sideline existing international mechanisms.", {"un-role"}, set()),
    # Round 68 (older parts): a contributor's troop role, military contribution or national
    # caveat; the search for Gaza peacekeepers.
    ("Turkey eyes Gaza troop role", {"isf-composition"}, {"TUR"}),
    ("We have set out our national caveat to the commander.", {"isf-composition"}, set()),
    ("The Desperate Search for Gaza Peacekeepers", {"isf-composition", "isf-mandate"}, set()),
    # Round 69 (dev39): Saudi Arabia's "de facto ruler" and AFP's "MbS"; the war's name; a
    # Cairo conference's place; the governing faction; peacekeeping as the other chapter; the
    # Board as an oversight mechanism or the US-led bodies; determining their own future.
    ("Saudi Arabia's de facto ruler said so.", set(), {"SAU"}),
    ("MbS says statehood is key", {"statehood-pathway"}, {"SAU"}),
    ("The Russia-Ukraine war dominated the day.", set(), set()),
    ("Cairo conference on Gaza reconstruction postponed", {"reconstruction-funding"}, set()),
    ("The governing Palestinian faction, Hamas, said no.", set(), {"hamas"}),
    (
        "It would be an enforcement rather than a peacekeeping mission.",
        {"chapter-vii", "isf-mandate"},
        set(),
    ),
    ("The mission should remain strictly peacekeeping.", {"chapter-vii"}, set()),
    ("The text establishes an international oversight mechanism.", {"board-of-peace"}, set()),
    ("He criticized ceding Gaza to the US-led bodies.", {"board-of-peace"}, {"USA"}),
    ("The plan lets Palestinians determine their own future.", {"statehood-pathway"}, set()),
    # Round 70: other wars and truces by name are no stance of Israel's.
    ("The 1948 Arab-Israeli War shaped the region.", set(), set()),
    ("He played a role in the Israel-Lebanon ceasefire.", set(), set()),
    # ...nor places and routes named after Jordan or Egypt's side of the crossing theirs.
    ("The crossing in the Jordan Valley reopened.", {"humanitarian-access"}, set()),
    (
        "They inspected the Egyptian side of the Rafah crossing.",
        {"humanitarian-access"},
        set(),
    ),
    # Round 70 (dev40): a force that is no formal UN peacekeeping mission is the UN's role;
    # Israel's factions are not the Palestinians'.
    ("It is not a formal UN peacekeeping mission.", {"un-role", "isf-mandate"}, set()),
    (
        "It will not resemble traditional U.N. peacekeeping missions.",
        {"un-role", "isf-mandate"},
        set(),
    ),
    ("It is opposed by right-wing Israeli factions.", set(), {"ISR"}),
    # Round 88 (dev48): Egypt's prime minister, Slovenia's foreign minister and deputy prime
    # minister, a Kremlin official; taking apart an agency or an order is no disarming; Gaza's
    # own police personnel are not the force's.
    ("Madbouly thanked Trump for convening the forum.", set(), {"EGY", "USA"}),
    ("Fajon said Slovenia cannot accept it.", set(), {"SVN"}),
    ("According to Mesec, the demands are about Greenland.", set(), {"SVN"}),
    ('"It\'s simple," Oreshkin concluded.', set(), {"RUS"}),
    ("Dismantling UNRWA is a systematic political scheme.", {"humanitarian-access"}, set()),
    ("He accused him of trying to dismantle the international order.", set(), set()),
    ("Officers will form part of a force of personnel from Gaza.", set(), set()),
    # Round 87 (older parts): a company's, an expert's or frozen money's country is no US stance.
    ("Palestine posted a statement on US social media company X.", set(), set()),
    ("America expert Rajmund Fekete called the move historic.", set(), set()),
    ("Russia's frozen assets in the United States could be used.", set(), {"RUS"}),
    # Round 86 (dev47): Hamas rearming, and its weapons as the talks' subject; the Board's
    # proposal by its envoy's name; Israel holding over half of Gaza; the charter's promise to
    # restore governance anywhere.
    ("Hamas is rearming in Gaza, a report claims.", {"demilitarization"}, {"hamas"}),
    ("The meetings focused mainly on the weapons file.", {"demilitarization"}, set()),
    ("The factions discussed the Mladenov Paper.", {"board-of-peace"}, {"palestinian-factions"}),
    ("Israel currently controls over half of Gaza.", {"israeli-withdrawal"}, {"ISR"}),
    ("It promises to promote stability and restore governance in conflicts.", set(), set()),
    # Round 85 (dev46): joining or helping the Board, or building houses, is not joining the
    # force; Hamas's police stations are not the police to be trained.
    (
        "Ruritania is ready to join the Board of Peace as a founding state.",
        {"board-of-peace"},
        set(),
    ),
    ("Ruritania is prepared to contribute to the construction of schools.", set(), set()),
    ("Temporary police stations have been set up to deal with thefts.", set(), set()),
    # Round 84 (older parts): the Board's own governance, or governance in general, is not who
    # governs Gaza.
    ("The EU has questions regarding its scope, governance and cost.", set(), set()),
    ("He said the global system of governance was enduring a rupture.", set(), set()),
    ("Critics questioned funding transparency and governance.", {"reconstruction-funding"}, set()),
    # Round 83 (dev44): the UN and the Board set against each other; the UNSC by its initials.
    (
        "The UNSC vs. the Board of Peace: Competing Centers of Authority",
        {"board-of-peace", "un-role"},
        set(),
    ),
    ("The Growing Clash Between Trump's Board and the UN", {"board-of-peace", "un-role"}, {"USA"}),
    (
        "Board of Peace: U.N. is Indispensable for Reconstruction",
        {"board-of-peace", "un-role", "reconstruction-funding"},
        set(),
    ),
    # ...but not a rival draft at the Council.
    ("Russia submitted a competing draft to the UNSC.", set(), {"RUS"}),
    # Round 82 (dev45): Israel vowing to stay; its army chief; a Hamas official; drawn into a
    # war again, settlements withdrawn in 2005, the US-led invasion of Iraq and the institute
    # named after Trump are no withdrawal and no US stance.
    ("Israel will never leave the Gaza Strip, Katz said.", {"israeli-withdrawal"}, {"ISR"}),
    (
        "Katz said Israel would maintain a permanent presence in Gaza.",
        {"israeli-withdrawal"},
        {"ISR"},
    ),
    ("Zamir spoke to division commanders on Sunday.", set(), {"ISR"}),
    ("Badran called him an unwelcome figure.", set(), {"hamas"}),
    ("Gaza could be pulled back into another devastating conflict.", set(), set()),
    ("Israel's withdrawal of all Jewish settlements from Gaza in 2005.", set(), {"ISR"}),
    ("Blair backed the 2003 U.S.-led invasion of Iraq.", set(), set()),
    ("Leaders met at the renamed Donald J. Trump U.S. Institute of Peace.", set(), set()),
    # Round 81 (dev44): Israel's share of Gaza and the line it drew further in; Palestinian
    # radicals; Gazans joining the new Palestinian force; the Board's report by its other name.
    (
        "Israeli forces now effectively control nearly 60 percent of Gaza's territory.",
        {"israeli-withdrawal"},
        {"ISR"},
    ),
    ("Israel circulated maps showing the Orange Line.", {"israeli-withdrawal"}, {"ISR"}),
    ("Israel expands control in Gaza.", {"israeli-withdrawal"}, {"ISR"}),
    (
        "It presupposes the disarmament of Palestinian radicals.",
        {"demilitarization"},
        {"palestinian-factions"},
    ),
    (
        "2,000 Gazans had signed up to join the new Palestinian force.",
        {"palestinian-police"},
        set(),
    ),
    (
        "Hamas rejects Peace Council report on Gaza ceasefire implementation",
        {"board-of-peace", "reporting-requirements"},
        {"hamas"},
    ),
    # Round 79 (dev44): the governing committee's composition is no force's; policemen are
    # police; a report submitted to the UN Security Council is a report to it; a move to the
    # ceasefire's next phase is no transition in who governs.
    (
        "Israel objected to the composition of the governing committee.",
        {"transitional-governance"},
        {"ISR"},
    ),
    ("Egypt and Jordan will train 12,000 policemen.", {"palestinian-police"}, {"EGY", "JOR"}),
    (
        "The Board sent a report submitted to the United Nations Security Council.",
        {"board-of-peace", "reporting-requirements"},
        set(),
    ),
    ("Talks turned to the transition to the second phase of the ceasefire.", set(), set()),
    # Round 78 (dev21 to dev43): the Rafah border and a border post as places, a side of a
    # border in a caption, the EU's border mission by name, recognized borders, a smuggler.
    (
        "The committee will meet on Thursday, crossing the Rafah border.",
        {"humanitarian-access"},
        set(),
    ),
    ("Israel permitted a limited reopening of the territory's border post.", set(), {"ISR"}),
    ("Trucks drive on the Israeli side of the Israel-Gaza border.", set(), {"ISR"}),
    ("The reopening follows the arrival of the EU Border Assistance Mission.", set(), set()),
    ("Two states living side by side within recognized borders.", {"statehood-pathway"}, set()),
    ("Gangs linked to the late smuggler escorted travellers.", set(), set()),
    # ...but securing the border is still the border.
    ("The force would secure the border and stop smugglers.", {"border-security"}, set()),
    # Round 77 (dev43): Israel's body for civilian matters in the territories.
    ("COGAT says 18,000 trucks of food entered Gaza.", set(), {"ISR"}),
    # Round 76 (dev42): Israel's president.
    ("Herzog said he hoped the process would not take too long.", set(), {"ISR"}),
    # Round 74 (dev41): the media wing of Pakistan's armed forces speaks for Pakistan.
    (
        "Decision to join Gaza peace force rests with parliament: ISPR",
        {"isf-composition", "isf-mandate"},
        {"PAK"},
    ),
    # Round 43: preventing the reconstruction of terrorist infrastructure is no reconstruction.
    (
        "The ISF would prevent the reconstruction of terrorist infrastructure.",
        {"isf-mandate", "demilitarization"},
        set(),
    ),
]

# Round 9: references back that the seeded vocabulary holds, each after a sentence that named
# what it refers to (and linking nothing without one).
REFERRING = [
    # Round 62: the resistance movement, after Hamas.
    ("Hamas condemned the meeting.", "The resistance movement called on mediators.", "hamas"),
    (
        "The resolution authorizes an International Stabilization Force.",
        "It empowers this new force to decommission weapons.",
        "isf-mandate",
    ),
    (
        "Egypt trains Palestinian police in Cairo.",
        "Several hundred trainees have finished the course.",
        "palestinian-police",
    ),
    ("The ISF was authorized.", "Jakarta will not join any such mission yet.", "isf-mandate"),
    # Round 81 (dev44): the Board's report, named just before.
    (
        "The Board of Peace sent a report to the Security Council.",
        "Hamas said the report absolves Israel.",
        "reporting-requirements",
    ),
    # Round 74 (dev41): "this coalition" after the force; "this new body" after the Board.
    ("The ISF was authorized.", "Waltz said this coalition will secure streets.", "isf-mandate"),
    (
        "Trump will chair the Board of Peace.",
        "The vote is essential for legitimizing this new body.",
        "board-of-peace",
    ),
    (
        "Donors met in Cairo to fund reconstruction.",
        "The pledges fell short.",
        "reconstruction-funding",
    ),
    (
        "A technocratic committee will run Gaza.",
        "Ali Shaath will head that new committee.",
        "transitional-governance",
    ),
    # Round 22: a security body after the force.
    ("The ISF was approved.", "This security body will train police.", "isf-mandate"),
    # Round 19: the contingent; both bodies are the Board and the force, when both were named.
    ("The ISF was authorized.", "The contingent will deploy in spring.", "isf-mandate"),
    ("The Board of Peace and the ISF were approved.", "Both bodies run to 2027.", "isf-mandate"),
    (
        "The Board of Peace and the ISF were approved.",
        "Both bodies run to 2027.",
        "board-of-peace",
    ),
    # Round 29: the Board's charter as drafted; joining the Board as a founding member.
    ("The Board of Peace met.", "The draft charter gives its chair a veto.", "board-of-peace"),
    ("The Board of Peace met.", "Ruritania will join as a founding member.", "board-of-peace"),
    # Round 31: Hamas as "the terrorist organization" (Israeli outlets).
    ("Hamas condemned the vote.", "The terrorist organization said so in a statement.", "hamas"),
    # Round 38: the Board as "the initiative" or "the panel".
    (
        "The Board of Peace met.",
        "Ruritania pledged funds through the initiative.",
        "board-of-peace",
    ),
    (
        "The Board of Peace met.",
        "Invitations went to the countries on the panel.",
        "board-of-peace",
    ),
    # Round 44: invitations to join the Board.
    ("The Board of Peace met.", "Ruritania declined the invitation.", "board-of-peace"),
    # Round 49 (dev26): invited, observers and membership are the Board's after it; the line
    # and the blocks the yellow line's; the organizations the aid groups' after their ban; a
    # country's involvement the force's after a contributor was named.
    ("The Board of Peace met.", "Ruritania was invited last week.", "board-of-peace"),
    ("The Board of Peace met.", "Ruritania will attend as an observer.", "board-of-peace"),
    ("The Board of Peace met.", "Permanent membership costs a fortune.", "board-of-peace"),
    (
        "Israel kept its troops behind the yellow line.",
        "Soldiers moved the blocks.",
        "israeli-withdrawal",
    ),
    (
        "Israel kept its troops behind the yellow line.",
        "Shots were fired near the line.",
        "israeli-withdrawal",
    ),
    (
        "Israel barred some aid groups from Gaza.",
        "Thirty organizations lost their licences.",
        "humanitarian-access",
    ),
    (
        "Ruritania will send troops to the ISF.",
        "Its involvement depends on the Arab states.",
        "isf-composition",
    ),
    # Round 50 (dev27): the weapons after disarming Hamas was named; a new structure or
    # organization after the Board; the master plan after reconstruction.
    ("Hamas refuses to disarm.", "The fate of the weapons is its own affair.", "demilitarization"),
    ("The Board of Peace met.", "The new structure has 25 members.", "board-of-peace"),
    (
        "Kushner showed plans to rebuild Gaza.",
        'His "master plan" has no Plan B.',
        "reconstruction-funding",
    ),
    # Round 52 (dev28): the NGOs, the ban and their registration after the aid groups' ban; a
    # permanent seat and the letter after the Board; this deployment after the force.
    ("Israel barred some aid groups from Gaza.", "The NGOs went to court.", "humanitarian-access"),
    (
        "Israel barred some aid groups from Gaza.",
        "Their registration expired in December.",
        "humanitarian-access",
    ),
    ("The Board of Peace met.", "A permanent seat costs $1 billion.", "board-of-peace"),
    ("The Board of Peace met.", "The letter reached Ruritania on Monday.", "board-of-peace"),
    ("The ISF was authorized.", "This deployment starts in April.", "isf-mandate"),
    # Round 53: the committee's members after the committee was named.
    (
        "A technocratic committee will run Gaza.",
        "Committee members still meet in Cairo.",
        "transitional-governance",
    ),
    # Round 37: "It is intended to" do what the force does.
    (
        "The ISF was approved. Under the proposed 20-point peace plan, the force would secure Gaza.",
        "It is intended to train a new police force.",
        "isf-mandate",
    ),
]


def test_a_phrase_does_not_run_from_a_headline_into_the_next_line():
    vocabulary = Vocabulary.from_mapping({"provision": {"un-role": ["role ... United Nations"]}})
    linker = Linker(vocabulary)
    assert linker.mentions("Revealing the American role\nThe United Nations met.") == []
    assert [m.key for m in linker.mentions("A role for the United Nations.\n")] == ["un-role"]


def test_unrwas_mandate_is_not_the_forces(seeded_linker):
    before = "The ISF was authorized."
    mentions = seeded_linker.mentions(f"{before} Hamas says that threatens the mandate of UNRWA.")
    assert "isf-mandate" not in {m.key for m in mentions if m.start > len(before)}


def test_members_taking_part_in_the_board_are_no_contributors(seeded_linker):
    before = "Five countries agreed to contribute troops to the ISF."
    mentions = seeded_linker.mentions(f"{before} Participating members pledged $7 billion.")
    assert "isf-composition" not in {m.key for m in mentions if m.start > len(before)}


def test_he_after_a_leader_of_a_state_not_tracked_is_nobodys(seeded_linker):
    # Round 52 (dev28): Lukashenko speaks for Belarus, which the catalogue does not track.
    before = "Trump spoke on Monday. Lukashenko accepted a seat on the Board of Peace."
    mentions = seeded_linker.mentions(f"{before} He said he would join.")
    assert "USA" not in {m.key for m in mentions if m.start > len(before)}


@pytest.mark.parametrize(("before", "sentence", "slug"), REFERRING)
def test_seeded_references_back(seeded_linker, before, sentence, slug):
    mentions = seeded_linker.mentions(f"{before} {sentence}")
    assert slug in {m.key for m in mentions if m.start > len(before)}
    assert slug not in {m.key for m in seeded_linker.mentions(sentence)}


@pytest.fixture
def seeded_linker(seeded_db, db):
    return Linker.from_database()


def test_where_a_border_runs_is_no_party(seeded_linker):
    # Round 82 (dev45): "the Gaza-Egypt border" is a place, not Egypt.
    for text, code in (
        ("Palestinians crossed the Gaza-Egypt border on Monday.", "EGY"),
        ("Hamas backs a force along the Gaza-Israel border.", "ISR"),
    ):
        assert code not in {m.key for m in seeded_linker.mentions(text)}


def test_a_hostages_body_is_no_board_referred_back_to(seeded_linker):
    # Round 79 (dev44): "the body" after the Board refers back to it, but not a hostage's.
    before = "The Board of Peace met on Thursday."
    for sentence, refers in (
        ("Russia welcomed the return of the body of the last hostage.", False),
        ("Russia said the body would meet again.", True),
    ):
        mentions = seeded_linker.mentions(f"{before} {sentence}")
        later = {m.key for m in mentions if m.start > len(before)}
        assert ("board-of-peace" in later) is refers


@pytest.mark.parametrize(("sentence", "provisions", "parties"), UNSEEN)
def test_seeded_aliases_on_unseen_text(seeded_linker, sentence, provisions, parties):
    links = seeded_linker.link(sentence)
    found_provisions = {slug for link in links for slug in link.provisions}
    found_parties = {code for link in links for code in link.parties}
    assert found_provisions == provisions
    assert found_parties == parties


def test_word_index_finds_what_a_full_scan_finds(seeded_linker, seeds_dir):
    """The linker tries a phrase only where its first word occurs; that must lose nothing."""
    entries = [("names", kind, key, alias) for kind, key, alias in seeded_linker._aliases]
    entries += seeded_linker._others
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        expected = set()
        for role, kind, key, alias in entries:
            folded = fold(text, alias.lower)
            expected |= {
                (role, kind, key, m.start(), m.end()) for m in alias.pattern.finditer(folded)
            }
        assert set(seeded_linker._matches(text)) == expected, path.name


@pytest.mark.parametrize("lower", [True, False])
def test_folding_takes_accents_off_each_character_and_keeps_the_length(lower):
    text = "Türkiye’s İstanbul ÇAĞRI, São Tomé and ǅ: ﬁnal. " * 3
    folded = fold(text, lower)
    assert len(folded) == len(text)
    assert folded == "".join(_fold_char(ch, lower) for ch in text)
    assert folded.startswith("turkiye’s istanbul cagri" if lower else "Turkiye’s Istanbul CAGRI")
