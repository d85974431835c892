"""The council's protocol page: every clause at its own anchor, seen only by the council's people."""

from html.parser import HTMLParser

import pytest

from casework.profiles import profile_create_from_preset

URL = "/councils/ashford-market/protocol"


class _ElementText(HTMLParser):
    """The text inside the element with a given id (and its descendants)."""

    VOID = {
        "br",
        "hr",
        "img",
        "input",
        "meta",
        "link",
        "area",
        "base",
        "col",
        "embed",
        "source",
        "track",
        "wbr",
    }

    def __init__(self, element_id):
        super().__init__()
        self.element_id = element_id
        self.depth = 0
        self.found = 0
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        if self.depth:
            self.depth += 1
        elif dict(attrs).get("id") == self.element_id:
            self.depth = 1
            self.found += 1

    def handle_endtag(self, tag):
        if self.depth and tag not in self.VOID:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def element_text(html: str, element_id: str) -> str | None:
    parser = _ElementText(element_id)
    parser.feed(html)
    if parser.found != 1:
        return None
    return " ".join(" ".join(parser.parts).split())


@pytest.fixture
def kettering(cast):
    return profile_create_from_preset(council=cast.council, preset="kettering")


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["clerk", "councillor"])
def test_members_see_each_clause_at_its_anchor(client, cast, kettering, who):
    client.force_login(getattr(cast, who))
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    four_four = element_text(html, "c-4-4")
    assert four_four is not None, "no single element with id c-4-4"
    assert "seven working days" in four_four
    assert four_four.startswith("4.4 Casework — Staff will")
    nine_five = element_text(html, "c-9-5")
    assert "to the Chair or Vice-Chair" in nine_five
    assert "seven working days" not in nine_five
    assert '<a href="#c-18-1">' in html  # the contents list links to every clause


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["outsider", "other_clerk"])
def test_people_from_elsewhere_get_404(client, cast, kettering, who):
    client.force_login(getattr(cast, who))
    response = client.get(URL)
    assert response.status_code == 404
    assert b"seven working days" not in response.content


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_sign_in(client, kettering):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "next=/councils/ashford-market/protocol" in response["Location"]


@pytest.mark.django_db
def test_no_profile_yet_is_404_even_for_a_member(client, cast):
    client.force_login(cast.clerk)
    assert client.get(URL).status_code == 404


@pytest.mark.django_db
def test_stotfold_sections_have_heading_anchors(client, cast):
    profile_create_from_preset(council=cast.council, preset="stotfold")
    client.force_login(cast.councillor)
    html = client.get(URL).content.decode()
    text = element_text(html, "c-procedure-for-officers")
    assert text is not None
    assert "reported to the Mayor and/or Vice Mayor" in text
    assert element_text(html, "c-correspondence") is not None
