"""`quiz serve`: the app in a browser for a class, with textual-serve, each student in a
progress folder of their own under the class folder (``CLASS/NAME/``).

How a connection finds its student: textual-serve starts one app process per websocket and
passes it nothing of the request, so this server puts the student in the websocket's path
(``/ws/TICKET``) and builds that connection's command from it. Without a roster the page asks
for a name and the ticket is the sanitised name (a trusting class: whoever types a name is that
student). With ``--roster`` each student gets a link holding a random key (kept in
``CLASS/.roster.json`` so links survive a restart) and a name alone opens nothing.

The app processes get ``--data-dir CLASS/NAME`` and ``QUIZ_CACHE_DIR=CLASS/.cache``, so nothing
is written outside the class folder. Exit status: 0 when stopped with Ctrl+C, 1 when the class
folder or roster cannot be used, 2 for bad arguments.
"""

from __future__ import annotations

import argparse

from quiz.cli.study import _minutes, _percent, _positive_int

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

ROSTER_KEYS = ".roster.json"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from quiz.study.modes import MODES

    parser.add_argument("banks", nargs="*", metavar="BANK_OR_FOLDER", help="banks to serve")
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1, this machine only; 0.0.0.0 for a LAN)",
    )
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument(
        "--class-dir",
        metavar="DIR",
        default="class",
        help="the class folder: one progress folder per student (default ./class)",
    )
    parser.add_argument(
        "--roster",
        metavar="FILE",
        help="one student name a line: only these students, each by a link of their own",
    )
    parser.add_argument("--mode", choices=MODES, help="the mode every student gets")
    parser.add_argument("--count", type=_positive_int, metavar="N", help="questions per session")
    parser.add_argument("--time-limit", type=_minutes, metavar="MIN", help="exam time limit")
    parser.add_argument("--pass-mark", type=_percent, metavar="PCT", help="exam pass mark")


def study_command(args: argparse.Namespace, data_dir: Path, cache: Path) -> str:
    """The shell command textual-serve runs for one student (every part quoted): the app on
    the student's data folder, with the parsed-bank cache in the class folder too."""
    import shlex
    import sys
    from pathlib import Path

    parts = [sys.executable, "-m", "quiz", "study", *(str(Path(b).resolve()) for b in args.banks)]
    if args.mode:
        parts += ["--mode", str(args.mode)]
    if args.count:
        parts += ["--count", str(args.count)]
    if args.time_limit:
        parts += ["--time-limit", str(args.time_limit.total_seconds() / 60)]
    if args.pass_mark is not None:
        parts += ["--pass-mark", str(args.pass_mark)]
    parts += ["--data-dir", str(data_dir)]
    return f"QUIZ_CACHE_DIR={shlex.quote(str(cache))} exec " + shlex.join(parts)


