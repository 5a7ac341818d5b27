"""Run localstripe (a Stripe-compatible test server) on 127.0.0.1 only, without its
state file: `python scripts/localstripe_server.py PORT`. The `localstripe` command itself
listens on every interface and keeps its state in /tmp/localstripe.pickle, shared by
every copy that runs on the machine; the tests need neither."""

import sys

from aiohttp import web
from localstripe import resources

resources.Store.dump_to_disk = lambda self: None  # state lives in this process only

from localstripe.server import app  # noqa: E402

if __name__ == "__main__":
    web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), access_log=None, print=None)
