"""The admin: operators only; every write to reference data leaves an audit entry naming who
and which fields; the ledger, the standings and the audit log are read-only there."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from factories import PASSWORD, RegionFactory, UserFactory, registered
from jxjy.accounts.models import Role, User
from jxjy.audit.models import AuditEntry
from jxjy.disputes import services as disputes
from jxjy.ledger.evidence import evidence_attach
from jxjy.ledger.models import CreditRecord
from jxjy.regions.models import Region
from samples import upload


def operator_client(world) -> Client:
    client = Client()
    assert client.login(username=world.operator.username, password=PASSWORD)
    return client


def admin_entries(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("id"))


def test_an_operator_adds_a_region_and_the_audit_log_says_who_and_what(world) -> None:
    client = operator_client(world)
    response = client.post(
        "/admin/regions/region/add/",
        {"code": "330784", "name": "永康市", "level": "county", "parent": world.home.city.pk},
    )
    assert response.status_code == 302
    region = Region.objects.get(code="330784")
    assert region.path == "330000/330700/330784/"
    [entry] = admin_entries("admin.add")
    assert entry.actor == world.operator
    assert (entry.target_type, entry.target_id) == ("regions.region", str(region.pk))
    assert entry.detail == {"fields": ["code", "level", "name", "parent"]}


def test_an_operator_renames_a_region_and_only_the_name_is_logged(world) -> None:
    client = operator_client(world)
    city = world.home.city
    response = client.post(
        f"/admin/regions/region/{city.pk}/change/", {"name": "金华市（改）", "level": "city"}
    )
    assert response.status_code == 302
    city.refresh_from_db()
    assert city.name == "金华市（改）"
    [entry] = admin_entries("admin.change")
    assert entry.actor == world.operator
    assert entry.target_id == str(city.pk)
    assert entry.detail == {"fields": ["name"]}


def test_a_region_with_regions_below_keeps_its_code_and_parent(world) -> None:
    """Their paths are built from the code; moving it would strand them."""
    client = operator_client(world)
    city = world.home.city
    client.post(
        f"/admin/regions/region/{city.pk}/change/",
        {"code": "999999", "name": city.name, "level": "city", "parent": ""},
    )
    city.refresh_from_db()
    assert (city.code, city.parent) == ("330700", world.home.province)
    assert world.home.county.path == "330000/330700/330702/"


def test_deleting_through_the_admin_is_logged(world) -> None:
    client = operator_client(world)
    lone = RegionFactory(code="810000", name="香港特别行政区", level=Region.Level.PROVINCE)
    response = client.post(f"/admin/regions/region/{lone.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Region.objects.filter(pk=lone.pk).exists()
    [entry] = admin_entries("admin.delete")
    assert (entry.actor, entry.target_id) == (world.operator, str(lone.pk))


def test_deleting_several_at_once_logs_each(world) -> None:
    client = operator_client(world)
    lone = [
        RegionFactory(code=code, name=name, level=Region.Level.PROVINCE)
        for code, name in (("810000", "香港特别行政区"), ("820000", "澳门特别行政区"))
    ]
    response = client.post(
        "/admin/regions/region/",
        {"action": "delete_selected", "_selected_action": [r.pk for r in lone], "post": "yes"},
    )
    assert response.status_code == 302
    assert {e.target_id for e in admin_entries("admin.delete")} == {str(r.pk) for r in lone}


@pytest.mark.parametrize("role", [Role.LEARNER, Role.EMPLOYER, Role.PROVIDER, Role.REVIEWER])
def test_no_one_but_operators_gets_into_the_admin(world, role: Role) -> None:
    user = {
        Role.LEARNER: world.home.learner_user,
        Role.EMPLOYER: world.home.employer_user,
        Role.PROVIDER: world.home.provider_user,
        Role.REVIEWER: world.home.reviewer_user,
    }[role]
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert client.get("/admin/regions/region/").status_code == 302


def test_the_ledger_is_read_only_in_the_admin(world) -> None:
    home = world.home
    record = registered(
        home.provider_user, home.learner, date="2023-03-01", kind="offline_theory", hours="8"
    )
    client = operator_client(world)
    base = "/admin/ledger/creditrecord/"
    assert client.get(base).status_code == 200
    page = client.get(f"{base}{record.pk}/change/")
    assert page.status_code == 200
    assert b'name="_save"' not in page.content  # shown, not editable
    assert client.get(f"{base}add/").status_code == 403
    changed = client.post(f"{base}{record.pk}/change/", {"hours": "24", "status": "verified"})
    assert changed.status_code == 403
    assert client.post(f"{base}{record.pk}/delete/", {"post": "yes"}).status_code == 403
    record.refresh_from_db()
    assert (record.hours, record.status) == (8, "registered")
    assert CreditRecord.objects.count() == 1
    for other in ("/admin/evaluation/personyear/add/", "/admin/audit/auditentry/add/"):
        assert client.get(other).status_code == 403


def test_people_are_listed_with_the_id_number_masked_and_found_by_name(world) -> None:
    client = operator_client(world)
    learner = world.home.learner
    page = client.get("/admin/people/person/", {"q": learner.name}).content.decode()
    assert learner.masked_id_number in page
    assert learner.id_number not in page
    assert world.other.learner.name not in page


def test_changing_a_person_logs_field_names_never_values(world) -> None:
    client = operator_client(world)
    person = world.home.learner
    page = client.get(f"/admin/people/person/{person.pk}/change/")
    assert page.status_code == 200
    form = {
        "name": person.name,
        "gender": person.gender,
        "id_number": person.id_number,
        "phone": "13900000000",
        "region": person.region_id,
        "employer": person.employer_id,
        "talent": person.talent,
        "occupation": "数控车工",
    }
    response = client.post(f"/admin/people/person/{person.pk}/change/", form)
    assert response.status_code == 302
    [entry] = admin_entries("admin.change")
    assert entry.detail == {"fields": ["occupation", "phone"]}
    assert person.id_number not in str(entry.detail)


def test_an_operator_sets_a_users_role_and_scope_and_it_is_logged(world) -> None:
    client = operator_client(world)
    user = UserFactory(username="new-reviewer", role=Role.REVIEWER, region=world.home.city)
    joined = timezone.localtime(user.date_joined)
    form = {
        "username": user.username,
        "role": Role.REVIEWER,
        "region": world.other.city.pk,
        "is_active": "on",
        "date_joined_0": f"{joined:%Y-%m-%d}",
        "date_joined_1": f"{joined:%H:%M:%S}",
        # the page's hidden copy of a field with a callable default, as a browser posts it
        "initial-date_joined_0": f"{joined:%Y-%m-%d}",
        "initial-date_joined_1": f"{joined:%H:%M:%S}",
    }
    response = client.post(f"/admin/accounts/user/{user.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    user.refresh_from_db()
    assert user.region == world.other.city
    [entry] = admin_entries("admin.change")
    assert entry.detail == {"fields": ["region"]}


def test_only_an_operator_may_be_made_staff(world) -> None:
    client = operator_client(world)
    user = world.home.learner_user
    form = {
        "username": user.username,
        "role": Role.LEARNER,
        "person": user.person_id,
        "is_active": "on",
        "is_staff": "on",
        "date_joined_0": "2026-01-05",
        "date_joined_1": "09:00:00",
    }
    response = client.post(f"/admin/accounts/user/{user.pk}/change/", form)
    assert response.status_code == 200  # the form again, with the error
    assert not User.objects.get(pk=user.pk).is_staff
    assert not admin_entries("admin.change")


def test_setting_a_password_in_the_admin_is_logged(world) -> None:
    client = operator_client(world)
    user = world.home.learner_user
    response = client.post(
        f"/admin/accounts/user/{user.pk}/password/",
        {"password1": "a-new-pass-2026", "password2": "a-new-pass-2026"},
    )
    assert response.status_code == 302
    [entry] = admin_entries("admin.change")
    assert entry.detail == {"fields": ["password"]}
    assert "a-new-pass-2026" not in str(entry.detail)


def test_the_audit_log_shows_entries_read_only(world) -> None:
    client = operator_client(world)
    client.post(
        "/admin/regions/region/add/",
        {"code": "330784", "name": "永康市", "level": "county", "parent": world.home.city.pk},
    )
    entry = AuditEntry.objects.get()
    page = client.get(f"/admin/audit/auditentry/{entry.pk}/change/")
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert (
        client.post(f"/admin/audit/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_evidence_and_disputes_are_shown_read_only_and_files_only_by_the_scoped_view(
    world, store
) -> None:
    """Operators see evidence and disputes in the admin; they change them only through the
    services. An evidence file's stored name never appears: its link is the scoped view."""
    home = world.home
    record = registered(
        home.provider_user, home.learner, date="2023-03-01", kind="offline_theory", hours="8"
    )
    file = upload("image/jpeg")
    evidence = evidence_attach(
        actor=home.provider_user, target=record, file=file, name=file.name, description="签到"
    )
    dispute = disputes.dispute_open(actor=home.learner_user, record=record, reason="学时少记")
    client = operator_client(world)
    pages = (("/admin/ledger/evidence/", evidence.pk), ("/admin/disputes/dispute/", dispute.pk))
    for base, pk in pages:
        assert client.get(base).status_code == 200, base
        page = client.get(f"{base}{pk}/change/")
        assert page.status_code == 200, base
        assert b'name="_save"' not in page.content, base
        assert client.get(f"{base}add/").status_code == 403, base
        assert client.post(f"{base}{pk}/delete/", {"post": "yes"}).status_code == 403, base
    shown = client.get(f"/admin/ledger/evidence/{evidence.pk}/change/").content.decode()
    assert f'href="/evidence/{evidence.pk}/"' in shown
    assert evidence.file.name not in shown
    disputed = client.get(f"/admin/disputes/dispute/{dispute.pk}/change/").content.decode()
    assert "学时少记" in disputed
