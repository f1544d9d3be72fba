"""The `kbgen` command: options in, diagnostics and a summary out, exit status set. No logic."""
from __future__ import annotations

import errno
import sys
import time
from collections import Counter
from pathlib import Path

import click

from . import __version__
from .build import BuildOptions, build
from .diagnostic_formats import FLOOD, capped_text
from .errors import KbgenError, Progress, Reporter, UsageError

EXIT_CONTENT = 1
EXIT_USAGE = 2


class TerminalProgress(Progress):
    """A one-line bar on stderr, drawn only once the work has taken more than a second."""

    def __init__(self, label: str, total: int, delay: float = 1.0):
        self.label, self.total, self.done = label, max(total, 1), 0
        self.started = time.monotonic()
        self.delay = delay
        self.last_draw = 0.0
        self.drawn = False

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = time.monotonic()
        if now - self.started >= self.delay and now - self.last_draw >= 0.1:
            self.last_draw = now
            self._draw()

    def _draw(self) -> None:
        width = 30
        filled = int(width * self.done / self.total)
        sys.stderr.write(f"\r{self.label} [{'#' * filled}{' ' * (width - filled)}] {self.done}/{self.total}")
        sys.stderr.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self._draw()
            sys.stderr.write("\n")
            sys.stderr.flush()


def make_reporter(strict: bool) -> Reporter:
    on_progress = (lambda label, total: TerminalProgress(label, total)) if sys.stderr.isatty() else None
    return Reporter(strict=strict, on_progress=on_progress)


def print_diagnostics(diagnostics, limit: int | None = FLOOD) -> None:
    """Every diagnostic but notes (`kbgen check` prints those), or with `limit` the first of each
    kind and a count of the rest."""
    diagnostics = [d for d in diagnostics if d.severity != "note"]
    lines = capped_text(diagnostics, limit) if limit is not None else [d.format() for d in diagnostics]
    for line in lines:
        click.echo(line, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kbgen")
def main() -> None:
    """kbgen: turn a folder of Markdown articles and FAQ files into a static help center."""


@main.command("build")
@click.argument("project_dir", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (default: PROJECT_DIR/site).")
@click.option("--strict", is_flag=True, help="Fail on warnings too (for CI).")
@click.option("--drafts", is_flag=True, help="Include articles marked 'draft: true'.")
@click.option("--internal", is_flag=True, help="Include 'audience: internal' articles (a build for employees).")
@click.option("--base-url", metavar="URL", help="Public URL of the site, e.g. https://example.com/help/ (overrides site.url).")
@click.option("--offline", is_flag=True, help="A site that works opened from disk (file://): relative links, search included.")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), envvar="KBGEN_CACHE_DIR",
              help="Where parsed articles are kept between builds (default: the user's cache folder; env KBGEN_CACHE_DIR).")
@click.option("--no-cache", is_flag=True, help="Parse every article again and keep nothing.")
def build_command(project_dir: Path, out_dir: Path | None, strict: bool, drafts: bool, internal: bool,
                  base_url: str | None, offline: bool, cache_dir: Path | None, no_cache: bool) -> None:
    """Build the help center in PROJECT_DIR (default: the current folder)."""
    if not project_dir.is_dir():
        raise click.BadParameter(f"folder '{project_dir}' does not exist", param_hint="PROJECT_DIR")
    reporter = make_reporter(strict)
    options = BuildOptions(out_dir=out_dir, drafts=drafts, internal=internal, base_url=base_url, offline=offline,
                           cache=not no_cache, cache_dir=cache_dir)
    started = time.perf_counter()
    try:
        result = build(project_dir, options, reporter)
    except KbgenError as exc:
        print_diagnostics(reporter.with_failure(exc))
        errors = sum(1 for d in exc.diagnostics if d.severity == "error")
        warnings = len(reporter.warnings)
        if reporter.strict and warnings and not errors:
            reason = f"{warnings} warning{'s' if warnings != 1 else ''} (--strict)"
        else:
            reason = f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
        click.echo(f"Build failed: {reason} in {time.perf_counter() - started:.2f} s; the previous site was left untouched.", err=True)
        sys.exit(EXIT_USAGE if isinstance(exc, UsageError) else EXIT_CONTENT)
    print_diagnostics(result.diagnostics)
    sites = result.sites
    categories = sum(1 for site in sites for c in site.categories.values() if not c.is_root and site.article_count(c.id))
    articles = sum(1 for site in sites for a in site.articles.values() if a.type == "article")
    faqs = sum(1 for site in sites for a in site.articles.values() if a.is_faq)
    flows = sum(1 for site in sites for a in site.articles.values() if a.is_flow)
    questions = sum(site.faq_question_count for site in sites)
    languages = f" in {_plural(len(sites.sites), 'language')}" if sites.multilingual else ""
    click.echo(
        f"Built {_plural(articles, 'article')}, {_plural(faqs, 'FAQ page')} ({_plural(questions, 'question')}) "
        + (f"and {_plural(flows, 'troubleshooter')} " if flows else "") +
        f"in {_plural(categories, 'category', 'categories')}{languages} with {_plural(result.warnings, 'warning')} "
        f"in {result.seconds:.2f} s -> {_shown_path(result.out_dir)}"
    )


