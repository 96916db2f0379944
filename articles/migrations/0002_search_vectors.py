"""Full-text search vectors, PostgreSQL only.

A trigger keeps `search_vector` current on every insert and update, bulk writes included,
so no Python code path can forget it; a GIN index keeps search fast as the archive grows.
SQLite has no tsvector: there the columns stay empty and search falls back to LIKE.
"""

from django.db import migrations

from newsroom.migration_operations import run_on_postgresql

FORWARD = """
CREATE FUNCTION articles_article_search_vector() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('english', coalesce(NEW.headline, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(NEW.standfirst, '')), 'B') ||
    setweight(to_tsvector('english', coalesce(NEW.body, '')), 'C');
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER articles_article_search_vector
  BEFORE INSERT OR UPDATE OF headline, standfirst, body ON articles_article
  FOR EACH ROW EXECUTE FUNCTION articles_article_search_vector();
CREATE INDEX articles_article_search_gin ON articles_article USING gin (search_vector);

CREATE FUNCTION articles_quote_search_vector() RETURNS trigger AS $$
BEGIN
  NEW.search_vector := to_tsvector('english', coalesce(NEW.text, ''));
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER articles_quote_search_vector
  BEFORE INSERT OR UPDATE OF text ON articles_quote
  FOR EACH ROW EXECUTE FUNCTION articles_quote_search_vector();
CREATE INDEX articles_quote_search_gin ON articles_quote USING gin (search_vector);
"""

BACKWARD = """
DROP INDEX IF EXISTS articles_quote_search_gin;
DROP TRIGGER IF EXISTS articles_quote_search_vector ON articles_quote;
DROP FUNCTION IF EXISTS articles_quote_search_vector();
DROP INDEX IF EXISTS articles_article_search_gin;
DROP TRIGGER IF EXISTS articles_article_search_vector ON articles_article;
DROP FUNCTION IF EXISTS articles_article_search_vector();
"""


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [migrations.RunPython(run_on_postgresql(FORWARD), run_on_postgresql(BACKWARD))]
