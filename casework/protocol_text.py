"""Turn a council's protocol, as messy markdown-ish text, into clauses with stable anchors.

Pure functions, no database: `parse_protocol(text)` gives a list of `ParsedClause`.

Two shapes of document are understood:

* numbered (000–003): section headings "4. Casework", clauses "- 4.4. Respond…", "4.4 Respond…",
  "10.2.1 If a Councillor…"; lettered sub-items and bullets belong to the clause above them.
  Each section heading is a clause too (number "4", anchor "c-4") holding any intro text.
* unnumbered (004, Stotfold): markdown headings "## **CORRESPONDENCE**"; each heading's section
  is one clause with a blank number and an anchor made from the heading
  ("c-correspondence").

Anchors are unique within a document (a clash gets -2, -3…) and depend only on the text, so the
same text always gives the same anchors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.text import slugify

__all__ = ["ParsedClause", "clean_inline", "parse_protocol"]


@dataclass(frozen=True)
class ParsedClause:
    number: str
    anchor: str
    heading: str
    text: str
    position: int


# --- lines that are never protocol text: page furniture, placeholders -------------------------

_NOISE = [
    re.compile(r"^BLANK$", re.I),
    re.compile(r"^\d{1,3}$"),  # a bare page number
    re.compile(r"^page \d+( of \d+)?$", re.I),
    re.compile(r"^reviewed and (revised|updated|adopted)\b.*\d{4}$", re.I),
    re.compile(r"^date of (adoption|review)\s*:", re.I),
    re.compile(r"^[A-Z][A-Za-z]+ Town Council$"),  # a running footer: the council's name alone
    re.compile(r"^member officer protocol$", re.I),  # ... and the document's name alone
    re.compile(r"^#+\s*\**\s*protocol\s*\**$", re.I),  # a running page header "### **Protocol**"
    re.compile(r"^[=_*-]{3,}$"),  # horizontal rules
]

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_CLAUSE = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\.?\s+(\S.*)$")
_SECTION = re.compile(r"^(\d{1,2})\.\s+(\S.*)$")
_BULLET = re.compile(r"^[-•*]\s+(.*)$")
_SUBHEADING = re.compile(r"^(Councillors|Members|Staff|Officers|Employees) will$")
_TRAILING_SUBHEADING = re.compile(r"^(.*[.;:])\s+((?:Councillors|Members|Staff|Officers|Employees) will)$")
_TERMINAL = (".", ":", ";", "?", "!", ")", '"', "”", "’", ":-")


def clean_inline(text: str) -> str:
    """Strip markdown emphasis, links and stray spacing from one line of text."""
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)  # [Committee](#) -> Committee
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text)  # <https://...> -> https://...
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)  # **bold**
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)  # *italic*
    text = text.replace("**", "")
    text = re.sub(r"[ \t\u00a0]+", " ", text)
    return text.strip()


def _is_noise(line: str) -> bool:
    return any(p.match(line) for p in _NOISE)


def _tidy_title(title: str) -> str:
    """A heading as readers expect it: no markup, no trailing colon, not SHOUTED."""
    title = clean_inline(title).strip().rstrip(":").rstrip("-").strip()
    letters = [c for c in title if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) > 3:
        title = title[0] + title[1:].lower()
    return title


def _looks_like_title(text: str) -> bool:
    """A short line that does not end a sentence: "Introduction", "**Officers**", "Some General Principles:"."""
    cleaned = clean_inline(text)
    return len(cleaned.split()) <= 14 and not cleaned.endswith((".", ";", ","))


def _is_terminated(text: str) -> bool:
    text = text.rstrip()
    return text.endswith(_TERMINAL) or bool(re.search(r"https?://\S+$", text))


_SLUG_STOPWORDS = {"a", "an", "and", "of", "or", "the", "to", "its", "in", "on", "for"}


def _slug_for(title: str, limit: int = 60) -> str:
    """The anchor for an unnumbered heading: "If things go wrong" -> "if-things-go-wrong"."""
    slug = slugify(title.replace("'", "").replace("’", "")) or "section"
    if len(slug) > limit:
        words = slug[: limit + 1].split("-")[:-1]  # whole words only
        while len(words) > 1 and words[-1] in _SLUG_STOPWORDS:
            words.pop()
        slug = "-".join(words)
    return slug


@dataclass
class _Draft:
    number: str
    heading: str
    anchor_base: str
    lines: list[str] = field(default_factory=list)
    kind: str = "clause"  # "section", "clause", "subsection"
    title: str = ""

    def add(self, line: str, *, join: bool = False) -> None:
        if join and self.lines:
            self.lines[-1] = f"{self.lines[-1]} {line}"
        else:
            self.lines.append(line)

    @property
    def text(self) -> str:
        return "\n".join(self.lines).strip()


def _anchors(drafts: list[_Draft]) -> list[ParsedClause]:
    seen: dict[str, int] = {}
    out = []
    for position, draft in enumerate(drafts, start=1):
        anchor = f"c-{draft.anchor_base}"
        seen[anchor] = seen.get(anchor, 0) + 1
        if seen[anchor] > 1:
            anchor = f"{anchor}-{seen[anchor]}"
            while anchor in seen:  # a heading that happens to end in -2 already
                anchor = f"{anchor}-x"
            seen[anchor] = 1
        out.append(
            ParsedClause(
                number=draft.number, anchor=anchor, heading=draft.heading, text=draft.text, position=position
            )
        )
    return out


def _content_lines(text: str) -> list[str]:
    """The document's lines, stripped, with noise replaced by blanks."""
    lines = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        lines.append("" if not line or _is_noise(line) else line)
    return lines