@main.command("check")
@click.argument("project_dir", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--format", "form", type=click.Choice(["text", "json", "github"]), default="text", show_default=True,
              help="json for tools; github for workflow annotations on the pull request.")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@click.option("--drafts", is_flag=True, help="Check as a build with --drafts would (links to drafts resolve).")
@click.option("--internal", is_flag=True, help="Check as a build with --internal would.")
@click.option("--base-url", metavar="URL", help="Public URL of the site (overrides site.url).")
def check_command(project_dir: Path, form: str, strict: bool, drafts: bool, internal: bool, base_url: str | None) -> None:
    """Report everything wrong or rotting in PROJECT_DIR, writing nothing: broken links and anchors,
    missing images and alt text, bad front matter, duplicates, orphans, overdue reviews."""
    from .build import check
    from .diagnostic_formats import FORMATS

    if not project_dir.is_dir():
        raise click.BadParameter(f"folder '{project_dir}' does not exist", param_hint="PROJECT_DIR")
    reporter = Reporter(strict=strict)
    try:
        result = check(project_dir, BuildOptions(drafts=drafts, internal=internal, base_url=base_url), reporter)
        diagnostics, articles, seconds, translations = result.diagnostics, result.articles, result.seconds, result.translations
    except KbgenError as exc:  # the configuration itself is unusable
        if isinstance(exc, UsageError):
            print_diagnostics(exc.diagnostics)
            sys.exit(EXIT_USAGE)
        diagnostics, articles, seconds, translations = exc.diagnostics, 0, 0.0, {}
    click.echo(FORMATS[form](diagnostics, translations=translations), nl=False)
    errors = sum(1 for d in diagnostics if d.severity == "error")
    notes = sum(1 for d in diagnostics if d.severity == "note")
    warnings = len(diagnostics) - errors - notes
    kinds = Counter(d.code for d in diagnostics)
    breakdown = f" ({', '.join(f'{n:,} {code}' for code, n in kinds.most_common())})" if len(diagnostics) > FLOOD else ""
    for language, counts in translations.items():
        click.echo(f"Translations into {language}: {counts['translated']} up to date, {counts['outdated']} outdated, "
                   f"{counts['missing']} missing", err=True)
    click.echo(f"Checked {_plural(articles, 'article')}: {_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
               f"{', ' + _plural(notes, 'note') if notes else ''}{breakdown} in {seconds:.2f} s", err=True)
    if errors or (strict and warnings):
        sys.exit(EXIT_CONTENT)


