from django.db import transaction
from django.db.models.signals import post_save

from rostra_network.models import Blueprint


def blueprint_saved(sender, instance, **kwargs):
    # After commit: the worker must read the saved blueprint.
    from rostra_network.tasks import propagate_blueprint

    transaction.on_commit(propagate_blueprint.enqueue)


def connect():
    post_save.connect(blueprint_saved, sender=Blueprint, dispatch_uid="network-blueprint-saved")
