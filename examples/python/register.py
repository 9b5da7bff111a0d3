#!/usr/bin/env python3
"""Registers an attendee with a one-time code (v1 Registration.Register).

    ./register.py --first Ada --last Lovelace --code 979509393
"""
import argparse

import grpc

import rollcall_client as rc


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    rc.add_common_arguments(parser)
    parser.add_argument("--first", required=True)
    parser.add_argument("--last", required=True)
    parser.add_argument("--code", required=True)
    args = parser.parse_args()
    with rc.channel(args) as channel:
        stub = rc.registration_pb2_grpc.RegistrationStub(channel)
        try:
            response = stub.Register(rc.registration_pb2.RegisterRequest(
                first_name=args.first, last_name=args.last, code=args.code), timeout=10)
        except grpc.RpcError as error:
            rc.fail(error)
        print(f"{response.message} #{response.attendant.number}")


if __name__ == "__main__":
    main()
