"""One description of the document's shape: what the models store, the document holds."""

import pytest
from django.apps import apps

from koers.imports.branches import DOCUMENT, NOT_IN_DOCUMENT, POSITION, walk
from koers.imports.exporter import export_document
from koers.imports.loader import DocumentError, load_document


def _stored_fields(label: str) -> set[str]:
    model = apps.get_model(label)
    return {
        field.name
        for field in model._meta.get_fields()
        if (field.concrete or field.many_to_many) and not field.auto_created
    }


@pytest.mark.parametrize("branch", list(walk()), ids=lambda branch: branch.model)
def test_every_stored_field_is_in_the_document_or_said_not_to_be(branch):
    """A field added to a model fails here until it is a Field of its branch (read and
    written by loader and exporter alike) or named in NOT_IN_DOCUMENT."""
    described = (
        {field.name for field in branch.fields}
        | {ref.key for ref in branch.refs}
        | {name for name in branch.natural}
        | {branch.owner, branch.under}
        | ({POSITION} if branch.ordered else set())
    )
    assert _stored_fields(branch.model) - described - set(NOT_IN_DOCUMENT) == set()


def test_the_shape_has_no_field_twice():
    for branch in walk():
        keys = (
            [field.key for field in branch.fields]
            + [ref.key for ref in branch.refs]
            + [child.key for child in branch.children]
        )
        assert len(keys) == len(set(keys)), branch.model


def test_the_exporter_writes_every_key_the_loader_reads(db, small_document):
    load_document(small_document, "small.json", "test")
    exported = export_document()
    assert set(exported) == {"format", "version", *(branch.key for branch in DOCUMENT)}

    def check(branch, item):
        assert set(item) == branch.keys, branch.model
        for child in branch.children:
            for sub in item[child.key]:
                check(child, sub)

    for branch in DOCUMENT:
        assert exported[branch.key], branch.key
        for item in exported[branch.key]:
            check(branch, item)


def test_a_reference_within_a_framework_does_not_reach_another(db, small_document):
    """Task codes are unique per framework: a programme cannot name another plan's task."""
    load_document(small_document, "small.json", "test")
    other = {
        "municipalities": small_document["municipalities"],
        "frameworks": [
            {
                **{k: v for k, v in small_document["frameworks"][0].items() if k != "themes"},
                "title": "Een ander kader",
                "themes": [{"chapter": "1", "title": "Thema", "tasks": []}],
                "programmes": [{**small_document["frameworks"][0]["programmes"][0], "theme": "1"}],
            }
        ],
    }
    with pytest.raises(DocumentError, match=r"'task': '3\.1'"):
        load_document(other, "other.json", "test")
