#!/usr/bin/env python3
"""Mints one-time registration codes, one per line.

    ./code_minter.py --count 5 --label speakers      # v1 Admin.IssueCodes
    ./code_minter.py --legacy                        # the 2016 RegisterService.GetCode
"""
import argparse

import grpc

import rollcall_client as rc


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    rc.add_common_arguments(parser)
    parser.add_argument("--count", type=int, default=1)
    parser.add_argument("--label", default="")
    parser.add_argument("--legacy", action="store_true", help="use the 2016 GetCode call")
    args = parser.parse_args()
    metadata = rc.admin_metadata(args)
    with rc.channel(args) as channel:
        try:
            if args.legacy:
                stub = rc.services_pb2_grpc.RegisterServiceStub(channel)
                for _ in range(args.count):
                    print(stub.GetCode(rc.services_pb2.CodeRequest(), metadata=metadata, timeout=10).code)
            else:
                stub = rc.admin_pb2_grpc.AdminStub(channel)
                response = stub.IssueCodes(rc.admin_pb2.IssueCodesRequest(count=args.count, label=args.label),
                                           metadata=metadata, timeout=30)
                for code in response.codes:
                    print(code.code)
        except grpc.RpcError as error:
            rc.fail(error)


if __name__ == "__main__":
    main()
