"""Who may open what: every URL the resolver knows, as every role.

How it works
1. `ROUTES` walks django.urls.get_resolver() through every include and lists every
   URL pattern with the path it serves (kwargs filled from `SAMPLE_KWARGS`).
2. `EXPECTATIONS` has one dict per URL name: what each role in `ROLES` gets. A
   council-scoped URL (one with a `slug`) also says, under "other_council", what each
   role gets at a second council where none of them but the Monitoring Officer has a
   role and `other_clerk` is the Clerk — so a Clerk of one council gets 404 at another's.
3. The Django admin is covered by a rule (`admin_rule`), not rows: every admin URL is
   still walked, and checked for every role and for a superuser.
4. A URL with no row fails `test_every_url_has_an_expectation` and its own access test,
   naming it. No response may be a 500.

Adding a URL: add a row to EXPECTATIONS (and a value to SAMPLE_KWARGS for any new kwarg).
A row may set "method": "post" (for a POST-only view) and "data": {...} (the form it posts).
"""

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.regex_helper import normalize

from accounts.models import Council
from casework.models import Heartbeat
from casework.profiles import profile_create_from_preset
from casework.services.escalation import SWEEP_HEARTBEAT
from tests.access import area_modules
from tests.access.vocabulary import (  # noqa: F401 (the vocabulary rows are written in)
    ADMIN_LOGIN,
    LOGIN,
    NOT_FOUND,
    OK,
    OTHER_COUNCIL_ROLES,
    ROLES,
    Expect,
    ok_containing,
    to,
)
from tests.conftest import Cast
from tests.factories import UserFactory

# --- one row per URL name --------------------------------------------------------------

# Values for URL kwargs, formatted with `council` (the council the row is checked at), `cast`
# and the objects the `site` fixture makes (add a case there and "reference": "{case.reference}" here).
SAMPLE_KWARGS = {
    "slug": "{council.slug}",
    # Password reset confirm with a link that was never issued: the "invalid link" page.
    "uidb64": "bm90LWEtdXNlcg",
    "token": "not-a-real-token",
    "reference": "{case.reference}",  # an open enquiry at cast.council raised by cast.councillor
}

TO_OWN_COUNCIL = to("council-home", slug="{council.slug}")

