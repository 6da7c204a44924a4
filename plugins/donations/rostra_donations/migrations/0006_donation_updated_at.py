"""Donation.updated_at: the API's modified_date of a gift, moved by a refund
or a dispute (it was the payment date, which a refund left alone). Gifts
stored before take their latest known moment: the last successful refund,
else the payment, else the gift's creation."""

import django.utils.timezone
from django.db import migrations, models
from django.db.models import Max, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest


def fill(apps, schema_editor):
    Donation = apps.get_model("donations", "Donation")
    Refund = apps.get_model("donations", "Refund")
    refunded = (
        Refund.objects.filter(donation=OuterRef("pk"), state="succeeded")
        .order_by()
        .values("donation")
        .annotate(last=Max(Coalesce("completed_at", "created_at")))
        .values("last")
    )
    Donation.objects.update(
        updated_at=Greatest(
            Coalesce(Subquery(refunded), "paid_at", "created_at"),
            Coalesce("paid_at", "created_at"),
        )
    )


class Migration(migrations.Migration):
    dependencies = [("donations", "0005_gift_timeline_translated")]

    operations = [
        migrations.AddField(
            model_name="donation",
            name="updated_at",
            field=models.DateTimeField(
                auto_now=True, default=django.utils.timezone.now, verbose_name="modified"
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="donation",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, db_index=True, verbose_name="modified"),
        ),
    ]
