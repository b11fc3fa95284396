from django.db import migrations


def fill_addresses(apps, schema_editor):
    """Every municipality and framework stored already gets its address, from its name."""
    from koers.plans.models import framework_title_slug, unique_slug

    Municipality = apps.get_model("plans", "Municipality")
    Framework = apps.get_model("plans", "Framework")
    taken = set()
    for municipality in Municipality.objects.order_by("pk"):
        municipality.slug = unique_slug(municipality.name, taken, municipality.cbs_code.lower())
        taken.add(municipality.slug)
        municipality.save(update_fields=["slug"])
        used = set()
        for framework in Framework.objects.filter(municipality=municipality).order_by("pk"):
            title = framework_title_slug(framework.title, municipality.name)
            framework.slug = unique_slug(title, used, f"kader-{framework.start_year}")
            used.add(framework.slug)
            framework.save(update_fields=["slug"])


class Migration(migrations.Migration):
    """Its own transaction: PostgreSQL alters no table with pending trigger events."""

    dependencies = [
        ('plans', '0005_addresses_and_data_version'),
    ]

    operations = [
        migrations.RunPython(fill_addresses, migrations.RunPython.noop),
    ]
