"""Where the office's database lives (this PC's choice), and the server password kept in the
system keyring (Windows Credential Manager, macOS Keychain, Secret Service). Nothing here is sent
anywhere; where no keyring is available, the password is asked at each start."""

from __future__ import annotations

import json
from urllib.parse import quote, urlsplit

from unionoffice.logs import log
from unionoffice.paths import data_dir

SERVICE = "unionoffice"
CONNECTION_FILE = "connection.json"


def server_url(host: str, port: int, database: str, user: str) -> str:
    return f"postgresql://{quote(user, safe='')}@{host}:{int(port)}/{quote(database, safe='')}"


def url_parts(url: str) -> dict:
    parts = urlsplit(url)
    try:
        port = parts.port or 5432
    except ValueError:  # a hand-edited connection.json: show the rest, let the user mend the port
        port = 5432
    return {"host": parts.hostname or "", "port": port,
            "database": parts.path.lstrip("/"), "user": parts.username or ""}


def saved_server() -> str | None:
    """The server URL this PC opens at start (None: the local data file)."""
    try:
        data = json.loads((data_dir() / CONNECTION_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    url = data.get("server") if isinstance(data, dict) else None
    return url if isinstance(url, str) and url.startswith(("postgresql://", "postgres://")) else None


def save_server(url: str | None) -> None:
    """Remember the server to open at start (``None`` goes back to the local data file)."""
    from unionoffice.files import atomic_target

    target = data_dir() / CONNECTION_FILE
    with atomic_target(target) as partial:
        partial.write_text(json.dumps({"server": url}, ensure_ascii=False), encoding="utf-8")


def get_password(url: str) -> str | None:
    try:
        import keyring

        return keyring.get_password(SERVICE, _key(url))
    except Exception as exc:  # no keyring on this system, or it is locked
        log.info("keyring not available: %s", type(exc).__name__)
        return None


def set_password(url: str, password: str | None) -> bool:
    """Keep (or with None, forget) the password; False when there is no keyring to keep it in."""
    try:
        import keyring

        if password:
            keyring.set_password(SERVICE, _key(url), password)
        else:
            try:
                keyring.delete_password(SERVICE, _key(url))
            except keyring.errors.PasswordDeleteError:
                pass
        return True
    except Exception as exc:
        log.info("keyring not available: %s", type(exc).__name__)
        return False


def _key(url: str) -> str:
    p = url_parts(url)
    return f"{p['user']}@{p['host']}:{p['port']}/{p['database']}"
