"""Optimistic locking for the editors' admin: a save made from a stale page is refused, not applied.

The change form carries the `updated_at` the editor loaded in a hidden field. If the object has been
saved since, and the form would change it, the save is refused with a message saying who saved it
and when; the editor's text stays in the form. The refused form now carries the newer time, so
saving it again deliberately replaces the other edit, which History keeps.

Use `EditLockAdminMixin` on a ModelAdmin and `EditLockInlineMixin` on an inline, with a form that is
(or subclasses) `EditLockForm`, for models with an `auto_now` `updated_at`.
"""

import logging
from datetime import timedelta

import reversion
from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import IntegrityError, transaction
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from reversion.models import Version

logger = logging.getLogger(__name__)

LOADED_FIELD = "loaded_updated_at"
# Longer than any admin save takes, from the start of its request to the save.
REQUEST_TIME = timedelta(minutes=1)


def edit_stamp(updated_at):
    return updated_at.isoformat() if updated_at else ""


def current_updated_at(instance):
    """The saved `updated_at`, read again (and the row locked until the save ends, where supported)."""
    rows = type(instance)._default_manager.filter(pk=instance.pk)
    if transaction.get_connection(rows.db).in_atomic_block:
        rows = rows.select_for_update()
    return rows.values_list("updated_at", flat=True).first()


def last_editor(instance, saved_at):
    """Who saved `instance` at `saved_at`, when the admin kept a revision of that save.

    An admin revision is dated when its request began, just before the save it records; an older
    one means the save came from elsewhere (an action, a command), which names no one.
    """
    if not reversion.is_registered(type(instance)):
        return None
    version = Version.objects.get_for_object(instance).select_related("revision__user").first()
    if version is None or version.revision.user is None:
        return None
    if not saved_at - REQUEST_TIME <= version.revision.date_created <= saved_at:
        return None
    user = version.revision.user
    return user.get_full_name() or user.get_username()


class EditLockForm(forms.ModelForm):
    loaded_updated_at = forms.CharField(widget=forms.HiddenInput, required=False)

    # Set by EditLockAdminMixin when the database refused the previous attempt at this save.
    save_error = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial[LOADED_FIELD] = edit_stamp(self.instance.updated_at)

    @property
    def changed_data(self):
        """What the editor changed; the stamp itself is no change of theirs (admin history reads this)."""
        return [name for name in super().changed_data if name != LOADED_FIELD]

    def clean(self):
        cleaned = super().clean()
        if self.save_error:
            raise ValidationError(self.save_error, code="save_failed")
        self.check_edit_lock(self.data.get(self.add_prefix(LOADED_FIELD)))
        return cleaned

    def check_edit_lock(self, loaded):
        """Refuse to save over a version the editor never saw.

        No stamp (a new object, or a form from before this check existed) means nothing to compare;
        a form that would leave the object as it is now cannot overwrite anything.
        """
        if self.instance.pk is None or not loaded:
            return
        current = current_updated_at(self.instance)
        if current is None or edit_stamp(current) == loaded or not self.has_changed():
            return
        self.data = self.data.copy()
        self.data[self.add_prefix(LOADED_FIELD)] = edit_stamp(current)
        raise ValidationError(self.conflict_message(current), code="edit_conflict")

    def conflict_message(self, current):
        name = self.instance._meta.verbose_name
        who = last_editor(self.instance, current) or "Someone else"
        when = timezone.localtime(current).strftime("%H:%M:%S on %d %b %Y")
        return (
            f"{who} saved this {name} at {when}, after you opened it. Your changes are below and have "
            f"NOT been saved. Open this {name} in another tab to see the saved version; to keep your "
            f"version instead, save again: that replaces theirs, which stays in History."
        )