@main.command("serve")
@click.argument("project_dir", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on; anything but loopback shows drafts to the network.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="0 picks a free port.")
@click.option("--open", "open_browser", is_flag=True, help="Open the site in the default browser.")
@click.option("--drafts/--no-drafts", default=True, show_default=True, help="Show articles marked 'draft: true' (with a badge).")
@click.option("--internal", is_flag=True, help="Include 'audience: internal' articles.")
def serve_command(project_dir: Path, host: str, port: int, open_browser: bool, drafts: bool, internal: bool) -> None:
    """Preview the help center: serves it, rebuilds on every save and reloads the open page."""
    from .server import DevServer, ServeOptions, is_loopback

    if not project_dir.is_dir():
        raise click.BadParameter(f"folder '{project_dir}' does not exist", param_hint="PROJECT_DIR")
    if not is_loopback(host):
        click.echo(f"warning: serving on {host}: anyone who can reach this machine can read the preview, drafts included", err=True)
    options = ServeOptions(host=host, port=port, open_browser=open_browser, drafts=drafts, internal=internal)
    try:
        server = DevServer(project_dir, options, lambda line: click.echo(line, err=True))
        feedback = f"; votes go to {_shown_path(server.db)}" if server.app.feedback is not None else ""
        click.echo(f"Serving {_shown_path(server.live.project_dir)} on {server.url} "
                   f"({'drafts shown' if drafts else 'drafts hidden'}{feedback}). Ctrl-C to stop.", err=True)
        server.run()
    except KbgenError as exc:
        print_diagnostics(exc.diagnostics)
        sys.exit(EXIT_USAGE if isinstance(exc, UsageError) else EXIT_CONTENT)
    except KeyboardInterrupt:  # Ctrl-C during the first build, before the server took over the signal
        pass
    click.echo("Stopped.", err=True)


@main.group("feedback")
def feedback_group() -> None:
    """The "Was this helpful?" endpoint and its report."""


