"""Settings validation that JSON Schema alone cannot express: real time zones, strict types."""

import pytest
from pydantic import ValidationError

from app.preferences.schemas import PreferencesPatch, PreferencesReplace

VALID = {
    "theme": "dark",
    "language": "pt-BR",
    "timezone": "America/Sao_Paulo",
    "notifications_enabled": False,
    "items_per_page": 5,
}


def test_a_valid_replacement_is_accepted_as_is():
    assert PreferencesReplace.model_validate(VALID).model_dump() == VALID


@pytest.mark.parametrize(
    "field, value",
    [
        ("timezone", "Mars/Olympus_Mons"),
        ("timezone", "utc"),
        ("items_per_page", "5"),
        ("items_per_page", True),
        ("notifications_enabled", "yes"),
        ("notifications_enabled", 1),
        ("language", "en_US"),
        ("theme", "Dark"),
    ],
)
def test_json_schema_strictness_and_real_time_zones(field, value):
    with pytest.raises(ValidationError) as error:
        PreferencesReplace.model_validate({**VALID, field: value})
    assert error.value.errors()[0]["loc"] == (field,)


def test_a_patch_keeps_what_it_leaves_out_and_refuses_null():
    assert PreferencesPatch.model_validate({"theme": "light"}).model_dump(exclude_unset=True) == {"theme": "light"}
    with pytest.raises(ValidationError):
        PreferencesPatch.model_validate({"theme": None})