class EditLockInlineFormSet(BaseInlineFormSet):
    """Rows sent back for objects deleted since the page was loaded are taken off the form (they
    would otherwise vanish unseen, or crash the next save), and the save is refused, saying which."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.vanished = []
        if self.is_bound:
            self.take_off_vanished_rows()

    def take_off_vanished_rows(self):
        prefix, pk = self.prefix, self.model._meta.pk
        try:
            total = int(self.data[f"{prefix}-TOTAL_FORMS"])
            initial = min(int(self.data[f"{prefix}-INITIAL_FORMS"]), total)
        except (KeyError, ValueError):
            return  # the management form's own validation reports it
        sent = {row: self.data.get(f"{prefix}-{row}-{pk.name}", "") for row in range(initial)}
        ids = []
        for value in sent.values():
            try:
                ids.append(pk.to_python(value))
            except ValidationError:
                pass
        existing = {
            str(key) for key in self.model._default_manager.filter(pk__in=ids).values_list("pk", flat=True)
        }
        gone = [row for row, value in sent.items() if value and value not in existing]
        if not gone:
            return
        shown = next(
            name for name in self.form.base_fields if name not in {pk.name, self.fk.name, LOADED_FIELD}
        )
        self.vanished = [self.data.get(f"{prefix}-{row}-{shown}", "") for row in gone]
        kept = [row for row in range(total) if row not in gone]
        data = self.data.copy()
        for key in [key for key in data if key.startswith(f"{prefix}-")]:
            if key.removeprefix(f"{prefix}-").split("-")[0].isdigit():
                del data[key]
        for new, old in enumerate(kept):
            for key, values in self.data.lists():
                if key.startswith(f"{prefix}-{old}-"):
                    data.setlist(f"{prefix}-{new}-{key.removeprefix(f'{prefix}-{old}-')}", values)
        data[f"{prefix}-TOTAL_FORMS"] = str(len(kept))
        data[f"{prefix}-INITIAL_FORMS"] = str(initial - len(gone))
        self.data = data

    def clean(self):
        super().clean()
        if self.vanished:
            opts = self.model._meta
            one = len(self.vanished) == 1
            name = opts.verbose_name if one else opts.verbose_name_plural
            words = ", ".join(f"“{value}”" for value in self.vanished)
            raise ValidationError(
                f"While you had this page open, someone else deleted the {name} {words}. "
                f"{'It is' if one else 'They are'} no longer on this page and nothing was saved; your "
                f"other changes are kept below. To keep {'it' if one else 'them'}, add "
                f"{'it' if one else 'them'} again, then save.",
                code="deleted",
            )


class EditLockFieldsetsMixin:
    """Shows EditLockForm's hidden stamp on change forms the user may save."""

    form = EditLockForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not self.may_save(request, obj):
            return fieldsets
        if LOADED_FIELD in flatten_fieldsets(fieldsets):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], LOADED_FIELD]}), *rest]

    def may_save(self, request, obj):
        return self.has_change_permission(request, obj)

    def check_edit_lock_form(self, form):
        if not issubclass(form, EditLockForm):
            raise ImproperlyConfigured(f"{type(self).__name__}.form must subclass EditLockForm.")
        return form


class EditLockAdminMixin(EditLockFieldsetsMixin):
    """For a ModelAdmin: stale saves are refused, and a save the database refuses (a unique slug
    taken at the same moment, say) shows the same form again with the reason, never a 500."""

    def get_form(self, request, obj=None, **kwargs):
        form = self.check_edit_lock_form(super().get_form(request, obj, **kwargs))
        form.save_error = getattr(request, "edit_lock_save_error", None)
        return form

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except IntegrityError as error:
            if request.method != "POST" or hasattr(request, "edit_lock_save_error"):
                raise
            # The attempt was rolled back whole: run the view again with the data as sent, and a
            # form that refuses to save and says why.
            logger.warning("Admin save of %s %s refused by the database: %s", self.opts, object_id, error)
            reason = str(error).strip().splitlines()[0] if str(error).strip() else "a database constraint"
            request.edit_lock_save_error = (
                f"This could not be saved: it clashes with what is already saved ({reason}), perhaps "
                f"by someone saving at the same moment. Your changes are below; check them and save again."
            )
            return super().changeform_view(request, object_id, form_url, extra_context)


class EditLockInlineMixin(EditLockFieldsetsMixin):
    """For an inline: each existing row carries its own stamp, so a row changed elsewhere since
    (in its own admin page, say) is not overwritten either, and a row deleted since is reported."""

    formset = EditLockInlineFormSet

    def may_save(self, request, obj):
        parent = self.admin_site.get_model_admin(self.parent_model)
        return parent.has_change_permission(request, obj) and self.has_change_permission(request, obj)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        self.check_edit_lock_form(formset.form)
        if not issubclass(formset, EditLockInlineFormSet):
            raise ImproperlyConfigured(f"{type(self).__name__}.formset must subclass EditLockInlineFormSet.")
        return formset