@feedback_group.command("serve")
@click.option("--db", "db", default="feedback.sqlite", show_default=True, metavar="FILE|URL",
              help="SQLite database file, or postgresql://user@host:port/dbname: several instances share it.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8081, show_default=True, type=click.IntRange(0, 65535))
@click.option("--path", "path", default="/api/feedback", show_default=True, help="Where the endpoint answers.")
@click.option("--site", "site", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="A built site: votes must name its articles and questions (from its kb.json).")
@click.option("--allow-origin", "origins", multiple=True, metavar="URL", help="A site origin allowed to post (CORS); repeatable.")
@click.option("--rate-limit", default=60, show_default=True, type=click.IntRange(0, None),
              help="Events per minute per client address (0: no limit).")
@click.option("--trusted-proxy", "proxies", multiple=True, metavar="ADDR",
              help="The IP address of a reverse proxy in front: the client address it forwards (X-Forwarded-For) "
                   "is used for the rate limit. Repeatable; from anyone else such headers are ignored.")
def feedback_serve(db: Path, host: str, port: int, path: str, site: Path | None, origins: tuple[str, ...],
                   rate_limit: int, proxies: tuple[str, ...]) -> None:
    """Run the feedback endpoint on a production WSGI server (waitress)."""
    from .feedback import create_app
    from .feedback.server import check_proxy, create_server

    if site is not None and not (site / "kb.json").is_file():
        raise click.BadParameter(f"'{site}' has no kb.json; build the site first", param_hint="--site")
    trusted = []
    for address in proxies:
        try:
            trusted.append(check_proxy(address))
        except ValueError:
            _operator_error(f"--trusted-proxy {address!r} is not an IP address (give the proxy's address, e.g. 10.0.0.2)")
    app = create_app(_feedback_db(db, create=True), path, site, origins, rate_limit)
    try:
        server = create_server(app, host, port, trusted)
    except OSError as exc:
        why = "the port is in use (another server, or an earlier kbgen still running)" if exc.errno == errno.EADDRINUSE \
            else exc.strerror or str(exc)
        _operator_error(f"cannot listen on {host}:{port}: {why}")
    shown_port = getattr(server, "effective_port", port)
    click.echo(f"Feedback endpoint on http://{host}:{shown_port}{app.path} storing into {app.store.path} (Ctrl-C to stop)")
    try:
        server.run()
    except KeyboardInterrupt:
        click.echo("Stopped.", err=True)
    finally:
        server.close()


def _feedback_db(db: "str | Path", create: bool = False):
    """The store `--db` names, or exit 2 with one line. A file: a folder that does not exist, a file
    that is not a feedback database, a database of a newer kbgen. A postgresql:// URL: a server that
    cannot be reached or refuses us (down, bad credentials, no such database), a database of a newer
    kbgen; messages never show the URL's password."""
    import sqlite3

    from .feedback.store import Store, is_postgres_url

    if is_postgres_url(str(db)):
        import psycopg

        from .feedback.store_postgres import CannotConnect, PostgresStore, redact

        shown = redact(str(db))
        try:
            return PostgresStore(str(db))
        except CannotConnect as exc:
            _operator_error(f"--db {shown}: cannot connect: {exc}")
        except (RuntimeError, psycopg.Error) as exc:  # a newer schema; a migration refused (permissions)
            _operator_error(f"--db {shown}: {' '.join(str(exc).split())}")
    db = Path(db)
    if not db.parent.is_dir():
        _operator_error(f"--db {db}: the folder '{db.parent}' does not exist (create it, or choose another path)")
    if db.is_dir():
        _operator_error(f"--db {db} is a folder; give a database file, such as {db / 'feedback.sqlite'}")
    if not create and not db.is_file():
        _operator_error(f"--db {db} does not exist (the endpoint creates it when it starts)")
    try:
        return Store(db)
    except sqlite3.DatabaseError as exc:
        _operator_error(f"--db {db} is not a feedback database: {exc}")
    except (RuntimeError, OSError) as exc:
        _operator_error(f"--db {db}: {exc}")


def _operator_error(message: str) -> None:
    click.echo(f"kbgen: error: {message}", err=True)
    sys.exit(EXIT_USAGE)


@feedback_group.command("report")
@click.option("--db", "db", default="feedback.sqlite", show_default=True, metavar="FILE|URL",
              help="SQLite database file, or the postgresql:// URL the endpoints share.")
@click.option("--site", "site", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="A built site, for the answers' titles, links and source files (from its kb.json).")
@click.option("--project", "project", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="The help center's project folder, for each answer's source file and owner (owners are not in kb.json).")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="First day of the window (YYYY-MM-DD, UTC; default: the 30 days ending with --until).")
@click.option("--until", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Last day of the window, included (YYYY-MM-DD, UTC; default: today).")
@click.option("--language", metavar="CODE", help="Only the votes and searches of one language (en, es, ...).")
@click.option("--format", "form", type=click.Choice(["table", "csv", "json", "html"]), default="table", show_default=True)
@click.option("--table", "table", type=click.Choice(["answers", "trends", "totals", "searches", "no-results", "unopened",
                                                     "languages", "flows"]),
              help="With --format csv: the table to print (default: answers); with -o, the only one to write.")
@click.option("--min-searches", type=click.IntRange(1, None), default=3, show_default=True,
              help="How often a query must be searched (with results) to be listed when nobody opened its results.")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Write to this file instead of stdout. --format csv writes one file per table: "
                   "-o report.csv gives report-answers.csv, report-searches.csv, ... (-o FOLDER: in that folder).")
