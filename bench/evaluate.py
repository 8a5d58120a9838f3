"""Benchmark: `jxjy evaluate --policy jinhua-skills-2020 --json` on a large generated file.

Generates a CSV of N records for P people (a seeded mix of Jinhua activity kinds), then
times the path the CLI takes: `read_records`, `evaluate_people`, and `year_json` with
`write_json_array` into a file. Prints throughput, wall seconds per phase and peak memory.

    python bench/evaluate.py                         # 1,000,000 records, 50,000 people
    python bench/evaluate.py --records 200000 --people 10000 --keep
    python bench/evaluate.py --profile 25            # plus cProfile's top 25 functions

Not a test: run it by hand. See bench/README.md.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import gc
import importlib.machinery
import pstats
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import jxjy.policy.engine
from jxjy.policy.batch import collect_less_often, evaluate_people
from jxjy.policy.engine import Engine
from jxjy.policy.loader import load_policy
from jxjy.policy.reading import read_records
from jxjy.policy.serialize import write_json_array, year_json

POLICY = "jinhua-skills-2020"
TARGET_RECORDS_PER_SECOND = 100_000

COLUMNS = (
    "person_id",
    "date",
    "end_date",
    "kind",
    "subject",
    "hours",
    "credits",
    "level",
    "rank",
    "count",
    "approved",
    "passed",
)

# (kind, weight): online learning dominates, pathways of （十一） are rarer.
KIND_WEIGHTS = (
    ("online_course", 30),
    ("online_exam", 10),
    ("offline_theory", 20),
    ("offline_practice", 15),
    ("seminar_program", 8),
    ("publication", 7),
    ("competition", 5),
    ("research_project", 5),
)
SEMINAR_LEVELS = ("international", "national", "provincial", "municipal", "county")
PUBLICATION_LEVELS = ("core", "national", "provincial", "municipal", "county", "other")
ADMIN_LEVELS = ("national", "provincial", "municipal", "county")


# ---------------------------------------------------------------------------------------
# Generating the file


def _row(rng: random.Random, person: str, year: int, kind: str) -> list[str]:
    """One valid CSV row of `kind` for `person`: realistic values, some edge cases."""
    start_of_year = date(year, 1, 1)
    # 2% of records fall in the previous year: they are read and explained, not counted.
    day = start_of_year + timedelta(days=rng.randrange(365))
    if rng.random() < 0.02:
        day -= timedelta(days=365)
    end = ""
    subject = ""
    hours = credits = level = rank = count = approved = passed = ""
    if kind == "online_course":
        credits = f"{rng.randint(5, 60) / 10:g}"
        if rng.random() < 0.25:
            subject = "public"
    elif kind == "online_exam":
        credits = str(rng.randint(1, 10))
        if rng.random() < 0.1:
            subject = "public"
    elif kind in ("offline_theory", "offline_practice"):
        # Up to 8 hours a day: theory over 6 h (12 credits) and practice over 6 h
        # (18 credits) exceed the daily caps of （十）第二款.
        if rng.random() < 0.12:
            span = rng.randint(2, 5)
            end = (day + timedelta(days=span - 1)).isoformat()
            if end[:4] != str(day.year):  # keep multi-day records inside one year
                day = date(day.year, 12, 31) - timedelta(days=span - 1)
                end = date(day.year, 12, 31).isoformat()
            hours = f"{rng.randint(span * 2, span * 8)}"
        else:
            hours = f"{rng.randint(2, 16) / 2:g}"
        if rng.random() < 0.1:
            subject = "public"
    elif kind == "seminar_program":
        span = rng.randint(1, 5)
        if span > 1 and day.timetuple().tm_yday <= 360:
            end = (day + timedelta(days=span - 1)).isoformat()
        level = rng.choice(SEMINAR_LEVELS)
        if rng.random() < 0.05:
            approved = "false"
    elif kind == "publication":
        level = rng.choice(PUBLICATION_LEVELS)
        if rng.random() < 0.2:
            count = "2"
    elif kind == "competition":
        level = rng.choice(ADMIN_LEVELS)
        rank = str(rng.randint(1, 8))
    elif kind == "research_project":
        level = rng.choice(ADMIN_LEVELS)
    if rng.random() < 0.02:
        passed = "false"
    return [
        person,
        day.isoformat(),
        end,
        kind,
        subject,
        hours,
        credits,
        level,
        rank,
        count,
        approved,
        passed,
    ]


def generate(path: Path, records: int, people: int, year: int, seed: int) -> None:
    """Write `records` rows for `people` people (each at least once) in random order."""
    rng = random.Random(seed)
    kinds = [k for k, _ in KIND_WEIGHTS]
    weights = [w for _, w in KIND_WEIGHTS]
    ids = [f"P{i:07d}" for i in range(people)]
    owners = ids[: min(people, records)]
    owners += rng.choices(ids, k=records - len(owners))
    rng.shuffle(owners)
    chosen = rng.choices(kinds, weights=weights, k=records)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(
            _row(rng, person, year, kind) for person, kind in zip(owners, chosen, strict=True)
        )


# ---------------------------------------------------------------------------------------
# The timed path


@dataclass
class Timings:
    read: float
    evaluate: float
    serialise: float
    records: int
    people: int
    cpu_results: float  # CPU seconds of read + evaluate: less moved by other work on the machine
    cpu_total: float

    @property
    def total(self) -> float:
        return self.read + self.evaluate + self.serialise


def run_once(path: Path, year: int, out: Path) -> Timings:
    """What `jxjy evaluate --policy jinhua-skills-2020 --year Y --json FILE > out` does."""
    engine = Engine(load_policy(POLICY))
    collect_less_often()

    cpu_started = time.process_time()
    started = time.perf_counter()
    result = read_records(path)
    read = time.perf_counter() - started
    if result.errors:
        first = result.errors[0].message("en")
        raise SystemExit(f"generated file has {len(result.errors)} invalid rows; {first}")

    started = time.perf_counter()
    years = list(evaluate_people(engine, result.records, year))
    evaluate = time.perf_counter() - started
    cpu_results = time.process_time() - cpu_started

    started = time.perf_counter()
    with out.open("wb") as handle:
        write_json_array((year_json(r, "zh") for r in years), handle)
    serialise = time.perf_counter() - started
    cpu_total = time.process_time() - cpu_started
    records, people = len(result.records), len(years)
    return Timings(read, evaluate, serialise, records, people, cpu_results, cpu_total)


def _engine_build() -> str:
    """Whether this run uses the engine compiled by mypyc (a regular install) or pure Python
    (an editable one): the compiled engine is about half as fast again (ADR 6)."""
    path = Path(jxjy.policy.engine.__file__ or "")
    if path.name.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES)):
        return f"compiled by mypyc ({path.parent})"
    return "pure Python (an editable install; `pip install .` compiles it, ADR 6)"


def _reference_seconds() -> float:
    """A fixed pure-Python loop, timed: how fast this core is right now. Shared machines
    vary by half from hour to hour; compare figures of runs whose reference is alike."""
    started = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i
    assert total == 49_999_995_000_000
    return time.perf_counter() - started


def _verdict(records_per_second: float) -> str:
    return "meets" if records_per_second >= TARGET_RECORDS_PER_SECOND else "misses"


def _peak_rss_mib() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports KiB, macOS bytes.
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def _traced_peak_mib(job: Callable[[], Any]) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        job()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / (1024 * 1024)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=1_000_000, help="rows to generate")
    parser.add_argument("--people", type=int, default=50_000, help="distinct person_ids")
    parser.add_argument("--year", type=int, default=2021, help="year generated and evaluated")
    parser.add_argument("--seed", type=int, default=20201010, help="random seed")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    parser.add_argument(
        "--no-tracemalloc",
        action="store_true",
        help="skip the second, traced run that measures the tracemalloc peak",
    )
    parser.add_argument(
        "--profile",
        type=int,
        metavar="N",
        default=0,
        help="also run under cProfile and print the top N functions by own time",
    )
    args = parser.parse_args(argv)
    if args.records < 1 or args.people < 1:
        parser.error("--records and --people must be at least 1")

    workdir = Path(tempfile.mkdtemp(prefix="jxjy-bench-"))
    source = workdir / "records.csv"
    out = workdir / "results.json"
    try:
        started = time.perf_counter()
        generate(source, args.records, args.people, args.year, args.seed)
        generated = time.perf_counter() - started
        size = source.stat().st_size / (1024 * 1024)
        print(f"engine            {_engine_build()}")
        print(f"machine           reference loop {_reference_seconds():.2f} s (10M additions)")
        print(f"policy            {POLICY}, year {args.year}")
        print(f"input             {source} ({size:.1f} MiB)")
        print(f"generated         {args.records:,} records in {generated:.1f} s")

        t = run_once(source, args.year, out)
        rss = _peak_rss_mib()
        json_size = out.stat().st_size / (1024 * 1024)
        print(f"people evaluated  {t.people:,}")
        print(f"read              {t.read:8.2f} s  {t.records / t.read:>12,.0f} records/s")
        print(
            f"evaluate          {t.evaluate:8.2f} s  {t.records / t.evaluate:>12,.0f} records/s"
            f"  {t.people / t.evaluate:>10,.0f} people/s"
        )
        results = t.read + t.evaluate
        print(
            f"read + evaluate   {results:8.2f} s  {t.records / results:>12,.0f} records/s"
            f"  (results in memory; CPU time {t.records / t.cpu_results:,.0f} records/s)"
        )
        print(f"serialise (JSON)  {t.serialise:8.2f} s  ({json_size:.1f} MiB written)")
        print(
            f"total             {t.total:8.2f} s  {t.records / t.total:>12,.0f} records/s"
            f"  {t.people / t.total:>10,.0f} people/s  (CPU time {t.records / t.cpu_total:,.0f})"
        )
        print(
            f"target            {TARGET_RECORDS_PER_SECOND:,} records/s:"
            f" read + evaluate {_verdict(t.records / results)},"
            f" with JSON {_verdict(t.records / t.total)}"
        )
        print(f"peak RSS          {rss:8.1f} MiB (ru_maxrss)")
        if not args.no_tracemalloc:
            peak = _traced_peak_mib(lambda: run_once(source, args.year, out))
            print(f"tracemalloc peak  {peak:8.1f} MiB (separate traced run)")
        if args.profile:
            profiler = cProfile.Profile()
            profiler.runcall(run_once, source, args.year, out)
            print(f"\ncProfile, top {args.profile} by own time:")
            stats = pstats.Stats(profiler, stream=sys.stdout)
            stats.strip_dirs().sort_stats("tottime").print_stats(args.profile)
    finally:
        if args.keep:
            print(f"kept              {workdir}")
        else:
            source.unlink(missing_ok=True)
            out.unlink(missing_ok=True)
            workdir.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