def _is_numbered(lines: list[str]) -> bool:
    count = 0
    for line in lines:
        body = _BULLET.match(line).group(1) if _BULLET.match(line) else line
        if _CLAUSE.match(body):
            count += 1
    return count >= 3


def parse_protocol(text: str) -> list[ParsedClause]:
    """Split a protocol's text into clauses, in document order."""
    lines = _content_lines(text)
    if _is_numbered(lines):
        return _anchors(_parse_numbered(lines))
    return _anchors(_parse_headed(lines))


# --- numbered documents ------------------------------------------------------------------------


def _bullet_text(body: str) -> str:
    """A sub-item as text: lettered items keep their letter, plain bullets get a dash."""
    body = clean_inline(body)
    if re.match(r"^(\([a-z]{1,4}\)|[a-z]{1,4}[.)])\s", body):
        return body
    return f"- {body}"


def _parse_numbered(lines: list[str]) -> list[_Draft]:
    drafts: list[_Draft] = []
    section: _Draft | None = None
    subheading = (
        ""  # "Staff will" (000) or a numbered sub-section's title (001 "10.1 Procedure for Officers")
    )
    subsection_number = ""
    current: _Draft | None = None
    last_terminated = True

    def heading_for() -> str:
        base = section.title if section else ""
        return f"{base} — {subheading}" if base and subheading else base or subheading

    for line in lines:
        if not line:
            continue
        md = _MD_HEADING.match(line)
        if md:  # a markdown heading inside a numbered document: treat it as a sub-heading
            if section is not None:
                subheading = _tidy_title(md.group(2))
                last_terminated = True
            continue

        bullet = _BULLET.match(line)
        body = bullet.group(1).strip() if bullet else line

        clause = _CLAUSE.match(body)
        if clause:
            number, rest = clause.group(1), clause.group(2)
            if section is None or not number.startswith(f"{section.number}."):
                # A clause outside its section (e.g. a missing heading): start a bare section.
                top = number.split(".")[0]
                if section is None or section.number != top:
                    section = _Draft(number=top, heading="", anchor_base=top, kind="section", title="")
                    subheading = ""
                    subsection_number = ""
            if subsection_number and not number.startswith(f"{subsection_number}."):
                subheading = ""
                subsection_number = ""
            # "10.1 Procedure for Officers" followed by 10.1.1…: the previous clause was a sub-heading.
            if (
                current is not None
                and current.kind == "clause"
                and number.startswith(f"{current.number}.")
                and len(current.lines) == 1
                and _looks_like_title(current.lines[0])
                and len(current.lines[0].split()) <= 8
            ):
                current.kind = "subsection"
                current.title = _tidy_title(current.lines[0])
                current.heading = f"{section.title} — {current.title}" if section.title else current.title
                current.lines = []
                subheading = current.title
                subsection_number = current.number
            rest = clean_inline(rest)
            trailing = _TRAILING_SUBHEADING.match(rest)
            next_subheading = None
            if trailing:  # "… Town Clerk. Staff will" — the page break swallowed a sub-heading
                rest, next_subheading = trailing.group(1), trailing.group(2)
            current = _Draft(number=number, heading=heading_for(), anchor_base=number.replace(".", "-"))
            current.add(rest)
            drafts.append(current)
            if next_subheading:
                subheading = next_subheading
            last_terminated = _is_terminated(rest) or bool(next_subheading)
            continue

        section_match = None if bullet else _SECTION.match(line)
        if section_match and _looks_like_title(section_match.group(2)):
            number = section_match.group(1)
            title = _tidy_title(section_match.group(2))
            section = _Draft(number=number, heading=title, anchor_base=number, kind="section", title=title)
            drafts.append(section)
            current = section
            subheading = ""
            subsection_number = ""
            last_terminated = True
            continue

        if section is None:
            continue  # the title page before the first section

        if not bullet and _SUBHEADING.match(line):
            subheading = line
            current = None  # intro text after "Staff will" would belong to no clause yet
            last_terminated = True
            continue

        target = current or section
        if bullet:
            item = _bullet_text(body)
            target.add(item)
            last_terminated = _is_terminated(item)
        else:
            item = clean_inline(line)
            # A sentence broken across a page or column: join it to the line it continues.
            target.add(item, join=not last_terminated)
            last_terminated = _is_terminated(item)

    return drafts


