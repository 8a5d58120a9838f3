"""Page latency at scale: the learner's year page and the employer's list on PostgreSQL.

Generates a database of its own (`jxjy_bench` on the local cluster, dropped and created by
this script) with `--learners` learners and `--records` credit records, one employer of
`--employer-size` people among many small ones, and each person-year's stored standing;
then times pages through django.test.Client, logged in with force_login, and prints
p50/p95/max and the SQL queries each page makes. Run by hand; it is not a test.

    python bench/pages.py                           # 100,000 learners, 2,000,000 records
    python bench/pages.py --learners 10000 --records 200000 --keep
    python bench/pages.py --reuse --explain         # time again on the kept database

The standings are computed here with the engine (`Engine.evaluate_year` over each person's
verified records, exactly what `evaluation.services.person_years_refresh` stores) and
written with COPY, not through that service: a service call per person costs several
queries, and would take far longer than the measurement itself.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
YEARS_BACK = 3  # records fall in this many years, ending with --year

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余"
    "于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷"
    "龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文辉鹏飞宇浩然晨阳欣"
    "怡子涵梓轩思远海波志强春梅金凤德胜永福"
)
TITLES = [
    "数控车床操作规程",
    "安全生产法律法规",
    "职业道德与工匠精神",
    "焊接工艺与质量控制",
    "电工基础与安全用电",
    "智能制造概论",
    "液压与气动技术",
    "工业机器人编程",
    "钳工技能实训",
    "质量管理体系",
]
COUNTIES = [
    ("330702", "婺城区"),
    ("330703", "金东区"),
    ("330723", "武义县"),
    ("330726", "浦江县"),
    ("330727", "磐安县"),
    ("330781", "兰溪市"),
    ("330782", "义乌市"),
    ("330783", "东阳市"),
    ("330784", "永康市"),
]


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    this_year = dt.date.today().year  # noqa: DTZ011 - a default, not a timestamp
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--learners", type=int, default=100_000)
    p.add_argument("--records", type=int, default=2_000_000)
    p.add_argument("--employer-size", type=int, default=2_000, help="people of the big employer")
    p.add_argument("--year", type=int, default=this_year, help="the year the pages show")
    p.add_argument("--requests", type=int, default=200, help="timed requests per page")
    p.add_argument("--seed", type=int, default=20201010)
    p.add_argument("--db", default="jxjy_bench", help="database to create (and drop)")
    p.add_argument("--admin-url", default=ADMIN_URL, help="where to create the database")
    p.add_argument("--keep", action="store_true", help="keep the database afterwards")
    p.add_argument("--reuse", action="store_true", help="time the kept database again")
    p.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the slow queries")
    return p.parse_args(argv)


# ---------------------------------------------------------------------------------------
# The database


def admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql)


def database_exists(url: str, name: str) -> bool:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute("select 1 from pg_database where datname = %s", [name]).fetchone()
    return row is not None


def django_setup(db_url: str) -> None:
    """Settings read the environment at import: point them at the bench database first."""
    data_dir = Path(tempfile.mkdtemp(prefix="jxjy-bench-"))
    (data_dir / "static").mkdir()
    os.environ["DATABASE_URL"] = db_url
    os.environ["JXJY_DATA_DIR"] = str(data_dir)
    os.environ["JXJY_ALLOWED_HOSTS"] = "testserver"
    os.environ.pop("JXJY_DEBUG", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "jxjy.config.settings"
    import django

    django.setup()


def copy_rows(model: Any, rows: Iterable[dict[str, Any]]) -> int:
    """COPY `rows` (column name to value; absent columns take the field's default) into
    the table of `model`. Returns how many."""
    from django.db import connection

    fields = model._meta.concrete_fields
    columns = [f.column for f in fields]
    defaults = {
        f.column: (f.get_default() if f.has_default() or not f.null else None) for f in fields
    }
    connection.ensure_connection()
    raw = connection.connection
    count = 0
    with raw.cursor() as cur:
        names = ", ".join(f'"{c}"' for c in columns)
        with cur.copy(f'COPY "{model._meta.db_table}" ({names}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row([row.get(c, defaults[c]) for c in columns])
                count += 1
    return count


def reset_sequence(model: Any) -> None:
    from django.db import connection

    table = model._meta.db_table
    with connection.cursor() as cur:
        cur.execute(
            f"select setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
            f'coalesce((select max(id) from "{table}"), 1))'
        )


# ---------------------------------------------------------------------------------------
# Generating


def id_number(region: str, index: int, male: bool) -> str:
    """A valid, unique resident ID number for person `index` (unique below 6 million)."""
    from jxjy.people.id_number import check_character

    birth = dt.date(1965, 1, 1) + dt.timedelta(days=index % 12_000)
    seq = (index // 12_000) * 2 + (1 if male else 0)
    first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
    return first17 + check_character(first17)


def credit_code(index: int) -> str:
    from jxjy.orgs.credit_code import check_character

    first17 = f"91330700MA{index:07d}"
    return first17 + check_character(first17)


def record_fields(rng: random.Random, year: int) -> dict[str, str]:
    """The fields of one plausible 金华 record, as a form or an import would give them."""
    day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
    pick = rng.random()
    fields: dict[str, str] = {"date": day.isoformat(), "title": rng.choice(TITLES)}
    if pick < 0.40:
        fields.update(kind="online_course", credits=str(rng.choice([1, 2, 3, 4, 5])))
        if rng.random() < 0.25:
            fields["subject"] = "public"
    elif pick < 0.48:
        fields.update(kind="online_exam", credits=str(rng.choice([2, 4, 6])))
    elif pick < 0.73:
        fields.update(kind="offline_theory", hours=str(rng.randrange(2, 17) / 2))
        if rng.random() < 0.1:
            span = rng.randrange(1, 3)
            fields["end_date"] = (day + dt.timedelta(days=span)).isoformat()
            fields["hours"] = str(rng.randrange(2, 8 * (span + 1)))
    elif pick < 0.93:
        fields.update(kind="offline_practice", hours=str(rng.randrange(1, 13) / 2))
    elif pick < 0.96:
        fields.update(
            kind="seminar_program",
            level=rng.choice(["national", "provincial", "municipal", "county"]),
            approved="true" if rng.random() < 0.95 else "false",
        )
    elif pick < 0.98:
        fields.update(kind="publication", level=rng.choice(["core", "provincial", "other"]))
    elif pick < 0.99:
        fields.update(
            kind="competition",
            level=rng.choice(["national", "provincial", "municipal", "county"]),
            rank=str(rng.randrange(1, 10)),
        )
    else:
        fields.update(
            kind="research_project", level=rng.choice(["provincial", "municipal", "county"])
        )
    if rng.random() < 0.02:
        fields["passed"] = "false"
    return fields


class World:
    """Ids of what the people and records refer to."""

    def __init__(self) -> None:
        self.counties: list[int] = []
        self.county_codes: list[str] = []
        self.providers: list[int] = []
        self.provider_users: list[int] = []
        self.big_employer = 0
        self.employers: list[tuple[int, int]] = []  # (organisation, county index)
        self.reviewer = 0


def make_world(args: argparse.Namespace) -> World:
    from jxjy.accounts.models import Role, User
    from jxjy.orgs.models import Organisation
    from jxjy.regions.models import Region, RegionPolicy, Talent

    w = World()
    province = Region.objects.create(code="330000", name="浙江省", level=Region.Level.PROVINCE)
    city = Region.objects.create(
        code="330700", name="金华市", level=Region.Level.CITY, parent=province
    )
    RegionPolicy.objects.create(
        region=city,
        talent=Talent.SKILLED,
        policy_id="jinhua-skills-2020",
        valid_from=dt.date(2020, 10, 10),
    )
    for code, name in COUNTIES:
        county = Region.objects.create(code=code, name=name, level=Region.Level.COUNTY, parent=city)
        w.counties.append(county.pk)
        w.county_codes.append(code)
    for i in range(20):
        org = Organisation.objects.create(
            kind=Organisation.Kind.PROVIDER,
            name=f"金华第{i + 1}职业技能培训学校",
            credit_code=credit_code(i + 1),
            region_id=w.counties[i % len(w.counties)],
            provider_level=Organisation.ProviderLevel.COUNTY,
            filing=Organisation.Filing.FILED,
        )
        w.providers.append(org.pk)
        user = User.objects.create(username=f"provider{i}", role=Role.PROVIDER, organisation=org)
        w.provider_users.append(user.pk)
    w.reviewer = User.objects.create(username="reviewer", role=Role.REVIEWER, region=city).pk
    small = max(1, (args.learners - args.employer_size) // 50)
    employers = [
        Organisation(
            kind=Organisation.Kind.EMPLOYER,
            name="金华机床厂" if j == 0 else f"金华第{j}机械有限公司",
            credit_code=credit_code(1000 + j),
            region_id=w.counties[j % len(w.counties)],
        )
        for j in range(small + 1)
    ]
    Organisation.objects.bulk_create(employers, batch_size=2000)
    w.employers = [(e.pk, j % len(w.counties)) for j, e in enumerate(employers)]
    w.big_employer = employers[0].pk
    return w


def person_rows(args: argparse.Namespace, w: World, rng: random.Random) -> Iterator[dict]:
    from jxjy.regions.models import Talent

    for i in range(args.learners):
        if i < args.employer_size:
            employer, county = w.employers[0]
        else:
            employer, county = w.employers[1 + (i - args.employer_size) % (len(w.employers) - 1)]
        male = rng.random() < 0.6
        name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice([1, 2])))
        yield {
            "id": i + 1,
            "name": name,
            "gender": "M" if male else "F",
            "id_number": id_number(w.county_codes[county], i, male),
            "phone": f"13{rng.randrange(10**9):09d}",
            "employer_id": employer,
            "region_id": w.counties[county],
            "talent": Talent.SKILLED.value,
            "occupation": "车工",
            "skill_grade": rng.choice([5, 4, 3, 2]),
        }


def records_per_person(args: argparse.Namespace, rng: random.Random) -> list[int]:
    """How many records each person has: skewed (a few have many), summing to --records."""
    weights = [rng.lognormvariate(0, 0.6) for _ in range(args.learners)]
    counts = [0] * args.learners
    for person in rng.choices(range(args.learners), weights=weights, k=args.records):
        counts[person] += 1
    return counts


def generate(args: argparse.Namespace) -> None:
    from django.core.management import call_command
    from django.db import connection

    from jxjy.evaluation.bridge import engine
    from jxjy.evaluation.models import PersonYear
    from jxjy.ledger.models import CreditRecord, record_columns
    from jxjy.people.models import Person
    from jxjy.policy.reading import parse_fields

    rng = random.Random(args.seed)
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    w = make_world(args)
    n = copy_rows(Person, person_rows(args, w, rng))
    reset_sequence(Person)
    print(f"people            {n:,} in {time.perf_counter() - t0:.1f} s")

    t1 = time.perf_counter()
    eng = engine("jinhua-skills-2020")
    total_id = eng.policy.total_requirement.id
    counts = records_per_person(args, rng)
    years = list(range(args.year - YEARS_BACK + 1, args.year + 1))
    now = dt.datetime.now(dt.UTC)
    standings: list[dict[str, Any]] = []
    evaluate_seconds = 0.0

    def records() -> Iterator[dict[str, Any]]:
        nonlocal evaluate_seconds
        next_id = 1
        for index, count in enumerate(counts):
            person_id = index + 1
            verified = []
            pending: dict[int, int] = {}
            touched: set[int] = set()
            for _ in range(count):
                fields = record_fields(rng, rng.choice(years))
                parsed = parse_fields(next_id, {**fields, "person_id": str(person_id)})
                assert not isinstance(parsed, list), (fields, parsed)
                draw = rng.random()
                status = "verified" if draw < 0.87 else "registered" if draw < 0.97 else "rejected"
                year = (parsed.end_date or parsed.date).year
                touched.add(year)
                if status == "verified":
                    verified.append(parsed)
                elif status == "registered":
                    pending[year] = pending.get(year, 0) + 1
                provider = rng.randrange(len(w.providers))
                yield {
                    "id": next_id,
                    "person_id": person_id,
                    **record_columns(parsed),
                    "registered_by_id": w.providers[provider],
                    "registered_by_user_id": w.provider_users[provider],
                    "source": "import",
                    "batch": f"bench-{provider}",
                    "created": now,
                    "status": status,
                    "decided_by_id": w.reviewer if status != "registered" else None,
                    "decided_at": now if status != "registered" else None,
                    "reason": "材料不全" if status == "rejected" else "",
                }
                next_id += 1
            started = time.perf_counter()
            for year in sorted(touched):
                result = eng.evaluate_year(verified, year, person_id=str(person_id))
                req = next(r for r in result.requirements if r.id == total_id)
                standings.append(
                    {
                        "id": len(standings) + 1,
                        "person_id": person_id,
                        "year": year,
                        "policy": result.policy,
                        "policy_version": result.policy_version,
                        "unit": str(result.unit),
                        "total": result.total,
                        "required": req.required,
                        "short_by": Decimal(0)
                        if result.compliant
                        else max(req.required - result.total, Decimal(0)),
                        "unmet": len(result.shortfalls),
                        "compliant": result.compliant,
                        "deemed": result.deemed_complete is not None,
                        "pending": pending.get(year, 0),
                        "updated": now,
                    }
                )
            evaluate_seconds += time.perf_counter() - started

    n = copy_rows(CreditRecord, records())
    reset_sequence(CreditRecord)
    elapsed = time.perf_counter() - t1
    print(
        f"records           {n:,} in {elapsed:.1f} s "
        f"(of which the engine's standings {evaluate_seconds:.1f} s)"
    )
    t2 = time.perf_counter()
    n = copy_rows(PersonYear, standings)
    reset_sequence(PersonYear)
    with connection.cursor() as cur:
        cur.execute("analyze")
    print(f"standings         {n:,} person-years in {time.perf_counter() - t2:.1f} s (+ analyze)")


# ---------------------------------------------------------------------------------------
# Measuring


def users(args: argparse.Namespace, rng: random.Random) -> tuple[list[Any], Any]:
    """Learner accounts for a sample of people (a few of the big employer's among them),
    and the big employer's admin. Made on every run; accounts are not part of the load."""
    from django.db.models import Count

    from jxjy.accounts.models import Role, User
    from jxjy.orgs.models import Organisation
    from jxjy.people.models import Person

    User.objects.filter(username__startswith="bench-").delete()
    big = Organisation.objects.filter(kind=Organisation.Kind.EMPLOYER).order_by("pk").first()
    assert big is not None
    last = Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    sample = sorted(set(rng.sample(range(1, last + 1), k=min(20, last))))
    # And the person with the most records: the learner page's worst case.
    heaviest = (
        Person.objects.annotate(n=Count("records")).order_by("-n").values_list("pk", flat=True)
    )[:1]
    sample += [pk for pk in heaviest if pk not in sample]
    learners = [
        User.objects.create(username=f"bench-learner-{pk}", role=Role.LEARNER, person_id=pk)
        for pk in sample
    ]
    employer = User.objects.create(username="bench-employer", role=Role.EMPLOYER, organisation=big)
    return learners, employer


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def time_pages(
    label: str, client: Any, urls: Sequence[str], requests: int, target_ms: float
) -> list[float]:
    for url in urls[:3]:  # warm: templates, the engine's policy, the session
        assert client.get(url).status_code == 200, url
    times = []
    for i in range(requests):
        url = urls[i % len(urls)]
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    p95 = percentile(times, 0.95)
    verdict = "meets" if p95 < target_ms else "MISSES"
    print(
        f"{label:<34} p50 {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms   "
        f"max {max(times):7.1f} ms   (n={requests}; target p95 < {target_ms:.0f} ms: {verdict})"
    )
    return times


def queries_of(client: Any, url: str) -> list[dict[str, str]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return list(captured.captured_queries)


def explain(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cur.fetchall())


def report_queries(label: str, client: Any, url: str, show_plans: bool, every: bool) -> None:
    """The page's queries: all of them (`every`) or the two slowest, with their plans."""
    queries = queries_of(client, url)
    total = sum(float(q["time"]) for q in queries) * 1000
    print(f"  {label}: {len(queries)} SQL queries, {total:.1f} ms in the database  {url}")
    shown = queries if every else sorted(queries, key=lambda q: -float(q["time"]))[:2]
    for q in shown:
        print(f"    {float(q['time']) * 1000:6.1f} ms  {q['sql'][:110]}")
        if show_plans and q["sql"].lstrip().upper().startswith("SELECT"):
            print("      " + explain(q["sql"]).replace("\n", "\n      "))


def measure(args: argparse.Namespace) -> None:
    from django.db.models import Count
    from django.test import Client

    from jxjy.ledger.models import CreditRecord

    rng = random.Random(args.seed + 1)
    learners, employer = users(args, rng)
    load = os.getloadavg()[0]
    print(f"\nload average      {load:.2f} at the start ({os.cpu_count()} CPUs): figures taken")
    print("                  while other work runs on the machine are not comparable")
    year = args.year
    sizes = dict(
        CreditRecord.objects.filter(person_id__in=[u.person_id for u in learners])
        .values_list("person_id")
        .annotate(n=Count("id"))
    )
    counts = sorted(sizes.get(u.person_id, 0) for u in learners)
    print(
        f"learners sampled  {len(learners)}, with {counts[0]}–{counts[-1]} records each "
        f"(median {statistics.median(counts):.0f}; the last is the one with the most)"
    )

    # The learner's year page, as several learners in turn.
    clients = []
    for user in learners:
        client = Client()
        client.force_login(user)
        clients.append(client)
    for client in clients:  # warm each session once
        assert client.get(f"/me/{year}/").status_code == 200
    times: list[float] = []
    per = max(1, args.requests // len(clients))
    for i in range(args.requests):
        client = clients[(i // per) % len(clients)]
        start = time.perf_counter()
        response = client.get(f"/me/{year}/")
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    p95 = percentile(times, 0.95)
    print(
        f"{'learner /me/<year>/':<34} p50 {statistics.median(times):7.1f} ms   "
        f"p95 {p95:7.1f} ms   max {max(times):7.1f} ms   (n={args.requests}, "
        f"{len(clients)} learners; target p95 < 150 ms: {'meets' if p95 < 150 else 'MISSES'})"
    )
    heavy = clients[-1]
    time_pages("learner, the heaviest one", heavy, [f"/me/{year}/"], 30, 150)

    # The employer's list: first pages, later pages, sorted, filtered, searched.
    emp = Client()
    emp.force_login(employer)
    base = f"/employer/people/?year={year}"
    last_page = (args.employer_size + 24) // 25
    urls = [
        base,
        f"{base}&page=2",
        f"{base}&page={last_page // 2}",
        f"{base}&page={last_page}",
        f"{base}&sort=short_by",
        f"{base}&sort=total&page={max(1, last_page - 3)}",
        f"{base}&status=short",
        f"{base}&status=pending&sort=total&page=3",
        f"{base}&status=compliant&sort=short_by",
        f"{base}&q=王",
    ]
    all_times = time_pages("employer /employer/people/", emp, urls, args.requests, 500)
    by_url: dict[str, list[float]] = {}
    for i, t in enumerate(all_times):
        by_url.setdefault(urls[i % len(urls)], []).append(t)
    for url, ts in by_url.items():
        print(f"    p50 {statistics.median(ts):7.1f} ms   max {max(ts):7.1f} ms   {url}")

    print(f"load average      {os.getloadavg()[0]:.2f} at the end of the timed requests")
    print("\nSQL per page (one request each; the learner's all, the employer's two slowest)")
    report_queries("learner", clients[0], f"/me/{year}/", args.explain, every=True)
    report_queries("learner, heaviest", heavy, f"/me/{year}/", False, every=False)
    for url in (base, f"{base}&page={last_page}", f"{base}&sort=short_by&status=short"):
        report_queries("employer", emp, url, args.explain, every=False)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    db_url = args.admin_url.rsplit("/", 1)[0] + "/" + args.db
    if args.reuse and not database_exists(args.admin_url, args.db):
        sys.exit(f"--reuse: no database {args.db}; run once with --keep first")
    if not args.reuse:
        admin(args.admin_url, f'drop database if exists "{args.db}" with (force)')
        admin(args.admin_url, f'create database "{args.db}"')
    print(f"database          {db_url}")
    django_setup(db_url)
    import gc

    from jxjy.policy.batch import collect_less_often

    collect_less_often()
    try:
        if not args.reuse:
            generate(args)
        measure(args)
    finally:
        from django.db import connections

        connections.close_all()
        gc.collect()
        if not args.keep and not args.reuse:
            admin(args.admin_url, f'drop database if exists "{args.db}" with (force)')
        else:
            print(f"kept              {db_url}")
            print(f"                  (drop it: dropdb -h 127.0.0.1 -U postgres {args.db})")


if __name__ == "__main__":
    main()
