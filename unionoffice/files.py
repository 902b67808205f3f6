"""Writing files the user keeps: a temporary name first, renamed when complete, so a full disk, a
read-only folder or a crash never leaves a partial file under the final name; errors in Chinese."""

from __future__ import annotations

import errno
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


class WriteError(OSError):
    """A file could not be written; the message is for the user."""


def explain(exc: BaseException, target: Path) -> str:
    text = str(exc).lower()
    if getattr(exc, "errno", None) == errno.ENOSPC or ("disk" in text and "full" in text):
        return f"磁盘空间不足，无法写入：{target}"
    if (isinstance(exc, PermissionError) or getattr(exc, "errno", None) in (errno.EACCES, errno.EROFS)
            or "readonly" in text or "read-only" in text or "permission" in text):
        return f"没有写入权限（文件夹只读，或文件正被 Excel/WPS 打开？）：{target}"
    return f"无法写入 {target}（{os_reason(exc)}）"


OS_REASONS = {
    errno.ENOENT: "文件或文件夹不存在", errno.EACCES: "没有访问权限", errno.EPERM: "没有访问权限",
    errno.ENOSPC: "磁盘空间不足", errno.EROFS: "磁盘或文件夹是只读的", errno.EISDIR: "这是一个文件夹",
    errno.ENOTDIR: "路径中有一段不是文件夹", errno.ENAMETOOLONG: "文件名太长", errno.EEXIST: "文件已存在",
    errno.EBUSY: "文件正被其他程序使用", errno.EIO: "磁盘读写出错", errno.EINVAL: "文件名中有不允许的字符",
}


def os_reason(exc: BaseException) -> str:
    """The operating system's reason for a failed file operation, in Chinese (its own is English)."""
    number = getattr(exc, "errno", None)
    if number in OS_REASONS:
        return OS_REASONS[number]
    winerror = getattr(exc, "winerror", None)
    if winerror == 32:  # ERROR_SHARING_VIOLATION: open in Excel/WPS
        return "文件正被其他程序（如 Excel/WPS）打开"
    return f"系统错误 {number}" if number else "系统错误"


@contextmanager
def atomic_target(path: Path | str) -> Iterator[Path]:
    """Yields a temporary path beside ``path``; on success it becomes ``path``."""
    path = Path(path)
    partial = path.with_name(path.name + ".part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        yield partial
        partial.replace(path)
    except OSError as exc:
        try:
            partial.unlink(missing_ok=True)
        except OSError:
            pass
        if isinstance(exc, WriteError):
            raise
        raise WriteError(explain(exc, path)) from exc
    except BaseException:
        try:
            partial.unlink(missing_ok=True)
        except OSError:
            pass
        raise
