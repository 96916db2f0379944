"""The ingest parser on small inline documents and on the checked-in seed; no database."""

import hashlib
from pathlib import Path

import pytest

from articles.ingest import MAX_DOCUMENT_BYTES, ParseError, parse_document

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "seeds" / "000_a8ed45d3df2df383.txt"


def parse(*lines: str):
    return parse_document("\n".join(lines), source="test.txt")


def article(*paragraphs: str):
    """A document with a headline, a standfirst and these body paragraphs."""
    return parse("Headline here", "A short summary of the story", *paragraphs)


def quotes(doc):
    return [(q.text, q.speaker, q.paragraph) for q in doc.quotes]


def people(doc):
    return {p.name: p.title for p in doc.people if p.kind == "person"}


# Layout


def test_headline_standfirst_and_paragraphs():
    """Line 1 is the headline, a short summary line 2 the standfirst, then one paragraph per line."""
    doc = parse("Council backs new bridge", "The vote ends a decade of debate", "First.", "Second.")
    assert doc.headline == "Council backs new bridge"
    assert doc.standfirst == "The vote ends a decade of debate"
    assert doc.paragraphs == ["First.", "Second."]


def test_blank_lines_between_paragraphs_are_ignored():
    """Blank lines separate nothing: paragraphs are the non-blank lines."""
    doc = parse("Headline here", "", "The vote ends a decade of debate", "", "", "First.", "  ", "Second.")
    assert doc.paragraphs == ["First.", "Second."]


def test_windows_line_endings_and_byte_order_mark():
    """CRLF line endings and a UTF-8 BOM leave no trace in the text."""
    raw = "\ufeffHeadline here\r\nThe vote ends a decade of debate\r\nFirst.\r\nSecond.\r\n".encode()
    doc = parse_document(raw, source="crlf.txt")
    assert doc.headline == "Headline here"
    assert doc.paragraphs == ["First.", "Second."]


def test_content_hash_is_sha256_of_the_raw_bytes():
    """The content hash identifies the exact input bytes."""
    raw = b"Headline here\nFirst paragraph.\n"
    assert parse_document(raw, source="x").content_hash == hashlib.sha256(raw).hexdigest()


def test_dateline_stays_in_paragraph_but_names_nobody():
    """A dateline is kept in paragraph 1 but is neither a person nor a standfirst."""
    doc = parse(
        "Water deal signed",
        "JERUSALEM (AP) — Israel and Jordan signed a water deal on Monday, officials said.",
        "Energy Minister Karine Elharrar called it a milestone.",
    )
    assert doc.standfirst == ""
    assert doc.paragraphs[0].startswith("JERUSALEM (AP) — Israel")
    assert "JERUSALEM" not in doc.tags and "Jerusalem" not in people(doc)


def test_line_two_with_a_quotation_is_body_not_standfirst():
    """A line 2 holding quotation marks is the first body paragraph."""
    doc = parse("Mayor resigns", '"I am done," the mayor said on Monday.', "More text.")
    assert doc.standfirst == ""
    assert len(doc.paragraphs) == 2


def test_long_punctuated_lede_is_body_not_standfirst():
    """A line 2 that reads like a full lede (long, punctuated) is body."""
    lede = (
        "The Millbrook City Council voted 5-4 late Tuesday to keep the protected bike lane on Elm Street, "
        "ending a months-long fight between cyclists and business owners."
    )
    doc = parse("Bike lane stays", lede, "More text.")
    assert doc.standfirst == ""
    assert doc.paragraphs[0] == lede


def test_trailing_boilerplate_is_dropped():
    """Share/subscribe/follow prompts and "We recommend to read:" lists at the end are not body."""
    doc = article(
        "Body paragraph.",
        "Share this article",
        "Subscribe to our newsletter",
        "Click here to read more",
        "Follow us on Twitter",
        "Associated Press writer Lisa Mascaro contributed to this report.",
        "We recommend to read:",
        "Another headline somewhere",
    )
    assert doc.paragraphs == ["Body paragraph."]


def test_staff_author_line_becomes_staff_byline():
    """"The X Staff is a team …" at the end is a staff byline whose bio is the line."""
    doc = article(
        "Body paragraph.",
        "We recommend to read:",
        "The All Israel News Staff is a team of journalists in Israel.",
    )
    assert doc.byline.name == "All Israel News Staff"
    assert doc.byline.kind == "staff"
    assert doc.byline.bio == "The All Israel News Staff is a team of journalists in Israel."
    assert doc.paragraphs == ["Body paragraph."]


def test_person_author_line_becomes_person_byline_and_not_a_person():
    """"Jane Doe is a reporter for …" is a person byline, and the byline is not listed in people."""
    author = "Jane Doe is a reporter for The Daily Ledger covering courts."
    doc = parse("Headline here", "Body paragraph.", author)
    assert (doc.byline.name, doc.byline.kind) == ("Jane Doe", "person")
    assert doc.paragraphs == ["Body paragraph."]
    assert "Jane Doe" not in people(doc)


def test_no_author_line_means_no_byline():
    """Without an author line there is no byline."""
    assert parse("Headline here", "Body paragraph.", "Another paragraph.").byline is None


# Errors


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"\xff\xfe\xfa not text", "not UTF-8"),
        (b"", "empty document"),
        ("  \n\t\n \r\n", "empty document"),
        ("----\nBody text.", "no headline"),
        (b"Headline\x00\x01\x02", "binary content"),
        ("\x01\x02\x03\x04\x05 ab", "binary content"),
        (b"a" * (MAX_DOCUMENT_BYTES + 1), "larger than 2 MiB"),
        ("Headline \ud800 here", "not UTF-8"),
    ],
)
def test_unreadable_input_raises_parse_error_with_reason(raw, message):
    """Each kind of unreadable input raises ParseError with a message saying why."""
    with pytest.raises(ParseError, match=message):
        parse_document(raw, source="bad.txt")


def test_parse_error_is_a_value_error():
    """ParseError is a ValueError, so callers may treat it as bad input."""
    assert issubclass(ParseError, ValueError)


# Quotation spans


def test_curly_straight_and_mixed_marks_all_delimit_quotes():
    """Curly, straight and mixed (“…" and "…”) marks each delimit one quote."""
    doc = article(
        "“Curly marks here,” Smith said. \"Straight marks here,\" he added.",
        "“Opened curly, closed straight,\" Smith said. \"Opened straight, closed curly,” he said.",
    )
    assert [q.text for q in doc.quotes] == [
        "Curly marks here,",
        "Straight marks here,",
        "Opened curly, closed straight,",
        "Opened straight, closed curly,",
    ]


def test_quote_interrupted_by_attribution_is_two_quotes():
    """“A,” Blinken stated. “B.” gives two quotes, both his."""
    doc = article(
        "Secretary of State Antony Blinken arrived on Wednesday.",
        "“We are determined,” Blinken stated. “And we will not stop.”",
    )
    assert quotes(doc) == [
        ("We are determined,", "Antony Blinken", 2),
        ("And we will not stop.", "Antony Blinken", 2),
    ]


def test_apostrophes_are_not_quote_marks():
    """Hamas' making, we're, Hamas’s, the players’ union and ’90s do not open or close quotes."""
    doc = article(
        "The players’ union met in the ’90s. \"We're in Hamas' crossfire and Hamas’s making,\" Smith said.",
    )
    assert [q.text for q in doc.quotes] == ["We're in Hamas' crossfire and Hamas’s making,"]


def test_nested_single_quotes_belong_to_the_quote():
    """Single quotes inside a double-quoted quote are part of it, not quotes of their own."""
    doc = article("“I told them, ‘Win the period,’ and they did,” the coach said.")
    assert [q.text for q in doc.quotes] == ["I told them, ‘Win the period,’ and they did,"]


def test_quote_carried_over_paragraphs_is_one_quote():
    """An unclosed quote reopened at the next paragraph is one quote, numbered where it starts."""
    doc = article(
        "Coach Jonah Park spoke after the game.",
        "“We played well,” Park said. “We want more.",
        "“And we will get it.”",
    )
    assert quotes(doc) == [
        ("We played well,", "Jonah Park", 2),
        ("We want more. And we will get it.", "Jonah Park", 2),
    ]


