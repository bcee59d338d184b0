"""A school has a board (issue 13): a school without one was hidden from its board user.

The data step fails loudly, naming the schools, when a school still has no board: the demo and the import of DUO's
pupils file always set one, and only the national list of locations (which has no board numbers) could add a school
without one. Give those schools their board in /beheer/ (or import DUO's pupils file) and migrate again.
"""

import django.db.models.deletion
from django.db import migrations, models


def require_a_board_for_every_school(apps, schema_editor):
    School = apps.get_model("schools", "School")
    without = list(
        School.objects.filter(board__isnull=True)
        .order_by("brin", "location_code")
        .values_list("brin", "location_code")
    )
    if without:
        codes = ", ".join(brin + location for brin, location in without[:20])
        more = f" and {len(without) - 20} more" if len(without) > 20 else ""
        raise RuntimeError(
            f"{len(without)} school(s) have no school board: {codes}{more}. Give each its board in /beheer/ or "
            "import DUO's file 'Leerlingen po per vestiging', then run migrate again."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("schools", "0003_list_indexes"),
    ]

    operations = [
        migrations.RunPython(require_a_board_for_every_school, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="school",
            name="board",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="schools",
                to="schools.schoolboard",
                verbose_name="school board",
            ),
        ),
        migrations.AlterField(
            model_name="historicalschool",
            name="board",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="schools.schoolboard",
                verbose_name="school board",
            ),
        ),
    ]
