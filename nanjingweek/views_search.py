"""The search page: one box in every page's header, results grouped by kind (nanjingweek/search.py)."""

from django.views.generic import TemplateView

from nanjingweek import search


class SearchView(TemplateView):
    """`?q=` searched in every language; an empty or too long query is answered with what to do instead."""

    template_name = "search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        too_long = False
        try:
            query = search.clean_query(self.request.GET.get("q", ""))
        except search.QueryTooLong:
            query, too_long = "", True
        groups = search.search(query) if query else []
        context.update(
            search_query=query,
            too_long=too_long,
            max_length=search.MAX_QUERY_LENGTH,
            groups=[group for group in groups if group.count],
            total=sum(group.count for group in groups),
            searched=[kind.label for kind in search.searched_kinds()],
        )
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        # Result pages are answers to whatever anyone typed, not pages of the site: kept out of search engines.
        response["X-Robots-Tag"] = "noindex"
        return response
