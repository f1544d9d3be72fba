"""`kbgen serve`: build in memory, serve on 127.0.0.1, watch, reload the open page after a save."""
from __future__ import annotations

import errno
from collections import Counter
import signal
import socket
import threading
import webbrowser
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..config import CONFIG_NAME, load_config
from ..diagnostic_formats import capped_text
from ..errors import Diagnostic, KbgenError, UsageError, ERROR, NOTE, WARNING
from ..feedback.app import FeedbackApp
from ..feedback.store import Store
from ..theme_files import themes_root
from .app import DevApp
from .live import LiveSite, ReloadResult
from .watch import Watcher

FEEDBACK_DB = Path(".kbgen") / "feedback.sqlite"


@dataclass(frozen=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    open_browser: bool = False
    drafts: bool = True
    internal: bool = False
    persist: bool = True  # keep parsed files in the user's cache folder between sessions


class DevServer:
    """Everything `kbgen serve` runs, startable and stoppable (the CLI and the tests use it)."""

    def __init__(self, project_dir: Path, options: ServeOptions, log: Callable[[str], None]):
        self.options = options
        self.log = log
        self.live = LiveSite(project_dir, drafts=options.drafts, internal=options.internal, persist=options.persist)
        self._printed: Counter[Diagnostic] = Counter()  # what the last reload showed
        # Watching starts before the first load, so the first save after it is known file by file
        # (and can be patched in, as every later one) rather than needing a full load to be safe.
        self.watcher = Watcher(self._watched_roots(), self._changed, self._feeds_site)
        self.watcher.observe()
        try:
            self._start(options)
        except BaseException:
            self.watcher.stop()
            raise

    def _watched_roots(self) -> list[Path]:
        try:
            custom = load_config(self.live.project_dir).theme.custom_dir
        except KbgenError:  # the first load reports it; the project folder is watched for the fix
            custom = None
        return [self.live.project_dir] + ([custom] if custom else [])

    def _start(self, options: ServeOptions) -> None:
        import waitress.server

        self.report(self.live.reload(), initial=True)
        config = self.live.config
        self.db = self.live.project_dir / FEEDBACK_DB
        roots = [self.live.project_dir, themes_root()] + ([config.theme.custom_dir] if config and config.theme.custom_dir else [])
        self.app = DevApp(self.live, None, roots, self.log)
        self._sync_feedback()
        try:
            # Long polls hold a thread each, so there are more threads than a production server needs.
            self.server = waitress.server.create_server(self.app, host=options.host, port=options.port, threads=24,
                                                        ident="kbgen", clear_untrusted_proxy_headers=True)
        except OSError as exc:
            reason = "is in use" if exc.errno == errno.EADDRINUSE else f"cannot be opened ({exc.strerror})"
            raise UsageError(Diagnostic(ERROR, "usage", f"port {options.port} on {options.host} {reason}",
                                        hint="pass another --port, or --port 0 for any free port")) from None
        self.port = self.server.effective_port

    @property
    def url(self) -> str:
        host = self.options.host
        shown = f"[{host}]" if ":" in host else host
        base = self.live.config.base_path if self.live.config else "/"
        return f"http://{shown}:{self.port}{base}"

    def run(self) -> None:
        """Serve until Ctrl-C (KeyboardInterrupt), then stop cleanly."""
        self.watcher.start()
        if self.options.open_browser:
            threading.Thread(target=webbrowser.open, args=(self.url,), daemon=True).start()
        def interrupt(signum, frame) -> None:
            # Wake the long polls first: waitress catches KeyboardInterrupt itself and then waits for
            # its worker threads, which would otherwise sit in a poll for up to 25 s.
            self._close_live()
            raise KeyboardInterrupt

        handled = (signal.SIGINT, signal.SIGTERM)
        previous = [signal.signal(s, interrupt) for s in handled] if threading.current_thread() is threading.main_thread() else []
        try:
            self.server.run()
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()
            for signum, handler in zip(handled, previous):
                signal.signal(signum, handler)

    def stop(self) -> None:
        self._close_live()  # wakes every long poll
        self.watcher.stop()
        self.server.close()

    def _close_live(self) -> None:
        if self.live.saving:  # a stop right after the first start waits for it (LiveSite.close)
            self.log("Writing the parse cache for the next start…")
        self.live.close()

    def _feeds_site(self, path: Path) -> bool:
        """Only the config, content, static files and theme overrides make the site; not README.md,
        not the build output, not the feedback database."""
        project = self.live.project_dir
        config = self.live.config
        if path == project / CONFIG_NAME:
            return True
        if config is None:  # no good config yet: any change might be the fix
            return not path.is_relative_to(project / "site")
        sources = [config.content_dir, config.static_dir, *config.theme_override_dirs]
        if not any(path.is_relative_to(folder) for folder in sources):
            return False
        return config.content_dir != project or not path.is_relative_to(project / "site")

    def _changed(self, paths: list[str]) -> None:
        names = ", ".join(_shown(Path(p), self.live.project_dir) for p in paths[:3]) + (" ..." if len(paths) > 3 else "")
        result = self.live.reload(saved=paths)
        self.report(result, changed=names)
        if result.ok:
            self._sync_feedback()

    def _sync_feedback(self) -> None:
        """Mount the endpoint at the configured path (it can change while serving) with the current pages."""
        config = self.live.config
        endpoint = config.feedback.endpoint if config else None
        current = self.app.feedback
        if not endpoint:
            self.app.feedback = None
        elif current is None or current.path != "/" + endpoint.strip("/"):
            self.db.parent.mkdir(exist_ok=True)
            self.app.feedback = FeedbackApp(Store(self.db), endpoint, self._known_pages(), rate_limit=0,
                                            flows=self._known_flows())
        else:
            current.known = self._known_pages()
            current.flows = self._known_flows()

    def _known_pages(self) -> dict[str, set[str]] | None:
        snapshot = self.live.snapshot
        if snapshot is None:
            return None
        return {a.id: {q.anchor for q in a.faq} for site in snapshot.sites for a in site.articles.values() if not a.is_flow}

    def _known_flows(self) -> dict[str, dict[str, str]] | None:
        """Troubleshooters and their steps, as `feedback.app.known_flows` reads them from kb.json."""
        snapshot = self.live.snapshot
        if snapshot is None:
            return None
        flows: dict[str, dict[str, str]] = {}
        for site in snapshot.sites:
            for article in site.articles.values():
                if article.flow is not None:
                    steps = flows.setdefault(article.id, {})
                    for step in article.flow.steps:
                        steps[step.id] = "solution" if step.is_solution or steps.get(step.id) == "solution" else "question"
        return flows

    def report(self, result: ReloadResult, initial: bool = False, changed: str = "") -> None:
        """Errors every time; a warning only the first time it appears, so saves don't flood the terminal."""
        severities = Counter(d.severity for d in result.diagnostics)
        errors, warnings = severities[ERROR], severities[WARNING]  # notes are kbgen check's
        if result.change is None:
            shown = [d for d in result.diagnostics if d.severity != NOTE]
            fresh = [d for d in shown if d.severity == ERROR or d not in self._printed]
            self._printed = Counter(shown)
        else:  # a patch: only what it changed is looked up (cpp-docs keeps 71,571 warnings)
            removed, added = ([d for d in part if d.severity != NOTE] for part in result.change)
            fresh = [d for d in result.diagnostics if d.severity == ERROR] if errors else []
            fresh = sorted(fresh + [d for d in added if d.severity != ERROR and not self._printed[d]], key=Diagnostic.sort_key)
            self._printed.subtract(removed)
            self._printed.update(added)
            for d in removed:
                if self._printed[d] <= 0:
                    self._printed.pop(d, None)
        for line in capped_text(fresh):
            self.log(line)
        counts = [f"{result.parsed} file{'s' if result.parsed != 1 else ''} parsed"]
        if initial and self.live.restored:
            counts.append(f"{self.live.restored} read from the last session's cache")
        counts += [f"{n} {word}{'s' if n != 1 else ''}" for n, word in ((errors, "error"), (warnings, "warning")) if n]
        if initial:
            what = "Built" if result.ok else "Build failed"
        else:
            what = f"{changed}: {'rebuilt' if result.ok else 'reload failed'}"
        tail = "" if result.ok else ("; still serving the last good site" if self.live.snapshot else "; fix it and save")
        self.log(f"{what} in {result.seconds:.2f} s ({', '.join(counts)}){tail}")


def _shown(path: Path, project_dir: Path) -> str:
    try:
        return path.relative_to(project_dir).as_posix()
    except ValueError:
        return path.as_posix()


def is_loopback(host: str) -> bool:
    try:
        return all(info[4][0].startswith("127.") or info[4][0] == "::1"
                   for info in socket.getaddrinfo(host, None))
    except OSError:
        return False


__all__ = ["DevServer", "ServeOptions", "is_loopback"]
