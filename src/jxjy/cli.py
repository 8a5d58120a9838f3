"""The `jxjy` command line.

    jxjy policies
    jxjy policies show ID [ARTICLE] [--json] [--lang en]
    jxjy evaluate --policy ID --year YEAR [--json] [--lang en] FILE
    jxjy audit --policy ID --target TARGET --through YEAR [--since DATE] [--json] FILE
    jxjy audit --policy ID --list-targets
    jxjy demo | serve | worker | manage ...
    jxjy standings check|rebuild [--all | --sample N] [--region CODE] [--year Y]

Exit status: 0 on success, 2 on invalid input (every error listed on stderr with its row,
field and reason; nothing printed on stdout).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from jxjy import server
from jxjy.policy.batch import audit_people, collect_less_often, evaluate_people
from jxjy.policy.citations import cited_articles, cited_rules, cited_rules_dict, lookup
from jxjy.policy.engine import AuditTargetError, Engine
from jxjy.policy.loader import PolicyError, all_policies, load_policy
from jxjy.policy.messages import LANGS, Lang, pick
from jxjy.policy.reading import read_records
from jxjy.policy.records import Record
from jxjy.policy.render import (
    audit_report,
    cited_rules_report,
    policies_report,
    targets_report,
    year_report,
)
from jxjy.policy.results import AuditResult, YearResult
from jxjy.policy.serialize import audit_json, write_json_array, year_json

INVALID = 2
Result = TypeVar("Result", YearResult, AuditResult)


class InputError(Exception):
    """Input that cannot be evaluated; the message says why."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jxjy", description="JXJY 继续教育 command line")
    commands = parser.add_subparsers(dest="command", required=True)

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--lang", choices=LANGS, default="zh", help="report language")

    demo = commands.add_parser("demo", help="set up the demo data and serve the platform")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--reset", action="store_true", help="delete the data and start again")

    serve = commands.add_parser("serve", help="serve the platform with gunicorn")
    serve.add_argument("--bind", default="127.0.0.1:8000")
    serve.add_argument("--workers", type=int, default=2)
    serve.add_argument(
        "--no-worker",
        action="store_true",
        help="do not start a background worker (run `jxjy worker` separately)",
    )

    commands.add_parser("worker", help="run background tasks (roster imports) until stopped")

    manage = commands.add_parser("manage", help="Django management commands")
    manage.add_argument("args", nargs=argparse.REMAINDER)

    policies = commands.add_parser("policies", help="list the policies")
    common(policies)
    _show_parser(policies)

    evaluate = commands.add_parser("evaluate", help="evaluate each person's year")
    evaluate.add_argument("--policy", required=True)
    evaluate.add_argument("--year", required=True, type=int)
    evaluate.add_argument("--json", action="store_true", help="print JSON")
    evaluate.add_argument("file", type=Path)
    common(evaluate)

    audit = commands.add_parser("audit", help="run a multi-year audit the policy defines")
    audit.add_argument("--policy", required=True)
    audit.add_argument("--list-targets", action="store_true")
    audit.add_argument("--target")
    audit.add_argument("--through", type=int, help="the last year of the window")
    audit.add_argument(
        "--since",
        type=dt.date.fromisoformat,
        help="date the current grade was obtained (targets whose window starts there)",
    )
    audit.add_argument("--json", action="store_true", help="print JSON")
    audit.add_argument("file", type=Path, nargs="?")
    common(audit)

    standings = commands.add_parser(
        "standings", help="compare stored standings with a fresh evaluation (exit 1 if any differ)"
    )
    standings.add_argument("action", choices=["check", "rebuild"])
    which = standings.add_mutually_exclusive_group()
    which.add_argument("--all", action="store_true", help="every person (the default)")
    which.add_argument("--sample", type=int, metavar="N", help="N people chosen at random")
    standings.add_argument("--region", metavar="CODE", help="a region (GB/T 2260) and below")
    standings.add_argument("--year", type=int)
    return parser


def _standings(args: argparse.Namespace) -> int:
    server.django_setup()
    from jxjy.evaluation.checks import standings_command

    return standings_command(
        rebuild=args.action == "rebuild",
        sample=args.sample,
        region=args.region,
        year=args.year,
        out=sys.stdout,
    )


CLI_TEXT: dict[str, tuple[str, str]] = {
    "no_records": ("文件中没有记录", "the file has no records"),
    "no_file": ("{path}：文件不存在", "{path}: no such file"),
    "audit_args": (
        "audit 需要 --target、--through 和文件（或 --list-targets）",
        "audit needs --target, --through and FILE (or --list-targets)",
    ),
    "unknown_target": (
        "{policy} 没有审验目标 {target}；可用：{known}",
        "{policy} has no audit target {target}; known: {known}",
    ),
    "since_needed": (
        "审验目标 {target} 需要 --since（取得现等级的日期）",
        "audit target {target} needs --since (the date the current grade was obtained)",
    ),
    "not_cited": (
        "{policy} 没有引用「{article}」的规则；已引用的条款：{known}",
        "no rule of {policy} cites '{article}'; the articles it cites: {known}",
    ),
    "since_unused": (
        "审验目标 {target} 不使用 --since",
        "audit target {target} does not use --since",
    ),
}