def read_roster(path: Path, class_dir: Path) -> dict[str, str]:
    """Key -> student folder for every name in the roster file, keeping the keys already
    given out (``CLASS/.roster.json``) and making new ones for new names. Raises ValueError
    naming the line of a name that makes no folder name, or two lines of one student."""
    import json
    import os
    import secrets
    import tempfile

    from quiz.study.classroom import student_folder

    folders: dict[str, int] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        name = line.strip()
        if not name or name.startswith("#"):
            continue
        try:
            folder = student_folder(name)
        except ValueError as error:
            raise ValueError(f"{path}:{number}: {error}") from None
        if folder in folders:
            raise ValueError(
                f"{path}:{number}: {name!r} is the same student as line {folders[folder]}"
            )
        folders[folder] = number
    keys_file = class_dir / ROSTER_KEYS
    try:
        given = json.loads(keys_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        given = {}
    by_folder = {f: k for k, f in given.items() if isinstance(f, str) and isinstance(k, str)}
    keys = {by_folder.get(f) or secrets.token_urlsafe(12): f for f in folders}
    if keys != given:
        fd, temp = tempfile.mkstemp(dir=class_dir, prefix=".roster.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(keys, out, indent=1, sort_keys=True)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, keys_file)
    return keys


NAME_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>quiz</title>
<style>body{background:#0c181f;color:#eee;font:18px monospace;display:flex;
justify-content:center;align-items:center;height:90vh}input,button{font:inherit;padding:8px}
</style></head><body><form method="get" action="/">
<p>{message}</p><input name="name" id="name" maxlength="80" autofocus autocomplete="off">
<button type="submit" id="go">Start</button></form></body></html>"""

ROSTER_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>quiz</title></head>
<body><p>{message}</p></body></html>"""


def make_server(args: argparse.Namespace, class_dir: Path, roster: dict[str, str] | None) -> Any:
    """The textual-serve server of this class (its ``serve()`` runs until Ctrl+C)."""
    import html
    from urllib.parse import quote

    import aiohttp_jinja2
    from aiohttp import web
    from textual_serve.app_service import AppService
    from textual_serve.server import Server

    from quiz.study.classroom import student_folder

    cache = class_dir / ".cache"

    def folder_of(ticket: str) -> str | None:
        if roster is not None:
            return roster.get(ticket)
        try:
            folder = student_folder(ticket)
        except ValueError:
            return None
        return folder if folder == ticket else None

    class ClassServer(Server):
        async def _make_app(self) -> web.Application:
            app = await super()._make_app()
            app.router.add_get("/ws/{ticket}", self.handle_websocket)
            return app

        async def handle_index(self, request: web.Request) -> web.Response:
            if roster is not None:
                ticket = request.query.get("key", "")
                if ticket not in roster:
                    message = "Open the link your teacher gave you."
                    return web.Response(
                        text=ROSTER_PAGE.format(message=message),
                        content_type="text/html",
                        status=403 if ticket else 200,
                    )
            else:
                name = request.query.get("name")
                if name is None:
                    page = NAME_PAGE.replace("{message}", "Your name:")
                    return web.Response(text=page, content_type="text/html")
                try:
                    ticket = student_folder(name)
                except ValueError:
                    message = html.escape(f"{name!r} cannot be a name: try letters. Your name:")
                    page = NAME_PAGE.replace("{message}", message)
                    return web.Response(text=page, content_type="text/html")
            context = {
                "font_size": 16,
                "app_websocket_url": f"ws://{request.host}/ws/{quote(ticket, safe='')}",
                "config": {"static": {"url": "/static/"}},
                "application": {"name": f"quiz: {folder_of(ticket)}"},
            }
            return aiohttp_jinja2.render_template("app_index.html", request, context)

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            folder = folder_of(request.match_info.get("ticket", ""))
            if folder is None:
                raise web.HTTPForbidden(text="not a student of this class")
            data_dir = class_dir / folder
            # Belt and braces: the sanitiser already makes this a direct child.
            if data_dir.resolve().parent != class_dir.resolve() or data_dir.is_symlink():
                raise web.HTTPForbidden(text="not a student of this class")
            data_dir.mkdir(exist_ok=True)
            command = study_command(args, data_dir, cache)
            width = _to_int(request.query.get("width", "80"), 80)
            height = _to_int(request.query.get("height", "24"), 24)
            websocket = web.WebSocketResponse(heartbeat=15)
            await websocket.prepare(request)
            service = AppService(
                command,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,  # type: ignore[arg-type]  # aiohttp's own signature
                download_manager=self.download_manager,
                debug=self.debug,
            )
            try:
                await service.start(width, height)
                await self._process_messages(websocket, service)
            finally:
                await service.stop()
            return websocket

        async def on_startup(self, app: web.Application) -> None:
            print(f"quiz serve: class folder {class_dir}", flush=True)
            if roster is None:
                print(f"quiz serve: students open {self.public_url}/", flush=True)
            else:
                for key, folder in sorted(roster.items(), key=lambda kv: kv[1]):
                    print(f"  {folder}: {self.public_url}/?key={key}", flush=True)
            print("quiz serve: Ctrl+C stops the server", flush=True)

    public_url = None
    if args.host in ("0.0.0.0", "::", ""):
        # Every address of this machine: the links name it, not 0.0.0.0, which no browser opens.
        import socket

        public_url = f"http://{socket.gethostname()}:{args.port}"
    return ClassServer("quiz", host=args.host, port=args.port, title="quiz", public_url=public_url)


def _to_int(text: str, default: int) -> int:
    try:
        return max(10, min(int(text), 500))
    except ValueError:
        return default


def run(args: argparse.Namespace) -> int:
    import sys
    from pathlib import Path

    class_dir = Path(args.class_dir).expanduser().resolve()
    try:
        if args.roster is not None and not Path(args.roster).is_file():
            # Before the class folder is made: a mistyped roster leaves nothing behind.
            raise FileNotFoundError(2, "no such file", args.roster)
        class_dir.mkdir(parents=True, exist_ok=True)
        roster = None if args.roster is None else read_roster(Path(args.roster), class_dir)
    except ValueError as error:
        print(f"quiz serve: error: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        from quiz.study.atomic import describe

        where = f"{error.filename}: " if error.filename else ""
        print(f"quiz serve: error: {where}{describe(error)}", file=sys.stderr)
        return 1
    if roster == {}:
        print(f"quiz serve: error: {args.roster}: no student names in it", file=sys.stderr)
        return 1
    make_server(args, class_dir, roster).serve()
    return 0
