"""Who sees what: the released information and the referral's reasons only where the rules allow; another
councillor sees that information was given, not what it was, until a copy is granted; outsiders see nothing."""

import pytest
import time_machine

from casework.services import information as svc
from tests.information.conftest import TUE_NEXT, info_url, url

pytestmark = pytest.mark.django_db

SECRET = "Tender A scored 72; tender B scored 64; tender C scored 58."
REASONS = "The interest of the councillor in a bidder means the scores should not be released."
GIVEN = "/councils/ashford-market/information/given"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(TUE_NEXT, tick=False):
        yield


def _get(client, user, path):
    client.force_login(user)
    return client.get(path)


CONTENT = ["councillor", "clerk", "officer", "monitoring_officer"]
NOTICE = ["other_councillor", "chair", "vice_chair"]
NOTHING = ["outsider", "other_clerk"]


@pytest.mark.parametrize("who", CONTENT + NOTICE + NOTHING)
def test_released_information_is_seen_only_by_those_the_rules_allow(client, cast, released, who):
    case = released()
    response = _get(client, getattr(cast, who), info_url(case))
    html = response.content.decode()
    if who in CONTENT:
        assert response.status_code == 200
        assert SECRET in html
    elif who in NOTICE:
        assert response.status_code == 200
        assert "Information was given to Cllr Alice Adams on 5 November 2026" in html
        assert SECRET not in html
        assert "To scrutinise the award" not in html  # nor the purpose it was given for
    else:
        assert response.status_code == 404
        assert SECRET not in html


def test_anonymous_is_sent_to_sign_in(client, released):
    case = released()
    response = client.get(info_url(case))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_granted_copy_shows_the_content_to_that_member_only(client, cast, released):
    case = released()
    release = case.information_request.release
    copy = svc.copy_request_open(release=release, councillor=cast.other_councillor, now=TUE_NEXT)
    svc.copy_request_decide(copy=copy, officer=cast.clerk, grant=True, reason="", now=TUE_NEXT)
    assert SECRET in _get(client, cast.other_councillor, info_url(case)).content.decode()
    assert SECRET not in _get(client, cast.vice_chair, info_url(case)).content.decode()


def test_information_given_in_confidence_is_not_even_announced(client, cast, released):
    case = released(undertaking_required=True)
    for who in NOTICE + NOTHING:
        assert _get(client, getattr(cast, who), info_url(case)).status_code == 404, who
        assert case.reference not in _get(client, getattr(cast, who), GIVEN).content.decode()
    # The councillor it was given to is refused the content until they accept the undertaking.
    response = _get(client, cast.councillor, info_url(case))
    assert response.status_code == 409
    assert SECRET not in response.content.decode()


def test_the_list_of_information_given_names_the_notice_never_the_content(client, cast, released):
    case = released(notice="Scores for the grounds maintenance tender")
    html = _get(client, cast.other_councillor, GIVEN).content.decode()
    assert "Scores for the grounds maintenance tender" in html
    assert case.reference in html
    assert SECRET not in html
    assert _get(client, cast.outsider, GIVEN).status_code == 404
    assert _get(client, cast.other_clerk, GIVEN).status_code == 404


@pytest.fixture
def refused_referral(cast, referred):
    request, referral = referred()
    svc.referral_decide(referral=referral, decider=cast.chair, decision="refuse", reasons=REASONS, now=TUE_NEXT)
    request.refresh_from_db()
    referral.refresh_from_db()
    return request, referral


@pytest.mark.parametrize(
    ("who", "on_referral", "on_request"),
    [
        ("chair", True, False),  # decided it; not involved in the request itself
        ("councillor", True, True),  # asked, and is told why
        ("monitoring_officer", True, True),
        ("clerk", False, True),  # works the request; the referral is confidential to those on it
        ("officer", False, True),
        ("vice_chair", False, False),
        ("other_councillor", False, False),
        ("outsider", False, False),
        ("other_clerk", False, False),
    ],
)
def test_the_referral_reasons_are_seen_only_by_those_the_rules_allow(client, cast, refused_referral, who, on_referral, on_request):
    request, referral = refused_referral
    user = getattr(cast, who)
    for case, allowed in ((referral, on_referral), (request, on_request)):
        response = _get(client, user, url(case))
        assert response.status_code == (200 if allowed else 404), (who, case.reference)
        assert (REASONS in response.content.decode()) is allowed
        # The grounds for referring go with the reasons.
        if allowed and case == referral:
            assert "no need to know has been demonstrated" in response.content.decode()


def test_the_clerk_sees_the_referral_reference_but_no_link_to_the_confidential_referral(client, cast, refused_referral):
    request, referral = refused_referral
    html = _get(client, cast.clerk, url(request)).content.decode()
    assert referral.reference in html
    assert f'href="/councils/ashford-market/cases/{referral.reference}/"' not in html
    html = _get(client, cast.councillor, url(request)).content.decode()
    assert f'href="/councils/ashford-market/cases/{referral.reference}/"' in html
