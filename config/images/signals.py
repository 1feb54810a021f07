"""Deleted images leave storage, however they were deleted (one, a selection in the admin,
or by a cascade), once the deletion commits."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import Image
from .services import image_files_deleted


@receiver(post_delete, sender=Image, dispatch_uid="images_delete_files")
def delete_files(sender, instance, **kwargs):
    image_files_deleted(image=instance)
