"""People at archive scale: `Appearance` kept in step with mentions and quotes, the people index's
counts (published only, exact up to a limit), and the plans PostgreSQL runs for them."""

import pytest
from django.core import serializers
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles.ingest import parse_document
from articles.loading import dump_fixture, load_document, load_documents
from articles.models import Article, Quote
from people import models as people_models
from people import views as people_views
from people.models import Appearance, Person

from . import factories as make

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="plans are PostgreSQL's; SQLite has no planner to speak of"
)


def appearances():
    return set(Appearance.objects.values_list("article", "person", "byline"))


def bylines_mentions_and_speakers():
    """What `Appearance` must hold, worked out the slow way."""
    wrote = {(a, p, True) for a, p in Article.authors.through.objects.values_list("article", "person")}
    mentioned = Article.people.through.objects.values_list("article", "person")
    quoted = Quote.objects.filter(speaker__isnull=False).values_list("article", "speaker")
    return wrote | {(a, p, False) for a, p in [*mentioned, *quoted]}


def featured_in(person, *, bylines=False):
    return set(Article.objects.featuring(person, bylines=bylines).values_list("headline", flat=True))


# --- Appearance follows every way a mention or a quote changes ---------------------------------------


def test_quotes_saved_moved_reattributed_and_deleted_keep_appearances_right():
    """A quote's speaker appears in its article until no quote or mention keeps them there."""
    ana, ben = make.person("Ana"), make.person("Ben")
    first, second = make.published("First"), make.published("Second")
    said = make.quote(first, "One.", speaker=ana)
    again = make.quote(first, "Two.", speaker=ana)
    assert featured_in(ana) == {"First"}
    said.delete()
    assert featured_in(ana) == {"First"}  # the other quote still keeps her there
    again.speaker = ben
    again.save()
    assert (featured_in(ana), featured_in(ben)) == (set(), {"First"})
    again.article = second
    again.save()
    assert featured_in(ben) == {"Second"}
    again.delete()
    assert featured_in(ben) == set()
    assert appearances() == bylines_mentions_and_speakers() == set()


def test_a_quote_reattributed_by_a_fixture_keeps_appearances_right(tmp_path):
    """`loaddata` saving over an existing quote (a raw save) also forgets the speaker it replaces."""
    ana, ben = make.person("Ana"), make.person("Ben")
    said = make.quote(make.published("Story"), "Said.", speaker=ana)
    said.speaker = ben  # not saved: written to a fixture instead
    fixture = tmp_path / "quote.json"
    fixture.write_text(serializers.serialize("json", [said]))
    call_command("loaddata", str(fixture), verbosity=0)
    assert (featured_in(ana), featured_in(ben)) == (set(), {"Story"})


def test_mentions_added_removed_and_cleared_from_either_side_keep_appearances_right():
    """Mentions change appearances from the article's side and the person's, but never drop a quoted one."""
    ana, ben = make.person("Ana"), make.person("Ben")
    story, other = make.published("Story"), make.published("Other")
    story.people.add(ana, ben)
    ben.mentioned_in.add(other)
    make.quote(story, "Quoted.", speaker=ben)
    assert (featured_in(ana), featured_in(ben)) == ({"Story"}, {"Story", "Other"})
    story.people.remove(ana)
    assert featured_in(ana) == set()
    story.people.clear()
    assert featured_in(ben) == {"Story", "Other"}  # quoted in Story, mentioned in Other
    ben.mentioned_in.clear()
    assert featured_in(ben) == {"Story"}
    assert appearances() == bylines_mentions_and_speakers()


def test_bylines_added_removed_and_cleared_keep_appearances_right():
    """A byline is an appearance for "featuring or by" only, and never stands for a mention or a quote."""
    ana = make.person("Ana")
    wrote, both = make.published("Wrote"), make.published("Both")
    wrote.authors.add(ana)
    ana.bylines.add(both)
    make.quote(both, "Said.", speaker=ana)
    assert (featured_in(ana), featured_in(ana, bylines=True)) == ({"Both"}, {"Wrote", "Both"})
    both.authors.clear()
    assert featured_in(ana, bylines=True) == {"Wrote", "Both"}  # still quoted in Both
    wrote.authors.remove(ana)
    assert featured_in(ana, bylines=True) == {"Both"}
    ana.bylines.add(wrote)
    ana.bylines.clear()
    assert featured_in(ana, bylines=True) == {"Both"}
    assert appearances() == bylines_mentions_and_speakers()