def test_two_apostrophes_and_backticks_are_double_marks():
    """''like this'' and ``this'' are quotation marks; the apostrophes inside them are not."""
    doc = article(
        "Senator June Pellham spoke on Monday.",
        "''That isn't deliberation,'' Pellham said. ``It won't work,'' she added.",
    )
    assert quotes(doc) == [
        ("That isn't deliberation,", "June Pellham", 2),
        ("It won't work,", "June Pellham", 2),
    ]


def test_titles_nicknames_and_scare_quotes_are_not_quotes():
    """Names, titles and scare quotes nobody said are skipped."""
    doc = article(
        "The so-called \"nuclear option\" was debated.",
        "Countries joined the \"Abraham Accords,\" the agreements signed in 2020.",
        "Terrell \"The Hammer\" Banks won the title.",
        "The container ship “Marlow Star” was refloated.",
        "His players called \"the Hill\" the hardest drill.",
        "The planet orbits in the “habitable zone” of its star.",
    )
    assert doc.quotes == []


def test_short_fragment_somebody_said_is_a_quote():
    """A short phrase in a sentence that reports speech is a quote of that speaker."""
    doc = article(
        "U.S. District Judge Harriet Wu ruled on Tuesday, calling the motion \"frivolous\".",
        "Wu also said the system is “very strong.”",
    )
    assert quotes(doc) == [("frivolous", "Harriet Wu", 1), ("very strong.", "Harriet Wu", 2)]


def test_whole_sentences_and_signs_are_quotes_without_a_speaker():
    """A quoted whole sentence or what a sign read is a quote even with no one to attribute it to."""
    doc = article(
        "Protesters held signs that read \"Bring Them Home Now.\"",
        "Fans then sang. \"Ham-mer! Ham-mer!\"",
    )
    assert quotes(doc) == [("Bring Them Home Now.", None, 1), ("Ham-mer! Ham-mer!", None, 2)]


def test_quote_position_is_the_offset_of_its_opening_mark():
    """QuoteMention.position is where the opening mark stands in its paragraph."""
    doc = article("Smith said: “Yes.”")
    assert doc.quotes[0].position == doc.paragraphs[0].index("“")


# Speakers


def test_attribution_after_the_quote_by_surname():
    """“…,” Blinken stated -> the person with that surname."""
    doc = article("Antony Blinken arrived.", "“We are here,” Blinken stated.")
    assert doc.quotes[0].speaker == "Antony Blinken"
    assert doc.quotes[0].cue == "stated"


def test_attribution_with_verb_first_and_appositive_title():
    """“…,” said Jonah Park, the team’s head coach -> Jonah Park, title "head coach"."""
    doc = article("“We were ready,” said Jonah Park, the team’s head coach.")
    assert quotes(doc) == [("We were ready,", "Jonah Park", 1)]
    assert people(doc) == {"Jonah Park": "head coach"}


def test_attribution_before_the_quote():
    """Blinken also said the U.S. is “…” -> Blinken."""
    doc = article(
        "Secretary of State Antony Blinken and President Isaac Herzog met.",
        "Blinken also said the U.S. is “working with determination.”",
    )
    assert doc.quotes[0].speaker == "Antony Blinken"


def test_pronoun_goes_to_the_subject_not_the_latest_name():
    """"he remarked" means the previous sentence's subject, not the person last named in it."""
    doc = article(
        "Antony Blinken and President Isaac Herzog met on Monday.",
        "Blinken echoed comments from President Herzog about the court.",
        "\"Israel has a strong legal system,\" he remarked.",
    )
    assert doc.quotes[0].speaker == "Antony Blinken"


def test_colon_introduction_with_pronoun():
    """He told the families: “…” -> the person in focus."""
    doc = article(
        "On Tuesday evening, Prime Minister Benjamin Netanyahu promised to enter Rafah.",
        "He told representatives of the hostage families: \"We will enter Rafah.”",
    )
    assert quotes(doc) == [("We will enter Rafah.", "Benjamin Netanyahu", 2)]
    assert doc.quotes[0].cue == "told"


def test_bare_name_colon_and_according_to():
    """Lev: “…” and according to Lev, “…” both attribute to Lev."""
    doc = article(
        "Chief negotiator Amos Lev met the families.",
        "Lev: “We are close.”",
        "According to Lev, “nobody is sleeping.”",
    )
    assert [q.speaker for q in doc.quotes] == ["Amos Lev", "Amos Lev"]


def test_participle_speaks_for_the_sentence_subject():
    """…, saying the system is “very strong.” -> the sentence's subject."""
    doc = article(
        "Antony Blinken met President Isaac Herzog.",
        "Blinken echoed Herzog's comments, saying the system is “very strong.”",
    )
    assert doc.quotes[0].speaker == "Antony Blinken"
    assert doc.quotes[0].cue == "saying"


def test_descriptive_title_resolves_to_the_titled_person():
    """"The U.S. secretary … said" and "the coach added" go to the person with that title."""
    doc = article(
        "U.S. Secretary of State Antony Blinken met Prime Minister Benjamin Netanyahu.",
        "The U.S. secretary met with him and said the U.S. is “working hard.”",
        "Rivermen coach Tom Hartley watched. “We stopped skating,” the coach added.",
    )
    assert [q.speaker for q in doc.quotes] == ["Antony Blinken", "Tom Hartley"]
    assert "The U.S. secretary" in next(p for p in doc.people if p.name == "Antony Blinken").aliases


def test_abbreviated_title_and_adjective_before_a_name():
    """"the doctor said" finds "Dr. Samuel Ouédraogo"; "the elder Dominguez" is a Dominguez."""
    doc = article(
        "Dr. Samuel Ouédraogo led the trial. Coach Ray Dominguez watched.",
        "“We have nurses,” the doctor said.",
        "Asked for advice, the elder Dominguez paused.",
        "“Call your mother.”",
    )
    assert [q.speaker for q in doc.quotes] == ["Samuel Ouédraogo", "Ray Dominguez"]


def test_untitled_description_means_the_person_in_focus():
    """"the Norwegian striker said", with nobody so titled, means the untitled person in focus."""
    doc = article(
        "Erling Haaland scored twice on Sunday.",
        "Haaland said the team had trained well.",
        "“We knew what was at stake,” the Norwegian striker said.",
    )
    assert doc.quotes[0].speaker == "Erling Haaland"


def test_relative_introduced_by_possessive_speaks_when_the_sentence_says_so():
    """"Gonzalez's son, Luis Gonzalez, … said" makes the son the subject, so "he said" is his."""
    doc = article(
        "Maria Gonzalez opened the bakery in 1998.",
        "Gonzalez's son, Luis Gonzalez, who now runs the kitchen, said little would change.",
        "“We're still going to be here at 4 a.m.,” he said.",
        "“It's the best bread in the state,” said longtime customer Patricia Hill, 72.",
    )
    assert [q.speaker for q in doc.quotes] == ["Luis Gonzalez", "Patricia Hill"]


def test_pronoun_of_the_other_gender_finds_the_person_named_in_passing():
    """"she" after a man in focus means the woman just named in passing, not him."""
    doc = article(
        "Callum Reid was 19 when he first took the tiller of the ferry.",
        "His daughter, Eilidh Reid, 27, sometimes crews with him.",
        "“Not a chance,” she says.",
    )
    assert doc.quotes[0].speaker == "Eilidh Reid"


def test_quote_only_paragraph_continues_the_previous_speaker():
    """A paragraph holding only a quote continues the previous paragraph's last speaker."""
    doc = article(
        "Antony Blinken and Isaac Herzog met.",
        "“We are determined,” Blinken declared.",
        "“Therefore, we will keep going.”",
    )
    assert quotes(doc)[1] == ("Therefore, we will keep going.", "Antony Blinken", 3)
    assert doc.quotes[1].cue == ""


def test_quote_only_paragraph_after_narration_takes_its_subject():
    """After a paragraph with no quote, a quote-only paragraph takes that paragraph's subject."""
    doc = article(
        "Pianist Ada Whitlock met critic Sol Berman in 1998.",
        "Asked what she planned to play, Whitlock smiled.",
        "“Something new.”",
    )
    assert doc.quotes[0].speaker == "Ada Whitlock"


def test_same_surname_resolves_to_the_most_recent_bearer():
    """Two people share a surname: the bare surname means the one mentioned last."""
    doc = article(
        "Plaintiff Maria Lopez sued the company.",
        "The company's attorney, Daniel Lopez, answered on Monday.",
        "“We respect the court,” Lopez said.",
    )
    assert [q.speaker for q in doc.quotes] == ["Daniel Lopez"]


