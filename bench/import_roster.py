"""A roster import at scale on PostgreSQL: a 100,000-row XLSX uploaded, checked and
committed, with rows per second for each phase and the peak memory.

Creates a database of its own next to the one `DATABASE_URL` names (same server, the name
`--db`, dropped and created by this script; the database in DATABASE_URL is never
touched), migrates it, and sets up 金华 (`jinhua-skills-2020`) with one training base, an
approved project, and `--known` people already on file. It then writes an XLSX of `--rows`
rows in the template's columns: a third of them the project's attendance (with its filing
number), the rest online courses and self-study; about half the rows are for the people on
file, the rest for new people the commit creates (with region and talent type). Then:

1. upload: `imports.services.batch_upload` (SHA-256, the file kept, the header checked);
2. check: what the worker runs, `imports.work.batch_validate` (every row read with
   openpyxl in read-only mode and checked; problems stored);
3. commit: `imports.work.batch_commit` (the file read and checked again inside the
   transaction, the people created, the records inserted, the standings refreshed).

The background tasks are called in this process, one after the other (django-tasks'
DummyBackend keeps what the upload queues), so each phase is timed alone. Run by hand;
it is not a test.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jxjy python bench/import_roster.py
    python bench/import_roster.py --rows 20000 --keep
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/postgres"
COUNTY = "330702"
TARGET_SECONDS = 60


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--rows", type=int, default=100_000)
    p.add_argument("--known", type=int, default=30_000, help="people already on file")
    p.add_argument("--db", default="jxjy_bench_imports", help="the database it creates")
    p.add_argument("--seed", type=int, default=20201010)
    p.add_argument("--keep", action="store_true", help="keep the database")
    return p.parse_args(argv)


def _with_db(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def recreate(server_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(_with_db(server_url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop(server_url: str, name: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(_with_db(server_url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def django_setup(db_url: str) -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="jxjy-bench-"))
    (data_dir / "static").mkdir()
    os.environ["DATABASE_URL"] = db_url
    os.environ["JXJY_DATA_DIR"] = str(data_dir)
    os.environ.pop("JXJY_DEBUG", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "jxjy.config.settings"
    import django
    from django.conf import settings

    django.setup()
    # Tasks are queued and not run: each phase is called here, and timed alone.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def id_number(serial: int, birth: dt.date) -> str:
    from jxjy.people.id_number import check_character

    first17 = f"{COUNTY}{birth:%Y%m%d}{serial % 1000:03d}"
    return first17 + check_character(first17)


def numbers(count: int, rng: random.Random, taken: set[str]) -> list[str]:
    """`count` distinct valid ID numbers (birth dates 1960-2000, any sequence)."""
    found: list[str] = []
    while len(found) < count:
        birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(40 * 365))
        number = id_number(rng.randrange(1000), birth)
        if number not in taken:
            taken.add(number)
            found.append(number)
    return found


def setup(args: argparse.Namespace, rng: random.Random) -> tuple[Any, Any, list[Any]]:
    from django.core.management import call_command
    from django.utils import timezone

    from jxjy.accounts.models import Role, User
    from jxjy.orgs.models import Organisation
    from jxjy.people.models import Person
    from jxjy.regions.models import Region, RegionPolicy, Talent
    from jxjy.training.models import Project

    call_command("migrate", verbosity=0)
    province = Region.objects.create(code="330000", name="浙江省", level=Region.Level.PROVINCE)
    city = Region.objects.create(
        code="330700", name="金华市", level=Region.Level.CITY, parent=province
    )
    county = Region.objects.create(
        code=COUNTY, name="婺城区", level=Region.Level.COUNTY, parent=city
    )
    RegionPolicy.objects.create(
        region=city,
        talent=Talent.SKILLED,
        policy_id="jinhua-skills-2020",
        valid_from=dt.date(2020, 10, 10),
    )
    base = Organisation.objects.create(
        kind=Organisation.Kind.PROVIDER,
        name="金华市技师学院",
        region=city,
        provider_level=Organisation.ProviderLevel.CITY,
        filing=Organisation.Filing.FILED,
    )
    user = User.objects.create(username="bench-provider", role=Role.PROVIDER, organisation=base)
    project = Project.objects.create(
        provider=base,
        title="数控车工技能提升班",
        kind="offline_theory",
        talent=Talent.SKILLED,
        region=city,
        start_date=dt.date(2025, 3, 1),
        end_date=dt.date(2025, 11, 30),
        capacity=100_000,
        enrol_until=dt.date(2025, 3, 1),
        status=Project.Status.APPROVED,
        filing_number="330700-2025-00001",
        created_by=user,
        decided_at=timezone.now(),
    )
    taken: set[str] = set()
    known = [
        Person(
            name=f"在册{i}",
            gender="M" if int(n[16]) % 2 else "F",
            id_number=n,
            birth_date=dt.date(int(n[6:10]), int(n[10:12]), int(n[12:14])),
            region=county,
            talent=Talent.SKILLED,
        )
        for i, n in enumerate(numbers(args.known, rng, taken))
    ]
    Person.objects.bulk_create(known, batch_size=5000)
    return user, project, [known, taken]


def roster(
    args: argparse.Namespace, rng: random.Random, project: Any, known: list[Any], taken: set[str]
) -> bytes:
    from openpyxl import Workbook

    from jxjy.imports.columns import COLUMNS

    book = Workbook(write_only=True)
    sheet = book.create_sheet("花名册")
    sheet.append([c.header for c in COLUMNS])
    where = {c.field: i for i, c in enumerate(COLUMNS)}
    fresh = numbers(args.rows // 2, rng, taken)
    days = [project.start_date + dt.timedelta(days=d) for d in range(270)]
    for index in range(args.rows):
        cells: list[Any] = [None] * len(COLUMNS)
        if index % 2 == 0:
            person = known[index // 2 % len(known)]
            cells[where["id_number"]] = person.id_number
            cells[where["name"]] = person.name
        else:
            cells[where["id_number"]] = fresh[index // 2]
            cells[where["name"]] = f"新学员{index}"
            cells[where["region_code"]] = COUNTY
            cells[where["talent"]] = "技能人才"
        day = days[index % len(days)]
        cells[where["date"]] = day
        kind = index % 3
        if kind == 0:
            cells[where["filing_number"]] = project.filing_number
            cells[where["kind"]] = "线下理论学习"
            cells[where["hours"]] = rng.choice((4, 6, 8))
            cells[where["title"]] = project.title
        elif kind == 1:
            cells[where["kind"]] = "线上课程"
            cells[where["minutes"]] = rng.choice((45, 90, 120))
            cells[where["title"]] = f"在线课程{index % 50}"
        else:
            cells[where["kind"]] = "自学"
            cells[where["hours"]] = Decimal(rng.choice((2, 3, 4)))
            cells[where["title"]] = f"自学读书笔记{index % 20}"
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    server = os.environ.get("DATABASE_URL", DEFAULT_URL)
    recreate(server, args.db)
    url = _with_db(server, args.db)
    django_setup(url)
    rng = random.Random(args.seed)
    try:
        run(args, rng)
    finally:
        if args.keep:
            print(f"database kept    {args.db}")
        else:
            drop(server, args.db)


def run(args: argparse.Namespace, rng: random.Random) -> None:
    from jxjy.imports import progress, services, work
    from jxjy.imports.models import ImportBatch
    from jxjy.ledger.models import CreditRecord

    started = time.perf_counter()
    user, project, (known, taken) = setup(args, rng)
    data = roster(args, rng, project, known, taken)
    print(f"database         {args.db} (PostgreSQL), {args.known:,} people on file")
    print(
        f"generated        {args.rows:,} rows, {len(data) / 2**20:.1f} MiB XLSX in "
        f"{time.perf_counter() - started:.1f} s"
    )

    phases: dict[str, float] = {}
    real = progress.progress_set

    def timed(batch_id: int, phase: str, done: int, total: int) -> None:
        phases.setdefault(phase, time.perf_counter())
        real(batch_id, phase, done, total)

    for module in (work, progress):
        module.progress_set = timed  # type: ignore[attr-defined]

    t0 = time.perf_counter()
    batch = services.batch_upload(actor=user, filename="roster.xlsx", chunks=[data], size=len(data))
    t1 = time.perf_counter()
    t_check = time.perf_counter()
    work.batch_validate(batch_id=batch.pk)
    t2 = time.perf_counter()
    check_phases = dict(phases)
    batch.refresh_from_db()
    assert batch.problem_count == 0, list(batch.problems.values_list("row", "code")[:5])
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.COMMITTING, committed_by=user
    )
    phases.clear()
    t3 = time.perf_counter()
    work.batch_commit(batch_id=batch.pk)
    t4 = time.perf_counter()
    commit_phases = dict(phases)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMMITTED, batch.failure
    assert CreditRecord.objects.filter(batch=str(batch.key)).count() == args.rows

    rows = args.rows

    def line(name: str, seconds: float, extra: str = "") -> None:
        print(f"{name:<16} {seconds:7.2f} s  {rows / seconds:10,.0f} rows/s{extra}")

    print(f"people created   {batch.people_created:,}; records registered {batch.registered:,}")
    line("upload", t1 - t0, "  (SHA-256, the file kept, its header checked)")
    line("check", t2 - t_check, _split(check_phases, t_check, t2))
    line("commit", t4 - t3, _split(commit_phases, t3, t4))
    total = (t1 - t0) + (t2 - t_check) + (t4 - t3)
    verdict = "meets" if total < TARGET_SECONDS else "misses"
    line("total", total, f"  (target under {TARGET_SECONDS} s: {verdict})")
    print(f"peak RSS         {rss_mib():.1f} MiB (ru_maxrss)")


def _split(phases: dict[str, float], start: float, end: float) -> str:
    """Seconds in each phase the progress reported, in order."""
    marks = sorted(phases.items(), key=lambda item: item[1])
    parts = []
    for index, (name, at) in enumerate(marks):
        until = marks[index + 1][1] if index + 1 < len(marks) else end
        parts.append(f"{name} {until - at:.1f}")
    head = marks[0][1] - start if marks else 0.0
    return f"  ({'; '.join(parts)}; before {head:.1f})" if parts else ""


if __name__ == "__main__":
    main()
