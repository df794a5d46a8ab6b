"""The read-only public JSON API under /api/v1/ (django-ninja): README.md, "Public API".

- `languages`: which language a request asks for (?lang= or Accept-Language) and translated fields with the
  fields that fell back to English marked.
- `schemas`: what each resource looks like, in the OpenAPI document.
- `views`: the operations; they read through the apps' QuerySets (published(), with_places() …), never their own
  visibility rules, and the schedule's filters through events.forms.ScheduleFilterForm.
- `urls`: every operation served through the page cache, like the public pages.
- `docs`: the human documentation, rendered on the server from the OpenAPI document.
"""