def test_shared_surname_keeps_meaning_whom_the_text_called_by_it():
    """Once copy calls one bearer by the bare surname, it calls the other by full name."""
    doc = article(
        "Plaintiff Maria Lopez sued the company.",
        "“We want repairs,” Lopez said.",
        "“We respect the court,” Daniel Lopez, the company's attorney, said.",
        "“This is our home,” Lopez said.",
    )
    assert [q.speaker for q in doc.quotes] == ["Maria Lopez", "Daniel Lopez", "Maria Lopez"]


def test_honorific_picks_the_bearer_of_a_shared_surname():
    """"Ms. Lopez" means the Lopez the text shows to be a woman, and "she" follows her."""
    doc = article(
        "The lead plaintiff, Maria Lopez, said she cried at the news.",
        "The company's attorney, Daniel Lopez, said he would appeal.",
        "Ms. Lopez, standing with her children, said the family would stay.",
        "“This is our home,” she said.",
    )
    assert doc.quotes[0].speaker == "Maria Lopez"


def test_organization_speaks_as_an_organization():
    """"the State Department said" gives the speaker "State Department", kind organization."""
    doc = article("“We welcome the deal,” the State Department said.")
    assert doc.quotes[0].speaker == "State Department"
    assert [(p.name, p.kind) for p in doc.people] == [("State Department", "organization")]
    assert doc.as_dict()["people"] == []


def test_quote_without_attribution_stays_unattributed():
    """A quote nobody is named for gets speaker None rather than a guess."""
    doc = article(
        "Antony Blinken visited on Monday.",
        "A spokesperson for the ministry called the plan “premature.”",
    )
    assert doc.quotes[0].speaker is None


def test_statement_speaks_for_the_person_in_focus():
    """"the statement said" after a person issued a statement attributes the quote to them."""
    doc = article(
        "Greg Holloway said in a statement that he had called to congratulate her.",
        "“The people have spoken,” the statement said.",
    )
    assert doc.quotes[0].speaker == "Greg Holloway"


def test_aliases_resolve_to_one_person():
    """Full name, surname and title-plus-surname are one person with aliases."""
    doc = parse(
        "US Secretary Blinken visits Israel",
        "U.S. Secretary of State Antony Blinken is in Israel.",
        "Blinken met officials.",
    )
    [blinken] = doc.people
    assert blinken.name == "Antony Blinken"
    assert {"Blinken", "US Secretary Blinken"} <= set(blinken.aliases)


# People


def test_people_carry_the_title_the_text_gives_them():
    """"Prime Minister Benjamin Netanyahu" -> name "Benjamin Netanyahu", title "Prime Minister"."""
    doc = article(
        "Prime Minister Benjamin Netanyahu met President Isaac Herzog and Kenyan Environment Minister "
        "Wanjiru Kamau, and Boulder County Sheriff Dana Whitcomb.",
    )
    assert people(doc) == {
        "Benjamin Netanyahu": "Prime Minister",
        "Isaac Herzog": "President",
        "Wanjiru Kamau": "Kenyan Environment Minister",
        "Dana Whitcomb": "Boulder County Sheriff",
    }


def test_people_exclude_organizations_places_days_pronouns_and_bare_titles():
    """Hamas, Gaza, the IDF, Wednesday, He, The U.S. leader, the ICC, Middle East are not people."""
    doc = article(
        "On Wednesday, Hamas and the IDF fought in Gaza and the Middle East watched.",
        "He said the International Criminal Court and the Biden administration would act.",
        "The U.S. leader spoke in Tel Aviv and Big Bear, California.",
        "The bakery was named the best in the country by the American Bakers Guild.",
        "The ferry crosses Loch Arn twice an hour.",
    )
    assert people(doc) == {}


def test_a_person_needs_a_full_name_somewhere():
    """A surname alone never makes a person."""
    assert people(article("Blinken met Netanyahu on Monday.")) == {}


def test_a_nickname_inside_a_name_is_skipped():
    """Terrell “The Hammer” Banks is the person Terrell Banks."""
    doc = article("Terrell “The Hammer” Banks won. Banks thanked Chidi Okonkwo.")
    assert set(people(doc)) == {"Terrell Banks", "Chidi Okonkwo"}


def test_words_seen_in_lower_case_do_not_start_names():
    """A sentence-initial ordinary word ("Like Netanyahu") is not a first name."""
    doc = article("Benjamin Netanyahu spoke. Like Netanyahu, many would like peace.")
    assert people(doc) == {"Benjamin Netanyahu": ""}


# Tags


def test_tags_are_topics_not_people_days_or_function_words():
    """Tags are frequent or prominent entities, never people's names, weekdays or months."""
    doc = parse(
        "Blinken says ceasefire depends on Hamas in Gaza",
        "Secretary of State Antony Blinken visited Israel on Wednesday",
        "Antony Blinken said Hamas must agree to a ceasefire in Gaza on Wednesday in October.",
        "Israel and Hamas have fought in Gaza since October. The ceasefire talks go on.",
        "The ceasefire would free hostages, Blinken said.",
    )
    assert {"Hamas", "Gaza", "Israel"} <= set(doc.tags)
    forbidden = {"Antony", "Blinken", "Antony Blinken", "Wednesday", "October", "The", "Secretary"}
    assert not forbidden & set(doc.tags)
    assert "ceasefire" in doc.tags
    assert len(doc.tags) <= 8


# The seed and the summary


SEED_QUOTES = [
    (3, "Antony Blinken", "working with relentless determination to get the ceasefire that brings the "
                          "hostages home."),
    (4, "Antony Blinken", "focused on people in Gaza for suffering in this crossfire of Hamas' making."),
    (6, "Antony Blinken", "We're determined to get a ceasefire that brings the hostages home, and to get "
                          "it now,"),
    (6, "Antony Blinken", "And the only reason that that wouldn't be achieved is because of Hamas."),
    (8, "Antony Blinken", "We yearn for the immediate return of the hostages; this is and should be the "
                          "top priority of the international community,"),
    (10, "Antony Blinken", "At the same time, even as we're working with relentless determination to get "
                           "the ceasefire that brings the hostages home, we also have to be focused on "
                           "people in Gaza who are suffering in this crossfire of Hamas’s making, and so "
                           "focused on getting them the assistance they need,"),
    (11, "Antony Blinken", "very strong."),
    (12, "Antony Blinken", "Israel has a very strong legal system, very strong adjudication and law "
                           "enforcement system, and it has pursued legal steps from the highest authorities "
                           "in this land to any other citizen,"),
    (13, "Antony Blinken", "Therefore, trying to use the International Criminal Court against Israel, which "
                           "is fighting terror, is a clear and present danger to democracies and to free "
                           "peace-loving nations who pursue the norms of international law."),
    (16, "Benjamin Netanyahu", "We will enter Rafah and we will eliminate the Hamas battalions there with "
                               "or without a deal."),
]


def test_seed_document_comes_out_as_its_gold():
    """The seed yields its gold quotes, speakers, people with titles, byline and topic tags."""
    doc = parse_document(SEED.read_bytes(), source=SEED.name)
    assert doc.headline.startswith("US Secretary Blinken tells Herzog")
    assert doc.standfirst.startswith("Blinken pushes for hostage deal in 7th visit to Middle East")
    assert len(doc.paragraphs) == 16
    assert [(q.paragraph, q.speaker, q.text) for q in doc.quotes] == SEED_QUOTES
    assert people(doc) == {
        "Antony Blinken": "U.S. Secretary of State",
        "Benjamin Netanyahu": "Prime Minister",
        "Isaac Herzog": "President",
    }
    assert doc.byline.name == "All Israel News Staff"
    assert {"Hamas", "Gaza", "Israel"} <= set(doc.tags)


def test_as_dict_is_the_scorer_summary():
    """as_dict gives exactly the keys the dry run prints and the scorer reads."""
    summary = parse_document(SEED.read_bytes(), source=SEED.name).as_dict()
    assert set(summary) == {"source", "headline", "standfirst", "byline", "people", "quotes", "tags"}
    assert summary["byline"] == "All Israel News Staff"
    assert summary["people"][0] == {"name": "Antony Blinken", "title": "U.S. Secretary of State"}
    assert summary["quotes"][-1]["paragraph"] == 16
    assert set(summary["quotes"][0]) == {"text", "speaker", "paragraph"}


# Titles, post-nominals and names shared in the copy of any English-speaking newsroom


