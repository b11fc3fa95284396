"""Roles moved from the web app to accounts: copy every role, its themes and its history
with their ids, so that nothing of who had which role, and since when, is lost."""

from django.db import migrations


def copy_roles(apps, schema_editor):
    pairs = [
        ("Role", ["id", "user_id", "kind", "partner_id"]),
        (
            "HistoricalRole",
            [
                "id", "kind", "user_id", "partner_id", "history_id", "history_date",
                "history_change_reason", "history_type", "history_user_id",
            ],
        ),
    ]
    for name, fields in pairs:
        old, new = apps.get_model("web", name), apps.get_model("accounts", name)
        new.objects.bulk_create(
            new(**{f: getattr(row, f) for f in fields}) for row in old.objects.all()
        )
    old_through = apps.get_model("web", "Role").themes.through
    new_through = apps.get_model("accounts", "Role").themes.through
    new_through.objects.bulk_create(
        new_through(id=row.id, role_id=row.role_id, theme_id=row.theme_id)
        for row in old_through.objects.all()
    )
    old_m2m = apps.get_model("web", "HistoricalRole_themes")
    new_m2m = apps.get_model("accounts", "HistoricalRole_themes")
    new_m2m.objects.bulk_create(
        new_m2m(
            id=row.id,
            m2m_history_id=row.m2m_history_id,
            history_id=row.history_id,
            role_id=row.role_id,
            theme_id=row.theme_id,
        )
        for row in old_m2m.objects.all()
    )
    # Rows came with their ids: move PostgreSQL's sequences past them.
    models = [
        apps.get_model("accounts", "Role"),
        apps.get_model("accounts", "HistoricalRole"),
        new_through,
        new_m2m,
    ]
    statements = schema_editor.connection.ops.sequence_reset_sql(no_style(), models)
    with schema_editor.connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def no_style():
    from django.core.management.color import no_style as style

    return style()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("web", "0002_role_partner"),
    ]

    operations = [migrations.RunPython(copy_roles, migrations.RunPython.noop)]
