"""gunicorn's logger with attendee tokens masked in the access log (gunicorn.conf.py sets it as `logger_class`).

Every atom of the access-log format is masked, not only the request line: the path (`%(U)s`), the query
(`%(q)s`), the Referer (`%(f)s`) and any header or environ atom an operator adds to the format can carry a token.
"""

from gunicorn.glogging import Logger

from nanjingweek.log_privacy import mask_tokens


class PrivateAccessLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {name: mask_tokens(value) if isinstance(value, str) else value for name, value in atoms.items()}
