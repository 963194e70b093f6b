"""A field of several values is read one way for input and display."""
import pytest

from ckanext.satudata.metadata.values import as_list


@pytest.mark.parametrize("value, expected", [
    (None, []), ("", []), ([], []), (["a", "b"], ["a", "b"]), (("a",), ["a"]),
    ('["2022", "2023"]', ["2022", "2023"]), ('"x"', ['"x"']), ("[3]", [3]),
    ("2022, 2023 ,", ["2022", "2023"]), (2023, [2023]),
])
def test_every_shape_reads_as_its_values(value, expected):
    assert as_list(value) == expected


def test_a_broken_json_list_is_refused():
    with pytest.raises(ValueError):
        as_list('["a", ')
