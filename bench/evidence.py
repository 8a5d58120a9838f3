"""Evidence files at their largest: a video of `--megabytes` (default 200, the default
limit) checked, hashed and stored by `ledger.evidence.evidence_attach`, then downloaded
through the page that serves it. Prints the time and throughput of each step and the peak
of Python allocations (tracemalloc), to show a large file is streamed, never held whole.

    python bench/evidence.py                  # a 200 MB video
    python bench/evidence.py --megabytes 50

It uses a temporary data directory (SQLite, the evidence folder) of its own and removes it.
Run by hand; it is not a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

MB = 1024 * 1024
#: The first bytes of an MP4 (an `ftyp` box), which is all the type check reads.
MP4_HEAD = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"


def setup(data_dir: Path) -> None:
    os.environ["JXJY_DATA_DIR"] = str(data_dir)
    os.environ.pop("DATABASE_URL", None)
    os.environ["JXJY_ALLOWED_HOSTS"] = "testserver"
    os.environ["DJANGO_SETTINGS_MODULE"] = "jxjy.config.settings"
    (data_dir / "static").mkdir()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def scene():  # type: ignore[no-untyped-def]
    """A provider, a learner and one registered record of theirs."""
    from jxjy.accounts.models import Role, User
    from jxjy.ledger.services import record_register
    from jxjy.orgs.models import Organisation
    from jxjy.people import id_number
    from jxjy.people.models import Person
    from jxjy.regions.models import Region

    city = Region.objects.create(code="330700", name="金华市", level=Region.Level.CITY)
    provider = Organisation.objects.create(
        kind=Organisation.Kind.PROVIDER, name="金华技师学院", region=city
    )
    first17 = "33070019850101001"
    person = Person.objects.create(
        name="王芳",
        gender="F",
        id_number=first17 + id_number.check_character(first17),
        region=city,
        birth_date=dt.date(1985, 1, 1),
    )
    user = User.objects.create(username="bench-provider", role=Role.PROVIDER, organisation=provider)
    learner = User.objects.create(username="bench-learner", role=Role.LEARNER, person=person)
    fields = {"date": "2023-03-01", "kind": "offline_theory", "hours": "8"}
    return user, learner, record_register(actor=user, person=person, fields=fields)


def video(path: Path, megabytes: int) -> None:
    block = os.urandom(MB)
    with path.open("wb") as out:
        out.write(MP4_HEAD)
        for _ in range(megabytes):
            out.write(block)


def line(name: str, seconds: float, size: int) -> None:
    print(f"{name:<22}{seconds:8.2f} s   {size / MB / seconds:8.1f} MB/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--megabytes", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jxjy-bench-evidence-") as tmp:
        data_dir = Path(tmp)
        setup(data_dir)
        from django.conf import settings
        from django.core.files import File
        from django.test import Client

        from jxjy.ledger.evidence import evidence_attach, evidence_check
        from jxjy.ledger.models import Evidence

        settings.JXJY_EVIDENCE_MAX_BYTES["video"] = (args.megabytes + 1) * MB
        user, learner, record = scene()
        source = data_dir / "upload.mp4"
        video(source, args.megabytes)
        size = source.stat().st_size
        print(f"file              {size / MB:.1f} MiB video ({source.name})")

        with source.open("rb") as handle:
            start = time.perf_counter()
            checked = evidence_check(file=File(handle, name=source.name), name=source.name)
            line("check + SHA-256", time.perf_counter() - start, size)
        assert checked.kind == "video"

        def attach() -> Evidence:
            with source.open("rb") as handle:
                file = File(handle, name=source.name)
                return evidence_attach(actor=user, target=record, file=file, name=source.name)

        def download(evidence: Evidence) -> int:
            response = client.get(f"/evidence/{evidence.pk}/")
            return sum(len(chunk) for chunk in response.streaming_content)

        client = Client()
        client.force_login(learner)
        start = time.perf_counter()
        evidence = attach()
        line("attach (check, store)", time.perf_counter() - start, size)
        start = time.perf_counter()
        received = download(evidence)
        line("download (page)", time.perf_counter() - start, received)
        assert received == size, (received, size)

        # Again under tracemalloc (which slows allocation), for the peaks only.
        tracemalloc.start()
        evidence = attach()
        peak_attach = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        download(evidence)
        peak_download = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"tracemalloc peak  attach {peak_attach / MB:.1f} MiB, download "
              f"{peak_download / MB:.1f} MiB (the file is {size / MB:.0f} MiB)")  # fmt: skip

if __name__ == "__main__":
    main()
