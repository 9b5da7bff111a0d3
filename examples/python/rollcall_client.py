"""Shared plumbing for the RollCall Python examples: stubs, channel, admin token."""
import os
import sys

_GEN = os.environ.get("ROLLCALL_PY_GEN", os.path.join(os.path.dirname(os.path.abspath(__file__)), "gen"))
if not os.path.isdir(_GEN):
    sys.exit(f"Generate the stubs first: {os.path.dirname(os.path.abspath(__file__))}/generate.sh")
sys.path.insert(0, _GEN)

import grpc  # noqa: E402

import services_pb2  # noqa: E402,F401  (the 2016 contract)
import services_pb2_grpc  # noqa: E402,F401
from rollcall.v1 import admin_pb2, admin_pb2_grpc  # noqa: E402,F401
from rollcall.v1 import registration_pb2, registration_pb2_grpc  # noqa: E402,F401


def add_common_arguments(parser):
    parser.add_argument("--server", default=os.environ.get("ROLLCALL_SERVER", "localhost:50001"),
                        help="host:port of the RollCall gRPC endpoint (default localhost:50001)")
    parser.add_argument("--token", default=os.environ.get("ROLLCALL_TOKEN"), help="the admin token")
    parser.add_argument("--token-file", default="data/admin-token", help="file holding the admin token")


def channel(args):
    target = args.server
    for prefix in ("http://", "https://"):
        if target.startswith(prefix):
            target = target[len(prefix):]
    return grpc.insecure_channel(target.rstrip("/"))


def admin_metadata(args):
    token = args.token
    if not token and os.path.exists(args.token_file):
        with open(args.token_file, encoding="utf-8") as f:
            token = f.read().strip()
    return [("authorization", f"Bearer {token}")] if token else []


def fail(error):
    """One line on stderr and a non-zero exit, like the rollcall CLI."""
    print(f"{error.code().name}: {error.details()}", file=sys.stderr)
    sys.exit(1)
