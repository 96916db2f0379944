"""Shared reader-page fixtures: a small published newsroom, with hidden drafts carrying a marker word."""

from types import SimpleNamespace
from unittest import mock

import html5lib
import pytest
from django.db.models.sql.compiler import SQLCompiler

from people.models import Person

from . import factories as make

# A word that appears only in unpublished material: it must never reach a public page.
MARKER = "Quixotron"

BODY = (
    "U.S. Secretary of State Antony Blinken arrived in Israel on Wednesday.\n\n"
    "“We're determined to get a ceasefire that brings the hostages home,” Blinken stated.\n\n"
    "President Isaac Herzog said Israel was “very strong” and would not bend.\n\n"
    "Talks continue in Cairo."
)

# A body whose words searched for are spread over its paragraphs, for search snippets.
LONG_BODY = "\n\n".join(
    [
        "The council met on Monday.",
        "Several cities sent observers to the hostage talks.",
        "Roads were closed for the day.",
        "A deal may come this week, officials said.",
        "Nobody expected the hostage question to settle quickly.",
        "The weather stayed fine.",
        "Another hostage story ran later, and a deal with the hostage takers was signed.",
    ]
)


@pytest.fixture(autouse=True)
def _fresh_list_estimates():
    """Each test asks the database afresh: a process keeps a list's estimated length, and the row a
    typed page number starts at, for a minute."""
    from articles import pagination

    pagination._kept.clear()


@pytest.fixture(autouse=True, scope="session")
def _reader_page_context_for_the_test_client():
    """`response.context` for Jinja2 pages too.

    Django's test client reads a page's context from the `template_rendered` signal, which only
    Django's own template language sends under test; reader pages are Jinja2 (newsroom/jinja2.py).
    """
    from django.template.backends import jinja2 as backend
    from django.test.signals import template_rendered

    render = backend.Template.render

    def render_and_tell(self, context=None, request=None):
        context = {} if context is None else context
        rendered = render(self, context, request)
        template_rendered.send(sender=self, template=self.template, context=context)
        return rendered

    backend.Template.render = render_and_tell
    yield
    backend.Template.render = render


@pytest.fixture
def desk(db):
    """Two published stories with quotes, tags and people; a draft and a scheduled story with MARKER."""
    blinken = make.person(
        "Antony Blinken", title="U.S. Secretary of State", aliases="Blinken", bio="America's top diplomat."
    )
    herzog = make.person("Isaac Herzog", title="President of Israel")
    staff = make.person("Desk Staff", kind=Person.Kind.STAFF)
    story = make.published(
        "Blinken pushes for hostage deal",
        standfirst="The secretary of state is on his seventh visit to the region.",
        body=BODY,
        tags=["Gaza", "Diplomacy"],
    )
    story.authors.add(staff)
    story.people.add(blinken, herzog)
    said = make.quote(
        story,
        "We're determined to get a ceasefire that brings the hostages home,",
        speaker=blinken,
        paragraph=2,
        position=1,
        cue="stated",
    )
    said.tags.add("Gaza")
    strong = make.quote(story, "very strong", speaker=herzog, paragraph=3, cue="said")
    other = make.published(
        "Herzog meets envoys in Jerusalem",
        standfirst="The president hosted a delegation.",
        body="Herzog welcomed the envoys.\n\n“Peace needs patience,” Herzog said.",
        tags=["Diplomacy"],
    )
    other.people.add(herzog)
    patience = make.quote(other, "Peace needs patience,", speaker=herzog, paragraph=2)

    hidden_person = make.person(f"Hidden {MARKER}", title=f"{MARKER} envoy")
    hidden = []
    for build in (make.draft, make.scheduled, make.in_review):
        article = build(
            f"{MARKER} {build.__name__} headline",
            standfirst=f"{MARKER} standfirst",
            body=f"{MARKER} body text.\n\n“{MARKER} words,” the envoy said.",
            tags=[f"{MARKER} {build.__name__}"],
        )
        article.people.add(hidden_person, blinken)
        article.authors.add(hidden_person)
        make.quote(article, f"{MARKER} words,", speaker=hidden_person, paragraph=2).tags.add(MARKER)
        make.quote(article, f"{MARKER} from Blinken", speaker=blinken, paragraph=1)
        hidden.append(article)
    return SimpleNamespace(
        blinken=blinken,
        herzog=herzog,
        staff=staff,
        story=story,
        other=other,
        said=said,
        strong=strong,
        patience=patience,
        hidden_person=hidden_person,
        hidden=hidden,
    )


def parse_html(response):
    """The page parsed by html5lib's strict parser: any HTML5 parse error fails the test."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(response.content)


@pytest.fixture(scope="module")
def migration_data_restored(django_db_setup, django_db_blocker):
    """Transactional tests end by emptying every table, the newsroom roles and content types written
    by migrations included: put that data back for the tests that run after the module's."""
    yield
    from django.db import connection

    with django_db_blocker.unblock():
        connection.creation.deserialize_db_from_string(connection._test_serialized_contents)


def watching_compiles():
    """A context manager whose mock records each SQL compile (`call.args[0]` is the compiler) while
    compiling as Django does: for tests that a query's SQL is kept, not written again."""
    return mock.patch.object(SQLCompiler, "as_sql", autospec=True, side_effect=SQLCompiler.as_sql)
