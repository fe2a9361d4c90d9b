"""create_editor USERNAME [--reviewer]: accounts for editors and reviewers, no defaults."""

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command

from tracker.roles import is_editor, is_reviewer

pytestmark = pytest.mark.django_db
GOOD_PASSWORD = "correct-horse-battery-staple"


def test_editor_from_environment_password(monkeypatch, capsys):
    monkeypatch.setenv("EDITOR_PASSWORD", GOOD_PASSWORD)
    call_command("create_editor", "amira")
    assert "Created amira (editors)." in capsys.readouterr().out
    user = authenticate(username="amira", password=GOOD_PASSWORD)
    assert user is not None
    assert is_editor(user) and not is_reviewer(user)
    assert user.has_perm("tracker.change_position") and not user.has_perm("tracker.delete_position")
    assert not user.is_staff


def test_reviewer_is_also_an_editor(monkeypatch):
    monkeypatch.setenv("EDITOR_PASSWORD", GOOD_PASSWORD)
    call_command("create_editor", "jonas", "--reviewer")
    user = get_user_model().objects.get(username="jonas")
    assert is_editor(user) and is_reviewer(user)


def test_password_typed_twice(monkeypatch):
    monkeypatch.delenv("EDITOR_PASSWORD", raising=False)
    answers = iter([GOOD_PASSWORD, GOOD_PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    call_command("create_editor", "li")
    assert authenticate(username="li", password=GOOD_PASSWORD) is not None


def test_mismatched_passwords_change_nothing(monkeypatch):
    monkeypatch.delenv("EDITOR_PASSWORD", raising=False)
    answers = iter([GOOD_PASSWORD, "something-else-entirely"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    with pytest.raises(CommandError, match="differ"):
        call_command("create_editor", "li")
    assert not get_user_model().objects.exists()


def test_weak_password_is_refused_with_the_reason(monkeypatch):
    monkeypatch.setenv("EDITOR_PASSWORD", "12345")
    with pytest.raises(CommandError, match="too short"):
        call_command("create_editor", "weak")
    assert not get_user_model().objects.exists()


def test_existing_user_is_not_touched(monkeypatch):
    monkeypatch.setenv("EDITOR_PASSWORD", GOOD_PASSWORD)
    call_command("create_editor", "amira")
    with pytest.raises(CommandError, match="already exists"):
        call_command("create_editor", "amira", "--reviewer")
    assert not is_reviewer(get_user_model().objects.get(username="amira"))
