import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def test_demo_desk_has_one_user_per_role_and_prints_each_password_once(capsys, settings, django_user_model):
    settings.DEBUG = True
    call_command("create_demo_desk")
    out = capsys.readouterr().out
    roles = {u.username: [g.name for g in u.groups.all()] for u in django_user_model.objects.all()}
    assert roles == {
        "demo-admin": ["Admins"],
        "demo-checker": ["Fact-checkers"],
        "demo-editor": ["Editors"],
        "demo-editor-2": ["Editors"],
    }
    assert out.count("password ") == 4
    call_command("create_demo_desk")
    assert "password " not in capsys.readouterr().out.replace("its password was printed", "")
    assert django_user_model.objects.get(username="demo-checker").has_perm("claims.add_claim")
    assert not django_user_model.objects.get(username="demo-checker").has_perm("claims.review_claim")


def test_demo_desk_refuses_to_run_in_production_mode(settings, django_user_model):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only with DEBUG on"):
        call_command("create_demo_desk")
    assert not django_user_model.objects.exists()


def test_reset_passwords_prints_a_new_one_for_each_demo_user(capsys, settings, django_user_model):
    settings.DEBUG = True
    call_command("create_demo_desk")
    first = capsys.readouterr().out
    old = first.split("demo-checker (Fact-checkers) created: password ")[1].split()[0]
    call_command("create_demo_desk", "--reset-passwords")
    out = capsys.readouterr().out
    assert out.count("new password ") == 4
    new = out.split("demo-checker (Fact-checkers): new password ")[1].split()[0]
    checker = django_user_model.objects.get(username="demo-checker")
    assert new != old
    assert checker.check_password(new)
    assert not checker.check_password(old)
    assert django_user_model.objects.count() == 4
