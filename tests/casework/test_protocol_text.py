"""The protocol parser, against the five real protocol texts and a few small made-up ones."""

import re
from pathlib import Path

import pytest

from casework.protocol_text import clean_inline, parse_protocol

TEXTS = Path(__file__).resolve().parents[2] / "casework" / "protocol_texts"
FILES = {
    "000": "000_be3d78af6379668d.txt",
    "001": "001_decf6268279817f6.txt",
    "002": "002_06d15bd61652a17d.txt",
    "003": "003_512089cfc3757461.txt",
    "004": "004_0599d1cf393288ac.txt",
}


def _text(doc: str) -> str:
    return (TEXTS / FILES[doc]).read_text(encoding="utf-8")


_PARSED: dict[str, list] = {}


def parsed(doc: str):
    if doc not in _PARSED:
        _PARSED[doc] = parse_protocol(_text(doc))
    return _PARSED[doc]


def by_anchor(doc: str) -> dict:
    return {c.anchor: c for c in parsed(doc)}


# (document, anchor, number, how the clause's text begins)
EXPECTED = [
    ("000", "c-4-3", "4.3", "Ask for, or provide, information on a particular case"),
    ("000", "c-4-4", "4.4", "Respond promptly to enquiries by providing a reply within seven working days"),
    ("000", "c-4-5", "4.5", "Treat enquiries from Councillors in which they have a personal interest"),
    ("000", "c-4-6", "4.6", "Report to the Council any contact from a Councillor that does not comply"),
    ("000", "c-9-1", "9.1", "Only seek information that they have a clear and demonstrable need to know"),
    ("000", "c-9-2", "9.2", "Not knowingly seek information which is not publicly available"),
    ("000", "c-9-3", "9.3", "Recognise and accept that there is no automatic right"),
    ("000", "c-9-4", "9.4", "Respond promptly to requests for information."),
    ("000", "c-9-5", "9.5", "Refer a request for information which is not publicly available"),
    ("000", "c-10-1", "10.1", "Only approach staff via the Town Clerk."),
    ("000", "c-10-2", "10.2", "Only exercise their right to consult staff during the normal working hours"),
    ("000", "c-15-4", "15.4", "Inform the leaders of the other political groups of any such attendance"),
    ("000", "c-15-6", "15.6", "Provide all groups with copies of information provided to any one group"),
    ("000", "c-18-1", "18.1", "Bring any knowledge or reasonable suspicion that there has been a failure"),
    ("000", "c-18-2", "18.2", "Bring any knowledge or reasonable suspicion that there has been a failure"),
    (
        "001",
        "c-10-1-2",
        "10.1.2",
        "The Unitary Council's Monitoring Officer may be able to offer a mediation",
    ),
    (
        "001",
        "c-10-2-1",
        "10.2.1",
        "If a Councillor is dissatisfied with the conduct, behaviour or performance",
    ),
    (
        "002",
        "c-3-7",
        "3.7",
        "Breaches of this Protocol by a Councillor may result in a complaint to the Monitoring",
    ),
    ("002", "c-5-5", "5.5", "There may be service level agreements set out regarding the timescales"),
    ("002", "c-6-5", "6.5", "Any Councillors and Officers who form a close personal relationship"),
    ("002", "c-9-2", "9.2", "Councillors may request Senior Officers to provide them with such information"),
    ("002", "c-9-3", "9.3", "A Councillor should obtain advice from the Monitoring Officer"),
    ("002", "c-9-4", "9.4", "Information given to a Councillor must only be used for the purpose"),
    ("002", "c-10-5", "10.5", "If an Officer has a concern regarding a Councillor's conduct or behaviour"),
    ("002", "c-12-2", "12.2", "Correspondence between a Councillor and an Officer will not be copied"),
    ("002", "c-12-2-2", "12.2", "If it is necessary to copy correspondence to another Councillor"),
    ("002", "c-12-3", "12.3", "A system of 'silent copies' (Bcc) should never be employed."),
    ("003", "c-7-1", "7.1", "Committee Chairman may request a private and confidential briefing"),
    (
        "003",
        "c-7-2",
        "7.2",
        "Individual members may request the Town Clerk to provide them with factual information",
    ),
    ("003", "c-7-3", "7.3", "Any Council information provided to a member must only be used"),
    ("003", "c-12-1", "12.1", "When necessary, the Town Clerk will arbitrate on the interpretation"),
    ("004", "c-correspondence", "", "Correspondence between an individual Councillor and an Officer"),
    (
        "004",
        "c-councillors-access-to-information-and-to-council-documents",
        "",
        "Councillors are free to approach Officers to provide them with such information",
    ),
    ("004", "c-procedure-for-officers", "", "From time to time the relationship between Councillors"),
]


