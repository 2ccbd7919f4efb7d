"""Kill -9 trials for the two backup paths: the pre-migration backup and the merge's.

    python bench/kill_trials.py [--trials 100] [--only migration|merge] [--seed 1]

Each trial starts the real `assay` command in a child process and kills it with
SIGKILL at a random moment of its run: `assay stats` on a copy of a schema-1 review
(opening it backs it up and migrates it), or `assay merge` of a bundle that adds a
document. The moments are drawn over the part of the run that writes, where a kill can hurt:
nine kills in ten come a random time (up to the measured rest of the run) after the
temporary backup appears, one in ten at a random time before it.
After each kill the review is opened again by `assay stats`, and then:

- it opens, at the current schema, with every committed row it had (and a merge is
  there whole or not at all);
- every backup at a backup's name is a whole, checked copy of the review as it was
  (`verification_problem` is empty, same rows): a stale partial is never trusted;
- no temporary backup or other junk is left beside it.

Prints the counts (where the kills landed, how many trials failed a check); exits 1
if any did. `tests/services/test_kill_trials.py` runs a few of each (marked
`kill_trials`, skipped unless ASSAY_KILL_TRIALS is set).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, isolate

V1_FIXTURE = ROOT / "tests" / "fixtures" / "review-v1.assay"
CLI = "import sys; from assay.cli import main; sys.exit(main(sys.argv[1:]))"
PARTIAL = ".backup-partial"  # assay.store.backup_files.PARTIAL_SUFFIX (checked below)
SENTENCES = 40_000  # enough rows that the backup and the writes take a while to kill
CODE: list[Path] = []  # --code: the commands run from another checkout's app/


@dataclass
class Trials:
    kind: str
    landed: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)

    def fail(self, trial: int, problem: str) -> None:
        self.failures.append(f"{self.kind} trial {trial}: {problem}")


# -- the child process -----------------------------------------------------------------


def assay(*args: object, check: bool = False) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-c", CLI, *map(str, args)], capture_output=True, text=True, env=_env()
    )
    if check and done.returncode != 0:
        raise RuntimeError(f"assay {args[0]} failed: {done.stderr.strip()}")
    return done


def _env() -> dict[str, str] | None:
    return {**os.environ, "PYTHONPATH": str(CODE[0])} if CODE else None


def run_and_kill(args: list[object], folder: Path, delay: float) -> bool:
    """Start `assay args`; SIGKILL it `delay` seconds after its temporary backup
    appears in `folder` (a negative delay: that long after it starts). A clock alone
    would miss: on a busy machine a run's length varies by seconds. False if the
    command ended before the kill."""
    child = subprocess.Popen(
        [sys.executable, "-c", CLI, *map(str, args)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=_env(),
    )
    if delay < 0:
        time.sleep(-delay)
    else:
        while child.poll() is None and not backup_started(folder):
            time.sleep(0.0005)
        time.sleep(delay)
    if child.poll() is not None:
        return False
    child.send_signal(signal.SIGKILL)
    child.wait()
    return True


def timeline(args: list[object], folder: Path) -> tuple[float, float]:
    """(when the temporary backup first appears, how long the command runs after
    that), in seconds, watched the way `run_and_kill` watches."""
    child = subprocess.Popen(
        [sys.executable, "-c", CLI, *map(str, args)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    start, appeared = time.perf_counter(), None
    while child.poll() is None:
        if appeared is None and backup_started(folder):
            appeared = time.perf_counter()
        time.sleep(0.0005)
    ended = time.perf_counter()
    if child.returncode != 0 or appeared is None:
        raise RuntimeError(f"assay {args[0]}: no backup seen ({child.stderr.read()})")  # type: ignore[union-attr]
    return appeared - start, ended - appeared


def kill_delay(rng: random.Random, before: float, after: float) -> float:
    """One kill in ten lands before the backup starts; the rest while it is written
    and during what follows (the writes a kill could harm)."""
    if rng.random() < 0.1:
        return -rng.uniform(0.0, before)
    return rng.uniform(0.0, after * 1.1)


# -- reading what is on disk -----------------------------------------------------------


def rows(path: Path, *, backup: bool = False) -> dict[str, list[tuple[object, ...]]]:
    """The committed rows that every schema shares (read-only; a backup is read as
    one immutable file, so that reading it makes no -shm beside it)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro{'&immutable=1' if backup else ''}", uri=True)
    try:
        return {
            "documents": conn.execute(
                "SELECT id, sha256, text FROM documents ORDER BY id"
            ).fetchall(),
            "sentences": conn.execute(
                'SELECT id, document_id, ordinal, start, "end" FROM sentences ORDER BY id'
            ).fetchall(),
            "annotations": conn.execute(
                "SELECT id, sentence_id, reviewer_id, verdict, rationale, status "
                "FROM annotations ORDER BY id"
            ).fetchall(),
        }
    finally:
        conn.close()


