from django.db import migrations, models


class Migration(migrations.Migration):
    """The addresses are unique once every row has one (a separate transaction: PostgreSQL
    does not alter a table with the data migration's pending trigger events)."""

    dependencies = [
        ('plans', '0006_fill_addresses'),
    ]

    operations = [
        migrations.AlterField(
            model_name='municipality',
            name='slug',
            field=models.SlugField(blank=True, help_text="The municipality's part of the pages' address, such as heerde.", max_length=70, unique=True, verbose_name='address'),
        ),
        migrations.AddConstraint(
            model_name='framework',
            constraint=models.UniqueConstraint(fields=('municipality', 'slug'), name='framework_unique_slug'),
        ),
    ]