def test_abbreviated_titles_without_full_stops_are_titles():
    """Cllr, Det Con, DCI, Dame: British abbreviations without stops are titles, not name parts."""
    doc = article(
        "Cllr Ann Moss said the plan was rushed. “It is a mess,” Cllr Moss said.",
        "Det Con Ravi Bhatt told the hearing the van was stolen. “I saw it go,” DC Bhatt said.",
        "Det Ch Insp Ruth Lowe led the inquiry. “We need witnesses,” DCI Lowe said.",
    )
    assert people(doc) == {"Ann Moss": "Cllr", "Ravi Bhatt": "Det Con", "Ruth Lowe": "Det Ch Insp"}
    assert [q[1] for q in quotes(doc)] == ["Ann Moss", "Ravi Bhatt", "Ruth Lowe"]


def test_post_nominals_are_titles_not_name_parts():
    """Simon Pryor KC, Jane Hale MP, Dame Iris Cole OBE: letters after a name are its title."""
    doc = article(
        "Simon Pryor KC, prosecuting, said the account was false. “She lied,” Mr Pryor told the jury.",
        "Jane Hale MP said the bill would pass. Dame Iris Cole OBE was in the gallery.",
    )
    assert people(doc) == {"Simon Pryor": "KC", "Jane Hale": "MP", "Iris Cole": "OBE"}
    assert quotes(doc) == [("She lied,", "Simon Pryor", 1)]


def test_appositive_with_an_age_gives_the_title():
    """An appositive with an age ("Tom Rudd, 34, a teacher, of Leeds, said") gives the title."""
    doc = article("Tom Rudd, 34, a teacher, of Leeds, said prices had doubled.", "“We cut back,” Rudd said.")
    assert people(doc) == {"Tom Rudd": "teacher"}
    assert quotes(doc) == [("We cut back,", "Tom Rudd", 2)]


def test_couple_sharing_a_surname_and_first_name_references():
    """"Tom and Anna Rudd" names two people; "Anna said" means the person with that first name."""
    doc = article(
        "Tom and Anna Rudd saw their bills double this winter.",
        "“We had no idea,” Anna said.",
        "“It was a shock,” Tom said.",
    )
    assert set(people(doc)) == {"Tom Rudd", "Anna Rudd"}
    assert [q[1] for q in quotes(doc)] == ["Anna Rudd", "Tom Rudd"]


def test_role_given_in_a_leading_appositive_finds_the_person():
    """"The prime minister, Ann Reed," makes "the prime minister" and "the Prime Minister" mean her."""
    doc = article(
        "The prime minister, Ann Reed, faced questions. The shadow chancellor, Raj Vyas, sat opposite.",
        "“Nonsense,” the prime minister retorted.",
        "“Answer the question,” the shadow chancellor shouted. “Order!” bellowed the Speaker, Sir Lin Hoy.",
        "“We will fix it,” the Prime Minister quipped.",
    )
    assert people(doc)["Ann Reed"] == "prime minister"
    assert [q[1] for q in quotes(doc)] == ["Ann Reed", "Raj Vyas", "Lin Hoy", "Ann Reed"]


def test_a_title_with_a_rank_is_a_different_role():
    """"the chancellor" is the chancellor, not the shadow chancellor mentioned last."""
    doc = article(
        "The chancellor, Ruth Gale, spoke first. The shadow chancellor, Raj Vyas, replied.",
        "“We are on course,” the chancellor said.",
    )
    assert quotes(doc) == [("We are on course,", "Ruth Gale", 2)]


def test_an_unattributed_quote_takes_the_subject_of_the_sentence_before():
    """"Malden tried again. “Will she apologise?”" -> the quote is Malden's."""
    doc = article("Jon Malden spoke first.", "Malden tried again. “Will she apologise?”")
    assert quotes(doc) == [("Will she apologise?", "Jon Malden", 2)]


def test_a_fragment_echoing_a_quotation_is_a_quote():
    """Promised a “bold vision”, then a “bold ambition”: the echo quotes the same words again."""
    doc = article("Ann Reed promised a “bold vision” for schools. Later it became a “bold ambition”.")
    assert [q[0] for q in quotes(doc)] == ["bold vision", "bold ambition"]


def test_report_titles_and_nicknames_in_quotes_are_not_quotes():
    """A title-case title (even with a colon) and a nickname ("the Duchess") are not quotes."""
    doc = article(
        "A report, “Fixing the Foundations: Homes in Crisis”, said rents had risen.",
        "Regulars said they knew her simply as “the Duchess”.",
    )
    assert quotes(doc) == []


def test_title_between_team_and_name_after_the_verb():
    """"said Harbridge manager Paul Renton" is Paul Renton, not a Harbridge."""
    doc = article("“We deserved it,” said Harbridge manager Paul Renton.")
    assert quotes(doc) == [("We deserved it,", "Paul Renton", 1)]


def test_a_role_qualified_by_another_team_is_not_that_person():
    """"the Wexley boss" is not the person titled "Harbridge manager", though both are managers."""
    doc = article(
        "The decision angered visiting manager Gary Kinnear.",
        "“We deserved it,” said Harbridge manager Paul Renton.",
        "“I won't criticise the referee,” the Wexley boss added.",
    )
    assert [q[1] for q in quotes(doc)] == ["Paul Renton", "Gary Kinnear"]


def test_given_names_and_relations_show_gender_better_than_nearby_pronouns():
    """"Her coach, Dave Loft, who has coached her since she was 17" is a man: "he says" is his."""
    doc = article(
        "Hannah Lyle is early, which she apologises for.",
        "Her coach, Dave Loft, who has coached her since she was 17, was more cautious.",
        "“Nobody knew,” he says.",
        "Her son, Robin Lyle, recalled the summers. “She never stopped,” he said.",
    )
    assert [q[1] for q in quotes(doc)] == ["Dave Loft", "Robin Lyle"]


def test_quote_only_paragraph_takes_the_last_person_subject_of_the_paragraph_before():
    """After "She laughs. The scar is pale.", a quote-only paragraph is hers, not nobody's."""
    doc = article("Hannah Lyle won silver.", "She laughs. The scar is pale.", "“I don't care now.”")
    assert quotes(doc) == [("I don't care now.", "Hannah Lyle", 3)]


def test_party_post_nominals_compound_titles_and_portfolios_lead_titles():
    """"Labour TD Seán Ó Ceallaigh", "Chef-owner Leo Ade", "Minister for Housing Fiona Byrne"."""
    doc = article(
        "Labour TD Seán Ó Ceallaigh spoke first. Chef-owner Leo Ade cooked.",
        "Minister for Housing Fiona Byrne replied.",
    )
    assert set(people(doc)) == {"Seán Ó Ceallaigh", "Leo Ade", "Fiona Byrne"}


def test_a_word_the_text_uses_as_a_role_is_a_title_before_a_name():
    """"The Ombudsman has …" makes "Ombudsman Ann Lee" a titled Ann Lee, not a three-word name."""
    doc = article(
        "The Ombudsman has rejected the claims.",
        "Speaking on Tuesday, Ombudsman Ann Lee said the figures were wrong.",
    )
    assert people(doc) == {"Ann Lee": "Ombudsman"}


def test_sentence_initial_word_used_in_lower_case_as_a_plural_is_not_a_name():
    """"Picker Maria Tui said" when the text speaks of "pickers": Picker is no first name."""
    doc = article("Farms need more pickers.", "Picker Maria Tui said the work was hard.")
    assert set(people(doc)) == {"Maria Tui"}


def test_honorifics_of_other_english_speaking_newsrooms():
    """"Shri Tiwari" and "Aunty Joan" refer to Ravi Tiwari and Joan Kelly."""
    doc = article(
        "Minister Ravi Tiwari opened the plant. Community elder Joan Kelly watched.",
        "“It will help farmers,” Shri Tiwari said. “He listened,” Aunty Joan said.",
    )
    assert [q[1] for q in quotes(doc)] == ["Ravi Tiwari", "Joan Kelly"]


def test_an_honorific_makes_a_person_even_after_a_descriptor():
    """"the broadcaster Dame Harriet Cole" is a person, though "the broadcaster X" is often a thing."""
    doc = article("The chair, the broadcaster Dame Harriet Cole, praised it. “A quiet book,” Cole said.")
    assert "Harriet Cole" in people(doc)
    assert quotes(doc) == [("A quiet book,", "Harriet Cole", 1)]


