"""/api/v1/docs: the API described for people, rendered on the server from the OpenAPI document.

No JavaScript and nothing from another host (the site's Content-Security-Policy allows neither inline script nor
a CDN): the operations with their parameters and answers, and every schema with its fields, linked together.
"""

from __future__ import annotations

from django.shortcuts import render

from nanjingweek.api.views import api

REF_PREFIX = "#/components/schemas/"


def type_of(schema: dict) -> dict:
    """A field's type for reading: its words and, for a schema of ours, the name to link to."""
    if "$ref" in schema:
        name = schema["$ref"].removeprefix(REF_PREFIX)
        return {"text": name, "link": name}
    for combined in ("anyOf", "oneOf", "allOf"):
        if combined in schema:
            parts = [type_of(part) for part in schema[combined]]
            link = next((part["link"] for part in parts if part.get("link")), None)
            return {"text": " | ".join(part["text"] for part in parts), "link": link}
    if schema.get("type") == "array":
        inner = type_of(schema.get("items", {}))
        return {"text": f"[{inner['text']}]", "link": inner.get("link")}
    if "enum" in schema:
        return {"text": " | ".join(map(str, schema["enum"])), "link": None}
    words = schema.get("type", "any")
    if schema.get("format"):
        words = f"{words} ({schema['format']})"
    return {"text": words, "link": None}


def operations(document: dict) -> list[dict]:
    found = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            responses = []
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {}).get("application/json", {})
                responses.append({"status": status, "type": type_of(content.get("schema", {}))})
            found.append(
                {
                    "id": operation.get("operationId", f"{method}-{path}"),
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": [
                        {
                            "name": parameter["name"],
                            "where": parameter["in"],
                            "required": parameter.get("required", False),
                            "type": type_of(parameter.get("schema", {})),
                            "description": parameter.get("description")
                            or parameter.get("schema", {}).get("description", ""),
                        }
                        for parameter in operation.get("parameters", [])
                    ],
                    "responses": responses,
                }
            )
    return found


def schemas(document: dict) -> list[dict]:
    found = []
    for name, schema in sorted(document.get("components", {}).get("schemas", {}).items()):
        required = set(schema.get("required", []))
        found.append(
            {
                "name": name,
                "fields": [
                    {
                        "name": field,
                        "required": field in required,
                        "type": type_of(spec),
                        "description": spec.get("description", ""),
                    }
                    for field, spec in schema.get("properties", {}).items()
                ],
            }
        )
    return found


def docs_page(request):
    document = api.get_openapi_schema()
    return render(
        request,
        "api/docs.html",
        {
            "document": document,
            "operations": operations(document),
            "schemas": schemas(document),
            "openapi_url": request.build_absolute_uri("openapi.json"),
        },
    )
