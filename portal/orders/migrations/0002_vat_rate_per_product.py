from django.db import migrations


def copy_the_rate_onto_each_product(apps, schema_editor):
    """Each product takes the one rate the settings held, so what schools are charged does not change."""
    BuyingSettings = apps.get_model("orders", "BuyingSettings")
    rates = set(BuyingSettings.objects.values_list("vat_rate", flat=True))
    if len(rates) != 1:
        return  # no settings saved yet (every product keeps the default, 0 %), or several sites to ask about
    (rate,) = rates
    for model_name in ("UniversalOffer", "SupportPackage", "TrainingFormat"):
        apps.get_model("services", model_name).objects.update(vat_rate=rate)


def copy_a_rate_back(apps, schema_editor):
    rate = apps.get_model("services", "SupportPackage").objects.values_list("vat_rate", flat=True).first()
    if rate is not None:
        apps.get_model("orders", "BuyingSettings").objects.update(vat_rate=rate)


class Migration(migrations.Migration):
    """The VAT rate moves from Settings > Buying and invoices onto each product in the catalogue."""

    dependencies = [
        ("orders", "0001_initial"),
        ("services", "0002_vat_rates_and_package_price_changes"),
    ]

    operations = [
        migrations.RunPython(copy_the_rate_onto_each_product, copy_a_rate_back),
        migrations.RemoveField(model_name="buyingsettings", name="vat_rate"),
    ]