EXPECTATIONS: dict[str, dict] = {
    "home": {
        "anonymous": LOGIN,
        "outsider": ok_containing("no role at any council"),
        "councillor": TO_OWN_COUNCIL,
        "clerk": TO_OWN_COUNCIL,
        "officer": TO_OWN_COUNCIL,
        "chair": TO_OWN_COUNCIL,
        "vice_chair": TO_OWN_COUNCIL,
        "monitoring_officer": to("monitoring-home"),
    },
    "healthz": {  # public, for the load balancer; the `site` fixture records a fresh sweep heartbeat
        "anonymous": ok_containing('"status": "ok"'),
        "outsider": OK,
        "councillor": OK,
        "clerk": OK,
        "officer": OK,
        "chair": OK,
        "vice_chair": OK,
        "monitoring_officer": OK,
    },
    "login": {
        "anonymous": ok_containing("Sign in"),
        "outsider": to("home"),
        "councillor": to("home"),
        "clerk": to("home"),
        "officer": to("home"),
        "chair": to("home"),
        "vice_chair": to("home"),
        "monitoring_officer": to("home"),
    },
    "logout": {
        "method": "post",  # GET is refused (405): signing out changes state
        "anonymous": to("login"),
        "outsider": to("login"),
        "councillor": to("login"),
        "clerk": to("login"),
        "officer": to("login"),
        "chair": to("login"),
        "vice_chair": to("login"),
        "monitoring_officer": to("login"),
    },
    "password_change": {
        "anonymous": LOGIN,
        "outsider": OK,
        "councillor": OK,
        "clerk": OK,
        "officer": OK,
        "chair": OK,
        "vice_chair": OK,
        "monitoring_officer": OK,
    },
    "password_change_done": {
        "anonymous": LOGIN,
        "outsider": OK,
        "councillor": OK,
        "clerk": OK,
        "officer": OK,
        "chair": OK,
        "vice_chair": OK,
        "monitoring_officer": OK,
    },
    "password_reset": {
        "anonymous": ok_containing("Reset your password"),
        "outsider": OK,
        "councillor": OK,
        "clerk": OK,
        "officer": OK,
        "chair": OK,
        "vice_chair": OK,
        "monitoring_officer": OK,
    },
    "password_reset_done": {
        "anonymous": ok_containing("Check your email"),
        "outsider": OK,
        "councillor": OK,
        "clerk": OK,
        "officer": OK,
        "chair": OK,
        "vice_chair": OK,
        "monitoring_officer": OK,
    },
    "password_reset_confirm": {
        "anonymous": ok_containing("This link has expired or been used"),
        "outsider": ok_containing("This link has expired or been used"),
        "councillor": ok_containing("This link has expired or been used"),
        "clerk": ok_containing("This link has expired or been used"),
        "officer": ok_containing("This link has expired or been used"),
        "chair": ok_containing("This link has expired or been used"),
        "vice_chair": ok_containing("This link has expired or been used"),
        "monitoring_officer": ok_containing("This link has expired or been used"),
    },
    "password_reset_complete": {
        "anonymous": OK,
        "outsider": OK,
        "councillor": OK,
        "clerk": OK,
        "officer": OK,
        "chair": OK,
        "vice_chair": OK,
        "monitoring_officer": OK,
    },
    "monitoring-home": {
        "anonymous": LOGIN,
        "outsider": NOT_FOUND,
        "councillor": NOT_FOUND,
        "clerk": NOT_FOUND,
        "officer": NOT_FOUND,
        "chair": NOT_FOUND,
        "vice_chair": NOT_FOUND,
        "monitoring_officer": ok_containing("Monitoring Officer"),
    },
    "deadline-calculator": {
        "anonymous": LOGIN,
        "outsider": NOT_FOUND,
        "councillor": NOT_FOUND,
        "clerk": OK,
        "officer": OK,
        "chair": NOT_FOUND,
        "vice_chair": NOT_FOUND,
        "monitoring_officer": OK,
    },
    "notifications": {
        "anonymous": LOGIN,
        "outsider": OK,  # everyone signed in has their own (possibly empty) list
        "councillor": OK,
        "clerk": OK,
        "officer": OK,
        "chair": OK,
        "vice_chair": OK,
        "monitoring_officer": OK,
    },
    "notifications-read": {
        "method": "post",
        "anonymous": LOGIN,
        "outsider": to("notifications"),
        "councillor": to("notifications"),
        "clerk": to("notifications"),
        "officer": to("notifications"),
        "chair": to("notifications"),
        "vice_chair": to("notifications"),
        "monitoring_officer": to("notifications"),
    },
    "council-home": {
        "anonymous": LOGIN,
        "outsider": NOT_FOUND,
        "councillor": ok_containing("Councillor — Ashford Market Town Council"),
        "clerk": ok_containing("Clerk — Ashford Market Town Council"),
        "officer": ok_containing("Officer — Ashford Market Town Council"),
        "chair": ok_containing("Chair — Ashford Market Town Council"),
        "vice_chair": ok_containing("Vice-Chair — Ashford Market Town Council"),
        # The principal council's MO works from the cross-council dashboard.
        "monitoring_officer": to("monitoring-home"),
        "other_council": {
            "anonymous": LOGIN,
            "outsider": NOT_FOUND,
            "councillor": NOT_FOUND,
            "clerk": NOT_FOUND,
            "officer": NOT_FOUND,
            "chair": NOT_FOUND,
            "vice_chair": NOT_FOUND,
            "monitoring_officer": to("monitoring-home"),
            "other_clerk": ok_containing("Clerk — Beckby Town Council"),
        },
    },
    "protocol": {
        "anonymous": LOGIN,
        "outsider": NOT_FOUND,
        "councillor": OK,
        "clerk": OK,
        "officer": OK,
        "chair": OK,
        "vice_chair": OK,
        "monitoring_officer": OK,
        "other_council": {
            "anonymous": LOGIN,
            "outsider": NOT_FOUND,
            "councillor": NOT_FOUND,
            "clerk": NOT_FOUND,
            "officer": NOT_FOUND,
            "chair": NOT_FOUND,
            "vice_chair": NOT_FOUND,
            "monitoring_officer": OK,
            "other_clerk": OK,
        },
    },
}

