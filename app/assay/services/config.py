"""Per-user settings (Qt-free): reviewer identity, recent reviews, folders.

Stored as JSON in platformdirs' config folder, or under $ASSAY_HOME when set
(tests and portable installs): then config is $ASSAY_HOME/config.json and
data lives in $ASSAY_HOME/data.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

import platformdirs

from assay.core.model import Reviewer

APP_NAME = "Assay"
MAX_RECENT = 10
CONFIG_FILE = "config.json"


@dataclass(frozen=True, slots=True)
class Config:
    reviewer: Reviewer | None = None
    recent_reviews: tuple[Path, ...] = field(default_factory=tuple)
    last_review: Path | None = None
    # Blind (independent) coding is on in every review: others' decisions stay hidden
    # until I finish a document. These reviews (by review id) are the ones where I,
    # usually the lead who adjudicates, switched it off.
    sighted_reviews: tuple[str, ...] = ()
    bundle_folder: Path | None = None  # where bundles were last exported or imported from
    # Installations the reviewer confirmed are their own other computers: id -> a label
    # (the bundle it was paired from). Their bundles may change the reviewer's work.
    paired: dict[str, str] = field(default_factory=dict)


def _home() -> Path | None:
    value = os.environ.get("ASSAY_HOME")
    return Path(value) if value else None


def config_dir() -> Path:
    home = _home()
    return home if home else Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    """Where Assay keeps reviews it creates itself (e.g. the sample review)."""
    home = _home()
    return home / "data" if home else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_path() -> Path:
    return config_dir() / CONFIG_FILE


def load() -> Config:
    """Read the settings; a missing file gives defaults, a corrupt one is set aside."""
    path = config_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        config = _from_json(raw)
    except FileNotFoundError:
        return Config()
    except (ValueError, TypeError, KeyError, AttributeError, OSError):
        # Keep the bad file for inspection rather than overwriting it silently.
        with contextlib.suppress(OSError):
            os.replace(path, path.with_name(path.name + ".bad"))
        return Config()
    if isinstance(raw.get("reviewer"), dict) and not raw["reviewer"].get("installation"):
        with contextlib.suppress(OSError):  # a config from before installations
            save(config)  # keep the installation id made on load: it must never change
    return config


def save(config: Config) -> None:
    """Write atomically: a crash leaves either the old or the new file, never half."""
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(_to_json(config), indent=2, ensure_ascii=False)
    import tempfile  # only when saving; keeps start-up lean

    fd, temp = tempfile.mkstemp(prefix=".config-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def recent_reviews() -> list[Path]:
    """Most recent first; files that no longer exist are left out."""
    return [path for path in load().recent_reviews if path.exists()]


def remember_review(path: Path) -> Config:
    """Put `path` first in the recent list and make it the last review."""
    config = load()
    path = Path(path).absolute()
    recent = [path] + [p for p in config.recent_reviews if p != path and p.exists()]
    config = replace(config, recent_reviews=tuple(recent[:MAX_RECENT]), last_review=path)
    save(config)
    return config


def last_review() -> Path | None:
    path = load().last_review
    return path if path is not None and path.exists() else None


MAX_SIGHTED = 200  # reviews remembered with blind coding off (the oldest forgotten)


def blind_mode(review_id: str) -> bool:
    """Whether blind coding is on in this review (it is unless switched off here)."""
    return review_id not in load().sighted_reviews


def set_blind_mode(review_id: str, on: bool) -> None:
    sighted = tuple(r for r in load().sighted_reviews if r != review_id)
    if not on:
        sighted = (*sighted, review_id)[-MAX_SIGHTED:]
    save(replace(load(), sighted_reviews=sighted))


def bundle_folder() -> Path:
    """The folder bundle dialogs start in: the last one used, else the home folder."""
    folder = load().bundle_folder
    return folder if folder is not None and folder.is_dir() else Path.home()


def remember_bundle_folder(path: Path) -> None:
    folder = Path(path).absolute()
    save(replace(load(), bundle_folder=folder if folder.is_dir() else folder.parent))


def reviewer() -> Reviewer | None:
    """The local reviewer, or None before the first run."""
    return load().reviewer


def paired_installations() -> dict[str, str]:
    """The installations paired as the reviewer's own (id -> label)."""
    return dict(load().paired)


def pair_installation(installation: str, label: str) -> None:
    """Trust `installation` as one of the reviewer's own computers."""
    config = load()
    save(replace(config, paired={**config.paired, installation: label}))


def unpair_installation(installation: str) -> bool:
    config = load()
    if installation not in config.paired:
        return False
    save(replace(config, paired={k: v for k, v in config.paired.items() if k != installation}))
    return True


def set_reviewer(name: str, email: str = "") -> Reviewer:
    """Set the local reviewer's name/email, keeping the id if one exists."""
    config = load()
    current = config.reviewer
    import uuid  # only the first run makes an id; keeps start-up lean

    identity = (
        replace(current, name=name.strip(), email=email.strip())
        if current
        else Reviewer(str(uuid.uuid4()), name.strip(), email.strip())
    )
    save(replace(config, reviewer=identity))
    return identity


def ensure_reviewer() -> Reviewer:
    """The configured reviewer, created from the OS user name if there is none."""
    return reviewer() or set_reviewer(_os_user_name())


def _os_user_name() -> str:
    try:
        return getpass.getuser() or "reviewer"
    except (KeyError, OSError):  # no passwd entry, e.g. in some containers
        return "reviewer"


def _to_json(config: Config) -> dict[str, object]:
    who = config.reviewer
    return {
        "reviewer": None
        if who is None
        else {"id": who.id, "name": who.name, "email": who.email, "installation": who.installation},
        "recent_reviews": [str(path) for path in config.recent_reviews],
        "last_review": None if config.last_review is None else str(config.last_review),
        "sighted_reviews": list(config.sighted_reviews),
        "bundle_folder": None if config.bundle_folder is None else str(config.bundle_folder),
        "paired": dict(config.paired),
    }


def _from_json(raw: dict[str, object]) -> Config:
    if not isinstance(raw, dict):
        raise TypeError("config must be an object")
    who = raw.get("reviewer")
    identity = None
    if who is not None:
        if not isinstance(who, dict):
            raise TypeError("reviewer must be an object")
        installation = who.get("installation")
        identity = Reviewer(str(who["id"]), str(who["name"]), str(who.get("email", "")))
        if isinstance(installation, str) and installation:
            identity = replace(identity, installation=installation)
    recent = raw.get("recent_reviews") or []
    if not isinstance(recent, list):
        raise TypeError("recent_reviews must be a list")
    last = raw.get("last_review")
    folder = raw.get("bundle_folder")
    return Config(
        reviewer=identity,
        recent_reviews=tuple(Path(str(p)) for p in recent)[:MAX_RECENT],
        last_review=Path(str(last)) if last else None,
        sighted_reviews=_strings(raw.get("sighted_reviews")),
        bundle_folder=Path(str(folder)) if folder else None,
        paired=_paired(raw.get("paired")),
    )


def _strings(raw: object) -> tuple[str, ...]:
    if not isinstance(raw, list):
        return ()
    return tuple(str(item) for item in raw if isinstance(item, str))[-MAX_SIGHTED:]


def _paired(raw: object) -> dict[str, str]:
    if not isinstance(raw, dict):
        return {}
    return {str(key): str(value) for key, value in raw.items() if isinstance(key, str)}