def test_deleting_an_article_or_a_person_takes_their_appearances():
    ana = make.person("Ana")
    story = make.published("Story")
    story.people.add(ana)
    make.quote(story, "Quoted.", speaker=ana)
    make.quote(make.published("Other"), "Again.", speaker=ana)
    story.delete()
    assert featured_in(ana) == {"Other"}
    ana.delete()
    assert appearances() == bylines_mentions_and_speakers() == set()


DOCUMENT = """Mayor pledges new harbor for {city}
The city council meets on Monday to vote on the plan
{city_upper} — Mayor Ana Ruiz on Monday promised a new harbor for {city}, Councillor Bo Lind said.
“We will build it within five years,” Ruiz said.
The {city} Daily Staff is a team of journalists in {city}.
"""


def document(city, text=DOCUMENT):
    return parse_document(text.format(city=city, city_upper=city.upper()), source=f"{city}.txt")


def test_the_loader_records_the_appearances_it_writes_in_bulk():
    """Articles loaded in a batch, and quotes rewritten by a reload, feature the people they name."""
    results = list(load_documents([document("Lisbon"), document("Porto")]))
    assert {result.action for result in results} == {"created"}
    assert appearances() == bylines_mentions_and_speakers()
    assert any(byline for *_, byline in appearances())  # the staff byline
    ruiz = Person.objects.get(slug="ana-ruiz")
    assert len(featured_in(ruiz)) == 2
    for article in Article.objects.all():
        article.people.clear()  # an editor's change: only the quotes keep Ruiz featured now
    changed = DOCUMENT.replace("within five years", "within four years")
    result = load_document(document("Lisbon", changed))
    assert (result.kept, result.quotes_written) == (("people",), 1)
    assert len(featured_in(ruiz)) == 2
    assert appearances() == bylines_mentions_and_speakers()


def test_a_fixture_loaded_with_loaddata_brings_its_appearances(tmp_path):
    """`loaddata` of a loader dump (which holds no appearances) rebuilds them from bylines, mentions
    and quotes."""
    results = list(load_documents([document("Lisbon"), document("Porto")]))
    fixture = tmp_path / "seeds.json"
    with fixture.open("w", encoding="utf-8") as stream:
        dump_fixture([result.article_id for result in results], stream)
    expected = {(a.headline, p.slug, byline) for a, p, byline in _named(appearances())}
    Article.objects.all().delete()
    Person.objects.all().delete()
    assert appearances() == set()
    call_command("loaddata", str(fixture), verbosity=0)
    assert {(a.headline, p.slug, byline) for a, p, byline in _named(appearances())} == expected
    assert appearances() == bylines_mentions_and_speakers()


def _named(rows):
    articles = Article.objects.in_bulk()
    people = Person.objects.in_bulk()
    return [(articles[a], people[p], byline) for a, p, byline in rows]


# --- The people index: counts of published things only, exact up to a limit -------------------------


def test_unpublished_is_everything_published_leaves_out():
    """`unpublished()` and `published()` split the articles between them, whatever their state."""
    for build in (make.published, make.draft, make.in_review, make.archived, make.scheduled):
        build()
    published = set(Article.objects.published().values_list("pk", flat=True))
    unpublished = set(Article.objects.unpublished().values_list("pk", flat=True))
    assert len(published) == 1 and len(unpublished) == 4
    assert published | unpublished == set(Article.objects.values_list("pk", flat=True))


def index_counts(client, url="/people/"):
    response = client.get(url)
    assert response.status_code == 200
    return {person.name: (person.quote_count, person.story_count) for person in response.context["page_obj"]}


def test_people_index_counts_only_what_is_published(client):
    """Quotes and stories in drafts, articles in review, archived or scheduled ones are never counted,
    and someone only in those is not listed."""
    ana, staff, hidden = make.person("Ana"), make.person("Desk", kind="staff"), make.person("Hidden")
    story = make.published("Story")
    story.authors.add(staff)
    make.quote(story, "Said.", speaker=ana)
    for build in (make.draft, make.in_review, make.archived, make.scheduled):
        unseen = build()
        unseen.authors.add(staff)
        unseen.people.add(ana, hidden)
        make.quote(unseen, "Not yet.", speaker=ana)
        make.quote(unseen, "Nor this.", speaker=hidden)
    assert index_counts(client) == {"Ana": (1, 1), "Desk": (0, 1)}


