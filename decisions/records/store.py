"""The records folder: resolution, file names, collision-safe numbering, atomic writes,
listing, status changes and consistency checks.

Creating a record never replaces a file. A writer
1. takes the number's lock `.NNNN.lock` (O_CREAT|O_EXCL; holds its pid and host),
2. checks that no `NNNN-*.toml` exists (any slug counts),
3. writes the record to a temp file `.tmp-PID-XXXXXXXX.toml` in the folder and fsyncs it,
4. hard-links the temp file to `NNNN-slug.toml` (os.link fails if the name exists),
5. re-lists the folder: if another `NNNN-*.toml` appeared, it removes its own link and moves on,
6. fsyncs the folder, removes the temp file and the lock.
Any failure moves to the next number or cleans up; a killed writer leaves only dot-files (a
temp file and a lock) that listing ignores and removes once their process is gone.

The folder basics (names, folder resolution, leftovers) live in decisions.records.folder, and
the light listing that `records list` uses in decisions.records.listing.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import socket
import time
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archdecide.decisions.files import fsync_dir, write_atomic, write_temp
from archdecide.decisions.records.folder import (
    NUMBERED_RE,
    RecordStoreError,
    changed_by,
    entries,
    mismatch,
    show,
    stale,
)
from archdecide.decisions.records.markdown_adr import foreign_markdown, read_folder
from archdecide.decisions.records.model import (
    TYPED_LINKS,
    DecisionRecord,
    RecordError,
    from_toml,
    to_toml,
)
from archdecide.knowledge.reading import RECORD_LIMIT, Refused, read_bounded

if TYPE_CHECKING:
    from archdecide.decisions.engine.evaluation import Evaluation
    from archdecide.decisions.meta import Meta

HOLD_TEMP_ENV = "ARCHDECIDE_TEST_HOLD_TEMP"
"""Test hook: seconds to sleep after the temp file is written, before it is linked."""

SLUG_MAX = 200
"""Characters of a slug at most: `NNNN-` + slug + `.toml` (or an export's `.md`, or a lock
or temp name beside it) stays well within the 255 bytes of a file name."""

TRANSITIONS: dict[str, tuple[str, ...]] = {
    "accepted": ("proposed", "rejected", "deprecated"),
    "rejected": ("proposed",),
    "deprecated": ("accepted",),
}
"""target status -> the statuses it may come from (superseding has its own command)."""


@dataclass(frozen=True)
class StoredRecord:
    path: Path
    number: int
    record: DecisionRecord


@dataclass
class Listing:
    records: list[StoredRecord] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- names


def slugify(title: str) -> str:
    """Lowercase ASCII words joined by dashes: the whole title, as pyadr and adr-tools name
    their files, shortened only where a file name would pass the file system's 255 bytes,
    and then at a word boundary; never empty, never a path separator or '..'."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > SLUG_MAX:
        cut = slug[:SLUG_MAX + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else slug[:SLUG_MAX]
    return slug or "decision"


def file_name(number: int, title: str) -> str:
    return f"{number:04d}-{slugify(title)}.toml"


# --------------------------------------------------------------------------- low level


def _unwritable(directory: Path, exc: OSError) -> RecordStoreError:
    reason = exc.strerror or type(exc).__name__
    return RecordStoreError(f"cannot write to the records folder {show(directory)} "
                            f"({reason}); nothing was saved")


def _acquire(lock: Path) -> bool:
    for _ in range(2):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            if stale(lock):
                lock.unlink(missing_ok=True)
                continue
            return False
        try:
            os.write(fd, f"{os.getpid()} {socket.gethostname()}\n".encode())
        finally:
            os.close(fd)
        return True
    return False


LOCK_WAIT = 30.0
"""Seconds a status change waits for the records it changes to be free."""


@contextmanager
def _holding(directory: Path, numbers: list[int]) -> Iterator[None]:
    """The locks of these record numbers (the same `.NNNN.lock` a new record takes), taken in
    order and waited for: two status changes, or a change and a new record, never interleave
    on one record."""
    taken: list[Path] = []
    deadline = time.monotonic() + LOCK_WAIT
    try:
        for number in sorted(set(numbers)):
            lock = directory / f".{number:04d}.lock"
            while True:
                try:
                    if _acquire(lock):
                        break
                except OSError as exc:
                    raise _unwritable(directory, exc) from None
                if time.monotonic() > deadline:
                    raise RecordStoreError(f"record {number:04d} in {show(directory)} is being "
                                           f"changed by another process ({lock.name}); try "
                                           "again")
                time.sleep(0.02)
            taken.append(lock)
        yield
    finally:
        for lock in taken:
            lock.unlink(missing_ok=True)


def _numbered(directory: Path) -> dict[int, list[str]]:
    """number -> every file that takes it: each `NNNN-*.toml`, and each `NNNN-*.md` that is not
    the export of a record (an ADR that adr-tools, log4brains or a person wrote)."""
    names = os.listdir(directory)
    out: dict[int, list[str]] = {}
    for name in names:
        match = NUMBERED_RE.match(name)
        if match:
            out.setdefault(int(match.group(1)), []).append(name)
    for name, number in foreign_markdown(names).items():
        out.setdefault(number, []).append(name)
    return out


# --------------------------------------------------------------------------- create


def create_record(directory: Path, make: Callable[[int], DecisionRecord]) -> StoredRecord:
    """Store the record `make(number)` under the next free number, atomically and without ever
    replacing a file. RecordStoreError if the folder cannot be written."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        taken = _numbered(directory)
    except OSError as exc:
        raise _unwritable(directory, exc) from None
    number = max(taken, default=0) + 1
    for _ in range(100_000):
        lock = directory / f".{number:04d}.lock"
        try:
            if not _acquire(lock):
                number += 1
                continue
        except OSError as exc:
            raise _unwritable(directory, exc) from None
        try:
            stored = _create_locked(directory, number, make)
        except OSError as exc:
            raise _unwritable(directory, exc) from None
        finally:
            lock.unlink(missing_ok=True)
        if stored is not None:
            return stored
        number += 1
    raise RecordStoreError(f"could not find a free record number in {show(directory)}")


def _create_locked(directory: Path, number: int,
                   make: Callable[[int], DecisionRecord]) -> StoredRecord | None:
    if number in _numbered(directory):
        return None
    record = make(number)
    final = directory / file_name(number, record.title)
    data = to_toml(record).encode("utf-8")
    if len(data) > RECORD_LIMIT:  # the reader would refuse it: never write it
        raise RecordStoreError(f"the record would be {len(data):,} bytes, more than the "
                               f"{RECORD_LIMIT:,} a record may hold; shorten its context, "
                               "consequences or names")
    tmp = write_temp(directory, data, ".toml")
    try:
        try:
            if read_record(tmp) != record:  # what the reader gets back is what was decided
                raise RecordStoreError(f"record {number:04d} would not read back as written; "
                                       "nothing was saved")
        except RecordError as exc:
            raise RecordStoreError(f"record {number:04d} would not read back ({exc}); "
                                   "nothing was saved") from None
        hold = os.environ.get(HOLD_TEMP_ENV)
        if hold:
            time.sleep(float(hold))
        try:
            os.link(tmp, final)
        except FileExistsError:
            return None
        if _numbered(directory).get(number, []) != [final.name]:
            final.unlink(missing_ok=True)  # another writer got this number: yield it
            return None
        fsync_dir(directory)
    finally:
        tmp.unlink(missing_ok=True)
    return StoredRecord(final, number, record)


def save_new_record(evaluation: Evaluation, meta: Meta, records_dir: Path,
                    title: str | None = None, *, today: dt.date | None = None) -> Path:
    """Save an evaluation as a new proposed record in `records_dir` (see
    resolve_records_dir); returns the new file's path. `title` overrides meta's.
    RecordStoreError (one sentence) if the folder cannot be written; nothing partial is ever
    left behind."""
    from archdecide.decisions.records.build import build_record

    date = today or dt.date.today()
    stored = create_record(Path(records_dir), lambda n: build_record(
        evaluation, number=n, date=date, meta=meta, title=title))
    return stored.path


@dataclass(frozen=True)
class SaveOutcome:
    """A record saved as the next version of a decision (save_revision)."""

    path: Path
    supersedes: Path | None = None
    note: str = ""
    """Why the earlier record of this decision was not marked superseded, if it was not."""


def save_revision(evaluation: Evaluation, meta: Meta, records_dir: Path,
                  earlier: Path | None) -> SaveOutcome:
    """Save a new record; when the decision was saved before as `earlier` (and it still
    exists), the new record supersedes it, if both are in one folder. RecordStoreError when
    the new record cannot be written; a supersede that fails leaves the new record and says
    why in `note`."""
    path = save_new_record(evaluation, meta, records_dir)
    if earlier is None or not earlier.exists():
        return SaveOutcome(path)
    if earlier.parent.resolve() != path.parent.resolve():
        return SaveOutcome(path, note=f"the earlier record {earlier} is in another folder, so "
                                      "it is not marked superseded")
    try:
        supersede(path.parent, read_record(earlier).number, read_record(path).number)
    except (RecordStoreError, ValueError, OSError) as exc:
        return SaveOutcome(path, note=f"the earlier record {earlier} is not marked superseded: "
                                      f"{exc}")
    return SaveOutcome(path, supersedes=earlier)


# --------------------------------------------------------------------------- read


def read_record(path: Path) -> DecisionRecord:
    try:
        data = read_bounded(path, RECORD_LIMIT, "a TOML record")
    except Refused as exc:
        raise RecordError(f"{show(path)}: {exc}") from None
    except OSError as exc:
        raise RecordError(f"{show(path)}: cannot be read ({exc.strerror})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RecordError(f"{show(path)}: is not valid UTF-8 (byte {exc.start}); expected a "
                          "UTF-8 TOML record") from None
    return from_toml(text, show(path))


def scan(directory: Path) -> Listing:
    """Every record in the folder, fully validated and sorted by number; problems (corrupt or
    foreign files) are collected, never raised. A missing folder is an empty listing.
    (`decisions.records.listing.list_heads` is the light version for listings.)"""
    listing = Listing()
    for entry in entries(directory):
        if isinstance(entry, str):
            listing.problems.append(entry)
            continue
        path, number = entry
        try:
            record = read_record(path)
        except RecordError as exc:
            listing.problems.append(f"{exc}; ignored")
            continue
        if record.number != number:
            listing.problems.append(mismatch(path, record.number, number))
        listing.records.append(StoredRecord(path, number, record))
    listing.records.sort(key=lambda s: (s.number, s.path.name))
    return listing


def find(directory: Path, number: int) -> StoredRecord:
    """Record `number`: only the files named with that number are read (not the whole folder).
    RecordStoreError if there is none, more than one, or it cannot be read."""
    listing = Listing()
    for entry in entries(directory):
        if isinstance(entry, str):
            listing.problems.append(entry)  # a misnamed NNNN-*.toml may be the one asked for
        elif entry[1] == number:
            try:
                listing.records.append(StoredRecord(entry[0], number, read_record(entry[0])))
            except RecordError as exc:
                listing.problems.append(f"{exc}; ignored")
    found = listing.records
    if len(found) > 1:
        names = ", ".join(s.path.name for s in found)
        raise RecordStoreError(f"record {number:04d} is ambiguous in {show(directory)} ({names});"
                               " run `archdecide records check` and renumber one of them")
    if found:
        return found[0]
    broken = [p for p in listing.problems if re.search(rf"/?{number:04d}-[^/]*\.toml:", p)]
    if broken:
        raise RecordStoreError(broken[0])
    markdown = sorted(name for name, n in foreign_markdown(os.listdir(directory),
                                                           with_dated=True).items()
                      if n == number)
    if len(markdown) > 1:  # log4brains names by date: several ADRs of one day
        raise RecordStoreError(f"{number} names {len(markdown)} Markdown ADRs in "
                               f"{show(directory)} ({', '.join(markdown)}); open one by its file")
    if markdown:
        raise ForeignAdr(directory / markdown[0], number)
    raise RecordStoreError(f"no record {number:04d} in {show(directory)}; expected a file "
                           f"{number:04d}-slug.toml")


class ForeignAdr(RecordStoreError):
    """Number N is a Markdown ADR another tool (or a person) wrote, not an archdecide record:
    it can be shown, never changed by archdecide (its own tool, or an editor, changes it)."""

    def __init__(self, path: Path, number: int) -> None:
        self.path, self.number = path, number
        super().__init__(f"record {number:04d} is {show(path)}, a Markdown ADR another tool "
                         "wrote: archdecide shows it but does not change it; edit its Status "
                         "line (or use the tool that wrote it)")


# --------------------------------------------------------------------------- update


def rewrite(stored: StoredRecord, record: DecisionRecord) -> StoredRecord:
    """Replace a record's file atomically (temp file, fsync, rename onto the same name)."""
    directory = stored.path.parent
    try:
        write_atomic(stored.path, to_toml(record).encode("utf-8"))
    except OSError as exc:
        raise _unwritable(directory, exc) from None
    return StoredRecord(stored.path, stored.number, record)


def upgrade(directory: Path, numbers: list[int] | None = None) -> list[StoredRecord]:
    """Rewrite records of earlier versions concise (decisions.records.build.concise), each
    atomically and under its lock: record `numbers`, or every record when None. Returns the
    records rewritten; a concise record is left as it is."""
    from archdecide.decisions.records.build import concise

    wanted = [s.number for s in scan(directory).records] if numbers is None else numbers
    done = []
    for number in wanted:
        with _holding(directory, [number]):
            stored = find(directory, number)
            if not stored.record.concise:
                done.append(rewrite(stored, concise(stored.record)))
    return done


def _updated(record: DecisionRecord, **changes: Any) -> DecisionRecord:
    """The record with `changes`; a new status is appended to its history (who and when)."""
    data = record.model_dump(by_alias=True)
    if "status" in changes and changes["status"] != record.status:
        when = changes.get("date") or dt.date.today()
        data["history"] = [*data.get("history", ()),
                           {"status": changes["status"], "date": when, "by": changed_by()}]
    return DecisionRecord.model_validate({**data, **changes})


def set_status(directory: Path, number: int, status: str,
               today: dt.date | None = None) -> tuple[StoredRecord, bool]:
    """accept / reject / deprecate; returns (record, changed). RecordStoreError when the
    transition is not allowed. A superseded record whose successor was rejected or is gone
    can be accepted again (its link is removed at both ends), so no record is ever stuck."""
    with _holding(directory, [number]):
        stored = find(directory, number)
        later = stored.record.links.superseded_by
        if stored.record.status == "superseded" and status == "accepted" and later is not None:
            successor = _successor(directory, later)
            if successor is None or successor.record.status == "rejected":
                return _revive(directory, stored, successor, today), True
        current = stored.record.status
        if current == status:
            return stored, False
        allowed = TRANSITIONS.get(status, ())
        if current not in allowed:
            hint = ""
            if current == "superseded":
                hint = (f" (a superseded record can be accepted again once record "
                        f"{later or 0:04d} that supersedes it is rejected)")
            raise RecordStoreError(
                f"record {number:04d} is {current}; it can become {status} only from "
                f"{' or '.join(allowed) or 'no status'}{hint}")
        record = _updated(stored.record, status=status, date=today or dt.date.today())
        return rewrite(stored, record), True


def _successor(directory: Path, number: int) -> StoredRecord | None:
    try:
        return find(directory, number)
    except RecordStoreError:
        return None


def _revive(directory: Path, stored: StoredRecord, successor: StoredRecord | None,
            today: dt.date | None) -> StoredRecord:
    date = today or dt.date.today()
    if successor is not None:
        with _holding(directory, [successor.number]):
            theirs = successor.record.links.model_dump()
            theirs["supersedes"] = [n for n in theirs["supersedes"] if n != stored.number]
            rewrite(successor, _updated(successor.record, links=theirs))
    mine = stored.record.links.model_dump()
    mine["superseded_by"] = None
    return rewrite(stored, _updated(stored.record, status="accepted", links=mine, date=date))


def supersede(directory: Path, old: int, new: int, today: dt.date | None = None, *,
              also: bool = False) -> tuple[StoredRecord, StoredRecord]:
    """Mark `old` superseded by `new`: old.status = superseded, old.links.superseded_by = new,
    new.links.supersedes gains old. Both records are locked and re-read first, so parallel
    supersedes leave consistent links at both ends. `also`: `old` is already superseded, and
    `new` is one more successor (links.also_superseded_by), as when a decision is split."""
    if old == new:
        raise RecordStoreError(f"record {old:04d} cannot supersede itself")
    with _holding(directory, [old, new]):
        old_stored, new_stored = find(directory, old), find(directory, new)
        successors = old_stored.record.links.successors()
        if also and old_stored.record.status == "superseded" and new not in successors:
            pass  # one more successor
        elif old_stored.record.status in ("superseded", "rejected") and new not in successors:
            hint = (" (add --also to give a superseded record one more successor)"
                    if old_stored.record.status == "superseded" else "")
            raise RecordStoreError(f"record {old:04d} is {old_stored.record.status}; only a "
                                   "proposed, accepted or deprecated record can be "
                                   f"superseded{hint}")
        if new_stored.record.status in ("superseded", "rejected", "deprecated"):
            raise RecordStoreError(f"record {new:04d} is {new_stored.record.status}; expected "
                                   "a proposed or accepted record to supersede with")
        if _chain_reaches(directory, new, old):
            raise RecordStoreError(f"record {new:04d} is itself superseded, directly or not, "
                                   f"by {old:04d}; superseding would make a cycle")
        date = today or dt.date.today()
        new_links = new_stored.record.links.model_dump()
        if old not in new_links["supersedes"]:
            new_links["supersedes"] = sorted({*new_links["supersedes"], old})
            new_stored = rewrite(new_stored, _updated(new_stored.record, links=new_links,
                                                      date=date))
        old_links = old_stored.record.links.model_dump()
        if new not in successors:
            if old_links["superseded_by"] is None:
                old_links["superseded_by"] = new
            else:
                old_links["also_superseded_by"] = sorted({*old_links["also_superseded_by"],
                                                          new})
        old_stored = rewrite(old_stored, _updated(old_stored.record, status="superseded",
                                                  links=old_links, date=date))
    return old_stored, new_stored


def link(directory: Path, number: int, kind: str, other: int) -> tuple[StoredRecord,
                                                                       StoredRecord]:
    """Record a typed link (amends, clarifies, relates_to) from `number` to `other`, and its
    mirror at the other end (amended_by, clarified_by, relates_to), under both records'
    locks."""
    if kind not in ("amends", "clarifies", "relates_to"):
        raise RecordStoreError(f"unknown link {kind!r}; expected amends, clarifies or "
                               "relates_to")
    if number == other:
        raise RecordStoreError(f"record {number:04d} cannot link to itself")
    mirror = TYPED_LINKS[kind]
    with _holding(directory, [number, other]):
        mine, theirs = find(directory, number), find(directory, other)

        def added(stored: StoredRecord, field: str, target: int) -> StoredRecord:
            links = stored.record.links.model_dump()
            if target in links[field]:
                return stored
            links[field] = sorted({*links[field], target})
            return rewrite(stored, _updated(stored.record, links=links))

        return added(mine, kind, other), added(theirs, mirror, number)


def _chain_reaches(directory: Path, start: int, target: int) -> bool:
    """Whether following superseded_by from `start` reaches `target`."""
    seen: set[int] = set()
    current: int | None = start
    while current is not None and current not in seen:
        if current == target:
            return True
        seen.add(current)
        found = _successor(directory, current)
        current = None if found is None else found.record.links.superseded_by
    return False


# --------------------------------------------------------------------------- check


def check(directory: Path) -> list[str]:
    """Every problem in the folder, one sentence each: duplicate numbers, broken or one-sided
    links, files not matching the naming or the schema."""
    if not directory.is_dir():
        return [f"{show(directory)}: no such records folder"]
    listing = scan(directory)
    problems = list(listing.problems)
    problems += read_folder(directory, sorted(os.listdir(directory)))[1]  # as `list` warns
    for number, names in sorted(_numbered(directory).items()):
        if len(names) > 1:
            problems.append(f"{show(directory)}: number {number:04d} is used by "
                            f"{len(names)} files ({', '.join(sorted(names))}); renumber all "
                            "but one (two branches merged, or another ADR tool?)")
    by_number = {s.number: s for s in listing.records}
    for stored in listing.records:
        problems.extend(_link_problems(stored, by_number))
        problems.extend(_export_drift(stored))
    problems.extend(_cycles(directory, by_number))
    return problems


def _export_drift(stored: StoredRecord) -> list[str]:
    """The record's Markdown export beside it, when its status is not the record's: edited by
    hand (another tool's `adr new -s`, a person) or left behind by a status change."""
    from archdecide.decisions.records.madr import madr_file_name, untouched
    from archdecide.decisions.records.markdown_adr import parse

    path = stored.path.with_name(madr_file_name(stored.path.name))
    if path.is_symlink() or not path.is_file():
        return []
    try:
        text = read_bounded(path, RECORD_LIMIT, "a Markdown export").decode("utf-8", "replace")
    except OSError:
        return [f"{show(path)}: the export of record {stored.number:04d} cannot be read"]
    said = parse(path, stored.number, text).status
    if said is None or said == stored.record.status:
        return []
    if untouched(text):
        return [f"{show(path)}: says status {said}, but record {stored.number:04d} is "
                f"{stored.record.status} now; run `archdecide records export "
                f"{stored.number}` to bring it up to date"]
    return [f"{show(path)}: says status {said}, but {show(stored.path)} says "
            f"{stored.record.status}; the export was edited by hand (or by another ADR tool): "
            f"change the status with `archdecide records` and export again (--force)"]


def _cycles(directory: Path, by_number: dict[int, StoredRecord]) -> list[str]:
    """Every supersede cycle (0001 superseded by 0002 superseded by 0001), once."""
    out: list[str] = []
    reported: set[int] = set()
    for start in sorted(by_number):
        chain: list[int] = []
        current: int | None = start
        while current is not None and current in by_number and current not in chain:
            chain.append(current)
            current = by_number[current].record.links.superseded_by
        if current is not None and current in chain and current not in reported:
            loop = chain[chain.index(current):]
            reported.update(loop)
            text = " -> ".join(f"{n:04d}" for n in [*loop, current])
            out.append(f"{show(directory)}: supersede cycle: {text}; expected each record to "
                       "be superseded by a later one")
    return out


def _link_problems(stored: StoredRecord, by_number: dict[int, StoredRecord]) -> list[str]:
    out: list[str] = []
    where, rec = show(stored.path), stored.record
    later = rec.links.superseded_by
    if rec.status == "superseded" and later is None:
        out.append(f"{where}: links.superseded_by: is missing; expected the number of the "
                   "record that supersedes this one")
    if later is not None:
        if rec.status != "superseded":
            out.append(f"{where}: status: is {rec.status} but links.superseded_by is "
                       f"{later:04d}; expected superseded")
        target = by_number.get(later)
        if target is None:
            out.append(f"{where}: links.superseded_by: record {later:04d} does not exist")
        elif target.record.status == "rejected" and rec.status == "superseded":
            out.append(f"{where}: status: superseded by {later:04d}, which is rejected; run "
                       f"`archdecide records accept {stored.number}` to accept it again, or "
                       "supersede it with another record")
        elif stored.number not in target.record.links.supersedes:
            out.append(f"{where}: links.superseded_by: record {later:04d} does not list "
                       f"{stored.number:04d} in links.supersedes")
    for more in rec.links.also_superseded_by:
        target = by_number.get(more)
        if target is None:
            out.append(f"{where}: links.also_superseded_by: record {more:04d} does not exist")
        elif stored.number not in target.record.links.supersedes:
            out.append(f"{where}: links.also_superseded_by: record {more:04d} does not list "
                       f"{stored.number:04d} in links.supersedes")
    for kind, mirror in TYPED_LINKS.items():
        for other in getattr(rec.links, kind):
            target = by_number.get(other)
            if target is None:
                out.append(f"{where}: links.{kind}: record {other:04d} does not exist")
            elif stored.number not in getattr(target.record.links, mirror):
                out.append(f"{where}: links.{kind}: record {other:04d} does not list "
                           f"{stored.number:04d} in links.{mirror}")
    for earlier in rec.links.supersedes:
        target = by_number.get(earlier)
        if earlier == stored.number:
            out.append(f"{where}: links.supersedes: a record cannot supersede itself")
        elif target is None:
            out.append(f"{where}: links.supersedes: record {earlier:04d} does not exist")
        elif stored.number not in target.record.links.successors():
            out.append(f"{where}: links.supersedes: record {earlier:04d} is not marked "
                       f"superseded by {stored.number:04d}")
    return out
