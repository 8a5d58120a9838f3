"""The learner's year and the employer's list cost the same number of SQL queries however
many records or people there are: no query per row."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from factories import PersonFactory, registered, verified
from jxjy.ledger import services as ledger


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def add_records(world, count: int, start: int = 0) -> None:
    """`count` records of the home learner in 2023, of every status, from two registrars."""
    home = world.home
    for i in range(start, start + count):
        day = (dt.date(2023, 1, 1) + dt.timedelta(days=i)).isoformat()
        actor = home.provider_user if i % 2 else home.employer_user
        fields = {"date": day, "kind": "offline_theory", "hours": "1"}
        if i % 4 == 0:
            registered(actor, home.learner, **fields)
        elif i % 4 == 1:
            verified(actor, home.reviewer_user, home.learner, **fields)
        elif i % 4 == 2:
            record = registered(actor, home.learner, **fields)
            ledger.record_reject(actor=home.reviewer_user, record=record, reason="无记录")
        else:
            record = verified(actor, home.reviewer_user, home.learner, **fields)
            ledger.record_supersede(
                actor=actor, record=record, fields={**fields, "hours": "2"}, reason="更正"
            )


def test_the_learners_year_page_does_not_query_per_record(world, client) -> None:
    client.force_login(world.home.learner_user)
    add_records(world, 5)
    few = queries(client, "/me/2023/")
    add_records(world, 55, start=5)
    many = queries(client, "/me/2023/")
    assert few == many


def test_a_reviewers_view_of_a_persons_year_does_not_query_per_record(world, client) -> None:
    client.force_login(world.home.reviewer_user)
    add_records(world, 5)
    url = f"/people/{world.home.learner.pk}/2023/"
    few = queries(client, url)
    add_records(world, 55, start=5)
    assert queries(client, url) == few


def add_people(world, count: int) -> None:
    home = world.home
    for person in PersonFactory.create_batch(count, region=home.county, employer=home.employer):
        verified(
            home.provider_user,
            home.reviewer_user,
            person,
            date="2023-03-01",
            kind="offline_theory",
            hours="2",
        )


def test_the_employers_list_does_not_query_per_person(world, client) -> None:
    client.force_login(world.home.employer_user)
    add_people(world, 5)
    url = "/employer/people/?year=2023&sort=short_by"
    few = queries(client, url)
    add_people(world, 55)
    assert queries(client, url) == few
    assert queries(client, url + "&page=3") == few


def test_the_reviewers_queue_and_the_providers_list_do_not_query_per_record(world, client) -> None:
    add_records(world, 5)
    client.force_login(world.home.reviewer_user)
    queue = queries(client, "/reviewer/queue/")
    client.force_login(world.home.provider_user)
    records = queries(client, "/provider/records/")
    add_records(world, 55, start=5)
    client.force_login(world.home.reviewer_user)
    assert queries(client, "/reviewer/queue/") == queue
    client.force_login(world.home.provider_user)
    assert queries(client, "/provider/records/") == records
