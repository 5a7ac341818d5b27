"""The number of database queries of each request, in the response header X-Queries.
Installed only by bench.settings (the load suite reads it); production never has it."""

from django.db import connections


class QueryCountMiddleware:
    """Place first in MIDDLEWARE, so every query of the request is counted."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        wrappers = [connections[alias].execute_wrapper(counter) for alias in connections]
        for wrapper in wrappers:
            wrapper.__enter__()
        try:
            response = self.get_response(request)
        finally:
            for wrapper in reversed(wrappers):
                wrapper.__exit__(None, None, None)
        response.headers["X-Queries"] = str(count)
        return response
