from django.db import models


class SampleRecord(models.Model):
    """What a plugin keeps about a person (like a signature or a gift). Rows
    under a legal obligation survive erasure with their identity, flagged."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=100, blank=True)
    email = models.CharField(max_length=254, blank=True)
    legal_obligation = models.BooleanField(default=False)
    kept_until = models.DateField(null=True, blank=True)

    class Meta:
        app_label = "sampleplugin"

    def __str__(self):
        return self.name
