from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from articles.models import Article, Quote, public_listing, public_quotes
from people.models import Person

from . import factories as make

pytestmark = pytest.mark.django_db


def test_published_gate_admits_only_published_and_past():
    """published() is the one gate: draft, review, archived and scheduled articles stay out."""
    live = make.published("Live")
    make.draft("Draft")
    make.in_review("Review")
    make.archived("Archived")
    make.scheduled("Scheduled")
    assert list(Article.objects.published()) == [live]


def test_scheduled_article_becomes_public_when_its_time_passes():
    """A future published_at is a schedule, not a publication."""
    article = make.scheduled("Soon")
    assert not Article.objects.published().exists()
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    assert list(Article.objects.published()) == [article]


def test_quotes_and_people_follow_the_article_gate():
    """Quotes and people are public only through a published article."""
    speaker = make.person("Ada Public")
    hidden_speaker = make.person("Bo Hidden")
    author = make.person("Cy Author")
    mentioned = make.person("Di Mentioned")
    live = make.published("Live")
    live.authors.add(author)
    live.people.add(mentioned)
    hidden = make.draft("Hidden")
    hidden.people.add(hidden_speaker)
    live_quote = make.quote(live, "We are live.", speaker=speaker)
    make.quote(hidden, "Nobody may read this.", speaker=hidden_speaker)
    assert list(Quote.objects.published()) == [live_quote]
    assert set(Person.objects.public()) == {speaker, author, mentioned}


def test_article_slug_is_unique():
    """Two articles may not share a slug."""
    make.published("Same", slug="same")
    with pytest.raises(IntegrityError), transaction.atomic():
        make.published("Other", slug="same")


def test_person_slug_is_unique():
    """Two people may not share a slug."""
    make.person("Jane Doe")
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(name="Jane  Doe", slug="jane-doe")


def test_status_must_be_a_known_value():
    """The database refuses a status outside the workflow."""
    with pytest.raises(IntegrityError), transaction.atomic():
        make.article("Odd", status="leaked", published_at=timezone.now())


def test_published_article_needs_a_publication_time():
    """A published article without published_at is refused by the database."""
    article = make.draft("No time yet")
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(status=Article.Status.PUBLISHED)