def user_version(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def backup_started(folder: Path) -> bool:
    """A file other than the review's own has appeared: a backup is being written (a
    hidden temporary one now; the backup itself under the Assay before this change)."""
    return any(not p.name.startswith("review.assay") or ".bak" in p.name for p in folder.iterdir())


def partials(folder: Path) -> list[Path]:
    return sorted(folder.glob(f".*{PARTIAL}*"))


def junk(folder: Path, review: Path, backups: str) -> set[str]:
    allowed = {review.name, f"{review.name}-wal", f"{review.name}-shm", f"{review.name}.lock"}
    return {p.name for p in folder.iterdir() if p.name not in allowed and not p.match(backups)}


# -- migration -------------------------------------------------------------------------


def big_v1(path: Path) -> Path:
    """The schema-1 fixture with a long second document, half of it annotated, in
    schema 1's own layout (as an old Assay wrote it)."""
    shutil.copyfile(V1_FIXTURE, path)
    conn = sqlite3.connect(path, isolation_level=None)
    reviewer = conn.execute("SELECT id FROM reviewers").fetchone()[0]
    pieces = [f"Trial {i} found that magnesium lowered blood pressure." for i in range(SENTENCES)]
    text = " ".join(pieces)
    conn.execute("BEGIN")
    conn.execute(
        "INSERT INTO documents(id, sha256, title, source_name, format, encoding, text, "
        "imported_at, position) VALUES (2, ?, 'Long', 'long.txt', 'plain', 'utf-8', ?, "
        "'2024-05-01T10:00:00.000+00:00', 1)",
        ("a" * 64, text),
    )
    conn.execute("INSERT INTO blocks VALUES (2, 0, 0, ?, 'paragraph', 0, '')", (len(text),))
    offset, sentence_rows, annotation_rows = 0, [], []
    for ordinal, piece in enumerate(pieces):
        sentence_id = 1000 + ordinal
        sentence_rows.append((sentence_id, ordinal, offset, offset + len(piece)))
        if ordinal % 2 == 0:
            annotation_rows.append((f"kill-{ordinal:08d}", sentence_id, reviewer))
        offset += len(piece) + 1
    conn.executemany("INSERT INTO sentences VALUES (?, 2, ?, ?, ?, 'paragraph', '')", sentence_rows)
    conn.executemany(
        "INSERT INTO annotations VALUES (?, ?, ?, '[\"efficacy\"]', 0, 'overstated', NULL, "
        "NULL, NULL, 3, 'kill -9', 'final', '2024-05-01T10:00:00.000+00:00', "
        "'2024-05-01T10:00:00.000+00:00', '', '', '')",
        annotation_rows,
    )
    conn.execute("COMMIT")
    conn.close()
    return path


def migration_trials(count: int, rng: random.Random, work: Path) -> Trials:
    from assay.store.backup_files import verification_problem

    trials = Trials("migration")
    template = big_v1(work / "template-v1.assay")
    expected = rows(template)
    probe = work / "probe"
    probe.mkdir()
    shutil.copyfile(template, probe / "review.assay")
    before, after = timeline(["stats", probe / "review.assay"], probe)
    migrated = user_version(probe / "review.assay")  # the schema the commands upgrade to
    trials.landed["ms from start to the backup (probe)"] = round(before * 1000)
    trials.landed["ms from the backup to the end (probe)"] = round(after * 1000)
    for trial in range(count):
        folder = work / f"migration-{trial}"
        folder.mkdir()
        review = folder / "review.assay"
        shutil.copyfile(template, review)
        backup = folder / "review.assay.bak-v1"
        killed = run_and_kill(["stats", review], folder, kill_delay(rng, before, after))
        if not killed:
            trials.landed["finished before the kill"] += 1
        elif partials(folder):
            trials.landed["killed while writing the backup"] += 1
        elif backup.exists() and user_version(review) < migrated:
            trials.landed["killed after the backup, before the migration committed"] += 1
        elif backup.exists():
            trials.landed["killed after the migration committed"] += 1
        else:
            trials.landed["killed before the backup began"] += 1
        again = assay("stats", "--json", review)
        if again.returncode != 0:
            trials.fail(trial, f"the review does not open: {again.stderr.strip()}")
            continue
        if user_version(review) != migrated:
            trials.fail(trial, f"not migrated: schema {user_version(review)}")
        if rows(review) != expected:
            trials.fail(trial, "committed rows differ from the original")
        left = junk(folder, review, "review.assay.bak-v1")  # before reading the backup
        if left:
            trials.fail(trial, f"junk left: {sorted(left)}")
        problem = verification_problem(backup, expected_version=1) if backup.exists() else "none"
        if problem:
            trials.fail(trial, f"backup {backup.name}: {problem}")
        elif rows(backup, backup=True) != expected:
            trials.fail(trial, "the backup's rows differ from the original")
        shutil.rmtree(folder)
    return trials


# -- merge -----------------------------------------------------------------------------


def merge_setup(work: Path) -> tuple[Path, Path]:
    """A review of the local reviewer's (a long document, annotated) and a bundle from
    another reviewer adding a long document of their own, annotated."""
    from assay.core.model import AnnotationState, ParsedDocument, Reviewer
    from assay.services import config
    from assay.services.exchange import export_bundle
    from assay.services.session import ReviewSession

    sys.path.insert(0, str(ROOT / "tests"))
    from support import synthetic_document

    def annotated(path: Path, reviewer: Reviewer, document: ParsedDocument) -> Path:
        state = AnnotationState(verdict="overstated", rationale="kill -9", status="final")
        with ReviewSession.create(path, reviewer) as session:
            session.import_parsed(document)
            for row in session.sentence_rows()[::3]:
                session.save_annotation(row.id, state)
        return path

    local = config.ensure_reviewer()
    review = annotated(work / "template.assay", local, synthetic_document(SENTENCES // 2))
    sender = Reviewer("5e11de00-0000-4000-8000-00000000000b", "Bea Sender")
    source = work / "sender" / "sender.assay"
    source.parent.mkdir()
    annotated(source, sender, synthetic_document(SENTENCES // 2, name="sender.txt"))
    bundle = work / "sender.assaybundle"
    export_bundle(source, bundle, reviewer=sender)
    shutil.rmtree(source.parent)
    return review, bundle


def merge_trials(count: int, rng: random.Random, work: Path) -> Trials:
    from assay.store.backup_files import verification_problem

    trials = Trials("merge")
    template, bundle = merge_setup(work)
    before = rows(template)
    probe = work / "probe-merge"
    probe.mkdir()
    shutil.copyfile(template, probe / "review.assay")
    assay("merge", probe / "review.assay", bundle, check=True)
    merged = rows(probe / "review.assay")
    shutil.rmtree(probe)
    probe.mkdir()
    shutil.copyfile(template, probe / "review.assay")
    start_to_backup, after = timeline(["merge", probe / "review.assay", bundle], probe)
    trials.landed["ms from start to the backup (probe)"] = round(start_to_backup * 1000)
    trials.landed["ms from the backup to the end (probe)"] = round(after * 1000)
    for trial in range(count):
        folder = work / f"merge-{trial}"
        folder.mkdir()
        review = folder / "review.assay"
        shutil.copyfile(template, review)
        delay = kill_delay(rng, start_to_backup, after)
        killed = run_and_kill(["merge", review, bundle], folder, delay)
        backups = sorted(folder.glob("review.before-merge-*.assay"))
        if not killed:
            trials.landed["finished before the kill"] += 1
        elif partials(folder):
            trials.landed["killed while writing the backup"] += 1
        elif backups:
            trials.landed["killed after the backup"] += 1
        else:
            trials.landed["killed before the backup began"] += 1
        again = assay("stats", "--json", review)  # the next open
        if again.returncode != 0:
            trials.fail(trial, f"the review does not open: {again.stderr.strip()}")
            continue
        left = junk(folder, review, "review.before-merge-*.assay")  # before reading them
        if left:
            trials.fail(trial, f"junk left: {sorted(left)}")
        now = rows(review)
        if now not in (before, merged):
            trials.fail(trial, "the review is neither as before nor wholly merged")
        for backup in backups:
            problem = verification_problem(backup)
            if problem:
                trials.fail(trial, f"backup {backup.name}: {problem}")
            elif rows(backup, backup=True) != before:
                trials.fail(trial, f"backup {backup.name} is not the review before the merge")
        if assay("merge", review, bundle).returncode != 0 or rows(review) != merged:
            trials.fail(trial, "merging again did not complete the merge")
        shutil.rmtree(folder)
    return trials


# -- main --------------------------------------------------------------------------------


def run(trials: int, only: str | None, seed: int) -> list[Trials]:
    home = isolate("kill")
    from assay.store.backup_files import PARTIAL_SUFFIX

    assert PARTIAL_SUFFIX == PARTIAL
    rng = random.Random(seed)
    results = []
    if only in (None, "migration"):
        results.append(migration_trials(trials, rng, _fresh(home / "migration")))
    if only in (None, "merge"):
        results.append(merge_trials(trials, rng, _fresh(home / "merge")))
    return results


def _fresh(folder: Path) -> Path:
    folder.mkdir(parents=True)
    return folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=100)
    parser.add_argument("--only", choices=("migration", "merge"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--code", type=Path, help="run the commands from this app/ folder (an older Assay)"
    )
    args = parser.parse_args()
    if args.code is not None:
        CODE.append(args.code.resolve())
    started = time.perf_counter()
    results = run(args.trials, args.only, args.seed)
    if args.json:
        print(json.dumps({r.kind: {**r.landed, "failures": r.failures} for r in results}))
    for result in results:
        print(f"{result.kind}: {args.trials} kills, {len(result.failures)} failed a check")
        for where, number in result.landed.items():
            print(f"  {where}: {number}")
        for failure in result.failures:
            print(f"  FAILED {failure}")
    print(f"({time.perf_counter() - started:.0f} s)")
    return 1 if any(result.failures for result in results) else 0


if __name__ == "__main__":
    sys.exit(main())