def test_colon_after_a_sentence_with_a_person_subject():
    """"Hartigan puts it more bluntly: “…”" is Hartigan's quote."""
    doc = article("Sophie Hartigan runs the business.", "Hartigan puts it more bluntly: “We can't do both.”")
    assert quotes(doc) == [("We can't do both.", "Sophie Hartigan", 2)]


def test_pronoun_of_the_other_gender_prefers_the_latest_person_whose_gender_is_unknown():
    """"She" after a man in focus is the woman just named in passing, even when her gender is unknown."""
    doc = article(
        "Leon Ade founded the place. Grace Dunn wrote about it.",
        "Ade cooks every night. His sous-chef, Kasia Nowak, may leave. “I might stay,” she says.",
    )
    assert quotes(doc) == [("I might stay,", "Kasia Nowak", 2)]


def test_the_article_subject_stands_behind_pronouns():
    """A lede's "she said" before anyone is named, and a new paragraph's "she says" after another
    speaker, both mean the person the text names most."""
    doc = article(
        "A deckhand has won the prize for a novel written, she said, “between loading cars”.",
        "Isla Munro, 44, beat five others. Munro was delighted.",
        "Her agent, Ann Fisk, was in tears. “She deserved it,” Fisk said.",
        "“I still can't believe it,” she says.",
        "Munro will spend the money on a boat.",
    )
    assert [q[1] for q in quotes(doc)] == ["Isla Munro", "Ann Fisk", "Isla Munro"]


def test_quote_only_paragraph_after_a_paragraph_naming_one_person():
    """After "For Sian Rees, whose father worked there, the numbers miss the point.", the quote is hers."""
    doc = article(
        "For Sian Rees, whose father worked there, the numbers miss the point.", "“It was who you married.”"
    )
    assert quotes(doc) == [("It was who you married.", "Sian Rees", 2)]


def test_an_appositive_after_a_possessive_that_is_no_relative_takes_focus():
    """"Its regional secretary, Dafydd Howells, is blunter still." makes the next "he says" his."""
    doc = article(
        "Gareth Pryce worked at the plant for 31 years. He remembers the hooter.",
        "The union criticised the deal. Its regional secretary, Dafydd Howells, is blunter still.",
        "“Nobody has told me,” he says.",
    )
    assert quotes(doc) == [("Nobody has told me,", "Dafydd Howells", 3)]


def test_a_newly_named_person_of_the_right_gender_beats_a_focus_of_unknown_gender():
    """Focus on Sian (gender not shown); "Her husband, Owain Rees, …" then "he says" is Owain."""
    doc = article(
        "For Sian Rees the numbers miss the point.",
        "Her husband, Owain Rees, took redundancy. He now drives a van.",
        "“It's fine,” he says, and then, after a pause, “It's not fine.”",
    )
    assert [q[1] for q in quotes(doc)] == ["Owain Rees", "Owain Rees"]


def test_the_phrase_in_quotes_is_a_mention_not_a_quote():
    """"The phrase “just transition”" names words; it quotes nobody."""
    doc = article(
        "Hugh Lane said: “They talk about a just transition.”", "The phrase “just transition” is a joke."
    )
    assert [q[0] for q in quotes(doc)] == ["They talk about a just transition."]


def test_a_lede_role_belongs_to_the_person_named_in_the_next_sentence():
    """"The chief executive of Acme Water has defended her bonus." then "Rebecca Thorn told …":
    "the chief executive said" later is Rebecca Thorn."""
    doc = article(
        "The chief executive of Acme Water has defended her bonus, insisting it was “earned”.",
        "Rebecca Thorn told MPs the targets were met.",
        "Labour MP Anna Fleet asked whether she would give it back.",
        "“No,” the chief executive said.",
    )
    assert [q[1] for q in quotes(doc)] == ["Rebecca Thorn", "Rebecca Thorn"]


def test_a_party_post_nominal_after_a_party_name_is_a_title():
    """"Conservative MP Giles Hart described …" names Giles Hart, titled "Conservative MP"."""
    doc = article("Conservative MP Giles Hart described the plan as “a wish list with a logo”.")
    assert people(doc) == {"Giles Hart": "Conservative MP"}
    assert quotes(doc) == [("a wish list with a logo", "Giles Hart", 1)]


def test_pronoun_of_the_other_gender_finds_anyone_named_in_the_sentence():
    """"Finch and his partner, Amy Rudd, a nurse, have cut back. “…,” she said." is Amy Rudd's."""
    doc = article(
        "Tom Finch, 34, said his repayments would rise.",
        "Finch and his partner, Amy Rudd, a nurse, have cut back. “It feels like borrowing,” she said.",
    )
    assert quotes(doc) == [("It feels like borrowing,", "Amy Rudd", 2)]


def test_an_honorific_picks_the_spouse_of_that_gender():
    """"Priya and Dan Whitcombe" … "Mr Whitcombe said" is Dan."""
    doc = article("Priya and Dan Whitcombe face a rise.", "“They look at three years,” Mr Whitcombe said.")
    assert quotes(doc) == [("They look at three years,", "Dan Whitcombe", 2)]


def test_an_infinitive_after_an_appositive_speaks_for_the_named_person():
    """"It prompted the chairman, Cllr Roy Pett, to remind everyone it was “not a match”" is his."""
    doc = article("It prompted the chairman, Cllr Roy Pett, to remind everyone it was “not a match”.")
    assert quotes(doc) == [("not a match", "Roy Pett", 1)]


def test_the_bare_role_is_any_holder_whatever_their_portfolio_or_place():
    """"the minister said" after "Union Food Minister Ravi Nath" is him, not a state minister named later."""
    doc = article(
        "Union Food Processing Minister Ravi Nath said the units would open. Nath spoke in Delhi.",
        "“This is not a small number,” the minister said.",
        "Maharashtra Agriculture Minister Prakash Kulkarni welcomed it.",
    )
    assert quotes(doc) == [("This is not a small number,", "Ravi Nath", 2)]


def test_an_affiliation_in_brackets_is_not_a_person():
    """"Cllr Martin Fair (Lib Dem, St Peter's)": Lib Dem is a party, and "He said:" is Martin Fair's."""
    doc = article(
        "Cllr Jan Oduya (Con, Hanwell) spoke.",
        "Cllr Martin Fair (Lib Dem, St Peter's) agreed. He said: “Defer it.”",
    )
    assert set(people(doc)) == {"Jan Oduya", "Martin Fair"}
    assert quotes(doc) == [("Defer it.", "Martin Fair", 2)]


def test_initials_before_a_surname_stay_in_the_speaker_phrase():
    """"said S. Lakshmi, 58" and "Her neighbour, K. Ramesh, … he said" resolve to those people."""
    doc = article(
        "“They come every August,” said S. Lakshmi, 58, a resident.",
        "Her neighbour, K. Ramesh, said water came in. “We lost a fridge,” he said.",
    )
    assert [q[1] for q in quotes(doc)] == ["S. Lakshmi", "K. Ramesh"]


def test_ages_in_brackets_and_names_after_a_descriptor_in_appositives():
    """An age in brackets ("Kevin Duggan (38),") and a name after a descriptor close an appositive."""
    doc = article(
        "The driver of the van, Kevin Duggan (38), told the court the sun was “straight in my eyes”.",
        "The chair of judges, the broadcaster Dame Hattie Cole, called it “a book of rare patience”.",
    )
    assert [q[1] for q in quotes(doc)] == ["Kevin Duggan", "Hattie Cole"]


def test_in_her_words_speaks_for_the_sentence_subject():
    """"Callan worked in Melbourne before, in her words, “running away to the desert”" is Callan's."""
    doc = article(
        "Ruth Callan is the town's nurse. Joan Kelly said she listened.",
        "Callan worked in Melbourne before, in her words, “running away to the desert”.",
    )
    assert quotes(doc) == [("running away to the desert", "Ruth Callan", 2)]


def test_a_standfirst_role_under_a_headline_naming_one_person_is_that_person():
    """Headline "Pellow finds the number", standfirst "The prime minister survived …": he is PM."""
    doc = parse(
        "Pellow finally finds the number",
        "The prime minister survived another Wednesday at the dispatch box",
        "Graham Pellow arrived looking tired. Catherine Vane had one question.",
        "“Mr Speaker, we have invested,” replied the prime minister.",
    )
    assert quotes(doc) == [("Mr Speaker, we have invested,", "Graham Pellow", 2)]


