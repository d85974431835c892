"""The words access rows are written in: what a role gets from a URL."""

from dataclasses import dataclass

ROLES = (
    "anonymous",
    "outsider",
    "councillor",
    "clerk",
    "officer",
    "chair",
    "vice_chair",
    "monitoring_officer",
)
OTHER_COUNCIL_ROLES = (*ROLES, "other_clerk")


# --- what a response should be -------------------------------------------------------


@dataclass(frozen=True)
class Expect:
    status: int
    login: str = ""  # URL name of a login page the response must redirect to, with ?next=<this path>
    redirect: str = ""  # URL name the response must redirect to
    redirect_kwargs: tuple[tuple[str, str], ...] = ()  # formatted like SAMPLE_KWARGS
    contains: str = ""

    def __str__(self):
        if self.login:
            return f"{self.status} to {self.login}"
        if self.redirect:
            return f"{self.status} to {self.redirect}"
        return f"{self.status}{f' containing {self.contains!r}' if self.contains else ''}"


OK = Expect(200)
NOT_FOUND = Expect(404)
LOGIN = Expect(302, login="login")
ADMIN_LOGIN = Expect(302, login="admin:login")


def to(url_name: str, **kwargs: str) -> Expect:
    return Expect(302, redirect=url_name, redirect_kwargs=tuple(kwargs.items()))


def ok_containing(text: str) -> Expect:
    return Expect(200, contains=text)
