from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from reversion.admin import VersionAdmin

from newsroom.admin_locking import EditLockAdminMixin, EditLockForm, EditLockInlineMixin

from .models import Article, Quote

PUBLISH_PERMISSION = "articles.publish_article"


class QuoteInline(EditLockInlineMixin, admin.TabularInline):
    model = Quote
    extra = 0
    fields = ["text", "speaker", "paragraph", "cue"]
    autocomplete_fields = ["speaker"]


class ArticleForm(EditLockForm):
    """Checks the publish permission on the server, whatever the browser sent; refuses stale saves."""

    can_publish = True

    class Meta:
        model = Article
        fields = [
            "headline",
            "slug",
            "standfirst",
            "body",
            "status",
            "published_at",
            "authors",
            "people",
            "tags",
        ]

    def clean_published_at(self):
        value = self.cleaned_data["published_at"]
        initial = self.instance.published_at if self.instance.pk else None
        # The form shows whole seconds. An untouched time keeps its fraction: a story loaded in the
        # same second as others would otherwise drop below all of them when its headline is fixed.
        if value and initial and value == initial.replace(microsecond=0):
            return initial
        return value

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if not self.can_publish:
            was_public = self.instance.pk and self.initial.get("status") in {
                Article.Status.PUBLISHED,
                Article.Status.ARCHIVED,
            }
            if was_public or status not in {Article.Status.DRAFT, Article.Status.REVIEW}:
                raise ValidationError(
                    "Only editors may publish or archive articles. Save it as a draft or send it for review."
                )
        if status == Article.Status.PUBLISHED and not cleaned.get("published_at"):
            raise ValidationError({"published_at": "A published article needs a publication time."})
        return cleaned


@admin.register(Article)
class ArticleAdmin(EditLockAdminMixin, VersionAdmin):
    # The quote-count annotation drops the model's default ordering; autocomplete needs one.
    ordering = ["-published_at", "-pk"]
    form = ArticleForm
    list_display = ["headline", "status", "published_at", "byline", "quote_count", "updated_at"]
    list_filter = [
        "status",
        "tags",
        ("authors", admin.RelatedOnlyFieldListFilter),
        ("people", admin.RelatedOnlyFieldListFilter),
    ]
    date_hierarchy = "published_at"
    search_fields = ["headline", "standfirst", "body"]
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["authors", "people"]
    inlines = [QuoteInline]
    actions = ["publish_now", "unpublish", "submit_for_review"]
    readonly_fields = ["source_name", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body"]}),
        ("Publishing", {"fields": ["status", "published_at"]}),
        ("People and topics", {"fields": ["authors", "people", "tags"]}),
        ("Provenance", {"classes": ["collapse"], "fields": ["source_name", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(quote_count=Count("quotes")).prefetch_related("authors")

    @admin.display(description="byline")
    def byline(self, obj):
        return ", ".join(author.name for author in obj.authors.all())

    @admin.display(description="quotes", ordering="quote_count")
    def quote_count(self, obj):
        return obj.quote_count

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.can_publish = self.has_publish_permission(request)
        return form

    def has_publish_permission(self, request):
        return request.user.has_perm(PUBLISH_PERMISSION)

    def has_change_permission(self, request, obj=None):
        """Reporters edit drafts and articles in review; what is live belongs to the editors."""
        if obj is not None and obj.status in {Article.Status.PUBLISHED, Article.Status.ARCHIVED}:
            return super().has_change_permission(request, obj) and self.has_publish_permission(request)
        return super().has_change_permission(request, obj)

    @admin.action(description="Publish now", permissions=["publish"])
    def publish_now(self, request, queryset):
        for article in queryset:
            article.publish()
        self.message_user(request, f"Published {len(queryset)} article(s).", messages.SUCCESS)

    @admin.action(description="Unpublish (back to draft)", permissions=["publish"])
    def unpublish(self, request, queryset):
        for article in queryset:
            article.unpublish()
        self.message_user(request, f"Unpublished {len(queryset)} article(s).", messages.SUCCESS)

    @admin.action(description="Send for review", permissions=["change"])
    def submit_for_review(self, request, queryset):
        drafts = [article for article in queryset if article.status == Article.Status.DRAFT]
        for article in drafts:
            article.submit_for_review()
        self.message_user(request, f"Sent {len(drafts)} draft(s) for review.", messages.SUCCESS)


@admin.register(Quote)
class QuoteAdmin(EditLockAdminMixin, VersionAdmin):
    list_display = ["short_text", "speaker", "article", "paragraph", "cue"]
    list_filter = [
        ("speaker", admin.RelatedOnlyFieldListFilter),
        ("article", admin.RelatedOnlyFieldListFilter),
        "tags",
    ]
    search_fields = ["text", "speaker__name"]
    autocomplete_fields = ["speaker", "article"]
    list_select_related = ["speaker", "article"]

    @admin.display(description="quote", ordering="text")
    def short_text(self, obj):
        return obj.text if len(obj.text) <= 90 else obj.text[:89] + "…"