def test_a_quote_opening_its_sentence_takes_the_subject_after_it():
    """"“Order! Order!” The Speaker, Sir Roger Hadd, rose. “Sit down.”" are both the Speaker's."""
    doc = article("Vane sat down.", "“Order! Order!” The Speaker, Sir Roger Hadd, rose. “Sit down.”")
    assert [q[1] for q in quotes(doc)] == ["Roger Hadd", "Roger Hadd"]


def test_short_capitalised_speech_in_a_quoting_paragraph_is_a_quote():
    """“In August,” Lennie said. “Try February.” are quotes though every word is capitalised."""
    doc = article("“In August,” Fergus Lennie said. “Try February.”")
    assert quotes(doc) == [("In August,", "Fergus Lennie", 1), ("Try February.", "Fergus Lennie", 1)]


def test_what_somebody_once_called_something_is_a_quote():
    """"work that the critic Alan Furness once called “the most patient archive”" quotes Furness."""
    doc = article("It was work that the critic Alan Furness once called “the most patient archive”.")
    assert quotes(doc) == [("the most patient archive", "Alan Furness", 1)]


def test_author_line_with_a_capitalised_job_or_a_compound_writer_is_the_byline():
    """"Clo Nolan is Political Correspondent of The Ledger." and "… sketchwriter." are author lines."""
    lines = ("Clo Nolan is Political Correspondent of The Ledger.", "Mark Tenn is the Post's sketchwriter.")
    for line in lines:
        doc = article("The council met on Tuesday.", line)
        assert doc.byline is not None and doc.paragraphs == ["The council met on Tuesday."]


def test_utilities_railways_and_newspapers_are_not_people():
    """"Severnside Water", "Southlink Rail", "Irish Ledger", "Mid Devon" are not people."""
    doc = article("Severnside Water and Southlink Rail told the Irish Ledger about Mid Devon, Hetton Moor.")
    assert people(doc) == {}


def test_an_adverb_between_speaker_and_verb_after_the_quote():
    """"“…,” she once said" and "“…,” Hale later recalled" are attributions after the quote."""
    doc = article(
        "Nora Quin moved to London. The director Peter Hale cast her.",
        "“I had a suitcase,” she once said.",
        "“She changed the room,” Hale later recalled.",
    )
    assert [(q.speaker, q.cue) for q in doc.quotes] == [("Nora Quin", "said"), ("Peter Hale", "recalled")]


def test_team_and_role_after_the_verb():
    """"said the Ferrybridge manager" is the person titled "Ferrybridge manager", not a team."""
    doc = article(
        "Ferrybridge manager Alan Morrow was pleased. Dockside boss Steve Hendry was not.",
        "“A great result,” said the Ferrybridge manager.",
    )
    assert quotes(doc) == [("A great result,", "Alan Morrow", 2)]


def test_an_address_after_of_is_not_a_person_and_a_recorder_is_the_judge():
    """"Dan Pike, 41, of Mill Lane, Hexworth" names no Mill Lane; "the judge" is Recorder Julian Fox."""
    doc = article(
        "Dan Pike, 41, of Mill Lane, Hexworth, denies harassment.",
        "Recorder Julian Fox adjourned the trial. “I will not tolerate it,” the judge warned.",
    )
    assert set(people(doc)) == {"Dan Pike", "Julian Fox"}
    assert quotes(doc) == [("I will not tolerate it,", "Julian Fox", 2)]


def test_a_pronoun_opening_the_next_sentence_shows_gender():
    """"Marian Oduya arrives. She is 31." shows a woman, so "she says" after her coach's paragraph is hers."""
    doc = article(
        "Marian Oduya arrives by bike. She is 31. Oduya rows for Leeds and Oduya trains daily.",
        "Oduya has won two world titles.",
        "Her coach, Helen Brandt, has trained her for years.",
        "“She is stubborn,” Brandt says.",
        "“Helen says that to everyone,” she says.",
    )
    assert [q[1] for q in quotes(doc)] == ["Helen Brandt", "Marian Oduya"]


def test_irish_parties_are_not_people():
    """"the Sinn Féin leader, Aisling Kerr," names Aisling Kerr and no "Sinn Féin"."""
    doc = article("The Sinn Féin leader, Aisling Kerr, and Fianna Fáil clashed.")
    assert set(people(doc)) == {"Aisling Kerr"}


def test_the_spokesperson_of_an_unnamed_role_is_not_the_person_in_focus():
    """After "A spokesperson for the landlords said …", "the spokesperson said" is not Mariam Chaudry."""
    doc = article(
        "Mariam Chaudry, of the charity Shelter, said families were struggling.",
        "A spokesperson for the Landlords Association said costs had risen.",
        "“Rates doubled,” the spokesperson said.",
    )
    assert quotes(doc)[0][1] != "Mariam Chaudry"


def test_passive_speech_verb_names_its_agent():
    """"was told by the prime minister that Scotland had “never had a better friend”" is the PM's."""
    doc = article(
        "The prime minister, Graham Pell, took questions.",
        "Morven Gill was told by the prime minister that it had “never had a better friend”.",
    )
    assert quotes(doc) == [("never had a better friend", "Graham Pell", 2)]


def test_the_subject_of_a_sentence_quoting_somebody_else_can_take_a_pronoun():
    """"Morven Gill … was told by Pell that … “…”. “Aye, right,” she muttered." is Morven Gill's."""
    doc = article(
        "Graham Pell took questions.",
        "Morven Gill was told by Pell that it had “never had a better friend”. “Aye, right,” she muttered.",
    )
    assert [q[1] for q in quotes(doc)] == ["Graham Pell", "Morven Gill"]


def test_an_initial_after_an_ampersand_starts_no_name():
    """"a Cornish A&E. Pellow said" names no "E. Pellow"."""
    doc = article("Graham Pellow took questions. Lennie asked about an A&E. Pellow said he had visited.")
    assert set(people(doc)) == {"Graham Pellow"}


def test_a_place_that_is_a_given_name_can_start_a_name():
    """"captain Jordan Price" is a person; "the Jordan Valley" is still a place."""
    doc = article("Harbridge captain Jordan Price levelled. Farms in the Jordan Valley flooded.")
    assert set(people(doc)) == {"Jordan Price"}


def test_a_relative_named_by_given_name_takes_the_surname_and_shows_gender():
    """"Ron Tivey … His wife, Maureen, runs the till. She met him …" names Maureen Tivey, a woman."""
    doc = article(
        "Ron Tivey opens the shop at 5am.",
        "His wife, Maureen, runs the till. She met him at a dance.",
        "“He was the worst dancer there,” she says.",
    )
    assert set(people(doc)) == {"Ron Tivey", "Maureen Tivey"}
    assert quotes(doc) == [("He was the worst dancer there,", "Maureen Tivey", 3)]


def test_a_role_with_of_resolves_by_its_head_and_what_follows():
    """"the leader of the opposition said" is the person introduced as "The leader of the opposition, X,"."""
    doc = article(
        "The leader of the opposition, Kemi Ade, sat opposite. Labour leader Ann Bay arrived late.",
        "“This is a budget for borrowers,” the leader of the opposition said.",
    )
    assert quotes(doc) == [("This is a budget for borrowers,", "Kemi Ade", 2)]


def test_an_untitled_description_does_not_reach_back_to_a_speaker_long_gone():
    """"the resident said" paragraphs after Pell last spoke is not Pell's."""
    doc = article(
        "“We will appeal,” Ann Pell said.",
        "The council met on Tuesday.",
        "The vote was delayed.",
        "“It is a disgrace,” the resident said.",
    )
    assert quotes(doc)[1] == ("It is a disgrace,", None, 4)


def test_police_clergy_peers_and_post_nominals_with_ages_and_affiliations():
    """Det Supt, Ch Insp, Revd, Baroness, Prof, MBE, Mx are titles; ", of Leeds University," is no name."""
    doc = article(
        "Det Supt Ian Moore praised them. Ch Insp Ruth Bell, 48, said: “I am proud.”",
        "Revd Mary Oates led prayers. Baroness Ann Fry called it “heroic”.",
        "Prof Anil Rao, of Leeds University, said: “It will happen again.”",
        "Martin Clay MBE agreed. “They deserve it,” Mr Clay said. Mx Sam Lowe said: “It was terrifying.”",
    )
    assert set(people(doc)) == {
        "Ian Moore", "Ruth Bell", "Mary Oates", "Ann Fry", "Anil Rao", "Martin Clay", "Sam Lowe"}
    assert [q[1] for q in quotes(doc)] == ["Ruth Bell", "Ann Fry", "Anil Rao", "Martin Clay", "Sam Lowe"]


