"""The row the floor reads, in a table the load-test runner creates and fills."""

from django.db import models


class Item(models.Model):
    id = models.IntegerField(primary_key=True)
    name = models.CharField(max_length=100)
    value = models.IntegerField()

    class Meta:
        db_table = "floor_item"
        managed = False
