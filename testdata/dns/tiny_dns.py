#!/usr/bin/env python3
"""A tiny UDP DNS server for gomedic's DNS tests (run inside a throw-away
network namespace). Usage: tiny_dns.py ADDR MODE, MODE one of servfail,
refused, nxdomain, answer:IPv4. Prints "ready" once bound, answers until
killed."""
import socket
import struct
import sys

addr, mode = sys.argv[1], sys.argv[2]
RCODES = {"servfail": 2, "nxdomain": 3, "refused": 5}

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind((addr, 53))
print("ready", flush=True)
while True:
    data, peer = sock.recvfrom(4096)
    if len(data) < 12:
        continue
    qid, flags = struct.unpack(">HH", data[:4])
    # The question section: labels up to the zero byte, then type and class.
    end = 12
    while end < len(data) and data[end] != 0:
        end += data[end] + 1
    question = data[12:end + 5]
    qtype = struct.unpack(">H", data[end + 1:end + 3])[0] if end + 3 <= len(data) else 0
    rd = flags & 0x0100
    answers = b""
    if mode.startswith("answer:"):
        rcode = 0
        if qtype == 1:
            ip = socket.inet_aton(mode.split(":", 1)[1])
            answers = b"\xc0\x0c" + struct.pack(">HHIH", 1, 1, 60, 4) + ip
    else:
        rcode = RCODES[mode]
    count = 1 if answers else 0
    header = struct.pack(">HHHHHH", qid, 0x8000 | rd | 0x0080 | rcode, 1, count, 0, 0)
    sock.sendto(header + question + answers, peer)