def test_a_namesake_in_a_relative_clause_or_after_a_relation_does_not_take_the_surname():
    """"says Gareth Pryce, 67, who worked alongside his brother Alan Pryce" then "Pryce says" is Gareth."""
    doc = article(
        "“It was everything,” says Gareth Pryce, 67, who worked alongside his brother Alan Pryce for years.",
        "“Nobody knew,” Pryce says.",
    )
    assert [q[1] for q in quotes(doc)] == ["Gareth Pryce", "Gareth Pryce"]


def test_a_company_name_in_quotes_is_not_a_quote():
    """"The firm, “Brightwater”, said …" and "the company “Zapp” said" name companies; nobody said them."""
    doc = article("The firm, “Brightwater”, said it would appeal.", "Staff at the firm “Zapp” said so.")
    assert quotes(doc) == []


def test_abbreviated_ranks_answer_to_their_full_names():
    """"the detective constable" finds "Det Con Lee Garvey"; "the sergeant" finds "DS Ian Rudd"."""
    doc = article(
        "Det Con Lee Garvey and DS Ian Rudd led the inquiry.",
        "“We had CCTV,” the detective constable said. “It was quick,” the sergeant added.",
    )
    assert [q[1] for q in quotes(doc)] == ["Lee Garvey", "Ian Rudd"]


def test_a_subject_after_the_last_quotation_keeps_the_focus():
    """A person who is a sentence's subject after a paragraph's last quotation is "he" in the next."""
    doc = article(
        "Tom Reed said the plan was “a mess”. The chairman, Sir Paul Hale, looked tired.",
        "“Order!” he cried.",
    )
    assert quotes(doc)[1][1] == "Paul Hale"


def test_who_said_speaks_for_the_name_before_it():
    """"…, the saxophonist Tanya Greaves, who said …" quotes the name the relative clause follows."""
    doc = article("Among her pupils was the saxophonist Tanya Greaves, who said Clay was “utterly right”.")
    assert quotes(doc)[0][1] == "Tanya Greaves"


def test_as_she_put_it_reports_speech():
    """"as she later put it, “…”" attributes the quotation like a speech verb."""
    doc = article("Ann Clay ran a club in Soho where, as she later put it, “the piano had no keys left”.")
    assert quotes(doc)[0][1] == "Ann Clay"


def test_according_to_a_role_and_a_name_in_apposition():
    """"According to Safe Harbour's chief executive, Mariam Choudhury, …" names the speaker after the role."""
    doc = article("According to Safe Harbour’s chief executive, Mariam Choudhury, calls “more than doubled”.")
    assert quotes(doc)[0][1] == "Mariam Choudhury"


def test_a_comment_clause_after_a_quote_is_no_attribution():
    """"“…”, which is the sort of thing politicians say" is no cue; "she would tell a reporter" is."""
    doc = article(
        "Rachel Dunmore smiled. Later she would tell a reporter that she found it “quite funny, actually”, "
        "which is the sort of thing politicians say."
    )
    assert quotes(doc)[0][1] == "Rachel Dunmore"


def test_a_birth_name_is_nobody_new():
    """"Born Eleanor Pratt …" and "(née Pratt)" name the subject at birth, not another person."""
    doc = article(
        "Eleanor Basquin, the pianist, has died aged 91.",
        "Born Eleanor Pratt in 1934, she played in pubs by 14.",
        "Eleanor Basquin (née Pratt), born 1934; died 2025",
    )
    assert set(people(doc)) == {"Eleanor Basquin"}


def test_a_given_name_that_is_also_a_particle_starts_a_name():
    """"Ben Aldous" is a person although "ben" is also a name particle ("Yosef ben David")."""
    doc = article("“Supply will fall,” said Ben Aldous, a policy director.")
    assert quotes(doc)[0][1] == "Ben Aldous"


def test_a_word_with_digits_is_no_name():
    """A model or code ("Ilyushin Il-76") is not a person."""
    doc = article("The aircraft, an Ilyushin Il-76, flew without a plan.")
    assert people(doc) == {}


def test_a_name_inside_a_quotation_is_no_referent_for_she():
    """Somebody named only inside a quotation is not who a later "she" means."""
    doc = article(
        "Eleanor Basquin has died. Her son said she died “with Thelonious Monk on the radio”.",
        "She loved Bud Powell and, as she put it, “the piano had more keys missing than not”.",
    )
    assert quotes(doc)[1][1] == "Eleanor Basquin"


def test_a_firm_name_with_an_ampersand_is_not_a_quote():
    """"traded as “Pike & Sons Roofing”" is a title-case name: "&" counts as a small word."""
    doc = article("Pike, who traded as “Pike & Sons Roofing”, knocked on doors.")
    assert quotes(doc) == [] and people(doc) == {}


def test_a_quoted_title_after_the_word_title_is_not_a_quote():
    """"under the title “Floral warmth accelerates learning”" names a paper, even in sentence case."""
    doc = article("The study, published under the title “Floral warmth speeds learning in bees”, "
                  "was led by Ann Moss.")
    assert quotes(doc) == []


def test_a_remembered_person_speaks_a_participle_quote():
    """"She remembers a coach, Brendan Foyle, … telling her: “…”" quotes the coach, not her."""
    doc = article("She remembers a coach, Brendan Foyle, watching her run and telling her: "
                  "“You will never be quick.”")
    assert quotes(doc)[0][1] == "Brendan Foyle"


def test_a_time_phrase_before_the_subject_pronoun():
    """"These days she runs …" has "she" as its subject, so a quotation after it is hers."""
    doc = article(
        "Siobhan Dunleavy is 52. “I run every day,” she says. Her coach, Brendan Foyle, agrees.",
        "These days she runs 110km a week. “You learn to stop complaining out loud.”",
    )
    assert quotes(doc)[1][1] == "Siobhan Dunleavy"


def test_a_quote_after_a_pronoun_and_verb_is_that_persons():
    """"a parkrun, which she finished “second from last”" quotes the clause's subject."""
    doc = article(
        "Siobhan Dunleavy took up running at 38.",
        "Her first race was a parkrun, which she finished “second from last, ahead of a buggy”.",
    )
    assert quotes(doc)[0][1] == "Siobhan Dunleavy"


def test_places_after_of_for_and_from_are_not_people():
    """"the community of Gold Hill", "the member for Thanet Downs", "a teacher from Leeds" are places."""
    doc = article(
        "Ann Moss fled the community of Gold Hill.",
        "Marcus Threlfall, the member for Thanet Downs, spoke to a teacher from Kirkby Lonsdale.",
    )
    assert set(people(doc)) == {"Ann Moss", "Marcus Threlfall"}


def test_clubs_saints_and_firms_are_not_people():
    """"Sporting Alcala", "St. Brendan's", "Delfland Economics" and "Carrow Steel" name no person."""
    doc = article(
        "Sporting Alcala signed him. Nurses at St. Brendan's walked out.",
        "Maartje Koolen of Delfland Economics said the owner, Carrow Steel, had closed the works.",
    )
    assert set(people(doc)) == {"Maartje Koolen"}


def test_irish_particles_and_accented_author_lines():
    """"Mr Ó Flaithearta" is Pádraig Ó Flaithearta; "Éanna Mac Giolla is a reporter" is the byline."""
    doc = parse(
        "Inquest hears of crash",
        "Pádraig Ó Flaithearta (54) died on the N59.",
        "Mr Ó Flaithearta was cycling home.",
        "Éanna Mac Giolla is a reporter based in Galway.",
    )
    assert set(people(doc)) == {"Pádraig Ó Flaithearta"}
    assert doc.byline.name == "Éanna Mac Giolla"


def test_an_author_line_with_a_lower_case_job():
    """"Joel Ansah is housing correspondent for The Ledger." is the byline, not a person in the story."""
    doc = article("Rents rose again.", "Joel Ansah is housing correspondent for The Ledger.")
    assert doc.byline.name == "Joel Ansah" and people(doc) == {}


def test_a_month_introduced_as_a_relative_is_a_given_name():
    """"His wife, June, runs the till" names June Tivey; "in June" stays a date."""
    doc = article(
        "Ron Tivey opened the bakery in June. His wife, June, runs the till.",
        "“It has been hard,” June said.",
    )
    assert set(people(doc)) == {"Ron Tivey", "June Tivey"}
    assert quotes(doc)[0][1] == "June Tivey"


