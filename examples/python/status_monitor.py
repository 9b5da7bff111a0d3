#!/usr/bin/env python3
"""Follows the attendance, like the 2016 Raspberry Pi client, printing "Attendants: N :-)".

By default it subscribes to v1 Registration.WatchStatus (pushed, no polling) and prints a line per
change, with the name of each new attendee. With --legacy, or when the server does not offer
WatchStatus (the 2016 Go server), it polls the 2016 RegisterService.GetStatus every few seconds.

    ./status_monitor.py                  # until Ctrl+C
    ./status_monitor.py --events 3       # stop after three messages (for scripts and tests)
"""
import argparse
import sys
import time

import grpc

import rollcall_client as rc


def watch(channel, limit):
    stub = rc.registration_pb2_grpc.RegistrationStub(channel)
    seen = 0
    for message in stub.WatchStatus(rc.registration_pb2.WatchStatusRequest()):
        kind = message.WhichOneof("event")
        if kind == "registered":
            print(f"Welcome {message.registered.first_name}!", flush=True)
        elif kind == "cancelled":
            print(f"Cancelled #{message.cancelled.number}", flush=True)
        print(f"Attendants: {message.count} :-) (version {message.version})", flush=True)
        seen += 1
        if limit and seen >= limit:
            return


def poll(channel, limit, interval):
    stub = rc.services_pb2_grpc.RegisterServiceStub(channel)
    seen, last = 0, None
    while True:
        status = stub.GetStatus(rc.services_pb2.StatusRequest(), timeout=10)
        counter = status.appData.counter
        if counter != last:
            for number in sorted(status.appData.attendants, key=int):
                if last is not None and int(number) > last:
                    print(f"Welcome {status.appData.attendants[number].split(' ')[0]}!", flush=True)
            print(f"Attendants: {counter} :-)", flush=True)
            last = counter
            seen += 1
            if limit and seen >= limit:
                return
        time.sleep(interval)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    rc.add_common_arguments(parser)
    parser.add_argument("--legacy", action="store_true", help="poll the 2016 GetStatus instead of watching")
    parser.add_argument("--events", type=int, default=0, help="stop after this many messages (0: never)")
    parser.add_argument("--interval", type=float, default=3.0, help="seconds between polls with --legacy")
    args = parser.parse_args()
    with rc.channel(args) as channel:
        try:
            if args.legacy:
                poll(channel, args.events, args.interval)
            else:
                try:
                    watch(channel, args.events)
                except grpc.RpcError as error:
                    if error.code() != grpc.StatusCode.UNIMPLEMENTED:
                        raise
                    print("WatchStatus is not offered; polling GetStatus", file=sys.stderr)
                    poll(channel, args.events, args.interval)
        except grpc.RpcError as error:
            rc.fail(error)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