def _say(lang: Lang, key: str, **params: str) -> str:
    return pick(CLI_TEXT[key], lang).format(**params)


def _records(path: Path, lang: Lang) -> list[Record]:
    if not path.is_file():
        raise InputError(_say(lang, "no_file", path=str(path)))
    result = read_records(path)
    if result.errors:
        raise InputError("\n".join(error.message(lang) for error in result.errors))
    return result.records


def _emit(
    results: list[Result],
    as_json: bool,
    lang: Lang,
    to_json: Callable[[Result, Lang], bytes],
    report: Callable[[Result], str],
) -> None:
    """Results as a JSON array or as reports; an empty file says so on stderr."""
    if as_json:
        sys.stdout.flush()
        write_json_array((to_json(r, lang) for r in results), sys.stdout.buffer)
        sys.stdout.buffer.flush()
    elif results:
        print("\n\n".join(report(r) for r in results))
    else:
        print(_say(lang, "no_records"), file=sys.stderr)


def _platform(args: argparse.Namespace) -> None:
    """`demo`, `serve`, `worker` and `manage`: the commands that need Django."""
    if args.command == "manage":
        server.manage(args.args)
        return
    if args.command == "worker":
        server.worker()
        return
    server.prepare()
    if args.command == "demo":
        from jxjy.demo.data import load

        accounts = load(reset=args.reset)
        print(f"JXJY 演示 · http://127.0.0.1:{args.port}/")
        print("演示账号（角色 · 用户名 · 密码 · 说明）：")
        for account in accounts:
            print(f"  {account.role} · {account.username} · {account.password} · {account.note}")
        server.serve(f"127.0.0.1:{args.port}", workers=2)
        return
    server.serve(args.bind, workers=args.workers, with_worker=not args.no_worker)


def _show_parser(policies: argparse.ArgumentParser) -> None:
    """`jxjy policies show ID [ARTICLE]`: the rules citing an article, with file and line."""
    sub = policies.add_subparsers(dest="policies_command")
    show = sub.add_parser("show", help="the rules of a policy citing an article (all if none)")
    show.add_argument("policy", metavar="ID")
    show.add_argument("article", nargs="?", metavar="ARTICLE", help="e.g. 第十七条（四）, (十一)")
    show.add_argument("--json", action="store_true", help="print JSON")
    # SUPPRESS: `jxjy policies --lang en show ...` keeps the language given before `show`
    show.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS, help="report language")


def _show(args: argparse.Namespace, lang: Lang) -> None:
    policy = load_policy(args.policy)
    article: str | None = args.article
    rules = cited_rules(policy) if article is None else lookup(policy, article)
    if not rules:
        cited = cited_articles(policy).items()
        known = pick(("；", "; "), lang).join(f"{d} {'、'.join(a)}" for d, a in cited)
        raise InputError(
            _say(lang, "not_cited", policy=policy.id, article=article or "", known=known)
        )
    if args.json:
        print(
            json.dumps(cited_rules_dict(policy, rules, article, lang), ensure_ascii=False, indent=2)
        )
    else:
        print(cited_rules_report(policy, rules, article, lang))


def _run(args: argparse.Namespace) -> None:
    if args.command in ("demo", "serve", "manage", "worker"):
        _platform(args)
        return
    lang: Lang = args.lang
    if args.command == "policies":
        if getattr(args, "policies_command", None) == "show":
            _show(args, lang)
            return
        print(policies_report(all_policies(), lang))
        return
    policy = load_policy(args.policy)
    engine = Engine(policy)
    if args.command == "evaluate":
        years = list(evaluate_people(engine, _records(args.file, lang), args.year))
        _emit(years, args.json, lang, year_json, lambda r: year_report(r, policy, lang))
        return
    if args.list_targets:
        print(targets_report(policy, lang))
        return
    if args.target is None or args.through is None or args.file is None:
        raise InputError(_say(lang, "audit_args"))
    target = policy.audit(args.target)
    if target is None:
        known = ", ".join(a.id for a in policy.audits) or "-"
        raise InputError(
            _say(lang, "unknown_target", target=args.target, policy=policy.id, known=known)
        )
    if (target.since_grade is not None) != (args.since is not None):
        key = "since_needed" if target.since_grade is not None else "since_unused"
        raise InputError(_say(lang, key, target=target.id))
    records = _records(args.file, lang)
    audits = list(audit_people(engine, records, args.target, args.through, args.since))
    _emit(audits, args.json, lang, audit_json, lambda r: audit_report(r, policy, lang))


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    collect_less_often()
    if args.command == "standings":
        return _standings(args)
    try:
        _run(args)
    except (InputError, PolicyError, AuditTargetError) as exc:
        print(exc, file=sys.stderr)
        return INVALID
    except BrokenPipeError:  # the reader went away (`| head`): not our error
        sys.stderr.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