def test_an_imperative_opening_a_quotation_starts_no_name():
    """"“Ask Gareth Pryce,” she said" names Gareth Pryce, not "Ask Gareth Pryce"."""
    doc = article("“Ask Gareth Pryce, he knows,” said Ann Moss.")
    assert set(people(doc)) == {"Gareth Pryce", "Ann Moss"}


def test_tags_hold_two_word_phrases_and_drop_verbs_and_generic_words():
    """"interest rates" seen twice is a tag and "rates" gives way to it; verbs ("waits") and news
    vocabulary ("people", "vote") are not tags."""
    doc = parse(
        "Bank holds interest rates as borrowers wait",
        "Policymakers vote to keep interest rates on hold as people face higher bills",
        "The bank kept interest rates at 4.5%. Mortgage holders face another month of high bills.",
        "She waits for the vote. People will vote on the plan. The bank said inflation was easing.",
    )
    assert "interest rates" in doc.tags
    assert not {"rates", "waits", "vote", "people", "face"} & set(doc.tags)


def test_tags_count_a_short_form_for_the_organisations_full_name():
    """"Acme" after "Acme Corp" counts for "Acme Corp"; a body such as "the Senate" may be a tag."""
    doc = parse(
        "Acme Corp shares fall as Senate weighs chip rules",
        "Acme Corp said profits fell. Acme blamed the Senate.",
        "Acme expects the Senate to vote in May. Acme shares fell 4%.",
    )
    assert "Acme Corp" in doc.tags and "Acme" not in doc.tags
    assert "Senate" in doc.tags


def test_a_capitalised_opening_word_counts_in_lower_case_for_tags():
    """"Central bank holds rates" gives "central bank" when the body writes "the central bank"."""
    doc = parse(
        "Central bank holds rates at 4.5%",
        "Policymakers kept borrowing costs on hold",
        "The central bank held its benchmark rate. Economists expect a cut in spring.",
    )
    assert "central bank" in doc.tags


def test_a_spokesman_for_somebody_does_not_make_them_a_place():
    """"the member for Thanet Downs" is a seat, but "a spokesman for Boris Johnson" names a person."""
    doc = article("A spokesman for Boris Johnson said the claims were “complete nonsense”.")
    assert set(people(doc)) == {"Boris Johnson"}


def test_a_participle_after_a_comma_is_the_subjects():
    """"Ann Moss saw Tom Reed at the gate, telling him: “…”" quotes Ann Moss, not Tom Reed."""
    doc = article("Ann Moss saw Tom Reed at the gate, telling him: “Go home now.”")
    assert quotes(doc)[0][1] == "Ann Moss"


def test_base_form_speech_verbs_count_only_after_to_or_an_auxiliary():
    """"rose to praise its “bold vision”" quotes; "won praise for its “bold” lines" is a scare quote."""
    doc = article("Tom Reed spoke first. One after another, they rose to praise its “bold vision”.")
    assert [q[0] for q in quotes(doc)] == ["bold vision"]
    assert quotes(article("The design won praise for its “bold” lines.")) == []


def test_according_to_after_a_quotation_names_its_speaker():
    """"“…,” according to Ada Brown, head of …" quotes Ada Brown, as does the rest of the split quote."""
    doc = article("“Rates will fall,” according to Ada Brown, head of research at Foo & Bar in London. "
                  "“We saw it twice.”")
    assert [q[1] for q in quotes(doc)] == ["Ada Brown", "Ada Brown"]


def test_a_relative_clause_after_an_appositive_speaks_for_the_name():
    """"Adm. Steven Cole, commander of …, who joined by video, said" quotes Steven Cole."""
    doc = article("Adm. Steven Cole, commander of U.S. Indo-Pacific Command, who joined by video, said "
                  "the fleet was “ready to respond.”")
    assert quotes(doc)[0][1] == "Steven Cole"
    assert people(doc) == {"Steven Cole": "Adm."}


def test_a_job_word_before_a_full_name_is_a_title():
    """"Producer Caleb Fontaine said" names Caleb Fontaine, with the title Producer."""
    doc = article("Producer Caleb Fontaine said the show was “a labour of love.”")
    assert people(doc) == {"Caleb Fontaine": "Producer"}
    assert quotes(doc)[0][1] == "Caleb Fontaine"


def test_a_participle_quotes_a_subject_whose_title_ends_in_ing():
    """"Housing Minister Jane Roe … defended the delay, telling the House …" quotes Jane Roe."""
    doc = article("Housing Minister Jane Roe on Thursday defended the delay, telling the House that getting "
                  "it right was “more important than getting it fast.”")
    assert quotes(doc)[0][1] == "Jane Roe"


def test_a_party_state_tag_is_no_speaker():
    """"Rep. Tom Lane, R-Texas, said" quotes Tom Lane; the "R-Texas" tag names nobody."""
    doc = article("Rep. Tom Lane, R-Texas, said the bill was “dead on arrival.”")
    assert quotes(doc)[0][1] == "Tom Lane"
    assert people(doc) == {"Tom Lane": "Rep."}


def test_a_numbered_name_in_quotation_marks_is_no_quote():
    """"near “Mile Marker 9.”" names a place, and names nobody; "called it “very strong.”" stays a quote."""
    doc = article("The crash happened near “Mile Marker 9.” Police closed the road.")
    assert quotes(doc) == [] and people(doc) == {}
    assert [q[0] for q in quotes(article("Ann Moss called it “very strong.”"))] == ["very strong."]


def test_a_name_before_of_speaks_for_its_unit():
    """"Col. Tim Bass of the 3rd Brigade said" quotes Tim Bass, not "Brigade"."""
    doc = article("Col. Tim Bass of the 3rd Brigade said the unit had “trained hard.”")
    assert quotes(doc)[0][1] == "Tim Bass"
    assert people(doc) == {"Tim Bass": "Col."}


def test_an_answer_after_a_speech_verb_and_colon_is_a_quote():
    """"Osgood answered: “In March.”" quotes Osgood, though the answer reads like a title."""
    doc = article("Ray Osgood took the stand.", "After a long pause, Osgood answered: “In March.”")
    assert quotes(doc) == [("In March.", "Ray Osgood", 2)]


def test_a_name_before_of_the_organisation_is_the_speaker():
    """"Analyst Priya Nair of the Center for Naval Studies said" quotes Priya Nair."""
    doc = article("Analyst Priya Nair of the Center for Naval Studies said it was “decades in the making.”")
    assert quotes(doc)[0][1] == "Priya Nair"


def test_a_cue_ending_in_a_colon_belongs_to_the_next_quote():
    """"“… accountable.” Cole replied: “I am.”" quotes the asker first, then Cole."""
    doc = article("Ann Cole testified.",
                  "Sen. Maria Ortiz, D-Ariz., asked whether “anyone is accountable.” Cole replied: “I am.”")
    assert [q[1] for q in quotes(doc)] == ["Maria Ortiz", "Ann Cole"]


def test_a_firm_named_funds_is_no_person_and_host_is_a_title():
    """"a portfolio manager at Alder Funds" names a firm; "Host Corin Dann" is Corin Dann, the host."""
    doc = article("“We're not panicking,” said Tom Greer, a portfolio manager at Alder Funds.",
                  "Host Corin Dann asked him whether help had come. “Not yet,” Greer replied.")
    assert people(doc) == {"Tom Greer": "", "Corin Dann": "Host"}


def test_sergeant_first_class_is_a_title():
    """"Sgt. First Class Ana Rios" names Ana Rios; "First Class" is part of her rank."""
    doc = article("Sgt. First Class Ana Rios said families were “told weeks ago.”")
    assert set(people(doc)) == {"Ana Rios"}
    assert quotes(doc)[0][1] == "Ana Rios"
    doc = article("Sgt. First Class Ana Rios said families had been told “weeks ago.”")
    assert quotes(doc)[0][1] == "Ana Rios"


def test_a_pronoun_after_in_which_is_the_sentence_subject():
    """"Ngaire Watts said in a post in which she thanked fans that …" quotes Watts, not the focus."""
    doc = article("Kate Moana won gold.",
                  "Her coach, Ngaire Watts, said in a post in which she thanked fans that Moana was “the "
                  "toughest athlete I have worked with.”")
    assert quotes(doc)[0][1] == "Ngaire Watts"