@pytest.mark.parametrize(
    ("doc", "anchor", "number", "start"), EXPECTED, ids=[f"{e[0]}-{e[1]}" for e in EXPECTED]
)
def test_expected_clause_is_parsed_with_its_text(doc, anchor, number, start):
    clause = by_anchor(doc).get(anchor)
    assert clause is not None, f"{anchor} missing from {doc}: {sorted(by_anchor(doc))[:20]}…"
    assert clause.number == number
    assert clause.text.startswith(start)


def test_kettering_sub_items_belong_to_their_clause():
    clause = by_anchor("000")["c-4-3"]
    lines = clause.text.split("\n")
    assert lines[1].startswith("(a) not seek to secure preferential treatment")
    assert "clearly state both the existence and nature of their personal interest" in lines[1]
    assert lines[2].startswith("(b) not do anything which could be interpreted as a direction")
    assert len(lines) == 3


def test_kettering_clause_texts_are_complete():
    clauses = by_anchor("000")
    assert "estimate of when the full reply will be made." in clauses["c-4-4"].text
    assert "to the Chair or Vice-Chair (as appropriate)" in clauses["c-9-5"].text
    assert "(in the absence of the Chair) the Vice Chair" in clauses["c-18-1"].text
    assert clauses["c-18-2"].text.endswith(
        "lodging a complaint under the Councillors' Code of Conduct, or lodging a grievance."
    )
    assert "Monitoring Officer without reference to the Council." in clauses["c-4-6"].text


def test_kettering_headings_name_the_section_and_who_it_binds():
    clauses = by_anchor("000")
    assert clauses["c-4-4"].heading == "Casework — Staff will"
    assert clauses["c-4-3"].heading == "Casework — Councillors will"
    assert clauses["c-18-1"].heading == "Complaints — Councillors will"
    assert clauses["c-9-5"].heading == "Access to information — Staff will"


def test_kettering_section_headings_are_clauses_too():
    clauses = by_anchor("000")
    assert clauses["c-4"].number == "4"
    assert clauses["c-4"].heading == "Casework"
    assert clauses["c-18"].heading == "Complaints"
    # the section clause comes straight before its first clause
    assert clauses["c-4-1"].position == clauses["c-4"].position + 1


def test_a_sub_heading_swallowed_into_a_clause_is_split_off():
    # "16.4. Not seek … Town Clerk. Staff will" is one line in the text.
    clauses = by_anchor("000")
    assert (
        clauses["c-16-4"].text
        == "Not seek to become involved in operational issues except at the request of the Town Clerk."
    )
    assert clauses["c-16-5"].heading == "Management of staff — Staff will"


def test_brackley_multi_level_numbers_and_sub_sections():
    clauses = by_anchor("001")
    assert (
        "the matter should be raised with the Mayor & Chair of the Finance Committee"
        in clauses["c-10-2-1"].text
    )
    assert clauses["c-10-2-1"].heading == "When things go wrong — Procedure for Councillors"
    assert clauses["c-10-1-2"].heading == "When things go wrong — Procedure for Officers"
    # "10.1 Procedure for Officers" is a sub-heading, not a clause with text
    assert clauses["c-10-1"].text == ""
    assert clauses["c-10-1"].heading == "When things go wrong — Procedure for Officers"
    assert "Staffing Committee of Councillors to deal with all personnel matters" in clauses["c-10-1-2"].text


def test_brackley_markup_and_title_page_are_gone():
    clauses = parsed("001")
    assert clauses[0].anchor == "c-1"
    assert clauses[0].heading == "Protocol between Councillors and Council Employees"
    one_one = by_anchor("001")["c-1-1"]
    assert one_one.text.startswith("Mutual trust and respect")
    assert "*" not in one_one.text
    assert one_one.text.split("\n")[1] == (
        "- The respective roles and responsibilities of the Councillors and the Clerk, and any other staff employees"
    )
    assert by_anchor("001")["c-5"].heading == "Chairs and Vice-Chairs of Committees"
    assert by_anchor("001")["c-8"].heading == "Some General Principles"
    assert by_anchor("001")["c-8"].text.startswith(
        "- Close personal relationships between Councillors and Officers"
    )


