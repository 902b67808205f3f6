"""The optional start-up password, kept as an argon2 hash in the chapter's settings."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from unionoffice.db.models import database
from unionoffice.domain import audit, settings
from unionoffice.domain.validation import ValidationError

KEY = "security.password_hash"
MIN_LENGTH = 4
_hasher = PasswordHasher()


def has_password() -> bool:
    return bool(settings.get(KEY, ""))


def verify(password: str) -> bool:
    stored = settings.get(KEY, "")
    if not stored:
        return True
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def set_password(new: str, old: str = "") -> None:
    """Set, change or (with an empty ``new``) remove the password; the old one must be given."""
    if has_password() and not verify(old):
        raise ValidationError("原密码", "不正确")
    if new and len(new) < MIN_LENGTH:
        raise ValidationError("新密码", f"至少 {MIN_LENGTH} 位")
    with database.atomic():
        settings.put_many({KEY: _hasher.hash(new) if new else ""})
        audit.record("password", "setting", None, None, {"password": "已设置" if new else "已取消"})