def feedback_report(db: str, site: Path | None, project: Path | None, since, until, language: str | None, form: str,
                    table: str | None, min_searches: int, output: Path | None) -> None:
    """Which answers fail customers over a window of days, against the window before: totals, answers
    that need work first, trends, search analytics, languages and where readers give up in
    troubleshooters."""
    from .feedback.report import Sources, build_report, default_window, read_site, render

    since, until = default_window(since.date() if since else None, until.date() if until else None)
    if since > until:
        _operator_error(f"--since {since} is after --until {until}: the window must start on or before its last day")
    if table is not None and form != "csv":
        _operator_error(f"--table {table} goes with --format csv (the {form} report has every table)")
    if output is not None and not output.parent.is_dir():
        _operator_error(f"-o {output}: the folder '{output.parent}' does not exist (create it, or choose another path)")
    if output is not None and output.is_dir() and form != "csv":
        _operator_error(f"-o {output} is a folder; give a file name, such as {output / ('report.' + form)}")
    index = read_site(site) if site is not None and (site / "kb.json").is_file() else None
    sources = None
    if project is not None:
        from .feedback.sources import answer_sources

        try:
            sources = Sources(answer_sources(project))
        except KbgenError as exc:
            print_diagnostics(exc.diagnostics)
            sys.exit(EXIT_USAGE if isinstance(exc, UsageError) else EXIT_CONTENT)
    report = build_report(_feedback_db(db), since, language=language, until=until, site=index, sources=sources,
                          min_searches=min_searches)
    try:
        if form == "csv" and output is not None:
            from .feedback.report_csv import write_csv

            written = write_csv(report, output, table)
            for path in written:
                click.echo(str(path))
            click.echo(f"Wrote {len(written)} CSV {'table' if len(written) == 1 else 'tables'} of the report "
                       f"{since} to {until}")
            return
        if form == "csv":
            from .feedback.report_csv import as_csv

            text = as_csv(report, table or "answers")
        else:
            text = render(report, form)
        if output is None:
            click.echo(text, nl=False)
        else:
            output.write_text(text, encoding="utf-8")
            click.echo(f"Wrote the {form} report {since} to {until} to {output}")
    except OSError as exc:
        _operator_error(f"-o {output}: {exc.strerror or exc}")


@main.command("init")
@click.argument("directory", metavar="DIR", type=click.Path(path_type=Path))
@click.option("--title", help="Site title (default: from the folder name).")
def init_command(directory: Path, title: str | None) -> None:
    """Start a help center in DIR (new or empty): settings, sample articles, a publishing workflow."""
    import shlex

    from .scaffold import init_project

    try:
        project = init_project(directory, title)
    except KbgenError as exc:
        print_diagnostics(exc.diagnostics)
        sys.exit(EXIT_USAGE if isinstance(exc, UsageError) else EXIT_CONTENT)
    shown = _shown_path(project.root.resolve())
    click.echo(f"New help center in {shown}:")
    for rel in project.files:
        click.echo(f"  {rel}")
    click.echo("Next steps:")
    click.echo(f"  {'' if shown == '.' else f'cd {shlex.quote(shown)} && '}kbgen serve   (preview it while you edit)")
    click.echo("  set site.url in kbgen.yaml to the address you will publish at")
    click.echo('  rewrite the sample articles in content/, or start one: kbgen new "Title" --category getting-started')
    click.echo("  push to GitHub and set Settings -> Pages -> Source to GitHub Actions to publish")
    click.echo(f"Created \"{project.title}\": {_plural(project.articles, 'article')}, {_plural(project.faqs, 'FAQ page')} "
               f"in {_plural(project.categories, 'category', 'categories')} -> {shown}")


@main.command("new")
@click.argument("title")
@click.option("--category", metavar="PATH", help="Folder under the content root, e.g. billing or account/security (default: the content root).")
@click.option("--faq", is_flag=True, help="Start a FAQ file (type: faq; every '## ' heading is a question).")
@click.option("--flow", is_flag=True, help="Start a guided troubleshooter (TITLE.flow.yaml: questions, answers, solutions).")
@click.option("--project", "project_dir", default=".", metavar="DIR", type=click.Path(file_okay=False, path_type=Path),
              help="The project folder (default: the current folder).")
@click.option("--language", metavar="CODE", help="On a multilingual site, the language tree (default: the default language).")
def new_command(title: str, category: str | None, faq: bool, flow: bool, project_dir: Path, language: str | None) -> None:
    """Start an article (or FAQ file, or troubleshooter) titled TITLE and print its path."""
    from .scaffold import new_article

    if not project_dir.is_dir():
        raise click.BadParameter(f"folder '{project_dir}' does not exist", param_hint="--project")
    try:
        path = new_article(project_dir, title, category, faq, language=language, flow=flow)
    except KbgenError as exc:
        print_diagnostics(exc.diagnostics)
        sys.exit(EXIT_USAGE if isinstance(exc, UsageError) else EXIT_CONTENT)
    click.echo(_shown_path(path))


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def _shown_path(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd().resolve()).as_posix() or "."
    except ValueError:
        return str(path)


if __name__ == "__main__":
    main()
