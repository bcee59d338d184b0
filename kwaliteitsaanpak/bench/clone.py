"""Copying the demo's schools' stories onto other schools, in bulk.

Every row that hangs off a school (its verdicts, trajectories, analyses, plans, budgets, progress reports, visits,
audits, indicator values, …, found by walking the foreign keys) is copied once per target school, with its foreign
keys to copied rows pointing at the copies. Users, boards, rounds and everything else outside that graph are
shared. The walk reads the models, so a model added later is copied without a change here.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from contextlib import contextmanager

from django.apps import apps
from django.db import models

from schools.models import School

# Reachable from a school but not part of its story: people, and files asked for by someone.
SKIPPED = {"accounts.user", "monitoring.monitorreport"}
BATCH = 2000


def _is_history(model) -> bool:
    return model._meta.model_name.startswith("historical")


def owned_models() -> list[type[models.Model]]:
    """The models whose rows belong to a school, each after the models it points to (self-references aside)."""
    owned: set = {School}
    candidates = [
        model
        for model in apps.get_models()
        if not _is_history(model) and model._meta.label_lower not in SKIPPED and model is not School
    ]
    changed = True
    while changed:
        changed = False
        for model in candidates:
            if model not in owned and any(
                field.related_model in owned for field in model._meta.concrete_fields if field.is_relation
            ):
                owned.add(model)
                changed = True
    owned.discard(School)
    ordered: list = []
    pending = sorted(owned, key=lambda model: model._meta.label)
    while pending:
        ready = [
            model
            for model in pending
            if all(
                field.related_model in ordered
                or field.related_model not in owned
                or field.related_model is model
                for field in model._meta.concrete_fields
                if field.is_relation
            )
        ]
        if not ready:
            raise RuntimeError(f"A cycle of required foreign keys among {pending}")
        ordered.extend(ready)
        pending = [model for model in pending if model not in ready]
    return ordered


def _unique_text_fields(model) -> list:
    return [
        field
        for field in model._meta.concrete_fields
        if field.unique and not field.primary_key and not field.is_relation
    ]


def clone_school_stories(source_schools: list[School], target_sets: list[list[School]]) -> dict[str, int]:
    """Copy everything that hangs off each of `source_schools` onto the school at the same place in every list of
    `target_sets`. Returns the number of rows made per model label."""
    made: dict[str, int] = defaultdict(int)
    for copy_number, targets in enumerate(target_sets, start=1):
        # model -> {old pk: new pk}
        mapping: dict = {
            School: {source.pk: target.pk for source, target in zip(source_schools, targets, strict=False)}
        }
        for model in owned_models():
            made[model._meta.label] += _clone_model(model, mapping, copy_number)
    return dict(made)


def _clone_model(model, mapping: dict, copy_number: int) -> int:
    relations = [
        field for field in model._meta.concrete_fields if field.is_relation and field.related_model in mapping
    ]
    self_relations = [
        field for field in model._meta.concrete_fields if field.is_relation and field.related_model is model
    ]
    owners = [field for field in relations if field.related_model is not model]
    condition = models.Q()
    for field in owners:
        condition |= models.Q(**{f"{field.attname}__in": list(mapping[field.related_model])})
    rows = list(model._default_manager.filter(condition).order_by("pk"))
    if not rows:
        mapping[model] = {}
        return 0
    unique_fields = _unique_text_fields(model)
    old_pks = []
    deferred: list[tuple] = []
    for row in rows:
        old_pks.append(row.pk)
        for field in owners:
            old = getattr(row, field.attname)
            if old is not None:
                setattr(row, field.attname, mapping[field.related_model].get(old, old))
        for field in self_relations:
            old = getattr(row, field.attname)
            if old is not None:
                deferred.append((row, field, old))
                setattr(row, field.attname, None)
        for field in unique_fields:
            value = getattr(row, field.attname)
            if isinstance(field, models.UUIDField):
                setattr(row, field.attname, uuid.uuid4())
            elif isinstance(value, str) and value:
                suffix = f"-{copy_number}"
                setattr(row, field.attname, value[: field.max_length - len(suffix)] + suffix)
        row.pk = None
        if model._meta.pk.attname != "id":
            setattr(row, model._meta.pk.attname, None)
    with _dates_kept(model):
        model._default_manager.bulk_create(rows, batch_size=BATCH)
    mapping[model] = {old: row.pk for old, row in zip(old_pks, rows, strict=True)}
    if deferred:
        for row, field, old in deferred:
            setattr(row, field.attname, mapping[model].get(old, old))
        model._default_manager.bulk_update(
            [row for row, _field, _old in deferred],
            [field.name for field in self_relations],
            batch_size=BATCH,
        )
    _clone_many_to_many(model, mapping)
    return len(rows)


@contextmanager
def _dates_kept(model):
    """Copies keep their original's creation dates (auto_now_add would make them today)."""
    fields = [field for field in model._meta.concrete_fields if getattr(field, "auto_now_add", False)]
    for field in fields:
        field.auto_now_add = False
    try:
        yield
    finally:
        for field in fields:
            field.auto_now_add = True


def _clone_many_to_many(model, mapping: dict) -> None:
    """The rows of the automatic through tables of `model`'s many-to-many fields, for the copied rows."""
    for field in model._meta.many_to_many:
        through = field.remote_field.through
        if not through._meta.auto_created:
            continue
        source_name = field.m2m_field_name()
        target_name = field.m2m_reverse_field_name()
        target_model = field.related_model
        links = through._default_manager.filter(
            **{f"{source_name}_id__in": list(mapping[model])}
        ).values_list(f"{source_name}_id", f"{target_name}_id")
        copies = [
            through(
                **{
                    f"{source_name}_id": mapping[model][source],
                    f"{target_name}_id": mapping.get(target_model, {}).get(target, target),
                }
            )
            for source, target in links
        ]
        through._default_manager.bulk_create(copies, batch_size=BATCH)