# The case pages, for an open, non-confidential enquiry at cast.council raised by the councillor
# and routed to the Clerk (casework.selectors: cases_visible_to, can_work, can_assign). Anyone who
# may not see the case — including everyone at the other council, where it does not exist — gets 404.
# The actions are POSTed empty: someone allowed to act gets 400 (the form is checked only after
# access), so the walk changes nothing.
CASE_NOWHERE_ELSE = {**dict.fromkeys(OTHER_COUNCIL_ROLES, NOT_FOUND), "anonymous": LOGIN}


def _case_action(*, allowed: set[str]) -> dict:
    row = {"method": "post", "data": {}, "anonymous": LOGIN, "other_council": CASE_NOWHERE_ELSE}
    row.update({role: Expect(400) if role in allowed else NOT_FOUND for role in ROLES if role != "anonymous"})
    return row


EXPECTATIONS.update({
    "case-detail": {
        "anonymous": LOGIN,
        "outsider": NOT_FOUND,
        "councillor": OK,  # raised it
        "clerk": OK,  # staff see every non-confidential case
        "officer": OK,
        "chair": NOT_FOUND,  # not involved
        "vice_chair": NOT_FOUND,
        "monitoring_officer": OK,  # sees every case at the councils they serve
        "other_council": CASE_NOWHERE_ELSE,
    },
    # Only the Clerk assigns a non-confidential case (the MO assigns within their own office).
    "case-assign": _case_action(allowed={"clerk"}),
    # The Clerk, whoever it is routed or assigned to, and the MO work a case.
    "case-status": _case_action(allowed={"clerk", "monitoring_officer"}),
    "case-clock": _case_action(allowed={"clerk", "monitoring_officer"}),
    # Anyone who can see the case can write on it.
    "case-message": _case_action(allowed={"councillor", "clerk", "officer", "monitoring_officer"}),
})


# Rows for the later areas (enquiries, information requests, interests, complaints) live in
# tests/access/<area>.py; each may also make the sample objects its rows name.
AREAS = area_modules()
for _area in AREAS:
    _clash = EXPECTATIONS.keys() & getattr(_area, "EXPECTATIONS", {}).keys()
    assert not _clash, f"{_area.__name__} repeats rows for {sorted(_clash)}"
    EXPECTATIONS.update(getattr(_area, "EXPECTATIONS", {}))


# --- the Django admin, by rule ---------------------------------------------------------


def admin_rule(route: "Route", *, has_object: bool) -> dict[str, Expect]:
    """No role in the cast is staff: the admin sends each of them to its own login page.

    The login page itself shows the form (200); GET on admin:logout by a non-staff user
    goes to the admin index (which then asks them to sign in). A superuser reaches every
    page; change/delete/history of a missing object redirect to the admin index.
    """
    if route.name == "admin:login":
        everyone, superuser = OK, to("admin:index")
    elif route.name == "admin:logout":
        everyone, superuser = to("admin:index"), Expect(405)  # logging out is POST only
    else:
        everyone = ADMIN_LOGIN
        superuser = OK if has_object else Expect(302)
        if route.name == "admin:view_on_site":
            superuser = NOT_FOUND  # our models have no public page to "view on site"
        elif route.name == "admin:autocomplete":
            superuser = Expect(403)  # called without a field to complete
        elif route.name is None and route.params == ["url"]:
            superuser = NOT_FOUND  # the admin's catch-all for an unknown page
        elif route.name is None:
            superuser = Expect(302)  # the old /<object_id>/ address redirects to .../change/
    return {**dict.fromkeys(ROLES, everyone), "superuser": superuser}