def test_district_duplicate_numbers_get_distinct_anchors():
    clauses = by_anchor("002")
    assert clauses["c-10-2"].number == clauses["c-10-2-2"].number == "10.2"
    assert clauses["c-10-2-2"].text.startswith("If a Councillor has a concern regarding an Officer's conduct")
    assert "Assistant Director or Strategic Director" in clauses["c-10-2-2"].text


def test_district_sentences_broken_by_page_breaks_are_joined():
    clauses = by_anchor("002")
    assert "enter into a contract in writing or orally on behalf of the Council" in clauses["c-4-8"].text
    assert (
        "raise the matter confidentially with the Councillor and / or the relevant Group Leader"
        in clauses["c-10-5"].text
    )
    assert "as expressed in the Council's formal decisions." in clauses["c-5-8"].text
    assert "\n" not in clauses["c-10-5"].text


def test_district_links_are_reduced_to_their_words():
    clause = by_anchor("002")["c-1-8"]
    assert clause.text.startswith(
        "The Corporate Governance and Standards Committee / Standards and General Purposes"
    )
    assert "](#)" not in clause.text and "[" not in clause.text


def test_district_bullets_follow_their_clause():
    lines = by_anchor("002")["c-9-3"].text.split("\n")
    assert lines[1:] == [
        "- Where to do so is likely to breach data protection legislation, or",
        "- Where the subject matter is one in which they have a personal or disclosable pecuniary interest as defined "
        "in the Code of Conduct for Councillors",
    ]
    assert by_anchor("002")["c-3"].heading == "General principles"


def test_town_2016_page_footer_is_dropped_and_sentence_rejoined():
    clauses = by_anchor("003")
    assert (
        "should be careful not to prejudice the Council's position in relation to disciplinary"
        in clauses["c-3-1"].text
    )
    assert (
        "on matters of policy which have already been or may be discussed by the Council or within its"
        in clauses["c-7-1"].text
    )
    assert (
        "unless it is of a minor nature, be advised that the information has been given"
        in clauses["c-7-2"].text
    )
    assert clauses["c-12-1"].text.endswith("following consultation with the monitoring officer.")
    assert clauses["c-8"].text.startswith("Officers may be requested to meet with Councillors")


def test_stotfold_sections_by_heading():
    clauses = parsed("004")
    assert all(c.number == "" for c in clauses)
    anchors = [c.anchor for c in clauses]
    assert anchors[0] == "c-background"  # the title headings above it are not sections
    for anchor in (
        "c-councillors",
        "c-correspondence",
        "c-if-things-go-wrong",
        "c-procedure-for-officers",
        "c-procedure-for-councillors",
        "c-general-principles",
    ):
        assert anchor in anchors
    by = by_anchor("004")
    assert by["c-correspondence"].heading == "Correspondence"
    assert 'by adding "CC Councillor X."' in by["c-correspondence"].text
    assert by["c-if-things-go-wrong"].heading == "If things go wrong"
    assert by["c-procedure-for-officers"].heading == "If things go wrong — Procedure for Officers"
    officers = by["c-procedure-for-officers"].text
    assert (
        "the concern is regarding the Town Clerk, then this should be reported to the Mayor and/or Vice Mayor."
        in officers
    )
    assert (
        "referred to the principal Council’s Monitoring Officer in the first instance in line with the Localism Act 2011"
        in officers
    )
    access = by["c-councillors-access-to-information-and-to-council-documents"]
    assert access.heading == "Councillors' access to information and to council documents"
    assert "The Officer must determine this question." in access.text


def test_stotfold_page_furniture_inside_a_list_is_dropped():
    by = by_anchor("004")
    officers = by["c-officers"].text
    # "### **Protocol**" is a running page header in the middle of the "Officers must:" list
    assert (
        "- respond to enquiries and complaints in accordance with the Council's standards;\n- be alert to issues"
        in officers
    )
    expect = by["c-officers-can-expect-from-councillors"].text
    assert expect.startswith("- A working partnership;")
    assert "Date of" not in expect and "Stotfold Town Council" not in expect
    assert "the Officer should not be influenced or pressured to make comments" in officers


