from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


class Pages(PageNumberPagination):
    """?page=2&page_size=100; at most 500 items a page. A page size that is not a whole
    number from 1 to 500 is refused rather than silently replaced by the default."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request: Any) -> int:
        values = request.query_params.getlist(self.page_size_query_param)
        if not values:
            return self.page_size
        text = values[-1]
        if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("A whole number from 1 to %(most)d.") % {"most": self.max_page_size}
                    ]
                }
            )
        return int(text)

    def get_page_number(self, request: Any, paginator: Any) -> int | str:
        text = request.query_params.get(self.page_query_param)
        if text is None:
            return 1
        if not text.isascii() or not text.isdigit() or int(text) < 1:
            raise ValidationError({self.page_query_param: [_("A whole number from 1.")]})
        return text

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
            if parameter["name"] == self.page_query_param:
                parameter["schema"].update(minimum=1)
        return parameters
