from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from reversion.admin import VersionAdmin

from articles.models import Quote
from newsroom.admin_locking import EditLockAdminMixin

from .models import Person


class SpokenQuoteInline(admin.TabularInline):
    """The person's quotes, read from the person; they are edited with their article."""

    model = Quote
    fk_name = "speaker"
    verbose_name = "quote"
    verbose_name_plural = "quotes by this person"
    fields = ["text", "article", "paragraph", "cue"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article")


@admin.register(Person)
class PersonAdmin(EditLockAdminMixin, VersionAdmin):
    # The quote-count annotation drops the model's default ordering; autocomplete needs one.
    ordering = ["name"]
    list_display = ["name", "kind", "title", "quote_count", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases", "title"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["articles", "created_at", "updated_at"]
    fields = ["name", "slug", "kind", "title", "bio", "aliases", "articles", "created_at", "updated_at"]
    inlines = [SpokenQuoteInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(quote_count=Count("quotes"))

    @admin.display(description="quotes", ordering="quote_count")
    def quote_count(self, obj):
        return obj.quote_count

    @admin.display(description="articles (byline or mentioned)")
    def articles(self, obj):
        if obj.pk is None:
            return "—"
        related = (obj.bylines.all() | obj.mentioned_in.all()).distinct().order_by("-published_at")
        links = format_html_join(
            "",
            '<li><a href="{}">{}</a> ({})</li>',
            (
                (reverse("admin:articles_article_change", args=[a.pk]), a.headline, a.get_status_display())
                for a in related
            ),
        )
        return format_html("<ul>{}</ul>", links) if links else "—"