def test_people_index_counts_stories_written_and_featured_in_once(client):
    """A story someone wrote and is quoted in counts once."""
    ana = make.person("Ana")
    both, wrote = make.published("Both"), make.published("Wrote")
    both.authors.add(ana)
    wrote.authors.add(ana)
    make.quote(both, "Said.", speaker=ana)
    make.quote(make.published("Quoted"), "Again.", speaker=ana)
    assert index_counts(client) == {"Ana": (2, 3)}


def test_people_index_counts_up_to_a_limit_after_leaving_out_unpublished_ones(client, monkeypatch):
    """Past the limit the index says "N+"; hidden quotes are left out before counting, so they neither
    push someone past the limit nor hold them under it."""
    monkeypatch.setattr(people_models, "COUNTED_UP_TO", 2)
    monkeypatch.setattr(people_views, "COUNTED_UP_TO", 2)
    many, few = make.person("Many"), make.person("Few")
    for number in range(3):
        make.quote(make.published(f"Many {number}"), "Said.", speaker=many)
    for number in range(2):
        make.quote(make.published(f"Few {number}"), "Said.", speaker=few)
    for number in range(4):
        draft = make.draft(f"Draft {number}")
        make.quote(draft, "Not yet.", speaker=few)
        draft.people.add(few)
    writer = make.person("Writer", kind="staff")
    for number in range(3):
        make.published(f"By {number}").authors.add(writer)
    make.draft("By draft").authors.add(writer)
    body = client.get("/people/").content.decode()
    assert "2+ quotes · 2+ stories" in body  # Many
    assert "2 quotes · 2 stories" in body  # Few
    assert "0 quotes · 2+ stories" in body  # Writer
    assert index_counts(client)["Few"] == (2, 2)


# --- Plans at archive scale (PostgreSQL) ----------------------------------------------------------


def plan_without_seqscan(queryset):
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            return queryset.explain()
        finally:
            cursor.execute("SET enable_seqscan = on")


@postgresql_only
def test_stories_featuring_someone_is_one_join_on_appearances():
    """featuring() asks one relation, so PostgreSQL can join it to the newest articles (or read a rare
    person's few rows) instead of hashing every article of a much-quoted person for an OR."""
    ana = make.person("Ana")
    for bylines in (False, True):
        plan = plan_without_seqscan(Article.objects.published().featuring(ana, bylines=bylines)[:10])
        assert "appearance_unique_role" in plan or "appearance_article_person_role" in plan
        assert "SubPlan" not in plan


@postgresql_only
def test_people_index_reads_people_in_name_order_and_searches_by_trigram():
    """The index walks people in name order from an index (no sort of every person), and a search reads
    the trigram indexes rather than every name."""
    listing = plan_without_seqscan(Person.objects.public().with_public_counts()[:51])
    assert "Index Scan using person_name on people_person" in listing
    search = plan_without_seqscan(Person.objects.matching("maria").order_by())
    assert "person_name_trigrams" in search and "person_aliases_trigrams" in search


@postgresql_only
def test_whether_an_article_is_public_is_read_from_an_index():
    """Probes by article id (appearances, the people index) read status and publication time from an
    index, not from the article's row."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'article_published_probe'")
        (definition,) = cursor.fetchone()
    assert definition.endswith("(id) INCLUDE (status, published_at)")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_bylines_migration_goes_back_and_forth_with_someone_who_wrote_and_is_in_a_story(
    migration_data_restored,
):
    """people 0003 reversed drops byline rows before the (person, article) constraint returns."""
    writer = make.person("Ana Ruiz")
    story = make.published("Harbour reopens")
    story.authors.add(writer)
    story.people.add(writer)
    before = appearances()
    assert before == {(story.pk, writer.pk, True), (story.pk, writer.pk, False)}
    # The executor, not the migrate command: no post_migrate signal, so the content types the rest of
    # the suite relies on are left as they are.
    executor = MigrationExecutor(connection)
    executor.migrate([("people", "0002_archive_scale")])
    executor.loader.build_graph()
    executor.migrate([("people", "0003_appearance_bylines")])
    assert appearances() == before
