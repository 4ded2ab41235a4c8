"""The parts of a publishable change list that read its count and dates (admin_scale)."""

from django import template
from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.views.main import PAGE_VAR

from core.publishing.admin_scale import ChangeListDates

register = template.Library()


@register.inclusion_tag("admin/publishable/pagination.html")
def large_list_pagination(cl):
    context = admin_list.pagination(cl)
    paginator = cl.paginator
    if (paginator.estimated or paginator.at_least) and len(cl.result_list) == cl.list_per_page:
        context["next_url"] = cl.get_query_string({PAGE_VAR: cl.page_num + 1})
    return context


@register.inclusion_tag("admin/publishable/search_form.html")
def large_list_search_form(cl):
    return admin_list.search_form(cl)


@register.inclusion_tag("admin/date_hierarchy.html")
def large_list_date_hierarchy(cl):
    return admin_list.date_hierarchy(ChangeListDates(cl))
