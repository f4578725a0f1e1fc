"""`quiz sync`: keep your progress on several devices through one synced folder.

``quiz sync init DIR`` remembers ``DIR`` (a Syncthing, Nextcloud or Dropbox folder, a network
share or a git work tree) for this device's progress; from then on every opening of the
progress writes this device's answers to its own file there and merges what the other
devices' files bring (see ``quiz.study.sync``). ``quiz sync`` does that now, ``--git`` also
commits this device's file and pulls and pushes; ``quiz sync status`` lists the devices seen.

Exit status: 0 when done, 1 when syncing could not be done (nothing set up, the folder is not
there, git failed: the message says which), 2 for a wrong command line.
"""

from __future__ import annotations

import argparse
import sys

from quiz.cli.stats import add_data_dir, safe_text


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "action",
        nargs="?",
        choices=("init", "status"),
        help="init DIR: sync through DIR from now on; status: the devices seen there; "
        "none: sync now",
    )
    parser.add_argument("folder", nargs="?", metavar="DIR", help="the synced folder (for init)")
    parser.add_argument("--name", help="this device's name in the folder (default: host name)")
    parser.add_argument(
        "--git",
        action="store_true",
        help="the folder is a git work tree: commit this device's file, pull and push",
    )
    parser.add_argument("--no-push", action="store_true", help="with --git: commit and pull only")
    add_data_dir(parser)


def run(args: argparse.Namespace) -> int:
    from quiz import paths
    from quiz.study import sync
    from quiz.study.store import ProgressError, ProgressStore

    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="backslashreplace")
    if args.action != "init" and args.folder is not None:
        print(f"quiz sync: error: unexpected argument {args.folder!r}", file=sys.stderr)
        return 2
    data_dir = paths.data_dir(args.data_dir)
    try:
        if args.action == "init":
            if args.folder is None:
                print("quiz sync: error: init needs the folder: DIR", file=sys.stderr)
                return 2
            from pathlib import Path

            config = sync.init(data_dir, Path(args.folder), device=args.name)
        else:
            loaded = sync.load_config(data_dir)
            if loaded is None:
                print(
                    "quiz sync: error: no sync folder is set up here; run `quiz sync init DIR`",
                    file=sys.stderr,
                )
                return 1
            config = loaded
        store = ProgressStore.open(data_dir, sync=False)
        for notice in store.take_notices():
            print(f"quiz sync: note: {notice}", file=sys.stderr)
        if args.git:
            _git_before(sync, store, config)
        report = sync.sync(store, config)
        if args.git:
            _git_after(sync, store, config, push=not args.no_push)
    except (sync.SyncError, ProgressError, OSError) as error:
        print(f"quiz sync: error: {error}", file=sys.stderr)
        return 1
    for notice in [*report.notices, *store.take_notices()]:
        print(f"quiz sync: note: {safe_text(notice.removeprefix('sync: '))}", file=sys.stderr)
    if args.action == "status":
        return _status(sync, store, config)
    where = sync.sync_dir(config.folder)
    print(f"This device ({safe_text(config.device)}) syncs through {where}")
    if args.action == "init" and (config.folder / ".git").exists():
        print("It is a git work tree: `quiz sync --git` commits this device's file, pulls, pushes.")
    print(
        f"Wrote {report.exported} event(s) of this device; merged {report.merged} from "
        "other devices."
    )
    return 0


def _own_file(sync, store, config):
    return sync.sync_dir(config.folder) / f"{store._journal_id}.jsonl"


def _git_before(sync, store, config) -> None:
    """Commit what this device wrote, then take in what the others pushed."""
    if sync.export(store, config):
        sync.save_config(store.data_dir, config)
    from quiz.study import sync_git

    sync_git.git_commit(config.folder, _own_file(sync, store, config), config.device)
    sync_git.git_pull(config.folder)


def _git_after(sync, store, config, *, push: bool) -> None:
    from quiz.study import sync_git

    sync_git.git_commit(config.folder, _own_file(sync, store, config), config.device)
    if push:
        sync_git.git_push(config.folder)
        print("Committed this device's file and pushed.")
    else:
        print("Committed this device's file (not pushed).")


def _status(sync, store, config) -> int:
    devices = sync.status(store, config)
    print(f"Sync folder: {sync.sync_dir(config.folder)}")
    if not devices:
        print("No device has written there yet.")
        return 0
    rows = [("DEVICE", "EVENTS", "MERGED HERE", "LAST EVENT")]
    for d in devices:
        name = safe_text(d.name) + (" (this device)" if d.this else "")
        last = "-" if d.last is None else f"{d.last:%Y-%m-%d %H:%M} UTC"
        merged = "-" if d.this else str(d.applied)
        rows.append((name, str(d.events), merged, last))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    for d in devices:
        if d.problem:
            print(f"{safe_text(d.name)}: not read: {safe_text(d.problem)}")
        if d.clock:
            print(f"{safe_text(d.name)}: its clock looks wrong: {safe_text(d.clock)}")
    return 0