def _admin_models() -> dict[str, type]:
    """admin URL name → the model whose object it shows."""
    names = {"admin:auth_user_password_change": get_user_model()}  # named so by contrib.auth's UserAdmin
    for model in admin.site._registry:
        for action in ("change", "delete", "history"):
            names[f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}"] = model
    return names


# --- walking the resolver --------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str | None  # "namespace:name"
    path_format: str  # "/councils/%(slug)s/"
    params: list[str]
    namespace: str

    @property
    def label(self) -> str:
        path = re.sub(r"%\((\w+)\)s", r"<\1>", self.path_format)
        return f"{self.name or '(unnamed)'} {path}"

    @property
    def is_admin(self) -> bool:
        return self.namespace == "admin"


def _walk(resolver: URLResolver, namespace: str = "", prefix: tuple = ()):
    for pattern in resolver.url_patterns:
        chain = (*prefix, pattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace or "") if part)
            yield from _walk(pattern, inner, chain)
        elif isinstance(pattern, URLPattern):
            fmt, params = "/", []
            for part in chain:
                part_fmt, part_params = normalize(part.pattern.regex.pattern)[0]
                fmt += part_fmt
                params += part_params
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield Route(name, fmt, params, namespace)


def _routes() -> list[Route]:
    """Every pattern the resolver knows, minus any shadowed by an earlier one at the same path."""
    seen, routes = set(), []
    for route in _walk(get_resolver()):
        if route.path_format not in seen:
            seen.add(route.path_format)
            routes.append(route)
    return routes


ROUTES = _routes()


# --- the tests -------------------------------------------------------------------------


def test_every_url_has_an_expectation():
    problems = []
    for route in ROUTES:
        if route.is_admin:
            continue
        if route.name is None:
            problems.append(f"{route.label}: give this URL pattern a name and a row in EXPECTATIONS")
            continue
        problems += _row_problems(route)
    walked = {route.name for route in ROUTES}
    problems += [f"{name}: a row in EXPECTATIONS for a URL that no longer exists" for name in EXPECTATIONS.keys() - walked]
    assert not problems, "\n".join(problems)


def _row_problems(route: Route) -> list[str]:
    row = EXPECTATIONS.get(route.name)
    if row is None:
        return [f"{route.label}: no row in EXPECTATIONS — add what each of {', '.join(ROLES)} gets"]
    problems = [f"{route.label}: no sample value for kwarg {p!r} in SAMPLE_KWARGS" for p in route.params
                if p not in SAMPLE_KWARGS and p not in row.get("kwargs", {})]
    problems += [f"{route.label}: no expectation for {role}" for role in ROLES if role not in row]
    if "slug" in route.params:
        other = row.get("other_council", {})
        problems += [
            f"{route.label}: no 'other_council' expectation for {role} (a council-scoped URL)"
            for role in OTHER_COUNCIL_ROLES
            if role not in other
        ]
    return problems


@dataclass
class Site:
    cast: Cast
    people: dict  # role → user (None for anonymous)
    objects: dict  # objects a SAMPLE_KWARGS value may name, e.g. "{case.reference}"

    def context(self, council: Council) -> dict:
        return {**self.objects, "council": council, "cast": self.cast}


@pytest.fixture
def site(cast, profile, make_case):
    """The cast, both town councils with a protocol, an open enquiry, a healthy sweep and a superuser.

    `profile` puts cast.council on the Kettering-model protocol.
    """
    profile_create_from_preset(council=cast.other_council, preset="stotfold")
    now = timezone.now()
    case = make_case(received_at=now - dt.timedelta(days=1), now=now)
    Heartbeat.objects.create(name=SWEEP_HEARTBEAT, last_run_at=now)
    superuser = UserFactory(email="admin@example.org", full_name="Ada Admin", is_staff=True, is_superuser=True)
    people = {**cast.by_role(), "other_clerk": cast.other_clerk, "superuser": superuser, "anonymous": None}
    objects = {"case": case}
    for area in AREAS:
        if hasattr(area, "objects"):
            objects.update(area.objects(cast, now))
    return Site(cast=cast, people=people, objects=objects)


