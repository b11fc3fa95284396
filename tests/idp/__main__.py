"""python -m idp CONFIG.json: migrate, add the users and the client, serve on 127.0.0.1.

CONFIG: {"users": [{"username", "password", "first_name", "last_name", "email", "groups"}],
"client": {"client_id", "client_secret", "redirect_uri"}}. Prints `ready <port>` when it
listens (on a free port chosen by the system).
"""

import io
import json
import os
import sys
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def main(config_path: str) -> None:
    config = json.loads(Path(config_path).read_text())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "idp.settings")
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from oidc_provider.models import Client, ResponseType

    call_command("migrate", verbosity=0)
    call_command("creatersakey", stdout=io.StringIO())
    for spec in config["users"]:
        user = User.objects.create_user(
            spec["username"],
            email=spec.get("email", ""),
            password=spec["password"],
            first_name=spec.get("first_name", ""),
            last_name=spec.get("last_name", ""),
        )
        for name in spec.get("groups", []):
            user.groups.add(Group.objects.get_or_create(name=name)[0])
    spec = config["client"]
    client = Client.objects.create(
        name="Koers",
        client_type="confidential",
        client_id=spec["client_id"],
        client_secret=spec["client_secret"],
        jwt_alg="RS256",
        require_consent=False,
        _redirect_uris=spec["redirect_uri"],
        _scope="openid email profile groups",
    )
    client.response_types.add(ResponseType.objects.get(value="code"))
    server = make_server(
        "127.0.0.1", 0, get_wsgi_application(), server_class=Server, handler_class=QuietHandler
    )
    print("ready", server.server_port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1])
