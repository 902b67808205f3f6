import pytest

from unionoffice.db.models import Setting
from unionoffice.domain import security
from unionoffice.domain.validation import ValidationError


def test_password_is_stored_as_an_argon2_hash_and_can_be_changed_and_removed(db):
    assert not security.has_password() and security.verify("anything")
    security.set_password("工会2026")
    stored = Setting.get(Setting.key == security.KEY).value
    assert "工会2026" not in stored and "$argon2" in stored
    assert security.verify("工会2026") and not security.verify("wrong")
    with pytest.raises(ValidationError, match="原密码"):
        security.set_password("new-one", old="wrong")
    with pytest.raises(ValidationError, match="至少"):
        security.set_password("abc", old="工会2026")
    security.set_password("", old="工会2026")
    assert not security.has_password()
