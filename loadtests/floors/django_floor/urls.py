"""The floor's routes: DRF API views, as the implementation uses."""

from django.http import Http404
from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView

from django_floor.models import Item


class Healthcheck(APIView):
    def get(self, request):
        return Response({"status": "ok"})


class JsonResponse(APIView):
    def get(self, request):
        return Response({"message": "Hello, World!"})


class ItemView(APIView):
    def get(self, request, item_id: int):
        try:
            row = Item.objects.get(pk=item_id)
        except Item.DoesNotExist:
            raise Http404 from None
        return Response({"id": row.id, "name": row.name, "value": row.value})


urlpatterns = [
    path("healthcheck", Healthcheck.as_view()),
    path("json", JsonResponse.as_view()),
    path("item/<int:item_id>", ItemView.as_view()),
]