# --- documents with headings and no numbers (Stotfold) ---------------------------------------


def _parse_headed(lines: list[str]) -> list[_Draft]:
    drafts: list[_Draft] = []
    stack: list[tuple[int, str]] = []  # (level, title) of the headings we are inside
    current: _Draft | None = None
    pending_titles: list[tuple[int, str]] = []  # leading headings with no text: the document's title
    seen_text = False
    last_terminated = True

    for line in lines:
        if not line:
            continue
        md = _MD_HEADING.match(line)
        if md:
            level, title = len(md.group(1)), _tidy_title(md.group(2))
            if not title:
                continue
            if not seen_text:
                # Headings before any text are the document's own title, except the last one,
                # which the first text will belong to.
                pending_titles.append((level, title))
                continue
            while stack and stack[-1][0] >= level:
                stack.pop()
            parent = stack[-1][1] if stack else ""
            heading = f"{parent} — {title}" if parent else title
            current = _Draft(number="", heading=heading, anchor_base=_slug_for(title), title=title)
            drafts.append(current)
            stack.append((level, title))
            last_terminated = True
            continue

        if not seen_text:
            seen_text = True
            if pending_titles:
                level, title = pending_titles[-1]
                current = _Draft(number="", heading=title, anchor_base=_slug_for(title), title=title)
                drafts.append(current)
                stack = [(level, title)]
            else:
                current = _Draft(number="", heading="Introduction", anchor_base="introduction")
                drafts.append(current)

        bullet = _BULLET.match(line)
        if bullet:
            item = _bullet_text(bullet.group(1))
            current.add(item)
        else:
            item = clean_inline(line)
            current.add(item, join=not last_terminated)
        last_terminated = _is_terminated(item)

    return drafts