def test_one_quote_per_article_paragraph_and_text():
    """The same words in the same paragraph of the same article are one quote."""
    article = make.published()
    make.quote(article, "Once only.", paragraph=2)
    make.quote(article, "Once only.", paragraph=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        make.quote(article, "Once only.", paragraph=2)


def test_quote_paragraph_counts_from_one():
    """Paragraph 0 does not exist."""
    article = make.published()
    with pytest.raises(IntegrityError), transaction.atomic():
        make.quote(article, "Nowhere.", paragraph=0)


def test_source_file_loads_into_one_article():
    """Two articles may not claim the same source file; hand-written ones have none."""
    make.published("A", source_name="a.txt")
    make.published("Hand written 1")
    make.published("Hand written 2")
    with pytest.raises(IntegrityError), transaction.atomic():
        make.published("B", source_name="a.txt")


def test_natural_keys_round_trip():
    """Fixtures reference people, articles and quotes by natural key."""
    person = make.person("Ada Lovelace")
    article = make.published("Engines")
    quote = make.quote(article, "It computes.", speaker=person, paragraph=2)
    assert Person.objects.get_by_natural_key(*person.natural_key()) == person
    assert Article.objects.get_by_natural_key(*article.natural_key()) == article
    assert Quote.objects.get_by_natural_key(*quote.natural_key()) == quote


def test_publish_keeps_a_scheduled_time_and_unpublish_hides():
    """publish() keeps a planned time; unpublish() takes the article off the site."""
    article = make.draft("Planned")
    later = timezone.now() + timedelta(days=2)
    article.publish(at=later)
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED and article.published_at == later
    article.unpublish()
    assert not Article.objects.published().exists()


def test_paragraphs_split_on_blank_lines():
    """The body's paragraphs are separated by blank lines, whatever the line endings."""
    article = make.published(body="One.\r\n\r\nTwo\nstill two.\n\n\n\nThree.")
    assert article.paragraphs == ["One.", "Two\nstill two.", "Three."]


def test_a_listing_carries_each_articles_byline_and_topics_as_its_page_reads_them():
    """for_listing() brings authors (by name) and topics (in the order given, the kicker first) in
    its own query, as the same people and tags for_reading() and the relations give; none is []."""
    make.published("Earlier", tags=["apple"])  # so the topics' keys are not in the order given
    story = make.published("Story", tags=["zebra", "apple", "Mango Tree"])
    story.authors.add(make.person("Zoe Writer"), make.person("Al Écrivain"))
    bare = make.published("Bare")
    listed = {article.pk: article for article in Article.objects.published().for_listing()}
    read = Article.objects.for_reading().get(pk=story.pk)

    def keys(items):
        return [(item.pk, item.name, item.slug) for item in items]

    assert keys(listed[story.pk].byline) == keys(read.byline) == keys(Person.objects.order_by("name"))
    assert [tag.name for tag in listed[story.pk].topics] == ["zebra", "apple", "Mango Tree"]
    assert keys(listed[story.pk].topics) == keys(read.topics) == keys(Article.objects.get(pk=story.pk).topics)
    assert [author.kind for author in read.byline] == [Person.Kind.PERSON] * 2
    assert listed[story.pk].byline[0].get_absolute_url() == read.byline[0].get_absolute_url()
    assert listed[bare.pk].byline == listed[bare.pk].topics == []


def test_a_listing_runs_one_query_however_many_authors_and_topics(django_assert_num_queries):
    for i in range(5):
        story = make.published(f"Story {i}", tags=[f"topic {i}", "shared"])
        story.authors.add(make.person(f"Writer {i}"), make.person(f"Editor {i}"))
    with django_assert_num_queries(1):
        articles = list(Article.objects.published().for_listing())
        assert sum(len(article.byline) + len(article.topics) for article in articles) == 20


def test_an_article_page_reads_its_byline_topics_and_people_with_the_article(django_assert_num_queries):
    story = make.published("Story", tags=["budget", "health"])
    story.authors.add(make.person("Zoe Writer"))
    story.people.add(make.person("Bo Minister", title="Minister"), make.person("Al Adviser"))
    with django_assert_num_queries(1):
        read = Article.objects.for_reading().get(pk=story.pk)
        shown = (read.byline, read.topics, read.kicker, read.people_in_story)
    byline, topics, kicker, people = shown
    assert [p.name for p in byline] == ["Zoe Writer"] and kicker.name == "budget"
    assert [(p.name, p.title) for p in people] == [("Al Adviser", ""), ("Bo Minister", "Minister")]
    assert [t.name for t in topics] == ["budget", "health"]


def test_lists_read_only_the_columns_they_show():
    """A list page converts every column of twenty rows: no body, biography or bookkeeping dates."""
    story = make.published("Story", body="A long body.")
    make.quote(story, "Words.", speaker=make.person("Ada Lovelace", bio="A long biography."))
    listed = public_listing().get()
    assert {"body", "source_snapshot", "status", "created_at"} <= listed.get_deferred_fields()
    quote = public_quotes().get()
    assert {"bio", "aliases", "created_at", "updated_at"} <= quote.speaker.get_deferred_fields()
    assert {"body", "standfirst", "status", "updated_at"} <= quote.article.get_deferred_fields()
    assert {"created_at", "updated_at", "cue"} <= quote.get_deferred_fields()


def test_a_listing_compiled_once_still_reads_right_when_nested_in_another_query():
    """JSONRows remembers its compiled SQL (articles/json_rows.py): a listing whose subqueries were
    compiled once, then nested in another query (its tables renamed), must be compiled afresh."""
    first = make.published("First")
    first.authors.add(make.person("Zoe Writer"))
    second = make.published("Second")
    second.authors.add(make.person("Al Adviser"), make.person("Bo Minister"))
    make.quote(first, "One.")
    make.quote(second, "Two.")
    assert {a.headline: [p.name for p in a.byline] for a in public_listing()} == {
        "First": ["Zoe Writer"],
        "Second": ["Al Adviser", "Bo Minister"],
    }
    byline = Subquery(public_listing().filter(pk=OuterRef("article_id")).values("listed_byline")[:1])
    quotes = Quote.objects.annotate(byline=byline).order_by("text")
    names = [[row[1] for row in quote.byline] for quote in quotes]
    assert names == [["Zoe Writer"], ["Al Adviser", "Bo Minister"]]
    assert [a.headline for a in public_listing().order_by("headline")] == ["First", "Second"]
