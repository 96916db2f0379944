import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_ensureadmin_creates_one_admin_with_a_random_password(capsys):
    """The first `make run` makes an admin whose password is random and shown once."""
    call_command("ensureadmin")
    first = capsys.readouterr().out
    call_command("ensureadmin")
    second = capsys.readouterr().out
    admin = User.objects.get(is_superuser=True)
    password = first.split("password: ")[1].split()[0]
    assert admin.check_password(password)
    assert len(password) >= 16
    assert password not in second and "unchanged" in second
    assert User.objects.count() == 1


def test_ensureadmin_passwords_differ_between_databases(capsys):
    """No fixed default password: two fresh installs get different ones."""
    call_command("ensureadmin")
    first = capsys.readouterr().out.split("password: ")[1].split()[0]
    User.objects.all().delete()
    call_command("ensureadmin")
    second = capsys.readouterr().out.split("password: ")[1].split()[0]
    assert first != second