@pytest.mark.parametrize("doc", sorted(FILES))
def test_anchors_are_unique_and_well_formed(doc):
    anchors = [c.anchor for c in parsed(doc)]
    assert len(anchors) == len(set(anchors))
    for anchor in anchors:
        assert re.fullmatch(r"c-[a-z0-9]+(-[a-z0-9]+)*", anchor), anchor
        assert len(anchor) <= 80


@pytest.mark.parametrize("doc", sorted(FILES))
def test_parsing_is_stable(doc):
    first = parse_protocol(_text(doc))
    second = parse_protocol(_text(doc))
    assert first == second
    assert [c.position for c in first] == list(range(1, len(first) + 1))


@pytest.mark.parametrize("doc", sorted(FILES))
def test_numbered_anchors_follow_the_numbers(doc):
    for clause in parsed(doc):
        if clause.number:
            base = "c-" + clause.number.replace(".", "-")
            assert clause.anchor == base or re.fullmatch(re.escape(base) + r"-\d+", clause.anchor), clause


@pytest.mark.parametrize("doc", sorted(FILES))
def test_no_noise_or_markup_survives(doc):
    clauses = parsed(doc)
    assert len(clauses) >= 15
    for clause in clauses:
        for line in clause.text.split("\n") + [clause.heading]:
            assert line == line.strip()
            assert line != "BLANK"
            assert not re.search(r"Reviewed and (revised|updated)|Date of (Adoption|Review)", line), line
            assert "**" not in line and "](#)" not in line, line
            assert not line.startswith("#"), line
        assert "\n\n" not in clause.text


def test_made_up_numbered_document():
    text = """TITLE PAGE

BLANK

1. First Things

Intro to the first section.

- 1.1. A clause that goes on and
Page 3
carries over a page.
 - (a) a lettered item;
- b) another one.

1.1 The same number again.

2. **Second**

2.1 Uses [a link](#) and *emphasis*.
"""
    clauses = parse_protocol(text)
    assert [(c.number, c.anchor) for c in clauses] == [
        ("1", "c-1"),
        ("1.1", "c-1-1"),
        ("1.1", "c-1-1-2"),
        ("2", "c-2"),
        ("2.1", "c-2-1"),
    ]
    assert clauses[0].text == "Intro to the first section."
    assert (
        clauses[1].text
        == "A clause that goes on and carries over a page.\n(a) a lettered item;\nb) another one."
    )
    assert clauses[3].heading == "Second"
    assert clauses[4].text == "Uses a link and emphasis."
    assert clauses[4].heading == "Second"


def test_numbered_anchors_do_not_shift_when_a_clause_is_added_earlier():
    before = parse_protocol("1. One\n\n1.1 Alpha.\n\n1.2 Beta.\n\n2. Two\n\n2.1 Gamma.\n")
    after = parse_protocol("1. One\n\n1.1 Alpha.\n\n1.2 Beta.\n\n1.3 New.\n\n2. Two\n\n2.1 Gamma.\n")
    gamma_before = next(c for c in before if c.text == "Gamma.")
    gamma_after = next(c for c in after if c.text == "Gamma.")
    assert gamma_before.anchor == gamma_after.anchor == "c-2-1"


def test_made_up_headed_document_with_a_repeated_heading():
    text = """## **A COUNCIL**

### **THE PROTOCOL**

#### **Correspondence**

No silent copies.

## **IF THINGS GO WRONG**

### **Correspondence**

Copy nobody without saying so.
"""
    clauses = parse_protocol(text)
    assert [(c.anchor, c.heading) for c in clauses] == [
        ("c-correspondence", "Correspondence"),
        ("c-if-things-go-wrong", "If things go wrong"),
        ("c-correspondence-2", "If things go wrong — Correspondence"),
    ]
    assert clauses[2].text == "Copy nobody without saying so."


def test_clean_inline():
    assert clean_inline("  The [Committee](#) **must**  act  ") == "The Committee must act"
    assert clean_inline("*italic words*") == "italic words"
    assert clean_inline("see <https://example.org/x>") == "see https://example.org/x"