def _client_for(user) -> Client:
    # A 500 comes back as a response (and is reported) rather than stopping the walk.
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def _problem(expect: Expect, response, path: str, context: dict) -> str:
    """What is wrong with the response, or "" if it is what the row expects."""
    got = f"{response.status_code}"
    if response.status_code in (301, 302):
        got += f" to {response['Location']}"
    if response.status_code == 500:
        exc = getattr(response, "exc_info", None)
        return f"SERVER ERROR {got}{f': {exc[1]!r}' if exc else ''}"
    if response.status_code != expect.status:
        return f"expected {expect}, got {got}"
    if expect.login:
        location = urlsplit(response["Location"])
        if location.path != reverse(expect.login) or parse_qs(location.query).get("next") != [path]:
            return f"expected a redirect to {reverse(expect.login)}?next={path}, got {got}"
    if expect.redirect:
        kwargs = {key: value.format(**context) for key, value in expect.redirect_kwargs}
        wanted = reverse(expect.redirect, kwargs=kwargs)
        if response["Location"] != wanted:
            return f"expected a redirect to {wanted}, got {got}"
    if expect.contains and expect.contains not in response.content.decode():
        return f"expected the page to contain {expect.contains!r}"
    return ""


def _check(route: Route, expectations: dict[str, Expect], people: dict, kwargs: dict, context: dict,
           method: str = "get", data: dict | None = None, where: str = "") -> list[str]:
    path = route.path_format % kwargs
    problems = []
    for role, expect in expectations.items():
        response = getattr(_client_for(people[role]), method)(path, data or {})
        problem = _problem(expect, response, path, context)
        if problem:
            problems.append(f"{route.label} {method.upper()} {path}{where} as {role}: {problem}")
    return problems


def _kwargs(route: Route, context: dict, values: dict[str, str] | None = None) -> dict:
    values = values or {}
    missing = [p for p in route.params if p not in values and p not in SAMPLE_KWARGS]
    if missing:
        pytest.fail(f"{route.label}: no sample value for kwarg(s) {missing} in SAMPLE_KWARGS")
    return {p: (values[p] if p in values else SAMPLE_KWARGS[p]).format(**context) for p in route.params}


@pytest.mark.parametrize("route", [r for r in ROUTES if not r.is_admin], ids=lambda r: r.label)
def test_access(route, site):
    cast, people = site.cast, site.people
    row = EXPECTATIONS.get(route.name)
    if row is None or _row_problems(route):
        pytest.fail("\n".join(_row_problems(route)) or f"{route.label}: no row in EXPECTATIONS")
    method, data = row.get("method", "get"), row.get("data")
    own = site.context(cast.council)
    values = row.get("kwargs")
    problems = _check(route, {r: row[r] for r in ROLES}, people, _kwargs(route, own, values), own, method, data)
    if "other_council" in row:
        other = site.context(cast.other_council)
        problems += _check(
            route, row["other_council"], people, _kwargs(route, other, values), other, method, data,
            where=" (other council)",
        )
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("route", [r for r in ROUTES if r.is_admin], ids=lambda r: r.label)
def test_admin_access(route, site):
    cast, people = site.cast, site.people
    models = _admin_models()
    obj = None
    if route.name in models:
        obj = models[route.name]._default_manager.order_by("pk").first()
    elif route.name == "admin:view_on_site":
        obj = cast.council
    admin_values = {
        "app_label": "accounts",
        "object_id": str(obj.pk) if obj else "0",
        "id": str(obj.pk) if obj else "0",
        "content_type_id": str(ContentType.objects.get_for_model(Council).pk),
        "url": "no-such-page/",
    }
    context = site.context(cast.council)
    kwargs = _kwargs(route, context, {p: admin_values[p] for p in route.params if p in admin_values})
    expectations = admin_rule(route, has_object=obj is not None or route.name not in models)
    problems = _check(route, expectations, people, kwargs, context)
    assert not problems, "\n".join(problems)
